"""Corporate dashboard data: every indicator judged for a quarter (value, target, RAG,
travel, SPC, forecast), against the raw read of the same rows through the database driver.

    python -m bench.dashboard [--indicators 500] [--quarters 40]

Prints our time, the raw read's time, the ratio, the queries issued (which must not grow
with the number of indicators) and peak Python memory.
"""

import argparse
import statistics
import time
import tracemalloc
from datetime import UTC, datetime
from decimal import Decimal

from bench.setup import database_name, django_ready


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


def measure(indicators: int, quarters: int, repeats: int = 5) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from goldenthread.indicators.models import Indicator
    from goldenthread.indicators.selectors import performance_for
    from goldenthread.strategy.models import ReportingPeriod

    organisation = build(indicators, quarters)
    period = (
        ReportingPeriod.objects.filter(organisation=organisation, frequency="quarterly")
        .order_by("-start_date")
        .first()
    )

    def ours() -> None:
        organisation.__dict__.pop("_periods_by_id", None)
        chosen = list(
            Indicator.objects.filter(organisation=organisation).select_related("organisation")
        )
        performance_for(chosen, period)

    ours()
    ours_times, raw_times = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        ours()
        ours_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        rows = raw_read(organisation, period)
        raw_times.append(time.perf_counter() - start)
    with CaptureQueriesContext(connection) as queries:
        ours()
    tracemalloc.start()
    ours()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ours_time, raw_time = statistics.median(ours_times), statistics.median(raw_times)
    return {
        "operation": f"dashboard data, {indicators} indicators × {quarters} quarters",
        "rows": rows,
        "ours_s": ours_time,
        "raw_s": raw_time,
        "ratio": ours_time / raw_time,
        "queries": len(queries),
        "peak_mib": peak / 2**20,
    }


def print_table(results: list[dict]) -> None:
    print(
        f"{'operation':<48} {'rows':>8} {'ours s':>8} {'raw s':>8} {'ratio':>6} "
        f"{'queries':>8} {'peak MiB':>9}"
    )
    for r in results:
        print(
            f"{r['operation']:<48} {r['rows']:>8} {r['ours_s']:>8.3f} {r['raw_s']:>8.3f} "
            f"{r['ratio']:>6.1f} {r['queries']:>8} {r['peak_mib']:>9.1f}"
        )


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=500)
    parser.add_argument("--quarters", type=int, default=40)
    args = parser.parse_args(argv)
    django_ready()
    print(f"database: {database_name()}")
    results = [
        measure(max(1, args.indicators // 5), args.quarters),
        measure(args.indicators, args.quarters),
    ]
    print_table(results)
    return results


if __name__ == "__main__":
    main()
