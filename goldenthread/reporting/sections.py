"""The section registry: a report is the sections its registered builders return, in order.

Each app adds the sections it knows about in its `AppConfig.ready()`::

    from goldenthread.reporting.sections import register_section

    register_section(
        "actions",
        actions_section,
        order=40,
        reports={"quarterly", "cabinet", "annual", "bvpp"},
        title="Actions",
    )

A builder takes `(organisation, period, scope)` and returns a `blocks.Section`, a list of
them (one a theme, say), or None when it has nothing for this scope and period::

    def actions_section(organisation, period, scope):
        rows = ...  # the app's own selectors, in a fixed number of queries
        return Section(key="actions", title="Actions", summary="12 actions, 2 off track.",
                       blocks=(Table(caption="Actions off track", columns=..., rows=...),))

- `period` is the ReportingPeriod reported on: a quarter for the quarterly, exception and
  Cabinet reports (the Cabinet's is quarter 2 or 4, ending the half-year), a year for the
  annual report and the Best Value Performance Plan ("bvpp").
- `scope` says what the report covers (see `Scope`): the themes, the units or the person;
  None for either means all of them. Builders of one report can share reads through
  `scope.memo`, a dict, under keys of their own.
- Sections are plain data (`goldenthread.reporting.blocks`): headings, paragraphs, bullet
  lists, tables, RAG counts and indicator entries. Never put model instances in them: every
  format is rendered from the same data, and a published report is frozen as JSON.
- Orders in use: 10 summaries, 20 what needs attention, 30 indicators, 35 the half-year
  view, 40 actions, 50 risks, 60 finance, 70 the review programme, 90 other items needing
  attention. Registering a key again replaces the earlier builder.

The report kinds are in `REPORT_KINDS`; `catalogue.REPORTS` describes them.
"""

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from goldenthread.accounts.models import Organisation
from goldenthread.reporting.blocks import Section
from goldenthread.strategy.models import ReportingPeriod

REPORT_KINDS = ("quarterly", "cabinet", "annual", "exception", "bvpp")


@dataclass(frozen=True)
class Scope:
    """What a report or dashboard covers: the whole council, a committee's themes, a theme,
    a unit and the units below it, or one person's indicators."""

    label: str  # names it in titles: "Executive Scrutiny Committee", "Housing"
    kind: str = "council"  # council, committee, theme, unit or person
    theme_ids: frozenset[int] | None = None  # None: every theme
    unit_ids: frozenset[int] | None = None  # None: every unit
    committee_id: int | None = None
    person_id: int | None = None
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False, repr=False)


SectionBuilder = Callable[
    [Organisation, ReportingPeriod, Scope], Section | Sequence[Section] | None
]
# Called before each builder runs and once more when all have: (done, total, message).
Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class RegisteredSection:
    key: str
    builder: SectionBuilder
    order: int
    reports: frozenset[str]
    title: str  # for progress messages: "Building the report: Actions"


_registry: dict[str, RegisteredSection] = {}


def register_section(
    key: str, builder: SectionBuilder, *, order: int, reports: Iterable[str], title: str = ""
) -> None:
    chosen = frozenset(reports)
    if unknown := chosen - set(REPORT_KINDS):
        raise ValueError(
            f"Section {key!r} names unknown reports: {', '.join(sorted(unknown))}. "
            f"The reports are {', '.join(REPORT_KINDS)}."
        )
    _registry[key] = RegisteredSection(key, builder, order, chosen, title or key.capitalize())


def registered_sections(report: str) -> list[RegisteredSection]:
    return sorted(
        (entry for entry in _registry.values() if report in entry.reports),
        key=lambda entry: (entry.order, entry.key),
    )


def sections_build(
    report: str,
    organisation: Organisation,
    period: ReportingPeriod,
    scope: Scope,
    *,
    progress: Progress | None = None,
) -> list[Section]:
    """Every registered section of the report, in order."""
    chosen = registered_sections(report)
    sections: list[Section] = []
    for done, entry in enumerate(chosen):
        if progress is not None:
            progress(done, len(chosen), f"Building the report: {entry.title}")
        made = entry.builder(organisation, period, scope)
        if isinstance(made, Section):
            sections.append(made)
        elif made is not None:
            sections.extend(made)
    if progress is not None:
        progress(len(chosen), len(chosen), "Sections built")
    return sections
