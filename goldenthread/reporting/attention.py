"""What needs attention: the registry the dashboards' "needs attention" lists and the
exception report read, so each app adds its own exceptions.

Indicators register theirs here (red, declining, special cause concerning, recovery needed,
returns overdue). Other apps add theirs in `AppConfig.ready()`: actions off track, risks
above appetite, budget variances::

    from goldenthread.reporting.attention import AttentionItem, register_attention

    def actions_off_track(organisation, period, scope):
        return [AttentionItem(reference="ACT-12", title="Open the new depot", url=...,
                              reasons=("Off track: due 31 March",), owner="Sam Wilson")]

    register_attention("actions", actions_off_track, label="Actions off track", order=20)

A provider takes `(organisation, period, scope)` like a section builder (see `sections`),
reads in a fixed number of queries whatever the number of items, and returns its items
most serious first. Each dashboard lists every provider's items; the exception report
gives each provider other than the indicators' a section of its own (their full entries
come from the indicators' sections).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from goldenthread.accounts.models import Organisation
from goldenthread.reporting.blocks import Cell, Column, Section, Table
from goldenthread.reporting.sections import Scope
from goldenthread.strategy.models import ReportingPeriod

INDICATORS = "indicators"


@dataclass(frozen=True)
class AttentionItem:
    reference: str  # "PI-023", "ACT-12"
    title: str
    url: str  # the item's page
    reasons: tuple[str, ...]  # most serious first: ("Red", "Declining since the previous period")
    status: str = ""  # a RagStatus value when the item has one, for its tag
    thread_url: str = ""  # its place on the golden thread
    owner: str = ""


AttentionProvider = Callable[[Organisation, ReportingPeriod, Scope], Sequence[AttentionItem]]


@dataclass(frozen=True)
class AttentionGroup:
    key: str
    label: str  # "Indicators", "Actions off track"
    items: tuple[AttentionItem, ...]


@dataclass(frozen=True)
class _Registered:
    key: str
    provider: AttentionProvider
    label: str
    order: int


_registry: dict[str, _Registered] = {}


def register_attention(key: str, provider: AttentionProvider, *, label: str, order: int) -> None:
    _registry[key] = _Registered(key, provider, label, order)


def attention_for(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> list[AttentionGroup]:
    """Every provider's items, in the providers' order; a provider with none is kept, so
    pages can say so."""
    return [
        AttentionGroup(entry.key, entry.label, tuple(entry.provider(organisation, period, scope)))
        for entry in sorted(_registry.values(), key=lambda entry: (entry.order, entry.key))
    ]


def other_attention_sections(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> list[Section]:
    """For the exception report: a section for each provider other than the indicators."""
    sections = []
    for group in attention_for(organisation, period, scope):
        if group.key == INDICATORS:
            continue
        count = len(group.items)
        if count == 0:
            summary = "Nothing needs attention."
        else:
            summary = f"{count} {'item needs' if count == 1 else 'items need'} attention."
        rows = tuple(
            (
                Cell(item.reference, url=item.url),
                Cell(item.title),
                Cell("; ".join(item.reasons)),
                Cell(item.owner),
            )
            for item in group.items
        )
        sections.append(
            Section(
                key=f"attention-{group.key}",
                title=group.label,
                summary=summary,
                blocks=(
                    Table(
                        caption=group.label,
                        columns=(
                            Column("Reference"),
                            Column("Title"),
                            Column("Why it needs attention"),
                            Column("Lead"),
                        ),
                        rows=rows,
                    ),
                )
                if rows
                else (),
            )
        )
    return sections
