"""A councillor opens their committee's quarterly performance report and downloads the PDF."""

import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from goldenthread.tests.browser.conftest import (
    SLOW_MS,
    check_accessibility,
    check_charts,
    check_tags_have_text,
    sign_in,
)

pytestmark = pytest.mark.browser

COMMITTEE = "Place Select Committee"


def test_member_opens_the_committee_report_and_downloads_the_pdf(page: Page, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, "cllr.monitor")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    check_accessibility(page, "reports")
    form = page.get_by_role("form", name="Quarterly performance report")
    form.get_by_label("For").select_option(label=COMMITTEE)
    form.get_by_role("button", name="View the quarterly performance report").click()

    expect(page.locator(".govuk-caption-l")).to_contain_text(COMMITTEE)
    # Every indicator's chart has a description and its figures in a table; every status
    # is in words as well as colour.
    assert check_charts(page) > 0
    assert check_tags_have_text(page) > 0
    check_accessibility(page, "committee-report")

    page.get_by_role("link", name="PDF").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(COMMITTEE)
    check_accessibility(page, "report-progress")
    # The progress page's script shows the link once the file is made in the background.
    link = page.locator("#run-file")
    expect(link).to_be_visible(timeout=SLOW_MS)
    with page.expect_download(timeout=SLOW_MS) as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-")
    pdftotext = shutil.which("pdftotext")  # poppler-utils: installed in CI
    if pdftotext:
        text = subprocess.run(
            [pdftotext, str(saved), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert COMMITTEE in text
