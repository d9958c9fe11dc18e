"""Recovery plans: asked for when an indicator is red twice running, shown until it recovers."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.delivery import selectors, services
from goldenthread.delivery.models import Action, RecoveryPlan
from goldenthread.delivery.tests.factories import days
from goldenthread.indicators.selectors import period_latest_ended
from goldenthread.indicators.tests.factories import (
    approved_values,
    make_indicator,
    quarters,
    set_target,
)
from goldenthread.strategy.models import ReportingPeriod


@pytest.fixture
def recent(council) -> list[ReportingPeriod]:  # type: ignore[no-untyped-def]
    """The six quarters up to the latest that has ended, oldest first."""
    latest = period_latest_ended(council)
    found = list(
        ReportingPeriod.objects.filter(
            organisation=council, frequency="quarterly", end_date__lte=latest.end_date
        ).order_by("-start_date")[:6]
    )
    return found[::-1]


@pytest.fixture
def voids(council, recent):  # type: ignore[no-untyped-def]
    """Green for three quarters, red for two, then green again in the latest quarter."""
    indicator = make_indicator(council, "T-VOID", title="Empty homes re-let within 28 days")
    for period in recent:
        set_target(indicator, period.label, "90")
    approved_values(indicator, recent[0].label, ["95", "94", "96", "80", "78", "93"])
    assert [p.label for p in quarters(council, recent[0].label, 6)] == [p.label for p in recent]
    return indicator


def due_codes(council, period, **kwargs):  # type: ignore[no-untyped-def]
    return {
        due.indicator.code: due for due in selectors.recovery_plans_due(council, period, **kwargs)
    }


def test_red_twice_running_asks_the_owner_for_a_recovery_plan(council, recent, voids, person):
    red_twice = recent[4]
    asked = due_codes(council, red_twice)
    assert asked["T-VOID"].reason == RecoveryPlan.Reason.RED_TWICE
    assert "T-VOID" in due_codes(council, red_twice, owner=person("officer.estates"))
    assert "T-VOID" not in due_codes(council, red_twice, owner=person("officer.cleansing"))
    assert "T-VOID" not in due_codes(council, recent[3])  # red once is not enough


def test_an_open_plan_stops_the_asking_and_only_one_may_be_open(council, recent, voids, person):
    officer = person("officer.estates")
    plan = services.recovery_plan_open(
        indicator=voids, user=officer, reason="red_twice", summary="Repairs backlog cleared."
    )
    assert "T-VOID" not in due_codes(council, recent[4])
    with pytest.raises(ValidationError, match="already has an open recovery plan"):
        services.recovery_plan_open(indicator=voids, user=officer, reason="red_twice", summary="x")
    assert [s.plan for s in selectors.recovery_plans_for_indicator(voids, days(0))] == [plan]


def test_a_recovery_plan_needs_a_summary_and_the_owners_hand(council, voids, person):
    with pytest.raises(ValidationError) as error:
        services.recovery_plan_open(
            indicator=voids, user=person("officer.estates"), reason="red_twice", summary=" "
        )
    assert set(error.value.message_dict) == {"summary"}
    with pytest.raises(PermissionDenied):
        services.recovery_plan_open(
            indicator=voids, user=person("head.cfya"), reason="red_twice", summary="Mine now"
        )


def test_recovery_actions_hang_on_the_plan(council, voids, person):
    plan = services.recovery_plan_open(
        indicator=voids, user=None, reason="red_twice", summary="Clear the backlog."
    )
    action = Action(
        organisation=council,
        code="RP-T1",
        title="Weekly clinic on the backlog",
        source_kind=Action.SourceKind.RECOVERY,
        lead=voids.owner,
        org_unit=voids.org_unit,
        start_date=days(0),
        due_date=days(90),
    )
    services.action_save(
        action=action, user=person("officer.estates"), indicators=[voids], source=plan
    )
    assert list(plan.actions.all()) == [action]
    assert Action.objects.get(pk=action.pk).source == plan
    [summary] = selectors.recovery_plans_for_indicator(voids, days(0))
    assert [row.action for row in summary.rows] == [action]


def test_the_plan_closes_when_the_indicator_recovers_and_not_before(council, recent, voids):
    plan = services.recovery_plan_open(
        indicator=voids, user=None, reason="red_twice", summary="Clear the backlog."
    )
    assert services.recovery_plans_review(organisation=council, period=recent[4]) == []
    assert RecoveryPlan.objects.get(pk=plan.pk).is_open
    [closed] = services.recovery_plans_review(organisation=council, period=recent[5])
    assert closed.pk == plan.pk and closed.closed_on == days(0)
    assert f"green in {recent[5].label}" in closed.closing_note
    assert selectors.recovery_plans_for_indicator(voids, days(0)) == []
    assert "T-VOID" not in due_codes(council, recent[5])
