"""A lead officer submits a return with the keyboard alone: Tab, Shift+Tab, Enter and typing,
never the mouse; every stop on the way shows where the focus is."""

import pytest
from playwright.sync_api import Page, expect

from goldenthread.tests.browser.conftest import PASSWORD, check_accessibility

pytestmark = pytest.mark.browser

# What a screen reader would announce for the focused element: its label or its text.
_FOCUSED = """() => {
  const element = document.activeElement;
  const label = element.labels && element.labels.length ? element.labels[0].textContent
    : element.getAttribute('aria-label') || element.textContent;
  const style = getComputedStyle(element);
  return {
    name: (label || '').replace(/\\s+/g, ' ').trim(),
    tag: element.tagName,
    id: element.id,
    visible: style.outlineStyle !== 'none' || style.boxShadow !== 'none',
  };
}"""


def focused(page: Page) -> dict:
    return page.evaluate(_FOCUSED)


def tab_to(page: Page, name: str, limit: int = 60) -> None:
    """Tabs forward until the focus reaches the element whose name starts with `name`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["name"].startswith(name):
            assert now["visible"], f"the focus on {name!r} cannot be seen"
            return
    pytest.fail(f"Tab never reached {name!r}")


def test_officer_submits_a_return_with_the_keyboard_only(page: Page) -> None:
    page.goto("/sign-in/")
    assert focused(page)["name"].startswith("Username")  # the form starts with the focus
    page.keyboard.type("officer.adults")
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    tab_to(page, "Returns")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("My returns")
    # The first Tab reaches the skip link, which takes the focus past the header and menu.
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "Skip to main content"
    assert focused(page)["visible"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main-content"
    tab_to(page, "PI-ASC-02")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("PI-ASC-02")

    # A figure well above any quarter before, so the form asks for it to be confirmed.
    tab_to(page, "Value")
    page.keyboard.type("99.5")
    tab_to(page, "Commentary")
    page.keyboard.type("Above target for the third quarter running.")
    tab_to(page, "Source of the figure")
    page.keyboard.type("Adult social care case management system")
    tab_to(page, "Prepared by")
    page.keyboard.type("Holly Green")
    tab_to(page, "Submit for approval")
    check_accessibility(page, "return-form-keyboard")
    page.keyboard.press("Enter")

    # The error summary takes the focus; its link leads to the explanation to give.
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    expect(page.locator(".govuk-error-summary")).to_contain_text("99.5% is outside the range")
    tab_to(page, "99.5% is outside the range")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_outlier_explanation"
    page.keyboard.type("Checked against the case management system: a review closed old cases.")
    page.keyboard.press("Shift+Tab")
    assert focused(page)["name"].startswith("Unusual value confirmed")
    page.keyboard.press("Space")
    tab_to(page, "Submit for approval")
    page.keyboard.press("Enter")

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("PI-ASC-02 for")
    row = page.get_by_role("table").get_by_role("row").filter(has_text="PI-ASC-02").first
    expect(row).to_contain_text("Awaiting approval")
