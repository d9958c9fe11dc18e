"""The public site needs no sign-in and shows only what was published: the dashboard, each
indicator's published history with its chart and table, the reports and the downloads.
Nothing unpublished is reachable, and the pages are accessible."""

import re

import pytest
from django.test import Client

from goldenthread.accounts.models import OrgUnit, User
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.indicators.tests.factories import approved_values
from goldenthread.publishing.tests.conftest import approved_return
from goldenthread.strategy.models import ReportingPeriod
from goldenthread.strategy.services import reporting_periods_ensure


def get(url: str) -> str:
    response = Client().get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_dashboard_shows_the_published_period_with_counts_direction_and_themes(
    council, quarter, published
):
    page = get(f"/public/{council.slug}/")
    assert f"Performance: {quarter.name}" in page or quarter.name in page
    assert "By theme: RAG status" in page
    assert "Environment" in page
    assert "Direction of travel" in page
    assert "Sign in" in page  # no one is signed in
    one = approved_return(council, quarter)
    assert f"/public/{council.slug}/indicators/{one.indicator.code}/" in page


def test_an_indicator_page_has_its_published_history_chart_and_table(council, quarter, published):
    one = approved_return(council, quarter)
    page = get(f"/public/{council.slug}/indicators/{one.indicator.code}/")
    assert "Published history" in page
    assert "<svg" in page
    assert f"Data for the chart: {one.indicator.code} by period" in page
    assert one.indicator.format_value(one.value) in page


def test_the_annual_report_and_the_downloads_are_public(council, quarter, published):
    page = get(f"/public/{council.slug}/{quarter.label}/versions/1/reports/annual/")
    assert "Annual performance report" in page
    html = Client().get(f"/public/{council.slug}/{quarter.label}/versions/1/files/quarterly.html")
    assert html.status_code == 200
    assert b"Quarterly performance report" in html.content
    assert html["X-Content-SHA256"] == published.files.get(key="quarterly.html").sha256


def test_frozen_reports_link_to_public_pages_not_to_the_service(council, quarter, published):
    page = get(f"/public/{council.slug}/{quarter.label}/versions/1/reports/quarterly/")
    internal = re.findall(r'href="(/indicators/[^"]*)"', page)
    assert internal == []
    assert f'href="/public/{council.slug}/indicators/' in page


def test_an_unpublished_period_is_not_found(council, quarter, published):
    earlier = (
        ReportingPeriod.objects.filter(
            organisation=council, frequency="quarterly", end_date__lt=quarter.start_date
        )
        .order_by("-end_date")
        .first()
    )
    client = Client()
    for url in [
        f"/public/{council.slug}/{earlier.label}/",
        f"/public/{council.slug}/{earlier.label}/versions/1/",
        f"/public/{council.slug}/{earlier.label}/versions/1/reports/annual/",
        f"/public/{council.slug}/{earlier.label}/versions/1/files/quarterly.html",
        f"/public/{council.slug}/open-data/{earlier.label}.csv",
        f"/public/{council.slug}/open-data/{earlier.label}.json",
        f"/public/{council.slug}/{quarter.label}/versions/2/",
        f"/public/{council.slug}/{quarter.label}/versions/1/files/quarterly.json",
        f"/public/{council.slug}/{quarter.label}/versions/1/reports/nothing/",
        f"/public/{council.slug}/indicators/NO-SUCH/",
        "/public/no-such-council/",
    ]:
        assert client.get(url).status_code == 404, url


def test_nothing_is_public_before_publishing(council, quarter):
    one = approved_return(council, quarter)
    page = get(f"/public/{council.slug}/")
    assert "Nothing has been published yet." in page
    for url in [
        f"/public/{council.slug}/{quarter.label}/",
        f"/public/{council.slug}/indicators/{one.indicator.code}/",
        f"/public/{council.slug}/open-data/{quarter.label}.csv",
    ]:
        assert Client().get(url).status_code == 404, url


def test_draft_values_are_not_shown(council, quarter, published):
    draft = (
        IndicatorReturn.objects.filter(
            indicator__organisation=council,
            indicator__frequency="quarterly",
            indicator__is_qualitative=False,
            period=quarter,
            status="draft",
            value__isnull=False,
        )
        .select_related("indicator")
        .first()
    )
    assert draft is not None, "the demo leaves some of the latest quarter in draft"
    IndicatorReturn.objects.filter(pk=draft.pk).update(value="98765.4", commentary="Draft words")
    page = get(f"/public/{council.slug}/indicators/{draft.indicator.code}/")
    assert "98765.4" not in page and "98,765.4" not in page
    assert "Draft words" not in page
    csv_text = get(f"/public/{council.slug}/open-data/{quarter.label}.csv")
    assert "98765.4" not in csv_text and "Draft words" not in csv_text


def test_another_organisations_unpublished_data_is_not_shown(
    council, quarter, published, other_council
):
    reporting_periods_ensure(organisation=other_council, year=quarter.year)
    secret = Indicator.objects.create(
        organisation=other_council,
        code="NF-001",
        title="Northfield secret measure",
        polarity="higher",
        unit="percent",
        frequency="quarterly",
        aggregation="average",
        owner=User.objects.get(username="northfield.officer"),
        org_unit=OrgUnit.objects.get(organisation=other_council),
    )
    approved_values(secret, quarter.label, ["42"])
    assert Client().get(f"/public/{other_council.slug}/{quarter.label}/").status_code == 404
    assert "Nothing has been published yet." in get(f"/public/{other_council.slug}/")
    assert "Northfield secret measure" not in get(f"/public/{council.slug}/")
    national = b"".join(Client().get("/public/open-data/national.csv").streaming_content)
    assert b"Northfield" not in national
    assert Client().get(f"/public/{council.slug}/indicators/NF-001/").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/dashboards/", "/reports/", "/publishing/", "/reports/quarterly/"],
)
def test_anonymous_access_to_internal_pages_redirects_to_sign_in(url, published):
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_public_pages_have_one_h1_captioned_tables_and_scoped_headers(council, quarter, published):
    one = approved_return(council, quarter)
    for url in [
        f"/public/{council.slug}/",
        f"/public/{council.slug}/{quarter.label}/",
        f"/public/{council.slug}/indicators/{one.indicator.code}/",
        f"/public/{council.slug}/open-data/",
        f"/public/{council.slug}/{quarter.label}/versions/1/reports/annual/",
    ]:
        page = get(url)
        assert page.count("<h1") == 1, url
        assert page.count("<table") == page.count("<caption"), url
        assert all("scope=" in th for th in re.findall(r"<th\b[^>]*>", page)), url
        assert 'lang="en-GB"' in page
        assert not re.search(r"\sstyle=", page), url
        assert "<script>" not in page, url
        assert council.name in page  # the council's own branding in the header
