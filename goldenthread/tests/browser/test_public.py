"""A performance admin publishes a quarter; the public opens the published dashboard, reads an
indicator and downloads the open data."""

import csv
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from goldenthread.tests.browser.conftest import (
    SLOW_MS,
    check_accessibility,
    check_charts,
    check_tags_have_text,
    sign_in,
)

pytestmark = pytest.mark.browser

# Not the quarter the returns journeys work on: publishing locks a quarter's returns.
QUARTER = "2026-Q1"
# What `goldenthread demo` published when it built the council: last year's final quarter.
YEAR_END = "2025-Q4"


def test_public_opens_the_published_dashboard_and_downloads_open_data(
    page: Page, context: BrowserContext, tmp_path: Path
) -> None:
    sign_in(page, "performance.lead")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Publishing").click()
    page.get_by_role("link", name=f"Publish {QUARTER}").click()
    check_accessibility(page, "publish")
    page.get_by_label("I understand the figures become public").check()
    # Publishing freezes every report of the quarter as it stands, so it takes a while.
    page.get_by_role("button", name=f"Publish {QUARTER}").click(timeout=SLOW_MS)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "is published (version 1)", timeout=SLOW_MS
    )

    context.clear_cookies()
    page.goto("/public/wyvern-vale/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How we are doing")
    expect(page.get_by_role("banner").get_by_role("link", name="Sign in")).to_be_visible()
    assert check_tags_have_text(page) > 0
    check_accessibility(page, "public-dashboard")

    page.get_by_role("link", name="PI-HOU-02").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("bed and breakfast")
    assert check_charts(page) == 1
    check_accessibility(page, "public-indicator")

    page.go_back()
    page.get_by_role("link", name="Open data", exact=True).click()
    check_accessibility(page, "open-data")
    expect(page.get_by_role("link", name=f"CSV for {YEAR_END}").first).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=f"CSV for {QUARTER}").first.click()
    saved = tmp_path / download_info.value.suggested_filename
    download_info.value.save_as(saved)
    with saved.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["period"] for row in rows} == {QUARTER}
    bed_and_breakfast = next(row for row in rows if row["indicator_code"] == "PI-HOU-02")
    assert bed_and_breakfast["rag"] in {"red", "amber", "green"}
    assert bed_and_breakfast["value"]
    # Spreadsheet formulas are neutralised in open data as in every export.
    assert not any(str(value).startswith(("=", "+", "@")) for row in rows for value in row.values())
