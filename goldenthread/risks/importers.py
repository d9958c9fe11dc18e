"""Reading risks from a workbook or CSV, all or nothing.

Each row is a risk, found by its reference: a new reference adds a risk to the register
named, a known one changes it. Every row is checked as the risk form checks it (the
model's own validation), and nothing is written unless every row is right; every problem
is reported by row, column and reason. The export's read-only columns (scores, band,
appetite, escalation, objectives, controls) are ignored, and a risk moves between registers
only by escalation, never by import.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.calculations.risk import RATINGS as RATING_RANGE
from goldenthread.indicators.importers import NOT_UTF8, RowError, is_formula, text_from
from goldenthread.risks.exports import (
    ABOUT_SHEET,
    COLUMN_BY_KEY,
    COLUMNS,
    FORMAT_NAME,
    RATINGS,
    SHEET,
)
from goldenthread.risks.models import Register, Risk, RiskCategory

MAX_ROWS = 5_000
HEADERS = {column.header.lower(): column.key for column in COLUMNS}
REQUIRED = ("reference", "register", "title", "owner", *RATINGS)
TEXTS = ("title", "cause", "event", "consequence", "closure_reason")
DATES = ("target_date", "identified_on", "closed_on")
FIELDS = ("kind", *TEXTS, "owner", "org_unit", "category", *RATINGS, *DATES, "status")
COLUMN_OF_FIELD = {"org_unit": "unit", "__all__": "reference", "organisation": "reference"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y")


@dataclass
class RisksImport:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.reason)
        self.error = error


class _CellError(ValueError):
    """A cell that cannot be read; the message says why."""


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, list[Any]]]  # (row number, cells), the heading row first
    letters: bool  # name columns by letter too, as a spreadsheet does
    about: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Lookups:
    """The organisation's registers, people, units, categories and risks, by name."""

    registers: dict[str, Register]
    people: dict[str, list[User]]
    units: dict[str, OrgUnit]
    categories: dict[str, RiskCategory]
    risks: dict[str, Risk]

    @classmethod
    def of(cls, organisation: Organisation) -> "_Lookups":
        registers = {
            _key(register.name): register
            for register in Register.objects.filter(organisation=organisation)
        }
        corporate = next((r for r in registers.values() if r.is_corporate), None)
        if corporate is not None:
            registers.setdefault("corporate", corporate)
        people: dict[str, list[User]] = {}
        for person in User.objects.filter(organisation=organisation):
            for name in {person.username, person.email, person.get_full_name()}:
                if name:
                    people.setdefault(_key(name), []).append(person)
        return cls(
            registers=registers,
            people=people,
            units={_key(u.name): u for u in OrgUnit.objects.filter(organisation=organisation)},
            categories={
                _key(c.name): c for c in RiskCategory.objects.filter(organisation=organisation)
            },
            risks={
                _key(r.reference): r
                for r in Risk.objects.filter(organisation=organisation).select_related(
                    "organisation", "register", "owner", "org_unit", "category"
                )
            },
        )


def _key(text: str) -> str:
    return " ".join(text.split()).lower()


def risks_import(
    *, data: bytes, filename: str, organisation: Organisation, dry_run: bool = False
) -> RisksImport:
    """Reads a risks file and adds or changes every risk in it, or nothing at all if any row
    is wrong. A dry run checks everything and writes nothing."""
    result = RisksImport(dry_run=dry_run)
    source = Path(filename).name
    try:
        sheet = _open(data, source)
    except _Refused as refused:
        result.errors.append(refused.error)
        return result
    if sheet.about.get("Format") not in (None, FORMAT_NAME):
        result.errors.append(RowError(source, None, "", "This is not a risk register export."))
        return result
    if sheet.about.get("Organisation") not in (None, organisation.slug):
        result.errors.append(
            RowError(source, None, "", "This file was exported for another organisation.")
        )
        return result
    if not sheet.rows:
        result.errors.append(RowError(sheet.name, None, "", "The file is empty."))
        return result
    positions = _positions(sheet, sheet.rows[0][1], result.errors)
    if positions is None:
        return result
    lookups = _Lookups.of(organisation)
    planned: list[tuple[Risk, bool, bool]] = []  # the risk, whether new, whether changed
    seen: dict[str, int] = {}
    for number, cells in sheet.rows[1:]:
        if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
            continue
        if len(planned) + 1 > MAX_ROWS:
            result.errors.append(
                RowError(sheet.name, number, "", f"The file has more than {MAX_ROWS:,} risks.")
            )
            break
        row = _Row(sheet, number, cells, positions, result.errors)
        made = _read_row(row, organisation, lookups, seen)
        if made is not None:
            planned.append(made)
    if not planned and not result.errors:
        result.errors.append(RowError(sheet.name, None, "", "The file has no risks in it."))
    if result.errors:
        return result
    for _risk, new, changed in planned:
        if new:
            result.created += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1
    if not dry_run:
        with transaction.atomic():
            for risk, new, changed in planned:
                if new or changed:
                    risk._change_reason = f"Imported from {source}"  # type: ignore[attr-defined]
                    risk.save()
    return result


# Files ---------------------------------------------------------------------------------


def _open(data: bytes, source: str) -> _Sheet:
    if data.startswith(b"PK\x03\x04"):
        return _open_workbook(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Refused(
            RowError(source, None, "", "This is an old Excel (.xls) file: save it as an Excel "
                     "workbook (.xlsx) or as CSV UTF-8, and try again.")
        )  # fmt: skip
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _Refused(RowError(source, line, "", NOT_UTF8)) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        rows = [(reader.line_num, cells) for cells in reader]
    except csv.Error as error:
        raise _Refused(
            RowError(source, reader.line_num + 1, "", f"The file is not valid CSV: {error}.")
        ) from error
    return _Sheet(source, [(number, list(cells)) for number, cells in rows], letters=False)


def _open_workbook(data: bytes, source: str) -> _Sheet:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise _Refused(
            RowError(source, None, "", "The workbook cannot be read; open it in Excel, save "
                     f"it as .xlsx and try again ({error}).")
        ) from error  # fmt: skip
    about: dict[str, Any] = {}
    if ABOUT_SHEET in book.sheetnames:
        for name, value, *_rest in book[ABOUT_SHEET].iter_rows(values_only=True, max_col=2):
            if name:
                about[str(name)] = value
    sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
    rows = [
        (number, list(cells))
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1)
    ]
    return _Sheet(sheet.title, rows, letters=True, about=about)


def _column_name(sheet: _Sheet, header: str, index: int | None) -> str:
    if sheet.letters and index is not None:
        return f"{header} ({get_column_letter(index + 1)})"
    return header


def _positions(sheet: _Sheet, header: list[Any], errors: list[RowError]) -> dict[str, int] | None:
    """Column key → position, from the heading row; None when the headings are unusable."""
    positions: dict[str, int] = {}
    before = len(errors)
    for index, raw in enumerate(header):
        label = " ".join(text_from(raw).split())
        if not label:
            continue
        key = HEADERS.get(label.lower())
        column = _column_name(sheet, label, index)
        if key is None:
            reason = f"“{label}” is not a column of the risk register export; remove it or "
            errors.append(RowError(sheet.name, 1, column, reason + "correct the heading."))
        elif key in positions:
            errors.append(RowError(sheet.name, 1, column, f"The column “{label}” appears twice."))
        else:
            positions[key] = index
    missing = [COLUMN_BY_KEY[key].header for key in REQUIRED if key not in positions]
    if missing:
        errors.append(
            RowError(sheet.name, 1, ", ".join(missing), "Required column missing: the first "
                     "row must have the export's headings, including " + ", ".join(missing) + ".")
        )  # fmt: skip
    return None if len(errors) > before else positions


# Rows ----------------------------------------------------------------------------------


@dataclass
class _Row:
    sheet: _Sheet
    number: int
    cells: list[Any]
    positions: dict[str, int]
    errors: list[RowError]
    failed: bool = False

    def has(self, key: str) -> bool:
        return key in self.positions

    def raw(self, key: str) -> Any:
        index = self.positions[key]
        return self.cells[index] if index < len(self.cells) else None

    def fail(self, key: str, reason: str) -> None:
        header = COLUMN_BY_KEY[key].header
        column = _column_name(self.sheet, header, self.positions.get(key))
        self.errors.append(RowError(self.sheet.name, self.number, column, reason))
        self.failed = True

    def text(self, key: str) -> str:
        raw = self.raw(key)
        if is_formula(raw):
            self.fail(key, "This cell has a formula; formulas are never run. Enter the text.")
            return ""
        return text_from(raw)


def _read_row(
    row: _Row, organisation: Organisation, lookups: _Lookups, seen: dict[str, int]
) -> tuple[Risk, bool, bool] | None:
    """The risk the row describes (changed in memory, not saved), whether it is new and
    whether anything changed; None when the row has problems, each reported."""
    reference = row.text("reference")
    if not reference:
        row.fail("reference", "Enter the risk's reference, such as CR-07.")
        return None
    if _key(reference) in seen:
        row.fail("reference", f"{reference} appears twice: also on row {seen[_key(reference)]}.")
        return None
    seen[_key(reference)] = row.number
    existing = lookups.risks.get(_key(reference))
    register_name = row.text("register")
    register = lookups.registers.get(_key(register_name))
    if register is None:
        row.fail("register", f"There is no register called “{register_name}”."
                 if register_name else "Enter the register the risk is on.")  # fmt: skip
    elif existing is not None and existing.register_id != register.pk:
        row.fail("register", f"{existing.reference} is on the {existing.register}; move it "
                 "between registers by escalating or de-escalating it on its page.")  # fmt: skip
    risk = existing or Risk(organisation=organisation, reference=reference)
    before = _snapshot(risk)
    if register is not None and existing is None:
        risk.register = register
    values = _values(row, lookups, existing)
    if row.failed:
        return None
    for name, value in values.items():
        setattr(risk, name, value)
    try:
        risk.full_clean()
    except ValidationError as error:
        for name, problems in error.error_dict.items():
            key = COLUMN_OF_FIELD.get(name, name)
            key = key if key in COLUMN_BY_KEY else "reference"
            for problem in problems:
                header = COLUMN_BY_KEY[key].header.lower()
                reason = f"Enter the {header}." if problem.code == "blank" else problem.messages[0]
                row.fail(key, reason)
        return None
    return risk, existing is None, before != _snapshot(risk)


def _snapshot(risk: Risk) -> dict[str, Any]:
    return {name: getattr(risk, Risk._meta.get_field(name).attname) for name in FIELDS}


def _values(row: _Row, lookups: _Lookups, existing: Risk | None) -> dict[str, Any]:
    """The model fields the row sets; a column left out of the file leaves a field as it is."""
    values: dict[str, Any] = {}
    for name in TEXTS:
        if row.has(name):
            values[name] = row.text(name)
    if row.has("kind"):
        text = row.text("kind")
        kinds = {label.lower(): value for value, label in Risk.Kind.choices}
        if text.lower() in kinds:
            values["kind"] = kinds[text.lower()]
        elif text or existing is None:
            row.fail("kind", f"“{text}” is not a type: use Risk or Opportunity."
                     if text else "Enter the type: Risk or Opportunity.")  # fmt: skip
    owner = row.text("owner")
    people = lookups.people.get(_key(owner), [])
    if len(people) == 1:
        values["owner"] = people[0]
    else:
        row.fail("owner", f"More than one person is called “{owner}”: use their username."
                 if people else f"There is no one called “{owner}”: use their username."
                 if owner else "Enter the risk owner's username.")  # fmt: skip
    for key, name, found in (
        ("unit", "org_unit", lookups.units),
        ("category", "category", lookups.categories),
    ):
        if row.has(key):
            text = row.text(key)
            values[name] = found.get(_key(text)) if text else None
            if text and values[name] is None:
                row.fail(key, f"There is no {COLUMN_BY_KEY[key].header.lower()} called “{text}”.")
    for name in RATINGS:
        try:
            values[name] = _rating(row.raw(name))
        except _CellError as error:
            row.fail(name, str(error))
    for name in DATES:
        if row.has(name):
            try:
                values[name] = _date(row.raw(name))
            except _CellError as error:
                row.fail(name, str(error))
    if "identified_on" in values and values["identified_on"] is None:
        values["identified_on"] = existing.identified_on if existing else timezone.localdate()
    if row.has("status"):
        text = row.text("status")
        statuses = {label.lower(): value for value, label in Risk.Status.choices}
        if text.lower() in statuses:
            values["status"] = statuses[text.lower()]
        elif text:
            row.fail("status", f"“{text}” is not a status: use Open or Closed.")
    return values


def _rating(raw: Any) -> int:
    """A likelihood or impact: a whole number from 1 to 5."""
    text = text_from(raw)
    if not text:
        raise _CellError("Enter a rating from 1 to 5.")
    try:
        number = Decimal(text)
    except ArithmeticError:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        raise _CellError(f"“{text}” is not a rating: enter a whole number from 1 to 5.")
    if int(number) not in RATING_RANGE:
        raise _CellError(f"{text} is outside the scale: enter a whole number from 1 to 5.")
    return int(number)


def _date(raw: Any) -> date | None:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = text_from(raw)
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise _CellError(f"“{text}” is not a date: use YYYY-MM-DD, such as 2026-03-31.")
