"""The reports on offer; how a request for one (as the command line and the pages name it:
a period label or a year, a committee's name) becomes its period and scope, with a clear
message when it cannot; and the report's data, from its registered sections."""

from dataclasses import asdict, dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from goldenthread.accounts.models import Committee, Organisation, OrgUnit, User
from goldenthread.reporting.blocks import Report
from goldenthread.reporting.sections import REPORT_KINDS, Progress, Scope, sections_build
from goldenthread.reporting.selectors import (
    scope_committee,
    scope_council,
    scope_person,
    scope_theme,
    scope_unit,
)
from goldenthread.strategy.models import ReportingPeriod, Theme


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str
    description: str
    frequency: str  # of the period reported on: "quarterly" or "annual"
    half_year: bool = False  # only quarters 2 and 4, which end a half-year
    committee_kind: str = ""  # the committee it goes to when none is named


REPORTS = {
    kind.key: kind
    for kind in (
        ReportKind(
            "quarterly",
            "Quarterly performance report",
            "For a committee: its themes' indicators for the quarter, a summary, what needs "
            "attention, and each indicator with its chart, commentary and remedial action.",
            "quarterly",
        ),
        ReportKind(
            "cabinet",
            "Six-monthly performance report to Cabinet",
            "The half-year: both quarters side by side, a summary and each indicator in full.",
            "quarterly",
            half_year=True,
            committee_kind=Committee.Kind.EXECUTIVE,
        ),
        ReportKind(
            "annual",
            "Annual performance report",
            "The year laid out like the Council Plan: themes, objectives and the indicators "
            "measuring them, with highlights and case studies.",
            "annual",
        ),
        ReportKind(
            "exception",
            "Exception report",
            "Only what needs attention: red, declining, concerning special cause variation, "
            "recovery plans needed and overdue returns.",
            "quarterly",
        ),
        ReportKind(
            "bvpp",
            "Best Value Performance Plan",
            "The annual statement: objectives, performance and comparisons, targets, action "
            "plans and the review programme.",
            "annual",
        ),
    )
}
assert tuple(REPORTS) == REPORT_KINDS


class ReportError(ValueError):
    """A report that cannot be made as asked, with the reason in words."""


@dataclass(frozen=True)
class ReportRequest:
    """A report as people ask for it. Plain values, so a queued run can store it."""

    kind: str
    period: str = ""  # "2025-Q2" or "2025/26"; "" for the latest that has ended
    year: int | None = None  # for annual reports: 2025 means 2025/26
    committee: str = ""  # name or slug
    theme: int | None = None
    unit: int | None = None
    person: int | None = None  # the indicators a person leads or updates

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def as_query(self) -> dict[str, str]:
        """The request as URL parameters, leaving out what is not set."""
        return {
            key: str(value)
            for key, value in asdict(self).items()
            if key != "kind" and value not in ("", None)
        }


@dataclass(frozen=True)
class ResolvedReport:
    kind: ReportKind
    period: ReportingPeriod
    scope: Scope
    request: ReportRequest  # with the period and committee filled in as found

    @property
    def title(self) -> str:
        return self.kind.title

    @property
    def subtitle(self) -> str:
        return f"{self.scope.label}: {self.period.name}"

    @property
    def file_stem(self) -> str:
        words = f"{self.kind.key} {self.period.label} {self.scope.label}".lower()
        return "-".join("".join(c if c.isalnum() else " " for c in words).split())


def report_resolve(
    organisation: Organisation, request: ReportRequest, *, today: date | None = None
) -> ResolvedReport:
    kind = REPORTS.get(request.kind)
    if kind is None:
        raise ReportError(
            f"There is no {request.kind!r} report. Choose one of: {', '.join(REPORTS)}."
        )
    period = _period(organisation, kind, request, today or timezone.localdate())
    committee = _committee(organisation, kind, request.committee)
    if committee is not None:
        scope = scope_committee(committee)
    elif request.theme is not None:
        theme = Theme.objects.filter(organisation=organisation, pk=request.theme).first()
        if theme is None:
            raise ReportError(f"There is no theme {request.theme}.")
        scope = scope_theme(theme)
    elif request.unit is not None:
        unit = OrgUnit.objects.filter(organisation=organisation, pk=request.unit).first()
        if unit is None:
            raise ReportError(f"There is no unit {request.unit}.")
        scope = scope_unit(unit)
    elif request.person is not None:
        person = User.objects.filter(organisation=organisation, pk=request.person).first()
        if person is None:
            raise ReportError(f"There is no person {request.person}.")
        scope = scope_person(person)
    else:
        scope = scope_council(organisation)
    resolved = ReportRequest(
        kind=kind.key,
        period=period.label,
        committee=committee.slug if committee is not None else "",
        **_other_scope(request, committee),
    )
    return ResolvedReport(kind=kind, period=period, scope=scope, request=resolved)


def _other_scope(request: ReportRequest, committee: Committee | None) -> dict[str, int | None]:
    """The one scope besides a committee that was used: the first of theme, unit and person."""
    chosen: dict[str, int | None] = {"theme": None, "unit": None, "person": None}
    if committee is None:
        for name in chosen:
            if getattr(request, name) is not None:
                chosen[name] = getattr(request, name)
                break
    return chosen


def _period(
    organisation: Organisation, kind: ReportKind, request: ReportRequest, today: date
) -> ReportingPeriod:
    periods = ReportingPeriod.objects.filter(organisation=organisation, frequency=kind.frequency)
    if request.year is not None and kind.frequency == "annual":
        period = periods.filter(year=request.year).first()
        if period is None:
            raise ReportError(f"There is no reporting year starting in {request.year}.")
        return period
    if request.period:
        period = periods.filter(label=request.period).first()
        if period is None:
            example = "2025-Q2" if kind.frequency == "quarterly" else "2025/26"
            raise ReportError(
                f"There is no {'quarter' if kind.frequency == 'quarterly' else 'year'} "
                f"{request.period!r}: give one like {example}."
            )
        if kind.half_year and period.number not in (2, 4):
            raise ReportError(
                f"The six-monthly report ends at quarter 2 or quarter 4, not {period.label}."
            )
        return period
    ended = periods.filter(end_date__lt=today)
    if kind.half_year:
        ended = ended.filter(number__in=(2, 4))
    period = ended.order_by("-end_date").first()
    if period is None:
        raise ReportError(f"No {kind.frequency} reporting period has ended yet.")
    return period


def _committee(organisation: Organisation, kind: ReportKind, named: str) -> Committee | None:
    committees = Committee.objects.filter(organisation=organisation)
    if not named:
        if kind.committee_kind:
            return committees.filter(kind=kind.committee_kind).order_by("name").first()
        return None
    exact = committees.filter(Q(name__iexact=named) | Q(slug__iexact=named)).first()
    if exact is not None:
        return exact
    starting = list(committees.filter(name__istartswith=named))
    if len(starting) == 1:
        return starting[0]
    names = ", ".join(committees.order_by("name").values_list("name", flat=True))
    raise ReportError(f"There is no committee {named!r}. The committees are: {names}.")


def report_build(
    organisation: Organisation, resolved: ResolvedReport, *, progress: Progress | None = None
) -> Report:
    """The report's data: every section registered for its kind, for its period and scope."""
    sections = sections_build(
        resolved.kind.key, organisation, resolved.period, resolved.scope, progress=progress
    )
    return Report(
        kind=resolved.kind.key,
        title=resolved.title,
        subtitle=resolved.subtitle,
        organisation=organisation.name,
        period=resolved.period.label,
        scope=resolved.scope.label,
        generated_at=timezone.localtime().isoformat(timespec="seconds"),
        notes=(
            "Figures are approved returns only.",
            "Each status is shown in words as well as by colour and shape.",
        ),
        sections=tuple(sections),
    )
