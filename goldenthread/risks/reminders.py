"""Quarterly risk returns in the daily reminder email: the owners of a register's open risks
hear about its return until it is submitted; its approvers once it awaits sign-off."""

from collections import defaultdict
from datetime import date

from django.urls import reverse

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.indicators.reminders import (
    ReminderItem,
    approvers_by_unit,
    reminder_kind,
    site_url,
)
from goldenthread.indicators.selectors import schedule_for
from goldenthread.risks.models import RiskReturn
from goldenthread.risks.selectors import ReturnTask, return_tasks_open, risks_for_return

WHAT = "Risk return"


def _item(kind: str, task: ReturnTask) -> ReminderItem:
    url = site_url() + reverse("risks:return_detail", args=[task.register.pk, task.period.pk])
    return ReminderItem(kind, WHAT, task.register.name, task.period, task.window.deadline, url)


def owner_items(organisation: Organisation, today: date) -> dict[int, list[ReminderItem]]:
    days_before = schedule_for(organisation).reminder_days_before_deadline
    items: dict[int, list[ReminderItem]] = defaultdict(list)
    for task in return_tasks_open(organisation, today):
        if task.status not in {"not_started", RiskReturn.Status.DRAFT}:
            continue
        kind = reminder_kind(task.window.deadline, task.window.opens, today, days_before)
        if kind is None:
            continue
        owners = risks_for_return(task.register, task.period).values_list("owner_id", flat=True)
        for owner_id in set(owners) - {None}:
            items[owner_id].append(_item(kind, task))
    return items


def approver_items(organisation: Organisation, today: date) -> dict[int, list[ReminderItem]]:
    items: dict[int, list[ReminderItem]] = defaultdict(list)
    tasks = [t for t in return_tasks_open(organisation, today) if t.status == "submitted"]
    if not tasks:
        return items
    # Approver roles for any unit, narrowed by the risk returns' own rule.
    approvers = approvers_by_unit(organisation)
    candidates = approvers.any_unit | {p for ids in approvers.by_unit.values() for p in ids}
    people = list(User.objects.filter(pk__in=candidates, is_active=True))
    for task in tasks:
        for person in people:
            if permissions.can_approve_risk_return(person, task.risk_return):
                items[person.pk].append(_item("awaiting", task))
    return items
