from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.finance import services
from goldenthread.finance.models import BudgetReturn

Data = services.BudgetReturnData


def new_return(unit, period):  # type: ignore[no-untyped-def]
    return BudgetReturn(org_unit=unit, period=period, budget=Decimal(0), forecast=Decimal(0))


def test_draft_then_submit_snapshots_the_budget(unit, person, next_quarter):
    housing = unit("Housing")
    budget = services.unit_budget(housing, next_quarter.year)
    assert budget > Decimal(6_000_000)
    saved = services.budget_return_save(
        budget_return=new_return(housing, next_quarter),
        data=Data(forecast=budget),
        user=person("head.housing"),
    )
    assert saved.status == "draft" and saved.budget == budget
    saved = services.budget_return_save(
        budget_return=saved, data=Data(forecast=budget), user=person("head.housing"), submit=True
    )
    assert BudgetReturn.objects.get(pk=saved.pk).status == "submitted"


def test_amber_needs_commentary_and_red_needs_management_action(unit, person, next_quarter):
    housing = unit("Housing")
    budget = services.unit_budget(housing, next_quarter.year)
    amber = (budget * Decimal("1.02")).quantize(Decimal(1))
    with pytest.raises(ValidationError) as caught:
        services.budget_return_save(
            budget_return=new_return(housing, next_quarter),
            data=Data(forecast=amber),
            user=person("head.housing"),
            submit=True,
        )
    assert "amber" in caught.value.message_dict["commentary"][0]
    assert "management_action" not in caught.value.message_dict
    red = (budget * Decimal("1.05")).quantize(Decimal(1))
    with pytest.raises(ValidationError) as caught:
        services.budget_return_save(
            budget_return=new_return(housing, next_quarter),
            data=Data(forecast=red, commentary="Temporary accommodation demand."),
            user=person("head.housing"),
            submit=True,
        )
    assert set(caught.value.message_dict) == {"management_action"}
    assert not BudgetReturn.objects.filter(org_unit=housing, period=next_quarter).exists()


def test_thresholds_are_the_organisations(council, unit, person, next_quarter):
    settings = services.finance_settings_for(council)
    settings.amber_percent, settings.red_percent = Decimal(3), Decimal(10)
    services.finance_settings_save(settings=settings, user=person("head.finance"))
    housing = unit("Housing")
    budget = services.unit_budget(housing, next_quarter.year)
    saved = services.budget_return_save(
        budget_return=new_return(housing, next_quarter),
        data=Data(forecast=budget * Decimal("1.02")),
        user=person("head.housing"),
        submit=True,  # 2% over is green under these thresholds: no commentary needed
    )
    assert services.budget_return_rag(saved) == "green"


def test_approve_send_back_and_reopen(unit, person, next_quarter):
    housing, head, director = unit("Housing"), person("head.housing"), person("director.dns")
    budget = services.unit_budget(housing, next_quarter.year)
    saved = services.budget_return_save(
        budget_return=new_return(housing, next_quarter),
        data=Data(forecast=budget),
        user=person("head.housing"),
        submit=True,
    )
    with pytest.raises(ValidationError):
        services.budget_return_send_back(budget_return=saved, user=head, reason=" ")
    sent = services.budget_return_send_back(
        budget_return=saved, user=head, reason="Include the leasing costs."
    )
    assert sent.status == "draft" and sent.sent_back_reason == "Include the leasing costs."
    services.budget_return_save(
        budget_return=sent, data=Data(forecast=budget), user=head, submit=True
    )
    approved = services.budget_return_approve(budget_return=sent, user=director)
    assert approved.status == "approved" and approved.approved_by == director
    with pytest.raises(ValidationError):
        services.budget_return_save(budget_return=approved, data=Data(forecast=budget), user=head)
    with pytest.raises(ValidationError):
        services.budget_return_reopen(budget_return=approved, user=head, reason="")
    reopened = services.budget_return_reopen(
        budget_return=approved, user=head, reason="Grant income was missed."
    )
    assert reopened.status == "draft"
    assert reopened.history.first().history_change_reason == "Grant income was missed."


def test_who_may_enter_and_approve(unit, person, next_quarter):
    housing = unit("Housing")
    for outsider in ("officer.estates", "head.cfya", "cllr.leader", "auditor"):
        with pytest.raises(PermissionDenied):
            services.budget_return_save(
                budget_return=new_return(housing, next_quarter),
                data=Data(forecast=Decimal(1)),
                user=person(outsider),
            )
    saved = services.budget_return_save(
        budget_return=new_return(housing, next_quarter),
        data=Data(forecast=services.unit_budget(housing, next_quarter.year)),
        user=person("head.finance"),  # the finance service may complete any unit's return
        submit=True,
    )
    with pytest.raises(PermissionDenied):
        services.budget_return_approve(budget_return=saved, user=person("head.cfya"))


def test_carry_forward_request_and_decision(unit, person, council):
    planning = unit("Planning and Regeneration")
    with pytest.raises(ValidationError) as caught:
        services.carry_forward_request(
            unit=planning,
            year=2026,
            kind="underspend",
            amount=Decimal(0),
            business_case="short",
            user=person("head.planning"),
        )
    assert set(caught.value.message_dict) == {"amount", "business_case"}
    with pytest.raises(PermissionDenied):
        services.carry_forward_request(
            unit=planning,
            year=2026,
            kind="underspend",
            amount=Decimal(10),
            business_case="A business case long enough to read.",
            user=person("officer.economy"),
        )
    made = services.carry_forward_request(
        unit=planning,
        year=2026,
        kind="underspend",
        amount=Decimal(45_000),
        business_case="Town centre masterplan consultation moved into the spring.",
        user=person("head.planning"),
    )
    with pytest.raises(PermissionDenied):
        services.carry_forward_decide(
            request=made, approve=True, note="", user=person("head.planning")
        )
    with pytest.raises(ValidationError):
        services.carry_forward_decide(
            request=made, approve=False, note="", user=person("head.finance")
        )
    decided = services.carry_forward_decide(
        request=made, approve=False, note="Fund it from the reserve.", user=person("head.finance")
    )
    assert decided.status == "rejected" and decided.decided_by == person("head.finance")
    with pytest.raises(ValidationError):
        services.carry_forward_decide(
            request=made, approve=True, note="", user=person("head.finance")
        )
