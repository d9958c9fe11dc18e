"""The complaints and commendations log as a spreadsheet (XLSX) or CSV, in the columns
`importers.complaints_import` reads back. Text a spreadsheet would run as a formula (starting
=, +, - or @) gets a leading quote; the import takes it off again."""

import csv
import io
from collections.abc import Iterable
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from goldenthread.engagement.models import Complaint
from goldenthread.indicators.excel import neutralise

COLUMNS = [
    ("reference", "Reference"),
    ("kind", "Complaint or commendation"),
    ("service", "Service"),
    ("received_on", "Received on"),
    ("category", "Category"),
    ("summary", "Summary"),
    ("outcome", "Outcome"),
    ("responded_on", "Responded on"),
    ("response_days", "Days to respond"),
    ("learning", "Learning"),
    ("staff_named", "Staff or team named"),
]
READ_ONLY = {"response_days"}


def cells_of(complaint: Complaint) -> list[str | int | date | None]:
    values: dict[str, str | int | date | None] = {
        "reference": complaint.reference,
        "kind": complaint.get_kind_display(),
        "service": complaint.org_unit.name,
        "received_on": complaint.received_on,
        "category": complaint.get_category_display() if complaint.category else "",
        "summary": complaint.summary,
        "outcome": complaint.get_outcome_display() if complaint.outcome else "",
        "responded_on": complaint.responded_on,
        "response_days": complaint.response_days,
        "learning": complaint.learning,
        "staff_named": complaint.staff_named,
    }
    return [
        neutralise(value) if isinstance(value, str) else value
        for value in (values[key] for key, _header in COLUMNS)
    ]


def complaints_xlsx(complaints: Iterable[Complaint]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Complaints"
    sheet.append([header for _key, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for complaint in complaints:
        sheet.append(cells_of(complaint))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "dd/mm/yyyy"
            elif isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def complaints_csv(complaints: Iterable[Complaint]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header for _key, header in COLUMNS])
    for complaint in complaints:
        writer.writerow(
            ["" if v is None else v.isoformat() if isinstance(v, date) else v
             for v in cells_of(complaint)]
        )  # fmt: skip
    return buffer.getvalue()
