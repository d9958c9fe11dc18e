"""Reports as Excel workbooks: a contents sheet, then one sheet a section. Each sheet starts
with the section's title and summary; its tables follow, each with a caption and a bold
header row, and the panes are frozen below the first header row. Indicator entries become
one table, a row an indicator. Numbers are numbers, formatted in the indicator's unit and
decimal places; text a spreadsheet would run as a formula is quoted (CSV injection).
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from goldenthread.indicators.excel import neutralise
from goldenthread.reporting.blocks import (
    BulletList,
    Cell,
    Heading,
    IndicatorEntry,
    Paragraph,
    RagSummary,
    Report,
    Section,
    Table,
)
from goldenthread.reporting.render.labels import (
    assurance_label,
    cell_text,
    direction_label,
    rag_label,
    variation_label,
)

HEADER_FILL = PatternFill("solid", fgColor="DCE8EA")
TITLE = Font(bold=True, size=14)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CONTENTS = "Contents"
# (header, width) of the indicator table
INDICATOR_COLUMNS = [
    ("Code", 12),
    ("Indicator", 45),
    ("Period", 10),
    ("Value", 12),
    ("Target", 12),
    ("Target as set", 16),
    ("Unit", 14),
    ("Status", 12),
    ("Since the previous period", 16),
    ("Since the same period last year", 16),
    ("Variation (SPC)", 28),
    ("Assurance (SPC)", 28),
    ("Forecast", 40),
    ("Why it needs attention", 40),
    ("Commentary", 60),
    ("Remedial action", 60),
    ("Lead officer", 20),
    ("Service", 24),
]
UNITS = {
    "percent": "Percentage (%)",
    "number": "Number",
    "currency": "Pounds (£)",
    "days": "Days",
    "rate_1000": "Rate per 1,000",
    "rate_100000": "Rate per 100,000",
    "ratio": "Ratio",
    "score": "Score",
}


def number_format(unit: str, decimal_places: int) -> str:
    """87.5 in a percentage column shows as 87.5%, without being divided by 100."""
    base = "#,##0" + ("." + "0" * decimal_places if decimal_places else "")
    if unit == "percent":
        return base + '"%"'
    if unit == "currency":
        return '"£"' + base
    return base


def render_xlsx(report: Report) -> bytes:
    book = Workbook()
    contents = book.active
    assert contents is not None
    contents.title = CONTENTS
    used = {CONTENTS.lower()}
    names = [_sheet_name(section.title, used) for section in report.sections]
    _contents(contents, report, names)
    for name, section in zip(names, report.sections, strict=True):
        _section(book.create_sheet(name), section)
    book.properties.title = f"{report.title}: {report.subtitle}"
    book.properties.creator = report.organisation
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """Unique, within Excel's 31 characters and without []:*?/\\."""
    cleaned = "".join(" " if char in "[]:*?/\\" else char for char in title).strip()[:31]
    name, number = cleaned or "Section", 2
    while name.lower() in used:
        suffix = f" ({number})"
        name, number = cleaned[: 31 - len(suffix)] + suffix, number + 1
    used.add(name.lower())
    return name


class _Writer:
    """Writes a sheet top to bottom, remembering the first header row to freeze below."""

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.row = 1
        self.frozen = False
        self.widths: dict[int, float] = {}

    def text(self, value: str, *, font: Font | None = None) -> None:
        cell = self.sheet.cell(row=self.row, column=1, value=neutralise(value))
        if font is not None:
            cell.font = font
        self.row += 1

    def gap(self) -> None:
        self.row += 1

    def header(self, headers: list[tuple[str, float]]) -> None:
        for column, (text, width) in enumerate(headers, start=1):
            cell = self.sheet.cell(row=self.row, column=column, value=neutralise(text))
            cell.font = BOLD
            cell.fill = HEADER_FILL
            cell.alignment = WRAP
            self.widths[column] = max(self.widths.get(column, 0), width)
        if not self.frozen:
            self.sheet.freeze_panes = f"A{self.row + 1}"
            self.frozen = True
        self.row += 1

    def values(self, values: list[object], formats: list[str | None] | None = None) -> None:
        for column, value in enumerate(values, start=1):
            cell = self.sheet.cell(
                row=self.row,
                column=column,
                value=neutralise(value) if isinstance(value, str) else value,
            )
            if formats and formats[column - 1]:
                cell.number_format = formats[column - 1]
            if isinstance(value, str) and len(value) > 40:
                cell.alignment = WRAP
        self.row += 1

    def finish(self) -> None:
        for column, width in self.widths.items():
            self.sheet.column_dimensions[get_column_letter(column)].width = width


def _contents(sheet: Worksheet, report: Report, names: list[str]) -> None:
    writer = _Writer(sheet)
    writer.text(report.title, font=TITLE)
    for line in (report.subtitle, report.organisation, f"Produced {report.generated_at}"):
        writer.text(line)
    for note in report.notes:
        writer.text(note)
    writer.gap()
    writer.header([("Sheet", 32), ("Section", 40), ("Summary", 90)])
    for name, section in zip(names, report.sections, strict=True):
        writer.values([name, section.title, section.summary])
        sheet.cell(row=writer.row - 1, column=1).hyperlink = f"#'{name}'!A1"
    writer.finish()


def _section(sheet: Worksheet, section: Section) -> None:
    writer = _Writer(sheet)
    writer.text(section.title, font=TITLE)
    if section.summary:
        writer.text(section.summary)
    entries: list[IndicatorEntry] = []
    for block in [*section.blocks, None]:
        if isinstance(block, IndicatorEntry):
            entries.append(block)
            continue
        if entries:
            writer.gap()
            _entries(writer, entries)
            entries = []
        if block is None:
            break
        writer.gap()
        if isinstance(block, Heading):
            writer.text(block.text, font=Font(bold=True, size=12))
        elif isinstance(block, Paragraph):
            writer.text(block.text)
        elif isinstance(block, BulletList):
            for item in block.items:
                writer.text(f"• {item}")
        elif isinstance(block, Table):
            _table(writer, block)
        elif isinstance(block, RagSummary):
            _rag_summary(writer, block)
    writer.finish()


def _cell_value(cell: Cell, kind: str) -> object:
    if kind == "number" and cell.number is not None:
        return cell.number
    return cell_text(cell, kind) if kind in ("rag", "direction") else cell.text


def _table(writer: _Writer, table: Table) -> None:
    writer.text(table.caption, font=BOLD)
    writer.header(
        [(column.header, 40 if index == 0 else 16) for index, column in enumerate(table.columns)]
    )
    for row in table.rows:
        writer.values(
            [
                _cell_value(cell, column.kind)
                for cell, column in zip(row, table.columns, strict=True)
            ],
            [
                number_format(cell.unit, cell.decimal_places)
                if column.kind == "number" and cell.number is not None
                else None
                for cell, column in zip(row, table.columns, strict=True)
            ],
        )


def _rag_summary(writer: _Writer, summary: RagSummary) -> None:
    writer.text(summary.caption, font=BOLD)
    headers = ["Name", "Red", "Amber", "Green", "No data", "No target", "Not assessed", "Total"]
    writer.header(
        [(header, 40 if header == "Name" else 12) for header in headers]
        + [("Green of those assessed", 14)]
    )
    for row in [*summary.rows, *([summary.total] if summary.total else [])]:
        counts = row.counts
        green = counts.percent_green
        writer.values(
            [
                row.name,
                counts.red,
                counts.amber,
                counts.green,
                counts.no_data,
                counts.no_target,
                counts.not_assessed,
                counts.total,
                None if green is None else green / 100,
            ],
            [None] * 8 + ["0%"],
        )


def _entries(writer: _Writer, entries: list[IndicatorEntry]) -> None:
    writer.header(INDICATOR_COLUMNS)
    for entry in entries:
        shown = number_format(entry.unit, entry.decimal_places)
        writer.values(
            [
                entry.code,
                entry.title,
                entry.period,
                entry.value_text if entry.is_qualitative else entry.value,
                entry.target,
                entry.target_text,
                UNITS.get(entry.unit, entry.unit),
                rag_label(entry.rag),
                direction_label(entry.since_previous),
                direction_label(entry.since_last_year),
                variation_label(entry.variation),
                assurance_label(entry.assurance),
                entry.forecast_text,
                "; ".join(entry.attention),
                entry.commentary,
                entry.remedial_action,
                entry.owner,
                entry.service,
            ],
            [None, None, None, shown, shown] + [None] * 13,
        )
