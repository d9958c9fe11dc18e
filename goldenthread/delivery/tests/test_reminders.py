"""Action updates join the daily reminder email: leads until they submit, approvers after."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from goldenthread.accounts.models import User
from goldenthread.delivery.models import ActionUpdate
from goldenthread.delivery.tests.factories import make_action
from goldenthread.indicators.reminders import reminders_send
from goldenthread.indicators.selectors import return_window
from goldenthread.strategy.models import ReportingPeriod


def last_quarter(council) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return (
        ReportingPeriod.objects.filter(
            organisation=council, frequency="quarterly", end_date__lt=today
        )
        .order_by("-end_date")
        .first()
    )


def body_for(username: str) -> str:
    address = User.objects.get(username=username).email
    [message] = [m for m in mail.outbox if address in m.to]
    return message.body


def test_the_lead_is_reminded_of_an_update_due_soon(council):
    quarter = last_quarter(council)
    deadline = return_window(council, quarter).deadline
    action = make_action(council, "T-REM", start_date=quarter.start_date)

    reminders_send(today=deadline - timedelta(days=1), organisation=council)

    body = body_for("officer.estates")
    due_soon = body.split("DUE SOON")[1]
    assert f"Action update: T-REM {action.title}" in due_soon
    assert f"/actions/{action.pk}/updates/{quarter.pk}/" in due_soon


def test_a_submitted_update_goes_to_the_approver_not_the_lead(council, person):
    quarter = last_quarter(council)
    deadline = return_window(council, quarter).deadline
    action = make_action(council, "T-REM", start_date=quarter.start_date)
    ActionUpdate.objects.create(
        action=action, period=quarter, status="submitted", progress=60, commentary="On track."
    )

    reminders_send(today=deadline - timedelta(days=1), organisation=council)

    awaiting = body_for("head.housing").split("AWAITING YOUR APPROVAL")[1]
    assert f"Action update: T-REM {action.title}" in awaiting
    lead = User.objects.get(username="officer.estates").email
    lead_bodies = [m.body for m in mail.outbox if lead in m.to]
    assert all("T-REM" not in text for text in lead_bodies)
