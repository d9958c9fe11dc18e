"""A performance admin follows the golden thread from the Council Plan down to one person's
work, and to the appraisal objectives that hang on it."""

import pytest
from playwright.sync_api import Page, expect

from goldenthread.tests.browser.conftest import (
    check_accessibility,
    check_tags_have_text,
    sign_in,
)

pytestmark = pytest.mark.browser

COUNCIL_PLAN = "Council Plan 2025–2028: Promoting Achievement and Tackling Disadvantage"
TEAM_TARGET = "100% of houses available for re-let within 28 days"
WORK_PLAN = "Collect keys, assess condition, arrange repairs, notify lettings when ready"


def test_performance_admin_follows_the_thread_to_an_individual_objective(page: Page) -> None:
    sign_in(page, "performance.lead")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Plans").click()
    check_accessibility(page, "plans")
    page.get_by_role("link", name=COUNCIL_PLAN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(COUNCIL_PLAN)
    check_accessibility(page, "council-plan")

    page.get_by_role("link", name="Zero homelessness", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zero homelessness")
    check_tags_have_text(page)
    check_accessibility(page, "objective")

    page.get_by_role("link", name="See the golden thread through this objective").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zero homelessness")
    thread = page.locator(".gt-thread")
    # Vision → Council Plan → theme → objective → service → team → individual work plan.
    for step in ["Vision", COUNCIL_PLAN, "Safety and social well-being", TEAM_TARGET, WORK_PLAN]:
        expect(thread).to_contain_text(step)
    expect(thread).to_contain_text("PI-HOU-03 Average time to re-let empty council homes")
    # The diagram is a picture with a name; the list above is its text alternative.
    diagram = page.get_by_role("region", name="Golden thread diagram").locator("svg")
    expect(diagram).to_have_attribute("role", "img")
    assert check_tags_have_text(page) > 0
    check_accessibility(page, "golden-thread")

    thread.get_by_role("link", name=WORK_PLAN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WORK_PLAN)
    expect(page.locator(".govuk-caption-l")).to_contain_text(
        "Individual work plan 2025/26: Sam Wilson"
    )
    expect(page.get_by_text(f"{TEAM_TARGET} (Team plan; direct link)")).to_be_visible()
    check_accessibility(page, "individual-objective")

    # Appraisals are private: the thread shows how many appraisal objectives hang on it,
    # directly or through its indicators and actions, and the people app only the counts.
    page.locator("a[href^='/appraisals/thread/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(WORK_PLAN)
    expect(page.get_by_text("Appraisals are private: only counts are shown here.")).to_be_visible()
    check_accessibility(page, "appraisal-objective-counts")
