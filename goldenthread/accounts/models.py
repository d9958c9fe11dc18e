"""Organisations, their structure, people and the roles they hold."""

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", "Enter a colour as # and six hex digits.")


class Organisation(models.Model):
    """A council or other public body. Every query in the product is scoped to one."""

    class Kind(models.TextChoices):
        UNITARY = "unitary", "Unitary authority"
        METROPOLITAN = "metropolitan", "Metropolitan borough"
        LONDON_BOROUGH = "london_borough", "London borough"
        COUNTY = "county", "County council"
        DISTRICT = "district", "District council"
        SCOTTISH = "scottish", "Scottish council"
        WELSH = "welsh", "Welsh principal area"
        NORTHERN_IRISH = "northern_irish", "Northern Ireland district"
        OTHER = "other", "Other public body"

    name = models.CharField("name", max_length=200)
    short_name = models.CharField("short name", max_length=60, blank=True)
    slug = models.SlugField("slug", unique=True)
    gss_code = models.CharField(
        "GSS code",
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[RegexValidator(r"^[EWSN]\d{8}$", "A GSS code is a letter and 8 digits.")],
        help_text="The ONS Government Statistical Service code, for example E06000004.",
    )
    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.UNITARY)
    region = models.CharField("region", max_length=100, blank=True)
    population = models.PositiveIntegerField("population", null=True, blank=True)
    year_start_month = models.PositiveSmallIntegerField(
        "financial year starts in month",
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text="4 for the UK financial year (April to March).",
    )
    spc_run_length = models.PositiveSmallIntegerField(
        "SPC run length",
        default=7,
        validators=[MinValueValidator(6), MaxValueValidator(7)],
        help_text="Points in a run that signal a shift or trend: 6 or 7 (Making Data Count: 7).",
    )
    brand_colour = models.CharField(
        "brand colour", max_length=7, default="#0b5560", validators=[hex_colour]
    )
    website = models.URLField("website", blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisation"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class OrgUnit(models.Model):
    """A directorate (service group), service or team, in a tree under the organisation."""

    class Kind(models.TextChoices):
        DIRECTORATE = "directorate", "Directorate / service group"
        SERVICE = "service", "Service"
        TEAM = "team", "Team"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name="organisation"
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name="part of",
    )
    kind = models.CharField("level", max_length=20, choices=Kind.choices)
    name = models.CharField("name", max_length=200)
    code = models.CharField("code", max_length=20, blank=True)
    head = models.ForeignKey(
        "User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units_headed",
        verbose_name="head",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "organisational unit"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unique_unit_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:unit_detail", args=[self.pk])

    def clean(self) -> None:
        order = [self.Kind.DIRECTORATE, self.Kind.SERVICE, self.Kind.TEAM]
        if self.parent_id:
            if self.parent.organisation_id != self.organisation_id:
                raise ValidationError({"parent": "Choose a unit in the same organisation."})
            if order.index(self.parent.kind) >= order.index(self.kind):
                level = self.get_kind_display().lower()
                raise ValidationError({"parent": f"A {level} must sit under a higher level."})
        elif self.kind != self.Kind.DIRECTORATE:
            raise ValidationError({"parent": "Only a directorate can be at the top of the tree."})


class User(AbstractUser):
    """A person who signs in: an officer, manager, member, auditor and so on."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="organisation",
    )
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name="unit",
    )
    job_title = models.CharField("job title", max_length=200, blank=True)
    line_manager = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name="line manager",
    )
    # The password hash is a secret and sign-ins are recorded by django-axes.
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @cached_property
    def role_set(self) -> frozenset[str]:
        """The roles this person holds anywhere in their organisation."""
        return frozenset(self.roles.values_list("role", flat=True))


class Role(models.TextChoices):
    PERFORMANCE_ADMIN = "performance_admin", "Performance admin"
    SENIOR_LEADER = "senior_leader", "Senior leadership"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    MANAGER = "manager", "Manager"
    OFFICER = "officer", "Officer"
    MEMBER = "member", "Elected member"
    COMMITTEE_MONITOR = "committee_monitor", "Committee performance monitor"
    AUDITOR = "auditor", "Internal auditor"


class RoleAssignment(models.Model):
    """A role held across the organisation, or within one unit and the units below it."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="roles", verbose_name="person"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField("role", max_length=30, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name="within unit",
        help_text="Leave blank for a role across the whole organisation.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "role"
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "org_unit"], name="unique_role_assignment"
            ),
        ]

    def __str__(self) -> str:
        where = self.org_unit or self.organisation
        return f"{self.user}: {self.get_role_display()} ({where})"


class Committee(models.Model):
    """A committee of members, such as Cabinet or Executive Scrutiny, overseeing some themes."""

    class Kind(models.TextChoices):
        EXECUTIVE = "executive", "Executive / Cabinet"
        SCRUTINY = "scrutiny", "Scrutiny"
        SELECT = "select", "Thematic select committee"
        AUDIT = "audit", "Audit and governance"
        COUNCIL = "council", "Full council"
        PARTNERSHIP = "partnership", "Partnership board"
        MANAGEMENT = "management", "Management team"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="committees"
    )
    name = models.CharField("name", max_length=200)
    slug = models.SlugField("slug")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    remit = models.TextField("remit", blank=True)
    members = models.ManyToManyField(
        User, through="CommitteeMembership", related_name="committees", blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "committee"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unique_committee_slug"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("accounts:committee_detail", args=[self.slug])


class CommitteeMembership(models.Model):
    class Position(models.TextChoices):
        CHAIR = "chair", "Chair"
        VICE_CHAIR = "vice_chair", "Vice-chair"
        MEMBER = "member", "Member"
        MONITOR = "monitor", "Committee performance monitor"
        OFFICER = "officer", "Supporting officer"

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="committee_memberships")
    position = models.CharField(
        "position", max_length=20, choices=Position.choices, default=Position.MEMBER
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "committee membership"
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="unique_committee_member"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_position_display()}, {self.committee})"
