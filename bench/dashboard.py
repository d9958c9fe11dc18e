"""Corporate dashboard data: every indicator judged for a quarter (value, target, RAG,
travel, SPC, forecast), against the raw read of the same rows through the database driver.

    python -m bench.dashboard [--indicators 500] [--quarters 40]

Prints our time, the raw read's time, the ratio, the queries issued (which must not grow
with the number of indicators) and peak Python memory.
"""

import argparse
import statistics
import time
from datetime import UTC, datetime
from decimal import Decimal

from bench.setup import (
    Result,
    django_ready,
    median_time,
    peak_mib,
    print_table,
    queries_of,
)


def build(indicators: int, quarters: int):  # type: ignore[no-untyped-def]
    from goldenthread.accounts.models import Organisation
    from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
    from goldenthread.strategy.models import ReportingPeriod
    from goldenthread.strategy.services import reporting_periods_ensure

    slug = f"bench-{indicators}-{quarters}"
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is not None:
        return organisation
    organisation = Organisation.objects.create(name=f"Bench council {slug}", slug=slug)
    years = quarters // 4 + 1
    for year in range(2040 - years, 2041):
        reporting_periods_ensure(organisation=organisation, year=year)
    periods = list(
        ReportingPeriod.objects.filter(organisation=organisation, frequency="quarterly").order_by(
            "start_date"
        )
    )[-quarters:]
    made = Indicator.objects.bulk_create(
        Indicator(
            organisation=organisation,
            code=f"B-{n:04d}",
            title=f"Benchmark indicator {n}",
            polarity="higher" if n % 3 else "lower",
            unit="percent",
            frequency="quarterly",
            aggregation="average",
        )
        for n in range(indicators)
    )
    approved = datetime(2020, 1, 1, tzinfo=UTC)
    returns, targets = [], []
    for indicator in made:
        for number, period in enumerate(periods):
            value = Decimal(50 + (indicator.pk * 7 + number * 3) % 40)
            returns.append(
                IndicatorReturn(
                    indicator=indicator,
                    period=period,
                    value=value,
                    status="approved",
                    approved_at=approved,
                )
            )
            targets.append(
                Target(indicator=indicator, period=period, value=Decimal(70), tolerance=Decimal(5))
            )
    IndicatorReturn.objects.bulk_create(returns, batch_size=5000)
    Target.objects.bulk_create(targets, batch_size=5000)
    return organisation


def raw_read(organisation, period) -> int:  # type: ignore[no-untyped-def]
    """The same rows the dashboard reads, fetched through the driver with no model layer."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.indicator_id, r.period_id, r.value, r.status, r.judgement, r.approved_at "
            "FROM indicators_indicatorreturn r "
            "JOIN indicators_indicator i ON i.id = r.indicator_id "
            "JOIN strategy_reportingperiod p ON p.id = r.period_id "
            "WHERE i.organisation_id = %s AND p.end_date <= %s "
            "AND r.status IN ('approved', 'locked')",
            [organisation.pk, period.end_date],
        )
        rows = len(cursor.fetchall())
        cursor.execute(
            "SELECT t.indicator_id, t.period_id, t.version, t.value, t.band_lower, t.band_upper, "
            "t.tolerance, t.tolerance_is_percentage, t.set_at FROM indicators_target t "
            "JOIN indicators_indicator i ON i.id = t.indicator_id WHERE i.organisation_id = %s",
            [organisation.pk],
        )
        return rows + len(cursor.fetchall())


def judge_council(organisation, period) -> None:  # type: ignore[no-untyped-def]
    """Every indicator of the council judged for the period, as a dashboard asks, with the
    periods read afresh as in a new request."""
    from goldenthread.indicators.models import Indicator
    from goldenthread.indicators.selectors import performance_for

    organisation.__dict__.pop("_periods_by_id", None)
    organisation.__dict__.pop("_periods_fingerprint", None)
    performance_for(
        Indicator.objects.filter(organisation=organisation).select_related("organisation"), period
    )


# How much the judgement cache already holds when the dashboard is asked for.
STATES = {
    "cold": "judged from its rows (cache empty)",
    "one changed": "one indicator's data changed since",
    "warm": "from the judgement cache",
}


def measure(indicators: int, quarters: int, state: str, repeats: int = 5) -> Result:
    from goldenthread.indicators import judgement_cache
    from goldenthread.indicators.models import IndicatorReturn
    from goldenthread.strategy.models import ReportingPeriod

    organisation = build(indicators, quarters)
    period = (
        ReportingPeriod.objects.filter(organisation=organisation, frequency="quarterly")
        .order_by("-start_date")
        .first()
    )
    changed = IndicatorReturn.objects.filter(indicator__organisation=organisation, period=period)

    def ours() -> None:
        judge_council(organisation, period)

    def prepare() -> None:
        if state == "cold":
            judgement_cache.clear()
        elif state == "one changed":
            ours()  # every other indicator judged already
            latest = changed.order_by("?").first()
            changed.filter(pk=latest.pk).update(value=latest.value + 1)
        else:
            ours()

    def timed() -> float:
        prepare()
        start = time.perf_counter()
        ours()
        return time.perf_counter() - start

    # Interleaved so that load from elsewhere on the machine falls on both alike.
    ours_times, raw_times = [], []
    for _ in range(repeats):
        ours_times.append(timed())
        raw_times.append(median_time(lambda: raw_read(organisation, period), repeats=1))
    prepare()
    queries = queries_of(ours)
    prepare()
    return Result(
        operation=f"dashboard data, {indicators} indicators × {quarters} quarters, {STATES[state]}",
        rows=raw_read(organisation, period),
        ours_s=statistics.median(ours_times),
        raw_s=statistics.median(raw_times),
        queries=queries,
        peak_mib=peak_mib(ours),
    )


def results(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=500)
    parser.add_argument("--quarters", type=int, default=40)
    args = parser.parse_args(argv)
    django_ready()
    return [
        measure(size, args.quarters, state)
        for size in (max(1, args.indicators // 5), args.indicators)
        for state in STATES
    ]


def main(argv: list[str] | None = None) -> None:
    print_table(results(argv))


if __name__ == "__main__":
    main()
