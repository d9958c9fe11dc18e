"""National scale: many councils in one database (`goldenthread synth`), and one council's
pages and the national open-data export measured among them.

    scripts/with-postgres .venv/bin/python -m bench.national [--orgs 400] [--indicators 1000]
        [--quarters 40] [--published 20]

The defaults are the issue's: 400 councils × 1,000 indicators × 40 quarters, about 16
million values; `python -m bench` runs it with 20 councils. The last council generated is
the one measured. Generation is resumable (councils already there are skipped) and takes most
of the time: about 10–20 s a council on a 2-core machine. The first `--published` councils
publish their latest quarter (open data only, no report files), which the national export
then reads.

Prints the table, then PostgreSQL's plans (EXPLAIN ANALYZE) of the main queries for the
council measured: the dashboard's read of returns and targets, and the data stamps.
"""

import argparse
import sys
import time

from bench.dashboard import judge_council
from bench.pages import PERIOD, council_rows, get_page
from bench.setup import (
    Result,
    database_name,
    django_ready,
    median_time,
    peak_mib,
    print_table,
    queries_of,
    raw_rows,
    test_environment,
)

PUBLISHED_SQL = (
    "SELECT v.content FROM publishing_publishedversion v "
    "JOIN publishing_publication p ON p.id = v.publication_id AND v.number = p.latest_number"
)


def _generate(organisations: int, indicators: int, quarters: int) -> None:
    from django.db import connection

    from goldenthread.synth.generate import synth_generate

    synth_generate(
        organisations=organisations,
        indicators=indicators,
        quarters=quarters,
        progress=lambda line: print(line, file=sys.stderr, flush=True),
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _publish(count: int) -> None:
    from django.test import override_settings

    from goldenthread.accounts.models import Organisation, User
    from goldenthread.publishing.models import Publication
    from goldenthread.publishing.services import period_for_publishing, publication_publish
    from goldenthread.synth.generate import slug_for

    for number in range(1, count + 1):
        organisation = Organisation.objects.get(slug=slug_for(number))
        if Publication.objects.filter(organisation=organisation, latest_number__gt=0).exists():
            continue
        period = period_for_publishing(organisation, PERIOD)
        admin = User.objects.get(username=f"{organisation.slug}-admin")
        with override_settings(GOLDENTHREAD_PUBLISHED_FORMATS=()):
            publication_publish(organisation=organisation, period=period, user=admin)
        print(f"published {organisation.slug} {PERIOD}", file=sys.stderr, flush=True)


def _dashboard_data(organisation, period) -> list[Result]:  # type: ignore[no-untyped-def]
    from goldenthread.indicators import judgement_cache

    def ours() -> None:
        judge_council(organisation, period)

    def cold() -> None:
        judgement_cache.clear()
        ours()

    def raw() -> int:
        return council_rows(organisation, period)

    rows = raw()
    name = f"dashboard data, one council of {_councils()}"
    return [
        Result(
            operation=f"{name}, judged from its rows",
            rows=rows,
            ours_s=median_time(cold, repeats=3),
            raw_s=median_time(raw, repeats=3),
            queries=queries_of(cold),
            peak_mib=peak_mib(cold),
        ),
        Result(
            operation=f"{name}, from the judgement cache",
            rows=rows,
            ours_s=median_time(ours),
            raw_s=median_time(raw),
            queries=queries_of(ours),
            peak_mib=peak_mib(ours),
        ),
    ]


def _councils() -> str:
    from goldenthread.accounts.models import Organisation

    return f"{Organisation.objects.count():,} councils"


def _pages(organisation, period) -> list[Result]:  # type: ignore[no-untyped-def]
    from django.test import Client
    from django.urls import reverse

    from goldenthread.accounts.models import User
    from goldenthread.indicators.models import Indicator

    client = Client()
    client.force_login(User.objects.get(username=f"{organisation.slug}-admin"))

    def get(url: str) -> None:
        get_page(client, url)

    indicator = Indicator.objects.filter(organisation=organisation).order_by("code").first()

    def council_raw() -> int:
        return council_rows(organisation, period)

    def one_raw() -> int:
        return raw_rows(
            "SELECT period_id, value, status, approved_at FROM indicators_indicatorreturn "
            "WHERE indicator_id = %s",
            [indicator.pk],
        )

    pages = [
        ("corporate dashboard page", reverse("reporting:dashboard"), council_raw),
        ("indicator list page", reverse("indicators:indicator_list"), council_raw),
        (
            "indicator page",
            reverse("indicators:indicator_detail", args=[indicator.pk]),
            one_raw,
        ),
    ]
    measured = []
    for operation, url, raw in pages:
        url = f"{url}?period={PERIOD}"
        measured.append(
            Result(
                operation=f"{operation}, one council of {_councils()}",
                rows=raw(),
                ours_s=median_time(lambda url=url: get(url)),
                raw_s=median_time(raw),
                queries=queries_of(lambda url=url: get(url)),
                peak_mib=peak_mib(lambda url=url: get(url)),
            )
        )
    return measured


def _national_export() -> Result:
    from django.test import Client
    from django.urls import reverse

    from goldenthread.publishing.models import Publication

    client = Client()
    url = reverse("publishing:public_national")

    def ours() -> int:
        response = client.get(url)
        return sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1

    def raw() -> int:
        return raw_rows(PUBLISHED_SQL)

    published = Publication.objects.filter(latest_number__gt=0).count()
    return Result(
        operation=f"national open-data CSV, {published} councils published",
        rows=ours(),
        ours_s=median_time(ours, repeats=3),
        raw_s=median_time(raw, repeats=3),
        queries=queries_of(ours),
        peak_mib=peak_mib(ours),
    )


def _explain(organisation, period) -> None:  # type: ignore[no-untyped-def]
    from django.db import connection

    from goldenthread.indicators.models import Indicator
    from goldenthread.strategy.models import ReportingPeriod

    if connection.vendor != "postgresql":
        return
    ids = list(Indicator.objects.filter(organisation=organisation).values_list("pk", flat=True))
    ended = list(
        ReportingPeriod.objects.filter(
            organisation=organisation, end_date__lte=period.end_date
        ).values_list("pk", flat=True)
    )
    queries = {
        "returns read by performance_for": (
            "SELECT id, indicator_id, period_id, value, status, judgement, approved_at "
            "FROM indicators_indicatorreturn WHERE indicator_id = ANY(%s) "
            "AND period_id = ANY(%s) AND status IN ('approved', 'locked')",
            [ids, ended],
        ),
        "targets read by performance_for": (
            "SELECT indicator_id, period_id, version, value, band_lower, band_upper, tolerance, "
            "tolerance_is_percentage, set_at FROM indicators_target "
            "WHERE indicator_id = ANY(%s)",
            [ids],
        ),
        "data stamps read by performance_for": (
            "SELECT indicator_id, stamp FROM indicators_datastamp WHERE indicator_id = ANY(%s)",
            [ids],
        ),
    }
    with connection.cursor() as cursor:
        for title, (sql, params) in queries.items():
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            print(f"\n{title} ({len(ids)} indicators):")
            for (line,) in cursor.fetchall():
                print(f"    {line}")


def results(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, default=400)
    parser.add_argument("--indicators", type=int, default=1000)
    parser.add_argument("--quarters", type=int, default=40)
    parser.add_argument("--published", type=int, default=20)
    args = parser.parse_args(argv)
    django_ready()
    test_environment()
    from goldenthread.accounts.models import Organisation
    from goldenthread.strategy.models import ReportingPeriod
    from goldenthread.synth.generate import slug_for

    started = time.perf_counter()
    _generate(args.orgs, args.indicators, args.quarters)
    print(f"generated in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    _publish(min(args.published, args.orgs))
    # The last council generated: the first may have been made at another size by bench.pages
    # in the same run.
    organisation = Organisation.objects.get(slug=slug_for(args.orgs))
    period = ReportingPeriod.objects.get(organisation=organisation, label=PERIOD)
    measured = [
        *_dashboard_data(organisation, period),
        *_pages(organisation, period),
        _national_export(),
    ]
    _explain(organisation, period)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(value) FROM indicators_indicatorreturn")
        (values,) = cursor.fetchone()
    print(f"\n{database_name()}: {_councils()}, {values:,} values", file=sys.stderr)
    return measured


def main(argv: list[str] | None = None) -> None:
    print_table(results(argv))


if __name__ == "__main__":
    main()
