import csv
import io

import pytest
from django.core.management import CommandError, call_command

from goldenthread.finance import selectors, spreadsheets
from goldenthread.finance.models import BudgetLine


def test_export_csv(council, tmp_path):
    period = selectors.monitoring_period_current(council)
    out = tmp_path / "monitoring.csv"
    call_command(
        "finance",
        "--organisation",
        council.slug,
        "export",
        "--period",
        period.label,
        "--format",
        "csv",
        "--out",
        str(out),
    )
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == spreadsheets.MONITORING_HEADERS
    assert any(row[0] == "Children's Social Care" and row[6] == "red" for row in rows)


def test_import_as_finance_officer_and_refusal(council, tmp_path):
    year = selectors.financial_year(council)
    path = tmp_path / "lines.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(spreadsheets.LINE_HEADERS)
        writer.writerow(
            [
                "DEM07",
                "Elections",
                "Democratic Services",
                "Supplies and services",
                year,
                "310000",
                "",
                "",
            ]
        )
    with pytest.raises(CommandError, match="Only the finance service"):
        call_command(
            "finance",
            "--organisation",
            council.slug,
            "import",
            str(path),
            "--as",
            "officer.estates",
        )
    assert not BudgetLine.objects.filter(code="DEM07").exists()
    call_command(
        "finance", "--organisation", council.slug, "import", str(path), "--as", "manager.budgets"
    )
    assert BudgetLine.objects.get(code="DEM07", year=year).amount == 310000
