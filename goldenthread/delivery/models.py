"""Delivery: plan actions with their milestones, quarterly action updates and recovery plans."""

from datetime import date

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.calculations.delivery import ActionStatus, action_status
from goldenthread.strategy.models import Plan, ReportingPeriod, Theme, ThreadLink

progress_validators = [MaxValueValidator(100)]
ACTION_STATUS_CHOICES = [(status.value, status.label) for status in ActionStatus]


class Action(models.Model):
    """Something the council will do, by a date, led by one officer: the "do" of the plan.

    An action's status is derived (see `goldenthread.calculations.delivery.action_status`
    and `status_on`); only the three decisions people make are stored in `manual_status`:
    complete, cancelled (with `status_reason`) and deferred (with `status_reason`; the
    first due date is kept in `original_due_date`).

    Where an action comes from is designed once, for every kind of source:

    - `source_kind` says what asked for it: a plan (delivery, service or team plan; the
      plan is in `plan`), a recovery plan for an indicator, a risk it mitigates, an audit,
      inspection, performance clinic, review, peer review or scrutiny recommendation;
    - `source` (a generic foreign key: `source_type` + `source_id`) points at the record
      that asked for it, when there is one: the `RecoveryPlan`, the risk, the audit
      finding... A plan action has no `source` (its plan is `plan`).

    An app whose records ask for actions declares, on its model::

        actions = GenericRelation(
            "delivery.Action", content_type_field="source_type", object_id_field="source_id"
        )

    and creates them with `delivery.services.action_save(..., source=obj,
    source_kind=Action.SourceKind.RISK)`; `obj.actions.all()` then lists them.
    """

    class ManualStatus(models.TextChoices):
        DERIVED = "", "Worked out from dates and progress"
        COMPLETE = "complete", "Complete"
        CANCELLED = "cancelled", "Cancelled"
        DEFERRED = "deferred", "Deferred"

    class SourceKind(models.TextChoices):
        PLAN = "plan", "Delivery, service or team plan"
        RECOVERY = "recovery", "Recovery plan for an indicator"
        RISK = "risk", "Mitigating action for a risk"
        AUDIT = "audit", "Audit recommendation"
        INSPECTION = "inspection", "Inspection recommendation"
        CLINIC = "clinic", "Performance clinic"
        REVIEW = "review", "Service review"
        PEER_REVIEW = "peer_review", "Peer review"
        SCRUTINY = "scrutiny", "Scrutiny recommendation"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="actions")
    plan = models.ForeignKey(
        Plan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="plan",
        help_text="The delivery, service or team plan it belongs to. "
        "Improvement actions from audits, risks and reviews may have none.",
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="Council Plan theme",
    )
    code = models.CharField("reference", max_length=20, help_text="For example DP-012.")
    title = models.CharField("action", max_length=300)
    description = models.TextField("description", blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions_led",
        verbose_name="lead officer",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="responsible unit",
    )
    start_date = models.DateField("starts")
    due_date = models.DateField(
        "due", help_text="When it will be finished. A deferral moves this date."
    )
    original_due_date = models.DateField(
        "originally due",
        null=True,
        blank=True,
        help_text="The due date before the first deferral.",
    )
    completed_on = models.DateField("completed on", null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        "progress (%)", default=0, validators=progress_validators
    )
    manual_status = models.CharField(
        "recorded status",
        max_length=10,
        blank=True,
        choices=ManualStatus.choices,
        default=ManualStatus.DERIVED,
        help_text="Only complete, cancelled and deferred are recorded; "
        "every other status is worked out from the dates, milestones and progress.",
    )
    status_reason = models.TextField(
        "reason", blank=True, help_text="Why it was cancelled or deferred."
    )
    source_kind = models.CharField(
        "source", max_length=12, choices=SourceKind.choices, default=SourceKind.PLAN
    )
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "action"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_action_code"),
        ]
        indexes = [
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["organisation", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("delivery:action_detail", args=[self.pk])

    def status_on(self, today: date) -> ActionStatus:
        """The derived status; uses the prefetched milestones when there are any."""
        return action_status(
            today=today,
            start_date=self.start_date,
            due_date=self.due_date,
            progress=self.progress,
            milestones=[(m.due_date, m.completed_on) for m in self.milestones.all()],
            manual_status=self.manual_status,
        )

    @property
    def is_closed(self) -> bool:
        return self.manual_status in {self.ManualStatus.COMPLETE, self.ManualStatus.CANCELLED}


class ActionObjective(ThreadLink):
    """Hangs an action on the golden thread: it delivers an objective, directly or not."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="objective_links")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "action's objective"
        constraints = [
            models.UniqueConstraint(fields=["action", "objective"], name="unique_action_objective"),
        ]


class ActionIndicator(models.Model):
    """An indicator the action exists to move."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicator_links")
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="action_links"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "action's indicator"
        constraints = [
            models.UniqueConstraint(fields=["action", "indicator"], name="unique_action_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.action.code} → {self.indicator.code}"


class Milestone(models.Model):
    """A dated step of an action; a late milestone puts the action at risk or off track."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField("milestone", max_length=300)
    due_date = models.DateField("due")
    completed_on = models.DateField("completed on", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "milestone"
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.title

    def is_late_on(self, today: date) -> bool:
        return self.completed_on is None and self.due_date < today


class ActionUpdate(models.Model):
    """The lead officer's quarterly update on an action, signed off like an indicator return."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="action_updates",
        verbose_name="quarter",
    )
    progress = models.PositiveSmallIntegerField(
        "progress (%)",
        validators=progress_validators,
        help_text="How much of the action is done, as a percentage.",
    )
    status_at_update = models.CharField(
        "status when updated",
        max_length=12,
        choices=ACTION_STATUS_CHOICES,
        blank=True,
        help_text="The derived status when the update was submitted, kept for the record.",
    )
    commentary = models.TextField(
        "commentary", blank=True, help_text="What was done this quarter and what it achieved."
    )
    milestones_completed = models.ManyToManyField(
        Milestone,
        blank=True,
        related_name="+",
        verbose_name="milestones completed this quarter",
    )
    next_steps = models.TextField("next steps", blank=True)
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("submitted at", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("approved at", null=True, blank=True)
    sent_back_reason = models.TextField("reason sent back", blank=True)
    updated_at = models.DateTimeField("last changed", auto_now=True)
    history = HistoricalRecords(m2m_fields=[milestones_completed])

    class Meta:
        verbose_name = "action update"
        ordering = ["period__start_date"]
        constraints = [
            models.UniqueConstraint(fields=["action", "period"], name="unique_action_update"),
        ]
        indexes = [models.Index(fields=["period", "status"])]

    def __str__(self) -> str:
        return f"{self.action.code} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("delivery:update_edit", args=[self.action_id, self.period_id])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class RecoveryPlan(models.Model):
    """The owner's plan to bring an indicator back on track: a set of actions.

    Asked for when the indicator is red for two periods running or shows concerning
    special-cause variation; shown on the indicator page until it is closed when the
    indicator recovers.
    """

    class Reason(models.TextChoices):
        RED_TWICE = "red_twice", "Red for two periods running"
        SPECIAL_CAUSE = "special_cause", "Special-cause variation of concern"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="recovery_plans"
    )
    indicator = models.ForeignKey(
        "indicators.Indicator", on_delete=models.CASCADE, related_name="recovery_plans"
    )
    reason = models.CharField("why it is needed", max_length=15, choices=Reason.choices)
    opened_on = models.DateField("opened on")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="opened by",
    )
    summary = models.TextField(
        "summary",
        help_text="What has gone wrong, why, and how the actions will bring it back on track.",
    )
    closed_on = models.DateField("closed on", null=True, blank=True)
    closing_note = models.TextField("why it was closed", blank=True)
    actions = GenericRelation(Action, content_type_field="source_type", object_id_field="source_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "recovery plan"
        ordering = ["-opened_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_recovery_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"Recovery plan for {self.indicator}"

    def get_absolute_url(self) -> str:
        return reverse("delivery:recovery_plan_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
