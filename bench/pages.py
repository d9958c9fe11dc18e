"""Pages a council uses most, rendered through the Django test client while signed in:
the corporate dashboard, a theme dashboard, the indicator list, an indicator page and a
return submitted through the web form, on a synthetic council (`goldenthread synth`).

    python -m bench.pages [--indicators 500] [--quarters 40]

Baselines measured in the same run: the raw read of the rows each page judges, through the
database driver, and the Django admin changelist of the same indicators or returns.
"""

import argparse
import statistics
import time

from bench.setup import (
    Result,
    django_ready,
    median_time,
    peak_mib,
    print_table,
    queries_of,
    raw_rows,
    test_environment,
)

PERIOD = "2025-Q4"  # the synthetic data's latest quarter

RETURNS_SQL = (
    "SELECT r.indicator_id, r.period_id, r.value, r.status, r.judgement, r.approved_at "
    "FROM indicators_indicatorreturn r "
    "JOIN indicators_indicator i ON i.id = r.indicator_id "
    "JOIN strategy_reportingperiod p ON p.id = r.period_id "
    "WHERE i.organisation_id = %s AND p.end_date <= %s AND r.status IN ('approved', 'locked')"
)
TARGETS_SQL = (
    "SELECT t.indicator_id, t.period_id, t.version, t.value, t.band_lower, t.band_upper, "
    "t.tolerance, t.tolerance_is_percentage, t.set_at FROM indicators_target t "
    "JOIN indicators_indicator i ON i.id = t.indicator_id WHERE i.organisation_id = %s"
)


def council(indicators: int, quarters: int):  # type: ignore[no-untyped-def]
    from goldenthread.accounts.models import Organisation
    from goldenthread.synth.generate import slug_for, synth_generate

    synth_generate(organisations=1, indicators=indicators, quarters=quarters, seed=1)
    return Organisation.objects.get(slug=slug_for(1))


def council_rows(organisation, period) -> int:  # type: ignore[no-untyped-def]
    """The raw read of the rows a council's dashboards judge: approved returns and targets."""
    return raw_rows(RETURNS_SQL, [organisation.pk, period.end_date]) + raw_rows(
        TARGETS_SQL, [organisation.pk]
    )


def get_page(client, url: str) -> None:  # type: ignore[no-untyped-def]  # type: ignore[no-untyped-def]
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}")


def results(argv: list[str] | None = None) -> list[Result]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=500)
    parser.add_argument("--quarters", type=int, default=40)
    args = parser.parse_args(argv)
    django_ready()

    from django.test import Client
    from django.urls import reverse

    from goldenthread.accounts.models import User
    from goldenthread.indicators.models import Indicator, IndicatorReturn
    from goldenthread.strategy.models import ReportingPeriod, Theme

    test_environment()  # the test client's host name, and email kept in memory
    organisation = council(args.indicators, args.quarters)
    period = ReportingPeriod.objects.get(organisation=organisation, label=PERIOD)
    client = Client()
    client.force_login(User.objects.get(username=f"{organisation.slug}-admin"))
    superuser = User.objects.filter(username="bench-superuser").first()
    if superuser is None:
        superuser = User.objects.create_superuser("bench-superuser", password=None)
    admin = Client()
    admin.force_login(superuser)

    def council_raw() -> int:
        return council_rows(organisation, period)

    indicator_changelist = (
        reverse("admin:indicators_indicator_changelist")
        + f"?organisation__id__exact={organisation.pk}"
    )
    theme = Theme.objects.filter(organisation=organisation).order_by("order").first()
    indicator = Indicator.objects.filter(organisation=organisation).order_by("code").first()
    one_indicator_sql = (
        "SELECT r.period_id, r.value, r.status, r.approved_at FROM indicators_indicatorreturn r "
        "WHERE r.indicator_id = %s"
    )
    pages = [
        (
            f"corporate dashboard page, {args.indicators} indicators",
            reverse("reporting:dashboard") + f"?period={PERIOD}",
            council_raw,
            indicator_changelist,
        ),
        (
            f"theme dashboard page ({theme.title})",
            reverse("reporting:theme_dashboard", args=[theme.pk]) + f"?period={PERIOD}",
            council_raw,
            indicator_changelist,
        ),
        (
            f"indicator list page, {args.indicators} indicators",
            reverse("indicators:indicator_list") + f"?period={PERIOD}",
            council_raw,
            indicator_changelist,
        ),
        (
            f"indicator page, {args.quarters} quarters",
            reverse("indicators:indicator_detail", args=[indicator.pk]) + f"?period={PERIOD}",
            lambda: raw_rows(one_indicator_sql, [indicator.pk]),
            reverse("admin:indicators_indicatorreturn_changelist") + f"?q={indicator.code}",
        ),
    ]
    measured = []
    for operation, url, raw, admin_url in pages:
        measured.append(
            Result(
                operation=operation,
                rows=raw(),
                ours_s=median_time(lambda url=url: get_page(client, url)),
                raw_s=median_time(raw),
                admin_s=median_time(lambda admin_url=admin_url: get_page(admin, admin_url)),
                queries=queries_of(lambda url=url: get_page(client, url)),
                peak_mib=peak_mib(lambda url=url: get_page(client, url)),
            )
        )
    measured.append(_submission(organisation, period, IndicatorReturn))
    return measured


def _submission(organisation, period, IndicatorReturn) -> Result:  # type: ignore[no-untyped-def]
    """Officers submitting drafts of the latest quarter through the web form, one each."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    drafts = list(
        IndicatorReturn.objects.filter(
            indicator__organisation=organisation, period=period, status="draft"
        )
        .exclude(value=None)
        .select_related("indicator__owner")[:6]
    )
    times, queries = [], 0
    for number, draft in enumerate(drafts):
        client = Client()
        client.force_login(draft.indicator.owner)
        url = reverse("indicators:return_edit", args=[draft.indicator_id, period.pk])
        data = {
            "value": str(draft.value),
            "commentary": "Below target because of staff vacancies.",
            "remedial_action": "Recruitment under way.",
            "source_quoted": "Case management system",
            "prepared_by": "Officer",
            "method_followed": "on",
            "outlier_confirmed": "on",
            "outlier_explanation": "Checked against source.",
            "submit": "Submit",
        }
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            response = client.post(url, data)
            elapsed = time.perf_counter() - start
        if response.status_code != 302:
            raise RuntimeError(f"submitting {url} answered {response.status_code}")
        if number:  # the first is the warm-up
            times.append(elapsed)
            queries = len(captured)
    raw = median_time(
        lambda: raw_rows(
            "SELECT id, value, status FROM indicators_indicatorreturn WHERE id = %s",
            [drafts[0].pk],
        )
    )
    return Result(
        operation="return submitted through the web form",
        rows=1,
        ours_s=statistics.median(times),
        raw_s=raw,
        queries=queries,
        peak_mib=None,
    )


def main(argv: list[str] | None = None) -> None:
    print_table(results(argv))


if __name__ == "__main__":
    main()
