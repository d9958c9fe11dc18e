"""Reads about delivery: actions with their derived status, quarterly update tasks, the
approver's queue, and recovery plans due, open and recovered."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.accounts.selectors import sharing_organisation, unit_descendants
from goldenthread.calculations.delivery import ActionStatus
from goldenthread.calculations.rag import RagStatus
from goldenthread.delivery.models import Action, ActionUpdate, RecoveryPlan
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import (
    Performance,
    Window,
    performance_for,
    periods_open_for_returns,
    return_window,
)
from goldenthread.strategy.models import ReportingPeriod

Manual = Action.ManualStatus
CONCERNING = "special_cause_concerning"
# GOV.UK tag colours for each status; the label is always shown too.
STATUS_TAGS = {
    ActionStatus.NOT_STARTED: "govuk-tag--grey",
    ActionStatus.ON_TRACK: "govuk-tag--green",
    ActionStatus.AT_RISK: "govuk-tag--yellow",
    ActionStatus.OFF_TRACK: "govuk-tag--red",
    ActionStatus.OVERDUE: "govuk-tag--pink",
    ActionStatus.COMPLETE: "govuk-tag--blue",
    ActionStatus.CANCELLED: "govuk-tag--grey",
    ActionStatus.DEFERRED: "govuk-tag--purple",
}


@dataclass(frozen=True)
class ActionRow:
    """An action with its status worked out for a day."""

    action: Action
    status: ActionStatus


def actions_for_organisation(
    organisation: Organisation,
    *,
    plan_id: int | None = None,
    theme_id: int | None = None,
    unit_id: int | None = None,
    lead_id: int | None = None,
    search: str = "",
) -> QuerySet[Action]:
    """The organisation's actions, filtered; a unit includes the units below it, a theme
    includes actions delivering its objectives or the objectives below them."""
    actions = (
        Action.objects.filter(organisation=organisation)
        .select_related("organisation", "plan", "theme", "lead", "org_unit")
        .prefetch_related("milestones")
        .order_by("code")
    )
    if plan_id:
        actions = actions.filter(plan_id=plan_id)
    if theme_id:
        actions = actions.filter(
            Q(theme_id=theme_id)
            | Q(objective_links__objective__theme_id=theme_id)
            | Q(objective_links__objective__parents__theme_id=theme_id)
        ).distinct()
    if unit_id:
        actions = actions.filter(org_unit_id__in=unit_descendants(organisation, unit_id))
    if lead_id:
        actions = actions.filter(lead_id=lead_id)
    if search:
        actions = actions.filter(Q(code__icontains=search) | Q(title__icontains=search))
    return actions


def action_rows(actions: Iterable[Action], today: date, *, status: str = "") -> list[ActionRow]:
    """Each action with its derived status, keeping only `status` when given."""
    rows = [ActionRow(action, action.status_on(today)) for action in actions]
    return [row for row in rows if not status or row.status == status]


def status_counts(rows: Iterable[ActionRow]) -> list[tuple[ActionStatus, int]]:
    """How many actions have each status, in the order statuses are listed."""
    counts = Counter(row.status for row in rows)
    return [(status, counts[status]) for status in ActionStatus]


def actions_led_by(user: User, organisation: Organisation) -> QuerySet[Action]:
    return actions_for_organisation(organisation, lead_id=user.pk)


def action_for_page(organisation: Organisation, pk: int) -> Action | None:
    return (
        Action.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation", "plan", "theme", "lead", "org_unit", "source_type")
        .prefetch_related(
            "milestones",
            "objective_links__objective__plan",
            "indicator_links__indicator",
        )
        .first()
    )


# Quarterly updates ---------------------------------------------------------------------


@dataclass
class UpdateTask:
    """One quarterly update someone has to make (or has made) for an action."""

    action: Action
    period: ReportingPeriod
    update: ActionUpdate | None
    window: Window

    @property
    def status(self) -> str:
        return self.update.status if self.update else "not_started"

    def state(self, today: date) -> str:
        """Where the task stands; anything not yet submitted is overdue after the deadline,
        using the same states as the returns to-do list."""
        if self.status in {ActionUpdate.Status.SUBMITTED, ActionUpdate.Status.APPROVED}:
            return self.status
        if self.update is not None and self.update.sent_back_reason:
            return "sent_back"
        window = self.window.state(today)
        if window == "overdue":
            return "overdue"
        return "draft" if self.status == ActionUpdate.Status.DRAFT else window


def update_periods(organisation: Organisation, today: date) -> list[ReportingPeriod]:
    """The quarters whose updates are open now: the indicator returns' calendar."""
    return [
        period
        for period in sharing_organisation(
            periods_open_for_returns(organisation, today), organisation
        )
        if period.frequency == ReportingPeriod.Frequency.QUARTERLY
    ]


def needs_update(action: Action, period: ReportingPeriod) -> bool:
    """An update is due for every action under way in the quarter: started by its end, not
    cancelled, and not completed before it began."""
    if action.start_date > period.end_date or action.manual_status == Manual.CANCELLED:
        return False
    return not (
        action.manual_status == Manual.COMPLETE
        and action.completed_on is not None
        and action.completed_on < period.start_date
    )


def update_tasks(actions: Iterable[Action], periods: Iterable[ReportingPeriod]) -> list[UpdateTask]:
    """A task for each action due an update in each of the quarters."""
    actions, periods = list(actions), list(periods)
    if not actions or not periods:
        return []
    existing = {
        (u.action_id, u.period_id): u
        for u in ActionUpdate.objects.filter(action__in=actions, period__in=periods)
    }
    tasks = []
    for period in periods:
        window = return_window(period.organisation, period)
        for action in actions:
            if needs_update(action, period):
                update = existing.get((action.pk, period.pk))
                tasks.append(UpdateTask(action, period, update, window))
    return tasks


def updates_awaiting_approval(user: User, organisation: Organisation) -> list[ActionUpdate]:
    """Submitted action updates this person may approve."""
    submitted = (
        ActionUpdate.objects.filter(
            action__organisation=organisation, status=ActionUpdate.Status.SUBMITTED
        )
        .select_related("action__org_unit", "period", "submitted_by")
        .order_by("period__start_date", "action__code")
    )
    sharing_organisation((update.action for update in submitted), organisation)
    return [u for u in submitted if permissions.can_approve_action_update(user, u.action)]


def updates_for_action(action: Action) -> QuerySet[ActionUpdate]:
    return (
        action.updates.select_related("period", "submitted_by", "approved_by")
        .prefetch_related("milestones_completed")
        .order_by("-period__start_date")
    )


# Recovery plans ------------------------------------------------------------------------


def recovery_reason(performance: Performance) -> str:
    """Why the indicator needs a recovery plan: red twice running, else special cause."""
    reds = [p.rag.status == RagStatus.RED for p in performance.points if p.status != "missing"]
    if len(reds) >= 2 and reds[-1] and reds[-2]:
        return RecoveryPlan.Reason.RED_TWICE
    return RecoveryPlan.Reason.SPECIAL_CAUSE


def recovered_note(performance: Performance) -> str:
    """Why the indicator counts as recovered, or "" when it has not: its latest value is not
    red and it shows no concerning special-cause variation."""
    current = performance.current
    if current is None or current.rag.status not in {RagStatus.GREEN, RagStatus.AMBER}:
        return ""
    if performance.spc is not None and performance.spc.variation == CONCERNING:
        return ""
    return (
        f"Recovered: {current.rag.status.value} in {current.period.label}, "
        "with no concerning special-cause variation."
    )


@dataclass(frozen=True)
class RecoveryDue:
    """An indicator whose owner is asked for a recovery plan."""

    indicator: Indicator
    performance: Performance
    reason: str

    @property
    def reason_label(self) -> str:
        return RecoveryPlan.Reason(self.reason).label


def recovery_plans_due(
    organisation: Organisation, period: ReportingPeriod, *, owner: User | None = None
) -> list[RecoveryDue]:
    """Indicators red for two periods running or showing concerning special-cause variation
    (on approved values up to `period`) that have no open recovery plan; only those the
    `owner` leads when given."""
    open_plans = RecoveryPlan.objects.filter(closed_on__isnull=True).values("indicator_id")
    indicators = Indicator.objects.filter(organisation=organisation, is_active=True).exclude(
        pk__in=open_plans
    )
    if owner is not None:
        indicators = indicators.filter(owner=owner)
    indicators = list(indicators.select_related("organisation", "owner", "org_unit"))
    performance = performance_for(indicators, period)
    return [
        RecoveryDue(
            indicator, performance[indicator.pk], recovery_reason(performance[indicator.pk])
        )
        for indicator in indicators
        if performance[indicator.pk].recovery_needed
    ]


@dataclass(frozen=True)
class RecoveryPlanSummary:
    plan: RecoveryPlan
    rows: list[ActionRow]


def _with_actions(plans: QuerySet[RecoveryPlan], today: date) -> list[RecoveryPlanSummary]:
    plans = plans.select_related("indicator__organisation", "indicator__owner", "opened_by")
    plans = plans.prefetch_related(
        Prefetch(
            "actions",
            queryset=Action.objects.select_related("lead", "org_unit")
            .prefetch_related("milestones")
            .order_by("due_date", "code"),
        )
    )
    return [RecoveryPlanSummary(plan, action_rows(plan.actions.all(), today)) for plan in plans]


def recovery_plans_for_indicator(indicator: Indicator, today: date) -> list[RecoveryPlanSummary]:
    """The indicator's open recovery plans with their actions: what its page shows."""
    return _with_actions(
        RecoveryPlan.objects.filter(indicator=indicator, closed_on__isnull=True), today
    )


def recovery_plans_open(organisation: Organisation, today: date) -> list[RecoveryPlanSummary]:
    return _with_actions(
        RecoveryPlan.objects.filter(organisation=organisation, closed_on__isnull=True).order_by(
            "indicator__code"
        ),
        today,
    )


def recovery_plan_for_page(
    organisation: Organisation, pk: int, today: date
) -> RecoveryPlanSummary | None:
    found = _with_actions(RecoveryPlan.objects.filter(organisation=organisation, pk=pk), today)
    return found[0] if found else None


def actions_for_export(
    organisation: Organisation, *, plan_id: int | None = None, unit_id: int | None = None
) -> QuerySet[Action]:
    """The actions a file holds, with what its columns show."""
    return actions_for_organisation(
        organisation, plan_id=plan_id, unit_id=unit_id
    ).prefetch_related("objective_links__objective", "indicator_links__indicator")
