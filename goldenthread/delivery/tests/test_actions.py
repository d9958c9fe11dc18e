"""Saving actions and recording the three decisions people make: complete, cancel, defer."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.delivery import services
from goldenthread.delivery.models import Action, ActionObjective, Milestone
from goldenthread.delivery.tests.factories import days, make_action
from goldenthread.strategy.models import Objective, Plan


def new_action(council, person, **fields):  # type: ignore[no-untyped-def]
    values = {
        "organisation": council,
        "plan": Plan.objects.get(organisation=council, kind="delivery_plan"),
        "code": "NEW-1",
        "title": "Open a new recycling centre",
        "lead": person("officer.waste"),
        "org_unit": person("officer.waste").org_unit,
        "start_date": days(0),
        "due_date": days(300),
    }
    return Action(**{**values, **fields})


class TestSaving:
    def test_an_officer_adds_an_action_on_the_golden_thread(self, council, person):
        objective = Objective.objects.get(organisation=council, code="CP-ENV-3")
        saved = services.action_save(
            action=new_action(council, person),
            user=person("officer.waste"),
            objectives=[(objective, "direct")],
        )
        assert ActionObjective.objects.get(action=saved).objective == objective
        assert saved.history.count() == 1

    def test_each_problem_names_its_field(self, council, person):
        action = new_action(council, person, code="DP-001", title=" ", due_date=days(-1))
        with pytest.raises(ValidationError) as error:
            services.action_save(action=action, user=person("officer.waste"))
        messages = error.value.message_dict
        assert set(messages) == {"code", "title", "due_date"}
        assert "DP-001" in messages["code"][0]
        assert "on or after the start date" in messages["due_date"][0]

    def test_a_plan_action_needs_its_plan_but_a_risk_action_does_not(self, council, person):
        with pytest.raises(ValidationError) as error:
            services.action_save(action=new_action(council, person, plan=None), user=None)
        assert set(error.value.message_dict) == {"plan"}
        risk = new_action(council, person, plan=None, source_kind=Action.SourceKind.RISK)
        assert services.action_save(action=risk, user=None).pk

    def test_things_of_another_organisation_are_refused(self, council, person, other_council):
        stranger = other_council.people.get()
        action = new_action(council, person, lead=stranger, org_unit=stranger.org_unit)
        with pytest.raises(ValidationError) as error:
            services.action_save(action=action, user=None)
        assert set(error.value.message_dict) == {"lead", "org_unit"}

    def test_an_elected_member_cannot_add_or_edit_actions(self, council, person):
        with pytest.raises(PermissionDenied):
            services.action_save(action=new_action(council, person), user=person("cllr.leader"))
        action = make_action(council)
        action.title = "Renamed"
        with pytest.raises(PermissionDenied):
            services.action_save(action=action, user=person("cllr.leader"))

    def test_nobody_takes_over_an_action_by_making_themselves_its_lead(self, council, person):
        action = make_action(council)
        action.lead = person("officer.cleansing")
        with pytest.raises(PermissionDenied):
            services.action_save(action=action, user=person("officer.cleansing"))
        assert Action.objects.get(pk=action.pk).lead.username == "officer.estates"

    def test_another_services_officer_cannot_edit_but_the_units_manager_can(self, council, person):
        action = make_action(council)
        action.title = "Renamed"
        with pytest.raises(PermissionDenied):
            services.action_save(action=action, user=person("officer.cleansing"))
        services.action_save(action=action, user=person("manager.estates"))
        assert Action.objects.get(pk=action.pk).title == "Renamed"


class TestDecisions:
    def test_deferral_keeps_the_first_due_date_however_often_it_is_deferred(self, council, person):
        action = make_action(council)
        first_due = action.due_date
        officer = person("officer.estates")
        services.action_defer(action=action, user=officer, new_due_date=days(150), reason="Staff")
        services.action_defer(action=action, user=officer, new_due_date=days(250), reason="Again")
        action.refresh_from_db()
        assert (action.original_due_date, action.due_date) == (first_due, days(250))
        assert (action.manual_status, action.status_reason) == ("deferred", "Again")

    def test_deferral_needs_a_reason_and_a_later_date(self, council, person):
        action = make_action(council)
        with pytest.raises(ValidationError) as error:
            services.action_defer(
                action=action, user=person("officer.estates"), new_due_date=days(50), reason=" "
            )
        assert set(error.value.message_dict) == {"reason", "new_due_date"}
        assert Action.objects.get(pk=action.pk).manual_status == ""

    def test_cancelling_needs_a_reason(self, council, person):
        action = make_action(council)
        with pytest.raises(ValidationError) as error:
            services.action_cancel(action=action, user=person("officer.estates"), reason="")
        assert "Say why" in error.value.message_dict["reason"][0]
        services.action_cancel(action=action, user=person("officer.estates"), reason="No funding")
        action.refresh_from_db()
        assert (action.manual_status, action.status_reason) == ("cancelled", "No funding")

    def test_completion_is_done_once_not_in_the_future(self, council, person):
        action = make_action(council)
        officer = person("officer.estates")
        with pytest.raises(ValidationError) as error:
            services.action_complete(action=action, user=officer, completed_on=days(1))
        assert set(error.value.message_dict) == {"completed_on"}
        done = services.action_complete(action=action, user=officer, completed_on=days(-1))
        assert (done.manual_status, done.progress, done.completed_on) == ("complete", 100, days(-1))
        with pytest.raises(ValidationError, match="already complete"):
            services.action_cancel(action=action, user=officer, reason="Too late")

    def test_work_restarts_on_a_deferred_action(self, council, person):
        action = make_action(council)
        officer = person("officer.estates")
        services.action_defer(action=action, user=officer, new_due_date=days(150), reason="Paused")
        resumed = services.action_resume(action=action, user=officer)
        assert resumed.manual_status == "" and resumed.original_due_date is not None

    def test_only_those_who_may_edit_record_decisions(self, council, person):
        action = make_action(council)
        with pytest.raises(PermissionDenied):
            services.action_cancel(action=action, user=person("head.cfya"), reason="Not mine")
        assert Action.objects.get(pk=action.pk).manual_status == ""


def test_a_milestone_is_recorded_as_done(council, person):
    action = make_action(council, milestones=[("Survey", days(-3), None)])
    milestone = Milestone.objects.get(action=action)
    services.milestone_complete(milestone=milestone, user=person("officer.estates"))
    assert Milestone.objects.get(pk=milestone.pk).completed_on == days(0)
    with pytest.raises(ValidationError, match="was completed"):
        services.milestone_complete(milestone=milestone, user=person("officer.estates"))
