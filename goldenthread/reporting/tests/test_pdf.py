"""The PDF, read back with poppler-utils (pdftotext, pdfinfo, pdffonts, pdftoppm): the same
figures as the report's data, A4 with the council's name at the top of each page, page
numbers at the foot, a contents list with page numbers, tagged, with only local fonts."""

import gc
import re
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from goldenthread.reporting.blocks import IndicatorEntry
from goldenthread.reporting.render import render
from goldenthread.reporting.render.html import document_html, section_views
from goldenthread.reporting.render.pdf_entry import facts_rows
from goldenthread.reporting.tests.conftest import committee_report


def poppler(tool: str, *args: str) -> str:
    return subprocess.run([tool, *args], check=True, capture_output=True, text=True).stdout


# Every test takes the test database, so it is set up before the module's files are made.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def made(made_once, tmp_path_factory):  # type: ignore[no-untyped-def]
    report, content = made_once(lambda s: (report := committee_report(s), render(report, "pdf")))
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(content)
    return report, path


def page_text(path: Path, page: int) -> str:
    return poppler("pdftotext", "-layout", "-f", str(page), "-l", str(page), str(path), "-")


def inflated_streams(path: Path) -> bytes:
    """The PDF's streams that inflate, one after another: the structure tree is in
    compressed object streams."""
    inflated = b""
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", path.read_bytes(), re.DOTALL):
        try:
            inflated += zlib.decompress(stream.group(1))
        except zlib.error:
            continue  # not a Flate stream
    return inflated


def pages(path: Path) -> int:
    return int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", str(path))).group(1))


def test_the_cover_names_the_report_the_committee_and_the_period(made):
    _report, path = made
    cover = page_text(path, 1)
    assert "Quarterly performance report" in cover
    assert "Reporting Test Panel: Quarter 2 2025/26 (July to September 2025)" in cover
    assert "Figures are approved returns only." in cover


def test_every_page_after_the_cover_has_the_council_at_the_top_and_its_number_below(made):
    _report, path = made
    total = pages(path)
    assert total >= 4
    for page in range(2, total + 1):
        lines = [line.strip() for line in page_text(path, page).splitlines() if line.strip()]
        assert lines[0].startswith("Wyvern Vale Borough Council"), page
        assert lines[0].endswith("Quarterly performance report"), page
        assert lines[-1] == f"Page {page} of {total}"


def test_the_contents_give_the_page_each_section_starts_on(made):
    report, path = made
    contents = page_text(path, 2)
    for section in report.sections:
        found = re.search(rf"{re.escape(section.title)}\s*\.+\s*(\d+)", contents)
        assert found, section.title
        assert section.title in page_text(path, int(found.group(1)))


def test_the_figures_are_those_of_the_report_data(made):
    report, path = made
    text = poppler("pdftotext", "-layout", str(path), "-")
    red = next(entry for entry in report.entries if entry.code == "RT-RED")
    assert f"{red.code} {red.title}" in text
    assert "Value (2025-Q2)" in text and "70.5% ▲ Red" in text
    assert re.search(r"Target\s+90\.0%", text)
    assert "Special cause: concerning" in text and "Declining" in text
    assert red.commentary in text
    assert "Champions in Brookfield ward ran a repair café for 40 residents." in text


def test_it_is_a_tagged_a4_document_with_a_title_and_only_local_fonts_embedded(made):
    _report, path = made
    info = poppler("pdfinfo", str(path))
    assert "Tagged:          yes" in info
    assert "Title:           Quarterly performance report: Reporting Test Panel" in info
    assert "595.276 x 841.89 pts (A4)" in info
    assert 'pdfuaid:part="1"' in poppler("pdfinfo", "-meta", str(path))  # declares PDF/UA-1
    fonts = poppler("pdffonts", str(path)).splitlines()[2:]
    assert fonts
    for line in fonts:
        name = line.split()[0].split("+")[-1]
        assert name.startswith(("Liberation-Sans", "DejaVu-Sans", "Arial")), line
        assert " yes yes yes " in line, line  # embedded, subset, with a Unicode map


def test_the_first_page_renders_to_an_a4_image(made, tmp_path):
    _report, path = made
    poppler("pdftoppm", "-r", "30", "-png", "-f", "1", "-l", "1", str(path), str(tmp_path / "p"))
    image = next(tmp_path.glob("p-*.png")).read_bytes()
    width, height = struct.unpack(">II", image[16:24])
    assert abs(height / width - 297 / 210) < 0.02


def test_every_chart_is_a_tagged_figure_with_its_description_as_alternative_text(made):
    report, path = made
    inflated = inflated_streams(path)
    charts = [entry.chart for entry in report.entries if entry.chart is not None]
    assert charts
    assert inflated.count(b"/S /Figure") == len(charts)
    for chart in charts:
        assert f"/Alt ({chart.description[:40]}".encode() in inflated, chart.title


def test_each_entrys_facts_are_a_tagged_table_with_a_row_header_for_each_key(made):
    report, path = made
    inflated = inflated_streams(path)
    # Each entry's facts, and the report's own tables; row headers tied to their cells.
    tables = sum(
        1 for section in report.sections for block in section.blocks if hasattr(block, "columns")
    )
    assert inflated.count(b"/S /Table") >= len(report.entries) + tables
    assert inflated.count(b"/Headers [(") >= len(report.entries)
    text = poppler("pdftotext", "-layout", str(path), "-")
    red = next(entry for entry in report.entries if entry.code == "RT-RED")
    assert red.since_previous == "declining"
    assert "Since the previous period: ↓ Declining" in text


def test_each_entry_is_linked_to_by_its_anchor_on_its_heading_not_its_box(made):
    # An id gives an element, and so all inside it, computed styles of its own in
    # WeasyPrint: on the entry's box it made every entry's elements styled afresh.
    report, path = made
    source = document_html(report, for_pdf=True, charts={})
    entries = [
        item
        for section in section_views(report, document=True, charts={})
        for item in section.items
        if isinstance(item.block, IndicatorEntry)
    ]
    assert len(entries) == len(report.entries)
    assert '<div class="gt-report-entry" id=' not in source
    inflated = inflated_streams(path)
    for item in entries:
        assert f'<h{item.level} class="govuk-heading-' in source
        assert f'id="{item.anchor}"><a href=' in source, item.anchor
        assert f"({item.anchor}) [".encode() in inflated, item.anchor  # a named destination


def test_two_line_facts_keep_their_lines_without_line_break_elements(made):
    report, path = made
    text = poppler("pdftotext", "-layout", str(path), "-")
    previous = [line for line in text.splitlines() if "Since the previous period" in line]
    assert previous
    assert not any("Since the same period last year" in line for line in previous)
    assert any("Since the same period last year: ↓ Declining" in line for line in text.splitlines())
    red = next(entry for entry in report.entries if entry.code == "RT-RED")
    rows = facts_rows(red)
    assert "<br>" not in rows
    assert rows.count('<td class="gt-pdf-lines">') == 2  # directions, SPC


def test_the_reports_tables_show_statuses_as_words_with_their_shapes(made):
    report, path = made
    text = poppler("pdftotext", "-layout", str(path), "-")
    header = next(line for line in text.splitlines() if "▲ Red" in line and "● Green" in line)
    assert "◆ Amber" in header
    assert re.search(r"RT-RED .*▲ Red", text)  # the attention list
    body = document_html(report, for_pdf=True, charts={}).split("<body>")[1]
    # Not the page's badges, which draw their shapes and arrows as ::before boxes.
    assert "gt-rag" not in body.replace("gt-pdf-rag", "")
    assert "gt-direction" not in body


def test_the_render_leaves_the_collector_as_it_was_and_its_garbage_collected(made_once):
    # During the render the collector does not run (the process's objects are set aside
    # and the render's garbage is collected once at the end).
    collections = []

    def counted(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    report = made_once(committee_report)
    render(report, "pdf")  # the charts drawn, caches warm
    gc.collect()
    gc.callbacks.append(counted)
    try:
        render(report, "pdf")
    finally:
        gc.callbacks.remove(counted)
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert collections == [2, 2]  # before, and the render's garbage after
    assert gc.collect() < 100  # nothing of the render's left for later
