"""The Word document, read back with python-docx: real heading styles committee services can
work with, tables with repeating header rows, charts with alternative text, and the same
figures as the report's data."""

from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn

from goldenthread.reporting.render import render
from goldenthread.reporting.tests.conftest import committee_report

# Every test takes the test database, so it is set up before the module's files are made.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def made(made_once):  # type: ignore[no-untyped-def]
    report, content = made_once(lambda s: (report := committee_report(s), render(report, "docx")))
    return report, Document(BytesIO(content))


def styled(document, style: str) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.text for p in document.paragraphs if p.style.name == style]


def test_the_title_and_every_heading_use_words_heading_styles(made):
    report, document = made
    assert styled(document, "Title") == ["Quarterly performance report"]
    assert styled(document, "Heading 1") == [section.title for section in report.sections]
    assert styled(document, "Heading 2") == [
        "RT-RED Empty homes re-let within 28 days",
        "RT-EMPTY New homes started",
        "RT-GREEN Complaints answered on time",
        "RT-STORY Ward champions' stories",
    ]


def test_each_indicator_has_its_figures_in_a_table_with_a_header_row(made):
    _report, document = made
    table = next(
        t
        for t in document.tables
        if t.rows[0].cells[0].text == "Measure" and t.rows[1].cells[1].text == "70.5%"
    )
    facts = {row.cells[0].text: row.cells[1].text for row in table.rows[1:]}
    assert facts["Status"] == "▲ Red"
    assert facts["Target"] == "90.0%"
    assert facts["Since the previous period"] == "↓ Declining"
    assert facts["Variation (SPC)"] == "Special cause: concerning"
    header = table.rows[0]._tr.trPr.find(qn("w:tblHeader"))
    assert header is not None and header.get(qn("w:val")) == "true"


def test_the_words_of_the_returns_are_there(made):
    report, document = made
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Commentary: Contractor delays held up repairs to twelve homes." in text
    assert "Champions in Brookfield ward ran a repair café for 40 residents." in text
    assert "Needs attention: Red: missing its target by more than the tolerance;" in text


def test_charts_are_pictures_with_the_charts_description_as_alternative_text(made):
    report, document = made
    charts = [entry.chart for entry in report.entries if entry.chart is not None]
    assert len(document.inline_shapes) == len(charts) == 2
    for shape, chart in zip(document.inline_shapes, charts, strict=True):
        assert shape._inline.docPr.get("descr") == chart.description
        assert shape._inline.docPr.get("title") == chart.title


def test_the_pages_carry_the_council_and_page_numbers_and_the_text_is_british_english(made):
    _report, document = made
    section = document.sections[0]
    assert section.header.paragraphs[0].text.startswith("Wyvern Vale Borough Council")
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert round(section.page_width.cm, 1) == 21.0
    language = document.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert language.get(qn("w:val")) == "en-GB"
