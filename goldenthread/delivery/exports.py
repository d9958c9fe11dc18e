"""Actions as a spreadsheet (XLSX) or CSV: one row an action, in the columns
`importers.actions_import` reads back.

Text a spreadsheet would run as a formula gets a leading quote (CSV injection); the import
takes it off again. The workbook has a hidden "About" sheet naming the format and the
organisation, so a file from another council is refused.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, TextIO

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from goldenthread.accounts.models import Organisation
from goldenthread.delivery.models import Action
from goldenthread.indicators.excel import neutralise

FORMAT_NAME = "goldenthread-actions"
ABOUT_SHEET = "About"
SHEET = "Actions"
LIST_SEPARATOR = "; "
HEADER_FILL = PatternFill("solid", fgColor="0B5560")


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    read_only: bool = False  # shown for information; the import ignores it


COLUMNS = [
    Column("code", "Reference", 12),
    Column("title", "Action", 48),
    Column("description", "Description", 40),
    Column("plan", "Plan", 36),
    Column("theme", "Theme", 20),
    Column("lead", "Lead officer", 20),
    Column("unit", "Unit", 24),
    Column("start_date", "Starts", 12),
    Column("due_date", "Due", 12),
    Column("original_due_date", "Originally due", 14, read_only=True),
    Column("progress", "Progress (%)", 12),
    Column("status", "Status", 12, read_only=True),
    Column("objectives", "Objectives", 40),
    Column("indicators", "Indicators", 24),
    Column("source", "Source", 20, read_only=True),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def cells_of(action: Action, today: date) -> dict[str, str | int | date | None]:
    """The action's row; objectives are named by reference, else by title."""
    objectives = [link.objective for link in action.objective_links.all()]
    return {
        "code": action.code,
        "title": action.title,
        "description": action.description,
        "plan": action.plan.title if action.plan else "",
        "theme": action.theme.title if action.theme else "",
        "lead": action.lead.username if action.lead else "",
        "unit": action.org_unit.name if action.org_unit else "",
        "start_date": action.start_date,
        "due_date": action.due_date,
        "original_due_date": action.original_due_date,
        "progress": action.progress,
        "status": action.status_on(today).label,
        "objectives": LIST_SEPARATOR.join(o.code or o.title for o in objectives),
        "indicators": LIST_SEPARATOR.join(
            link.indicator.code for link in action.indicator_links.all()
        ),
        "source": action.get_source_kind_display(),
    }


def actions_workbook(
    *, actions: Iterable[Action], organisation: Organisation, out: BinaryIO
) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append([column.header for column in COLUMNS])
    for index, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    today = timezone.localdate()
    for number, action in enumerate(actions, start=2):
        cells = cells_of(action, today)
        for index, column in enumerate(COLUMNS, start=1):
            value = cells[column.key]
            cell = sheet.cell(row=number, column=index)
            cell.value = neutralise(value) if isinstance(value, str) else value
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "C2"
    about = book.create_sheet(ABOUT_SHEET)
    about.sheet_state = "hidden"
    for row in [
        ("Format", FORMAT_NAME),
        ("Organisation", organisation.slug),
        ("Exported at", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]:
        about.append(row)
    book.save(out)


def actions_csv(*, actions: Iterable[Action], out: TextIO) -> None:
    """The workbook's columns, dates as YYYY-MM-DD."""
    writer = csv.writer(out)
    writer.writerow([column.header for column in COLUMNS])
    today = timezone.localdate()
    for action in actions:
        cells = cells_of(action, today)
        writer.writerow([_csv_cell(cells[column.key]) for column in COLUMNS])


def _csv_cell(value: str | int | date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value.isoformat() if isinstance(value, date) else str(value)
