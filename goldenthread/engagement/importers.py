"""Reading complaints and commendations from a CSV file, all or nothing.

Each row is found by its reference: a new one is logged, a known one is updated. Every row
goes through `services.complaint_save` (the web form's path and rules); the changes are
kept only when no row failed, and every problem is reported by line, column and reason.
The columns are those of the export; "Days to respond" is worked out, so it is ignored.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.engagement import services
from goldenthread.engagement.exports import COLUMNS, READ_ONLY
from goldenthread.engagement.models import Complaint
from goldenthread.indicators.importers import RowError, text_from

MAX_ROWS = 5_000
HEADERS = {header.lower(): key for key, header in COLUMNS}
HEADER_OF = dict(COLUMNS)
REQUIRED = ("reference", "kind", "service", "received_on", "summary")
FIELD_COLUMN = {"org_unit": "service", "__all__": "reference"}
SOURCE = "CSV"


@dataclass
class ComplaintsImport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def _choice(choices: Any, raw: str) -> str | None:
    """A choice from its label or stored value, in any case; None when it is not one."""
    wanted = raw.strip().lower()
    for value, label in choices:
        if wanted in {str(value).lower(), str(label).lower()}:
            return str(value)
    return None


def _date(raw: str) -> date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(raw.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"“{raw}” is not a date: write it as 2025-07-31 or 31/07/2025.")


def complaints_import(
    *, data: bytes, organisation: Organisation, user: User | None
) -> ComplaintsImport:
    """Logs or updates every complaint in the CSV, or nothing at all if any row fails."""
    result = ComplaintsImport()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(
            RowError(SOURCE, None, "", "Save the file as CSV UTF-8 and try again.")
        )
        return result
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        result.errors.append(RowError(SOURCE, None, "", "The file is empty."))
        return result
    positions: dict[str, int] = {}
    for index, header in enumerate(rows[0]):
        key = HEADERS.get(header.strip().lower())
        if key is None:
            result.errors.append(
                RowError(SOURCE, 1, header, f"“{header}” is not a column of the complaints log.")
            )
        elif key not in READ_ONLY:
            positions[key] = index
    for key in REQUIRED:
        if key not in positions:
            result.errors.append(
                RowError(SOURCE, 1, HEADER_OF[key], f"The “{HEADER_OF[key]}” column is missing.")
            )
    if len(rows) - 1 > MAX_ROWS:
        result.errors.append(RowError(SOURCE, None, "", f"Import at most {MAX_ROWS:,} rows."))
    if result.errors:
        return result
    units = {u.name.lower(): u for u in OrgUnit.objects.filter(organisation=organisation)}
    known = {c.reference.lower(): c for c in Complaint.objects.filter(organisation=organisation)}
    try:
        with transaction.atomic():
            seen: set[str] = set()
            for number, cells in enumerate(rows[1:], start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                values = {
                    key: text_from(cells[i]) if i < len(cells) else ""
                    for key, i in positions.items()
                }
                _row(result, organisation, user, number, values, units, known, seen)
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.created = result.updated = 0
    return result


def _row(
    result: ComplaintsImport,
    organisation: Organisation,
    user: User | None,
    number: int,
    values: dict[str, str],
    units: dict[str, OrgUnit],
    known: dict[str, Complaint],
    seen: set[str],
) -> None:
    def fail(key: str, reason: str) -> None:
        result.errors.append(RowError(SOURCE, number, HEADER_OF.get(key, key), reason))

    reference = values["reference"]
    if reference.lower() in seen:
        fail("reference", f"{reference} appears on an earlier line too.")
        return
    seen.add(reference.lower())
    existing = known.get(reference.lower())
    complaint = existing or Complaint(organisation=organisation, reference=reference)
    count = len(result.errors)
    for key in REQUIRED:
        if not values.get(key):
            fail(key, f"Enter the {HEADER_OF[key].lower()}.")
    if len(result.errors) > count:
        return
    kind = _choice(Complaint.Kind.choices, values["kind"])
    if kind is None:
        fail("kind", "Write “Complaint” or “Commendation”.")
    unit = units.get(values["service"].lower())
    if unit is None:
        fail("service", f"There is no service called “{values['service']}”.")
    for key, choices in (("category", Complaint.Category), ("outcome", Complaint.Outcome)):
        if key not in values:
            continue
        raw = values[key]
        chosen = _choice(choices.choices, raw) if raw else ""
        if chosen is None:
            labels = ", ".join(str(label) for value, label in choices.choices if value)
            fail(key, f"“{raw}” is not one of: {labels}.")
        else:
            setattr(complaint, key, chosen)
    for key in ("received_on", "responded_on"):
        if key not in values:
            continue
        raw = values[key]
        try:
            setattr(complaint, key, _date(raw) if raw else None)
        except ValueError as error:
            fail(key, str(error))
    if len(result.errors) > count:
        return
    complaint.kind = kind
    complaint.org_unit = unit
    for key in ("summary", "learning", "staff_named"):
        if key in values:
            setattr(complaint, key, values[key])
    try:
        with transaction.atomic():
            services.complaint_save(complaint=complaint, user=user)
    except PermissionDenied as error:
        fail("service", str(error))
        return
    except ValidationError as error:
        found = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        for name, messages in found.items():
            for message in messages:
                fail(FIELD_COLUMN.get(name, name), message)
        return
    if existing:
        result.updated += 1
    else:
        result.created += 1
