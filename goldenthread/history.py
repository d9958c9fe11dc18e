"""The audit trail shown on object pages: who changed what, and when (django-simple-history)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Model

HISTORY_TYPES = {"+": "Created", "~": "Changed", "-": "Deleted"}


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: str
    action: str
    changes: list[tuple[str, str, str]]  # field label, old value, new value


def history_for(instance: Model, *, limit: int = 50) -> list[HistoryEntry]:
    """The instance's changes, newest first, each compared with the version before it."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_id")[: limit + 1]
    )  # type: ignore[attr-defined]
    entries = []
    for newer, older in zip(records, [*records[1:], None], strict=False):
        if len(entries) == limit:
            break
        changes = []
        if older is not None:
            for change in newer.diff_against(older).changes:
                field = instance._meta.get_field(change.field)
                label = str(getattr(field, "verbose_name", change.field)).capitalize()
                changes.append((label, _show(change.old), _show(change.new)))
        entries.append(
            HistoryEntry(
                when=newer.history_date,
                who=str(newer.history_user) if newer.history_user else "System",
                action=HISTORY_TYPES.get(newer.history_type, newer.history_type),
                changes=changes,
            )
        )
    return entries


def _show(value: object) -> str:
    if value in (None, ""):
        return "(blank)"
    text = str(value)
    return text if len(text) <= 200 else text[:199] + "…"
