"""The workbook, read back with openpyxl: a sheet a section, a bold frozen header row, numbers
as numbers, and text a spreadsheet would run as a formula made harmless."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from goldenthread.reporting.render import render
from goldenthread.reporting.tests.conftest import committee_report

# Every test takes the test database, so it is set up before the module's files are made.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def made(made_once):  # type: ignore[no-untyped-def]
    report, content = made_once(lambda s: (report := committee_report(s), render(report, "xlsx")))
    return report, load_workbook(BytesIO(content))


def rows_of(sheet):  # type: ignore[no-untyped-def]
    return [list(row) for row in sheet.iter_rows()]


def test_there_is_a_contents_sheet_then_one_sheet_a_section(made):
    report, book = made
    assert book.sheetnames == ["Contents", *[section.title for section in report.sections]]


def test_the_indicator_table_has_a_bold_frozen_header_and_numbers_as_numbers(made):
    report, book = made
    sheet = book["Trustworthy reporting"]
    header_row = next(row for row in rows_of(sheet) if row[0].value == "Code")
    assert all(cell.font.bold for cell in header_row if cell.value)
    assert sheet.freeze_panes == f"A{header_row[0].row + 1}"
    headers = [cell.value for cell in header_row]
    red = next(row for row in rows_of(sheet) if row[0].value == "RT-RED")
    cells = dict(zip(headers, red, strict=False))
    assert cells["Value"].value == pytest.approx(70.5) and cells["Value"].data_type == "n"
    assert cells["Value"].number_format == '#,##0.0"%"'
    assert cells["Target"].value == 90 and cells["Target as set"].value == "90.0%"
    assert cells["Status"].value == "Red"
    assert cells["Since the previous period"].value == "↓ Declining"
    assert cells["Commentary"].value == "Contractor delays held up repairs to twelve homes."
    entry = next(e for e in report.entries if e.code == "RT-RED")
    assert Decimal(str(cells["Value"].value)) == entry.value


def test_a_formula_in_the_words_is_quoted_not_run(made):
    _report, book = made
    sheet = book["Trustworthy reporting"]
    red = next(row for row in rows_of(sheet) if row[0].value == "RT-RED")
    remedial = next(cell for cell in red if str(cell.value).startswith("'=HYPERLINK"))
    assert remedial.data_type == "s"


def test_the_summary_counts_are_numbers(made):
    report, book = made
    sheet = book["Summary"]
    total = next(row for row in rows_of(sheet) if str(row[0].value).startswith("All indicators"))
    counts = report.sections[0].blocks[1].total.counts
    assert [cell.value for cell in total[1:8]] == [
        counts.red,
        counts.amber,
        counts.green,
        counts.no_data,
        counts.no_target,
        counts.not_assessed,
        counts.total,
    ]
