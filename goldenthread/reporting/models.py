"""A report file being made for someone: what was asked for, how far it has got, and the file."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from goldenthread.accounts.models import Organisation

# A run with no word for this long has died with its process: the page offers to try again.
STALE_AFTER = timedelta(minutes=15)


class ReportRun(models.Model):
    """One report in one format, made in the background while its page shows progress."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"
        XLSX = "xlsx", "Excel"
        HTML = "html", "Web page (HTML)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being made"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    request = models.JSONField("report asked for")  # catalogue.ReportRequest.as_dict()
    format = models.CharField("format", max_length=4, choices=Format.choices)
    title = models.CharField("title", max_length=300)
    status = models.CharField("status", max_length=8, choices=Status.choices, default=Status.QUEUED)
    steps_done = models.PositiveSmallIntegerField("steps done", default=0)
    steps_total = models.PositiveSmallIntegerField("steps", default=0)
    message = models.CharField("progress", max_length=200, blank=True)
    file = models.FileField("file", upload_to="reports/%Y/%m/", blank=True)
    filename = models.CharField("file name", max_length=200, blank=True)
    error = models.TextField("what went wrong", blank=True)
    created_at = models.DateTimeField("asked for at", auto_now_add=True)
    updated_at = models.DateTimeField("last progress at", auto_now=True)
    finished_at = models.DateTimeField("finished at", null=True, blank=True)

    class Meta:
        verbose_name = "report run"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_format_display()})"

    def get_absolute_url(self) -> str:
        return reverse("reporting:run", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_stale(self) -> bool:
        return not self.is_finished and timezone.now() - self.updated_at > STALE_AFTER

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0
