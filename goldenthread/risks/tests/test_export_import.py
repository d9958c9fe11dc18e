"""`goldenthread risks export` and `import`: the register to a file and back, all or nothing,
with every problem reported by row, column and reason."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from goldenthread.risks.exports import COLUMNS
from goldenthread.risks.importers import risks_import
from goldenthread.risks.models import Risk
from goldenthread.risks.tests.factories import DNS, make_risk, register, risk

HEADERS = [column.header for column in COLUMNS]


def export(tmp_path: Path, register_name: str = "corporate", fmt: str = "csv") -> Path:
    out = tmp_path / f"risks.{fmt}"
    call_command("risks", "export", "--register", register_name, "--format", fmt,
                 "--out", str(out), stdout=io.StringIO())  # fmt: skip
    return out


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def write_csv(path: Path, rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path.read_bytes()


class TestExport:
    def test_the_corporate_register_as_a_workbook(self, council, tmp_path):
        book = load_workbook(export(tmp_path, "corporate", "xlsx"))
        sheet = book["Risks"]
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == HEADERS
        on_register = Risk.objects.filter(register=register(council))
        assert len(rows) - 1 == on_register.count()
        by_reference = {row[0]: dict(zip(HEADERS, row, strict=True)) for row in rows[1:]}
        budget = risk("CR-01")
        cells = by_reference["CR-01"]
        assert (cells["Residual likelihood"], cells["Residual impact"]) == (4, 4)
        assert (cells["Residual score"], cells["Residual band"], cells["Above appetite"]) == (
            16, "High", "Yes",
        )  # fmt: skip
        assert cells["Owner"] == budget.owner.username
        assert cells["Escalated from"] is None or cells["Escalated from"] == ""
        assert by_reference["DNS-03"]["Escalated from"].startswith("Development")
        assert book["About"].sheet_state == "hidden"

    def test_a_register_by_name_as_csv(self, council, tmp_path):
        rows = read_csv(export(tmp_path, "Resources risk register"))
        expected = Risk.objects.filter(register=register(council, "Resources"))
        assert sorted(row["Reference"] for row in rows) == sorted(r.reference for r in expected)

    def test_formula_like_text_is_neutralised(self, council, tmp_path):
        make_risk(council, "T-01", on=register(council), title="=HYPERLINK(\"http://x\")",
                  cause="+44 call", event="-1 budget", consequence="@mention")  # fmt: skip
        [row] = [row for row in read_csv(export(tmp_path)) if row["Reference"] == "T-01"]
        assert row["Title"] == '\'=HYPERLINK("http://x")'
        assert (row["Cause"], row["Event"], row["Consequence"]) == (
            "'+44 call", "'-1 budget", "'@mention",
        )  # fmt: skip

    def test_an_unknown_register_is_refused_with_the_choices(self, council, tmp_path):
        with pytest.raises(CommandError, match="There is no register 'Nowhere'. The registers"):
            export(tmp_path, "Nowhere")


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_an_export_imports_back_unchanged(self, council, tmp_path, fmt):
        make_risk(council, "T-01", on=register(council), title="=SUM(A1:A2) for fun")
        path = export(tmp_path, "all", fmt)
        result = risks_import(data=path.read_bytes(), filename=path.name, organisation=council)
        assert result.ok, result.errors
        assert (result.created, result.updated) == (0, 0)
        assert result.unchanged == Risk.objects.filter(organisation=council).count()
        assert risk("T-01").title == "=SUM(A1:A2) for fun"

    def test_changed_and_new_rows_are_saved(self, council, tmp_path):
        path = export(tmp_path, DNS + " risk register")
        rows = read_csv(path)
        voids = next(row for row in rows if row["Reference"] == "DNS-01")
        voids["Residual likelihood"] = "5"
        rows.append(voids | {"Reference": "DNS-50", "Title": "Lift failures in tower blocks",
                             "Identified on": "", "Status": ""})  # fmt: skip
        data = write_csv(path, rows)
        result = risks_import(data=data, filename="risks.csv", organisation=council)
        assert result.ok, result.errors
        assert (result.created, result.updated) == (1, 1)
        assert risk("DNS-01").residual_likelihood == 5
        added = risk("DNS-50")
        assert (added.register, added.title, added.status) == (
            register(council, DNS), "Lift failures in tower blocks", "open",
        )  # fmt: skip
        assert added.history.first().history_change_reason == "Imported from risks.csv"

    def test_a_dry_run_writes_nothing(self, council, tmp_path):
        path = export(tmp_path)
        rows = read_csv(path)
        rows[0]["Title"] = "Changed title"
        out = io.StringIO()
        write_csv(path, rows)
        call_command("risks", "import", str(path), "--dry-run", stdout=out)
        assert "0 new, 1 changed" in out.getvalue() and "would be imported" in out.getvalue()
        assert not Risk.objects.filter(title="Changed title").exists()


class TestAllOrNothing:
    def test_every_bad_row_is_reported_and_nothing_is_written(self, council, tmp_path):
        path = export(tmp_path)
        rows = read_csv(path)
        rows[0]["Title"] = "A good change"  # row 2
        rows[1]["Residual likelihood"] = "7"  # row 3
        rows[2]["Owner"] = "nobody.here"  # row 4
        rows[3]["Register"] = "The moon register"  # row 5
        rows[4]["Status"] = "Closed"  # row 6: no closing date or reason
        rows[5]["Target date"] = "next spring"  # row 7
        rows.append(rows[6] | {})  # the last row repeats row 8's reference
        data = write_csv(path, rows)
        result = risks_import(data=data, filename="risks.csv", organisation=council)
        found = {(error.row, error.column, error.reason) for error in result.errors}
        reference = rows[6]["Reference"]
        assert found == {
            (3, "Residual likelihood", "7 is outside the scale: enter a whole number from 1 to 5."),
            (4, "Owner", "There is no one called “nobody.here”: use their username."),
            (5, "Register", "There is no register called “The moon register”."),
            (6, "Closed on", "Enter the date the risk was closed."),
            (6, "Reason for closing", "Say why the risk is being closed."),
            (7, "Target date", "“next spring” is not a date: use YYYY-MM-DD, such as 2026-03-31."),
            (len(rows) + 1, "Reference", f"{reference} appears twice: also on row 8."),
        }
        assert all(error.sheet == "risks.csv" for error in result.errors)
        assert not Risk.objects.filter(title="A good change").exists()

    def test_a_risk_cannot_change_register_by_import(self, council, tmp_path):
        path = export(tmp_path)
        rows = read_csv(path)
        row = next(r for r in rows if r["Reference"] == "CR-01")
        row["Register"] = "Resources risk register"
        result = risks_import(data=write_csv(path, rows), filename="r.csv", organisation=council)
        [error] = result.errors
        assert error.column == "Register"
        assert "move it between registers by escalating or de-escalating it" in error.reason
        assert risk("CR-01").register == register(council)

    def test_workbook_errors_name_the_column_letter(self, council, tmp_path):
        path = export(tmp_path, "corporate", "xlsx")
        book = load_workbook(path)
        book["Risks"]["N2"] = "often"  # Residual likelihood
        book.save(path)
        result = risks_import(data=path.read_bytes(), filename=path.name, organisation=council)
        [error] = result.errors
        assert (error.sheet, error.row, error.column) == ("Risks", 2, "Residual likelihood (N)")
        assert error.reason == "“often” is not a rating: enter a whole number from 1 to 5."

    def test_unknown_and_missing_columns_are_refused(self, council):
        data = b"Reference,Title,Colour\nCR-01,Budget,Red\n"
        result = risks_import(data=data, filename="r.csv", organisation=council)
        reasons = [error.reason for error in result.errors]
        assert any("“Colour” is not a column of the risk register export" in r for r in reasons)
        assert any(r.startswith("Required column missing") and "Owner" in r for r in reasons)

    def test_a_file_from_another_council_is_refused(self, council, other_council, tmp_path):
        path = export(tmp_path, "corporate", "xlsx")
        result = risks_import(data=path.read_bytes(), filename="r.xlsx", organisation=other_council)
        assert [e.reason for e in result.errors] == [
            "This file was exported for another organisation."
        ]

    def test_the_command_reports_each_problem_and_fails(self, council, tmp_path):
        path = export(tmp_path)
        rows = read_csv(path)
        rows[0]["Inherent impact"] = "0"
        write_csv(path, rows)
        errors = io.StringIO()
        with pytest.raises(CommandError, match="Nothing was imported: 1 problem to put right."):
            call_command("risks", "import", str(path), stderr=errors, stdout=io.StringIO())
        assert "risks.csv, row 2, column Inherent impact: 0 is outside the scale" in (
            errors.getvalue()
        )
