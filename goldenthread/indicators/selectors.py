"""Reads about indicators: their performance over time, and views across many of them.

`performance_for` judges any number of indicators for a period in a fixed number of
queries (periods, returns, targets, change points), reading plain rows rather than model
instances so dashboards stay close to the cost of the raw read.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q, QuerySet
from django.db.models.sql.constants import MULTI
from django.utils import timezone

from goldenthread.accounts.models import Organisation, User
from goldenthread.calculations import periods as period_rules
from goldenthread.calculations.aggregation import Aggregation, aggregate
from goldenthread.calculations.forecast import Forecast, forecast_rag, year_end_forecast
from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import RagResult, RagStatus
from goldenthread.calculations.rollup import RagCounts, rag_counts
from goldenthread.calculations.spc import SpcPoint, SpcResult, spc_analysis
from goldenthread.calculations.trend import Direction, direction_of_travel
from goldenthread.indicators import judgement_cache, judging
from goldenthread.indicators.models import (
    ChangePoint,
    Indicator,
    IndicatorReturn,
    ReturnSchedule,
    Target,
)
from goldenthread.strategy.models import ReportingPeriod

APPROVED = (IndicatorReturn.Status.APPROVED, IndicatorReturn.Status.LOCKED)
FREQUENCY_ORDER = ["monthly", "quarterly", "annual", "biennial"]


class ReturnRow(NamedTuple):
    id: int
    indicator_id: int
    period_id: int
    value: Decimal | None
    status: str
    judgement: str
    approved_at: datetime | None


class TargetRow(NamedTuple):
    indicator_id: int
    period_id: int
    version: int
    value: Decimal | None
    band_lower: Decimal | None
    band_upper: Decimal | None
    tolerance: Decimal | None
    tolerance_is_percentage: bool
    set_at: datetime


@dataclass(slots=True)
class Point:
    """One period of an indicator: its value (if any), the target in force and the RAG."""

    period: ReportingPeriod
    value: Decimal | None
    target: TargetRow | Target | None
    rag: RagResult
    status: str  # the return's status, or "missing"
    return_id: int | None = None
    spc: SpcPoint | None = None

    @property
    def is_provisional(self) -> bool:
        return self.status in {"draft", "submitted"}

    @property
    def target_value(self) -> Decimal | None:
        return self.target.value if self.target is not None else None


@dataclass
class Performance:
    indicator: Indicator
    points: list[Point]  # the indicator's own periods, oldest first, up to the period asked
    current: Point | None  # the period asked for (rolled up from months where need be)
    since_previous: Direction = Direction.NOT_COMPARABLE
    since_last_year: Direction = Direction.NOT_COMPARABLE
    spc: SpcResult | None = None
    forecast: Forecast | None = None
    forecast_rag: RagResult | None = None
    annual_target: TargetRow | Target | None = None
    recovery_needed: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def rag(self) -> RagStatus:
        return self.current.rag.status if self.current else RagStatus.NO_DATA


def periods_by_id(organisation: Organisation) -> dict[int, ReportingPeriod]:
    cached = getattr(organisation, "_periods_by_id", None)
    if cached is None:
        cached = {p.pk: p for p in ReportingPeriod.objects.filter(organisation=organisation)}
        organisation._periods_by_id = cached  # type: ignore[attr-defined]
    return cached


def _key(period: ReportingPeriod) -> period_rules.PeriodKey:
    return period_rules.PeriodKey(
        year=period.year, frequency=period_rules.Frequency(period.frequency), number=period.number
    )


def plain_rows(queryset: QuerySet, *fields: str) -> list[tuple]:  # type: ignore[type-arg]
    """The rows `queryset.values_list(*fields)` would give, with each distinct raw value
    converted once: the same database converters (decimals and datetimes from SQLite), but
    run per distinct value rather than per row, since indicator values and approval times
    repeat a great deal."""
    values = queryset.values_list(*fields)
    compiler = values.query.get_compiler(using=values.db)
    chunks = compiler.execute_sql(MULTI)
    if chunks is None:
        return []
    selected = [column[0] for column in compiler.select[: compiler.col_count]]
    converters = compiler.get_converters(selected)
    rows: list[tuple] = []  # type: ignore[type-arg]
    if not converters:
        for chunk in chunks:
            rows.extend(map(tuple, chunk))
        return rows
    connection = compiler.connection
    steps = []
    for position, (functions, expression) in converters.items():
        memo: dict[object, object] = {}

        def convert(value: object, functions=functions, expression=expression) -> object:
            for function in functions:
                value = function(value, expression, connection)
            return value

        steps.append((position, memo, convert))
    for chunk in chunks:
        for raw in chunk:
            row = list(raw)
            for position, memo, convert in steps:
                value = row[position]
                try:
                    row[position] = memo[value]
                except KeyError:
                    row[position] = memo[value] = convert(value)
            rows.append(tuple(row))
    return rows


def periods_fingerprint(organisation: Organisation) -> int:
    """Changes whenever any of the organisation's reporting periods is added or edited."""
    cached = getattr(organisation, "_periods_fingerprint", None)
    if cached is None:
        cached = hash(
            tuple(
                sorted(
                    (p.pk, p.label, p.frequency, p.year, p.number, p.start_date, p.end_date)
                    for p in periods_by_id(organisation).values()
                )
            )
        )
        organisation._periods_fingerprint = cached  # type: ignore[attr-defined]
    return cached


def performance_for(
    indicators: Iterable[Indicator],
    period: ReportingPeriod,
    *,
    include_unapproved: bool = False,
    history_points: int | None = None,
) -> dict[int, Performance]:
    """Each indicator judged for `period`: value, target, RAG, travel, SPC and forecast.

    Values not yet approved count only with `include_unapproved` (officers' and approvers'
    views); published views use approved values. Indicators whose data has not changed
    since they were last judged the same way come from the judgement cache (one query for
    their data stamps); the rest are judged from their rows in four more queries, whatever
    their number.
    """
    indicators = list(indicators)
    if not indicators:
        return {}
    organisation = indicators[0].organisation
    question = (period.pk, include_unapproved, history_points, periods_fingerprint(organisation))
    stamps, may_keep = judgement_cache.stamps_for([indicator.pk for indicator in indicators])
    keys = {
        indicator.pk: judgement_cache.key_for(indicator, stamps.get(indicator.pk), question)
        for indicator in indicators
    }
    found = judgement_cache.get_many(keys.values())
    missing = [indicator for indicator in indicators if keys[indicator.pk] not in found]
    judged = _judged(missing, period, include_unapproved, history_points)
    if judged and may_keep:
        judgement_cache.put_many({keys[pk]: performance for pk, performance in judged.items()})
    return {
        indicator.pk: judged.get(indicator.pk)
        # A cached judgement carries this request's indicator, for its owner, unit and title.
        or replace(found[keys[indicator.pk]], indicator=indicator)
        for indicator in indicators
    }


def _judged(
    indicators: list[Indicator],
    period: ReportingPeriod,
    include_unapproved: bool,
    history_points: int | None,
) -> dict[int, Performance]:
    if not indicators:
        return {}
    organisation = indicators[0].organisation
    periods = periods_by_id(organisation)
    by_label = {p.label: p for p in periods.values()}
    by_frequency: dict[str, list[ReportingPeriod]] = defaultdict(list)
    for each in sorted(periods.values(), key=lambda p: p.start_date):
        by_frequency[each.frequency].append(each)
    ids = [indicator.pk for indicator in indicators]
    # Periods by id rather than joined: with many councils in one database the join read
    # every council's periods. Unordered: rows are looked up by period.
    ended = [pk for pk, each in periods.items() if each.end_date <= period.end_date]
    returns = IndicatorReturn.objects.filter(indicator_id__in=ids, period_id__in=ended).order_by()
    if not include_unapproved:
        returns = returns.filter(status__in=APPROVED)
    rows: dict[int, dict[int, ReturnRow]] = defaultdict(dict)
    make_return = ReturnRow._make
    for row in plain_rows(
        returns, "id", "indicator_id", "period_id", "value", "status", "judgement", "approved_at"
    ):
        rows[row[1]][row[2]] = make_return(row)
    targets: dict[tuple[int, int], list[TargetRow]] = defaultdict(list)
    make_target = TargetRow._make
    for row in plain_rows(
        Target.objects.filter(indicator_id__in=ids).order_by(),
        "indicator_id",
        "period_id",
        "version",
        "value",
        "band_lower",
        "band_upper",
        "tolerance",
        "tolerance_is_percentage",
        "set_at",
    ):
        targets[(row[0], row[1])].append(make_target(row))
    change_points: dict[int, list[date]] = defaultdict(list)
    for indicator_id, start in ChangePoint.objects.filter(indicator_id__in=ids).values_list(
        "indicator_id", "period__start_date"
    ):
        change_points[indicator_id].append(start)
    return {
        indicator.pk: _judge_indicator(
            indicator,
            period,
            periods,
            by_label,
            by_frequency,
            rows[indicator.pk],
            targets,
            change_points[indicator.pk],
            history_points,
        )
        for indicator in indicators
    }


def _native_periods(
    indicator: Indicator, by_frequency: dict[str, list[ReportingPeriod]], until: date
) -> list[ReportingPeriod]:
    return [p for p in by_frequency.get(indicator.frequency, ()) if p.end_date <= until]


def _point(
    indicator: Indicator,
    period: ReportingPeriod,
    row: ReturnRow | None,
    targets: dict[tuple[int, int], list[TargetRow]],
) -> Point:
    versions = targets.get((indicator.pk, period.pk))
    if not versions:
        target = None
    elif len(versions) == 1:  # the only version applies whenever the result was approved
        target = versions[0]
    else:
        at = row.approved_at if row is not None and row.status in APPROVED else None
        target = judging.target_in_force(versions, at)
    if row is None:
        return Point(
            period=period,
            value=None,
            target=target,
            rag=judging.judge(indicator, None, target),
            status="missing",
        )
    return Point(
        period=period,
        value=row.value,
        target=target,
        rag=judging.judge(indicator, row.value, target, judgement=row.judgement),
        status=row.status,
        return_id=row.id,
    )


def _judge_indicator(
    indicator: Indicator,
    period: ReportingPeriod,
    periods: dict[int, ReportingPeriod],
    by_label: dict[str, ReportingPeriod],
    by_frequency: dict[str, list[ReportingPeriod]],
    rows: dict[int, ReturnRow],
    targets: dict[tuple[int, int], list[TargetRow]],
    change_points: list[date],
    history_points: int | None,
) -> Performance:
    polarity = Polarity(indicator.polarity)
    first_reported = min((periods[pid].start_date for pid in rows if pid in periods), default=None)
    if first_reported is None:
        native = []
    else:
        native = [
            p
            for p in _native_periods(indicator, by_frequency, period.end_date)
            if p.start_date >= first_reported
        ]
    if history_points is not None:
        native = native[-history_points:]
    points = [_point(indicator, p, rows.get(p.pk), targets) for p in native]
    performance = Performance(indicator=indicator, points=points, current=None)

    finer = FREQUENCY_ORDER.index(indicator.frequency) < FREQUENCY_ORDER.index(period.frequency)
    if finer:
        performance.current = _rolled_up(indicator, period, points, by_label, targets)
        previous = _rolled_up(
            indicator,
            by_label.get(period_rules.previous(_key(period)).label),
            points,
            by_label,
            targets,
        )
        last_year = _rolled_up(
            indicator,
            by_label.get(period_rules.same_period_last_year(_key(period)).label),
            points,
            by_label,
            targets,
        )
    else:
        performance.current = points[-1] if points else None
        previous = points[-2] if len(points) > 1 else None
        last_year = None
        if performance.current is not None:
            label = period_rules.same_period_last_year(_key(performance.current.period)).label
            last_year = next((p for p in points if p.period.label == label), None)

    current = performance.current
    if current is not None and not indicator.is_qualitative:
        band = judging.band_of(indicator, current.target)
        if polarity == Polarity.WITHIN_BAND and band is None:
            performance.notes.append("No band target is set, so travel cannot be judged.")
        else:
            for name, earlier in (("since_previous", previous), ("since_last_year", last_year)):
                setattr(
                    performance,
                    name,
                    direction_of_travel(
                        current.value, earlier.value if earlier else None, polarity, band=band
                    ),
                )

    if not indicator.is_qualitative:
        _add_spc(performance, indicator, change_points)
        _add_forecast(performance, indicator, period, periods, by_label, targets)
    reds = [p.rag.status == RagStatus.RED for p in points if p.status != "missing"]
    performance.recovery_needed = (len(reds) >= 2 and reds[-1] and reds[-2]) or (
        performance.spc is not None and performance.spc.variation == "special_cause_concerning"
    )
    return performance


def _rolled_up(
    indicator: Indicator,
    span: ReportingPeriod | None,
    points: list[Point],
    by_label: dict[str, ReportingPeriod],
    targets: dict[tuple[int, int], list[TargetRow]],
) -> Point | None:
    """A monthly indicator's value for a quarter or year, by its aggregation rule."""
    if span is None:
        return None
    inside = [p for p in points if span.start_date <= p.period.start_date <= span.end_date]
    if not inside:
        return None
    rule = Aggregation(indicator.aggregation)
    value = aggregate([p.value for p in inside], rule)
    own = judging.target_in_force(targets.get((indicator.pk, span.pk), []), None)
    if own is None:
        target_value = aggregate([p.target_value for p in inside], rule)
        template = next((p.target for p in reversed(inside) if p.target is not None), None)
        own = (
            template._replace(value=target_value)  # type: ignore[union-attr]
            if isinstance(template, TargetRow)
            else None
        )
    status = "missing" if all(p.status == "missing" for p in inside) else inside[-1].status
    return Point(
        period=span,
        value=value,
        target=own,
        rag=judging.judge(indicator, value, own),
        status=status,
    )


def _add_spc(performance: Performance, indicator: Indicator, change_points: list[date]) -> None:
    valued = [p for p in performance.points if p.value is not None]
    if not valued:
        return
    rebase = sorted(
        {
            next(i for i, p in enumerate(valued) if p.period.start_date >= start)
            for start in change_points
            if any(p.period.start_date >= start for p in valued)
        }
        - {0}
    )
    latest_target = valued[-1].target
    rule = judging.target_rule(indicator, latest_target) if latest_target else None
    result = spc_analysis(
        [p.value for p in valued],  # type: ignore[misc]
        polarity=Polarity(indicator.polarity),
        target=rule if isinstance(rule, Decimal) else None,
        run_length=indicator.organisation.spc_run_length,
        baseline_points=indicator.spc_baseline_points,
        rebase_at=rebase,
    )
    for point, spc_point in zip(valued, result.points, strict=True):
        point.spc = spc_point
    performance.spc = result


def _add_forecast(
    performance: Performance,
    indicator: Indicator,
    period: ReportingPeriod,
    periods: dict[int, ReportingPeriod],
    by_label: dict[str, ReportingPeriod],
    targets: dict[tuple[int, int], list[TargetRow]],
) -> None:
    if indicator.frequency not in ("monthly", "quarterly"):
        return
    year = by_label.get(f"{period.year}/{str(period.year + 1)[-2:]}")
    in_year = [p for p in performance.points if p.period.year == period.year]
    if year is None or not in_year:
        return
    performance.annual_target = judging.target_in_force(
        targets.get((indicator.pk, year.pk), []), None
    )
    frequency = period_rules.Frequency(indicator.frequency)
    forecast = year_end_forecast(
        [p.value for p in in_year],
        period_rules.periods_in_year(frequency),
        Aggregation(indicator.aggregation),
    )
    performance.forecast = forecast
    rule = judging.target_rule(indicator, performance.annual_target)
    if forecast.value is not None and rule is not None:
        performance.forecast_rag = forecast_rag(
            forecast,
            rule,
            Polarity(indicator.polarity),
            judging.tolerance_of(performance.annual_target),
        )


def counts_of(performances: Iterable[Performance]) -> RagCounts:
    return rag_counts(p.rag for p in performances)


def indicators_for_organisation(
    organisation: Organisation,
    *,
    theme_id: int | None = None,
    unit_id: int | None = None,
    basket: bool | None = None,
    search: str = "",
) -> QuerySet[Indicator]:
    indicators = (
        Indicator.objects.filter(organisation=organisation, is_active=True)
        .select_related("organisation", "owner", "org_unit")
        .order_by("code")
    )
    if theme_id:
        indicators = indicators.filter(
            Q(objective_links__objective__theme_id=theme_id)
            | Q(objective_links__objective__parents__theme_id=theme_id)
        ).distinct()
    if unit_id:
        indicators = indicators.filter(org_unit_id=unit_id)
    if basket is not None:
        indicators = indicators.filter(in_corporate_basket=basket)
    if search:
        indicators = indicators.filter(Q(title__icontains=search) | Q(code__icontains=search))
    return indicators


def period_latest_ended(
    organisation: Organisation, frequency: str = "quarterly", today: date | None = None
) -> ReportingPeriod | None:
    """The most recent period of this frequency that has ended: the one being reported on."""
    today = today or timezone.localdate()
    return (
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency=frequency, end_date__lt=today
        )
        .order_by("-end_date")
        .first()
    )


def schedule_for(organisation: Organisation) -> ReturnSchedule:
    schedule = getattr(organisation, "_return_schedule", None)
    if schedule is None:
        schedule = ReturnSchedule.objects.filter(
            organisation=organisation
        ).first() or ReturnSchedule(organisation=organisation)
        organisation._return_schedule = schedule  # type: ignore[attr-defined]
    return schedule


@dataclass(frozen=True)
class Window:
    opens: date
    deadline: date

    def state(self, today: date) -> str:
        if today < self.opens:
            return "not_open"
        if today > self.deadline:
            return "overdue"
        return "due_soon" if (self.deadline - today).days <= 3 else "open"


def return_window(organisation: Organisation, period: ReportingPeriod) -> Window:
    schedule = schedule_for(organisation)
    return Window(
        opens=period.end_date + timedelta(days=schedule.opens_days_after_end),
        deadline=period.end_date + timedelta(days=schedule.deadline_days_after_end),
    )


def indicators_entered_by(user: User, organisation: Organisation) -> QuerySet[Indicator]:
    """The indicators this person enters returns for: as lead officer or named updater."""
    return (
        Indicator.objects.filter(organisation=organisation, is_active=True)
        .filter(Q(owner=user) | Q(updaters=user))
        .exclude(formula__gt="")
        .distinct()
        .select_related("organisation", "org_unit", "owner")
        .order_by("code")
    )


def expected_range(
    indicator: Indicator, period: ReportingPeriod
) -> tuple[float | None, float | None]:
    """The range past approved values suggest for this period: the XmR process limits of the
    earlier values (at least six), from the same SPC rules as the charts."""
    earlier = list(
        IndicatorReturn.objects.filter(
            indicator=indicator,
            period__frequency=period.frequency,
            period__end_date__lt=period.start_date,
            status__in=APPROVED,
            value__isnull=False,
        )
        .order_by("period__start_date")
        .values_list("value", flat=True)
    )
    if len(earlier) < 6:
        return None, None
    result = spc_analysis(
        earlier, polarity=Polarity(indicator.polarity), minimum_points=6, run_length=7
    )
    return result.lower_limit, result.upper_limit


# A return in one of these states is done with: it is never overdue (nor is one sent back).
SETTLED_STATUSES = frozenset({"submitted", "approved", "locked"})


@dataclass
class ReturnTask:
    """One return someone has to enter (or has entered) for a period."""

    indicator: Indicator
    period: ReportingPeriod
    indicator_return: IndicatorReturn | None
    window: Window

    @property
    def status(self) -> str:
        return self.indicator_return.status if self.indicator_return else "not_started"

    def state(self, today: date) -> str:
        """Where the task stands today; anything not yet submitted is overdue after the deadline."""
        if self.status in SETTLED_STATUSES:
            return self.status
        if self.indicator_return is not None and self.indicator_return.sent_back_reason:
            return "sent_back"
        window = self.window.state(today)
        if window == "overdue":
            return "overdue"
        return "draft" if self.status == "draft" else window


def periods_open_for_returns(organisation: Organisation, today: date) -> list[ReportingPeriod]:
    """Periods whose returns have opened and whose deadline is no more than a quarter past:
    the officer's current to-do list."""
    schedule = schedule_for(organisation)
    candidates = ReportingPeriod.objects.filter(
        organisation=organisation,
        frequency__in=["monthly", "quarterly", "annual"],
        end_date__lte=today - timedelta(days=schedule.opens_days_after_end),
        end_date__gte=today - timedelta(days=schedule.deadline_days_after_end + 92),
    ).order_by("end_date")
    return list(candidates)


def return_tasks(
    indicators: Iterable[Indicator], periods: Iterable[ReportingPeriod]
) -> list[ReturnTask]:
    """A task for each indicator in each of the periods at its own frequency."""
    indicators = list(indicators)
    periods = list(periods)
    if not indicators or not periods:
        return []
    existing = {
        (r.indicator_id, r.period_id): r
        for r in IndicatorReturn.objects.filter(
            indicator__in=indicators, period__in=periods
        ).select_related("submitted_by", "approved_by")
    }
    tasks = []
    for period in periods:
        window = return_window(period.organisation, period)
        for indicator in indicators:
            if indicator.frequency == period.frequency:
                tasks.append(
                    ReturnTask(indicator, period, existing.get((indicator.pk, period.pk)), window)
                )
    return tasks


def returns_awaiting_approval(user: User, organisation: Organisation) -> list[IndicatorReturn]:
    """Submitted returns this person may approve."""
    from goldenthread.accounts import permissions

    submitted = (
        IndicatorReturn.objects.filter(
            indicator__organisation=organisation, status=IndicatorReturn.Status.SUBMITTED
        )
        .select_related("indicator__org_unit", "period", "submitted_by")
        .order_by("period__start_date", "indicator__code")
    )
    for made in submitted:
        # One organisation object for all, so its unit tree is read once, not once a return.
        made.indicator.organisation = organisation
    return [r for r in submitted if permissions.can_approve_return(user, r.indicator)]


@dataclass
class Completion:
    unit: str
    expected: int = 0
    not_started: int = 0
    draft: int = 0
    submitted: int = 0
    approved: int = 0
    late: int = 0

    @property
    def percent_approved(self) -> int:
        return round(100 * self.approved / self.expected) if self.expected else 0


def completion_for(
    organisation: Organisation,
    period: ReportingPeriod,
    today: date,
    *,
    unit_ids: set[int] | None = None,
) -> list[Completion]:
    """Returns expected for the period per service, and how far each has got."""
    from goldenthread.accounts.selectors import service_of

    indicators = (
        Indicator.objects.filter(
            organisation=organisation, is_active=True, frequency=period.frequency
        )
        .exclude(formula__gt="")
        .select_related("organisation", "org_unit")
    )
    tasks = return_tasks(indicators, [period])
    units = {u.pk: u for u in organisation.units.all()}
    rows: dict[str, Completion] = {}
    for task in tasks:
        unit_id = task.indicator.org_unit_id
        if unit_ids is not None and unit_id not in unit_ids:
            continue
        service = service_of(organisation, units, unit_id)
        name = service.name if service else "No unit"
        row = rows.setdefault(name, Completion(unit=name))
        row.expected += 1
        status = task.status
        if status in {"approved", "locked"}:
            row.approved += 1
        elif status == "submitted":
            row.submitted += 1
        elif status == "draft":
            row.draft += 1
        else:
            row.not_started += 1
        if status in {"not_started", "draft"} and today > task.window.deadline:
            row.late += 1
    return sorted(rows.values(), key=lambda row: row.unit)
