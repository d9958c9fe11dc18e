"""A lead officer downloads the quarter's returns as an Excel workbook, fills it in offline,
uploads it with a mistake, reads where the mistake is, corrects it and uploads it again."""

from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from goldenthread.tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def fill_in(workbook: Path, rows: dict[str, dict[str, object]]) -> None:
    """Types values into the Returns sheet, by indicator code and column heading."""
    book = openpyxl.load_workbook(workbook)
    sheet = book["Returns"]
    headings = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for heading, value in rows.get(str(row[0].value), {}).items():
            row[headings.index(heading)].value = value
    book.save(workbook)


def upload(page: Page, workbook: Path) -> None:
    page.get_by_label("Returns workbook or CSV file").set_input_files(workbook)
    page.get_by_role("button", name="Upload").click()


def test_officer_uploads_returns_from_excel_and_corrects_an_error(
    page: Page, tmp_path: Path
) -> None:
    sign_in(page, "officer.economy")
    page.goto("/returns/")
    page.get_by_role("link", name="Download or upload your returns as Excel").click()
    check_accessibility(page, "returns-excel")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="(.xlsx)").first.click()
    workbook = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(workbook)
    assert workbook.suffix == ".xlsx"

    fill_in(
        workbook,
        {
            "PI-REG-01": {"Value": 6.5, "Commentary": "Below the target of 6.6%.", "Submit": "Yes"},
            "PI-REG-02": {"Submit": "Yes"},  # the draft already saved on the website
            "PI-REG-09": {"Value": "about 1.26 million", "Submit": "Yes"},
        },
    )
    upload(page, workbook)
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Nothing was saved")
    problems = page.get_by_role("table", name="Problems in the file")
    problem = problems.get_by_role("row").nth(1)
    expect(problem).to_contain_text("Returns")  # the sheet
    expect(problem).to_contain_text("Value")  # the column
    expect(problems.get_by_role("row")).to_have_count(2)
    assert page.title().startswith("Error: ")
    check_accessibility(page, "returns-excel-errors")
    # Nothing was saved: the returns are still to do.
    page.goto("/returns/")
    expect(page.get_by_text("You have 3 returns to complete.")).to_be_visible()

    page.get_by_role("link", name="Download or upload your returns as Excel").click()
    fill_in(workbook, {"PI-REG-09": {"Value": 1262000}})
    upload(page, workbook)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "3 submitted for approval"
    )
    saved = page.get_by_role("table", name="What was saved")
    for code in ["PI-REG-01", "PI-REG-02", "PI-REG-09"]:
        expect(saved.get_by_role("row").filter(has_text=code)).to_contain_text("Submitted")
    check_accessibility(page, "returns-excel-saved")

    page.get_by_role("link", name="Back to my returns").click()
    expect(page.get_by_text("You have no returns to complete.")).to_be_visible()
