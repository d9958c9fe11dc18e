"""The Medium Term Financial Plan: budgets per unit for this year and indicative allocations
for the years after, the savings programme, quarterly budget monitoring returns and
carry-forward requests."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.calculations.finance import VarianceThresholds
from goldenthread.strategy.models import Objective, ReportingPeriod, Theme

MONEY = {"max_digits": 14, "decimal_places": 2}


class FinanceSettings(models.Model):
    """An organisation's variance thresholds, and the unit whose people manage budgets."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="finance_settings"
    )
    amber_percent = models.DecimalField(
        "overspend turns amber at (% of budget)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(0)],
    )
    red_percent = models.DecimalField(
        "overspend turns red at (% of budget)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(3),
        validators=[MinValueValidator(0)],
    )
    underspend_amber_percent = models.DecimalField(
        "underspend turns amber at (% of budget)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(5),
        validators=[MinValueValidator(0)],
    )
    savings_amber_percent = models.DecimalField(
        "savings shortfall still amber up to (% of target)",
        max_digits=5,
        decimal_places=2,
        default=Decimal(25),
        validators=[MinValueValidator(0)],
    )
    finance_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="finance service",
        help_text="Its heads and managers set budgets and decide carry-forward requests.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "finance settings"
        verbose_name_plural = "finance settings"

    def __str__(self) -> str:
        return f"Finance settings for {self.organisation}"

    @property
    def thresholds(self) -> VarianceThresholds:
        return VarianceThresholds(
            self.amber_percent, self.red_percent, self.underspend_amber_percent
        )


class BudgetLine(models.Model):
    """A cost centre's net budget for one financial year: approved for the current year,
    indicative for the years after (the MTFP)."""

    class Category(models.TextChoices):
        EMPLOYEES = "employees", "Employees"
        PREMISES = "premises", "Premises"
        TRANSPORT = "transport", "Transport"
        SUPPLIES = "supplies", "Supplies and services"
        THIRD_PARTY = "third_party", "Third party payments"
        INCOME = "income", "Income"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="budget_lines"
    )
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="budget_lines", verbose_name="unit"
    )
    code = models.CharField("cost centre", max_length=20)
    title = models.CharField("title", max_length=200)
    category = models.CharField("category", max_length=12, choices=Category.choices)
    year = models.PositiveSmallIntegerField(
        "financial year", help_text="The year it starts in: 2026 for 2026/27."
    )
    amount = models.DecimalField("net budget (£)", **MONEY)
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name="Council Plan theme",
    )
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name="objective",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "budget line"
        ordering = ["org_unit__name", "code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code", "year"], name="unique_budget_line"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title} ({self.year})"


class SavingsItem(models.Model):
    """A saving or efficiency in the programme, with its target and forecast delivery."""

    class Kind(models.TextChoices):
        SAVING = "saving", "Saving"
        EFFICIENCY = "efficiency", "Efficiency"
        INCOME = "income", "Income generation"

    class Stage(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        DELIVERING = "delivering", "In delivery"
        DELIVERED = "delivered", "Delivered"
        UNACHIEVABLE = "unachievable", "Not achievable"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="savings_items"
    )
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="savings_items", verbose_name="unit"
    )
    reference = models.CharField("reference", max_length=20)
    title = models.CharField("title", max_length=200)
    kind = models.CharField("type", max_length=12, choices=Kind.choices, default=Kind.SAVING)
    year = models.PositiveSmallIntegerField("financial year")
    target = models.DecimalField("target (£)", **MONEY, validators=[MinValueValidator(0)])
    forecast = models.DecimalField("forecast delivery (£)", **MONEY)
    stage = models.CharField("stage", max_length=12, choices=Stage.choices, default=Stage.PROPOSED)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lead officer",
    )
    commentary = models.TextField("commentary", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "savings item"
        ordering = ["year", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="unique_savings_reference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("finance:savings_edit", args=[self.pk])


class BudgetReturn(models.Model):
    """A unit's quarterly budget monitoring return: forecast outturn against its budget."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="budget_returns", verbose_name="unit"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    budget = models.DecimalField(
        "budget (£)", **MONEY, help_text="The unit's budget for the year when last saved."
    )
    forecast = models.DecimalField("forecast outturn (£)", **MONEY)
    commentary = models.TextField("commentary", blank=True)
    management_action = models.TextField("management action", blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField("submitted at", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField("approved at", null=True, blank=True)
    sent_back_reason = models.TextField("reason sent back", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "budget monitoring return"
        ordering = ["period__start_date", "org_unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "period"], name="unique_budget_return"),
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} {self.period.label}"

    def get_absolute_url(self) -> str:
        return reverse("finance:return_edit", args=[self.org_unit_id, self.period_id])


class CarryForward(models.Model):
    """A request to carry an underspend into next year, or to fund an agreed overspend from
    next year's budget, with its business case and the decision."""

    class Kind(models.TextChoices):
        UNDERSPEND = "underspend", "Carry forward an underspend"
        OVERSPEND = "overspend", "Fund an overspend from next year"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="carry_forwards", verbose_name="unit"
    )
    year = models.PositiveSmallIntegerField("from financial year")
    kind = models.CharField("request", max_length=12, choices=Kind.choices)
    amount = models.DecimalField("amount (£)", **MONEY, validators=[MinValueValidator(1)])
    business_case = models.TextField(
        "business case", help_text="What the money is for, and what it delivers next year."
    )
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField("requested at", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("decided at", null=True, blank=True)
    decision_note = models.TextField("decision note", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "carry-forward request"
        ordering = ["-year", "org_unit__name"]

    def __str__(self) -> str:
        return f"{self.org_unit}: {self.get_kind_display().lower()} of £{self.amount:,.0f}"

    def get_absolute_url(self) -> str:
        return reverse("finance:carry_forward_detail", args=[self.pk])
