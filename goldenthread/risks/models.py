"""Risk and opportunity registers: scoring settings, categories with appetite, registers,
risks with their controls and escalations, and the quarterly risk return with its reviews."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.calculations import risk as scoring
from goldenthread.strategy.models import ReportingPeriod, ThreadLink

rating_validators = [
    MinValueValidator(scoring.LOWEST_RATING),
    MaxValueValidator(scoring.HIGHEST_RATING),
]
LIKELIHOOD_NAMES = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_NAMES = {1: "Negligible", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
LIKELIHOOD_HELP = ", ".join(f"{n} {name.lower()}" for n, name in LIKELIHOOD_NAMES.items()) + "."
IMPACT_HELP = ", ".join(f"{n} {name.lower()}" for n, name in IMPACT_NAMES.items()) + "."


def default_bands() -> list[dict]:
    return [
        {"name": band.name, "lowest": band.lowest, "highest": band.highest}
        for band in scoring.DEFAULT_BANDS
    ]


def bands_from(rows: object) -> tuple[scoring.ScoreBand, ...]:
    """Score bands from their stored form, checked: raises BandError (a ValueError)."""
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise scoring.BandError("bands must be a list of name, lowest and highest")
    try:
        return scoring.validate_bands(
            scoring.ScoreBand(str(row["name"]), int(row["lowest"]), int(row["highest"]))
            for row in rows
        )
    except (KeyError, TypeError) as error:
        raise scoring.BandError("each band needs a name, a lowest and a highest score") from error


class RiskSettings(models.Model):
    """How an organisation scores risks: the names and ranges of its score bands."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="risk_settings"
    )
    bands = models.JSONField(
        "score bands",
        default=default_bands,
        help_text='Lowest band first, for example [{"name": "Low", "lowest": 1, "highest": 4}, '
        "...]. Together the bands must cover every score from 1 to 25 that likelihood × "
        "impact can make, without overlapping.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "risk settings"
        verbose_name_plural = "risk settings"

    def __str__(self) -> str:
        return f"{self.organisation}: risk scoring"

    def clean(self) -> None:
        try:
            bands_from(self.bands)
        except ValueError as error:
            raise ValidationError({"bands": f"The score bands cannot be used: {error}."}) from error

    def score_bands(self) -> tuple[scoring.ScoreBand, ...]:
        return bands_from(self.bands)


class RiskCategory(models.Model):
    """A kind of risk, such as financial or reputational, with the council's appetite for it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="risk_categories"
    )
    name = models.CharField("category", max_length=100)
    description = models.TextField("description", blank=True)
    appetite = models.PositiveSmallIntegerField(
        "appetite score",
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(25)],
        help_text="The highest residual score the council will accept for risks of this kind. "
        "Risks scoring above it are flagged as above appetite.",
    )
    appetite_statement = models.TextField(
        "appetite statement",
        blank=True,
        help_text='In words, for example "We will not accept risks to the safety of children."',
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "risk category"
        verbose_name_plural = "risk categories"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="unique_risk_category_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Register(models.Model):
    """A risk register: the corporate register, or a directorate's or a service's."""

    class Kind(models.TextChoices):
        CORPORATE = "corporate", "Corporate"
        DIRECTORATE = "directorate", "Directorate"
        SERVICE = "service", "Service"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="risk_registers"
    )
    kind = models.CharField("level", max_length=12, choices=Kind.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risk_registers",
        verbose_name="directorate or service",
        help_text="Whose register it is. The corporate register has none.",
    )
    name = models.CharField("name", max_length=200)
    description = models.TextField("description", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "risk register"
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_register_name"),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=models.Q(kind="corporate"),
                name="one_corporate_register",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("risks:register_detail", args=[self.pk])

    @property
    def is_corporate(self) -> bool:
        return self.kind == self.Kind.CORPORATE

    def clean(self) -> None:
        if self.kind == self.Kind.CORPORATE and self.org_unit_id:
            raise ValidationError({"org_unit": "The corporate register belongs to no one unit."})
        if self.kind != self.Kind.CORPORATE:
            if not self.org_unit_id:
                raise ValidationError(
                    {"org_unit": f"Choose the {self.get_kind_display().lower()} it belongs to."}
                )
            if self.org_unit.kind != self.kind:
                level = self.get_kind_display().lower()
                raise ValidationError(
                    {"org_unit": f"A {level} register belongs to a {level}, not to a "
                     f"{self.org_unit.get_kind_display().lower()}."}
                )  # fmt: skip
            if self.org_unit.organisation_id != self.organisation_id:
                raise ValidationError({"org_unit": "Choose a unit of the same organisation."})


class Risk(models.Model):
    """A risk (or an opportunity): what might happen, why, what it would do, and how it is
    scored before controls (inherent), now (residual) and once actions are done (target)."""

    class Kind(models.TextChoices):
        RISK = "risk", "Risk"
        OPPORTUNITY = "opportunity", "Opportunity"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="risks")
    register = models.ForeignKey(
        Register,
        on_delete=models.PROTECT,
        related_name="risks",
        verbose_name="register",
        help_text="The register it is on now.",
    )
    escalated_from = models.ForeignKey(
        Register,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_risks",
        verbose_name="escalated from",
        help_text="While escalated to the corporate register, the register it came from and "
        "returns to when de-escalated.",
    )
    kind = models.CharField("type", max_length=12, choices=Kind.choices, default=Kind.RISK)
    reference = models.CharField("reference", max_length=20, help_text="For example CR-07.")
    title = models.CharField("title", max_length=300)
    cause = models.TextField("cause", help_text="Why it might happen: the source of the risk.")
    event = models.TextField("event", help_text="What might happen.")
    consequence = models.TextField("consequence", help_text="What it would lead to.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="risks_owned",
        verbose_name="risk owner",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name="responsible unit",
    )
    category = models.ForeignKey(
        RiskCategory,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name="category",
    )
    inherent_likelihood = models.PositiveSmallIntegerField(
        "inherent likelihood", validators=rating_validators, help_text=LIKELIHOOD_HELP
    )
    inherent_impact = models.PositiveSmallIntegerField(
        "inherent impact", validators=rating_validators, help_text=IMPACT_HELP
    )
    residual_likelihood = models.PositiveSmallIntegerField(
        "residual likelihood",
        validators=rating_validators,
        help_text="With the existing controls. " + LIKELIHOOD_HELP,
    )
    residual_impact = models.PositiveSmallIntegerField(
        "residual impact",
        validators=rating_validators,
        help_text="With the existing controls. " + IMPACT_HELP,
    )
    target_likelihood = models.PositiveSmallIntegerField(
        "target likelihood",
        validators=rating_validators,
        help_text="Once the mitigating actions are done.",
    )
    target_impact = models.PositiveSmallIntegerField(
        "target impact",
        validators=rating_validators,
        help_text="Once the mitigating actions are done.",
    )
    target_date = models.DateField(
        "target date", null=True, blank=True, help_text="When the target score should be reached."
    )
    identified_on = models.DateField("identified on", default=timezone.localdate)
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.OPEN)
    closed_on = models.DateField("closed on", null=True, blank=True)
    closure_reason = models.TextField(
        "reason for closing", blank=True, help_text="Why the risk no longer needs managing."
    )
    actions = GenericRelation(
        "delivery.Action", content_type_field="source_type", object_id_field="source_id"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "risk"
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="unique_risk_reference"
            ),
        ]
        indexes = [models.Index(fields=["register", "status"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risks:risk_detail", args=[self.pk])

    @property
    def inherent_score(self) -> int:
        return scoring.score(self.inherent_likelihood, self.inherent_impact)

    @property
    def residual_score(self) -> int:
        return scoring.score(self.residual_likelihood, self.residual_impact)

    @property
    def target_score(self) -> int:
        return scoring.score(self.target_likelihood, self.target_impact)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_above_appetite(self) -> bool:
        """Only risks are held to the appetite: an opportunity scoring high is good news."""
        appetite = self.category.appetite if self.category_id else None
        return self.kind == self.Kind.RISK and scoring.above_appetite(self.residual_score, appetite)

    def clean(self) -> None:
        errors = {}
        if self.status == self.Status.CLOSED:
            if not self.closed_on:
                errors["closed_on"] = "Enter the date the risk was closed."
            if not self.closure_reason.strip():
                errors["closure_reason"] = "Say why the risk is being closed."
        elif self.closed_on:
            errors["closed_on"] = "Only a closed risk has a closing date."
        if self.register_id and self.register.organisation_id != self.organisation_id:
            errors["register"] = "Choose a register of the same organisation."
        if self.category_id and self.category.organisation_id != self.organisation_id:
            errors["category"] = "Choose a category of the same organisation."
        if self.org_unit_id and self.org_unit.organisation_id != self.organisation_id:
            errors["org_unit"] = "Choose a unit of the same organisation."
        if errors:
            raise ValidationError(errors)


class RiskObjective(ThreadLink):
    """Hangs a risk on the golden thread: it threatens (or would help) an objective."""

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="objective_links")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "risk's objective"
        constraints = [
            models.UniqueConstraint(fields=["risk", "objective"], name="unique_risk_objective"),
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} → {self.objective}"


class Control(models.Model):
    """An existing control on a risk, and how well it works."""

    class Effectiveness(models.TextChoices):
        EFFECTIVE = "effective", "Effective"
        PARTLY_EFFECTIVE = "partly", "Partly effective"
        INEFFECTIVE = "ineffective", "Ineffective"
        NOT_ASSESSED = "not_assessed", "Not assessed"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="controls")
    description = models.TextField(
        "control", help_text="What is already in place that reduces the likelihood or impact."
    )
    effectiveness = models.CharField(
        "effectiveness",
        max_length=12,
        choices=Effectiveness.choices,
        default=Effectiveness.NOT_ASSESSED,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "control"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.description[:80]


class RiskEscalation(models.Model):
    """A move of a risk to the corporate register (escalation) or back (de-escalation), with
    who decided it, when, and why."""

    class Direction(models.TextChoices):
        ESCALATE = "escalate", "Escalated"
        DE_ESCALATE = "de_escalate", "De-escalated"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="escalations")
    from_register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="+", verbose_name="from"
    )
    to_register = models.ForeignKey(
        Register, on_delete=models.PROTECT, related_name="+", verbose_name="to"
    )
    direction = models.CharField("direction", max_length=12, choices=Direction.choices)
    reason = models.TextField("reason")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="by",
    )
    decided_on = models.DateField("on")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "escalation"
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.risk.reference} {self.get_direction_display().lower()} {self.decided_on}"


class RiskReturn(models.Model):
    """The quarterly risk return of a directorate (or the corporate register): each risk
    reviewed by its owner, signed off, reviewed by the senior management team and approved
    by the audit committee."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="returns")
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="risk_returns",
        verbose_name="quarter",
    )
    status = models.CharField(
        "status", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    commentary = models.TextField(
        "summary for the quarter",
        blank=True,
        help_text="The main changes and concerns, for the senior management team.",
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
    smt_reviewed_on = models.DateField(
        "reviewed by the senior management team on", null=True, blank=True
    )
    smt_outcome = models.TextField(
        "senior management team's outcome",
        blank=True,
        help_text="What the senior management team decided, for example risks to escalate.",
    )
    audit_committee_approved_on = models.DateField(
        "approved by the audit committee on", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "risk return"
        ordering = ["period__start_date", "register__name"]
        constraints = [
            models.UniqueConstraint(fields=["register", "period"], name="unique_risk_return"),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("risks:return_detail", args=[self.register_id, self.period_id])

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class RiskReview(models.Model):
    """The owner's review of one risk for a quarterly return: the residual score before and
    after, why it changed (or did not), and any change to the controls."""

    risk_return = models.ForeignKey(RiskReturn, on_delete=models.CASCADE, related_name="reviews")
    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="reviews")
    previous_likelihood = models.PositiveSmallIntegerField(
        "likelihood before", null=True, blank=True, validators=rating_validators
    )
    previous_impact = models.PositiveSmallIntegerField(
        "impact before", null=True, blank=True, validators=rating_validators
    )
    likelihood = models.PositiveSmallIntegerField(
        "residual likelihood", validators=rating_validators, help_text=LIKELIHOOD_HELP
    )
    impact = models.PositiveSmallIntegerField(
        "residual impact", validators=rating_validators, help_text=IMPACT_HELP
    )
    reason = models.TextField(
        "why",
        blank=True,
        help_text="Why the score changed, or why it stands. Needed when the score changes.",
    )
    control_changes = models.TextField(
        "changes to the controls",
        blank=True,
        help_text="Controls added, removed or working better or worse this quarter.",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField("reviewed at")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "risk review"
        ordering = ["risk_return__period__start_date", "risk__reference"]
        constraints = [
            models.UniqueConstraint(fields=["risk_return", "risk"], name="unique_risk_review"),
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} {self.risk_return.period}"

    @property
    def previous_score(self) -> int | None:
        if self.previous_likelihood is None or self.previous_impact is None:
            return None
        return scoring.score(self.previous_likelihood, self.previous_impact)

    @property
    def score(self) -> int:
        return scoring.score(self.likelihood, self.impact)

    @property
    def movement(self) -> scoring.Movement:
        return scoring.movement(self.previous_score, self.score)

    @property
    def score_changed(self) -> bool:
        return self.movement in {scoring.Movement.UP, scoring.Movement.DOWN}
