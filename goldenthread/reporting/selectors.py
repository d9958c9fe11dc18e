"""Reads for dashboards and reports: what a scope covers, every indicator in it judged for the
period with the reasons it needs attention, and the words of its returns.

Each read is a fixed number of queries whatever the number of indicators: judgements come
from `indicators.rollups.rag_rollups` (so dashboards and reports count exactly as the
roll-ups do) and are shared by every section of one report through `scope.memo`.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from goldenthread.accounts.models import Committee, Organisation, OrgUnit, User
from goldenthread.accounts.selectors import service_of, sharing_organisation, unit_descendants
from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.rollup import RagCounts, rag_counts
from goldenthread.calculations.spc import Variation
from goldenthread.calculations.trend import Direction
from goldenthread.indicators.models import Indicator, IndicatorObjective, IndicatorReturn
from goldenthread.indicators.quality import periods_within
from goldenthread.indicators.rollups import RollUps, rag_rollups
from goldenthread.indicators.selectors import (
    APPROVED,
    SETTLED_STATUSES,
    Performance,
    return_window,
)
from goldenthread.links import url_by_pk
from goldenthread.reporting.attention import AttentionItem
from goldenthread.reporting.sections import Scope
from goldenthread.strategy.models import Objective, ObjectiveLink, Plan, ReportingPeriod, Theme

# Why an indicator needs attention, most serious first.
REASONS = {
    "red": "Red: missing its target by more than the tolerance",
    "recovery": "Recovery plan needed",
    "concern": "Special cause variation: concerning",
    "declining": "Declining since the previous period",
    "overdue": "Return overdue",
}


# Scopes ----------------------------------------------------------------------------------


def scope_council(organisation: Organisation) -> Scope:
    return Scope(label=organisation.name)


def scope_committee(committee: Committee) -> Scope:
    return Scope(
        label=committee.name,
        kind="committee",
        theme_ids=frozenset(committee.themes.values_list("pk", flat=True)),
        committee_id=committee.pk,
    )


def scope_theme(theme: Theme) -> Scope:
    return Scope(label=theme.title, kind="theme", theme_ids=frozenset({theme.pk}))


def scope_unit(unit: OrgUnit) -> Scope:
    return Scope(
        label=unit.name,
        kind="unit",
        unit_ids=frozenset(unit_descendants(unit.organisation, unit.pk)),
    )


def scope_person(person: User) -> Scope:
    return Scope(label=f"Indicators led or updated by {person}", kind="person", person_id=person.pk)


# The golden thread above each indicator ---------------------------------------------------


@dataclass(frozen=True)
class ThreadMap:
    themes: dict[int, set[int]]  # indicator → every theme above the objectives it measures
    objectives: dict[int, set[int]]  # indicator → the objectives it measures and all above
    first_objective: dict[int, int]  # indicator → the first objective it was linked to


def thread_map(organisation: Organisation) -> ThreadMap:
    """Follows each indicator's objectives up the thread, as the roll-ups count them."""
    theme_of = dict(
        Objective.objects.filter(organisation=organisation).values_list("pk", "theme_id")
    )
    parents: dict[int, list[int]] = defaultdict(list)
    for child, parent in ObjectiveLink.objects.filter(child__organisation=organisation).values_list(
        "child_id", "parent_id"
    ):
        parents[child].append(parent)
    above: dict[int, set[int]] = {}

    def climb(objective_id: int) -> set[int]:
        if objective_id not in above:
            found: set[int] = set()
            stack = [objective_id]
            while stack:
                current = stack.pop()
                if current not in found:
                    found.add(current)
                    stack.extend(parents.get(current, []))
            above[objective_id] = found
        return above[objective_id]

    themes: dict[int, set[int]] = defaultdict(set)
    objectives: dict[int, set[int]] = defaultdict(set)
    first: dict[int, int] = {}
    for indicator_id, objective_id in (
        IndicatorObjective.objects.filter(indicator__organisation=organisation)
        .order_by("pk")
        .values_list("indicator_id", "objective_id")
    ):
        reached = climb(objective_id)
        objectives[indicator_id] |= reached
        themes[indicator_id] |= {theme_of[o] for o in reached if theme_of.get(o)}
        first.setdefault(indicator_id, objective_id)
    return ThreadMap(themes=themes, objectives=objectives, first_objective=first)


# Every indicator in a scope, judged ---------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    performance: Performance
    theme_ids: tuple[int, ...]  # the scope's themes it counts towards, in the themes' order
    owner: str  # the lead officer's name
    service: str
    service_id: int | None
    url: str  # the indicator's page
    thread_url: str
    overdue: bool
    attention: tuple[str, ...]  # REASONS keys, most serious first

    @property
    def rag(self) -> RagStatus:
        return self.performance.rag

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(REASONS[key] for key in self.attention)


@dataclass
class Overview:
    period: ReportingPeriod
    scope: Scope
    rollups: RollUps
    thread: ThreadMap
    themes: list[Theme]  # the scope's themes, in order
    rows: list[IndicatorRow]  # needing attention first, most serious first; then by code
    counts: RagCounts
    directions: Counter[str] = field(default_factory=Counter)  # since the previous period

    @property
    def attention_rows(self) -> list[IndicatorRow]:
        return [row for row in self.rows if row.attention]

    def theme_counts(self, theme_id: int) -> RagCounts:
        """Every indicator counting towards the theme, as the roll-ups count them."""
        return rag_counts(row.rag for row in self.rows if theme_id in row.theme_ids)

    def rows_for_theme(self, theme_id: int | None) -> list[IndicatorRow]:
        """The indicators reported under a theme: each under the first of its themes; None
        for those under none of the scope's themes."""
        return [
            row for row in self.rows if (row.theme_ids[0] if row.theme_ids else None) == theme_id
        ]


def attention_of(performance: Performance, overdue: bool) -> tuple[str, ...]:
    reasons = []
    if performance.rag == RagStatus.RED:
        reasons.append("red")
    if performance.recovery_needed:
        reasons.append("recovery")
    if performance.spc is not None and performance.spc.variation == Variation.CONCERN:
        reasons.append("concern")
    if performance.since_previous == Direction.DECLINING:
        reasons.append("declining")
    if overdue:
        reasons.append("overdue")
    return tuple(reasons)


def _order(row: IndicatorRow) -> tuple[int, int, str]:
    if not row.attention:
        return (len(REASONS), 0, row.indicator.code)
    return (list(REASONS).index(row.attention[0]), -len(row.attention), row.indicator.code)


def rollups_for(organisation: Organisation, period: ReportingPeriod, scope: Scope) -> RollUps:
    key = ("rollups", period.pk)
    if key not in scope.memo:
        scope.memo[key] = rag_rollups(organisation, period)
    return scope.memo[key]  # type: ignore[no-any-return]


def indicator_overview(
    organisation: Organisation,
    period: ReportingPeriod,
    scope: Scope,
    *,
    today: date | None = None,
) -> Overview:
    """Every active indicator in the scope judged for the period on approved figures, with
    why it needs attention. Read once per scope, period and day; sections share it."""
    today = today or timezone.localdate()
    key = ("overview", period.pk, today)
    if key in scope.memo:
        return scope.memo[key]  # type: ignore[no-any-return]
    rollups = rollups_for(organisation, period, scope)
    thread = thread_map(organisation)
    themes = list(
        Theme.objects.filter(organisation=organisation)
        .exclude(plan__status=Plan.Status.SUPERSEDED)
        .order_by("order", "title")
        if scope.theme_ids is None
        else Theme.objects.filter(organisation=organisation, pk__in=scope.theme_ids).order_by(
            "order", "title"
        )
    )
    theme_order = [theme.pk for theme in themes]
    chosen = [p for p in rollups.performance.values() if _in_scope(p.indicator, scope, thread)]
    if scope.person_id is not None:
        updated = set(
            Indicator.updaters.through.objects.filter(user_id=scope.person_id).values_list(
                "indicator_id", flat=True
            )
        )
        chosen = [
            p
            for p in chosen
            if p.indicator.owner_id == scope.person_id or p.indicator.pk in updated
        ]
    overdue = _overdue(
        [p.indicator for p in chosen if not p.indicator.is_calculated], period, today
    )
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(organisation=organisation)}
    owners = {
        person.pk: str(person)
        for person in User.objects.filter(pk__in={p.indicator.owner_id for p in chosen})
    }
    indicator_url = url_by_pk("indicators:indicator_detail")
    thread_url = url_by_pk("strategy:objective_thread")
    rows = []
    for performance in chosen:
        indicator = performance.indicator
        service = service_of(organisation, units, indicator.org_unit_id)
        first = thread.first_objective.get(indicator.pk)
        mine = thread.themes.get(indicator.pk, set())
        rows.append(
            IndicatorRow(
                indicator=indicator,
                performance=performance,
                theme_ids=tuple(pk for pk in theme_order if pk in mine),
                owner=owners.get(indicator.owner_id, "Not assigned"),  # type: ignore[arg-type]
                service=service.name if service else "No responsible unit",
                service_id=service.pk if service else None,
                url=indicator_url(indicator.pk),
                thread_url=thread_url(first) if first else "",
                overdue=indicator.pk in overdue,
                attention=attention_of(performance, indicator.pk in overdue),
            )
        )
    rows.sort(key=_order)
    overview = Overview(
        period=period,
        scope=scope,
        rollups=rollups,
        thread=thread,
        themes=themes,
        rows=rows,
        counts=rag_counts(row.rag for row in rows),
        directions=Counter(str(row.performance.since_previous) for row in rows),
    )
    scope.memo[key] = overview
    return overview


def _in_scope(indicator: Indicator, scope: Scope, thread: ThreadMap) -> bool:
    if scope.theme_ids is not None and not (
        thread.themes.get(indicator.pk, set()) & scope.theme_ids
    ):
        return False
    return scope.unit_ids is None or indicator.org_unit_id in scope.unit_ids


def _overdue(indicators: list[Indicator], period: ReportingPeriod, today: date) -> set[int]:
    """Indicators with a return for the period (or a month within it) not submitted by its
    deadline: those whose return task (`return_tasks`) is "overdue", reading only the
    returns' status rather than each return with the people who submitted and approved it."""
    periods = sharing_organisation(periods_within(period), period.organisation)
    late = [p for p in periods if return_window(p.organisation, p).state(today) == "overdue"]
    if not indicators or not late:
        return set()
    settled = {
        (indicator_id, period_id)
        for indicator_id, period_id, status, sent_back_reason in IndicatorReturn.objects.filter(
            indicator_id__in=[indicator.pk for indicator in indicators], period__in=late
        ).values_list("indicator_id", "period_id", "status", "sent_back_reason")
        if status in SETTLED_STATUSES or sent_back_reason
    }
    return {
        indicator.pk
        for p in late
        for indicator in indicators
        if indicator.frequency == p.frequency and (indicator.pk, p.pk) not in settled
    }


def indicator_attention(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> list[AttentionItem]:
    """The indicators' entries in the attention registry."""
    return [
        AttentionItem(
            reference=row.indicator.code,
            title=row.indicator.title,
            url=row.url,
            reasons=row.reasons,
            status=row.rag.value,
            thread_url=row.thread_url,
            owner=row.owner,
        )
        for row in indicator_overview(organisation, period, scope).attention_rows
    ]


# The words of the returns ---------------------------------------------------------------


@dataclass(frozen=True)
class ReturnText:
    commentary: str
    remedial_action: str
    narrative: str
    judgement: str  # a qualitative indicator's: green, amber, red or ""


def return_texts(performances: list[Performance]) -> dict[int, ReturnText]:
    """For each indicator, the latest approved return within the period its value is for
    (a quarter's last month for a monthly indicator in a quarterly report)."""
    spans = {
        p.indicator.pk: (p.current.period.start_date, p.current.period.end_date)
        for p in performances
        if p.current is not None
    }
    if not spans:
        return {}
    found: dict[int, ReturnText] = {}
    for indicator_id, start, end, *words in (
        IndicatorReturn.objects.filter(
            indicator_id__in=spans,
            status__in=APPROVED,
            period__start_date__gte=min(span[0] for span in spans.values()),
            period__end_date__lte=max(span[1] for span in spans.values()),
        )
        .order_by("period__start_date")
        .values_list(
            "indicator_id",
            "period__start_date",
            "period__end_date",
            "commentary",
            "remedial_action",
            "narrative",
            "judgement",
        )
    ):
        first, last = spans[indicator_id]
        if first <= start and end <= last:
            found[indicator_id] = ReturnText(*words)
    return found
