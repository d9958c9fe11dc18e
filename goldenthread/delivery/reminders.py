"""Action updates in the daily reminder email: lead officers hear about updates not yet
submitted (open, due soon, overdue); approvers about updates awaiting sign-off."""

from collections import defaultdict
from datetime import date

from django.urls import reverse

from goldenthread.accounts.models import Organisation
from goldenthread.delivery.models import Action, ActionUpdate
from goldenthread.delivery.selectors import update_periods, update_tasks
from goldenthread.indicators.reminders import (
    ReminderItem,
    approvers_by_unit,
    reminder_kind,
    site_url,
)
from goldenthread.indicators.selectors import return_window, schedule_for
from goldenthread.strategy.models import ReportingPeriod

WHAT = "Action update"


def _item(kind: str, action: Action, period: ReportingPeriod, deadline: date) -> ReminderItem:
    url = site_url() + reverse("delivery:update_edit", args=[action.pk, period.pk])
    return ReminderItem(kind, WHAT, f"{action.code} {action.title}", period, deadline, url)


def lead_items(organisation: Organisation, today: date) -> dict[int, list[ReminderItem]]:
    periods = update_periods(organisation, today)
    if not periods:
        return {}
    days_before = schedule_for(organisation).reminder_days_before_deadline
    actions = Action.objects.filter(organisation=organisation, lead__isnull=False)
    items: dict[int, list[ReminderItem]] = defaultdict(list)
    for task in update_tasks(actions, periods):
        if task.status not in {"not_started", ActionUpdate.Status.DRAFT}:
            continue
        kind = reminder_kind(task.window.deadline, task.window.opens, today, days_before)
        if kind is not None:
            item = _item(kind, task.action, task.period, task.window.deadline)
            items[task.action.lead_id].append(item)
    return items


def approver_items(organisation: Organisation, today: date) -> dict[int, list[ReminderItem]]:
    submitted = ActionUpdate.objects.filter(
        action__organisation=organisation, status=ActionUpdate.Status.SUBMITTED
    ).select_related("action", "period")
    approvers = approvers_by_unit(organisation)
    items: dict[int, list[ReminderItem]] = defaultdict(list)
    for update in submitted:
        deadline = return_window(organisation, update.period).deadline
        item = _item("awaiting", update.action, update.period, deadline)
        for person_id in approvers.of(update.action.org_unit_id):
            items[person_id].append(item)
    return items
