"""Demo council step: real published comparators for the fictional Wyvern Vale.

Loads the UK council list and the small copies of the Oflog and LGBF files kept in `data/`
(their known bad rows skipped and listed, as an administrator would), then gives Wyvern Vale
(a North East unitary with no GSS code) two adult social care indicators with the Oflog
definitions and its own approved yearly figures, a nearest-neighbour group of real councils
(the sixteen Oflog lists for Stockton-on-Tees, the real council most like it), and a target
of "at or better than the nearest-neighbour median" for 2022/23.

Wyvern Vale's 78.2% for 2022/23 against that median, 79.05%, is 0.85 short: amber within the
one-point tolerance (see `calculations.benchmark`'s worked example).
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from goldenthread.accounts.models import Organisation
from goldenthread.benchmarking import importers, services
from goldenthread.benchmarking.models import (
    ComparatorGroup,
    ComparatorTarget,
    ExternalMetric,
    IndicatorMetricLink,
)
from goldenthread.demo import DemoCouncil
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.strategy.models import ReportingPeriod
from goldenthread.strategy.services import reporting_periods_ensure

OFLOG_FILES = [importers.DATA / "ASC_data.csv"]
LGBF_FILES = [importers.DATA / name for name in importers.LGBF_FILE_NAMES.values()]
MODEL_COUNCIL = "E06000004"  # Stockton-on-Tees: a North East unitary of Wyvern Vale's size

# (code, Oflog code, title, definition, unit, places, yearly figures from 2018/19)
INDICATORS = [
    (
        "PI-ASC-11",
        "ASC5",
        "Short-term support that left people needing no further support",
        "Percentage of people who finished short-term support (such as reablement) in the year "
        "and needed no further long-term support (ASCOF 2D; Oflog ASC5).",
        Indicator.Unit.PERCENT,
        1,
        {2018: "80.4", 2019: "83.9", 2020: "78.6", 2021: "77.2", 2022: "78.2"},
    ),
    (
        "PI-ASC-12",
        "ASC2",
        "Impact of adult social care services on quality of life",
        "Adjusted social care-related quality of life score: the difference services make to "
        "people's quality of life (ASCOF 1J; Oflog ASC2). Not collected in 2020/21.",
        Indicator.Unit.SCORE,
        3,
        {2018: "0.409", 2019: "0.417", 2021: "0.412", 2022: "0.421"},
    ),
]


def build(council: DemoCouncil) -> None:
    services.organisations_import()
    services.benchmarks_import(paths=OFLOG_FILES, fmt="oflog", skip_invalid=True)
    services.benchmarks_import(paths=LGBF_FILES, fmt="lgbf", skip_invalid=True)

    organisation = council.organisation
    model = Organisation.objects.get(gss_code=MODEL_COUNCIL)
    published = ComparatorGroup.objects.get(
        owner=model, kind=ComparatorGroup.Kind.NEAREST_NEIGHBOURS
    )
    neighbours = ComparatorGroup.objects.create(
        owner=organisation,
        kind=ComparatorGroup.Kind.NEAREST_NEIGHBOURS,
        name="Nearest neighbours",
        description=f"Wyvern Vale has no GSS code of its own, so it uses the sixteen councils "
        f"Oflog lists as nearest neighbours of {model.display_name}, the council most like it.",
        source=published.source,
    )
    neighbours.members.set(published.members.all())

    officer, head = council.people["officer.adults"], council.people["head.adults"]
    metrics = {
        metric.code: metric for metric in ExternalMetric.objects.filter(source=published.source)
    }
    made = {}
    for code, oflog_code, title, definition, unit, places, figures in INDICATORS:
        indicator = Indicator.objects.create(
            organisation=organisation,
            code=code,
            title=title,
            definition=definition,
            data_source="Adult Social Care Outcomes Framework; published by Oflog",
            data_system="Mosaic adult social care",
            owner=officer,
            org_unit=council.units["Independent Living"],
            polarity=metrics[oflog_code].polarity,
            unit=unit,
            decimal_places=places,
            frequency="annual",
            aggregation="latest",
            is_statutory=True,
            target_rationale="At or better than the median of our nearest neighbours.",
        )
        IndicatorMetricLink.objects.create(
            indicator=indicator, metric=metrics[oflog_code], group=neighbours
        )
        for year, value in figures.items():
            period = _year(organisation, year)
            approved = timezone.make_aware(datetime.combine(period.end_date, time(10)))
            IndicatorReturn.objects.create(
                indicator=indicator,
                period=period,
                value=Decimal(value),
                status=IndicatorReturn.Status.APPROVED,
                source_quoted="Short and Long Term (SALT) return",
                prepared_by=officer.get_full_name(),
                submitted_by=officer,
                submitted_at=approved + timedelta(days=60),
                approved_by=head,
                approved_at=approved + timedelta(days=62),
            )
        made[oflog_code] = indicator

    services.comparator_target_set(
        indicator=made["ASC5"],
        period=_year(organisation, 2022),
        metric=metrics["ASC5"],
        group=neighbours,
        statistic=ComparatorTarget.Statistic.MEDIAN,
        margin=Decimal(0),
        tolerance=Decimal(1),
        tolerance_is_percentage=False,
        user=council.people["performance.lead"],
    )


def _year(organisation: Organisation, year: int) -> ReportingPeriod:
    reporting_periods_ensure(organisation=organisation, year=year)
    return ReportingPeriod.objects.get(organisation=organisation, frequency="annual", year=year)
