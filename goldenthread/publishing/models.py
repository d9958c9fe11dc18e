"""Published periods: what the council has made public, frozen.

A `Publication` is a period the council has published; each time it is published (first,
then for every correction) a `PublishedVersion` freezes the approved data and the reports
as they stood, with a SHA-256 hash of the whole content, who published it and when. The
versions and their `PublishedFile`s are only ever inserted (services.py): what was once
public never changes, and a correction is a new version with its note beside the old.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goldenthread.accounts.models import Organisation
from goldenthread.strategy.models import ReportingPeriod


class Publication(models.Model):
    """A period the organisation has published, and whether it is open for a correction."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="publications"
    )
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    latest_number = models.PositiveSmallIntegerField("latest version", default=0)
    open_for_correction = models.BooleanField(
        "open for correction",
        default=False,
        help_text="Its returns are unlocked so a published figure can be corrected.",
    )
    correction_reason = models.TextField("why it was opened for correction", blank=True)
    first_published_at = models.DateTimeField("first published", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__start_date"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "period"], name="one_publication")
        ]

    def __str__(self) -> str:
        return f"{self.period.label} (version {self.latest_number})"

    def get_absolute_url(self) -> str:
        return reverse("publishing:detail", args=[self.period.label])


class PublishedVersion(models.Model):
    """One frozen version of a published period. Inserted once, never updated."""

    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("version")
    content = models.TextField("content (JSON)")  # the open data and the files' hashes
    content_hash = models.CharField("SHA-256 of the content", max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("published at")
    note = models.TextField("note", blank=True)
    correction_note = models.TextField("what was corrected", blank=True)

    class Meta:
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.publication.period.label} version {self.number}"

    @property
    def is_correction(self) -> bool:
        return self.number > 1


class PublishedFile(models.Model):
    """A report frozen with a version: its bytes and their SHA-256. Inserted once."""

    version = models.ForeignKey(PublishedVersion, on_delete=models.PROTECT, related_name="files")
    # "quarterly.pdf", "annual.html", "quarterly-<committee slug>.docx"
    key = models.CharField("name", max_length=120)
    title = models.CharField("title", max_length=300)
    content_type = models.CharField("content type", max_length=100)
    content = models.BinaryField("content")
    sha256 = models.CharField("SHA-256", max_length=64)

    class Meta:
        ordering = ["version", "key"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_file_a_key")]

    def __str__(self) -> str:
        return f"{self.version}: {self.key}"
