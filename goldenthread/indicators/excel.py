"""Returns as a spreadsheet: a pre-filled workbook (or CSV) for officers to fill in offline.

Each row is one indicator for one period, with its last four values and target to read and
the return's cells to fill. The workbook opens with an Instructions sheet, then has one
sheet per lead officer (one sheet when it is for one person), data validation on the cells
to fill, the template columns greyed and locked, the heading row frozen, and a hidden row
key and "About" sheet so `importers.returns_import` knows exactly which indicator and
period each row is. The CSV has the same columns.
"""

import csv
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import BinaryIO, TextIO

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.accounts.selectors import unit_descendants
from goldenthread.indicators import judging
from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.indicators.selectors import indicators_entered_by, periods_by_id
from goldenthread.strategy.models import ReportingPeriod

FORMAT_NAME = "goldenthread-returns"
FORMAT_VERSION = 1
ABOUT_SHEET = "About"
INSTRUCTIONS_SHEET = "Instructions"
PREVIOUS_COUNT = 4
# Spreadsheet programs run a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
JUDGEMENTS = {"green": "On track", "amber": "Some concern", "red": "Off track"}
NOT_STARTED = "Not started"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    fill: bool = False  # a cell the officer fills in
    note: str = ""


COLUMNS = [
    Column("code", "Indicator code", 14),
    Column("title", "Indicator", 48),
    Column("unit", "Unit", 14),
    Column("polarity", "Polarity", 18),
    Column("period", "Period", 10),
    *(
        Column(f"previous_{back}", f"{back} periods back" if back > 1 else "Previous period", 12)
        for back in range(PREVIOUS_COUNT, 0, -1)
    ),
    Column("target", "Target", 12),
    Column("status", "Status", 12),
    Column("value", "Value", 12, True, "The figure for the period, in the indicator's unit."),
    Column("numerator", "Numerator", 12, True, "Or give the numerator and denominator instead."),
    Column("denominator", "Denominator", 12, True),
    Column("narrative", "Narrative", 40, True, "Qualitative indicators: what happened."),
    Column("judgement", "Judgement", 14, True, "Qualitative indicators: on track or not."),
    Column("commentary", "Commentary", 40, True, "Needed when the value is amber or red."),
    Column("remedial_action", "Remedial action", 40, True, "Needed when the value is red."),
    Column("source_quoted", "Source of the figure", 30, True, "Where the figure came from."),
    Column("prepared_by", "Prepared by", 20, True, "Who worked the figure out."),
    Column("prepared_on", "Prepared on", 12, True, "The date it was worked out."),
    Column("method_followed", "Method followed", 10, True, "Was the definition followed?"),
    Column("submit", "Submit", 9, True, "Yes to submit the return for approval."),
    Column("key", "Row key", 14),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
QUANTITATIVE_ONLY = {"value", "numerator", "denominator"}
QUALITATIVE_ONLY = {"narrative", "judgement"}

HEADER_FILL = PatternFill("solid", fgColor="0B5560")
FILL_IN = PatternFill("solid", fgColor="FFF7BF")
NOT_USED = PatternFill("solid", fgColor="E5E6E7")
READ_ONLY = PatternFill("solid", fgColor="F3F2F1")


def neutralise(text: str) -> str:
    """Text a spreadsheet would run as a formula gets a leading quote (CSV injection)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def row_key(indicator_id: int, period_id: int) -> str:
    return f"R{indicator_id}-{period_id}"


def plain_number(value: Decimal | None) -> str:
    """87.500000 → "87.5"; 100 → "100"."""
    return "" if value is None else f"{value.normalize():f}"


# Reading what goes in the rows ---------------------------------------------------------


@dataclass
class ReturnLine:
    """One row: an indicator in one of its periods, what it reported before, and the return."""

    indicator: Indicator
    period: ReportingPeriod
    previous: list[Decimal | str | None]  # oldest first
    target: Decimal | str | None
    existing: IndicatorReturn | None

    @property
    def status(self) -> str:
        return self.existing.get_status_display() if self.existing else NOT_STARTED

    @property
    def is_open(self) -> bool:
        return self.existing is None or self.existing.is_editable


def indicators_for_returns(
    organisation: Organisation, *, unit: OrgUnit | None = None, owner: User | None = None
) -> QuerySet[Indicator]:
    """Indicators whose returns are entered by hand (not calculated), narrowed to a person's
    (as lead officer or named updater) or to a unit and the units below it."""
    if owner is not None:
        indicators = indicators_entered_by(owner, organisation)
    else:
        indicators = (
            Indicator.objects.filter(organisation=organisation, is_active=True)
            .exclude(formula__gt="")
            .select_related("organisation", "org_unit", "owner")
            .order_by("code")
        )
    if unit is not None:
        indicators = indicators.filter(org_unit_id__in=unit_descendants(organisation, unit.pk))
    return indicators


def periods_within(
    indicator: Indicator, period: ReportingPeriod, ordered: dict[str, list[ReportingPeriod]]
) -> list[ReportingPeriod]:
    """The indicator's own periods that end within `period`: one quarter for a quarterly
    indicator, three months for a monthly one, its year when `period` is the last quarter."""
    return [
        own
        for own in ordered.get(indicator.frequency, [])
        if period.start_date <= own.end_date <= period.end_date
    ]


def return_lines(indicators: Iterable[Indicator], period: ReportingPeriod) -> list[ReturnLine]:
    """The rows for these indicators in `period`, in three queries whatever their number."""
    indicators = list(indicators)
    if not indicators:
        return []
    ordered: dict[str, list[ReportingPeriod]] = defaultdict(list)
    for own in sorted(periods_by_id(indicators[0].organisation).values(), key=_start):
        ordered[own.frequency].append(own)
    wanted: list[tuple[Indicator, ReportingPeriod, list[ReportingPeriod]]] = []
    for indicator in indicators:
        sequence = ordered.get(indicator.frequency, [])
        for own in periods_within(indicator, period, ordered):
            at = sequence.index(own)
            wanted.append((indicator, own, sequence[max(0, at - PREVIOUS_COUNT) : at]))
    ids = {indicator.pk for indicator, _own, _earlier in wanted}
    period_ids = {each.pk for _i, own, earlier in wanted for each in [own, *earlier]}
    returns = {
        (r.indicator_id, r.period_id): r
        for r in IndicatorReturn.objects.filter(indicator_id__in=ids, period_id__in=period_ids)
    }
    targets: dict[tuple[int, int], list[Target]] = defaultdict(list)
    for target in Target.objects.filter(
        indicator_id__in=ids, period_id__in={own.pk for _i, own, _e in wanted}
    ):
        targets[(target.indicator_id, target.period_id)].append(target)
    lines = []
    for indicator, own, earlier in wanted:
        previous: list[Decimal | str | None] = [None] * (PREVIOUS_COUNT - len(earlier))
        previous += [_shown(indicator, returns.get((indicator.pk, p.pk))) for p in earlier]
        target = judging.target_in_force(targets[(indicator.pk, own.pk)], None)
        lines.append(
            ReturnLine(
                indicator=indicator,
                period=own,
                previous=previous,
                target=_target_shown(indicator, target),
                existing=returns.get((indicator.pk, own.pk)),
            )
        )
    return lines


def _start(period: ReportingPeriod) -> date:
    return period.start_date


def _shown(indicator: Indicator, earlier: IndicatorReturn | None) -> Decimal | str | None:
    if earlier is None:
        return None
    if indicator.is_qualitative:
        return JUDGEMENTS.get(earlier.judgement)
    return earlier.value


def _target_shown(indicator: Indicator, target: Target | None) -> Decimal | str | None:
    if target is None or indicator.is_qualitative:
        return None
    if indicator.polarity == "band" and target.band_lower is not None:
        return f"{plain_number(target.band_lower)} to {plain_number(target.band_upper)}"
    if target.value is None:
        return target.comparator or None
    return target.value


# Writing them --------------------------------------------------------------------------


Cell = Decimal | str | date | None


def cells_of(line: ReturnLine) -> dict[str, Cell]:
    """The row's cells by column key, as they are exported."""
    indicator, existing = line.indicator, line.existing
    cells: dict[str, Cell] = {
        "code": indicator.code,
        "title": indicator.title,
        "unit": indicator.get_unit_display(),
        "polarity": indicator.get_polarity_display(),
        "period": line.period.label,
        "target": line.target,
        "status": line.status,
        "submit": "",
        "key": row_key(indicator.pk, line.period.pk),
    }
    for back, value in zip(range(PREVIOUS_COUNT, 0, -1), line.previous, strict=True):
        cells[f"previous_{back}"] = value
    for key in ["value", "numerator", "denominator"]:
        cells[key] = getattr(existing, key) if existing else None
    for key in ["narrative", "commentary", "remedial_action", "source_quoted", "prepared_by"]:
        cells[key] = getattr(existing, key) if existing else ""
    cells["judgement"] = JUDGEMENTS.get(existing.judgement, "") if existing else ""
    cells["prepared_on"] = existing.prepared_on if existing else None
    cells["method_followed"] = "No" if existing and not existing.method_followed else "Yes"
    return cells


def fillable(line: ReturnLine, key: str) -> bool:
    """Whether the officer may fill this cell: the web form's fields for the indicator,
    and only while the return is still a draft."""
    column = COLUMN_BY_KEY[key]
    if not column.fill or not line.is_open:
        return False
    indicator = line.indicator
    if key in QUANTITATIVE_ONLY and indicator.is_qualitative:
        return False
    if key in QUALITATIVE_ONLY and not indicator.is_qualitative:
        return False
    return key not in {"numerator", "denominator"} or bool(indicator.numerator_label)


def _validations() -> dict[str, DataValidation]:
    def number(operator: str, low: str, high: str | None, message: str) -> DataValidation:
        return DataValidation(
            type="decimal",
            operator=operator,
            formula1=low,
            formula2=high,
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Check the figure",
            error=message,
        )

    def choice(options: str, message: str) -> DataValidation:
        return DataValidation(
            type="list",
            formula1=f'"{options}"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Choose from the list",
            error=message,
        )

    return {
        "percent": number("between", "0", "100", "Enter a percentage between 0 and 100."),
        "count": number("greaterThanOrEqual", "0", None, "Enter a number of 0 or more."),
        "any": number("between", "-999999999999", "999999999999", "Enter a number."),
        "denominator": number("notEqual", "0", None, "The denominator cannot be zero."),
        "judgement": choice(",".join(JUDGEMENTS.values()), "Choose a judgement from the list."),
        "submit": choice("Yes,No", "Choose Yes or No."),
        "method_followed": choice("Yes,No", "Choose Yes or No."),
        "prepared_on": DataValidation(
            type="date",
            operator="between",
            formula1="36526",  # 1 January 2000 and 31 December 2099 as Excel day numbers
            formula2="73050",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Check the date",
            error="Enter a date, for example 14/07/2025.",
        ),
    }


COUNT_UNITS = {
    Indicator.Unit.NUMBER,
    Indicator.Unit.DAYS,
    Indicator.Unit.RATE_PER_1000,
    Indicator.Unit.RATE_PER_100000,
}


def _validation_for(indicator: Indicator, key: str) -> str | None:
    """Which data validation a cell gets, mirroring services.return_validate_value."""
    if key == "value":
        if indicator.unit == Indicator.Unit.PERCENT:
            return "percent"
        return "count" if indicator.unit in COUNT_UNITS else "any"
    if key == "numerator":
        return "any"
    if key in {"denominator", "judgement", "submit", "method_followed", "prepared_on"}:
        return key
    return None


def returns_workbook(
    *,
    lines: list[ReturnLine],
    organisation: Organisation,
    period: ReportingPeriod,
    out: BinaryIO,
    by_owner: bool,
    exported_for: str,
) -> None:
    """Writes the workbook: a sheet per lead officer when `by_owner`, else one sheet."""
    book = Workbook()
    book.remove(book.active)
    groups: dict[str, list[ReturnLine]] = defaultdict(list)
    for line in lines:
        owner = line.indicator.owner
        name = (owner.get_full_name() or owner.username) if owner else "No lead officer"
        groups[name if by_owner else "Returns"].append(line)
    if not groups:
        groups["Returns"] = []
    _write_instructions(book.create_sheet(INSTRUCTIONS_SHEET), period, exported_for)
    used: set[str] = set()
    for name in sorted(groups):
        _write_sheet(book.create_sheet(_sheet_title(name, used)), groups[name])
    if len(book.sheetnames) > 1:
        book.active = 1  # open on the first sheet of returns; the instructions are a tab away
    about = book.create_sheet(ABOUT_SHEET)
    about.sheet_state = "hidden"
    for row in [
        ("Format", FORMAT_NAME),
        ("Version", FORMAT_VERSION),
        ("Organisation", organisation.slug),
        ("Period", period.label),
        ("Exported at", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
        ("Exported for", neutralise(exported_for)),
    ]:
        about.append(row)
    book.save(out)


def _sheet_title(name: str, used: set[str]) -> str:
    """A unique sheet name within Excel's rules: 31 characters, none of []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in name).strip()[:31]
    title, number = cleaned or "Returns", 2
    while title.lower() in used or title in {ABOUT_SHEET, INSTRUCTIONS_SHEET}:
        suffix = f" ({number})"
        title, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    used.add(title.lower())
    return title


INSTRUCTIONS = [
    "Fill in the yellow cells only; grey cells are for information and are locked.",
    "Each row is one indicator for one period. Do not add, move or delete rows or columns.",
    "Value: the figure for the period, in the indicator's unit (a percentage as 87.5, "
    "not 0.875). For a rate you may give the numerator and denominator instead.",
    "Commentary is needed when the value is amber or red; a remedial action when it is red.",
    "Source of the figure, Prepared by, Prepared on and Method followed record the data "
    "quality of the figure, as on the return's page.",
    "Type values, not formulas: a cell with a formula is refused.",
    "Submit: Yes sends the return for approval; leave it blank or No to save a draft.",
    "Upload the workbook from My returns (Download or upload as Excel), or give it to your "
    "performance team. Every problem is listed by sheet, row and column, and nothing is "
    "saved until the whole workbook is right.",
]


def _write_instructions(sheet: Worksheet, period: ReportingPeriod, exported_for: str) -> None:
    sheet.append([f"Returns for {period.label}"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([neutralise(f"Exported for {exported_for}")])
    sheet.append([])
    for number, text in enumerate(INSTRUCTIONS, start=1):
        sheet.append([f"{number}. {text}"])
    sheet.column_dimensions["A"].width = 110
    for row in sheet.iter_rows(min_row=4):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.protection.sheet = True


def _write_sheet(sheet: Worksheet, lines: list[ReturnLine]) -> None:
    sheet.append([column.header for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if column.note:
            cell.comment = Comment(column.note, "Golden Thread")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    validations = _validations()
    for number, line in enumerate(lines, start=2):
        cells = cells_of(line)
        decimals = (
            "0"
            if not line.indicator.decimal_places
            else "0." + "0" * min(line.indicator.decimal_places, 6)
        )
        for index, column in enumerate(COLUMNS, start=1):
            value = cells[column.key]
            cell = sheet.cell(row=number, column=index)
            cell.value = neutralise(value) if isinstance(value, str) else value
            if isinstance(value, Decimal):
                cell.number_format = f"#,##{decimals}" if decimals != "0" else "#,##0"
            elif column.key == "prepared_on":
                cell.number_format = "dd/mm/yyyy"
            if column.key in {"narrative", "commentary", "remedial_action", "title"}:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if fillable(line, column.key):
                cell.protection = Protection(locked=False)
                cell.fill = FILL_IN
                kind = _validation_for(line.indicator, column.key)
                if kind:
                    validations[kind].add(cell.coordinate)
            elif column.fill:
                cell.fill = NOT_USED
            else:
                cell.fill = READ_ONLY
    for validation in validations.values():
        if validation.sqref:
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "C2"
    sheet.column_dimensions[get_column_letter(len(COLUMNS))].hidden = True
    # Locked cells guard the template against slips; there is no password to forget.
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def returns_csv(*, lines: list[ReturnLine], out: TextIO) -> None:
    """The same columns as the workbook, one row a return, numbers as plain text."""
    writer = csv.writer(out)
    writer.writerow([column.header for column in COLUMNS])
    for line in lines:
        cells = cells_of(line)
        writer.writerow([_csv_cell(cells[column.key]) for column in COLUMNS])


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def export_filename(period: ReportingPeriod, suffix: str, *, at: datetime | None = None) -> str:
    stamp = timezone.localtime(at).strftime("%Y%m%d")
    return f"returns-{period.label.replace('/', '-')}-{stamp}.{suffix}"
