"""API tokens: one person's key for a system, scoped read or read-write, revocable.

Only a hash of the key is stored; the key itself is shown once, when it is made.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="person",
    )
    name = models.CharField(
        "name", max_length=100, help_text="What uses it, for example “Housing system nightly load”."
    )
    scope = models.CharField("scope", max_length=10, choices=Scope.choices, default=Scope.READ)
    prefix = models.CharField("prefix", max_length=12, unique=True)
    key_hash = models.CharField("key hash", max_length=64, unique=True)
    created_at = models.DateTimeField("created at", auto_now_add=True)
    last_used_at = models.DateTimeField("last used at", null=True, blank=True)
    revoked_at = models.DateTimeField("revoked at", null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["last_used_at"])

    class Meta:
        verbose_name = "API token"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
