"""The quarterly action update: draft → submitted → approved, as indicator returns are."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.delivery import selectors, services
from goldenthread.delivery.models import Action, ActionUpdate, Milestone
from goldenthread.delivery.tests.factories import days, make_action
from goldenthread.indicators.selectors import period_latest_ended

Status = ActionUpdate.Status


@pytest.fixture
def action(council):  # type: ignore[no-untyped-def]
    return make_action(council, "T-UPD", milestones=[("Contractor appointed", days(-5), None)])


@pytest.fixture
def quarter(council):  # type: ignore[no-untyped-def]
    return period_latest_ended(council)


def submitted(action, quarter, person, **data):  # type: ignore[no-untyped-def]
    values = {"progress": 60, "commentary": "Contractor appointed on time."}
    return services.action_update_save(
        update=ActionUpdate(action=action, period=quarter),
        data=services.UpdateData(**{**values, **data}),
        user=person("officer.estates"),
        submit=True,
    )


class TestTheOfficer:
    def test_saves_a_draft_without_commentary_then_submits_it(self, action, quarter, person):
        officer = person("officer.estates")
        draft = services.action_update_save(
            update=ActionUpdate(action=action, period=quarter),
            data=services.UpdateData(progress=55),
            user=officer,
        )
        assert draft.status == Status.DRAFT
        with pytest.raises(ValidationError) as error:
            services.action_update_save(
                update=draft, data=services.UpdateData(progress=55), user=officer, submit=True
            )
        assert set(error.value.message_dict) == {"commentary", "next_steps"}
        done = services.action_update_save(
            update=draft,
            data=services.UpdateData(
                progress=55,
                commentary="Started on site.",
                milestones_completed=list(action.milestones.all()),
            ),
            user=officer,
            submit=True,
        )
        assert (done.status, done.submitted_by, done.status_at_update) == (
            Status.SUBMITTED,
            officer,
            "on_track",
        )

    def test_next_steps_are_needed_when_the_action_would_be_at_risk(self, action, quarter, person):
        with pytest.raises(ValidationError) as error:
            submitted(action, quarter, person)  # the milestone is late and not ticked
        assert "at risk" in error.value.message_dict["next_steps"][0]
        update = submitted(action, quarter, person, next_steps="Chase the contractor weekly.")
        assert update.status_at_update == "at_risk"

    def test_progress_must_be_a_percentage(self, action, quarter, person):
        with pytest.raises(ValidationError) as error:
            submitted(action, quarter, person, progress=120, next_steps="x")
        assert set(error.value.message_dict) == {"progress"}

    def test_a_submitted_update_can_no_longer_be_changed(self, action, quarter, person):
        update = submitted(action, quarter, person, next_steps="Chase.")
        with pytest.raises(ValidationError, match="submitted"):
            services.action_update_save(
                update=update,
                data=services.UpdateData(progress=10),
                user=person("officer.estates"),
            )

    def test_a_member_cannot_write_an_update(self, action, quarter, person):
        with pytest.raises(PermissionDenied):
            services.action_update_save(
                update=ActionUpdate(action=action, period=quarter),
                data=services.UpdateData(progress=10),
                user=person("cllr.leader"),
            )
        assert not ActionUpdate.objects.filter(action=action).exists()


class TestTheApprover:
    def test_head_of_service_approves_and_the_action_takes_the_progress(
        self, action, quarter, person
    ):
        update = submitted(
            action,
            quarter,
            person,
            progress=70,
            milestones_completed=list(action.milestones.all()),
        )
        assert update in selectors.updates_awaiting_approval(
            person("head.housing"), action.organisation
        )
        approved = services.action_update_approve(update=update, user=person("head.housing"))
        assert (approved.status, approved.approved_by.username) == (Status.APPROVED, "head.housing")
        assert Action.objects.get(pk=action.pk).progress == 70
        assert Milestone.objects.get(action=action).completed_on == days(0)
        assert Action.objects.get(pk=action.pk).status_on(days(0)) == "on_track"

    def test_another_services_head_cannot_approve(self, action, quarter, person):
        update = submitted(action, quarter, person, next_steps="Chase.")
        assert update not in selectors.updates_awaiting_approval(
            person("head.cfya"), action.organisation
        )
        with pytest.raises(PermissionDenied):
            services.action_update_approve(update=update, user=person("head.cfya"))
        with pytest.raises(PermissionDenied):
            services.action_update_approve(update=update, user=person("officer.estates"))
        assert ActionUpdate.objects.get(pk=update.pk).status == Status.SUBMITTED

    def test_sending_back_needs_a_reason_and_returns_it_to_draft(self, action, quarter, person):
        update = submitted(action, quarter, person, next_steps="Chase.")
        head = person("head.housing")
        with pytest.raises(ValidationError) as error:
            services.action_update_send_back(update=update, user=head, reason=" ")
        assert set(error.value.message_dict) == {"reason"}
        back = services.action_update_send_back(update=update, user=head, reason="Say more.")
        assert (back.status, back.sent_back_reason) == (Status.DRAFT, "Say more.")
        with pytest.raises(ValidationError, match="submitted"):
            services.action_update_approve(update=back, user=head)


class TestTasks:
    def test_an_action_under_way_is_due_an_update_in_the_open_quarter(self, council, action):
        periods = selectors.update_periods(council, days(0))
        tasks = selectors.update_tasks([action], periods)
        assert [(t.action, t.status) for t in tasks] == [(action, "not_started")] * len(periods)
        assert tasks and tasks[0].state(days(0)) in {"open", "due_soon", "overdue"}

    def test_cancelled_and_not_yet_started_actions_are_not_due_one(self, council):
        cancelled = make_action(council, "T-C", manual_status="cancelled")
        later = make_action(council, "T-L", start_date=days(30), progress=0)
        periods = selectors.update_periods(council, days(0))
        assert selectors.update_tasks([cancelled, later], periods) == []
