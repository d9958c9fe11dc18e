"""Performance and development appraisals: each employee's annual appraisal with their line
manager, its objectives (each on the golden thread), mid-year and year-end reviews with
ratings, and training and development needs.

Appraisals are private (see accounts.permissions.can_view_appraisal); pages that aggregate
them show counts only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation
from goldenthread.delivery.models import Action
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import Objective, ThreadLink


class AppraisalSettings(models.Model):
    """An organisation's appraisal settings: the indicator completion rates feed."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="appraisal_settings"
    )
    completion_indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="completion indicator",
        help_text="An annual percentage indicator: its value for each year is written from "
        "the share of employees whose year-end review is recorded.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "appraisal settings"
        verbose_name_plural = "appraisal settings"

    def __str__(self) -> str:
        return f"Appraisal settings for {self.organisation}"


class RatingLevel(models.Model):
    """One point of the organisation's rating scale, such as 3 "Fully met"."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="rating_levels"
    )
    value = models.PositiveSmallIntegerField("value")
    label = models.CharField("label", max_length=60)
    description = models.CharField("description", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "rating level"
        ordering = ["organisation", "value"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "value"], name="unique_rating_value"),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}"


class Appraisal(models.Model):
    """An employee's appraisal for one financial year, with their line manager."""

    class Status(models.TextChoices):
        PLANNING = "planning", "Objectives being set"
        AGREED = "agreed", "Objectives agreed"
        MID_YEAR = "mid_year", "Mid-year review held"
        COMPLETE = "complete", "Year-end review held"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="appraisals"
    )
    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="appraisals",
        verbose_name="employee",
    )
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="appraisals_held",
        verbose_name="appraising manager",
    )
    year = models.PositiveSmallIntegerField("financial year")
    status = models.CharField(
        "stage", max_length=10, choices=Status.choices, default=Status.PLANNING
    )
    objectives_agreed_on = models.DateField("objectives agreed on", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "appraisal"
        ordering = ["-year", "employee__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="unique_appraisal_year"),
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.year}/{(self.year + 1) % 100:02d}"

    def get_absolute_url(self) -> str:
        return reverse("people:appraisal_detail", args=[self.pk])


class AppraisalObjective(ThreadLink):
    """An individual objective, linked to a team or service objective, an indicator or an
    action, so the golden thread reaches the individual."""

    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appraisal_objectives",
        verbose_name="team or service objective",
    )
    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="objectives")
    title = models.CharField("objective", max_length=300)
    success_measure = models.CharField("how success is measured", max_length=300, blank=True)
    due_date = models.DateField("to be achieved by", null=True, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appraisal_objectives",
        verbose_name="indicator",
    )
    action = models.ForeignKey(
        Action,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="appraisal_objectives",
        verbose_name="action",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "appraisal objective"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(objective__isnull=False, indicator__isnull=True, action__isnull=True)
                    | models.Q(objective__isnull=True, indicator__isnull=False, action__isnull=True)
                    | models.Q(objective__isnull=True, indicator__isnull=True, action__isnull=False)
                ),
                name="appraisal_objective_one_link",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def linked_to(self) -> object:
        return self.objective or self.indicator or self.action

    def clean(self) -> None:
        if sum(x is not None for x in (self.objective, self.indicator, self.action)) != 1:
            raise ValidationError(
                "Link the objective to one team or service objective, indicator or action."
            )


class Review(models.Model):
    """A mid-year or year-end review: the conversation, an overall rating and comments."""

    class Stage(models.TextChoices):
        MID_YEAR = "mid_year", "Mid-year review"
        YEAR_END = "year_end", "Year-end review"

    appraisal = models.ForeignKey(Appraisal, on_delete=models.CASCADE, related_name="reviews")
    stage = models.CharField("review", max_length=10, choices=Stage.choices)
    held_on = models.DateField("held on")
    summary = models.TextField("manager's summary")
    rating = models.ForeignKey(
        RatingLevel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="overall rating",
    )
    employee_comments = models.TextField("employee's comments", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "appraisal review"
        ordering = ["held_on"]
        constraints = [
            models.UniqueConstraint(fields=["appraisal", "stage"], name="unique_review_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} of {self.appraisal}"


class ObjectiveProgress(models.Model):
    """Progress against one appraisal objective at a review, with its rating."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="progress")
    objective = models.ForeignKey(
        AppraisalObjective, on_delete=models.CASCADE, related_name="progress"
    )
    progress = models.TextField("progress")
    rating = models.ForeignKey(
        RatingLevel, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "objective progress"
        constraints = [
            models.UniqueConstraint(
                fields=["review", "objective"], name="unique_objective_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.objective} at {self.review}"


class TrainingNeed(models.Model):
    """A training or development need identified at appraisal, for training planning."""

    class Category(models.TextChoices):
        MANDATORY = "mandatory", "Mandatory and statutory"
        PROFESSIONAL = "professional", "Professional and technical"
        LEADERSHIP = "leadership", "Leadership and management"
        DIGITAL = "digital", "Digital and data skills"
        CUSTOMER = "customer", "Customer service"
        PERSONAL = "personal", "Personal development"

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    class Status(models.TextChoices):
        IDENTIFIED = "identified", "Identified"
        PLANNED = "planned", "Planned"
        COMPLETED = "completed", "Completed"

    appraisal = models.ForeignKey(
        Appraisal, on_delete=models.CASCADE, related_name="training_needs"
    )
    category = models.CharField("category", max_length=14, choices=Category.choices)
    description = models.CharField("need", max_length=300)
    priority = models.CharField(
        "priority", max_length=6, choices=Priority.choices, default=Priority.MEDIUM
    )
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.IDENTIFIED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "training need"
        ordering = ["category", "pk"]

    def __str__(self) -> str:
        return self.description
