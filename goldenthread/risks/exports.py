"""Risk registers as a spreadsheet (XLSX) or CSV: one row a risk, in the columns
`importers.risks_import` reads back.

Text a spreadsheet would run as a formula (starting =, +, - or @) gets a leading quote; the
import takes it off again. Scores, bands, appetite, escalation, objectives and controls are
written for reading and ignored by the import. The workbook has a hidden "About" sheet
naming the format and the organisation, so a file from another council is refused.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO, TextIO

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from goldenthread.accounts.models import Organisation
from goldenthread.indicators.excel import neutralise
from goldenthread.risks.models import Register, Risk
from goldenthread.risks.selectors import RiskRow, rows_for, score_bands_for

FORMAT_NAME = "goldenthread-risks"
ABOUT_SHEET = "About"
SHEET = "Risks"
LIST_SEPARATOR = "; "
HEADER_FILL = PatternFill("solid", fgColor="0B5560")
RATINGS = [
    "inherent_likelihood",
    "inherent_impact",
    "residual_likelihood",
    "residual_impact",
    "target_likelihood",
    "target_impact",
]

Cell = str | int | date | None


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    read_only: bool = False  # shown for information; the import ignores it


COLUMNS = [
    Column("reference", "Reference", 12),
    Column("register", "Register", 36),
    Column("kind", "Type", 12),
    Column("title", "Title", 40),
    Column("cause", "Cause", 40),
    Column("event", "Event", 40),
    Column("consequence", "Consequence", 40),
    Column("owner", "Owner", 20),
    Column("unit", "Unit", 24),
    Column("category", "Category", 20),
    Column("inherent_likelihood", "Inherent likelihood", 11),
    Column("inherent_impact", "Inherent impact", 11),
    Column("inherent_score", "Inherent score", 11, read_only=True),
    Column("residual_likelihood", "Residual likelihood", 11),
    Column("residual_impact", "Residual impact", 11),
    Column("residual_score", "Residual score", 11, read_only=True),
    Column("residual_band", "Residual band", 12, read_only=True),
    Column("above_appetite", "Above appetite", 11, read_only=True),
    Column("target_likelihood", "Target likelihood", 11),
    Column("target_impact", "Target impact", 11),
    Column("target_score", "Target score", 11, read_only=True),
    Column("target_date", "Target date", 12),
    Column("identified_on", "Identified on", 12),
    Column("status", "Status", 10),
    Column("closed_on", "Closed on", 12),
    Column("closure_reason", "Reason for closing", 30),
    Column("escalated_from", "Escalated from", 30, read_only=True),
    Column("objectives", "Objectives", 30, read_only=True),
    Column("controls", "Controls", 48, read_only=True),
]
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}


def risks_for_export(organisation: Organisation, register: Register | None) -> QuerySet[Risk]:
    """The register's risks (every register's when None), with what their rows show."""
    risks = Risk.objects.filter(organisation=organisation)
    if register is not None:
        risks = risks.filter(register=register)
    return (
        risks.select_related(
            "organisation", "register", "escalated_from", "owner", "org_unit", "category"
        )
        .prefetch_related("objective_links__objective", "controls")
        .order_by("reference")
    )


def cells_of(row: RiskRow) -> dict[str, Cell]:
    risk = row.risk
    cells: dict[str, Cell] = {
        "reference": risk.reference,
        "register": risk.register.name,
        "kind": risk.get_kind_display(),
        "title": risk.title,
        "cause": risk.cause,
        "event": risk.event,
        "consequence": risk.consequence,
        "owner": risk.owner.username,
        "unit": risk.org_unit.name if risk.org_unit else "",
        "category": risk.category.name if risk.category else "",
        "inherent_score": row.inherent.score,
        "residual_score": row.residual.score,
        "residual_band": row.residual.band.name,
        "above_appetite": "Yes" if row.above_appetite else "No",
        "target_score": row.target.score,
        "target_date": risk.target_date,
        "identified_on": risk.identified_on,
        "status": risk.get_status_display(),
        "closed_on": risk.closed_on,
        "closure_reason": risk.closure_reason,
        "escalated_from": risk.escalated_from.name if risk.escalated_from else "",
        "objectives": LIST_SEPARATOR.join(
            link.objective.code or link.objective.title for link in risk.objective_links.all()
        ),
        "controls": LIST_SEPARATOR.join(
            f"{control.description} ({control.get_effectiveness_display().lower()})"
            for control in risk.controls.all()
        ),
    }
    for name in RATINGS:
        cells[name] = getattr(risk, name)
    return cells


def _rows(risks: Iterable[Risk], organisation: Organisation) -> list[RiskRow]:
    return rows_for(list(risks), score_bands_for(organisation))


def risks_workbook(*, risks: Iterable[Risk], organisation: Organisation, out: BinaryIO) -> None:
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
    rows = _rows(risks, organisation)
    for number, row in enumerate(rows, start=2):
        cells = cells_of(row)
        for index, column in enumerate(COLUMNS, start=1):
            value = cells[column.key]
            cell = sheet.cell(row=number, column=index)
            cell.value = neutralise(value) if isinstance(value, str) else value
            if isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"
    last = max(len(rows) + 1, 2)
    ratings = DataValidation(
        type="whole",
        operator="between",
        formula1="1",
        formula2="5",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Check the rating",
        error="Enter a whole number from 1 to 5.",
    )
    sheet.add_data_validation(ratings)
    for name in RATINGS:
        letter = get_column_letter(COLUMNS.index(COLUMN_BY_KEY[name]) + 1)
        ratings.add(f"{letter}2:{letter}{last}")
    for key, options in (
        ("kind", ",".join(Risk.Kind.labels)),
        ("status", ",".join(Risk.Status.labels)),
    ):
        choice = DataValidation(type="list", formula1=f'"{options}"', allow_blank=True)
        sheet.add_data_validation(choice)
        letter = get_column_letter(COLUMNS.index(COLUMN_BY_KEY[key]) + 1)
        choice.add(f"{letter}2:{letter}{last}")
    sheet.freeze_panes = "B2"
    about = book.create_sheet(ABOUT_SHEET)
    about.sheet_state = "hidden"
    for line in [
        ("Format", FORMAT_NAME),
        ("Organisation", organisation.slug),
        ("Exported at", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
    ]:
        about.append(line)
    book.save(out)


def risks_csv(*, risks: Iterable[Risk], organisation: Organisation, out: TextIO) -> None:
    """The workbook's columns, dates as YYYY-MM-DD."""
    writer = csv.writer(out)
    writer.writerow([column.header for column in COLUMNS])
    for row in _rows(risks, organisation):
        cells = cells_of(row)
        writer.writerow([_csv_cell(cells[column.key]) for column in COLUMNS])


def _csv_cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return neutralise(value)
    return value.isoformat() if isinstance(value, date) else str(value)
