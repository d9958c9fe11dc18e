"""Tidy CSV: one value a row, for any publisher's data put in that shape."""

from decimal import Decimal
from pathlib import Path

import pytest

from goldenthread.benchmarking.importers import ImportFailed
from goldenthread.benchmarking.models import ExternalMetric, ExternalValue
from goldenthread.benchmarking.services import benchmarks_import

pytestmark = pytest.mark.django_db

GOOD = """Area code,Period,Indicator,Value,Numerator,Denominator,Unit,Title,Polarity
E06000004,2022-23,UNEMP,3.9,,,%,Unemployment rate,Below target is positive
E06000005,2022-23,UNEMP,4.4,,,%,,
E06000004,2023/24 Q1,UNEMP,4.1,,,,,
E06000004,2022/23,HOMES,"1,204",1204,1,number,Homes built,Higher is better
"""


def tidy(tmp_path: Path, text: str, **options):  # type: ignore[no-untyped-def]
    path = tmp_path / "nomis.csv"
    path.write_text(text, encoding="utf-8")
    return benchmarks_import(paths=[path], fmt="tidy", source_name="NOMIS", **options)


def problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(ImportFailed) as failure:
        tidy(tmp_path, text)
    return [str(error) for error in failure.value.errors]


def test_tidy_rows_load_with_periods_and_polarity_in_their_spellings(tmp_path: Path) -> None:
    result = tidy(tmp_path, GOOD)
    assert (result.metrics.created, result.values.created) == (2, 4)
    unemployment = ExternalMetric.objects.get(source__name="NOMIS", code="UNEMP")
    assert (unemployment.title, unemployment.unit, unemployment.polarity) == (
        "Unemployment rate",
        "percent",
        "lower",
    )
    labels = sorted(
        ExternalValue.objects.filter(metric=unemployment).values_list("period_label", flat=True)
    )
    assert labels == ["2022/23", "2022/23", "2023-Q1"]
    homes = ExternalValue.objects.get(metric__code="HOMES")
    assert homes.value == Decimal(1204)
    again = tidy(tmp_path, GOOD)
    assert (again.values.created, again.values.updated, again.values.unchanged) == (0, 0, 4)
    assert (again.metrics.created, again.metrics.updated, again.metrics.unchanged) == (0, 0, 2)


def test_a_new_indicator_needs_its_polarity_on_every_row_reported(tmp_path: Path) -> None:
    text = "area_code,period,indicator,value\nE06000004,2022-23,X1,1\nE06000005,2022-23,X1,2\n"
    assert problems(tmp_path, text) == [
        "nomis.csv, row 2, column polarity: blank, and X1 is a new indicator, so its polarity "
        "is needed",
        "nomis.csv, row 3, column polarity: blank, and X1 is a new indicator, so its polarity "
        "is needed",
    ]
    assert not ExternalMetric.objects.filter(source__name="NOMIS").exists()


def test_an_existing_indicator_keeps_its_polarity(tmp_path: Path) -> None:
    tidy(tmp_path, GOOD)
    result = tidy(tmp_path, "area_code,period,indicator,value\nE06000004,2024-25,UNEMP,3.5\n")
    assert result.values.created == 1
    assert ExternalMetric.objects.get(code="UNEMP").polarity == "lower"


def test_bad_rows_are_reported_by_row_column_and_reason(tmp_path: Path) -> None:
    text = (
        "Area code,Period,Indicator,Value,Denominator,Unit,Polarity\n"
        "E06000999,2022-23,A,1,,%,up\n"
        "E0600004,2022-23,A,1,,%,up\n"
        "E06000004,2022-25,A,1,,%,up\n"
        "E06000004,2022-23,A,one,,%,up\n"
        "E06000004,2023-24,A,1,0,%,up\n"
        "E06000004,2024-25,A,1,,furlongs,up\n"
        "E06000004,2025-26,A,1,,%,sideways\n"
        "E06000004,2026-27,A,1,,%,down\n"
        "E06000005,2022-23,A,1,,%,up\n"
        "E06000005,2022-23,A,2,,%,up\n"
    )
    assert problems(tmp_path, text) == [
        "nomis.csv, row 2, column Area code: no organisation has the GSS code E06000999: "
        "import the council list first (goldenthread orgs import)",
        "nomis.csv, row 3, column Area code: 'E0600004' is not a GSS code (a letter and 8 "
        "digits, E06000004)",
        "nomis.csv, row 4, column Period: unrecognised period '2022-25': the years must be one "
        "apart (two if biennial)",
        "nomis.csv, row 5, column Value: 'one' is not a number",
        "nomis.csv, row 6, column Denominator: 0: nothing can be a share of none",
        "nomis.csv, row 7, column Unit: 'furlongs' is not a unit we know (for example %, £, "
        "number, days)",
        "nomis.csv, row 8, column Polarity: 'sideways' is not a polarity we know (for example "
        "higher is better, desc, Ascending, Goldilocks)",
        "nomis.csv, row 9, column Polarity: 'down' differs from 'up' on row 2 for A",
        "nomis.csv, row 11, column Period: repeats this indicator, area and period on row 10",
    ]


def test_missing_columns_are_named(tmp_path: Path) -> None:
    assert problems(tmp_path, "Area,Period,Value\nE06000004,2022-23,1\n") == [
        "nomis.csv: missing columns: area_code, indicator"
    ]
