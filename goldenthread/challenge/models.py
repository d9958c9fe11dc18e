"""Challenge: improvement and performance clinics and scrutiny meetings with the items they
challenge, the scrutiny work programme and monitors' notes, the Best Value review programme,
inspections and peer assessments, and Turning the Curve worksheets.

Whatever these agree to do is a delivery Action whose `source` is the meeting, review,
inspection or worksheet (see `delivery.models.Action`), so it appears in its lead officer's
quarterly action updates like any other action.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Committee, Organisation, OrgUnit
from goldenthread.strategy.models import ReportingPeriod


def source_actions() -> GenericRelation:
    return GenericRelation(
        "delivery.Action", content_type_field="source_type", object_id_field="source_id"
    )


class Meeting(models.Model):
    """An improvement clinic (the corporate management team with heads of service, three
    times a year), a performance clinic, or a scrutiny meeting."""

    class Kind(models.TextChoices):
        IMPROVEMENT_CLINIC = "improvement_clinic", "Improvement clinic"
        PERFORMANCE_CLINIC = "performance_clinic", "Performance clinic"
        SCRUTINY = "scrutiny", "Scrutiny meeting"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="challenge_meetings"
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    title = models.CharField("title", max_length=200)
    held_on = models.DateField("date")
    committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenge_meetings",
        verbose_name="committee",
        help_text="For a scrutiny meeting.",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="challenge_meetings",
        verbose_name="service or directorate in focus",
        help_text="Suggestions are drawn from it and the units below it. Blank: the whole council.",
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="chair",
    )
    notes = models.TextField("notes of the meeting", blank=True)
    actions = source_actions()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "clinic or scrutiny meeting"
        ordering = ["-held_on", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenge:meeting_detail", args=[self.pk])


class ChallengeItem(models.Model):
    """Something a meeting chose to challenge: an indicator, action, risk or budget line (or
    any other topic), with the discussion and the root cause found."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    source = models.CharField(
        "what it is", max_length=20, help_text="indicator, action, risk, budget or other"
    )
    source_key = models.CharField(
        "suggestion key", max_length=60, blank=True, help_text="Which record it came from."
    )
    title = models.CharField("item", max_length=300)
    reason = models.CharField("why it was chosen", max_length=300)
    link = models.CharField("page", max_length=300, blank=True)
    discussion = models.TextField("discussion", blank=True)
    root_cause = models.TextField(
        "root cause analysis",
        blank=True,
        help_text="Why it is happening: keep asking why until the cause is one the council "
        "can act on.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "item for challenge"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source_key"],
                condition=~models.Q(source_key=""),
                name="unique_challenge_item_source",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#item-{self.pk}"


class ScrutinyTopic(models.Model):
    """An entry on a committee's scrutiny work programme."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        SCHEDULED = "scheduled", "Scheduled"
        IN_PROGRESS = "in_progress", "In progress"
        REPORTED = "reported", "Reported"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="scrutiny_topics"
    )
    topic = models.CharField("topic", max_length=200)
    scope = models.TextField("scope", help_text="The questions the committee wants answered.")
    lead_member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="lead member",
    )
    planned_for = models.DateField("meeting it is planned for", null=True, blank=True)
    status = models.CharField(
        "status", max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    outcome = models.TextField("findings and recommendations", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "scrutiny work programme topic"
        ordering = ["planned_for", "topic"]

    def __str__(self) -> str:
        return self.topic


class MonitorNote(models.Model):
    """A committee performance monitor's note on the performance the committee oversees."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="by"
    )
    written_on = models.DateField("date")
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="quarter looked at",
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="indicator",
    )
    note = models.TextField("note")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "performance monitor's note"
        ordering = ["-written_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.committee} note, {self.written_on:%d %b %Y}"


class BestValueReview(models.Model):
    """A fundamental review of a service: challenge why and how it is provided, consult its
    users, compare it with others, and test its competitiveness (the 4Cs)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="best_value_reviews", verbose_name="service"
    )
    title = models.CharField("title", max_length=200)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="review lead",
    )
    started_on = models.DateField("started on")
    completed_on = models.DateField("completed on", null=True, blank=True)
    challenge = models.TextField(
        "challenge", blank=True, help_text="Why, how and by whom the service is provided."
    )
    consult = models.TextField(
        "consult", blank=True, help_text="What users, residents and partners said."
    )
    compare = models.TextField(
        "compare", blank=True, help_text="How its performance compares with other providers."
    )
    compete = models.TextField(
        "compete",
        blank=True,
        help_text="How it shows it is competitive: market testing, alternative providers.",
    )
    findings = models.TextField("findings", blank=True)
    actions = source_actions()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Best Value review"
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenge:review_detail", args=[self.pk])

    def checklist(self) -> list[tuple[str, str, bool]]:
        """The 4Cs: (name, what was recorded, done)."""
        return [
            (str(self._meta.get_field(name).verbose_name).capitalize(), text, bool(text.strip()))
            for name, text in (
                ("challenge", self.challenge),
                ("consult", self.consult),
                ("compare", self.compare),
                ("compete", self.compete),
            )
        ]


class Inspection(models.Model):
    """An external inspection or a peer assessment; its recommendations are actions."""

    class Kind(models.TextChoices):
        INSPECTION = "inspection", "External inspection"
        PEER = "peer", "Peer assessment"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    title = models.CharField("title", max_length=200)
    body = models.CharField(
        "carried out by", max_length=200, help_text="The inspectorate or the peer team."
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="service",
        help_text="Leave blank for the whole council.",
    )
    reported_on = models.DateField("report published")
    judgement = models.CharField("judgement", max_length=200, blank=True)
    summary = models.TextField("summary of findings", blank=True)
    actions = source_actions()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "inspection or peer assessment"
        ordering = ["-reported_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("challenge:inspection_detail", args=[self.pk])


class CurveWorksheet(models.Model):
    """A Turning the Curve worksheet (Results-Based Accountability) for an indicator: the
    baseline and where it is heading, the story behind it, partners, what works, and the
    action plan (actions sourced from the worksheet)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    indicator = models.OneToOneField(
        "indicators.Indicator",
        on_delete=models.CASCADE,
        related_name="curve_worksheet",
        verbose_name="indicator",
    )
    story = models.TextField(
        "the story behind the baseline", help_text="The causes and forces at work."
    )
    what_works = models.TextField(
        "what works", blank=True, help_text="What could work to turn the curve, and the evidence."
    )
    updated_on = models.DateField("last reviewed", auto_now=True)
    actions = source_actions()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "Turning the Curve worksheet"

    def __str__(self) -> str:
        return f"Turning the Curve: {self.indicator.code}"

    def get_absolute_url(self) -> str:
        return reverse("challenge:worksheet_detail", args=[self.pk])


class CurvePartner(models.Model):
    worksheet = models.ForeignKey(CurveWorksheet, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField("partner", max_length=200)
    role = models.CharField("their role", max_length=300)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "partner with a role"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name
