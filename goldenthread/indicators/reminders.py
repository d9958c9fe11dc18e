"""Reminder emails about returns: one email a day to each person, listing all their items.

Officers (lead officers and named updaters) hear when a return opens, when its deadline is
near and when it is overdue; approvers hear about submitted returns awaiting them. Other
apps' returns (action updates, risk returns, budget monitoring) join the same email: each
app registers a source in its AppConfig.ready(). Each email is recorded in ReminderSent
before it goes, so a second run the same day (or two runs at once) sends nothing more.
"""

import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from goldenthread.accounts.models import Organisation, Role, RoleAssignment, User
from goldenthread.accounts.permissions import APPROVERS
from goldenthread.accounts.selectors import unit_descendants
from goldenthread.indicators.models import Indicator, IndicatorReturn, ReminderSent
from goldenthread.indicators.selectors import (
    periods_open_for_returns,
    return_tasks,
    return_window,
    schedule_for,
)
from goldenthread.strategy.models import ReportingPeriod

logger = logging.getLogger(__name__)

# The order items are listed in, with the email's heading for each group.
GROUPS = {
    "overdue": "Overdue",
    "due_soon": "Due soon",
    "now_open": "Now open",
    "awaiting": "Awaiting your approval",
}


def site_url() -> str:
    return getattr(settings, "GOLDENTHREAD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


@dataclass(frozen=True)
class ReminderItem:
    kind: str  # a key of GROUPS
    what: str  # the kind of return: "Indicator return", "Action update"...
    label: str  # which one: "PI 12 Households in temporary accommodation"
    period: ReportingPeriod
    deadline: date
    url: str


# A source gives, for one organisation and day, each person's items (by user id).
ReminderSource = Callable[[Organisation, date], dict[int, list[ReminderItem]]]
_sources: list[ReminderSource] = []


def register_source(source: ReminderSource) -> None:
    if source not in _sources:
        _sources.append(source)


def reminder_kind(deadline: date, opens: date, today: date, days_before: int) -> str | None:
    """Which group an unsubmitted return falls in today, or None if it needs no reminder."""
    if deadline < today:
        return "overdue"
    if (deadline - today).days <= days_before:
        return "due_soon"
    if opens == today:
        return "now_open"
    return None


@dataclass
class Reminder:
    """Everything one person is reminded about on one day."""

    person: User
    items: list[ReminderItem] = field(default_factory=list)

    @property
    def groups(self) -> list[tuple[str, list[ReminderItem]]]:
        by_kind: dict[str, list[ReminderItem]] = defaultdict(list)
        for item in sorted(self.items, key=lambda i: (i.deadline, i.what, i.label)):
            by_kind[item.kind].append(item)
        return [(heading, by_kind[kind]) for kind, heading in GROUPS.items() if by_kind[kind]]

    @property
    def subject(self) -> str:
        counts = ", ".join(f"{len(items)} {heading.lower()}" for heading, items in self.groups)
        return f"Performance returns: {counts}"


def _return_url(indicator: Indicator, period: ReportingPeriod) -> str:
    return site_url() + reverse("indicators:return_edit", args=[indicator.pk, period.pk])


def _indicator_item(
    kind: str, indicator: Indicator, period: ReportingPeriod, deadline: date
) -> ReminderItem:
    return ReminderItem(
        kind,
        "Indicator return",
        f"{indicator.code} {indicator.title}",
        period,
        deadline,
        _return_url(indicator, period),
    )


def officer_items(organisation: Organisation, today: date) -> dict[int, list[ReminderItem]]:
    """Returns not yet submitted that opened today, are due soon or are overdue, for the
    people who enter them. Overdue returns are chased while they are on the officer's
    to-do list (a quarter past the deadline); after that the exception report shows them."""
    periods = periods_open_for_returns(organisation, today)
    if not periods:
        return {}
    days_before = schedule_for(organisation).reminder_days_before_deadline
    indicators = (
        Indicator.objects.filter(organisation=organisation, is_active=True)
        .exclude(formula__gt="")
        .select_related("organisation")
        .prefetch_related("updaters")
    )
    items: dict[int, list[ReminderItem]] = defaultdict(list)
    for task in return_tasks(indicators, periods):
        if task.status not in {"not_started", IndicatorReturn.Status.DRAFT}:
            continue
        window = task.window
        kind = reminder_kind(window.deadline, window.opens, today, days_before)
        if kind is None:
            continue
        indicator = task.indicator
        item = _indicator_item(kind, indicator, task.period, window.deadline)
        people = {indicator.owner_id, *(person.pk for person in indicator.updaters.all())}
        for person_id in people - {None}:
            items[person_id].append(item)
    return items


@dataclass(frozen=True)
class Approvers:
    """Who may approve returns, as accounts.permissions.can_approve_return decides, worked
    out for every unit at once."""

    everything: set[int]  # senior leaders org-wide
    any_unit: set[int]  # an approver role held org-wide: indicators that have a unit
    by_unit: dict[int, set[int]]  # a role held within the unit or a unit above it

    def of(self, unit_id: int | None) -> set[int]:
        if unit_id is None:
            return self.everything
        return self.any_unit | self.by_unit.get(unit_id, set())


def approvers_by_unit(organisation: Organisation) -> Approvers:
    approvers = Approvers(set(), set(), defaultdict(set))
    for user_id, role, unit_id in RoleAssignment.objects.filter(
        organisation=organisation, role__in=list(APPROVERS)
    ).values_list("user_id", "role", "org_unit_id"):
        if unit_id is None:
            approvers.any_unit.add(user_id)
            if role == Role.SENIOR_LEADER:
                approvers.everything.add(user_id)
        else:
            for below in unit_descendants(organisation, unit_id):
                approvers.by_unit[below].add(user_id)
    return approvers


def approver_items(organisation: Organisation, today: date) -> dict[int, list[ReminderItem]]:
    """Submitted returns, for each person who may approve them."""
    submitted = IndicatorReturn.objects.filter(
        indicator__organisation=organisation, status=IndicatorReturn.Status.SUBMITTED
    ).select_related("indicator", "period")
    approvers = approvers_by_unit(organisation)
    items: dict[int, list[ReminderItem]] = defaultdict(list)
    for indicator_return in submitted:
        indicator, period = indicator_return.indicator, indicator_return.period
        deadline = return_window(organisation, period).deadline
        item = _indicator_item("awaiting", indicator, period, deadline)
        for person_id in approvers.of(indicator.org_unit_id):
            items[person_id].append(item)
    return items


def reminders_due(today: date, organisation: Organisation | None = None) -> list[Reminder]:
    """Each person's items for `today`, across every organisation (or the one given)."""
    organisations = [organisation] if organisation else list(Organisation.objects.all())
    items: dict[int, list[ReminderItem]] = defaultdict(list)
    for each in organisations:
        for source in _sources:
            for person_id, person_items in source(each, today).items():
                items[person_id].extend(person_items)
    people = User.objects.filter(pk__in=list(items), is_active=True).order_by("username")
    return [Reminder(person, items[person.pk]) for person in people]


@dataclass
class ReminderRun:
    today: date
    dry_run: bool
    sent: list[Reminder] = field(default_factory=list)
    already_sent: list[Reminder] = field(default_factory=list)
    no_email: list[Reminder] = field(default_factory=list)
    failed: list[Reminder] = field(default_factory=list)


def reminder_message(reminder: Reminder) -> EmailMultiAlternatives:
    context = {
        "person": reminder.person,
        "groups": reminder.groups,
        "my_returns_url": site_url() + reverse("indicators:my_returns"),
        "approvals_url": site_url() + reverse("indicators:approvals"),
        "has_approvals": any(item.kind == "awaiting" for item in reminder.items),
    }
    message = EmailMultiAlternatives(
        subject=reminder.subject,
        body=render_to_string("indicators/email/reminder.txt", context),
        to=[reminder.person.email],
    )
    message.attach_alternative(
        render_to_string("indicators/email/reminder.html", context), "text/html"
    )
    return message


def reminders_send(
    *, today: date, dry_run: bool = False, organisation: Organisation | None = None
) -> ReminderRun:
    """Emails each person their items for `today`, at most once a day. A dry run works out
    who would be emailed and sends and records nothing."""
    run = ReminderRun(today=today, dry_run=dry_run)
    reminders = reminders_due(today, organisation)
    done = set(
        ReminderSent.objects.filter(
            sent_on=today, user__in=[r.person for r in reminders]
        ).values_list("user_id", flat=True)
    )
    for reminder in reminders:
        person = reminder.person
        if person.pk in done:
            run.already_sent.append(reminder)
            continue
        if not person.email:
            run.no_email.append(reminder)
            continue
        if dry_run:
            run.sent.append(reminder)
            continue
        try:
            # Claimed first, so a run started alongside this one skips the person.
            with transaction.atomic():
                ReminderSent.objects.create(user=person, sent_on=today, items=len(reminder.items))
        except IntegrityError:
            run.already_sent.append(reminder)
            continue
        try:
            reminder_message(reminder).send()
        except OSError as error:
            logger.error("Could not send the reminder to %s: %s", person.email, error)
            ReminderSent.objects.filter(user=person, sent_on=today).delete()
            run.failed.append(reminder)
            continue
        run.sent.append(reminder)
    return run
