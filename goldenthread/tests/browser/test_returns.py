"""Returns in the browser: a lead officer submits the quarter's returns, and a head of service
sends one back and approves the rest. Each journey uses its own demo people, so the order the
tests run in does not matter."""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from goldenthread.tests.browser.conftest import (
    check_accessibility,
    check_charts,
    check_tags_have_text,
    sign_in,
)

pytestmark = pytest.mark.browser


def open_return(page: Page, code: str) -> None:
    page.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def test_officer_submits_the_quarters_returns(page: Page) -> None:
    sign_in(page, "officer.estates")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My returns")
    expect(page.get_by_text("You have 3 returns to complete.")).to_be_visible()
    check_tags_have_text(page)
    check_accessibility(page, "my-returns")

    # A red value: submitting without commentary or remedial action is refused, field by field.
    open_return(page, "PI-HOU-03")
    check_accessibility(page, "return-form")
    page.get_by_label("Value (Days)").fill("33.5")
    page.get_by_role("button", name="Submit for approval").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The value is red: explain why in the commentary.")
    expect(summary).to_contain_text("The value is red: say what remedial action is being taken.")
    assert page.title().startswith("Error: ")
    check_accessibility(page, "return-form-errors")
    # The error summary's link takes the officer to the field to correct.
    summary.get_by_role("link", name="explain why in the commentary").click()
    expect(page.get_by_label("Commentary")).to_be_focused()
    page.get_by_label("Commentary").fill(
        "Three long-term empty homes needed major repairs before they could be re-let."
    )
    page.get_by_label("Remedial action").fill(
        "A second repairs contractor for major voids from October; weekly void review."
    )
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("PI-HOU-03 for")
    expect(page.get_by_text("You have 2 returns to complete.")).to_be_visible()

    # A percentage worked out from its numerator and denominator, far above any quarter
    # before: the officer must confirm the figure and say why it is unusual.
    open_return(page, "PI-HOU-04")
    page.get_by_label("Numerator").fill("50")
    page.get_by_label("Denominator").fill("50")
    page.get_by_label("Commentary").fill("Every one of the 50 homes was ready within 28 days.")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "100.0% is outside the range past values suggest"
    )
    page.get_by_label("Unusual value confirmed").check()
    page.get_by_label("Explanation of an unusual value").fill(
        "Checked against the lettings system: the new repairs contractor cleared every void."
    )
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.get_by_text("You have 1 return to complete.")).to_be_visible()

    # Saved as a draft first, then finished and submitted.
    open_return(page, "PI-HOU-08")
    page.get_by_label("Value (Percentage (%))").fill("91.5")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your draft has been saved."
    )
    expect(page.locator(".govuk-caption-l")).to_contain_text("Draft")
    expect(page.get_by_label("Value (Percentage (%))")).to_have_value(re.compile(r"^91\.50*$"))
    page.get_by_label("Commentary").fill("Within the band.")
    page.get_by_role("button", name="Submit for approval").click()

    expect(page.get_by_text("You have no returns to complete.")).to_be_visible()
    table = page.get_by_role("table", name="Your returns for the periods now open")
    for code in ["PI-HOU-03", "PI-HOU-04", "PI-HOU-08"]:
        row = table.get_by_role("row").filter(has_text=code).first
        expect(row).to_contain_text("Awaiting approval")

    # The red return reads back as submitted, with its commentary and remedial action.
    open_return(page, "PI-HOU-03")
    expect(page.locator(".govuk-caption-l")).to_contain_text("Submitted")
    expect(page.get_by_text("A second repairs contractor for major voids")).to_be_visible()
    check_accessibility(page, "return-submitted")

    # The indicator page: the chart, its data table, and every status in words.
    page.get_by_role("link", name="Indicator page, chart and definition").click()
    assert check_charts(page) == 1
    assert check_tags_have_text(page) > 0
    check_accessibility(page, "indicator")


def test_head_of_service_sends_one_back_and_approves_the_rest(
    page: Page, context: BrowserContext
) -> None:
    sign_in(page, "head.cfya")
    page.goto("/returns/")
    page.get_by_role("link", name="Review returns").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Returns awaiting your approval")
    queue = page.get_by_role("table", name="Submitted returns you may approve")
    expect(queue.get_by_role("row")).to_have_count(3)  # the header and two returns
    check_tags_have_text(page)
    check_accessibility(page, "approvals")

    # Send the amber fly-tipping return back: a reason is required.
    queue.get_by_role("link", name="PI-ENV-05").click()
    check_accessibility(page, "return-to-approve")
    page.get_by_text("Send it back to the officer").click()
    page.get_by_role("button", name="Send back").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Say why the return is being sent back."
    )
    page.get_by_text("Send it back to the officer").click()
    page.get_by_label("Why are you sending it back?").fill(
        "Please split the back-lane incidents out in the commentary."
    )
    check_accessibility(page, "send-back")
    page.get_by_role("button", name="Send back").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "has been sent back to the officer"
    )

    # Approve the rest in bulk.
    queue = page.get_by_role("table", name="Submitted returns you may approve")
    expect(queue.get_by_role("row")).to_have_count(2)
    page.get_by_label("Approve PI-ENV-07").check()
    page.get_by_role("button", name="Approve selected returns").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "1 return approved."
    )
    expect(page.get_by_text("No returns are waiting for your approval.")).to_be_visible()

    # The officer sees it sent back, with the reason, at the top of their list.
    context.clear_cookies()
    sign_in(page, "officer.cleansing")
    page.goto("/returns/")
    first = page.get_by_role("table").get_by_role("row").nth(1)
    expect(first).to_contain_text("PI-ENV-05")
    expect(first).to_contain_text("Sent back")
    expect(first).to_contain_text("Please split the back-lane incidents out")
    first.get_by_role("link").click()
    expect(page.get_by_role("region", name="Sent back")).to_contain_text(
        "Please split the back-lane incidents out"
    )
    check_accessibility(page, "return-sent-back")
