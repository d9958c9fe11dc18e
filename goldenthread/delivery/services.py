"""Writes for delivery: actions and their milestones, the quarterly action update workflow
(draft → submitted → approved; approvers may send an update back) and recovery plans.

Only complete, cancelled and deferred are ever recorded on an action; every other status
is derived by `calculations.delivery.action_status`. Rules about who may act live in
accounts.permissions. `user=None` means the command line, run by an administrator.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.calculations.delivery import ActionStatus, action_status
from goldenthread.delivery.models import (
    Action,
    ActionIndicator,
    ActionObjective,
    ActionUpdate,
    Milestone,
    RecoveryPlan,
)
from goldenthread.delivery.selectors import recovered_note
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import performance_for
from goldenthread.strategy.models import Objective, ReportingPeriod

Manual = Action.ManualStatus
Status = ActionUpdate.Status
NEEDS_NEXT_STEPS = {ActionStatus.AT_RISK, ActionStatus.OFF_TRACK, ActionStatus.OVERDUE}


def day(value: date) -> str:
    """A date as officers write it: 7 July 2025."""
    return f"{value.day} {value:%B %Y}"


def _may_edit(user: User | None, action: Action) -> None:
    if user is not None and not permissions.can_edit_action(user, action):
        raise PermissionDenied(
            "Only the action's lead officer, a manager over its unit or a performance admin "
            "can change it."
        )


def _locked(action: Action) -> Action:
    """The action re-read under a row lock, so two decisions cannot cross."""
    return Action.objects.select_for_update().select_related("organisation").get(pk=action.pk)


# Actions -------------------------------------------------------------------------------


@transaction.atomic
def action_save(
    *,
    action: Action,
    user: User | None,
    objectives: list[tuple[Objective, str]] | None = None,
    indicators: list[Indicator] | None = None,
    source: models.Model | None = None,
) -> Action:
    """Saves an action's details; when given, replaces the objectives it delivers (its place
    on the golden thread) and the indicators it exists to move, and records its source.

    Its status is not set here: complete, cancel and defer it with their own services.
    """
    if action.pk is None:
        if user is not None and not permissions.can_add_action(user, action.organisation):
            raise PermissionDenied("You cannot add actions.")
    else:
        # As stored: an edit must not make its author the lead and so let itself through.
        _may_edit(user, Action.objects.select_related("organisation").get(pk=action.pk))
    errors: dict[str, str] = {}
    organisation_id = action.organisation_id
    for name in ("plan", "theme", "org_unit"):
        related = getattr(action, name)
        if related is not None and related.organisation_id != organisation_id:
            label = action._meta.get_field(name).verbose_name
            errors[name] = f"The {label} belongs to another organisation."
    if action.lead is not None and action.lead.organisation_id != organisation_id:
        errors["lead"] = "The lead officer must work for this organisation."
    if action.start_date and action.due_date and action.due_date < action.start_date:
        errors["due_date"] = "The due date must be on or after the start date."
    if action.progress is not None and action.progress > 100:
        errors["progress"] = "Progress is a percentage: enter a number from 0 to 100."
    code = (action.code or "").strip()
    if not code:
        errors["code"] = "Enter a reference for the action, such as DP-012."
    elif (
        Action.objects.filter(organisation_id=organisation_id, code__iexact=code)
        .exclude(pk=action.pk)
        .exists()
    ):
        errors["code"] = f"Another action already has the reference {code}."
    if not (action.title or "").strip():
        errors["title"] = "Enter what the action is."
    if source is not None:
        if getattr(source, "organisation_id", organisation_id) != organisation_id:
            errors["source"] = "The action's source belongs to another organisation."
        action.source_type = ContentType.objects.get_for_model(source)
        action.source_id = source.pk
    if action.source_kind == Action.SourceKind.PLAN and action.plan_id is None:
        errors["plan"] = "Choose the plan the action belongs to."
    if errors:
        raise ValidationError(errors)
    action.code = code
    action.full_clean(exclude=["source_type", "source_id"], validate_unique=False)
    action.save()
    if objectives is not None:
        keep = {objective.pk for objective, _kind in objectives}
        action.objective_links.exclude(objective_id__in=keep).delete()
        for objective, kind in objectives:
            if objective.organisation_id != organisation_id:
                raise ValidationError({"objectives": "Link to objectives of this organisation."})
            ActionObjective.objects.update_or_create(
                action=action, objective=objective, defaults={"kind": kind}
            )
    if indicators is not None:
        if any(indicator.organisation_id != organisation_id for indicator in indicators):
            raise ValidationError({"indicators": "Link to indicators of this organisation."})
        action.indicator_links.exclude(indicator__in=indicators).delete()
        for indicator in indicators:
            ActionIndicator.objects.get_or_create(action=action, indicator=indicator)
    return action


@transaction.atomic
def action_complete(
    *, action: Action, user: User | None, completed_on: date | None = None
) -> Action:
    """Records the action as complete (100% done) on the day given, by default today."""
    locked = _locked(action)
    _may_edit(user, locked)
    today = timezone.localdate()
    completed_on = completed_on or today
    if locked.manual_status in {Manual.COMPLETE, Manual.CANCELLED}:
        raise ValidationError(
            f"{locked.code} is already {locked.get_manual_status_display().lower()}."
        )
    if completed_on > today:
        raise ValidationError({"completed_on": "The completion date cannot be in the future."})
    if completed_on < locked.start_date:
        raise ValidationError(
            {
                "completed_on": "The completion date cannot be before the start, "
                f"{day(locked.start_date)}."
            }
        )
    locked.manual_status = Manual.COMPLETE
    locked.completed_on = completed_on
    locked.progress = 100
    locked.status_reason = ""
    locked.save()
    return locked


@transaction.atomic
def action_cancel(*, action: Action, user: User | None, reason: str) -> Action:
    """Cancels the action; the reason is kept and shown with it."""
    locked = _locked(action)
    _may_edit(user, locked)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the action is being cancelled."})
    if locked.manual_status in {Manual.COMPLETE, Manual.CANCELLED}:
        raise ValidationError(
            f"{locked.code} is already {locked.get_manual_status_display().lower()}."
        )
    locked.manual_status = Manual.CANCELLED
    locked.status_reason = reason.strip()
    locked.save()
    return locked


@transaction.atomic
def action_defer(*, action: Action, user: User | None, new_due_date: date, reason: str) -> Action:
    """Moves the due date later, with a reason. The first due date is kept in
    `original_due_date`, however often the action is deferred."""
    locked = _locked(action)
    _may_edit(user, locked)
    errors = {}
    if not reason.strip():
        errors["reason"] = "Say why the action is being deferred."
    if locked.manual_status in {Manual.COMPLETE, Manual.CANCELLED}:
        raise ValidationError(
            f"{locked.code} is {locked.get_manual_status_display().lower()}: it cannot be deferred."
        )
    if new_due_date <= locked.due_date:
        errors["new_due_date"] = (
            f"The new due date must be after the current one, {day(locked.due_date)}."
        )
    if errors:
        raise ValidationError(errors)
    locked.original_due_date = locked.original_due_date or locked.due_date
    locked.due_date = new_due_date
    locked.manual_status = Manual.DEFERRED
    locked.status_reason = reason.strip()
    locked.save()
    return locked


@transaction.atomic
def action_resume(*, action: Action, user: User | None) -> Action:
    """Work restarts on a deferred action: its status is derived again, against the new date."""
    locked = _locked(action)
    _may_edit(user, locked)
    if locked.manual_status != Manual.DEFERRED:
        raise ValidationError(f"{locked.code} is not deferred.")
    locked.manual_status = Manual.DERIVED
    locked.save()
    return locked


# Milestones ----------------------------------------------------------------------------


@transaction.atomic
def milestone_save(*, milestone: Milestone, user: User | None) -> Milestone:
    _may_edit(user, milestone.action)
    errors = {}
    if not milestone.title.strip():
        errors["title"] = "Enter the milestone."
    if milestone.due_date is None:
        errors["due_date"] = "Enter the date the milestone is due."
    if errors:
        raise ValidationError(errors)
    milestone.full_clean()
    milestone.save()
    return milestone


@transaction.atomic
def milestone_complete(
    *, milestone: Milestone, user: User | None, completed_on: date | None = None
) -> Milestone:
    _may_edit(user, milestone.action)
    completed_on = completed_on or timezone.localdate()
    if milestone.completed_on is not None:
        raise ValidationError(f"“{milestone}” was completed on {day(milestone.completed_on)}.")
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The completion date cannot be in the future."})
    milestone.completed_on = completed_on
    milestone.save()
    return milestone


# Quarterly action updates ---------------------------------------------------------------


@dataclass(frozen=True)
class UpdateData:
    progress: int | None = None
    commentary: str = ""
    next_steps: str = ""
    milestones_completed: list[Milestone] = field(default_factory=list)


def action_update_status(
    update: ActionUpdate, milestones: list[Milestone], today: date
) -> ActionStatus:
    """The status the action would have with this update's progress and milestones."""
    action = update.action
    done = {m.pk for m in milestones}
    return action_status(
        today=today,
        start_date=action.start_date,
        due_date=action.due_date,
        progress=update.progress or 0,
        milestones=[
            (m.due_date, m.completed_on or (today if m.pk in done else None))
            for m in action.milestones.all()
        ],
        manual_status=action.manual_status,
    )


@transaction.atomic
def action_update_save(
    *, update: ActionUpdate, data: UpdateData, user: User | None, submit: bool = False
) -> ActionUpdate:
    """Saves the quarter's update as a draft, and submits it when asked. Raises
    ValidationError naming each field.

    On submission: the commentary is required, and next steps too when the action would be
    at risk, off track or overdue.
    """
    action = update.action
    _may_edit(user, action)
    if update.period.frequency != ReportingPeriod.Frequency.QUARTERLY:
        raise ValidationError({"period": "Action updates are made for quarters."})
    if update.period.organisation_id != action.organisation_id:
        raise ValidationError({"period": "The quarter belongs to another organisation."})
    stored = ActionUpdate.objects.select_for_update().filter(pk=update.pk).first()
    if stored is not None and stored.status != Status.DRAFT:
        raise ValidationError(
            f"This update is {stored.get_status_display().lower()}; it can no longer be changed."
        )
    errors: dict[str, str] = {}
    if data.progress is None:
        errors["progress"] = "Enter the progress, as a percentage from 0 to 100."
    elif not 0 <= data.progress <= 100:
        errors["progress"] = "Progress is a percentage: enter a number from 0 to 100."
    if any(m.action_id != action.pk for m in data.milestones_completed):
        errors["milestones_completed"] = "Choose milestones of this action."
    if errors:
        raise ValidationError(errors)
    update.progress = data.progress
    update.commentary = data.commentary.strip()
    update.next_steps = data.next_steps.strip()
    today = timezone.localdate()
    status = action_update_status(update, data.milestones_completed, today)
    update.status_at_update = status.value
    if submit:
        if not update.commentary:
            errors["commentary"] = "Say what was done this quarter and what it achieved."
        if status in NEEDS_NEXT_STEPS and not update.next_steps:
            errors["next_steps"] = (
                f"The action is {status.label.lower()}: say what will bring it back on track."
            )
        if errors:
            raise ValidationError(errors)
        update.status = Status.SUBMITTED
        update.submitted_by = user
        update.submitted_at = timezone.now()
        update.sent_back_reason = ""
    update.save()
    update.milestones_completed.set(data.milestones_completed)
    return update


def _decided(update: ActionUpdate, user: User, verb: str, done: str) -> ActionUpdate:
    locked = (
        ActionUpdate.objects.select_for_update()
        .select_related("action__organisation", "period")
        .get(pk=update.pk)
    )
    if not permissions.can_approve_action_update(user, locked.action):
        raise PermissionDenied(
            f"Only a head of service or manager over this action's unit can {verb} its update."
        )
    if locked.status != Status.SUBMITTED:
        raise ValidationError(
            f"Only submitted updates can be {done}; this one is "
            f"{locked.get_status_display().lower()}."
        )
    return locked


@transaction.atomic
def action_update_approve(*, update: ActionUpdate, user: User) -> ActionUpdate:
    """Sign-off. The action takes the update's progress, and its milestones ticked in the
    update are recorded as completed on the day the update was submitted."""
    locked = _decided(update, user, "approve", "approved")
    locked.status = Status.APPROVED
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.save()
    action = _locked(locked.action)
    if not action.is_closed:
        action.progress = locked.progress
        action.save()
    done_on = (
        timezone.localdate(locked.submitted_at) if locked.submitted_at else timezone.localdate()
    )
    for milestone in locked.milestones_completed.filter(completed_on__isnull=True):
        milestone.completed_on = done_on
        milestone.save()
    return locked


@transaction.atomic
def action_update_send_back(*, update: ActionUpdate, user: User, reason: str) -> ActionUpdate:
    """The approver returns a submitted update to draft with a reason the officer sees."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the update is being sent back."})
    locked = _decided(update, user, "send back", "sent back")
    locked.status = Status.DRAFT
    locked.sent_back_reason = reason.strip()
    locked.save()
    return locked


# Recovery plans ------------------------------------------------------------------------


@transaction.atomic
def recovery_plan_open(
    *,
    indicator: Indicator,
    user: User | None,
    reason: str,
    summary: str,
    opened_on: date | None = None,
) -> RecoveryPlan:
    """Opens the indicator's recovery plan; its actions are added with `action_save(...,
    source=plan)` and source kind "recovery"."""
    if user is not None and not permissions.can_manage_recovery_plan(user, indicator):
        raise PermissionDenied(
            "Only the indicator's lead officer, a manager over its unit or a performance admin "
            "can set out its recovery plan."
        )
    errors = {}
    if reason not in RecoveryPlan.Reason.values:
        errors["reason"] = "Choose why the recovery plan is needed."
    if not summary.strip():
        errors["summary"] = "Say what has gone wrong and how the actions will put it right."
    if errors:
        raise ValidationError(errors)
    if RecoveryPlan.objects.filter(indicator=indicator, closed_on__isnull=True).exists():
        raise ValidationError(f"{indicator.code} already has an open recovery plan.")
    return RecoveryPlan.objects.create(
        organisation_id=indicator.organisation_id,
        indicator=indicator,
        reason=reason,
        summary=summary.strip(),
        opened_on=opened_on or timezone.localdate(),
        opened_by=user,
    )


@transaction.atomic
def recovery_plan_close(
    *, plan: RecoveryPlan, user: User | None, note: str, closed_on: date | None = None
) -> RecoveryPlan:
    """Closes the plan with a note; it leaves the indicator page and stays in the history."""
    if user is not None and not permissions.can_manage_recovery_plan(user, plan.indicator):
        raise PermissionDenied("Only whoever may edit the indicator can close its recovery plan.")
    locked = RecoveryPlan.objects.select_for_update().get(pk=plan.pk)
    if locked.closed_on is not None:
        raise ValidationError(f"This recovery plan was closed on {day(locked.closed_on)}.")
    if not note.strip():
        raise ValidationError({"note": "Say why the recovery plan is being closed."})
    locked.closed_on = closed_on or timezone.localdate()
    locked.closing_note = note.strip()
    locked.save()
    return locked


def recovery_plans_review(
    *, organisation: Organisation, period: ReportingPeriod, today: date | None = None
) -> list[RecoveryPlan]:
    """Closes the open recovery plans whose indicators have recovered: not red in their latest
    approved period up to `period`, and no concerning special-cause variation. Returns them."""
    plans = list(
        RecoveryPlan.objects.filter(organisation=organisation, closed_on__isnull=True)
        .select_related("indicator__organisation")
        .order_by("pk")
    )
    if not plans:
        return []
    performance = performance_for([plan.indicator for plan in plans], period)
    closed = []
    for plan in plans:
        note = recovered_note(performance[plan.indicator_id])
        if note:
            closed.append(recovery_plan_close(plan=plan, user=None, note=note, closed_on=today))
    return closed
