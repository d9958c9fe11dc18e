"""Performance indicators (the seeds' proforma), their targets and their quarterly returns."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.calculations.aggregation import Aggregation
from goldenthread.calculations.periods import Frequency
from goldenthread.calculations.polarity import Polarity
from goldenthread.strategy.models import Plan, ReportingPeriod, ThreadLink

# Named, so that the API schema can name it too (ENUM_NAME_OVERRIDES).
FREQUENCY_CHOICES = [(f.value, f.value.capitalize()) for f in Frequency]


class Indicator(models.Model):
    """A performance indicator with everything the proforma records about it."""

    class Unit(models.TextChoices):
        PERCENT = "percent", "Percentage (%)"
        NUMBER = "number", "Number"
        CURRENCY = "currency", "Pounds (£)"
        DAYS = "days", "Days"
        RATE_PER_1000 = "rate_1000", "Rate per 1,000"
        RATE_PER_100000 = "rate_100000", "Rate per 100,000"
        RATIO = "ratio", "Ratio"
        SCORE = "score", "Score"

    class Kind(models.TextChoices):
        INPUT = "input", "Input"
        OUTPUT = "output", "Output"
        OUTCOME = "outcome", "Outcome"

    class Geography(models.TextChoices):
        BOROUGH = "borough", "Borough-wide"
        WARD = "ward", "Ward"
        LSOA = "lsoa", "Lower layer super output area (LSOA)"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.CharField("code", max_length=30, help_text="For example PI-023 or NI 156.")
    title = models.CharField("title", max_length=300)
    definition = models.TextField("definition", blank=True)
    calculation_method = models.TextField(
        "calculation method",
        blank=True,
        help_text="How the value is worked out; for a rate, its numerator and denominator.",
    )
    numerator_label = models.CharField("numerator", max_length=200, blank=True)
    denominator_label = models.CharField("denominator", max_length=200, blank=True)
    formula = models.CharField(
        "formula",
        max_length=500,
        blank=True,
        help_text="For a calculated indicator, for example {PI-010} / {PI-011} * 100. "
        "It is recalculated whenever an input changes.",
    )
    data_source = models.CharField("data source", max_length=300, blank=True)
    data_system = models.CharField("system where the data is held", max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators_owned",
        verbose_name="lead officer",
    )
    updaters = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="indicators_updated",
        blank=True,
        verbose_name="named updaters",
        help_text="People besides the lead officer who may enter returns.",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name="responsible unit",
    )
    polarity = models.CharField(
        "polarity",
        max_length=10,
        choices=[
            (Polarity.HIGHER_IS_BETTER.value, "Higher is better"),
            (Polarity.LOWER_IS_BETTER.value, "Lower is better"),
            (Polarity.WITHIN_BAND.value, "Within a band is best"),
            (Polarity.NONE.value, "No direction (context measure)"),
        ],
        default=Polarity.HIGHER_IS_BETTER.value,
    )
    unit = models.CharField("unit", max_length=12, choices=Unit.choices, default=Unit.NUMBER)
    decimal_places = models.PositiveSmallIntegerField(
        "decimal places", default=1, validators=[MaxValueValidator(6)]
    )
    frequency = models.CharField(
        "frequency",
        max_length=10,
        choices=FREQUENCY_CHOICES,
        default=Frequency.QUARTERLY.value,
    )
    aggregation = models.CharField(
        "how periods add up to a year",
        max_length=10,
        choices=[
            (Aggregation.SUM.value, "Sum of the periods"),
            (Aggregation.AVERAGE.value, "Average of the periods"),
            (Aggregation.LATEST.value, "Latest value"),
            (Aggregation.YEAR_TO_DATE.value, "Year to date (values are cumulative)"),
        ],
        default=Aggregation.AVERAGE.value,
    )
    kind = models.CharField("type", max_length=10, choices=Kind.choices, default=Kind.OUTCOME)
    is_qualitative = models.BooleanField(
        "qualitative",
        default=False,
        help_text="A narrative or case study judged by the lead officer, with no RAG arithmetic.",
    )
    is_statutory = models.BooleanField("national or statutory", default=False)
    in_corporate_basket = models.BooleanField("in the corporate basket", default=False)
    geography = models.CharField(
        "geography", max_length=10, choices=Geography.choices, default=Geography.BOROUGH
    )
    baseline_value = models.DecimalField(
        "baseline", max_digits=18, decimal_places=6, null=True, blank=True
    )
    baseline_period = models.CharField("baseline period", max_length=20, blank=True)
    past_performance = models.TextField("past performance", blank=True)
    target_rationale = models.TextField("rationale for the target", blank=True)
    long_term_target = models.DecimalField(
        "long-term target", max_digits=18, decimal_places=6, null=True, blank=True
    )
    long_term_target_year = models.PositiveSmallIntegerField(
        "long-term target year", null=True, blank=True
    )
    review_date = models.DateField("annual review date", null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators_signed_off",
        verbose_name="signed off by",
    )
    signed_off_on = models.DateField("signed off on", null=True, blank=True)
    spc_baseline_points = models.PositiveSmallIntegerField(
        "SPC baseline points",
        null=True,
        blank=True,
        validators=[MinValueValidator(13)],
        help_text="Fix the process limits on this many points from the start (or a change point).",
    )
    is_active = models.BooleanField("in use", default=True)
    history = HistoricalRecords(m2m_fields=[updaters])

    class Meta:
        verbose_name = "indicator"
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "code"], name="unique_indicator_code"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator_detail", args=[self.pk])

    @property
    def is_calculated(self) -> bool:
        return bool(self.formula.strip())

    @property
    def unit_suffix(self) -> str:
        return {
            "percent": "%",
            "days": " days",
            "rate_1000": " per 1,000",
            "rate_100000": " per 100,000",
        }.get(self.unit, "")

    def format_value(self, value: Decimal | None) -> str:
        """The value as a reader sees it: '£1,234', '87.5%', '12 days'."""
        if value is None:
            return "No data"
        number = f"{value:,.{self.decimal_places}f}"
        if self.unit == self.Unit.CURRENCY:
            return f"£{number}" if value >= 0 else f"−£{number[1:]}"
        return f"{number}{self.unit_suffix}"


class IndicatorObjective(ThreadLink):
    """Hangs an indicator on the golden thread: it measures an objective, directly or not."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="objective_links"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "indicator's objective"
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "objective"], name="unique_indicator_objective"
            ),
        ]


class Target(models.Model):
    """A target for one period (a quarter, month or year). A revision adds a new version;
    earlier versions stay, and approved returns keep the target they were judged against."""

    # Not indexed alone: the unique (indicator, period, version) index leads with it.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", db_index=False
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="targets")
    value = models.DecimalField("target", max_digits=18, decimal_places=6, null=True, blank=True)
    band_lower = models.DecimalField(
        "band from", max_digits=18, decimal_places=6, null=True, blank=True
    )
    band_upper = models.DecimalField(
        "band to", max_digits=18, decimal_places=6, null=True, blank=True
    )
    tolerance = models.DecimalField(
        "amber tolerance",
        max_digits=18,
        decimal_places=6,
        null=True,
        blank=True,
        help_text="How far short of the target still counts as amber.",
    )
    tolerance_is_percentage = models.BooleanField(
        "tolerance is a percentage of the target", default=False
    )
    comparator = models.CharField(
        "comparator series",
        max_length=200,
        blank=True,
        help_text='A target relative to a comparator, for example "regional average".',
    )
    comparator_margin = models.DecimalField(
        "margin from the comparator", max_digits=18, decimal_places=6, null=True, blank=True
    )
    plan = models.ForeignKey(
        Plan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name="set in plan",
    )
    version = models.PositiveSmallIntegerField("version", default=1)
    reason = models.CharField("reason for the revision", max_length=300, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField("set at", auto_now_add=True)
    # The history is read by target (its id) only, so its copies of the other columns are not
    # indexed: each index is upkeep for every version a bulk load adds (docs/performance.md).
    history = HistoricalRecords(no_db_index=["indicator", "period", "plan", "set_by"])

    class Meta:
        verbose_name = "target"
        ordering = ["period__start_date", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "version"], name="unique_target_version"
            ),
        ]
        # The latest version of a target is found through the unique index, read backwards.

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}: {self.value}"


class ReturnSchedule(models.Model):
    """When returns open and are due, in days after each period ends."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="return_schedule"
    )
    opens_days_after_end = models.SmallIntegerField(
        "opens (days after the period ends)",
        default=-7,
        help_text="Negative to open before the period ends, so officers can start early.",
    )
    deadline_days_after_end = models.PositiveSmallIntegerField(
        "deadline (days after the period ends)", default=15
    )
    reminder_days_before_deadline = models.PositiveSmallIntegerField(
        "reminder (days before the deadline)", default=3
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "return schedule"

    def __str__(self) -> str:
        return f"{self.organisation}: returns due {self.deadline_days_after_end} days after"


class IndicatorReturn(models.Model):
    """One indicator's value for one period, with its commentary and sign-off."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        LOCKED = "locked", "Published"

    # Indexes: see Meta. The foreign keys are not indexed alone: each index is upkeep for
    # every return written, a million at a time in a bulk load (docs/performance.md).
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="returns", db_index=False
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="returns", db_index=False
    )
    value = models.DecimalField("value", max_digits=18, decimal_places=6, null=True, blank=True)
    numerator = models.DecimalField(
        "numerator", max_digits=18, decimal_places=6, null=True, blank=True
    )
    denominator = models.DecimalField(
        "denominator", max_digits=18, decimal_places=6, null=True, blank=True
    )
    narrative = models.TextField(
        "narrative", blank=True, help_text="For a qualitative indicator: what happened."
    )
    judgement = models.CharField(
        "owner's judgement",
        max_length=12,
        blank=True,
        choices=[("green", "On track"), ("amber", "Some concern"), ("red", "Off track")],
        help_text="For a qualitative indicator: the lead officer's judgement.",
    )
    commentary = models.TextField("commentary", blank=True)
    remedial_action = models.TextField("remedial action", blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Data quality metadata: where the figure came from and how it was prepared.
    source_quoted = models.CharField("source of the figure", max_length=300, blank=True)
    prepared_by = models.CharField("prepared by", max_length=200, blank=True)
    prepared_on = models.DateField("prepared on", null=True, blank=True)
    method_followed = models.BooleanField("the definition's method was followed", default=True)
    outlier_explanation = models.TextField(
        "explanation of an unusual value",
        blank=True,
        help_text="Needed when the value is outside the expected range.",
    )
    outlier_confirmed = models.BooleanField("unusual value confirmed", default=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    submitted_at = models.DateTimeField("submitted at", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
    )
    approved_at = models.DateTimeField("approved at", null=True, blank=True)
    sent_back_reason = models.TextField("reason sent back", blank=True)
    is_calculated = models.BooleanField("calculated", default=False)
    updated_at = models.DateTimeField("last changed", auto_now=True)
    # The history is read by return (its id) only: its copies of the other columns are not
    # indexed.
    history = HistoricalRecords(
        no_db_index=["indicator", "period", "status", "submitted_by", "approved_by"]
    )

    class Meta:
        verbose_name = "indicator return"
        ordering = ["period__start_date"]
        # By indicator (and period): the unique index; by period (and status): the second;
        # the returns awaiting approval, and a person's returns when they are deleted (the
        # foreign keys set to NULL), each through a partial index, which a return loaded
        # without them never enters.
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_return"),
        ]
        indexes = [
            models.Index(fields=["period", "status"]),
            models.Index(
                fields=["status"], condition=Q(status="submitted"), name="return_submitted"
            ),
            models.Index(
                fields=["submitted_by"],
                condition=Q(submitted_by__isnull=False),
                name="return_submitted_by",
            ),
            models.Index(
                fields=["approved_by"],
                condition=Q(approved_by__isnull=False),
                name="return_approved_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:return_edit", args=[self.indicator_id, self.period_id])

    @property
    def is_editable(self) -> bool:
        return self.status in {self.Status.DRAFT}


class ReturnEvidence(models.Model):
    """A file attached to a return as evidence for the figure."""

    indicator_return = models.ForeignKey(
        IndicatorReturn, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("file", upload_to="evidence/%Y/%m/")
    description = models.CharField("description", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "evidence"
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.description or self.file.name


class ChangePoint(models.Model):
    """A recorded change in the process, such as a new system: SPC limits re-base here."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="change_points")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("reason", max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "change point"
        ordering = ["period__start_date"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="unique_change_point"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} from {self.period}: {self.reason}"


class AuditSample(models.Model):
    """Internal audit's random sample of approved returns for a period, to check against source."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)
    seed = models.BigIntegerField("random seed", help_text="Recorded so the draw can be repeated.")
    size = models.PositiveSmallIntegerField("sample size")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "audit sample"
        ordering = ["-drawn_at"]

    def __str__(self) -> str:
        return f"Audit sample {self.period} ({self.size} returns)"


class AuditCheck(models.Model):
    """One sampled return, checked against its source, with the finding."""

    class Result(models.TextChoices):
        PENDING = "pending", "Not yet checked"
        AGREES = "agrees", "Agrees with source"
        MINOR = "minor", "Minor discrepancy"
        SIGNIFICANT = "significant", "Significant discrepancy"
        NO_EVIDENCE = "no_evidence", "Source not available"

    sample = models.ForeignKey(AuditSample, on_delete=models.CASCADE, related_name="checks")
    indicator_return = models.ForeignKey(
        IndicatorReturn, on_delete=models.CASCADE, related_name="audit_checks"
    )
    result = models.CharField(
        "result", max_length=12, choices=Result.choices, default=Result.PENDING
    )
    finding = models.TextField("finding", blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checked_at = models.DateTimeField("checked at", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "audit check"
        constraints = [
            models.UniqueConstraint(
                fields=["sample", "indicator_return"], name="unique_audit_check"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_return}: {self.get_result_display()}"


class ReminderSent(models.Model):
    """The day's reminder email to one person, so a second run the same day sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders_sent"
    )
    sent_on = models.DateField("sent on")
    items = models.PositiveSmallIntegerField("items listed", default=0)
    sent_at = models.DateTimeField("sent at", auto_now_add=True)

    class Meta:
        verbose_name = "reminder sent"
        verbose_name_plural = "reminders sent"
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="unique_reminder_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.sent_on}"
