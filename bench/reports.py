"""The quarterly committee report for about 70 indicators with charts, as PDF and as HTML,
and the corporate dashboard page against the raw SQL read of its rows.

    python -m bench.reports [--indicators 70] [--quarters 16]

Goals (issue 6): PDF ≤ 5 s on 2 cores, HTML ≤ 0.5 s, the dashboard page ≤ 3× the raw read.
Times are medians; "cold" is the first run in the process (charts not yet drawn).
"""

import argparse
import logging
import statistics
import time
from datetime import date

from bench.dashboard import build, raw_read
from bench.setup import Result, database_name, django_ready, print_table, test_environment


def timed(action, repeats: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(first run, median of the runs after it)."""
    start = time.perf_counter()
    action()
    cold = time.perf_counter() - start
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return cold, statistics.median(times)


def committee_for(organisation):  # type: ignore[no-untyped-def]
    """A committee overseeing one theme that every indicator measures."""
    from goldenthread.accounts.models import Committee
    from goldenthread.indicators.models import Indicator, IndicatorObjective
    from goldenthread.strategy.models import Objective, Plan, Theme

    committee = Committee.objects.filter(organisation=organisation).first()
    if committee is not None:
        return committee
    plan = Plan.objects.create(
        organisation=organisation,
        kind="council_plan",
        title="Plan",
        start_date=date(2000, 4, 1),
        end_date=date(2099, 3, 31),
    )
    theme = Theme.objects.create(
        organisation=organisation, plan=plan, title="Everything", slug="everything", order=1
    )
    committee = Committee.objects.create(
        organisation=organisation, name="Bench Scrutiny", slug="bench-scrutiny", kind="scrutiny"
    )
    theme.committees.add(committee)
    objective = Objective.objects.create(
        organisation=organisation, plan=plan, theme=theme, code="B-1", title="Do well"
    )
    IndicatorObjective.objects.bulk_create(
        IndicatorObjective(indicator=indicator, objective=objective)
        for indicator in Indicator.objects.filter(organisation=organisation)
    )
    return committee


def measure(indicators: int, quarters: int, repeats: int) -> list[Result]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from goldenthread.accounts.models import Role, RoleAssignment
    from goldenthread.reporting.catalogue import ReportRequest, report_build, report_resolve
    from goldenthread.reporting.render import render
    from goldenthread.strategy.models import ReportingPeriod

    organisation = build(indicators, quarters)
    committee = committee_for(organisation)
    period = (
        ReportingPeriod.objects.filter(organisation=organisation, frequency="quarterly")
        .order_by("-start_date")
        .first()
    )
    asked = ReportRequest(kind="quarterly", period=period.label, committee=committee.slug)

    def report():  # type: ignore[no-untyped-def]
        return report_build(organisation, report_resolve(organisation, asked))

    built = report()
    _cold, data_s = timed(report, repeats)
    cold_html, html_s = timed(lambda: render(built, "html"), repeats)
    _cold, pdf_s = timed(lambda: render(built, "pdf"), max(1, repeats // 2))

    user, _ = get_user_model().objects.get_or_create(
        username=f"bench-{organisation.slug}", defaults={"organisation": organisation}
    )
    RoleAssignment.objects.get_or_create(
        user=user, organisation=organisation, role=Role.SENIOR_LEADER
    )
    client = Client()
    client.force_login(user)
    url = f"/dashboards/?period={period.label}"

    def page() -> None:
        response = client.get(url)
        assert response.status_code == 200, response.status_code

    _cold, page_s = timed(page, repeats)
    rows = raw_read(organisation, period)
    _cold, raw_s = timed(lambda: raw_read(organisation, period), repeats)
    n = len(built.entries)
    return [
        Result(f"committee report data, {n} indicators", n, data_s, None, None, None),
        Result(
            f"committee report HTML (goal 0.5 s; cold {cold_html:.2f} s)",
            n,
            html_s,
            None,
            None,
            None,
        ),
        Result("committee report PDF (goal 5 s)", n, pdf_s, None, None, None),
        Result("corporate dashboard page vs raw SQL (goal 3×)", rows, page_s, raw_s, None, None),
    ]


def results(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=70)
    parser.add_argument("--quarters", type=int, default=16)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    django_ready()
    test_environment()  # the test client's host name, for the dashboard page
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return measure(args.indicators, args.quarters, args.repeats)


def main(argv: list[str] | None = None) -> list[Result]:
    measured = results(argv)
    print(f"database: {database_name()}")
    print_table(measured)
    return measured


if __name__ == "__main__":
    main()
