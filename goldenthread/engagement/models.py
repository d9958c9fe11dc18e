"""Engagement: consultation exercises and their results, complaints and commendations, and
the needs assessment evidence behind the council's objectives."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.strategy.models import ReportingPeriod, ThreadLink


class Consultation(models.Model):
    """A consultation exercise: a resident survey, a panel, a focus group or a statutory
    consultation, with what it found and what the council did about it."""

    class Kind(models.TextChoices):
        RESIDENT_SURVEY = "resident_survey", "Resident survey"
        RESIDENTS_PANEL = "residents_panel", "Residents' panel"
        SERVICE_USER_PANEL = "service_user_panel", "Service user panel"
        FOCUS_GROUP = "focus_group", "Focus group"
        STATUTORY = "statutory", "Statutory consultation"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="consultations"
    )
    title = models.CharField("title", max_length=200)
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name="service",
        help_text="Leave blank for a council-wide exercise.",
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="consultations_led",
        verbose_name="lead officer",
    )
    start_date = models.DateField("opens")
    end_date = models.DateField("closes")
    audience = models.CharField(
        "audience", max_length=300, help_text="Who was asked: all residents, tenants, carers..."
    )
    method = models.CharField(
        "method", max_length=300, help_text="Postal questionnaire, online, interviews..."
    )
    responses = models.PositiveIntegerField("responses received", default=0)
    key_findings = models.TextField("key findings", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "consultation"
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:consultation_detail", args=[self.pk])


class ConsultationResult(models.Model):
    """One question's result, recorded as the value of an indicator for a period: the share
    of respondents giving the answer counted (for example "satisfied or very satisfied")."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="results")
    question = models.CharField("question", max_length=300)
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        related_name="consultation_results",
        verbose_name="indicator",
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="+", verbose_name="period"
    )
    answered = models.PositiveIntegerField(
        "respondents answering", help_text="The sample size for this question."
    )
    counted = models.PositiveIntegerField(
        "respondents giving the answer counted",
        help_text="For example, those satisfied or very satisfied.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "consultation result"
        ordering = ["question"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "indicator", "period"], name="unique_consultation_result"
            ),
        ]

    def __str__(self) -> str:
        return self.question


class YouSaidWeDid(models.Model):
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="responses_made"
    )
    you_said = models.TextField("you said")
    we_did = models.TextField("we did")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "“you said, we did” response"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.you_said[:60]


class Complaint(models.Model):
    """A complaint or a commendation about a service, from receipt to response and learning."""

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", "Complaint"
        COMMENDATION = "commendation", "Commendation"

    class Outcome(models.TextChoices):
        OPEN = "", "Not yet decided"
        UPHELD = "upheld", "Upheld"
        PARTLY = "partly", "Partly upheld"
        NOT_UPHELD = "not_upheld", "Not upheld"

    class Category(models.TextChoices):
        SERVICE_FAILURE = "service_failure", "Service not provided or not to standard"
        DELAY = "delay", "Delay"
        STAFF = "staff", "Staff conduct or attitude"
        POLICY = "policy", "Disagreement with a policy or decision"
        COMMUNICATION = "communication", "Communication or information"
        OTHER = "other", "Other"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="complaints", verbose_name="service"
    )
    reference = models.CharField("reference", max_length=30)
    kind = models.CharField(
        "complaint or commendation", max_length=12, choices=Kind.choices, default=Kind.COMPLAINT
    )
    received_on = models.DateField("received on")
    category = models.CharField("category", max_length=20, choices=Category.choices, blank=True)
    summary = models.TextField("summary")
    outcome = models.CharField(
        "outcome", max_length=12, choices=Outcome.choices, blank=True, default=Outcome.OPEN
    )
    responded_on = models.DateField("responded on", null=True, blank=True)
    learning = models.TextField(
        "learning", blank=True, help_text="What the service will change as a result."
    )
    staff_named = models.CharField(
        "staff or team named", max_length=200, blank=True, help_text="For a commendation."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "complaint or commendation"
        ordering = ["-received_on", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="unique_complaint_reference"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "received_on"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.get_kind_display().lower()}"

    def get_absolute_url(self) -> str:
        return reverse("engagement:complaint_detail", args=[self.pk])

    @property
    def response_days(self) -> int | None:
        """Calendar days from receipt to response."""
        if self.responded_on is None:
            return None
        return (self.responded_on - self.received_on).days


class ComplaintFeed(models.Model):
    """Feeds one figure of the complaints log into an indicator's quarterly return."""

    class Measure(models.TextChoices):
        RECEIVED = "received", "Complaints received"
        COMMENDATIONS = "commendations", "Commendations received"
        WITHIN_TARGET = "within_target", "Complaints answered within the target time (%)"
        AVERAGE_DAYS = "average_days", "Average days to respond to a complaint"
        UPHELD = "upheld", "Complaints answered that were upheld or partly upheld (%)"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    indicator = models.OneToOneField(
        "indicators.Indicator",
        on_delete=models.CASCADE,
        related_name="complaint_feed",
        verbose_name="indicator",
    )
    measure = models.CharField("figure", max_length=15, choices=Measure.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="service",
        help_text="Leave blank to count the whole council.",
    )
    target_days = models.PositiveSmallIntegerField(
        "response target (days)", default=10, help_text="Calendar days from receipt to response."
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "complaints indicator feed"

    def __str__(self) -> str:
        return f"{self.get_measure_display()} → {self.indicator.code}"


class NeedsEvidence(models.Model):
    """A needs assessment source (the joint strategic needs assessment, deprivation data, a
    survey) recorded as evidence for the objectives it informs."""

    class Kind(models.TextChoices):
        JSNA = "jsna", "Joint strategic needs assessment"
        DEPRIVATION = "deprivation", "Deprivation data"
        SURVEY = "survey", "Survey"
        CENSUS = "census", "Census or population data"
        OTHER = "other", "Other research"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    title = models.CharField("title", max_length=200)
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    publisher = models.CharField("published by", max_length=200, blank=True)
    published_on = models.DateField("published on", null=True, blank=True)
    link = models.URLField("web address", blank=True)
    summary = models.TextField("what it tells us")
    consultation = models.ForeignKey(
        Consultation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name="consultation it came from",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "needs assessment evidence"
        verbose_name_plural = "needs assessment evidence"
        ordering = ["-published_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("engagement:evidence_detail", args=[self.pk])


class EvidenceObjective(ThreadLink):
    """Hangs needs evidence on the golden thread: the objectives it informs."""

    evidence = models.ForeignKey(
        NeedsEvidence, on_delete=models.CASCADE, related_name="objective_links"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "evidence's objective"
        constraints = [
            models.UniqueConstraint(
                fields=["evidence", "objective"], name="unique_evidence_objective"
            ),
        ]
