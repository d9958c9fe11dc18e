"""The reports' data: what each report holds for a committee, a half-year, a year, and only
what needs attention; and how a request for one is read."""

from datetime import date
from decimal import Decimal

import pytest

from goldenthread.indicators.models import IndicatorReturn
from goldenthread.indicators.rollups import rag_rollups
from goldenthread.indicators.tests.factories import approved_values, period, set_target
from goldenthread.reporting.blocks import (
    BulletList,
    Heading,
    IndicatorEntry,
    RagSummary,
    Table,
    report_from_json,
    report_to_json,
)
from goldenthread.reporting.catalogue import ReportError, ReportRequest, report_resolve
from goldenthread.reporting.tests.conftest import COMMITTEE, committee_report


def entries_by_code(report):  # type: ignore[no-untyped-def]
    return {entry.code: entry for entry in report.entries}


class TestTheQuarterlyCommitteeReport:
    def test_it_covers_the_committees_themes_with_those_needing_attention_first(self, scenario):
        report = committee_report(scenario)
        assert report.title == "Quarterly performance report"
        assert report.subtitle == (
            "Reporting Test Panel: Quarter 2 2025/26 (July to September 2025)"
        )
        assert [s.title for s in report.sections] == ["Summary", "Trustworthy reporting"]
        codes = [entry.code for entry in report.sections[1].blocks]
        assert codes == ["RT-RED", "RT-EMPTY", "RT-GREEN", "RT-STORY"]

    def test_each_indicator_has_its_figures_judgements_words_and_chart(self, scenario):
        red = entries_by_code(committee_report(scenario))["RT-RED"]
        assert (red.value, red.value_text, red.target_text) == (Decimal("70.5"), "70.5%", "90.0%")
        assert (red.rag, red.since_previous, red.period) == ("red", "declining", "2025-Q2")
        assert red.variation == "special_cause_concerning" and red.recovery_needed
        assert red.attention[0] == "Red: missing its target by more than the tolerance"
        assert "Declining since the previous period" in red.attention
        assert red.commentary == "Contractor delays held up repairs to twelve homes."
        assert red.remedial_action.endswith("A second contractor starts in October.")
        assert red.owner == "Sam Wilson" and red.service == "Housing"
        assert red.thread_url == scenario.objective.get_thread_url()
        assert len(red.chart.points) == 12  # the last three years
        assert "Latest value, 2025-Q2: 70.5%" in red.chart.description

    def test_a_qualitative_indicator_shows_its_judgement_and_story(self, scenario):
        story = entries_by_code(committee_report(scenario))["RT-STORY"]
        assert story.value_text == "On track" and story.rag == "green"
        assert story.narrative.startswith("Champions in Brookfield ward")
        assert story.chart is None

    def test_a_missing_return_is_overdue_and_figures_not_yet_approved_are_left_out(self, scenario):
        IndicatorReturn.objects.filter(indicator=scenario.green, period__label="2025-Q2").update(
            status=IndicatorReturn.Status.SUBMITTED
        )
        entries = entries_by_code(committee_report(scenario))
        assert entries["RT-EMPTY"].attention == ("Return overdue",)
        green = entries["RT-GREEN"]
        assert (green.value, green.value_text, green.rag) == (None, "No data", "no_data")
        assert "96.2" not in green.chart.description

    def test_the_summary_counts_are_the_roll_ups(self, scenario):
        report = committee_report(scenario)
        summary = next(b for b in report.sections[0].blocks if isinstance(b, RagSummary))
        rollup = {
            r.name: r.counts
            for r in rag_rollups(scenario.council, period(scenario.council, "2025-Q2")).by_committee
        }
        assert summary.total.counts == rollup[COMMITTEE]
        assert [row.name for row in summary.rows] == ["Trustworthy reporting"]
        attention = next(
            b
            for b in report.sections[0].blocks
            if isinstance(b, Table) and b.caption == "Indicators needing attention"
        )
        assert [row[0].text.split()[0] for row in attention.rows] == ["RT-RED", "RT-EMPTY"]

    def test_the_report_survives_a_trip_through_json_unchanged(self, scenario):
        report = committee_report(scenario)
        assert report_from_json(report_to_json(report)) == report


def test_the_cabinet_report_sets_the_half_years_quarters_side_by_side(scenario):
    report = committee_report(scenario, "cabinet")
    half = next(s for s in report.sections if s.key == "half-year")
    table = half.blocks[0]
    assert [c.header for c in table.columns][1:5] == [
        "2025-Q1",
        "Status 2025-Q1",
        "2025-Q2",
        "Status 2025-Q2",
    ]
    red = next(row for row in table.rows if row[0].text.startswith("RT-RED"))
    assert [cell.text for cell in red[1:5]] == ["80.0%", "red", "70.5%", "red"]
    assert red[3].number == Decimal("70.5")


def test_the_cabinet_report_needs_a_quarter_that_ends_a_half_year(council):
    with pytest.raises(ReportError, match="quarter 2 or quarter 4, not 2025-Q3"):
        report_resolve(council, ReportRequest("cabinet", period="2025-Q3"))


def test_the_exception_report_has_only_what_needs_attention(scenario):
    report = committee_report(scenario, "exception")
    assert report.sections[0].summary == (
        "2 of 4 indicators need attention in Quarter 2 2025/26 (July to September 2025)."
    )
    assert sorted(entries_by_code(report)) == ["RT-EMPTY", "RT-RED"]


def test_the_annual_report_follows_the_council_plan_with_highlights_and_case_studies(scenario):
    for when in ("2024/25", "2025/26"):
        set_target(scenario.green, when, "95")
    approved_values(scenario.green, "2025-Q3", ["97", "97"])
    report = committee_report(scenario, "annual")  # the year 2025/26
    theme = next(s for s in report.sections if s.title == "Trustworthy reporting")
    blocks = theme.blocks
    headings = [b.text for b in blocks if isinstance(b, Heading)]
    assert headings == [
        "Highlights",
        "RT-1 Figures that add up",
        "Case study: Ward champions' stories",
    ]
    highlights = next(b for b in blocks if isinstance(b, BulletList)).items
    assert highlights == (
        "RT-GREEN Complaints answered on time: 96.3%, against a target of 95.0%, better than "
        "last year.",
    )
    objective_at = blocks.index(
        next(b for b in blocks if isinstance(b, Heading) and b.text.startswith("RT-1"))
    )
    assert isinstance(blocks[objective_at + 2], IndicatorEntry)  # after "How we will know"
    assert blocks[objective_at + 1].text == "How we will know: Every report agrees with its data."
    assert blocks[-1].text.startswith("Champions in Brookfield ward")


def test_the_best_value_plan_states_objectives_performance_targets_actions_and_reviews(
    scenario,
):
    set_target(scenario.red, "2026/27", "92")
    report = committee_report(scenario, "bvpp")
    assert [s.title for s in report.sections] == [
        "Our objectives",
        "Performance and comparisons",
        "Targets",
        "Action plans for indicators needing attention",
        "Review programme",
    ]
    targets = report.sections[2].blocks[0]
    red = next(row for row in targets.rows if row[0].text.startswith("RT-RED"))
    assert red[2].text == "92.0%" and red[2].number == Decimal("92")
    plans = report.sections[3].blocks[0]
    assert any("A second contractor" in row[3].text for row in plans.rows)


class TestAskingForAReport:
    def test_a_committee_can_be_named_by_the_start_of_its_name(self, council):
        resolved = report_resolve(
            council, ReportRequest("quarterly", period="2025-Q2", committee="Executive Scrutiny")
        )
        assert resolved.scope.label == "Executive Scrutiny Committee"
        assert resolved.request.committee == "executive-scrutiny-committee"

    def test_an_unknown_committee_names_those_there_are(self, council):
        with pytest.raises(
            ReportError, match="There is no committee 'Finance'. The committees are: Audit"
        ):
            report_resolve(council, ReportRequest("quarterly", committee="Finance"))

    def test_an_unknown_period_says_what_one_looks_like(self, council):
        with pytest.raises(
            ReportError, match="There is no quarter '2025-Q9': give one like 2025-Q2."
        ):
            report_resolve(council, ReportRequest("quarterly", period="2025-Q9"))

    def test_a_year_is_the_financial_year_starting_then(self, council):
        resolved = report_resolve(council, ReportRequest("annual", year=2025))
        assert resolved.period.label == "2025/26"
        assert resolved.file_stem == "annual-2025-26-wyvern-vale-borough-council"

    def test_without_a_period_it_is_the_latest_ended(self, council):
        resolved = report_resolve(council, ReportRequest("quarterly"), today=date(2025, 11, 3))
        assert resolved.period.label == "2025-Q2"
        resolved = report_resolve(council, ReportRequest("cabinet"), today=date(2026, 2, 1))
        assert resolved.period.label == "2025-Q2"  # the half-year to September
        assert resolved.scope.label == "Cabinet"
