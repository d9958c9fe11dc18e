"""Complaints out to XLSX and CSV (formula text neutralised) and back in from CSV, all or
nothing."""

import csv
import io
from datetime import date

from django.core.management import call_command
from openpyxl import load_workbook

from goldenthread.engagement import importers, services
from goldenthread.engagement.models import Complaint


def formula_complaint(council, unit):
    return services.complaint_save(
        complaint=Complaint(
            organisation=council,
            org_unit=unit("Contact Centre"),
            reference="X-1",
            received_on=date(2026, 7, 1),
            category="staff",
            summary='=HYPERLINK("http://evil")',
            learning="@SUM(A1)",
        ),
        user=None,
    )


def test_xlsx_export_neutralises_formulas(council, unit, signed_in):
    formula_complaint(council, unit)
    response = signed_in("head.customer").get("/engagement/complaints/export.xlsx?kind=complaint")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["X-1"][5] == '\'=HYPERLINK("http://evil")'
    assert rows["X-1"][9] == "'@SUM(A1)"
    assert sheet.cell(1, 1).value == "Reference"
    assert all(row[1] == "Complaint" for row in rows.values())


def test_csv_export_neutralises_formulas(council, unit, signed_in):
    formula_complaint(council, unit)
    response = signed_in("head.customer").get("/engagement/complaints/export.csv")
    rows = {row[0]: row for row in csv.reader(io.StringIO(response.content.decode()))}
    assert rows["X-1"][5].startswith("'=")


def csv_bytes(*rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Reference", "Complaint or commendation", "Service", "Received on",
                     "Category", "Summary", "Outcome", "Responded on", "Learning"])  # fmt: skip
    writer.writerows(rows)
    return buffer.getvalue().encode()


def test_import_logs_new_complaints_and_strips_the_export_quote(council):
    result = importers.complaints_import(
        data=csv_bytes(
            [
                "IMP-1",
                "Complaint",
                "Contact Centre",
                "2026-07-01",
                "Delay",
                "'=Slow",
                "Upheld",
                "03/07/2026",
                "Rota changed",
            ],
            ["IMP-2", "Commendation", "Estate Management", "2026-07-02", "", "Lovely", "", "", ""],
        ),  # fmt: skip
        organisation=council,
        user=None,
    )
    assert result.ok, result.errors
    assert (result.created, result.updated) == (2, 0)
    first = Complaint.objects.get(organisation=council, reference="IMP-1")
    assert (first.summary, first.outcome, first.response_days) == ("=Slow", "upheld", 2)


def test_import_is_all_or_nothing_with_errors_by_row_and_column(council):
    result = importers.complaints_import(
        data=csv_bytes(
            ["IMP-1", "Complaint", "Contact Centre", "2026-07-01", "Delay", "Slow", "", "", ""],
            ["IMP-2", "Complaint", "Nowhere", "2026-07-01", "Delay", "Slow", "", "", ""],
            ["IMP-3", "Complaint", "Contact Centre", "1 July", "Delay", "Slow", "", "", ""],
            [
                "IMP-4",
                "Complaint",
                "Contact Centre",
                "2026-07-01",
                "Delay",
                "Slow",
                "Upheld",
                "",
                "",
            ],
        ),  # fmt: skip
        organisation=council,
        user=None,
    )
    reasons = {(e.row, e.column): e.reason for e in result.errors}
    assert "no service called “Nowhere”" in reasons[(3, "Service")]
    assert "is not a date" in reasons[(4, "Received on")]
    assert "Enter the date of the response" in reasons[(5, "Responded on")]
    assert not Complaint.objects.filter(reference__startswith="IMP-").exists()


def test_import_refuses_unknown_columns(council):
    result = importers.complaints_import(data=b"Reference,Colour\nA,red\n", organisation=council,
                                         user=None)  # fmt: skip
    assert any("“Colour” is not a column" in e.reason for e in result.errors)
    assert any("“Service” column is missing" in e.reason for e in result.errors)


def test_import_page_shows_row_errors(signed_in):
    data = csv_bytes(["IMP-9", "Grumble", "Contact Centre", "2026-07-01", "Delay", "x", "", "", ""])
    upload = io.BytesIO(data)
    upload.name = "complaints.csv"
    page = signed_in("performance.officer").post("/engagement/complaints/import/", {"file": upload})
    text = page.content.decode()
    assert "Nothing was imported" in text
    assert "Line 2, Complaint or commendation" in text


def test_command_exports_and_imports_round_trip(council, tmp_path):
    out = tmp_path / "complaints.csv"
    call_command("complaints", "--organisation", council.slug, "export", "--format", "csv",
                 "--out", str(out))  # fmt: skip
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) - 1 == Complaint.objects.filter(organisation=council).count()
    rows[1][5] = "Changed by the command line"
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    out.write_text(buffer.getvalue(), encoding="utf-8")
    call_command("complaints", "--organisation", council.slug, "import", str(out))
    assert Complaint.objects.get(organisation=council, reference=rows[1][0]).summary == (
        "Changed by the command line"
    )
