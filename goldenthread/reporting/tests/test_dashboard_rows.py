"""The dashboard's table rows are made in Python, not by tags and filters in the template
(issue #9: 500 rows), and must show exactly what the template showed: the row markup as it
was is kept here and compared with the page. Links by key give `reverse()`'s text, and the
overdue check gives what the return tasks say."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import clear_script_prefix, reverse, set_script_prefix

from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import return_tasks
from goldenthread.indicators.tests.factories import period
from goldenthread.links import url_by_pk
from goldenthread.reporting.selectors import _overdue
from goldenthread.strategy.models import ReportingPeriod, Theme

# The indicator table's rows as the template wrote them before the rows were prepared.
ROWS_AS_THEY_WERE = Path(__file__).parent / "dashboard_rows_as_they_were.html"


def _rows_of(html: str) -> str:
    body = html.split('<tbody class="govuk-table__body">')[-1].split("</tbody>")[0]
    return "".join(line.strip() for line in body.splitlines())


@pytest.mark.parametrize("which", ["corporate", "theme", "filtered"])
def test_the_rows_show_what_the_template_showed(council, signed_in, which):  # type: ignore[no-untyped-def]
    client = signed_in("performance.lead")
    url = reverse("reporting:dashboard")
    query = {"period": "2025-Q2"}
    if which == "theme":
        theme = Theme.objects.filter(organisation=council).order_by("order").first()
        url = reverse("reporting:theme_dashboard", args=[theme.pk])
    if which == "filtered":
        query |= {"rag": "red", "period": "2025-Q1"}
    response = client.get(url, query)
    dashboard = response.context["dashboard"]
    assert len(dashboard.rows) > 3
    was = Template(ROWS_AS_THEY_WERE.read_text()).render(
        Context({"rows": dashboard.rows, "period": response.context["period"]})
    )
    assert _rows_of(response.content.decode()) == "".join(line.strip() for line in was.splitlines())


def test_links_by_key_are_what_reverse_gives(db):  # type: ignore[no-untyped-def]
    for name in ("indicators:indicator_detail", "strategy:objective_thread"):
        link = url_by_pk(name)
        for pk in (1, 7, 42, 7310925486, 10**12):
            assert link(pk) == reverse(name, args=[pk])
    set_script_prefix("/council/")
    try:
        link = url_by_pk("indicators:indicator_detail")
        assert link(5) == reverse("indicators:indicator_detail", args=[5])
        assert link(5).startswith("/council/")
    finally:
        clear_script_prefix()


def test_overdue_is_what_the_return_tasks_say(council):  # type: ignore[no-untyped-def]
    indicators = list(
        Indicator.objects.filter(organisation=council, is_active=True).exclude(formula__gt="")
    )
    found = set()
    for label in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"):
        quarter = period(council, label)
        within = ReportingPeriod.objects.filter(
            organisation=council,
            start_date__gte=quarter.start_date,
            end_date__lte=quarter.end_date,
        )
        for days_after in (0, 20, 40, 400):
            today = quarter.end_date + timedelta(days=days_after)
            expected = {
                task.indicator.pk
                for task in return_tasks(indicators, within)
                if task.state(today) == "overdue"
            }
            assert _overdue(indicators, quarter, today) == expected
            found |= expected
    assert found  # some were overdue
