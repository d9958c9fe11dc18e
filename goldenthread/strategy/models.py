"""The strategic framework: vision and values, plans, themes, objectives and the golden thread."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation, OrgUnit

month_field_validators = [MinValueValidator(1), MaxValueValidator(12)]


class Framework(models.Model):
    """The top of the golden thread: vision, purpose statement and policy context."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="framework"
    )
    vision = models.TextField("vision", help_text="The vision in the words the council uses.")
    policy_context = models.CharField(
        "policy context",
        max_length=300,
        blank=True,
        help_text='The overall context, such as "Promoting Achievement and Tackling Disadvantage".',
    )
    purpose_statement = models.TextField("purpose statement", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "framework"

    def __str__(self) -> str:
        return f"{self.organisation}: framework"


class CoreValue(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="values")
    title = models.CharField("value", max_length=200)
    key_phrase = models.CharField("key phrase", max_length=100, blank=True)
    description = models.TextField("what it means", blank=True)
    order = models.PositiveSmallIntegerField("order", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "core value"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class ManagementPrinciple(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="principles")
    title = models.CharField("principle", max_length=200)
    description = models.TextField("description", blank=True)
    order = models.PositiveSmallIntegerField("order", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "management principle"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class PlanningStage(models.Model):
    """A stage of the yearly planning and review cycle, by month, such as 'Approval (March)'."""

    class Cycle(models.TextChoices):
        COUNCIL_PLAN = "council_plan", "Council Plan and Medium Term Financial Plan"
        COMMUNITY_STRATEGY = "community_strategy", "Sustainable Community Strategy"
        APPRAISAL = "appraisal", "Performance and development appraisal"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="planning_stages"
    )
    cycle = models.CharField("cycle", max_length=30, choices=Cycle.choices)
    name = models.CharField("stage", max_length=200)
    description = models.TextField("description", blank=True)
    start_month = models.PositiveSmallIntegerField(
        "starts in month", validators=month_field_validators
    )
    end_month = models.PositiveSmallIntegerField("ends in month", validators=month_field_validators)
    order = models.PositiveSmallIntegerField("order", default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "planning stage"
        ordering = ["cycle", "order"]

    def __str__(self) -> str:
        return self.name


class ReportingPeriod(models.Model):
    """A month, quarter or year of the organisation's reporting calendar, with its dates.

    Made by `strategy.services.reporting_periods_ensure` from the pure period
    arithmetic, so quarters always tile the financial year.
    """

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Month"
        QUARTERLY = "quarterly", "Quarter"
        ANNUAL = "annual", "Year"
        BIENNIAL = "biennial", "Two years"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reporting_periods"
    )
    frequency = models.CharField("frequency", max_length=10, choices=Frequency.choices)
    year = models.PositiveSmallIntegerField(
        "financial year", help_text="The calendar year in which the financial year starts."
    )
    number = models.PositiveSmallIntegerField("number in year")
    label = models.CharField("label", max_length=12, help_text="For example 2025-Q2 or 2025/26.")
    start_date = models.DateField("starts")
    end_date = models.DateField("ends")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "reporting period"
        ordering = ["start_date", "frequency"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "frequency", "year", "number"], name="unique_period"
            ),
            models.UniqueConstraint(fields=["organisation", "label"], name="unique_period_label"),
        ]
        indexes = [models.Index(fields=["organisation", "frequency", "start_date"])]

    def __str__(self) -> str:
        return self.label

    @property
    def name(self) -> str:
        """A friendly name: 'Quarter 2 2025/26 (July to September 2025)'."""
        fy = f"{self.year}/{str(self.year + 1)[-2:]}"
        span = f"{self.start_date:%B} to {self.end_date:%B %Y}"
        if self.frequency == self.Frequency.QUARTERLY:
            return f"Quarter {self.number} {fy} ({span})"
        if self.frequency == self.Frequency.MONTHLY:
            return f"{self.start_date:%B %Y}"
        return f"{fy} ({span})" if self.frequency == self.Frequency.ANNUAL else self.label


class Plan(models.Model):
    """A plan at one level of the cascade, from the community plan to an individual work plan."""

    class Kind(models.TextChoices):
        COMMUNITY_PLAN = "community_plan", "Community plan / Sustainable Community Strategy"
        COUNCIL_PLAN = "council_plan", "Council Plan"
        DELIVERY_PLAN = "delivery_plan", "Delivery plan"
        DIRECTORATE_PLAN = "directorate_plan", "Directorate plan"
        SERVICE_PLAN = "service_plan", "Service plan"
        TEAM_PLAN = "team_plan", "Team plan"
        WORK_PLAN = "work_plan", "Individual work plan"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="plans")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField("title", max_length=300)
    summary = models.TextField("summary", blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name="unit",
        help_text="The directorate, service or team whose plan this is.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans_owned",
        verbose_name="owner",
        help_text="For an individual work plan, the employee; otherwise the lead officer.",
    )
    start_date = models.DateField("starts")
    end_date = models.DateField("ends")
    is_statutory = models.BooleanField(
        "statutory", default=False, help_text="Required by law, such as a statutory education plan."
    )
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.CharField(
        "approved by",
        max_length=200,
        blank=True,
        help_text="The person or body that approved it, for example Cabinet.",
    )
    approved_on = models.DateField("approved on", null=True, blank=True)
    version = models.PositiveSmallIntegerField("version", default=1)
    previous_version = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_version",
        verbose_name="previous version",
    )
    # The one-page business plan headings (used by service plans).
    where_are_we_now = models.TextField("where are we now?", blank=True)
    where_do_we_want_to_be = models.TextField("where do we want to be?", blank=True)
    critical_success_factors = models.TextField("critical success factors", blank=True)
    strategies = models.TextField("strategies: how will we get there?", blank=True)
    resource_implications = models.TextField("resource implications", blank=True)
    how_we_monitor = models.TextField("how we will monitor success", blank=True)
    history = HistoricalRecords()

    # The cascade, top first: an objective's level in the golden thread comes from its plan.
    LEVELS = [
        Kind.COMMUNITY_PLAN,
        Kind.COUNCIL_PLAN,
        Kind.DELIVERY_PLAN,
        Kind.DIRECTORATE_PLAN,
        Kind.SERVICE_PLAN,
        Kind.TEAM_PLAN,
        Kind.WORK_PLAN,
    ]
    BUSINESS_PLAN_FIELDS = [
        "where_are_we_now",
        "where_do_we_want_to_be",
        "critical_success_factors",
        "strategies",
        "resource_implications",
        "how_we_monitor",
    ]

    class Meta:
        verbose_name = "plan"
        ordering = ["start_date", "kind", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:plan_detail", args=[self.pk])

    @property
    def level(self) -> int:
        return self.LEVELS.index(self.kind)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def clean(self) -> None:
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date must be on or after the start date."
        if self.kind == self.Kind.WORK_PLAN and not self.owner_id:
            errors["owner"] = "An individual work plan needs the employee it belongs to."
        if self.status == self.Status.APPROVED and not (self.approved_by and self.approved_on):
            errors["approved_by"] = "Record who approved the plan and when."
        if errors:
            raise ValidationError(errors)


class Theme(models.Model):
    """A priority or theme of a community or council plan, such as 'Health'."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="themes")
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField("title", max_length=200)
    slug = models.SlugField("slug")
    statement = models.TextField(
        "policy statement",
        blank=True,
        help_text='For example "improve the health of the local community".',
    )
    order = models.PositiveSmallIntegerField("order", default=0)
    committees = models.ManyToManyField(
        "accounts.Committee",
        related_name="themes",
        blank=True,
        verbose_name="committees overseeing it",
    )
    history = HistoricalRecords(m2m_fields=[committees])

    class Meta:
        verbose_name = "theme"
        ordering = ["order", "title"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="unique_theme_slug"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:theme_detail", args=[self.pk])


class Objective(models.Model):
    """An objective at any level of the cascade; its links to objectives above form the thread."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="objectives"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="objectives")
    theme = models.ForeignKey(
        Theme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name="theme",
        help_text="The Council Plan theme, for objectives at the top of the cascade.",
    )
    code = models.CharField("reference", max_length=20, blank=True)
    title = models.CharField("objective", max_length=300)
    description = models.TextField("description", blank=True)
    success_measure = models.CharField(
        "how we will know",
        max_length=300,
        blank=True,
        help_text="The SMART target or outcome, in words.",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives_owned",
        verbose_name="owner",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objectives",
        verbose_name="responsible unit",
    )
    partners = models.TextField(
        "partners", blank=True, help_text="Partner organisations with a part in this objective."
    )
    due_date = models.DateField("to be achieved by", null=True, blank=True)
    order = models.PositiveSmallIntegerField("order", default=0)
    parents = models.ManyToManyField(
        "self",
        through="ObjectiveLink",
        through_fields=("child", "parent"),
        symmetrical=False,
        related_name="children",
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "objective"
        ordering = ["order", "title"]
        indexes = [models.Index(fields=["organisation", "plan"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:objective_detail", args=[self.pk])

    def get_thread_url(self) -> str:
        return reverse("strategy:objective_thread", args=[self.pk])


class LinkKind(models.TextChoices):
    """How something contributes to the objective above: direct, or indirect (contributory)."""

    DIRECT = "direct", "Direct"
    CONTRIBUTORY = "contributory", "Contributory"


class ThreadLink(models.Model):
    """Hangs something on the golden thread: an objective above, and how directly it contributes.

    Indicators, actions, risks and appraisal objectives subclass this, so every kind
    of link carries the same fields and the thread page shows them all alike.
    """

    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        related_name="%(app_label)s_%(class)s_links",
        verbose_name="objective",
    )
    kind = models.CharField(
        "link", max_length=12, choices=LinkKind.choices, default=LinkKind.DIRECT
    )

    class Meta:
        abstract = True


class ObjectiveLink(models.Model):
    """The objective below (child) contributes to the objective above (parent)."""

    child = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="links_up")
    parent = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="links_down")
    kind = models.CharField(
        "link", max_length=12, choices=LinkKind.choices, default=LinkKind.DIRECT
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "objective link"
        constraints = [
            models.UniqueConstraint(fields=["child", "parent"], name="unique_objective_link"),
            models.CheckConstraint(
                condition=~models.Q(child=models.F("parent")), name="objective_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} → {self.parent} ({self.get_kind_display()})"
