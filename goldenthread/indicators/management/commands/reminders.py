"""`goldenthread reminders send`: the day's reminder emails, run daily by cron or a timer."""

from argparse import ArgumentTypeError
from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from goldenthread.indicators.reminders import reminders_send


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise ArgumentTypeError(f"{text!r} is not a date like 2025-07-14.") from error


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


class Command(BaseCommand):
    help = (
        "Emails officers about returns now open, due soon or overdue, and approvers about "
        "returns awaiting them: one email per person per day."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["send"], help="send: send today's reminders")
        parser.add_argument(
            "--date", type=_date, help="the day to remind for, YYYY-MM-DD (default today)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="show who would be emailed; send nothing"
        )

    def handle(self, *args, **options) -> None:  # type: ignore[no-untyped-def]
        today = options["date"] or timezone.localdate()
        run = reminders_send(today=today, dry_run=options["dry_run"])
        verb = "would be sent" if run.dry_run else "sent"
        for reminder in run.sent:
            person = reminder.person
            self.stdout.write(
                f"  {person.email} ({person}): {len(reminder.items)} item"
                f"{'' if len(reminder.items) == 1 else 's'}"
            )
        self.stdout.write(f"Reminders for {today.day} {today:%B %Y}: {len(run.sent)} {verb}.")
        if run.already_sent:
            self.stdout.write(f"Already emailed today: {_people(len(run.already_sent))}.")
        if run.no_email:
            names = ", ".join(reminder.person.username for reminder in run.no_email)
            self.stdout.write(f"No email address: {_people(len(run.no_email))} ({names}).")
        if run.failed:
            names = ", ".join(reminder.person.email for reminder in run.failed)
            raise CommandError(f"{len(run.failed)} reminders could not be sent: {names}.")
