import re
from decimal import Decimal

import pytest

from goldenthread.finance import selectors, services
from goldenthread.finance.models import BudgetLine, BudgetReturn, CarryForward
from goldenthread.forms import version_token

PAGES = [
    "/finance/",
    "/finance/mtfp/",
    "/finance/savings/",
    "/finance/carry-forwards/",
    "/finance/resources/",
    "/finance/approvals/",
]


@pytest.mark.parametrize("url", PAGES)
def test_pages_for_members_of_the_council(signed_in, url):
    response = signed_in("cllr.scrutiny").get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


@pytest.mark.parametrize("url", PAGES)
def test_other_councils_people_see_none_of_ours(other_council, signed_in, url):
    response = signed_in("northfield.officer").get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Children&#x27;s Social Care" not in page and "Housing" not in page


def test_other_councils_people_get_404_for_our_budgets(other_council, signed_in, unit, council):
    stranger = signed_in("northfield.officer")
    housing = unit("Housing")
    period = selectors.monitoring_period_current(council)
    request = CarryForward.objects.filter(org_unit__organisation=council).first()
    for url in (
        f"/finance/units/{housing.pk}/",
        f"/finance/units/{housing.pk}/returns/{period.pk}/",
        f"/finance/monitoring/{period.pk}/export.csv",
        request.get_absolute_url(),
    ):
        assert stranger.get(url).status_code == 404, url


def test_overview_shows_variances_and_the_nav_entry(signed_in):
    page = signed_in("director.resources").get("/finance/").content.decode()
    assert "Children&#x27;s Social Care" in page
    assert "gt-rag--red" in page and "Red" in page
    assert ">Finance<" in page


def test_unit_page_shows_the_mtfp_lines(signed_in, unit):
    housing = unit("Housing")
    page = signed_in("head.housing").get(f"/finance/units/{housing.pk}/").content.decode()
    assert "HSG01 Housing: staffing" in page
    assert "(indicative)" in page


def test_return_form_submits_through_the_view(signed_in, unit, next_quarter):
    housing = unit("Housing")
    url = f"/finance/units/{housing.pk}/returns/{next_quarter.pk}/"
    client = signed_in("head.housing")
    assert client.get(url).status_code == 200
    budget = services.unit_budget(housing, next_quarter.year)
    red = (budget * Decimal("1.05")).quantize(Decimal(1))
    response = client.post(url, {"forecast": str(red), "commentary": "", "submit": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "explain it in the commentary" in page
    response = client.post(
        url,
        {
            "forecast": str(red),
            "commentary": "Bed and breakfast use up.",
            "management_action": "Leasing more homes.",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    assert BudgetReturn.objects.get(org_unit=housing, period=next_quarter).status == "submitted"
    # The director approves it from the decision URL.
    response = signed_in("director.dns").post(url + "approve/")
    assert BudgetReturn.objects.get(org_unit=housing, period=next_quarter).status == "approved"


def test_officer_cannot_post_a_return(signed_in, unit, next_quarter):
    housing = unit("Housing")
    url = f"/finance/units/{housing.pk}/returns/{next_quarter.pk}/"
    assert signed_in("officer.estates").post(url, {"forecast": "1"}).status_code == 403


def test_stale_edit_is_refused_with_both_versions(signed_in, council, person):
    line = BudgetLine.objects.filter(organisation=council, code="HSG01").first()
    stale = version_token(line)
    line.amount += 1000
    line.save()
    client = signed_in("head.finance")
    data = {
        "org_unit": line.org_unit_id,
        "code": line.code,
        "title": "Housing staffing (revised)",
        "category": line.category,
        "year": line.year,
        "amount": "1",
        "theme": "",
        "objective": line.objective_id or "",
        "edit_version": stale,
    }
    response = client.post(f"/finance/lines/{line.pk}/edit/", data)
    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    line.refresh_from_db()
    assert line.title != "Housing staffing (revised)"


def test_only_finance_manages_budget_lines(signed_in):
    assert signed_in("head.housing").get("/finance/lines/add/").status_code == 403
    assert signed_in("head.finance").get("/finance/lines/add/").status_code == 200


def test_carry_forward_pages(signed_in, unit):
    planning = unit("Planning and Regeneration")
    client = signed_in("head.planning")
    response = client.post(
        f"/finance/units/{planning.pk}/carry-forward/",
        {
            "kind": "underspend",
            "amount": "30000",
            "business_case": "Heritage grant match funding committed for the spring.",
        },
    )
    made = CarryForward.objects.get(org_unit=planning, amount=30000)
    assert response.status_code == 302
    response = signed_in("head.finance").post(
        made.get_absolute_url(), {"decision": "approve", "note": ""}
    )
    made.refresh_from_db()
    assert made.status == "approved"
    assert (
        "Approved by Linda Walsh"
        in signed_in("cllr.scrutiny").get(made.get_absolute_url()).content.decode()
    )


def test_resources_against_priorities(council, signed_in):
    rows = selectors.resources_against_priorities(
        council, selectors.financial_year(council), selectors.monitoring_period_current(council)
    )
    by_title = {row.theme.title: row for row in rows}
    safety = by_title["Safety and social well-being"]
    assert safety.budget > Decimal(100_000_000)
    assert safety.forecast > safety.budget  # children's placements and temporary accommodation
    assert safety.rag_counts.total > 0
    page = signed_in("cllr.scrutiny").get("/finance/resources/").content.decode()
    assert "Safety and social well-being" in page
    assert re.search(r"Environment", page)
