"""Clinics: the schedule, agreed actions as delivery actions, and follow-up."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from goldenthread.challenge import services
from goldenthread.challenge.models import Meeting
from goldenthread.delivery import selectors as delivery_selectors
from goldenthread.delivery.models import Action


def test_three_clinics_a_year_are_scheduled_four_months_apart(council, person):
    made = services.clinics_schedule(
        organisation=council, kind="improvement_clinic", first_on=date(2027, 5, 12), count=3,
        user=person("chief.executive"),
    )  # fmt: skip
    assert [m.held_on for m in made] == [date(2027, 5, 12), date(2027, 9, 12), date(2028, 1, 12)]
    assert made[0].title == "Improvement clinic, May 2027"


def test_officers_cannot_schedule_clinics(council, person):
    with pytest.raises(PermissionDenied):
        services.clinics_schedule(
            organisation=council, kind="improvement_clinic", first_on=date(2027, 5, 1), count=3,
            user=person("officer.estates"),
        )  # fmt: skip


def test_a_scrutiny_meeting_needs_its_committee(council, person):
    with pytest.raises(ValidationError) as caught:
        services.meeting_save(
            meeting=Meeting(organisation=council, kind="scrutiny", title="S",
                            held_on=date(2026, 1, 1)),
            user=person("cllr.scrutiny"),
        )  # fmt: skip
    assert "committee" in caught.value.message_dict


def test_an_agreed_action_is_a_delivery_action_in_its_owners_updates(
    council, person, unit, signed_in
):
    clinic = Meeting.objects.filter(organisation=council, kind="improvement_clinic").first()
    owner = person("officer.estates")
    action = services.agreed_action_add(
        source=clinic,
        data=services.AgreedAction(
            title="Fix the voids process",
            due_date=timezone.localdate() + timedelta(days=200),
            lead=owner,
            org_unit=unit("Estate Management"),
        ),  # fmt: skip
        user=person("performance.lead"),
    )
    stored = Action.objects.get(pk=action.pk)
    assert stored.source == clinic
    assert stored.source_kind == Action.SourceKind.CLINIC
    assert stored.code.startswith(f"IC-{clinic.pk}-")
    assert stored in delivery_selectors.actions_led_by(owner, council)
    page = signed_in("officer.estates").get("/actions/mine/").content.decode()
    assert stored.code in page


def test_agreed_actions_get_the_next_free_reference(council, person):
    clinic = Meeting.objects.filter(organisation=council, kind="improvement_clinic").first()
    before = clinic.actions.count()
    data = services.AgreedAction(title="Another", due_date=clinic.held_on + timedelta(days=30))
    action = services.agreed_action_add(source=clinic, data=data, user=None)
    assert action.code == f"IC-{clinic.pk}-{before + 1:02d}"


def test_an_action_due_before_the_meeting_starts_when_it_is_due(council):
    clinic = Meeting.objects.filter(organisation=council, kind="improvement_clinic").first()
    data = services.AgreedAction(title="Late", due_date=clinic.held_on - timedelta(days=1))
    start = clinic.held_on - timedelta(days=1)
    action = services.agreed_action_add(source=clinic, data=data, user=None)
    assert action.start_date == start  # never after its due date


def test_the_next_clinic_follows_up_the_previous_ones_actions(council, signed_in):
    first, second = Meeting.objects.filter(
        organisation=council, kind="improvement_clinic", held_on__lte=timezone.localdate()
    ).order_by("held_on")[:2]
    page = signed_in("chief.executive").get(second.get_absolute_url()).content.decode()
    assert "Follow-up of the previous meeting" in page
    for action in first.actions.all():
        assert action.code in page


def test_members_see_a_clinic_but_cannot_change_it(council, signed_in):
    clinic = Meeting.objects.filter(organisation=council, kind="improvement_clinic").first()
    client = signed_in("cllr.scrutiny")
    page = client.get(clinic.get_absolute_url()).content.decode()
    assert "Suggested for challenge" not in page
    assert client.get(f"/challenge/meetings/{clinic.pk}/edit/").status_code == 403


def test_agreed_action_form(council, signed_in, person):
    clinic = Meeting.objects.filter(organisation=council, kind="improvement_clinic").first()
    response = signed_in("performance.lead").post(
        f"/challenge/meeting/{clinic.pk}/actions/add/",
        {"title": "Weekly case review", "lead": person("head.planning").pk,
         "due_date": (clinic.held_on + timedelta(days=90)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    assert clinic.actions.filter(title="Weekly case review").exists()


def test_unknown_action_source_is_not_found(signed_in):
    assert signed_in("performance.lead").get("/challenge/budget/1/actions/add/").status_code == 404
