import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from goldenthread.finance import selectors, services, spreadsheets
from goldenthread.finance.models import BudgetLine, BudgetReturn


@pytest.fixture
def formula_return(unit, person, next_quarter):  # type: ignore[no-untyped-def]
    housing = unit("Housing")
    budget = services.unit_budget(housing, next_quarter.year)
    return services.budget_return_save(
        budget_return=BudgetReturn(org_unit=housing, period=next_quarter, budget=0, forecast=0),
        data=services.BudgetReturnData(
            forecast=budget, commentary='=HYPERLINK("http://evil")', management_action="@SUM(1)"
        ),
        user=person("head.housing"),
    )


def test_xlsx_export_neutralises_formulas(signed_in, formula_return, next_quarter):
    response = signed_in("cllr.scrutiny").get(f"/finance/monitoring/{next_quarter.pk}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    housing = rows["Housing"]
    assert housing[8] == '\'=HYPERLINK("http://evil")'
    assert housing[9] == "'@SUM(1)"
    assert housing[2] == float(formula_return.budget)


def test_csv_export(signed_in, formula_return, next_quarter):
    response = signed_in("head.housing").get(f"/finance/monitoring/{next_quarter.pk}/export.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Unit", "Period", "Budget (£)", "Forecast outturn (£)"]
    housing = next(row for row in rows if row[0] == "Housing")
    assert housing[8].startswith("'=")
    assert (
        signed_in("head.housing")
        .get(f"/finance/monitoring/{next_quarter.pk}/export.pdf")
        .status_code
        == 404
    )


def csv_upload(rows: list[list[str]]) -> io.BytesIO:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([spreadsheets.LINE_HEADERS, *rows])
    return io.BytesIO(buffer.getvalue().encode())


def test_import_creates_and_updates(council, person):
    year = selectors.financial_year(council)
    upload = csv_upload(
        [
            ["HSG01", "Housing staffing", "Housing", "Employees", str(year), "3,500,000", "", ""],
            [
                "HSG09",
                "Homelessness prevention fund",
                "Housing",
                "supplies",
                str(year),
                "£250000",
                "Safety and social well-being",
                "CP-SAF-1",
            ],
        ]
    )
    result = spreadsheets.budget_lines_import(
        organisation=council, upload=upload, filename="lines.csv", user=person("head.finance")
    )
    assert (result.created, result.updated) == (1, 1)
    assert BudgetLine.objects.get(code="HSG01", year=year).amount == Decimal("3500000.00")
    new = BudgetLine.objects.get(code="HSG09", year=year)
    assert new.objective.code == "CP-SAF-1" and new.theme.title == "Safety and social well-being"


def test_import_is_atomic_and_names_row_and_column(council, person):
    year = selectors.financial_year(council)
    before = BudgetLine.objects.get(code="HSG01", year=year).amount
    upload = csv_upload(
        [
            ["HSG01", "Housing staffing", "Housing", "Employees", str(year), "1", "", ""],
            ["X1", "Mystery", "Nowhere", "Employees", str(year), "ten pounds", "", ""],
        ]
    )
    with pytest.raises(ValidationError) as caught:
        spreadsheets.budget_lines_import(
            organisation=council, upload=upload, filename="lines.csv", user=person("head.finance")
        )
    messages = caught.value.messages
    assert "Row 3: Unit: there is no unit called “Nowhere”." in messages
    assert "Row 3: Net budget: “ten pounds” is not an amount in pounds." in messages
    assert BudgetLine.objects.get(code="HSG01", year=year).amount == before


def test_import_xlsx_through_the_page(council, signed_in):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(spreadsheets.LINE_HEADERS)
    year = selectors.financial_year(council) + 1
    sheet.append(["AUD05", "Counter-fraud", "Internal Audit", "Employees", year, 85000, "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("lines.xlsx", buffer.getvalue())
    response = signed_in("head.finance").post("/finance/lines/import/", {"file": upload})
    assert response.status_code == 302
    assert BudgetLine.objects.get(code="AUD05", year=year).amount == Decimal(85000)


def test_import_page_shows_row_errors(signed_in):
    upload = SimpleUploadedFile("lines.csv", b"Wrong,headings\n1,2\n")
    page = signed_in("head.finance").post("/finance/lines/import/", {"file": upload})
    assert "The first row must be the headings" in page.content.decode()
    assert signed_in("head.housing").get("/finance/lines/import/").status_code == 403
