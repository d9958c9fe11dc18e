"""Reminder emails: officers about returns opening, due soon and overdue; approvers about
returns awaiting them; one email per person per day."""

import socket
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Role, RoleAssignment, User
from goldenthread.indicators.models import Indicator, IndicatorReturn, ReminderSent
from goldenthread.indicators.reminders import approvers_by_unit, reminders_send
from goldenthread.indicators.selectors import return_window
from goldenthread.strategy.models import ReportingPeriod

SITE = "https://performance.wyvernvale.example"


@pytest.fixture(autouse=True)
def site_url(settings):  # type: ignore[no-untyped-def]
    settings.GOLDENTHREAD_SITE_URL = SITE


@pytest.fixture
def quarter(council) -> ReportingPeriod:
    """Quarter 2 of last financial year: its whole return window is in the past."""
    today = timezone.localdate()
    year = (today.year if today.month >= council.year_start_month else today.year - 1) - 1
    return ReportingPeriod.objects.get(
        organisation=council, frequency="quarterly", year=year, number=2
    )


@pytest.fixture
def make_indicator(council, unit, person):  # type: ignore[no-untyped-def]
    def make(code: str, owner: str = "officer.estates", team: str = "Estate Management", **extra):  # type: ignore[no-untyped-def]
        return Indicator.objects.create(
            organisation=council,
            code=code,
            title=f"Test measure {code}",
            owner=person(owner) if owner else None,
            org_unit=unit(team) if team else None,
            **extra,
        )

    return make


def emails_to(username: str) -> list[mail.EmailMultiAlternatives]:
    address = User.objects.get(username=username).email
    return [message for message in mail.outbox if address in message.to]


class TestOfficers:
    def test_one_email_lists_every_item_overdue_first_with_absolute_links(
        self, council, quarter, make_indicator
    ):
        deadline = return_window(council, quarter).deadline
        today = deadline - timedelta(days=1)
        due = [make_indicator(f"TST-D{n}") for n in range(3)]
        monthly = make_indicator("TST-M", frequency="monthly")
        first_month = ReportingPeriod.objects.get(
            organisation=council, frequency="monthly", start_date=quarter.start_date
        )
        IndicatorReturn.objects.create(indicator=due[0], period=quarter, status="draft")

        run = reminders_send(today=today)

        [message] = emails_to("officer.estates")
        body = message.body
        assert message.subject.startswith("Performance returns: ")
        assert "overdue" in message.subject and "due soon" in message.subject
        overdue, due_soon = body.split("DUE SOON")
        assert "OVERDUE" in overdue
        assert f"{SITE}/indicators/{monthly.pk}/returns/{first_month.pk}/" in overdue
        for indicator in due:
            assert f"{indicator.code} {indicator.title}" in due_soon
            assert f"{SITE}/indicators/{indicator.pk}/returns/{quarter.pk}/" in due_soon
        assert f"Deadline: {deadline.day} {deadline:%B %Y}" in body
        html, kind = message.alternatives[0]
        assert kind == "text/html"
        assert f'<a href="{SITE}/indicators/{monthly.pk}/returns/{first_month.pk}/"' in html
        assert ReminderSent.objects.filter(user__username="officer.estates", sent_on=today).exists()
        assert "officer.estates" in {r.person.username for r in run.sent}

    def test_a_return_opening_today_is_announced_and_a_submitted_one_is_not(
        self, council, quarter, make_indicator
    ):
        opens = return_window(council, quarter).opens
        fresh = make_indicator("TST-OPEN", owner="officer.options", team="Housing Options")
        done = make_indicator("TST-DONE", owner="officer.options", team="Housing Options")
        IndicatorReturn.objects.create(indicator=done, period=quarter, status="submitted")

        reminders_send(today=opens)

        [message] = emails_to("officer.options")
        now_open = message.body.split("NOW OPEN")[1]
        assert fresh.code in now_open
        assert done.code not in now_open

    def test_named_updaters_are_reminded_too_and_people_without_email_are_reported(
        self, council, quarter, make_indicator, person
    ):
        silent = User.objects.create_user(
            username="no.email", organisation=council, first_name="Nora", email=""
        )
        indicator = make_indicator("TST-UPD", owner=None)
        indicator.updaters.add(person("officer.waste"), silent)
        run = reminders_send(today=return_window(council, quarter).deadline)
        assert "TST-UPD" in emails_to("officer.waste")[0].body
        assert silent in [reminder.person for reminder in run.no_email]

    def test_nothing_is_sent_twice_the_same_day_but_it_is_the_next_day(
        self, council, quarter, make_indicator
    ):
        make_indicator("TST-TWICE")
        today = return_window(council, quarter).deadline
        reminders_send(today=today)
        assert len(emails_to("officer.estates")) == 1

        again = reminders_send(today=today)
        assert again.sent == []
        assert "officer.estates" in {r.person.username for r in again.already_sent}
        assert len(emails_to("officer.estates")) == 1

        reminders_send(today=today + timedelta(days=1))
        assert len(emails_to("officer.estates")) == 2
        assert "OVERDUE" in emails_to("officer.estates")[1].body

    def test_a_failed_send_is_not_recorded_so_the_next_run_retries(
        self, council, quarter, make_indicator, settings
    ):
        make_indicator("TST-FAIL")
        today = return_window(council, quarter).deadline
        with socket.socket() as probe:  # a local port nothing listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
        failed = reminders_send(today=today)
        assert "officer.estates" in {r.person.username for r in failed.failed}
        assert not ReminderSent.objects.filter(sent_on=today).exists()

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        reminders_send(today=today)
        assert len(emails_to("officer.estates")) == 1

    def test_a_dry_run_sends_and_records_nothing(self, council, quarter, make_indicator):
        make_indicator("TST-DRY")
        today = return_window(council, quarter).deadline
        run = reminders_send(today=today, dry_run=True)
        assert "officer.estates" in {r.person.username for r in run.sent}
        assert mail.outbox == []
        assert not ReminderSent.objects.filter(sent_on=today).exists()


class TestApprovers:
    def test_approvers_over_the_unit_get_the_submitted_return_and_others_do_not(
        self, council, quarter, make_indicator
    ):
        indicator = make_indicator("TST-APP")
        IndicatorReturn.objects.create(
            indicator=indicator, period=quarter, status="submitted", value=5
        )
        today = return_window(council, quarter).deadline + timedelta(days=2)

        reminders_send(today=today)

        for approver in ["manager.estates", "head.housing", "director.dns", "chief.executive"]:
            [message] = emails_to(approver)
            assert "AWAITING YOUR APPROVAL" in message.body
            assert "TST-APP" in message.body
        for other in ["head.cfya", "manager.options", "officer.estates", "auditor"]:
            assert all("TST-APP" not in message.body for message in emails_to(other))

    def test_the_bulk_rule_agrees_with_the_permission_rule_for_every_person(
        self, council, unit, person, make_indicator
    ):
        # Besides the demo's roles: an approver role held org-wide, and a senior leader
        # whose role is held within one service.
        RoleAssignment.objects.create(
            user=person("manager.budgets"), organisation=council, role=Role.MANAGER
        )
        RoleAssignment.objects.create(
            user=person("officer.hr"),
            organisation=council,
            role=Role.SENIOR_LEADER,
            org_unit=unit("Housing"),
        )
        approvers = approvers_by_unit(council)
        people = list(User.objects.filter(organisation=council))
        for team in ["Estate Management", "Housing", "Street Cleansing", "Resources", None]:
            indicator = make_indicator(f"TST-{team}", team=team)
            expected = {p.pk for p in people if permissions.can_approve_return(p, indicator)}
            assert approvers.of(indicator.org_unit_id) == expected, team


class TestCommand:
    def test_the_command_sends_and_prints_a_summary(self, council, quarter, make_indicator):
        make_indicator("TST-CMD")
        today = return_window(council, quarter).deadline
        out = StringIO()
        call_command("reminders", "send", "--date", today.isoformat(), stdout=out)
        assert len(emails_to("officer.estates")) == 1
        assert f"Reminders for {today.day} {today:%B %Y}: " in out.getvalue()
        assert "officer.estates@wyvernvale.example" in out.getvalue()

        out = StringIO()
        call_command("reminders", "send", "--date", today.isoformat(), stdout=out)
        assert ": 0 sent." in out.getvalue()
        assert "Already emailed today" in out.getvalue()

    def test_the_command_dry_run_sends_nothing(self, council, quarter, make_indicator):
        make_indicator("TST-CMDDRY")
        out = StringIO()
        day = return_window(council, quarter).deadline.isoformat()
        call_command("reminders", "send", "--date", day, "--dry-run", stdout=out)
        assert "would be sent" in out.getvalue()
        assert mail.outbox == []

    def test_a_bad_date_is_refused_with_a_clear_message(self, db):
        with pytest.raises(CommandError, match="is not a date like 2025-07-14"):
            call_command("reminders", "send", "--date", "14/07/2025")
