"""Reads for benchmarking: where a council stands among its comparators, period by period;
the "how we compare" summary for an indicator's page; and comparator targets worked out
from the published figures. The arithmetic is `calculations.benchmark`'s and `.rag`'s.

The council's own figure for a period is its published value when the data holds it (a
real council), else its own approved return for the linked indicator and the same period
(the demo council, or a council ahead of publication).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.urls import reverse

from goldenthread.accounts.models import Organisation
from goldenthread.benchmarking.models import (
    ComparatorGroup,
    ComparatorTarget,
    ExternalMetric,
    ExternalSource,
    ExternalValue,
    IndicatorMetricLink,
    PublishedAverage,
)
from goldenthread.calculations import benchmark
from goldenthread.calculations.periods import Frequency, PeriodKey
from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import RagResult, Tolerance, rag_for_comparator
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.indicators.selectors import APPROVED

Statistic = ComparatorTarget.Statistic
DIRECTED = (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER)
Figures = dict[PeriodKey, dict[int, Decimal]]  # period -> organisation id -> value


@dataclass(frozen=True)
class MemberValue:
    organisation_id: int
    name: str
    value: Decimal
    rank: int | None  # None when the measure is not ranked
    is_subject: bool


@dataclass(frozen=True)
class PeriodFigures:
    """One period: the council's figure and standing, and the comparators' statistics."""

    period: PeriodKey
    subject_value: Decimal | None
    from_returns: bool  # the council's figure is its own return, not a published value
    members: tuple[MemberValue, ...]  # best first (highest first when not ranked)
    without_value: tuple[str, ...]  # members with no value for the period
    standing: benchmark.Standing | None
    median: Decimal | None
    mean: Decimal | None
    upper_quartile: Decimal | None
    lower_quartile: Decimal | None
    top_quartile: Decimal | None
    national_average: Decimal | None
    national_median: Decimal | None
    national_is_published: bool
    regional_average: Decimal | None
    regional_count: int

    @property
    def label(self) -> str:
        return self.period.label


@dataclass(frozen=True)
class Benchmark:
    metric: ExternalMetric
    group: ComparatorGroup
    subject: Organisation
    subject_is_member: bool
    periods: tuple[PeriodFigures, ...]  # oldest first
    not_ranked: str  # why the measure has no ranks, or ""

    def figures_for(self, label: str) -> PeriodFigures | None:
        return next((figures for figures in self.periods if figures.label == label), None)

    @property
    def latest(self) -> PeriodFigures | None:
        """The latest period with the council's figure, else the latest with any."""
        own = [figures for figures in self.periods if figures.subject_value is not None]
        return (own or list(self.periods) or [None])[-1]

    def series(self, frequency: Frequency) -> tuple[PeriodFigures, ...]:
        return tuple(figures for figures in self.periods if figures.period.frequency == frequency)


# Lists ---------------------------------------------------------------------------------


def sources_with_metrics() -> QuerySet[ExternalSource]:
    return ExternalSource.objects.prefetch_related("metrics").order_by("name")


def metric_links_for(organisation: Organisation) -> QuerySet[IndicatorMetricLink]:
    return (
        IndicatorMetricLink.objects.filter(indicator__organisation=organisation)
        .select_related("indicator", "metric__source", "group")
        .order_by("indicator__code")
    )


def groups_for(organisation: Organisation) -> QuerySet[ComparatorGroup]:
    """The groups a council compares itself with."""
    return (
        ComparatorGroup.objects.filter(owner=organisation)
        .select_related("source")
        .prefetch_related("members")
        .order_by("kind", "name")
    )


def group_visible(pk: int, organisation: Organisation) -> ComparatorGroup | None:
    """A council's own group, or any group made from published data (public information);
    groups other councils chose themselves stay theirs."""
    return (
        ComparatorGroup.objects.filter(
            Q(owner=organisation) | ~Q(kind=ComparatorGroup.Kind.USER_DEFINED), pk=pk
        )
        .select_related("owner", "source")
        .first()
    )


def councils_with_values(metric: ExternalMetric) -> QuerySet[Organisation]:
    return Organisation.objects.filter(external_values__metric=metric).distinct().order_by("name")


def default_group(
    metric: ExternalMetric, subject: Organisation, groups: Iterable[ComparatorGroup]
) -> ComparatorGroup | None:
    """The group to show first: the metric's LGBF family, else nearest neighbours, else any."""
    groups = list(groups)
    preferred = [
        group
        for group in groups
        if metric.family_grouping and group.applies_to == metric.family_grouping
    ] + [group for group in groups if group.kind == ComparatorGroup.Kind.NEAREST_NEIGHBOURS]
    usable = [group for group in groups if not group.applies_to or group in preferred]
    return (preferred or usable or [None])[0]


# Where a council stands ----------------------------------------------------------------


def _key(year: int, frequency: str, number: int) -> PeriodKey:
    return PeriodKey(year, Frequency(frequency), number)


def _published_values(metric_ids: Iterable[int]) -> tuple[dict[int, Figures], dict[int, str]]:
    """Every published value of the metrics, and the region of each council with one."""
    values: dict[int, Figures] = defaultdict(lambda: defaultdict(dict))
    regions: dict[int, str] = {}
    for (
        metric_id,
        organisation_id,
        region,
        year,
        frequency,
        number,
        value,
    ) in ExternalValue.objects.filter(metric_id__in=list(metric_ids)).values_list(
        "metric_id",
        "organisation_id",
        "organisation__region",
        "year",
        "frequency",
        "number",
        "value",
    ):
        values[metric_id][_key(year, frequency, number)][organisation_id] = value
        regions[organisation_id] = region
    return values, regions


def _published_averages(
    metric_ids: Iterable[int],
) -> dict[int, dict[PeriodKey, tuple[Decimal | None, Decimal | None]]]:
    averages: dict[int, dict[PeriodKey, tuple[Decimal | None, Decimal | None]]] = defaultdict(dict)
    for metric_id, year, frequency, number, mean, median in PublishedAverage.objects.filter(
        metric_id__in=list(metric_ids)
    ).values_list("metric_id", "year", "frequency", "number", "mean", "median"):
        averages[metric_id][_key(year, frequency, number)] = (mean, median)
    return averages


def _returned_values(metric: ExternalMetric, subject: Organisation) -> dict[PeriodKey, Decimal]:
    """The council's approved returns for indicators linked to the metric, by period."""
    return {
        _key(year, frequency, number): value
        for year, frequency, number, value in IndicatorReturn.objects.filter(
            indicator__organisation=subject,
            indicator__metric_links__metric=metric,
            status__in=APPROVED,
            value__isnull=False,
        ).values_list("period__year", "period__frequency", "period__number", "value")
    }


def _ranking(metric: ExternalMetric) -> str:
    """Why the metric cannot be ranked, or "" when it can."""
    polarity = Polarity(metric.polarity)
    if polarity == Polarity.NONE:
        return "This measure has no better direction, so councils are not ranked on it."
    if polarity == Polarity.WITHIN_BAND and metric.band_midpoint is None:
        return "This measure is best within a band, and its midpoint is not recorded."
    return ""


def group_statistic(
    statistic: str,
    values: list[Decimal],
    polarity: Polarity,
) -> Decimal | None:
    """A group statistic of the values; None when there are too few for it."""
    if not values:
        return None
    if statistic == Statistic.MEDIAN:
        return benchmark.median(values)
    if statistic == Statistic.MEAN:
        return benchmark.mean(values)
    if len(values) < benchmark.QUARTERS:
        return None
    if statistic == Statistic.UPPER_QUARTILE:
        return benchmark.upper_quartile(values)
    if statistic == Statistic.LOWER_QUARTILE:
        return benchmark.lower_quartile(values)
    if statistic == Statistic.TOP_QUARTILE and polarity in DIRECTED:
        return benchmark.top_quartile_threshold(values, polarity)
    return None


def _national(
    values: dict[int, Decimal], published: tuple[Decimal | None, Decimal | None] | None
) -> tuple[Decimal | None, Decimal | None, bool]:
    """The national mean and median: the publisher's where given, else worked out from every
    value held (each council counting once)."""
    mean, median = published or (None, None)
    figures = list(values.values())
    return (
        mean if mean is not None else (benchmark.mean(figures) if figures else None),
        median if median is not None else (benchmark.median(figures) if figures else None),
        mean is not None,
    )


def _regional(
    values: dict[int, Decimal], regions: dict[int, str], region: str
) -> tuple[Decimal | None, int]:
    figures = [value for pk, value in values.items() if region and regions.get(pk) == region]
    return (benchmark.mean(figures) if figures else None), len(figures)


def benchmark_for(
    *, metric: ExternalMetric, group: ComparatorGroup, subject: Organisation
) -> Benchmark:
    """The council's figure, rank and quartile among the group (best = 1, ties sharing the
    better rank), and the group's, region's and nation's statistics, for every period with
    figures. A council outside the group is ranked among the group and itself."""
    members = {
        organisation.pk: organisation.display_name
        for organisation in group.members.all().order_by("name")
    }
    is_member = subject.pk in members
    names = {**members, subject.pk: subject.display_name}
    values, regions = _published_values([metric.pk])
    by_period = values[metric.pk]
    published = _published_averages([metric.pk])[metric.pk]
    returned = _returned_values(metric, subject)
    polarity = Polarity(metric.polarity)
    not_ranked = _ranking(metric)
    periods = sorted(
        {period for period, figures in by_period.items() if figures.keys() & names.keys()}
        | returned.keys()
    )
    rows = []
    for period in periods:
        everyone = by_period.get(period, {})
        own = everyone.get(subject.pk)
        from_returns = own is None and period in returned
        if own is None:
            own = returned.get(period)
        ranked = {pk: everyone[pk] for pk in members if pk in everyone}
        if own is not None:
            ranked[subject.pk] = own
        group_values = [value for pk, value in ranked.items() if pk in members]
        values_ranked = list(ranked.values())
        ranks = {}
        if not not_ranked:
            ranks = {
                pk: benchmark.rank(value, values_ranked, polarity, midpoint=metric.band_midpoint)
                for pk, value in ranked.items()
            }
        standing = None
        if own is not None and ranks and len(values_ranked) >= benchmark.QUARTERS:
            standing = benchmark.standing(
                own, values_ranked, polarity, midpoint=metric.band_midpoint
            )
        order = sorted(ranked, key=lambda pk: (ranks.get(pk, 0), -ranked[pk], names[pk]))
        national_mean, national_median, is_published = _national(everyone, published.get(period))
        regional, regional_count = _regional(everyone, regions, subject.region)
        rows.append(
            PeriodFigures(
                period=period,
                subject_value=own,
                from_returns=from_returns,
                members=tuple(
                    MemberValue(pk, names[pk], ranked[pk], ranks.get(pk), pk == subject.pk)
                    for pk in order
                ),
                without_value=tuple(name for pk, name in members.items() if pk not in ranked),
                standing=standing,
                median=group_statistic(Statistic.MEDIAN, group_values, polarity),
                mean=group_statistic(Statistic.MEAN, group_values, polarity),
                upper_quartile=group_statistic(Statistic.UPPER_QUARTILE, group_values, polarity),
                lower_quartile=group_statistic(Statistic.LOWER_QUARTILE, group_values, polarity),
                top_quartile=group_statistic(Statistic.TOP_QUARTILE, group_values, polarity),
                national_average=national_mean,
                national_median=national_median,
                national_is_published=is_published,
                regional_average=regional,
                regional_count=regional_count,
            )
        )
    return Benchmark(
        metric=metric,
        group=group,
        subject=subject,
        subject_is_member=is_member,
        periods=tuple(rows),
        not_ranked=not_ranked,
    )


# Comparator targets --------------------------------------------------------------------


@dataclass(frozen=True)
class TargetJudgement:
    """A comparator target worked out for its period, and the council's value judged on it."""

    rule: ComparatorTarget
    period_label: str
    statistic_value: Decimal | None  # None: the comparators' figures are not published yet
    target_value: Decimal | None
    value: Decimal | None
    rag: RagResult


def _statistics_for(rules: list[ComparatorTarget]) -> dict[int, Decimal | None]:
    """Each rule's statistic for its target's period, in three queries whatever the number."""
    metric_ids = {rule.metric_id for rule in rules}
    values, regions = _published_values(metric_ids)
    published = _published_averages(metric_ids)
    members: dict[int, set[int]] = defaultdict(set)
    for group_id, organisation_id in ComparatorGroup.members.through.objects.filter(
        comparatorgroup_id__in={rule.group_id for rule in rules if rule.group_id}
    ).values_list("comparatorgroup_id", "organisation_id"):
        members[group_id].add(organisation_id)
    statistics = {}
    for rule in rules:
        target_period = rule.target.period
        period = _key(target_period.year, target_period.frequency, target_period.number)
        everyone = values[rule.metric_id].get(period, {})
        organisation = rule.target.indicator.organisation
        polarity = Polarity(rule.target.indicator.polarity)
        if rule.statistic == Statistic.NATIONAL_AVERAGE:
            statistic = _national(everyone, published[rule.metric_id].get(period))[0]
        elif rule.statistic == Statistic.REGIONAL_AVERAGE:
            statistic = _regional(everyone, regions, organisation.region)[0]
        else:
            group_values = [everyone[pk] for pk in members[rule.group_id or 0] if pk in everyone]
            statistic = group_statistic(rule.statistic, group_values, polarity)
        statistics[rule.pk] = statistic
    return statistics


def _rules(indicator_ids: Iterable[int]) -> list[ComparatorTarget]:
    return list(
        ComparatorTarget.objects.filter(
            target__indicator_id__in=list(indicator_ids)
        ).select_related("target__period", "target__indicator__organisation", "metric", "group")
    )


def comparator_target_values(
    indicator_ids: Iterable[int],
) -> dict[tuple[int, int, int], Decimal | None]:
    """The value each comparator target sets, by (indicator id, period id, target version):
    the statistic moved the margin in the good direction (`benchmark.comparator_target`).
    None while the comparators' figures for the period are not published. For dashboards:
    four queries whatever the number of indicators."""
    rules = _rules(indicator_ids)
    statistics = _statistics_for(rules)
    result = {}
    for rule in rules:
        statistic = statistics[rule.pk]
        target = rule.target
        result[(target.indicator_id, target.period_id, target.version)] = (
            benchmark.comparator_target(statistic, rule.margin, Polarity(target.indicator.polarity))
            if statistic is not None
            else None
        )
    return result


def comparator_target_judgements(indicator: Indicator) -> list[TargetJudgement]:
    """The indicator's comparator targets (the newest version for each period), newest
    period first, each judged with `rag_for_comparator` against the approved return."""
    rules = sorted(
        _rules([indicator.pk]),
        key=lambda rule: (rule.target.period.start_date, rule.target.version),
        reverse=True,
    )
    newest = list({rule.target.period_id: rule for rule in reversed(rules)}.values())[::-1]
    statistics = _statistics_for(newest)
    returned = dict(
        IndicatorReturn.objects.filter(
            indicator=indicator,
            status__in=APPROVED,
            period_id__in=[r.target.period_id for r in newest],
        ).values_list("period_id", "value")
    )
    polarity = Polarity(indicator.polarity)
    judgements = []
    for rule in newest:
        target = rule.target
        statistic = statistics[rule.pk]
        value = returned.get(target.period_id)
        tolerance = (
            Tolerance(target.tolerance, target.tolerance_is_percentage)
            if target.tolerance is not None
            else None
        )
        judgements.append(
            TargetJudgement(
                rule=rule,
                period_label=target.period.label,
                statistic_value=statistic,
                target_value=(
                    benchmark.comparator_target(statistic, rule.margin, polarity)
                    if statistic is not None
                    else None
                ),
                value=value,
                rag=rag_for_comparator(value, statistic, polarity, tolerance, rule.margin),
            )
        )
    return judgements


# The indicator page's summary ------------------------------------------------------------


@dataclass(frozen=True)
class Comparison:
    link: IndicatorMetricLink
    benchmark: Benchmark | None  # None when the council has no group to compare with
    latest: PeriodFigures | None  # the latest period with the council's figure
    url: str


@dataclass(frozen=True)
class HowWeCompare:
    comparisons: list[Comparison]
    targets: list[TargetJudgement]


def how_we_compare(indicator: Indicator) -> HowWeCompare:
    """For the indicator's page ("benchmarking/partials/how_we_compare.html"): for each
    published metric it is linked to, where the council stood in the latest period it has a
    figure for, among the link's group (or its first suitable group); and its targets set
    against comparators, judged."""
    return HowWeCompare(_comparisons(indicator), comparator_target_judgements(indicator))


def _comparisons(indicator: Indicator) -> list[Comparison]:
    organisation = indicator.organisation
    groups = list(groups_for(organisation))
    comparisons = []
    for link in indicator.metric_links.select_related("metric", "group"):
        group = link.group or default_group(link.metric, organisation, groups)
        url = reverse("benchmarking:metric_detail", args=[link.metric_id])
        if group is None:
            comparisons.append(Comparison(link, None, None, url))
            continue
        result = benchmark_for(metric=link.metric, group=group, subject=organisation)
        own = [figures for figures in result.periods if figures.subject_value is not None]
        comparisons.append(
            Comparison(link, result, own[-1] if own else None, f"{url}?group={group.pk}")
        )
    return comparisons
