"""Quarterly risk returns join the daily reminder email: risk owners until the return is
submitted, its approvers after."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from goldenthread.accounts.models import User
from goldenthread.indicators.reminders import reminders_send
from goldenthread.indicators.selectors import return_window
from goldenthread.risks.models import RiskReturn
from goldenthread.risks.tests.factories import DNS, make_risk, register
from goldenthread.strategy.models import ReportingPeriod


def last_quarter(council) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    return (
        ReportingPeriod.objects.filter(
            organisation=council, frequency="quarterly", end_date__lt=timezone.localdate()
        )
        .order_by("-end_date")
        .first()
    )


def body_for(username: str) -> str:
    address = User.objects.get(username=username).email
    return "\n".join(m.body for m in mail.outbox if address in m.to)


def test_risk_owners_are_reminded_until_the_return_is_submitted(council):
    quarter = last_quarter(council)
    dns = register(council, DNS)
    RiskReturn.objects.filter(register=dns, period=quarter).delete()
    make_risk(council, "T-REM", identified_on=quarter.start_date)
    deadline = return_window(council, quarter).deadline

    reminders_send(today=deadline - timedelta(days=1), organisation=council)

    due_soon = body_for("officer.estates").split("DUE SOON")[1]
    assert f"Risk return: {dns.name}" in due_soon
    assert f"/risks/returns/{dns.pk}/{quarter.pk}/" in due_soon


def test_a_submitted_return_goes_to_its_approvers(council):
    quarter = last_quarter(council)
    dns = register(council, DNS)
    RiskReturn.objects.filter(register=dns, period=quarter).delete()
    RiskReturn.objects.create(register=dns, period=quarter, status="submitted")
    deadline = return_window(council, quarter).deadline

    reminders_send(today=deadline - timedelta(days=1), organisation=council)

    assert f"Risk return: {dns.name}" in body_for("head.housing").split("AWAITING")[1]
    assert f"Risk return: {dns.name}" not in body_for("head.schools")
