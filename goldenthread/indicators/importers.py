"""Reading returns and historical values from files, all or nothing.

`returns_import` reads a returns workbook or CSV (see `excel`). It checks every row, saves
each through `services.return_save` (the web form's path: the same checks, permissions and
workflow) and keeps the changes only when no row failed, reporting every problem by sheet,
row, column and reason.

`values_import` loads historical values from a CSV of any size. It streams the file and
upserts in batches inside one transaction, so memory stays flat and a single bad row means
nothing is written; every problem is reported (up to a cap, with a count of the rest).
Writing a million rows through model instances takes minutes, so the batches go to the
database as set-based statements built from the model's own metadata, and the history
table gets one row per value written: on PostgreSQL in the same statement as each batch,
on SQLite in a single statement at the end.
"""

import codecs
import csv
import io
import os
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.calculations.periods import Frequency, PeriodError, parse_period
from goldenthread.indicators import services
from goldenthread.indicators.excel import (
    ABOUT_SHEET,
    COLUMN_BY_KEY,
    COLUMNS,
    FORMAT_NAME,
    FORMULA_STARTS,
    INSTRUCTIONS_SHEET,
    JUDGEMENTS,
    QUALITATIVE_ONLY,
    QUANTITATIVE_ONLY,
)
from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.indicators.selectors import periods_by_id, return_window
from goldenthread.strategy.models import ReportingPeriod
from goldenthread.strategy.services import reporting_periods_ensure

Status = IndicatorReturn.Status

MAX_RETURN_ROWS = 20_000
LIMIT = Decimal(10) ** 12  # the database keeps 18 digits, 6 after the point
SIX_PLACES = Decimal("0.000001")
THOUSANDS = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d*)?")
ROW_KEY = re.compile(r"R(\d+)-(\d+)")
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int | None  # the spreadsheet row or CSV line; None for the whole file
    column: str
    reason: str


class CellError(ValueError):
    """A cell that cannot be read; the message says why."""


# Cells ---------------------------------------------------------------------------------


def is_formula(raw: object) -> bool:
    return isinstance(raw, ArrayFormula | DataTableFormula) or (
        isinstance(raw, str) and raw.lstrip().startswith("=")
    )


def number_from(raw: object) -> Decimal | None:
    """A number from a cell: 87.5, "87.5", "1,234.5", "87.5%" or "£1,200"; None when blank."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal | str):
        raise CellError("Enter a number.")
    if isinstance(raw, str):
        text = raw.strip().removeprefix("£").removesuffix("%").strip()
        if not text:
            return None
        if "," in text:
            if not THOUSANDS.fullmatch(text):
                raise CellError(f"“{raw}” is not a number: use a full stop for decimals.")
            text = text.replace(",", "")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise CellError(f"“{raw}” is not a number.") from None
    else:
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
    if not number.is_finite():
        raise CellError(f"“{raw}” is not a number.")
    if abs(number) >= LIMIT:
        raise CellError("The number is too large: keep it below 1,000,000,000,000.")
    exponent = number.as_tuple().exponent
    return number.quantize(SIX_PLACES) if isinstance(exponent, int) and exponent < -6 else number


def plain_number_from(cell: str) -> Decimal | None:
    """`number_from` for a CSV cell, quicker for the usual plain number ("81.5", "-3", "1e3"
    goes the long way): the same result, and anything unusual or wrong (£, %, commas, too
    large, not a number) is left to `number_from`, which also words the problem."""
    text = cell.strip()
    if not text:
        return None
    if "e" in text or "E" in text or "_" in text:
        return number_from(cell)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return number_from(cell)
    if not number.is_finite() or not -LIMIT < number < LIMIT:
        return number_from(cell)
    point = text.find(".")
    # More than six digits after the point: rounded as number_from does.
    return number.quantize(SIX_PLACES) if point >= 0 and len(text) - point > 7 else number


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def date_from(raw: object) -> date | None:
    """A date from a cell: a spreadsheet date, 2025-07-14 or 14/07/2025; None when blank."""
    if raw is None:
        return None
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = text_from(raw)
    if not text:
        return None
    for layout in DATE_FORMATS:
        try:
            return datetime.strptime(text, layout).date()
        except ValueError:
            continue
    raise CellError(f"“{text}” is not a date: write it like 14/07/2025.")


def text_from(raw: object) -> str:
    """Text from a cell, without the quote the export adds before text starting =, +, - or @."""
    if raw is None:
        return ""
    text = (raw if isinstance(raw, str) else str(raw)).strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class PeriodLookup:
    """Finds the organisation's periods by label, reading public spellings (2022/23 Q3) once."""

    def __init__(self, organisation: Organisation) -> None:
        self.by_id = dict(periods_by_id(organisation))
        self.by_label = {period.label: period for period in self.by_id.values()}
        self._seen: dict[str, ReportingPeriod | None] = {}
        self.added: list[ReportingPeriod] = []  # periods made by `ensure`, in order

    def find(self, text: str) -> ReportingPeriod | None:
        if text in self.by_label:
            return self.by_label[text]
        if text not in self._seen:
            try:
                label = parse_period(text).label
            except (PeriodError, ValueError):
                label = ""
            self._seen[text] = self.by_label.get(label)
        return self._seen[text]

    def ensure(self, text: str, organisation: Organisation) -> ReportingPeriod | None:
        """The period, making its financial year's periods first when they are missing
        (through the strategy service, so their dates follow the organisation's calendar)."""
        found = self.find(text)
        if found is not None:
            return found
        try:
            key = parse_period(text)
        except (PeriodError, ValueError):
            return None
        if key.frequency == Frequency.BIENNIAL or not 1990 <= key.year <= 2100:
            return None
        reporting_periods_ensure(organisation=organisation, year=key.year)
        organisation.__dict__.pop("_periods_by_id", None)
        for period in periods_by_id(organisation).values():
            if period.pk not in self.by_id:
                self.by_id[period.pk] = period
                self.by_label[period.label] = period
                self.added.append(period)
        self._seen.clear()
        return self.find(text)


def unknown_period(text: str) -> str:
    return f"“{text}” is not a reporting period: use labels like 2025-Q2, 2025-M07 or 2025/26."


def wrong_frequency(indicator: Indicator, period: ReportingPeriod) -> str:
    return (
        f"{indicator.code} is reported {indicator.frequency}, but {period.label} is a "
        f"{period.get_frequency_display().lower()}."
    )


# Returns from a workbook or CSV --------------------------------------------------------

HEADERS = {column.header.lower(): column.key for column in COLUMNS} | {
    column.key.replace("_", " "): column.key for column in COLUMNS
}
REQUIRED = ("code", "period", "value")
FILLED = ("value", "numerator", "denominator", "narrative", "judgement", "commentary",
          "remedial_action", "source_quoted", "prepared_by", "prepared_on",
          "method_followed")  # fmt: skip
# Method followed is pre-filled Yes, so it alone does not make a row worth saving.
ENTERED = tuple(key for key in FILLED if key != "method_followed")
JUDGEMENT_CODES = {label.lower(): code for code, label in JUDGEMENTS.items()} | {
    code: code for code in JUDGEMENTS
}
DATA_FIELDS = [data_field.name for data_field in fields(services.ReturnData)]


@dataclass
class ReturnsImport:
    errors: list[RowError] = field(default_factory=list)
    saved: int = 0  # saved as drafts
    submitted: int = 0
    blank: int = 0  # rows with nothing filled in, left alone
    unchanged: int = 0
    dry_run: bool = False
    changed: list[IndicatorReturn] = field(default_factory=list)  # saved or submitted

    @property
    def ok(self) -> bool:
        return not self.errors


class FileRefused(Exception):
    def __init__(self, error: RowError) -> None:
        super().__init__(error.reason)
        self.error = error


@dataclass
class _Sheet:
    name: str
    rows: Iterator[tuple[int, list[Any]]]  # (row number, cells), the heading row first
    letters: bool  # name columns by letter too, as a spreadsheet does


@dataclass
class _Row:
    sheet: _Sheet
    number: int
    positions: dict[str, int]
    indicator: Indicator
    period: ReportingPeriod
    cells: dict[str, Any]  # parsed fill-in cells present in the file
    submit: bool
    asks_to_submit: bool  # the row's own Submit cell says yes
    existing: IndicatorReturn | None = None

    def column(self, key: str) -> str:
        return _column_name(self.sheet, COLUMN_BY_KEY[key].header, self.positions.get(key))


def _column_name(sheet: _Sheet, header: str, index: int | None) -> str:
    if sheet.letters and index is not None:
        return f"{header} ({get_column_letter(index + 1)})"
    return header


def returns_import(
    *,
    data: bytes,
    filename: str,
    organisation: Organisation,
    user: User | None,
    period: ReportingPeriod | None = None,
    submit: bool = False,
    dry_run: bool = False,
) -> ReturnsImport:
    """Reads a returns file and saves every filled-in row as a draft (or submits it, when the
    row's Submit cell says yes or `submit` is set), or nothing at all if any row is wrong.

    Without a `user` each return is entered as its indicator's lead officer (the command
    line, run by an administrator). Only rows within `period`, or the workbook's own period,
    are accepted.
    """
    result = ReturnsImport(dry_run=dry_run)
    try:
        about, sheets = _open(data, filename)
    except FileRefused as refused:
        result.errors.append(refused.error)
        return result
    source = Path(filename).name
    if about.get("Format") not in (None, FORMAT_NAME):
        result.errors.append(RowError(source, None, "", "This is not a returns workbook."))
        return result
    if about.get("Organisation") not in (None, organisation.slug):
        result.errors.append(
            RowError(source, None, "", "This workbook was exported for another organisation.")
        )
        return result
    lookup = PeriodLookup(organisation)
    within = period
    if within is None and about.get("Period"):
        within = lookup.by_label.get(str(about["Period"]))
    indicators = Indicator.objects.filter(organisation=organisation).select_related(
        "organisation", "org_unit", "owner"
    )
    context = _Context(
        errors=result.errors,
        by_code={indicator.code: indicator for indicator in indicators},
        lookup=lookup,
        within=within,
        submit_all=submit,
    )
    context.by_id = {indicator.pk: indicator for indicator in context.by_code.values()}
    rows: list[_Row] = []
    count = 0
    for sheet in sheets:
        for row in _read_sheet(sheet, context):
            count += 1
            if count > MAX_RETURN_ROWS:
                result.errors.append(
                    RowError(source, None, "", f"The file has more than {MAX_RETURN_ROWS:,} "
                             "returns; load large files with `goldenthread values import`.")
                )  # fmt: skip
                return result
            rows.append(row)
    if not count and not result.errors:
        result.errors.append(RowError(source, None, "", "The file has no returns in it."))
    existing = IndicatorReturn.objects.filter(
        indicator__organisation=organisation,
        indicator_id__in={row.indicator.pk for row in rows},
        period_id__in={row.period.pk for row in rows},
    )
    stored = {(r.indicator_id, r.period_id): r for r in existing}
    for row in rows:
        row.existing = stored.get((row.indicator.pk, row.period.pk))
    _save(rows, result, user=user, reason=f"Imported from {source}")
    return result


@dataclass
class _Context:
    errors: list[RowError]
    by_code: dict[str, Indicator]
    lookup: PeriodLookup
    within: ReportingPeriod | None
    submit_all: bool
    today: date = field(default_factory=timezone.localdate)
    by_id: dict[int, Indicator] = field(default_factory=dict)
    seen: dict[tuple[int, int], str] = field(default_factory=dict)


def _open(data: bytes, filename: str) -> tuple[dict[str, Any], list[_Sheet]]:
    source = Path(filename).name
    if data.startswith(b"PK\x03\x04"):
        return _open_workbook(data, source)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileRefused(
            RowError(source, None, "", "This is an old Excel (.xls) file: save it as an Excel "
                     "workbook (.xlsx) or as CSV UTF-8, and upload that.")
        )  # fmt: skip
    return {}, [_open_csv(data, source)]


def _open_workbook(data: bytes, source: str) -> tuple[dict[str, Any], list[_Sheet]]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        raise FileRefused(
            RowError(source, None, "", "The workbook cannot be read; open it in Excel, "
                     f"save it as .xlsx and try again ({error}).")
        ) from error  # fmt: skip
    about: dict[str, Any] = {}
    if ABOUT_SHEET in book.sheetnames:
        for name, value, *_rest in book[ABOUT_SHEET].iter_rows(values_only=True, max_col=2):
            if name:
                about[str(name)] = value
    sheets = [
        _Sheet(
            sheet.title,
            enumerate((list(cells) for cells in sheet.iter_rows(values_only=True)), start=1),
            letters=True,
        )
        for sheet in book.worksheets
        if sheet.title not in {ABOUT_SHEET, INSTRUCTIONS_SHEET}
    ]
    return about, sheets


def _open_csv(data: bytes, source: str) -> _Sheet:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(RowError(source, None, "", NOT_UTF8))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileRefused(RowError(source, line, "", NOT_UTF8)) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    return _Sheet(source, _csv_rows(reader, source), letters=False)


NOT_UTF8 = (
    "The file is not UTF-8 text. In Excel choose File, Save As, “CSV UTF-8 (Comma delimited)”, "
    "and upload that file."
)


def _csv_rows(reader: Any, source: str) -> Iterator[tuple[int, list[Any]]]:
    try:
        for cells in reader:
            yield reader.line_num, cells
    except csv.Error as error:
        raise FileRefused(
            RowError(source, reader.line_num + 1, "", f"The file is not valid CSV: {error}.")
        ) from error


def _read_sheet(sheet: _Sheet, context: _Context) -> Iterator[_Row]:
    errors = context.errors
    try:
        _number, header = next(sheet.rows)
    except StopIteration:
        return
    except FileRefused as refused:
        errors.append(refused.error)
        return
    positions = _positions(sheet, header, errors)
    if positions is None:
        return
    try:
        for number, cells in sheet.rows:
            if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in cells):
                continue
            row = _read_row(sheet, number, cells, positions, context)
            if row is not None:
                yield row
    except FileRefused as refused:
        errors.append(refused.error)


def _positions(sheet: _Sheet, header: list[Any], errors: list[RowError]) -> dict[str, int] | None:
    """Column key → position, from the heading row; None when the headings are unusable."""
    positions: dict[str, int] = {}
    failed = False
    for index, raw in enumerate(header):
        label = " ".join(text_from(raw).split())
        if not label:
            continue
        key = HEADERS.get(label.lower())
        column = _column_name(sheet, label, index)
        if key is None:
            reason = f"“{label}” is not a column of the returns template; remove it or correct it."
            errors.append(RowError(sheet.name, 1, column, reason))
            failed = True
        elif key in positions:
            errors.append(RowError(sheet.name, 1, column, f"The column “{label}” appears twice."))
            failed = True
        else:
            positions[key] = index
    missing = [COLUMN_BY_KEY[key].header for key in REQUIRED if key not in positions]
    if missing:
        names = ", ".join(missing)
        reason = (
            f"Required column missing: the first row must have the template's headings, {names}."
        )
        errors.append(RowError(sheet.name, 1, names, reason))
        failed = True
    return None if failed else positions


def _read_row(
    sheet: _Sheet, number: int, cells: list[Any], positions: dict[str, int], context: _Context
) -> _Row | None:
    """The row's indicator, period and fill-in cells, or None after recording its problems."""
    errors = context.errors
    before = len(errors)

    def fail(key: str, reason: str) -> None:
        errors.append(
            RowError(sheet.name, number, _column_name(sheet, COLUMN_BY_KEY[key].header,
                     positions.get(key)), reason)
        )  # fmt: skip

    raw = {key: cells[index] if index < len(cells) else None for key, index in positions.items()}
    for index, cell in enumerate(cells):
        if is_formula(cell):
            header = next((COLUMN_BY_KEY[k].header for k, i in positions.items() if i == index), "")
            errors.append(
                RowError(sheet.name, number, _column_name(sheet, header, index), "This cell has "
                         "a formula; type the value itself. Formulas are never run.")
            )  # fmt: skip
    if len(errors) > before:
        return None
    found = _identify(raw, context, fail)
    if found is None:
        return None
    indicator, period = found
    parsed: dict[str, Any] = {}
    for key in FILLED:
        if key not in raw:
            continue
        try:
            parsed[key] = _fill_in(key, raw[key])
        except CellError as error:
            fail(key, str(error))
    submit_text = text_from(raw.get("submit")).lower()
    if submit_text not in YES | NO:
        fail("submit", f"“{raw.get('submit')}” is not Yes or No.")
    for key, value in parsed.items():
        if value in (None, ""):
            continue
        if key in QUANTITATIVE_ONLY and indicator.is_qualitative:
            fail(key, f"{indicator.code} is qualitative: fill in Narrative and Judgement instead.")
        elif key in QUALITATIVE_ONLY and not indicator.is_qualitative:
            fail(key, f"{indicator.code} is not qualitative: leave this cell empty.")
        elif key in {"numerator", "denominator"} and not indicator.numerator_label:
            fail(key, f"{indicator.code} is not entered as a numerator and denominator: "
                 "give the Value and leave this cell empty.")  # fmt: skip
    key = (indicator.pk, period.pk)
    if key in context.seen:
        fail("code", f"{indicator.code} {period.label} is also on {context.seen[key]}.")
    context.seen.setdefault(key, f"row {number} of {sheet.name}")
    if len(errors) > before:
        return None
    return _Row(
        sheet=sheet,
        number=number,
        positions=positions,
        indicator=indicator,
        period=period,
        cells=parsed,
        submit=context.submit_all or submit_text in YES,
        asks_to_submit=submit_text in YES,
    )


def _identify(
    raw: dict[str, Any], context: _Context, fail: Callable[[str, str], None]
) -> tuple[Indicator, ReportingPeriod] | None:
    code = text_from(raw.get("code"))
    label = text_from(raw.get("period"))
    key = text_from(raw.get("key"))
    if key:
        match = ROW_KEY.fullmatch(key)
        indicator = context.by_id.get(int(match[1])) if match else None
        period = context.lookup.by_id.get(int(match[2])) if match else None
        if indicator is None or period is None:
            fail("key", "The row key is not one this organisation exported; export the "
                 "workbook again and copy your figures into it.")  # fmt: skip
            return None
        if code != indicator.code or context.lookup.find(label) != period:
            fail("code", f"The indicator code or period no longer matches the row as exported "
                 f"({indicator.code} {period.label}); do not edit or move them.")  # fmt: skip
            return None
    else:
        if not code:
            fail("code", "Enter the indicator code.")
            return None
        indicator = context.by_code.get(code)
        if indicator is None:
            fail("code", f"There is no indicator with the code “{code}”.")
            return None
        found = context.lookup.find(label) if label else None
        if found is None:
            fail("period", unknown_period(label) if label else "Enter the period.")
            return None
        period = found
    if indicator.is_calculated:
        fail("code", f"{indicator.code} is calculated from its formula; enter its inputs instead.")
        return None
    if not indicator.is_active:
        fail("code", f"{indicator.code} is no longer in use.")
        return None
    if period.frequency != indicator.frequency:
        fail("period", wrong_frequency(indicator, period))
        return None
    within = context.within
    if within is not None and not within.start_date <= period.end_date <= within.end_date:
        fail("period", f"{period.label} is not part of the {within.label} return.")
        return None
    opens = return_window(indicator.organisation, period).opens
    if opens > context.today:
        fail("period", f"Returns for {period.label} are not open yet: they open on "
             f"{opens.day} {opens:%B %Y}.")  # fmt: skip
        return None
    return indicator, period


def _fill_in(key: str, raw: Any) -> Any:
    if key in QUANTITATIVE_ONLY:
        return number_from(raw)
    if key == "prepared_on":
        return date_from(raw)
    text = text_from(raw)
    if key == "method_followed":
        if text.lower() not in YES | NO:
            raise CellError(f"“{text}” is not Yes or No.")
        return text.lower() in YES or not text
    if key == "judgement":
        if text and text.lower() not in JUDGEMENT_CODES:
            raise CellError(f"“{text}” is not a judgement: choose On track, Some concern or "
                            "Off track.")  # fmt: skip
        return JUDGEMENT_CODES.get(text.lower(), "")
    return text


def _save(rows: list[_Row], result: ReturnsImport, *, user: User | None, reason: str) -> None:
    """Saves each row through the web form's service; keeps everything only if all succeed."""
    with transaction.atomic():
        for row in rows:
            _save_row(row, result, user=user, reason=reason)
        if result.errors or result.dry_run:
            transaction.set_rollback(True)


def _save_row(row: _Row, result: ReturnsImport, *, user: User | None, reason: str) -> None:
    existing = row.existing
    before = services.ReturnData(
        **{name: getattr(existing, name) for name in DATA_FIELDS} if existing else {}
    )
    data = replace(before, **row.cells)
    if all(row.cells.get(key) in (None, "") for key in ENTERED) and not row.asks_to_submit:
        result.blank += 1
        return
    resubmits = row.submit and existing is not None and existing.status == Status.DRAFT
    if existing is not None and data == before and not resubmits:
        result.unchanged += 1
        return
    acting = user or row.indicator.owner
    if acting is None:
        result.errors.append(
            RowError(row.sheet.name, row.number, row.column("code"), f"{row.indicator.code} has "
                     "no lead officer; import it as a named person (--as).")
        )  # fmt: skip
        return
    indicator_return = existing or IndicatorReturn(indicator=row.indicator, period=row.period)
    indicator_return._change_reason = reason  # type: ignore[attr-defined]  # kept by simple-history
    if user is None:
        indicator_return._history_user = acting  # type: ignore[attr-defined]
    try:
        services.return_save(
            indicator_return=indicator_return, data=data, user=acting, submit=row.submit
        )
    except PermissionDenied as error:
        result.errors.append(RowError(row.sheet.name, row.number, row.column("code"), str(error)))
    except ValidationError as error:
        for key, message in _reasons(error):
            result.errors.append(RowError(row.sheet.name, row.number, *_explain(row, key, message)))
    else:
        result.changed.append(indicator_return)
        if row.submit:
            result.submitted += 1
        else:
            result.saved += 1


def _reasons(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [
            (key, message) for key, messages in error.message_dict.items() for message in messages
        ]
    return [(NON_FIELD_ERRORS, message) for message in error.messages]


def _explain(row: _Row, key: str, message: str) -> tuple[str, str]:
    """The column a service error belongs to, and the reason as the file's reader needs it."""
    if key == "outlier_explanation":
        return row.column("value"), (
            f"{message} Save it as a draft (Submit: No), then confirm and submit it on the "
            "return's page."
        )
    if key in COLUMN_BY_KEY:
        return row.column(key), message
    return row.column("status"), message


# Historical values in bulk -------------------------------------------------------------

VALUE_HEADERS = {
    "code": "code",
    "indicator code": "code",
    "period": "period",
    "value": "value",
    "numerator": "numerator",
    "denominator": "denominator",
    "commentary": "commentary",
    "target": "target",
    "status": "status",
}
VALUE_REQUIRED = ("code", "period", "value")
VALUE_STATUSES = {
    name: str(status.value)  # plain strings: the drivers bind them without adapting
    for status in (Status.DRAFT, Status.SUBMITTED, Status.APPROVED)
    for name in (status.value, status.label.lower())
}
APPROVED = str(Status.APPROVED.value)
# Rows a statement writes. Larger batches mean fewer statements, and fewer runs of the data
# stamp triggers, each stamping every indicator its batch touched: 20,000 rows took a fifth
# off the database's time for a million values against 5,000 (docs/performance.md), for a
# few MiB more memory.
BATCH_SIZE = 20_000
MAX_ERRORS = 100

Progress = Callable[[int, int, int], None]  # rows read, bytes read, bytes in the file


@dataclass
class ValuesImport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    targets: int = 0  # new target versions
    periods_created: int = 0
    errors: list[RowError] = field(default_factory=list)  # the first MAX_ERRORS
    error_count: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def errors_not_listed(self) -> int:
        return self.error_count - len(self.errors)


class _Undecodable(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _CountingLines:
    """Decoded lines of a binary file, counting the bytes read (for progress) and stopping
    at the first line that is not UTF-8 (a byte order mark is allowed)."""

    def __init__(self, handle: io.BufferedReader) -> None:
        self.handle = handle
        self.bytes_read = 0
        self.lines = 0

    def __iter__(self) -> Iterator[str]:
        for raw in self.handle:
            self.bytes_read += len(raw)
            self.lines += 1
            if self.lines == 1:
                if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                    raise _Undecodable(1)
                raw = raw.removeprefix(codecs.BOM_UTF8)
            try:
                yield raw.decode("utf-8")
            except UnicodeDecodeError:
                raise _Undecodable(self.lines) from None


@dataclass
class _Known:
    """An indicator as the hot loop needs it."""

    indicator: Indicator
    index: int  # position in the bitmap of rows already seen
    problem: str  # why it cannot take values, or ""
    pk: int = 0
    frequency: str = ""
    band: bool = False  # judged within a band: no targets from a file
    low: Decimal = -LIMIT  # a value alone within low to high passes the service's checks
    high: Decimal = LIMIT

    @classmethod
    def of(cls, indicator: Indicator, index: int) -> "_Known":
        low, high = VALUE_RANGES.get(indicator.unit, (-LIMIT, LIMIT))
        return cls(indicator, index, _cannot_take_values(indicator), indicator.pk,
                   indicator.frequency, indicator.polarity == "band", low, high)  # fmt: skip


# The values that services.return_validate_value accepts without a word, by unit, when a
# value comes alone (no numerator and denominator): a row within them needs no ReturnData,
# any other goes through the service. A test holds the two together.
Unit = Indicator.Unit
VALUE_RANGES = {Unit.PERCENT: (Decimal(0), Decimal(100))} | {
    unit: (Decimal(0), LIMIT)
    for unit in (Unit.NUMBER, Unit.DAYS, Unit.RATE_PER_1000, Unit.RATE_PER_100000)
}


def values_import(
    path: str | os.PathLike[str],
    *,
    organisation: Organisation,
    user: User | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
    max_errors: int = MAX_ERRORS,
) -> ValuesImport:
    """Loads a CSV of values (code, period, value; optionally numerator, denominator,
    target, commentary and status, approved unless it says otherwise), adding or replacing
    each indicator's return for the period and making any reporting periods missing. All or
    nothing: every row is checked as the file streams past, and any problem rolls the whole
    load back. Rows the same as those stored change nothing.
    """
    if user is not None and not permissions.can_configure(user, organisation):
        raise PermissionDenied("Only performance admins can load historical values.")
    result = ValuesImport(dry_run=dry_run)
    source = Path(path).name
    size = os.path.getsize(path)
    with (
        open(path, "rb") as handle,
        _bigger_page_cache(),
        transaction.atomic(),
        _foreign_keys_checked_as_written(),
    ):
        lines = _CountingLines(handle)
        loader = _ValuesLoader(organisation, user, source, result, max_errors)
        reader = csv.reader(lines)
        try:
            loader.read(reader, lines, batch_size, progress, size, write=not dry_run)
        except _Undecodable as error:
            loader.fail(error.line, "", NOT_UTF8)
        except csv.Error as error:
            loader.fail(reader.line_num + 1, "", f"The file is not valid CSV: {error}.")
        if result.error_count or dry_run:
            transaction.set_rollback(True)
        else:
            loader.finish()
    return result


SQLITE_CACHE_KIB = 128 * 1024


@contextmanager
def _foreign_keys_checked_as_written() -> Iterator[None]:
    """On PostgreSQL, the foreign keys checked at the end of each statement, not at commit.
    Django makes them deferred, which for a million values queued millions of checks to the
    commit, where each fetched its row back from a table grown past the buffer cache, and
    which every emptying of a staging table (TRUNCATE) read through, batch after batch. The
    checks are the same, just made while their rows are at hand; a broken reference still
    fails the load. Deferred again afterwards (every constraint the project has that can be
    deferred is a foreign key made so), as Django's own constraint check does."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    yield  # after an error the transaction is rolled back, and the setting with it
    if not connection.needs_rollback:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


@contextmanager
def _rows_found_by_index() -> Iterator[None]:
    """On PostgreSQL, while a load reads and writes: the planner told to find rows through an
    index wherever the table has one (`enable_seqscan` off for the transaction, and `jit`
    with it), and the plans the connection keeps made again (`DISCARD PLANS`), so the
    foreign-key checks' too. Both settings are the role's own and go back as they were after.

    Each return and target a load writes has its indicator and period checked by a query
    the foreign key plans once per connection. For a table of a few pages, such as the
    reporting periods of one council, the planner's costs favour reading all of it over its
    primary key; run a million times while the load adds decades of periods, that was a
    fifth of the database's work for the benchmark's million values (docs/performance.md).
    The load's own statements read the staging tables whole as before (they have no index:
    the setting only makes any other way preferred where there is one) and look up returns,
    targets and periods by index anyway. JIT is off because the cost that setting adds to a
    whole-table read would otherwise have every statement compiled."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan'), current_setting('jit')")
        before = cursor.fetchone()
        cursor.execute(
            "SELECT set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
        )
        cursor.execute("DISCARD PLANS")
    yield  # after an error the transaction is rolled back, and the settings with it
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config('enable_seqscan', %s, true), set_config('jit', %s, true)", before
        )
        cursor.execute("DISCARD PLANS")


@contextmanager
def _bigger_page_cache() -> Iterator[None]:
    """On SQLite, a page cache of a fixed 128 MiB for the load: the indexes of a large table
    otherwise go back and forth to disk for every batch. Memory stays bounded all the same."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def _called(function: Callable[..., Any], *args: Any) -> Any:
    return function(*args)


class _Stopped(Exception):
    """The connection's thread has stopped taking batches (it failed or finished early)."""


class _ReadAhead:
    """Reads a file's batches (any iterator) in a second thread, one batch ahead of this
    one, which writes them: checking the next batch in Python overlaps the database's work
    on the last, rather than each waiting for the other.

    Only this thread uses the database connection (Django's connections belong to one
    thread, and the load is one transaction): what the reading needs from it, such as
    making the periods a file names, it asks for through `call`, and this thread runs it
    between batches while the reader waits. An exception in the reader is raised here, as
    if reading here; leaving the block (done, or failed in writing) stops the reader and
    waits for it, so nothing reads on once the load has returned. Memory: a batch being
    read, one waiting and one being written."""

    def __init__(self, batches: Iterator[Any]) -> None:
        self.batches = batches
        self.waiting: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
        self.stop = threading.Event()
        self.owner = threading.get_ident()
        self.thread = threading.Thread(target=self._read, name="values-import-reader")

    def __enter__(self) -> "_ReadAhead":
        self.thread.start()
        return self

    def __exit__(self, *_exception: object) -> None:
        self.stop.set()
        self.thread.join()

    def __iter__(self) -> Iterator[Any]:
        while True:
            kind, item = self.waiting.get()
            if kind == "batch":
                yield item
            elif kind == "call":
                function, args, answer = item
                try:
                    answer.put((True, function(*args)))
                except BaseException as error:  # handed to the reader, which raises it
                    answer.put((False, error))
            elif kind == "failed":
                raise item
            else:
                return

    def call(self, function: Callable[..., Any], *args: Any) -> Any:
        """`function(*args)` run on the connection's thread, and its result."""
        if threading.get_ident() == self.owner:
            return function(*args)
        answer: queue.Queue[tuple[bool, Any]] = queue.Queue()
        self._hand(("call", (function, args, answer)))
        while True:
            try:
                done, result = answer.get(timeout=0.1)
            except queue.Empty:
                if self.stop.is_set():
                    raise _Stopped from None
                continue
            if not done:
                raise result
            return result

    def _hand(self, item: tuple[str, Any]) -> None:
        while not self.stop.is_set():
            try:
                self.waiting.put(item, timeout=0.1)
                return
            except queue.Full:
                continue
        raise _Stopped

    def _read(self) -> None:
        try:
            for batch in self.batches:
                self._hand(("batch", batch))
            self._hand(("end", None))
        except _Stopped:
            return
        except BaseException as error:  # raised again on the connection's thread
            try:
                self._hand(("failed", error))
            except _Stopped:
                return


class _PeriodStatistics:
    """On PostgreSQL, the statistics of the reporting periods' table brought up to date
    (ANALYZE) when a load has made as many periods as would make autovacuum analyze it
    again, were they committed: 50 and a tenth of the rows it last counted, its defaults.

    Each return and target a load writes has its period checked by the foreign key, a
    query planned once for the connection from those statistics and planned again when
    they change. Counted while the table was small (a new installation, or before a first
    load), they had that check read the whole table, growing as the load made decades of
    periods, for each of a million rows: why the benchmark's database worked a third harder
    than a fresh one (docs/performance.md). The checks now find the period by its index
    whatever the count (`_rows_found_by_index`); the count is kept right for every other
    plan made during the load and after it. ANALYZE sees the load's own periods, is allowed
    inside its transaction and, on a table this size, takes milliseconds; it takes a lock
    that only other ANALYZE, VACUUM and schema changes of the table wait for (SKIP_LOCKED:
    it never waits itself), so reading and writing carry on. Where the role does not own
    the table PostgreSQL only warns and skips it."""

    THRESHOLD, SCALE = 50, 0.1  # autovacuum_analyze_threshold and _scale_factor's defaults

    def __init__(self) -> None:
        self.postgresql = connection.vendor == "postgresql"
        self.table = connection.ops.quote_name(ReportingPeriod._meta.db_table)
        self.counted = 0.0  # rows in the table when it was last analyzed
        self.analyzed_at = 0  # periods this load had made then
        self.analyses = 0
        if self.postgresql:
            with connection.cursor() as cursor:
                self.counted = self._count(cursor)

    def added(self, made: int) -> None:
        """`made`: the periods this load has made so far."""
        if not self.postgresql or made - self.analyzed_at <= self.THRESHOLD + self.SCALE * (
            self.counted
        ):
            return
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE (SKIP_LOCKED) {self.table}")
            self.counted = self._count(cursor)
        self.analyzed_at = made
        self.analyses += 1

    @staticmethod
    def _count(cursor: Any) -> float:
        """The rows the table's statistics count (-1, never counted, as none)."""
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
            [ReportingPeriod._meta.db_table],
        )
        return max(0.0, float(cursor.fetchone()[0]))


class _ValuesLoader:
    def __init__(
        self,
        organisation: Organisation,
        user: User | None,
        source: str,
        result: ValuesImport,
        max_errors: int,
    ) -> None:
        self.organisation = organisation
        self.user = user
        self.source = source
        self.result = result
        self.max_errors = max_errors
        self.now = timezone.now()
        self.periods = PeriodLookup(organisation)
        self.period_index = {pk: index for index, pk in enumerate(self.periods.by_id)}
        self._periods_before = len(self.period_index)
        # label → (period, its id, its place in the bitmap, its frequency), for the labels the
        # file uses
        self.period_cache: dict[str, tuple[ReportingPeriod, int, int, str]] = {}
        indicators = list(Indicator.objects.filter(organisation=organisation))
        self.known = {
            indicator.code: _Known.of(indicator, index)
            for index, indicator in enumerate(indicators)
        }
        # One bit for each indicator and period, period by period so that periods made during
        # the load extend it: bounded by the organisation, not the file.
        self.indicator_count = max(1, len(indicators))
        self.seen = bytearray((self.indicator_count * len(self.period_index)) // 8 + 1)
        self.reason = f"Loaded from {source}"
        self.targets = _TargetWriter(organisation, user, self.reason, self.now)
        self.published = {
            (indicator_id << 32) | period_id
            for indicator_id, period_id in IndicatorReturn.objects.filter(
                indicator__organisation=organisation, status=Status.LOCKED
            ).values_list("indicator_id", "period_id")
        }
        self.approved_periods: set[int] = set()
        self.last_id = IndicatorReturn.objects.aggregate(last=Max("id"))["last"] or 0
        self.writer: _ReturnWriter | None = None
        self.period_statistics = _PeriodStatistics()
        # Runs what the reading needs done in the database (making periods): on the
        # connection's own thread, so while it is read ahead (_ReadAhead) it is asked for.
        self.on_connection: Callable[..., Any] = _called

    def _period_made(self, label: str) -> ReportingPeriod | None:
        """The period, made with its year's others if missing (on the connection's thread)."""
        period = self.periods.ensure(label, self.organisation)
        self._periods_added()
        return period

    def _periods_added(self) -> None:
        for period in self.periods.added[len(self.period_index) - self._periods_before :]:
            self.period_index[period.pk] = len(self.period_index)
        self.result.periods_created = len(self.periods.added)
        wanted = (self.indicator_count * len(self.period_index)) // 8 + 1
        if wanted > len(self.seen):
            self.seen.extend(bytearray(wanted - len(self.seen)))
        self.period_statistics.added(len(self.periods.added))

    def fail(self, line: int | None, column: str, reason: str) -> None:
        self.result.error_count += 1
        if len(self.result.errors) < self.max_errors:
            self.result.errors.append(RowError(self.source, line, column, reason))

    def read(
        self,
        reader: Any,
        lines: _CountingLines,
        batch_size: int,
        progress: Progress | None,
        size: int,
        *,
        write: bool,
    ) -> None:
        header = next(reader, None)
        if header is None:
            self.fail(None, "", "The file is empty.")
            return
        positions = self._positions(header)
        if positions is None:
            return
        self.writer = _ReturnWriter(
            update_commentary="commentary" in positions,
            now=self.now,
            user=self.user,
            last_id=self.last_id,
            reason=self.reason,
        )
        self.at_code, self.at_period, self.at_value = (positions[key] for key in VALUE_REQUIRED)
        self.at_numerator = positions.get("numerator")
        self.at_denominator = positions.get("denominator")
        self.at_target = positions.get("target")
        self.at_commentary = positions.get("commentary")
        self.at_status = positions.get("status")
        result = self.result
        batches = self._batches(reader, lines, len(header), batch_size, bool(progress), write)
        ahead = _ReadAhead(batches)
        self.on_connection = ahead.call  # before the reader starts
        with _rows_found_by_index(), ahead:
            for returns, targets, rows, done in ahead:
                if write and not result.error_count:
                    self.writer.write(returns)
                    self.targets.write(targets)
                if progress:
                    progress(rows, done, size)
        self.on_connection = _called
        if not result.rows and not result.error_count:
            self.fail(None, "", "The file has no values in it.")

    def _batches(
        self,
        reader: Any,
        lines: _CountingLines,
        width: int,
        batch_size: int,
        every_batch: bool,
        write: bool,
    ) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[int, int, Decimal]], int, int]]:
        """The file's rows checked, a batch at a time: the returns and targets to write (none
        once a row has failed), the rows and bytes read so far; the last may be empty. With
        `every_batch` (progress shown), one at every `batch_size` rows read, else when as
        many are to be written."""
        batch: list[tuple[Any, ...]] = []
        result = self.result
        for cells in reader:
            result.rows += 1
            if len(cells) < width:
                cells += [""] * (width - len(cells))
            row = self._row(reader.line_num, cells)
            if row is not None and write and not result.error_count:
                batch.append(row)
            if len(batch) >= batch_size or (every_batch and result.rows % batch_size == 0):
                yield batch, self.targets.taken(), result.rows, lines.bytes_read
                batch = []
        yield batch, self.targets.taken(), result.rows, lines.bytes_read

    def _positions(self, header: list[str]) -> dict[str, int] | None:
        if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
            self.fail(1, "", "The columns are separated by semicolons or tabs; save the file "
                      "as CSV UTF-8 (comma delimited).")  # fmt: skip
            return None
        positions: dict[str, int] = {}
        for index, raw in enumerate(header):
            label = " ".join(text_from(raw).split())
            key = VALUE_HEADERS.get(label.lower())
            if key is None or key in positions:
                reason = "appears twice" if key else "is not a column this import reads"
                self.fail(1, label, f"“{label}” {reason}. The columns are: "
                          + ", ".join(dict.fromkeys(VALUE_HEADERS.values())) + ".")  # fmt: skip
            else:
                positions[key] = index
        for key in VALUE_REQUIRED:
            if key not in positions:
                self.fail(1, key, f"Required column missing: {key}.")
        return None if self.result.error_count else positions

    def _row(self, line: int, cells: list[str]) -> tuple[Any, ...] | None:
        """The row checked, as the writer stages it, or None after recording its problems.

        Run for every row of files of millions: each check is as cheap as it can be made
        (columns by position, periods cached by label, a plain value checked against its
        unit's range), and anything unusual takes the slower general path."""
        errors_before = self.result.error_count
        code = cells[self.at_code].strip()
        known = self.known.get(code)
        if known is None:
            self.fail(line, "code", f"There is no indicator with the code “{code}”."
                      if code else "Enter the indicator code.")  # fmt: skip
            return None
        if known.problem:
            self.fail(line, "code", known.problem)
            return None
        label = cells[self.at_period].strip()
        found = self.period_cache.get(label)
        if found is None:
            period = self.periods.find(label)
            if period is None and label:
                period = self.on_connection(self._period_made, label)
            if period is None:
                self.fail(line, "period", unknown_period(label) if label else "Enter the period.")
                return None
            found = self.period_cache[label] = (
                period, period.pk, self.period_index[period.pk], period.frequency
            )  # fmt: skip
        period, period_id, period_at, frequency = found
        if frequency != known.frequency:
            self.fail(line, "period", wrong_frequency(known.indicator, period))
            return None
        value = numerator = denominator = target = None
        try:
            value = plain_number_from(cells[self.at_value])
        except CellError as error:
            self.fail(line, "value", str(error))
        if self.at_numerator is not None:
            try:
                numerator = plain_number_from(cells[self.at_numerator])
            except CellError as error:
                self.fail(line, "numerator", str(error))
        if self.at_denominator is not None:
            try:
                denominator = plain_number_from(cells[self.at_denominator])
            except CellError as error:
                self.fail(line, "denominator", str(error))
        if self.at_target is not None:
            try:
                target = plain_number_from(cells[self.at_target])
            except CellError as error:
                self.fail(line, "target", str(error))
            if target is not None and known.band:
                self.fail(line, "target", f"{known.indicator.code} is judged within a band: "
                          "set its targets on the indicator's targets page.")  # fmt: skip
        commentary = ""
        if self.at_commentary is not None:
            raw = cells[self.at_commentary]
            if is_formula(raw):
                self.fail(line, "commentary", "This cell has a formula; formulas are never run.")
            commentary = text_from(raw)
        status = APPROVED
        if self.at_status is not None:
            text = cells[self.at_status].strip().lower()
            if text:
                status = VALUE_STATUSES.get(text, "")
                if not status:
                    self.fail(line, "status", f"“{text}” is not a status: use draft, submitted "
                              "or approved.")  # fmt: skip
        if self.result.error_count > errors_before:
            return None
        if (
            value is None
            or numerator is not None
            or denominator is not None
            or not (known.low <= value <= known.high)
        ):
            # Worked out from a numerator and denominator, missing or out of range: the
            # service checks it and words any problem.
            data = services.ReturnData(value=value, numerator=numerator, denominator=denominator)
            for key, reason in services.return_validate_value(known.indicator, data).items():
                self.fail(line, key, reason)
            value = services.return_value_from_parts(known.indicator, data)
        if self.published and (known.pk << 32) | period_id in self.published:
            self.fail(line, "period", f"{known.indicator.code} {period.label} has been "
                      "published; publish a correction instead.")  # fmt: skip
        bit = period_at * self.indicator_count + known.index
        seen = self.seen
        if seen[bit >> 3] & (1 << (bit & 7)):
            self.fail(line, "period", f"{known.indicator.code} {period.label} appears more than "
                      "once in the file.")  # fmt: skip
        seen[bit >> 3] |= 1 << (bit & 7)
        if self.result.error_count > errors_before:
            return None
        if status == APPROVED:
            self.approved_periods.add(period_id)
        if target is not None:
            self.targets.add(known.pk, period_id, target)
        return (known.pk, period_id, value, numerator, denominator, commentary, status)

    def finish(self) -> None:
        """After a clean load: who, history, counts, and calculated indicators brought up to
        date."""
        if self.writer is None:
            return
        self.writer.staging.drop()
        written = self.writer.written
        # New returns are those above the last id before the load (through the primary key,
        # not a scan of the table); the rest written were replaced.
        self.result.created = IndicatorReturn.objects.filter(
            id__gt=self.last_id, updated_at=self.now
        ).count()
        self.result.updated = written - self.result.created
        self.result.unchanged = self.result.rows - written
        self.result.targets = self.targets.made
        self.targets.record_history()
        if self.result.updated:
            self.writer.record_people(organisation=self.organisation)
        self.writer.record_history(
            organisation=self.organisation,
            last_id=self.last_id,
            reason=self.reason,
        )
        if written and (
            Indicator.objects.filter(organisation=self.organisation).exclude(formula="").exists()
        ):
            for period_id in sorted(self.approved_periods):
                services.calculated_returns_refresh(
                    organisation_id=self.organisation.pk, period=self.periods.by_id[period_id]
                )


def _cannot_take_values(indicator: Indicator) -> str:
    if indicator.is_calculated:
        return f"{indicator.code} is calculated from its formula; load its inputs instead."
    if indicator.is_qualitative:
        return (
            f"{indicator.code} is qualitative; enter its narratives through the returns "
            "workbook instead."
        )
    return ""


# The SQL below is built only from our models' table and column names (Django's metadata,
# quoted with connection.ops.quote_name) and fixed words; every value from a file goes to the
# database as a query parameter or through COPY. So bandit's B608 (SQL from strings) is
# accepted on each line.
class _Staging:
    """A temporary table with a few of a model's columns, which a load fills a batch at a
    time (COPY on PostgreSQL, one executemany on SQLite) and then writes from, in one
    statement, into the model's table. Emptied after each batch, dropped at the end (and
    with the transaction when it rolls back)."""

    def __init__(self, name: str, model: Any, names: list[str]) -> None:
        quote = connection.ops.quote_name
        self.name = quote(name)
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(model._meta.get_field(n).column) for n in names)
        self.postgresql = connection.vendor == "postgresql"
        self.made = False

    def fill(self, cursor: Any, rows: list[tuple[Any, ...]]) -> None:
        if not self.made:
            if self.postgresql:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.name} ON COMMIT DROP AS "  # noqa: S608  # nosec B608  # names from model metadata
                    f"SELECT {self.columns} FROM {self.table} WITH NO DATA"
                )
            else:
                cursor.execute(
                    f"CREATE TEMPORARY TABLE IF NOT EXISTS {self.name} AS "  # noqa: S608  # nosec B608  # names from model metadata
                    f"SELECT {self.columns} FROM {self.table} WHERE 0"
                )
            self.empty(cursor)  # of an earlier load in the same transaction
            self.made = True
        if self.postgresql:
            with cursor.cursor.copy(f"COPY {self.name} ({self.columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(
                f"INSERT INTO {self.name} ({self.columns}) VALUES ({marks})",  # noqa: S608  # nosec B608  # names from model metadata
                rows,
            )

    def empty(self, cursor: Any) -> None:
        cursor.execute(
            f"TRUNCATE {self.name}" if self.postgresql else f"DELETE FROM {self.name}"  # noqa: S608  # nosec B608  # names from model metadata
        )

    def drop(self) -> None:
        if self.made:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP TABLE IF EXISTS {self.name}")
            self.made = False


def _with_history(statement: str, model: Any, history_type: str) -> str:
    """On PostgreSQL: `statement` (an INSERT into the model's table) with, in the same
    statement, one history row for each row it wrote, read from its RETURNING list, so the
    history needs no second pass over the table. Its parameters are the statement's, then
    the history's date, reason, `history_type`'s and user."""
    quote = connection.ops.quote_name
    history = quote(model.history.model._meta.db_table)
    # The historical table names its copies of the model's columns the same.
    columns = ", ".join(quote(f.column) for f in model._meta.concrete_fields)
    return (
        f"WITH written AS ({statement} RETURNING {columns}) "  # noqa: S608  # nosec B608  # names from model metadata
        f"INSERT INTO {history} ({columns}, history_date, history_change_reason, "
        f"history_type, history_user_id) SELECT {columns}, %s, %s, {history_type}, %s "
        "FROM written"
    )


def _typed(field: Any) -> str:
    """A query parameter in a SELECT list that fills a column: cast to the column's type on
    PostgreSQL (a NULL there has none of its own); as it is on SQLite, where a cast to a
    declared type such as `datetime` would turn a date into a number."""
    if connection.vendor == "postgresql":
        return f"CAST(%s AS {field.db_type(connection)})"
    return "%s"


class _TargetWriter:
    """New target versions for the targets a load gives, where they differ from the target
    in force; a target the same as the one stored is left alone. A batch at a time (a file
    names each indicator and period once, so that is enough), staged and compared with the
    latest stored version in the database, in one statement; their history is written by
    the same statement on PostgreSQL, copied in one statement at the end on SQLite.
    """

    STAGED = ["indicator", "period", "value"]

    def __init__(
        self, organisation: Organisation, user: User | None, reason: str, now: datetime
    ) -> None:
        self.postgresql = connection.vendor == "postgresql"
        self.organisation = organisation
        self.reason = reason
        self.pending: list[tuple[int, int, Decimal]] = []
        self.made = 0
        self.now = connection.ops.adapt_datetimefield_value(now)
        self.user_id = user.pk if user else None
        self.staging = _Staging("goldenthread_targets_import", Target, self.STAGED)
        self.table = self.staging.table
        quote = connection.ops.quote_name
        meta = Target._meta
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        self.columns = [quote(f.column) for f in fields]
        values: list[str] = []
        self.params: list[Any] = []
        for f in fields:
            if f.name in self.STAGED:
                values.append(f"s.{quote(f.column)}")
            elif f.name == "version":
                values.append("COALESCE(t.version, 0) + 1")
            elif f.name == "reason":
                # The first version needs no reason; a revision gives the load's.
                values.append(f"CASE WHEN t.id IS NULL THEN {_typed(f)} ELSE {_typed(f)} END")
                self.params += ["", reason]
            else:
                default = {"set_at": self.now, "set_by": self.user_id}.get(
                    f.name, f.get_db_prep_save(f.get_default(), connection)
                )
                values.append(_typed(f))
                self.params.append(default)
        # The latest version of each staged target, looked up row by row through the index
        # on (indicator, period, version): PostgreSQL is told so (LATERAL), since its
        # statistics, taken before a load, can make it scan a whole period for each row.
        latest = (
            f"SELECT v.id, v.version, v.value FROM {self.table} v "  # noqa: S608  # nosec B608  # names from model metadata
            "WHERE v.indicator_id = s.indicator_id AND v.period_id = s.period_id "
            "ORDER BY v.version DESC LIMIT 1"
        )
        if connection.vendor == "postgresql":
            latest_join = f"LEFT JOIN LATERAL ({latest}) t ON true"
        else:
            latest_join = (
                f"LEFT JOIN {self.table} t ON t.id = ({latest.replace(', v.version, v.value', '')})"
            )
        self.insert = (
            f"INSERT INTO {self.table} ({', '.join(self.columns)}) "  # noqa: S608  # nosec B608  # names from model metadata
            f"SELECT {', '.join(values)} FROM {self.staging.name} s {latest_join} "
            "WHERE t.id IS NULL OR t.value IS NULL OR t.value <> s.value"
        )
        if self.postgresql:
            # Each version's history row ("+") in the same statement.
            self.insert = _with_history(self.insert, Target, "'+'")
            self.params += [self.now, reason, self.user_id]

    def add(self, indicator_id: int, period_id: int, value: Decimal) -> None:
        self.pending.append((indicator_id, period_id, value))

    def taken(self) -> list[tuple[int, int, Decimal]]:
        """The targets added since last taken, for `write`."""
        pending, self.pending = self.pending, []
        return pending

    def write(self, targets: list[tuple[int, int, Decimal]]) -> None:
        """Inserts a new version for each of `targets` that differs from the latest."""
        if not targets:
            return
        with connection.cursor() as cursor:
            self.staging.fill(cursor, targets)
            cursor.execute(self.insert, self.params)
            self.made += cursor.rowcount
            self.staging.empty(cursor)

    def record_history(self) -> None:
        """One history row ("+") for each target version this load added (on PostgreSQL
        already written with them)."""
        self.staging.drop()
        if not self.made or self.postgresql:
            return
        history_model = Target.history.model  # type: ignore[attr-defined]
        history = connection.ops.quote_name(history_model._meta.db_table)
        quote = connection.ops.quote_name
        columns = [quote(f.column) for f in Target._meta.concrete_fields]
        indicators = quote(Indicator._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {history} ({', '.join(columns)}, history_date, "  # noqa: S608  # nosec B608  # names from model metadata
                f"history_change_reason, history_type, history_user_id) "
                f"SELECT {', '.join('t.' + c for c in columns)}, %s, %s, '+', %s "
                f"FROM {self.table} t WHERE t.set_at = %s AND t.indicator_id IN "
                f"(SELECT id FROM {indicators} WHERE organisation_id = %s)",
                [self.now, self.reason, self.user_id, self.now, self.organisation.pk],
            )


class _ReturnWriter:
    """Adds or replaces returns a batch at a time: the batch's own columns are staged (see
    `_Staging`), then upserted in one statement that fills in the rest (who and when by
    status, every other column its default) and, on PostgreSQL, writes their history too.

    Every row written gets the same `updated_at`, which is how the load's rows are found
    again afterwards.
    """

    STAGED = ["indicator", "period", "value", "numerator", "denominator", "commentary", "status"]

    def __init__(
        self,
        *,
        update_commentary: bool,
        now: datetime,
        user: User | None,
        last_id: int,
        reason: str,
    ) -> None:
        meta = IndicatorReturn._meta
        self.now = connection.ops.adapt_datetimefield_value(now)
        self.user_id = user.pk if user else None
        self.postgresql = connection.vendor == "postgresql"
        self.staging = _Staging("goldenthread_values_import", IndicatorReturn, self.STAGED)
        self.written = 0
        quote = connection.ops.quote_name
        self.table = self.staging.table
        fields = [f for f in meta.concrete_fields if not f.primary_key]
        draft, approved = Status.DRAFT.value, Status.APPROVED.value
        # Submitted by and at for all but drafts, approved by and at for approved returns.
        by_status = {
            "submitted_by": ("<>", draft, self.user_id),
            "submitted_at": ("<>", draft, self.now),
            "approved_by": ("=", approved, self.user_id),
            "approved_at": ("=", approved, self.now),
        }
        values: list[str] = []
        self.params: list[Any] = []
        for f in fields:
            if f.name in self.STAGED:
                values.append(f"s.{quote(f.column)}")
            elif f.name in by_status:
                compare, status, value = by_status[f.name]
                values.append(f"CASE WHEN s.{quote('status')} {compare} %s THEN {_typed(f)} END")
                self.params += [status, value]
            else:
                values.append(_typed(f))
                self.params.append(
                    self.now
                    if f.name == "updated_at"
                    else f.get_db_prep_save(f.get_default(), connection)
                )
        replaced = ["value", "numerator", "denominator", "status", "submitted_at", "approved_at"]
        replaced += ["updated_at", *(["commentary"] if update_commentary else [])]
        # Naming foreign keys in an upsert makes SQLite take twice as long over every row, so
        # there a replaced return's submitter and approver are set once at the end instead.
        if self.postgresql:
            replaced += ["submitted_by", "approved_by"]
        updates = (quote(meta.get_field(name).column) for name in replaced)
        # A row the same as the one stored is left alone (its history and last-changed time
        # too), so loading a file again changes nothing.
        compared = ["value", "numerator", "denominator", "status"]
        compared += ["commentary"] if update_commentary else []
        differs = "IS DISTINCT FROM" if self.postgresql else "IS NOT"
        self.upsert = (
            f"INSERT INTO {self.table} ({', '.join(quote(f.column) for f in fields)}) "  # noqa: S608  # nosec B608  # names from model metadata
            f"SELECT {', '.join(values)} FROM {self.staging.name} s "
            # WHERE: without it SQLite would read ON CONFLICT as the start of a join.
            f"WHERE 1 = 1 ON CONFLICT ({quote('indicator_id')}, {quote('period_id')}) "
            "DO UPDATE SET "
            + ", ".join(f"{column} = excluded.{column}" for column in updates)
            + " WHERE "
            + " OR ".join(
                f"{self.table}.{quote(meta.get_field(name).column)} {differs} "
                f"excluded.{quote(meta.get_field(name).column)}"
                for name in compared
            )
        )
        if self.postgresql:
            # Each return's history row in the same statement: created ("+") for a return
            # new in this load (its id is above the last one before it), else changed.
            self.upsert = _with_history(
                self.upsert, IndicatorReturn, "CASE WHEN id > %s THEN '+' ELSE '~' END"
            )
            self.params += [self.now, reason, last_id, self.user_id]

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            self.staging.fill(cursor, rows)
            cursor.execute(self.upsert, self.params)
            # Added or replaced (or their history rows: as many); unchanged ones are not counted.
            self.written += cursor.rowcount
            self.staging.empty(cursor)

    def _this_load(self, organisation: Organisation) -> tuple[str, list[Any]]:
        """The WHERE clause matching the rows this load wrote, and its parameters."""
        indicators = connection.ops.quote_name(Indicator._meta.db_table)
        return (
            f"r.updated_at = %s AND r.indicator_id IN "  # noqa: S608  # nosec B608  # names from model metadata
            f"(SELECT id FROM {indicators} WHERE organisation_id = %s)",
            [self.now, organisation.pk],
        )

    def record_people(self, *, organisation: Organisation) -> None:
        """Sets who submitted and approved the returns this load replaced (see __init__)."""
        if self.postgresql:
            return
        where, params = self._this_load(organisation)
        if self.user_id is None:
            people, values = "submitted_by_id = NULL, approved_by_id = NULL", []
        else:
            people = (
                "submitted_by_id = CASE WHEN r.status = %s THEN NULL ELSE %s END, "
                "approved_by_id = CASE WHEN r.status = %s THEN %s ELSE NULL END"
            )
            values = [Status.DRAFT.value, self.user_id, Status.APPROVED.value, self.user_id]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {self.table} AS r SET {people} WHERE {where}",  # noqa: S608  # nosec B608  # names from model metadata
                values + params,
            )

    def record_history(self, *, organisation: Organisation, last_id: int, reason: str) -> None:
        """One history row for each value loaded, copied in a single statement: created ("+")
        for a return new in this load (its id is above the last one before it), else changed.
        On PostgreSQL the upserts wrote them already."""
        if self.postgresql:
            return
        history_model = IndicatorReturn.history.model  # type: ignore[attr-defined]
        history = connection.ops.quote_name(history_model._meta.db_table)
        # The historical table names its copies of the model's columns the same.
        columns = [
            connection.ops.quote_name(f.column) for f in IndicatorReturn._meta.concrete_fields
        ]
        where, params = self._this_load(organisation)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {history} ({', '.join(columns)}, history_date, "  # noqa: S608  # nosec B608  # names from model metadata
                f"history_change_reason, history_type, history_user_id) "
                f"SELECT {', '.join('r.' + c for c in columns)}, %s, %s, "
                f"CASE WHEN r.id > %s THEN '+' ELSE '~' END, %s FROM {self.table} r WHERE {where}",
                [self.now, reason, last_id, self.user_id, *params],
            )
