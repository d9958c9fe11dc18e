"""The section registry: other apps add their sections to the reports they name, in order."""

import pytest

from goldenthread.reporting import attention, sections
from goldenthread.reporting.attention import AttentionItem, register_attention
from goldenthread.reporting.blocks import Cell, Column, Paragraph, Section, Table
from goldenthread.reporting.sections import register_section, registered_sections
from goldenthread.reporting.tests.conftest import committee_report


@pytest.fixture
def registries(monkeypatch):  # type: ignore[no-untyped-def]
    """Registrations made by a test are forgotten afterwards."""
    monkeypatch.setattr(sections, "_registry", dict(sections._registry))
    monkeypatch.setattr(attention, "_registry", dict(attention._registry))


def test_each_report_has_the_indicator_sections_registered_by_the_app():
    assert [entry.key for entry in registered_sections("quarterly")] == ["summary", "indicators"]
    assert [entry.key for entry in registered_sections("cabinet")] == [
        "summary",
        "indicators",
        "half-year",
    ]
    assert [entry.key for entry in registered_sections("bvpp")][-1] == "bvpp-review"


def test_another_apps_section_appears_in_the_reports_it_names_in_order(scenario, registries):
    seen = []

    def actions(organisation, period, scope):  # type: ignore[no-untyped-def]
        seen.append((organisation.pk, period.label, scope.label, sorted(scope.theme_ids)))
        return Section(
            key="actions",
            title="Actions",
            summary="One action is off track.",
            blocks=(
                Table(
                    caption="Actions off track",
                    columns=(Column("Action"), Column("Due")),
                    rows=((Cell("Open the new depot"), Cell("31 March 2026")),),
                ),
            ),
        )

    register_section("actions", actions, order=40, reports={"quarterly"}, title="Actions")
    register_section("empty", lambda *args: None, order=45, reports={"quarterly"})
    register_section(
        "pair",
        lambda *args: [Section("one", "One", "", ()), Section("two", "Two", "", (Paragraph("2"),))],
        order=20,
        reports={"quarterly", "annual"},
    )

    report = committee_report(scenario)

    titles = [section.title for section in report.sections]
    assert titles == ["Summary", "One", "Two", "Trustworthy reporting", "Actions"]
    assert seen == [(scenario.council.pk, "2025-Q2", "Reporting Test Panel", [scenario.theme.pk])]
    assert "actions" not in [s.key for s in committee_report(scenario, "cabinet").sections]


def test_a_section_for_an_unknown_report_is_refused(registries):
    with pytest.raises(ValueError, match="unknown reports: weekly"):
        register_section("actions", lambda *args: None, order=40, reports={"weekly"})


def test_progress_is_reported_before_each_section_and_at_the_end(scenario):
    from goldenthread.reporting.catalogue import ReportRequest, report_build, report_resolve

    resolved = report_resolve(
        scenario.council,
        ReportRequest("quarterly", period="2025-Q2", committee="reporting-test-panel"),
    )
    calls = []
    report_build(scenario.council, resolved, progress=lambda *call: calls.append(call))
    assert calls == [
        (0, 2, "Building the report: Summary"),
        (1, 2, "Building the report: Indicators"),
        (2, 2, "Sections built"),
    ]


def test_other_apps_items_needing_attention_get_a_section_in_the_exception_report(
    scenario, registries
):
    def risks(organisation, period, scope):  # type: ignore[no-untyped-def]
        return [
            AttentionItem(
                reference="R-07",
                title="Loss of the housing repairs contractor",
                url="/risks/7/",
                reasons=("Above appetite: score 16 against 9",),
                owner="Joe Baker",
            )
        ]

    register_attention("risks", risks, label="Risks above appetite", order=30)
    report = committee_report(scenario, "exception")
    section = next(s for s in report.sections if s.title == "Risks above appetite")
    assert section.summary == "1 item needs attention."
    table = section.blocks[0]
    assert [cell.text for cell in table.rows[0]] == [
        "R-07",
        "Loss of the housing repairs contractor",
        "Above appetite: score 16 against 9",
        "Joe Baker",
    ]
