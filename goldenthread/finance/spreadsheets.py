"""Budget monitoring as XLSX or CSV, and the import of budget lines.

Exported text a spreadsheet would run as a formula gets a leading quote (CSV injection).
The import reads every row first and writes nothing unless every row is good; each problem
names the row, the column and the reason.
"""

import csv
import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.finance.models import BudgetLine
from goldenthread.finance.selectors import Judged
from goldenthread.indicators.excel import neutralise
from goldenthread.strategy.models import Objective, ReportingPeriod, Theme

MONITORING_HEADERS = [
    "Unit",
    "Period",
    "Budget (£)",
    "Forecast outturn (£)",
    "Variance (£)",
    "Variance (%)",
    "RAG",
    "Status",
    "Commentary",
    "Management action",
]
LINE_HEADERS = [
    "Cost centre",
    "Title",
    "Unit",
    "Category",
    "Year",
    "Net budget",
    "Theme",
    "Objective",
]


def _cell(value: object) -> object:
    return neutralise(value) if isinstance(value, str) else value


def monitoring_table(rows: list[Judged], period: ReportingPeriod) -> list[list[object]]:
    table: list[list[object]] = [MONITORING_HEADERS]
    for judged in rows:
        budget_return = judged.row.budget_return
        table.append(
            [
                _cell(judged.row.unit.name),
                period.label,
                judged.row.budget,
                budget_return.forecast if budget_return else None,
                judged.variance.amount if judged.variance else None,
                judged.variance.percent if judged.variance else None,
                judged.rag.value,
                budget_return.get_status_display() if budget_return else "Not started",
                _cell(budget_return.commentary) if budget_return else "",
                _cell(budget_return.management_action) if budget_return else "",
            ]
        )
    return table


def monitoring_xlsx(rows: list[Judged], period: ReportingPeriod) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Budget monitoring"
    for row in monitoring_table(rows, period):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEFGHIJ", [28, 10, 14, 16, 14, 12, 8, 12, 50, 50], strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def monitoring_csv(rows: list[Judged], period: ReportingPeriod) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in monitoring_table(rows, period):
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


# Import --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _read_rows(upload: BinaryIO, name: str) -> list[list[str]]:
    if name.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a damaged file
            raise ValidationError("The file is not a readable XLSX workbook.") from error
        sheet = workbook.worksheets[0]
        return [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("The CSV file must be saved as UTF-8.") from error
    return [[v.strip() for v in row] for row in csv.reader(io.StringIO(text))]


def _unquote(text: str) -> str:
    """Takes off the quote an export puts before text that looks like a formula."""
    return text[1:] if text.startswith("'") and text[1:2] in "=+-@" else text


@transaction.atomic
def budget_lines_import(
    *, organisation: Organisation, upload: BinaryIO, filename: str, user: User
) -> ImportResult:
    """Creates or updates budget lines (keyed by cost centre and year). All or nothing."""
    if not permissions.can_manage_finance(user, organisation):
        raise ValidationError("Only the finance service and performance admins import budgets.")
    rows = _read_rows(upload, filename)
    if not rows or [h.lower() for h in rows[0][: len(LINE_HEADERS)]] != [
        h.lower() for h in LINE_HEADERS
    ]:
        raise ValidationError(f"The first row must be the headings: {', '.join(LINE_HEADERS)}.")
    units = {u.name.lower(): u for u in OrgUnit.objects.filter(organisation=organisation)}
    themes = {
        t.title.lower(): t
        for t in Theme.objects.filter(organisation=organisation, plan__kind="council_plan")
    }
    objectives = {o.code.lower(): o for o in Objective.objects.filter(organisation=organisation)}
    categories = {label.lower(): value for value, label in BudgetLine.Category.choices}
    categories.update({value: value for value in BudgetLine.Category.values})
    errors: list[str] = []
    parsed: list[dict] = []
    seen: set[tuple[str, int]] = set()
    for number, raw in enumerate(rows[1:], start=2):
        if not any(raw):
            continue
        cells = [_unquote(v) for v in (raw + [""] * len(LINE_HEADERS))[: len(LINE_HEADERS)]]
        code, title, unit_name, category, year_text, amount_text, theme, objective = cells
        problems = []
        if not code:
            problems.append("Cost centre: enter the cost centre code")
        if not title:
            problems.append("Title: enter the budget line's title")
        unit = units.get(unit_name.lower())
        if unit is None:
            problems.append(f"Unit: there is no unit called “{unit_name}”")
        if category.lower() not in categories:
            problems.append(f"Category: “{category}” is not one of the categories")
        try:
            year = int(float(year_text))
            if not 2000 <= year <= 2100:
                raise ValueError
        except ValueError:
            year = 0
            problems.append(f"Year: “{year_text}” is not a year such as 2026")
        try:
            amount = Decimal(amount_text.replace(",", "").replace("£", ""))
            if not amount.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            amount = Decimal(0)
            problems.append(f"Net budget: “{amount_text}” is not an amount in pounds")
        if theme and theme.lower() not in themes:
            problems.append(f"Theme: there is no Council Plan theme called “{theme}”")
        if objective and objective.lower() not in objectives:
            problems.append(f"Objective: there is no objective with the code “{objective}”")
        if (code, year) in seen:
            problems.append(f"Cost centre: {code} appears twice for {year}")
        seen.add((code, year))
        if problems:
            errors.extend(f"Row {number}: {problem}." for problem in problems)
            continue
        parsed.append(
            {
                "code": code,
                "year": year,
                "defaults": {
                    "title": title,
                    "org_unit": unit,
                    "category": categories[category.lower()],
                    "amount": amount.quantize(Decimal("0.01")),
                    "theme": themes.get(theme.lower()) if theme else None,
                    "objective": objectives.get(objective.lower()) if objective else None,
                },
            }
        )
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError("The file has no budget lines below its headings.")
    created = updated = 0
    for row in parsed:
        line = BudgetLine.objects.filter(
            organisation=organisation, code=row["code"], year=row["year"]
        ).first() or BudgetLine(organisation=organisation, code=row["code"], year=row["year"])
        is_new = line.pk is None
        for name, value in row["defaults"].items():
            setattr(line, name, value)
        line.full_clean()
        line.save()
        created += is_new
        updated += not is_new
    return ImportResult(created, updated)
