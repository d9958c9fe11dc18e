"""The demo council's delivery plan, service plan actions, updates and recovery plans."""

from collections import Counter

from goldenthread.calculations.delivery import ActionStatus
from goldenthread.delivery.models import Action, ActionUpdate, RecoveryPlan
from goldenthread.delivery.selectors import update_periods
from goldenthread.delivery.tests.factories import days
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import Theme


def test_about_sixty_delivery_plan_actions_across_the_five_themes(council):
    actions = Action.objects.filter(organisation=council, plan__kind="delivery_plan")
    per_theme = Counter(actions.values_list("theme__slug", flat=True))
    assert set(per_theme) == set(
        Theme.objects.filter(organisation=council).values_list("slug", flat=True)
    )
    assert all(count == 12 for count in per_theme.values())
    assert all(action.objective_links.exists() for action in actions)


def test_service_and_team_plans_have_actions_on_the_thread(council):
    kinds = set(
        Action.objects.filter(organisation=council, source_kind="plan").values_list(
            "plan__kind", flat=True
        )
    )
    assert {"delivery_plan", "service_plan", "team_plan"} <= kinds


def test_every_status_is_present_and_the_recorded_ones_have_reasons(council):
    actions = Action.objects.filter(organisation=council).prefetch_related("milestones")
    assert {a.status_on(days(0)) for a in actions} == set(ActionStatus)
    for action in actions.filter(manual_status__in=["cancelled", "deferred"]):
        assert action.status_reason
    for action in actions.filter(manual_status="deferred"):
        assert action.original_due_date < action.due_date


def test_past_quarters_are_approved_and_this_quarter_is_a_mix(council):
    current = update_periods(council, days(0))[-1]
    now = Counter(
        ActionUpdate.objects.filter(period=current, action__organisation=council).values_list(
            "status", flat=True
        )
    )
    assert {"approved", "submitted", "draft"} <= set(now)
    earlier = ActionUpdate.objects.filter(
        action__organisation=council, period__end_date__lt=current.start_date
    )
    assert earlier.count() > 60
    assert set(earlier.values_list("status", flat=True)) == {"approved"}
    assert all(update.history.exists() for update in earlier[:5])


def test_two_recovery_plans_on_indicators_that_need_them(council):
    plans = RecoveryPlan.objects.filter(organisation=council, closed_on__isnull=True)
    if not Indicator.objects.filter(organisation=council).exists():
        assert not plans.exists()
        return
    assert plans.count() == 2
    for plan in plans:
        assert plan.actions.count() >= 2
        assert all(action.source_kind == "recovery" for action in plan.actions.all())
        assert plan.indicator.action_links.exists()
