"""An action's status is derived from its own dates, milestones and progress, never typed."""

from goldenthread.calculations.delivery import ActionStatus
from goldenthread.delivery.models import Action
from goldenthread.delivery.selectors import action_rows, actions_for_organisation, status_counts
from goldenthread.delivery.tests.factories import days, make_action


def test_halfway_through_with_half_done_is_on_track(council):
    assert make_action(council).status_on(days(0)) == ActionStatus.ON_TRACK


def test_progress_lagging_the_time_by_more_than_fifteen_points_is_at_risk(council):
    assert make_action(council, progress=35).status_on(days(0)) == ActionStatus.ON_TRACK
    assert make_action(council, "T-002", progress=34).status_on(days(0)) == ActionStatus.AT_RISK


def test_a_late_milestone_puts_the_action_at_risk_then_off_track(council):
    week_late = make_action(council, milestones=[("Contract let", days(-7), None)])
    month_late = make_action(council, "T-002", milestones=[("Contract let", days(-45), None)])
    done_late = make_action(council, "T-003", milestones=[("Contract let", days(-45), days(-2))])
    assert week_late.status_on(days(0)) == ActionStatus.AT_RISK
    assert month_late.status_on(days(0)) == ActionStatus.OFF_TRACK
    assert done_late.status_on(days(0)) == ActionStatus.ON_TRACK


def test_dates_decide_not_started_and_overdue(council):
    future = make_action(council, start_date=days(10), due_date=days(200), progress=0)
    past = make_action(council, "T-002", start_date=days(-200), due_date=days(-1), progress=99)
    assert future.status_on(days(0)) == ActionStatus.NOT_STARTED
    assert past.status_on(days(0)) == ActionStatus.OVERDUE


def test_the_recorded_decisions_are_shown_as_recorded(council):
    for code, manual in [("T-1", "complete"), ("T-2", "cancelled"), ("T-3", "deferred")]:
        action = make_action(council, code, manual_status=manual, due_date=days(-1))
        expected = ActionStatus.OVERDUE if manual == "deferred" else ActionStatus(manual)
        assert action.status_on(days(0)) == expected


def test_the_list_filters_and_counts_by_derived_status(council):
    make_action(council, "ZZ-1", progress=5)  # off track
    rows = action_rows(actions_for_organisation(council, search="ZZ-"), days(0))
    assert [row.status for row in rows] == [ActionStatus.OFF_TRACK]
    counts = dict(status_counts(rows))
    assert counts[ActionStatus.OFF_TRACK] == 1 and counts[ActionStatus.ON_TRACK] == 0
    assert (
        action_rows(actions_for_organisation(council, search="ZZ-"), days(0), status="on_track")
        == []
    )


def test_the_demo_delivery_plan_shows_every_status(council):
    actions = Action.objects.filter(
        organisation=council, plan__kind="delivery_plan"
    ).prefetch_related("milestones")
    statuses = {action.status_on(days(0)) for action in actions}
    assert statuses == set(ActionStatus)
    assert 55 <= len(actions) <= 65
