"""Every importer against hostile files: wrong types, missing columns, duplicate rows, unknown
codes, a huge file, the wrong encoding and formulas in cells. Each must write nothing at all
(the rows and their history are counted before and after) and name the row, the column and
the reason. Exports neutralise cells that a spreadsheet would run (= + - @).

Each file starts right (an importer's own export of the demo council, or a few valid rows,
loaded cleanly by a baseline test) and each test breaks one thing.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db.models import Model
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from goldenthread.accounts.models import Organisation
from goldenthread.benchmarking.importers import ImportFailed
from goldenthread.benchmarking.models import ExternalMetric, ExternalValue
from goldenthread.benchmarking.services import benchmarks_import
from goldenthread.delivery import exports as action_exports
from goldenthread.delivery import importers as action_importers
from goldenthread.delivery.models import Action
from goldenthread.indicators.importers import values_import
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.risks import exports as risk_exports
from goldenthread.risks import importers as risk_importers
from goldenthread.risks.models import Risk
from goldenthread.strategy.models import ReportingPeriod

DANGEROUS = ['=HYPERLINK("http://evil.example")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)"]


@dataclass(frozen=True)
class Importer:
    name: str
    model: type[Model]
    run: Callable[..., Any]  # (data=, filename=, organisation=) -> result with .errors
    export: Callable[[Organisation], str]
    max_rows: int
    key: str  # the column that identifies a row
    date: str  # a date column
    person: str  # a column naming a person by username
    required: str  # a column the file cannot do without
    title: str  # a free-text column


def _actions_csv(council: Organisation) -> str:
    out = io.StringIO()
    action_exports.actions_csv(actions=Action.objects.filter(organisation=council), out=out)
    return out.getvalue()


def _risks_csv(council: Organisation) -> str:
    out = io.StringIO()
    risks = risk_exports.risks_for_export(council, None)
    risk_exports.risks_csv(risks=risks, organisation=council, out=out)
    return out.getvalue()


IMPORTERS = [
    Importer(
        "actions",
        Action,
        action_importers.actions_import,
        _actions_csv,
        action_importers.MAX_ROWS,
        key="Reference",
        date="Due",
        person="Lead officer",
        required="Action",
        title="Action",
    ),
    Importer(
        "risks",
        Risk,
        risk_importers.risks_import,
        _risks_csv,
        risk_importers.MAX_ROWS,
        key="Reference",
        date="Target date",
        person="Owner",
        required="Title",
        title="Title",
    ),
]


def _table(text: str) -> tuple[list[str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    return rows[0], rows[1:]


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _counts(importer: Importer) -> tuple[int, int]:
    return importer.model.objects.count(), importer.model.history.count()  # type: ignore[attr-defined]


def _refused(importer: Importer, council: Organisation, data: bytes, filename: str) -> list[Any]:
    """Runs the import, checks nothing was written, and returns the errors."""
    before = _counts(importer)
    result = importer.run(data=data, filename=filename, organisation=council)
    assert result.errors, "the import should have been refused"
    assert _counts(importer) == before, "a refused import wrote rows"
    for error in result.errors:
        assert error.reason.strip(), error
    return result.errors


def _one_row_edit(importer, council, column: str, value: str):  # type: ignore[no-untyped-def]
    header, rows = _table(importer.export(council))
    assert rows, f"the demo has no {importer.name} to export"
    rows[1][header.index(column)] = value
    return header, rows


@pytest.fixture(params=IMPORTERS, ids=lambda importer: importer.name)
def importer(request) -> Importer:  # type: ignore[no-untyped-def]
    return request.param


def test_an_unchanged_export_imports_cleanly(importer, council):  # type: ignore[no-untyped-def]
    # The baseline the other tests break: without it a refusal could be for another reason.
    header, rows = _table(importer.export(council))
    result = importer.run(data=_csv(header, rows), filename="ok.csv", organisation=council)
    assert result.errors == []


def test_a_wrong_type_is_named_by_row_and_column(importer, council):  # type: ignore[no-untyped-def]
    header, rows = _one_row_edit(importer, council, importer.date, "next Tuesday")
    errors = _refused(importer, council, _csv(header, rows), "wrong-type.csv")
    assert any(e.row == 3 and e.column == importer.date for e in errors), errors


def test_a_missing_column_is_named(importer, council):  # type: ignore[no-untyped-def]
    header, rows = _table(importer.export(council))
    gone = header.index(importer.required)
    header = header[:gone] + header[gone + 1 :]
    rows = [row[:gone] + row[gone + 1 :] for row in rows]
    errors = _refused(importer, council, _csv(header, rows), "missing.csv")
    assert any(importer.required.lower() in e.reason.lower() for e in errors), errors


def test_a_duplicate_row_is_named(importer, council):  # type: ignore[no-untyped-def]
    header, rows = _table(importer.export(council))
    rows.append(list(rows[0]))
    errors = _refused(importer, council, _csv(header, rows), "duplicate.csv")
    last = len(rows) + 1
    assert any(e.row == last and e.column == importer.key for e in errors), errors
    assert any(rows[0][header.index(importer.key)] in e.reason for e in errors), errors


def test_an_unknown_person_is_named(importer, council):  # type: ignore[no-untyped-def]
    header, rows = _one_row_edit(importer, council, importer.person, "nobody.at.all")
    errors = _refused(importer, council, _csv(header, rows), "unknown.csv")
    match = [e for e in errors if e.row == 3 and e.column == importer.person]
    assert match and "nobody.at.all" in match[0].reason, errors


def test_a_huge_file_is_refused_before_anything_is_read(importer, council):  # type: ignore[no-untyped-def]
    header, rows = _table(importer.export(council))
    template = rows[0]
    keyed = header.index(importer.key)
    many = [
        [f"HUGE-{n}" if i == keyed else cell for i, cell in enumerate(template)]
        for n in range(importer.max_rows + 1)
    ]
    errors = _refused(importer, council, _csv(header, many), "huge.csv")
    assert any(f"{importer.max_rows:,}" in e.reason for e in errors), errors


def test_the_wrong_encoding_is_named_by_line(importer, council):  # type: ignore[no-untyped-def]
    header, rows = _one_row_edit(importer, council, importer.title, "Café repairs")
    data = _csv(header, rows).decode().encode("cp1252")
    errors = _refused(importer, council, data, "latin.csv")
    assert errors[0].row == 3 and "UTF-8" in errors[0].reason, errors


def test_a_formula_in_a_workbook_cell_is_refused(importer, council):  # type: ignore[no-untyped-def]
    header, rows = _one_row_edit(importer, council, importer.title, "=1+1")
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    errors = _refused(importer, council, out.getvalue(), "formula.xlsx")
    # In a workbook the column is named with its letter, as the spreadsheet shows it.
    letter = get_column_letter(header.index(importer.title) + 1)
    named = f"{importer.title} ({letter})"
    assert any(e.row == 3 and e.column == named and "formula" in e.reason for e in errors), errors


@pytest.mark.parametrize("text", DANGEROUS)
def test_exports_neutralise_cells_a_spreadsheet_would_run(importer, council, text):  # type: ignore[no-untyped-def]
    item = importer.model.objects.filter(organisation=council).order_by("pk").first()
    importer.model.objects.filter(pk=item.pk).update(title=text)
    header, rows = _table(importer.export(council))
    cells = [row[header.index(importer.title)] for row in rows]
    assert text not in cells
    assert "'" + text in cells


# --- historical values (indicators.importers.values_import) ---------------------------------


@pytest.fixture
def values_file(council, tmp_path):  # type: ignore[no-untyped-def]
    """Writes a values CSV from rows of cells, heading first; returns its path."""

    def write(rows: list[list[str]], encoding: str = "utf-8") -> Path:
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        path = tmp_path / "values.csv"
        path.write_bytes(out.getvalue().encode(encoding))
        return path

    return write


def _quarterly_rows(council: Organisation, count: int) -> list[list[str]]:
    """Distinct, valid (indicator, quarter) rows of the demo's quarterly indicators."""
    indicators = Indicator.objects.filter(
        organisation=council, frequency="quarterly", is_qualitative=False, formula=""
    ).order_by("code")
    periods = ReportingPeriod.objects.filter(organisation=council, frequency="quarterly")
    pairs = [(i.code, p.label) for p in periods.order_by("start_date") for i in indicators]
    assert len(pairs) >= count, f"the demo has only {len(pairs)} indicator quarters"
    return [[code, label, "50"] for code, label in pairs[:count]]


def _values_refused(council: Organisation, path: Path) -> list[Any]:
    before = (
        IndicatorReturn.objects.count(),
        IndicatorReturn.history.count(),
        ReportingPeriod.objects.count(),
    )
    result = values_import(path, organisation=council)
    assert result.errors, "the import should have been refused"
    after = (
        IndicatorReturn.objects.count(),
        IndicatorReturn.history.count(),
        ReportingPeriod.objects.count(),
    )
    assert after == before, "a refused import wrote rows"
    return result.errors


def test_values_the_baseline_loads(council, values_file):  # type: ignore[no-untyped-def]
    path = values_file([["code", "period", "value"], *_quarterly_rows(council, 3)])
    assert values_import(path, organisation=council, dry_run=True).errors == []


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("lots", "not a number"), ("=1+1", "not a number")],
    ids=["text", "formula"],
)
def test_values_a_wrong_type_is_named(council, values_file, cell, reason):  # type: ignore[no-untyped-def]
    rows = _quarterly_rows(council, 3)
    rows[1][2] = cell
    errors = _values_refused(council, values_file([["code", "period", "value"], *rows]))
    assert any(e.row == 3 and e.column == "value" and reason in e.reason for e in errors), errors


def test_values_a_missing_column_is_named(council, values_file):  # type: ignore[no-untyped-def]
    rows = [row[:2] for row in _quarterly_rows(council, 3)]
    errors = _values_refused(council, values_file([["code", "period"], *rows]))
    assert any(e.row == 1 and e.column == "value" and "missing" in e.reason for e in errors)


def test_values_a_duplicate_row_is_named(council, values_file):  # type: ignore[no-untyped-def]
    rows = _quarterly_rows(council, 3)
    rows.append(list(rows[0]))
    errors = _values_refused(council, values_file([["code", "period", "value"], *rows]))
    assert any(e.row == 5 for e in errors), errors


def test_values_an_unknown_code_is_named(council, values_file):  # type: ignore[no-untyped-def]
    rows = _quarterly_rows(council, 3)
    rows[2][0] = "PI-NOPE-99"
    errors = _values_refused(council, values_file([["code", "period", "value"], *rows]))
    match = [e for e in errors if e.row == 4 and e.column == "code"]
    assert match and "PI-NOPE-99" in match[0].reason, errors


def test_values_a_large_file_with_one_bad_last_row_writes_nothing(council, values_file):  # type: ignore[no-untyped-def]
    rows = _quarterly_rows(council, 1000)
    rows[-1][2] = "n/a"
    errors = _values_refused(council, values_file([["code", "period", "value"], *rows]))
    assert [(e.row, e.column) for e in errors] == [(len(rows) + 1, "value")]


def test_values_the_wrong_encoding_is_named_by_line(council, values_file):  # type: ignore[no-untyped-def]
    rows = [[*row, ""] for row in _quarterly_rows(council, 3)]
    rows[1][3] = "Café closed for repairs"
    path = values_file([["code", "period", "value", "commentary"], *rows], encoding="cp1252")
    errors = _values_refused(council, path)
    assert errors[0].row == 3 and "UTF-8" in errors[0].reason, errors


# --- published benchmarks (benchmarking.services.benchmarks_import, tidy CSV) ----------------

TIDY_HEADER = "Area code,Period,Indicator,Value,Unit,Title,Polarity"
TIDY_FIRST = "E06000004,2022-23,UNEMP,3.9,%,Unemployment rate,Below target is positive"
TIDY_SECOND = "E06000005,2022-23,UNEMP,4.4,,,"


def _tidy_refused(tmp_path: Path, lines: list[str], encoding: str = "utf-8") -> list[str]:
    path = tmp_path / "nomis.csv"
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    before = (ExternalValue.objects.count(), ExternalMetric.objects.count())
    with pytest.raises(ImportFailed) as failure:
        benchmarks_import(paths=[path], fmt="tidy", source_name="NOMIS")
    assert (ExternalValue.objects.count(), ExternalMetric.objects.count()) == before
    return [str(error) for error in failure.value.errors]


def test_benchmarks_the_baseline_loads(db, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "nomis.csv"
    path.write_text("\n".join([TIDY_HEADER, TIDY_FIRST, TIDY_SECOND]) + "\n")
    result = benchmarks_import(paths=[path], fmt="tidy", source_name="NOMIS", dry_run=True)
    assert result.skipped == []


@pytest.mark.parametrize("cell", ["lots", "=1+1"], ids=["text", "formula"])
def test_benchmarks_a_wrong_type_is_named(db, tmp_path, cell):  # type: ignore[no-untyped-def]
    second = TIDY_SECOND.replace("4.4", cell)
    problems = _tidy_refused(tmp_path, [TIDY_HEADER, TIDY_FIRST, second])
    assert any(p.startswith("nomis.csv, row 3, column Value:") for p in problems), problems


def test_benchmarks_a_missing_column_is_named(db, tmp_path):  # type: ignore[no-untyped-def]
    def without_value(line: str) -> str:
        cells = line.split(",")
        return ",".join(cells[:3] + cells[4:])

    lines = [without_value(line) for line in (TIDY_HEADER, TIDY_FIRST, TIDY_SECOND)]
    problems = _tidy_refused(tmp_path, lines)
    assert any("missing column" in p and "value" in p for p in problems), problems


def test_benchmarks_a_duplicate_row_is_named(db, tmp_path):  # type: ignore[no-untyped-def]
    problems = _tidy_refused(tmp_path, [TIDY_HEADER, TIDY_FIRST, TIDY_SECOND, TIDY_SECOND])
    assert any(p.startswith("nomis.csv, row 4, column Period:") for p in problems), problems


def test_benchmarks_an_unknown_area_code_is_named(db, tmp_path):  # type: ignore[no-untyped-def]
    second = TIDY_SECOND.replace("E06000005", "E06999999")
    problems = _tidy_refused(tmp_path, [TIDY_HEADER, TIDY_FIRST, second])
    match = [p for p in problems if p.startswith("nomis.csv, row 3, column Area code:")]
    assert match and "E06999999" in match[0], problems


def test_benchmarks_a_large_file_with_one_bad_last_row_writes_nothing(db, tmp_path):  # type: ignore[no-untyped-def]
    codes = Organisation.objects.filter(gss_code__startswith="E").values_list("gss_code", flat=True)
    years = [f"{year}-{str(year + 1)[-2:]}" for year in range(2015, 2023)]
    rows = [f"{code},{year},UNEMP,4.4,,," for year in years for code in sorted(codes)]
    lines = [TIDY_HEADER, TIDY_FIRST.replace("2022-23", "2010-11"), *rows]
    assert len(lines) > 1000
    lines[-1] = lines[-1].replace("4.4", "n/a")
    problems = _tidy_refused(tmp_path, lines)
    assert len(problems) == 1 and problems[0].startswith(
        f"nomis.csv, row {len(lines)}, column Value:"
    ), problems


def test_benchmarks_the_wrong_encoding_is_refused(db, tmp_path):  # type: ignore[no-untyped-def]
    lines = [TIDY_HEADER, TIDY_FIRST.replace("Unemployment", "Chômage"), TIDY_SECOND]
    problems = _tidy_refused(tmp_path, lines, encoding="cp1252")
    assert problems == ["nomis.csv: is not UTF-8 text"]
