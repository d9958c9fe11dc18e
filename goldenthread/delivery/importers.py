"""Reading actions from a workbook or CSV, all or nothing.

Each row is an action, found by its reference: a new reference adds an action, a known one
changes it. Every row is checked and saved through `services.action_save` (the web form's
path, with the same rules), and the changes are kept only when no row failed; every problem
is reported by row, column and reason. Read-only columns of the export (original due date,
status, source) are ignored: statuses change on the action's page.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.delivery import services
from goldenthread.delivery.exports import ABOUT_SHEET, COLUMNS, FORMAT_NAME, LIST_SEPARATOR
from goldenthread.delivery.models import Action
from goldenthread.indicators.importers import NOT_UTF8, RowError, is_formula, text_from
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import LinkKind, Objective, Plan, Theme

MAX_ROWS = 5_000
HEADERS = {column.header.lower(): column.key for column in COLUMNS}
REQUIRED = ("code", "title", "start_date", "due_date")
FIELDS = ("title", "description", "plan", "theme", "lead", "org_unit", "start_date", "due_date",
          "progress")  # fmt: skip
# A service's field → the column it is reported against.
COLUMN_OF_FIELD = {"org_unit": "unit", "source": "code", "__all__": "code"}


@dataclass
class ActionsImport:
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


@dataclass
class _Sheet:
    name: str
    rows: list[tuple[int, list[Any]]]  # (row number, cells), the heading row first
    letters: bool  # name columns by letter too, as a spreadsheet does
    about: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Lookups:
    """The organisation's plans, themes, people, units, objectives and indicators by name."""

    plans: dict[str, list[Plan]]
    themes: dict[str, list[Theme]]
    people: dict[str, list[User]]
    units: dict[str, list[OrgUnit]]
    objectives: dict[str, list[Objective]]
    indicators: dict[str, Indicator]
    actions: dict[str, Action]

    @classmethod
    def of(cls, organisation: Organisation) -> "_Lookups":
        def index(rows: Any, *names: Any) -> dict[str, list[Any]]:
            found: dict[str, list[Any]] = {}
            for row in rows:
                for name in names:
                    key = " ".join(str(name(row) or "").split()).lower()
                    if key and row not in found.setdefault(key, []):
                        found[key].append(row)
            return found

        people = User.objects.filter(organisation=organisation)
        return cls(
            plans=index(Plan.objects.filter(organisation=organisation), lambda p: p.title),
            themes=index(Theme.objects.filter(organisation=organisation), lambda t: t.title),
            people=index(
                people, lambda u: u.username, lambda u: u.email, lambda u: u.get_full_name()
            ),
            units=index(OrgUnit.objects.filter(organisation=organisation), lambda u: u.name),
            objectives=index(
                Objective.objects.filter(organisation=organisation),
                lambda o: o.code,
                lambda o: o.title,
            ),
            indicators={
                i.code.lower(): i for i in Indicator.objects.filter(organisation=organisation)
            },
            actions={
                a.code.lower(): a
                for a in Action.objects.filter(organisation=organisation).select_related(
                    "organisation", "plan", "theme", "lead", "org_unit"
                )
            },
        )


def actions_import(
    *, data: bytes, filename: str, organisation: Organisation, dry_run: bool = False
) -> ActionsImport:
    """Reads an actions file and adds or changes every action in it, or nothing at all if
    any row is wrong. Run from the command line by an administrator: no person is checked."""
    result = ActionsImport(dry_run=dry_run)
    source = Path(filename).name
    try:
        sheet = _open(data, source)
    except _Refused as refused:
        result.errors.append(refused.error)
        return result
    if sheet.about.get("Format") not in (None, FORMAT_NAME):
        result.errors.append(RowError(source, None, "", "This is not an actions workbook."))
        return result
    if sheet.about.get("Organisation") not in (None, organisation.slug):
        result.errors.append(
            RowError(source, None, "", "This workbook was exported for another organisation.")
        )
        return result
    if not sheet.rows:
        result.errors.append(RowError(sheet.name, None, "", "The file is empty."))
        return result
    if len(sheet.rows) > MAX_ROWS + 1:
        result.errors.append(
            RowError(sheet.name, None, "", f"The file has more than {MAX_ROWS:,} actions.")
        )
        return result
    _number, header = sheet.rows[0]
    positions = _positions(sheet, header, result.errors)
    if positions is None:
        return result
    lookups = _Lookups.of(organisation)
    seen: dict[str, int] = {}
    with transaction.atomic():
        for number, cells in sheet.rows[1:]:
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            _Row(sheet, number, cells, positions, organisation, lookups, result, seen).save()
        if not seen and not result.errors:
            result.errors.append(RowError(sheet.name, None, "", "The file has no actions in it."))
        if result.errors or dry_run:
            transaction.set_rollback(True)
    return result


def _open(data: bytes, source: str) -> _Sheet:
    if data.startswith(b"PK\x03\x04"):
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
        sheets = [s for s in book.worksheets if s.title != ABOUT_SHEET]
        if not sheets:
            raise _Refused(RowError(source, None, "", "The workbook has no sheet of actions."))
        rows = [
            (number, list(cells))
            for number, cells in enumerate(sheets[0].iter_rows(values_only=True), start=1)
        ]
        return _Sheet(sheets[0].title, rows, letters=True, about=about)
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
    return _Sheet(source, rows, letters=False)


def _column_name(sheet: _Sheet, header: str, index: int | None) -> str:
    if sheet.letters and index is not None:
        return f"{header} ({get_column_letter(index + 1)})"
    return header


def _positions(sheet: _Sheet, header: list[Any], errors: list[RowError]) -> dict[str, int] | None:
    """Column key → position, from the heading row; None when the headings are unusable."""
    positions: dict[str, int] = {}
    failed = False
    for index, raw in enumerate(header):
        label = " ".join(text_from(raw).split())
        if not label:
            continue
        key = HEADERS.get(label.lower())
        if key is None:
            errors.append(
                RowError(sheet.name, 1, _column_name(sheet, label, index), f"“{label}” is not a "
                         "column of the actions file; use the headings of an export.")
            )  # fmt: skip
            failed = True
        elif key in positions:
            errors.append(
                RowError(sheet.name, 1, _column_name(sheet, label, index), f"The “{label}” "
                         "column appears twice.")
            )  # fmt: skip
            failed = True
        else:
            positions[key] = index
    for key in REQUIRED:
        if key not in positions:
            name = next(c.header for c in COLUMNS if c.key == key)
            errors.append(RowError(sheet.name, 1, name, f"The “{name}” column is missing."))
            failed = True
    return None if failed else positions


class _Row:
    """One row: read, checked, and saved through the action service."""

    def __init__(
        self,
        sheet: _Sheet,
        number: int,
        cells: list[Any],
        positions: dict[str, int],
        organisation: Organisation,
        lookups: _Lookups,
        result: ActionsImport,
        seen: dict[str, int],
    ) -> None:
        self.sheet, self.number, self.positions = sheet, number, positions
        self.organisation, self.lookups, self.result, self.seen = (
            organisation,
            lookups,
            result,
            seen,
        )
        self.raw = {k: cells[i] if i < len(cells) else None for k, i in positions.items()}
        self.failed = False

    def column(self, key: str) -> str:
        header = next(c.header for c in COLUMNS if c.key == key)
        return _column_name(self.sheet, header, self.positions.get(key))

    def fail(self, key: str, reason: str) -> None:
        self.result.errors.append(RowError(self.sheet.name, self.number, self.column(key), reason))
        self.failed = True

    def save(self) -> None:
        for key, raw in self.raw.items():
            if is_formula(raw):
                self.fail(key, "This cell has a formula; type the value itself. "
                          "Formulas are never run.")  # fmt: skip
        if self.failed:
            return
        code = text_from(self.raw.get("code"))
        if not code:
            self.fail("code", "Enter the action's reference, such as DP-012.")
            return
        if code.lower() in self.seen:
            self.fail("code", f"{code} is also on row {self.seen[code.lower()]}.")
            return
        self.seen[code.lower()] = self.number
        existing = self.lookups.actions.get(code.lower())
        values = self._values()
        objectives = self._objectives()
        indicators = self._indicators()
        if self.failed:
            return
        action = existing or Action(organisation=self.organisation, code=code)
        before = _snapshot(action)
        for name, value in values.items():
            setattr(action, name, value)
        if (
            existing
            and before == _snapshot(action)
            and not _links_change(action, objectives, indicators)
        ):
            self.result.unchanged += 1
            return
        action._change_reason = f"Imported from {self.sheet.name}"  # type: ignore[attr-defined]
        try:
            with transaction.atomic():
                services.action_save(
                    action=action,
                    user=None,
                    objectives=None
                    if objectives is None
                    else [(objective, LinkKind.DIRECT) for objective in objectives],
                    indicators=indicators,
                )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                for text in error.messages:
                    self.fail("code", text)
                return
            for name, texts in error.message_dict.items():
                key = COLUMN_OF_FIELD.get(name, name)
                for text in texts:
                    self.fail(key if key in self.positions else "code", text)
            return
        if existing:
            self.result.updated += 1
        else:
            self.result.created += 1

    def _values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if "title" in self.raw:
            values["title"] = text_from(self.raw["title"])
        if "description" in self.raw:
            values["description"] = text_from(self.raw["description"])
        for key, name, table in [
            ("plan", "plan", self.lookups.plans),
            ("theme", "theme", self.lookups.themes),
            ("lead", "lead", self.lookups.people),
            ("unit", "org_unit", self.lookups.units),
        ]:
            if key in self.raw:
                values[name] = self._one(key, table)
        for key in ("start_date", "due_date"):
            if key in self.raw:
                values[key] = self._date(key)
        progress = self._progress() if "progress" in self.raw else None
        if progress is not None:
            values["progress"] = progress
        return values

    def _one(self, key: str, table: dict[str, list[Any]]) -> Any:
        text = text_from(self.raw[key])
        if not text:
            return None
        found = table.get(" ".join(text.split()).lower(), [])
        header = next(c.header for c in COLUMNS if c.key == key).lower()
        if not found:
            self.fail(key, f"There is no {header} “{text}”.")
            return None
        if len(found) > 1:
            self.fail(key, f"More than one {header} is called “{text}”: use a unique name.")
            return None
        return found[0]

    def _date(self, key: str) -> date | None:
        raw = self.raw[key]
        if isinstance(raw, datetime):
            return raw.date()
        if isinstance(raw, date):
            return raw
        text = text_from(raw)
        if not text:
            self.fail(key, "Enter a date, such as 2026-03-31.")
            return None
        for style in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.strptime(text, style).date()
            except ValueError:
                continue
        self.fail(key, f"“{text}” is not a date: write it like 2026-03-31 or 31/03/2026.")
        return None

    def _progress(self) -> int | None:
        """A whole percentage; None (left as it is) when blank."""
        raw = self.raw["progress"]
        text = text_from(raw).removesuffix("%").strip()
        if not text:
            return None
        try:
            number = Decimal(text) if not isinstance(raw, bool) else None
        except InvalidOperation:
            number = None
        if number is None or number != number.to_integral_value() or not 0 <= number <= 100:
            self.fail("progress", f"“{text}” is not a whole percentage from 0 to 100.")
            return None
        return int(number)

    def _objectives(self) -> list[Objective] | None:
        if "objectives" not in self.raw:
            return None
        found = []
        for name in _items(self.raw["objectives"]):
            matches = self.lookups.objectives.get(name.lower(), [])
            if len(matches) != 1:
                reason = "There is no objective" if not matches else "More than one objective is"
                self.fail("objectives", f"{reason} “{name}”: give its reference or exact title.")
                continue
            found.append(matches[0])
        return found

    def _indicators(self) -> list[Indicator] | None:
        if "indicators" not in self.raw:
            return None
        found = []
        for code in _items(self.raw["indicators"]):
            indicator = self.lookups.indicators.get(code.lower())
            if indicator is None:
                self.fail("indicators", f"There is no indicator with the code “{code}”.")
                continue
            found.append(indicator)
        return found


def _items(raw: Any) -> list[str]:
    text = text_from(raw)
    return [" ".join(part.split()) for part in text.split(LIST_SEPARATOR.strip()) if part.strip()]


def _links_change(
    action: Action, objectives: list[Objective] | None, indicators: list[Indicator] | None
) -> bool:
    if objectives is not None and {o.pk for o in objectives} != set(
        action.objective_links.values_list("objective_id", flat=True)
    ):
        return True
    return indicators is not None and {i.pk for i in indicators} != set(
        action.indicator_links.values_list("indicator_id", flat=True)
    )


def _snapshot(action: Action) -> tuple[Any, ...]:
    return tuple(
        getattr(action, f"{name}_id" if name in {"plan", "theme", "lead", "org_unit"} else name)
        for name in FIELDS
    )
