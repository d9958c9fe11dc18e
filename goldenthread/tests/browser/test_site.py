"""The public pages, the accessibility statement, and the content security policy holding in
a real browser on the pages with charts, diagrams and scripts."""

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from goldenthread.tests.browser.conftest import check_accessibility, sign_in

pytestmark = pytest.mark.browser


def test_the_public_reads_the_framework_and_the_accessibility_statement(page: Page) -> None:
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wyvern Vale Borough Council")
    check_accessibility(page, "public-home")
    page.get_by_role("link", name="performance management framework").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Our framework")
    check_accessibility(page, "framework")
    page.get_by_role("contentinfo").get_by_role("link", name="Reporting calendar").click()
    check_accessibility(page, "calendar")

    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Accessibility statement for Golden Thread"
    )
    for heading in [
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Non-accessible content",
        "How we tested this website",
        "Preparation of this accessibility statement",
    ]:
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(page.get_by_text("partially compliant with the")).to_contain_text("2.2 AA")
    check_accessibility(page, "accessibility-statement")

    page.get_by_role("banner").get_by_role("link", name="Sign in").click()
    check_accessibility(page, "sign-in")


def test_pages_keep_to_the_content_security_policy(strict_context: BrowserContext) -> None:
    """No inline script or style anywhere: the browser reports none refused, and the charts'
    SVG still draws with its colours (presentation attributes, not style)."""
    page = strict_context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    sign_in(page, "performance.lead")
    page.goto("/indicators/")
    page.get_by_role("link", name="PI-HOU-03").first.click()
    expect(page.locator("figure.gt-chart svg")).to_be_visible()
    policy = page.evaluate(
        "() => fetch(location.href).then(r => r.headers.get('content-security-policy'))"
    )
    assert "script-src 'self'" in policy
    page.goto("/objectives/")
    page.get_by_role("link", name="Zero homelessness").first.click()
    page.get_by_role("link", name="See the golden thread through this objective").click()
    expect(page.get_by_role("region", name="Golden thread diagram").locator("svg")).to_be_visible()
    page.goto("/dashboards/")
    page.goto("/reports/quarterly/")
    expect(page.locator("figure.gt-chart svg").first).to_be_visible()
    assert refused == []
