"""The report as a page and as an HTML document: GOV.UK markup, headings in order, tables
with captions and scoped headers, every chart with its text alternative and its data."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.reporting.render import render
from goldenthread.reporting.tests.conftest import COMMITTEE, PERIOD, committee_report


class Structure(HTMLParser):
    """The parts of a page accessibility depends on."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.unscoped_headers = 0
        self.charts: list[dict] = []
        self.ids: list[str] = []
        self.after_table = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.append(attributes["id"])
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        elif tag == "table":
            self.tables += 1
            self.after_table = True
            return
        elif tag == "caption" and self.after_table:
            self.captions += 1
        elif tag == "th" and attributes.get("scope") not in ("col", "row"):
            self.unscoped_headers += 1
        elif tag == "svg" or (
            tag == "img" and "gt-report-chart__image" in attributes.get("class", "")
        ):
            self.charts.append(attributes)
        self.after_table = False


def structure(html: str) -> Structure:
    parsed = Structure()
    parsed.feed(html[html.index("<main") :])
    return parsed


def assert_accessible(parsed: Structure) -> None:
    assert parsed.headings[0] == 1
    for before, after in zip(parsed.headings, parsed.headings[1:], strict=False):
        assert after <= before + 1, parsed.headings
    assert parsed.tables and parsed.captions == parsed.tables
    assert parsed.unscoped_headers == 0
    assert len(parsed.ids) == len(set(parsed.ids))


class TestTheReportPage:
    def test_it_shows_the_report_with_its_downloads(self, scenario, signed_in):
        response = signed_in("cllr.scrutiny").get(
            reverse("reporting:report", args=["quarterly"]),
            {"period": PERIOD, "committee": COMMITTEE},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert '<h1 class="govuk-heading-xl">Quarterly performance report</h1>' in html
        assert "RT-RED Empty homes re-let within 28 days" in html and "70.5%" in html
        for label in ("PDF", "Word", "Excel"):
            assert f'>{label}<span class="govuk-visually-hidden">' in html
        assert "format=pdf" in html and "committee=reporting-test-panel" in html

    def test_its_headings_tables_and_charts_are_accessible(self, scenario, signed_in):
        html = (
            signed_in("cllr.scrutiny")
            .get(
                reverse("reporting:report", args=["quarterly"]),
                {"committee": COMMITTEE, "period": PERIOD},
            )
            .content.decode()
        )
        parsed = structure(html)
        assert_accessible(parsed)
        assert len(parsed.charts) == 2
        for chart in parsed.charts:
            assert chart["role"] == "img"
            title, description = chart["aria-labelledby"].split()
            assert title in parsed.ids and description in parsed.ids
        assert html.count("Data for this chart") == 2
        assert "RT-RED: values by period" in html

    def test_a_changed_commentary_or_title_shows_the_next_time(self, scenario, signed_in):
        # The page keeps rendered blocks (templatetags/reports.py): by their content only.
        client = signed_in("cllr.scrutiny")
        page = reverse("reporting:report", args=["quarterly"])
        query = {"committee": COMMITTEE, "period": PERIOD}
        first = client.get(page, query).content.decode()
        assert "Contractor delays held up repairs to twelve homes." in first
        IndicatorReturn.objects.filter(indicator=scenario.red, period__label=PERIOD).update(
            commentary="Twelve homes are now let."
        )
        Indicator.objects.filter(pk=scenario.green.pk).update(title="Complaints answered")
        second = client.get(page, query).content.decode()
        assert "Twelve homes are now let." in second
        assert "Contractor delays" not in second
        assert "RT-GREEN Complaints answered<" in second
        assert "Complaints answered on time" not in second

    def test_a_bad_period_gets_a_clear_message(self, council, signed_in):
        response = signed_in("cllr.scrutiny").get(
            reverse("reporting:report", args=["quarterly"]), {"period": "2025-Q7"}
        )
        assert response.status_code == 400
        assert (
            "There is no quarter &#x27;2025-Q7&#x27;: give one like 2025-Q2."
            in response.content.decode()
        )


@pytest.mark.django_db
def test_the_html_download_is_a_whole_accessible_document(made_once):
    html = made_once(lambda s: render(committee_report(s), "html")).decode()
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    assert "<title>Quarterly performance report: Reporting Test Panel" in html
    parsed = structure(html)
    assert_accessible(parsed)
    assert len(parsed.charts) == 2
    assert all(chart["alt"].startswith("Latest value, 2025-Q2:") for chart in parsed.charts)
    assert 'href="http://' in html  # links lead back to the service
