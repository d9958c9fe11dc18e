"""The Scottish LGBF layout, from the copies in data/: the 108 definitions, family groups,
CORP 09 for 2021-22 and CORP 10 for 2022-23 Q4, and Scottish averages (see SOURCES.md)."""

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from goldenthread.accounts.models import Organisation
from goldenthread.benchmarking import importers
from goldenthread.benchmarking.importers import ImportFailed
from goldenthread.benchmarking.models import (
    ComparatorGroup,
    ExternalMetric,
    ExternalValue,
    PublishedAverage,
)
from goldenthread.benchmarking.services import benchmarks_import

pytestmark = pytest.mark.django_db
FILES = [importers.DATA / name for name in importers.LGBF_FILE_NAMES.values()]
SOURCE = importers.LGBF_SOURCE.name
VALUES = importers.DATA / "Indicator Data - Real - Quarterly.csv"


def lgbf_import(paths: list[Path] = FILES, **options):  # type: ignore[no-untyped-def]
    return benchmarks_import(paths=paths, fmt="lgbf", **options)


def test_the_copied_files_loaded_and_importing_them_again_changes_nothing() -> None:
    before = list(
        ExternalValue.objects.filter(metric__source__name=SOURCE)
        .order_by("pk")
        .values_list("pk", "value", "numerator", "denominator")
    )
    result = lgbf_import(skip_invalid=True)
    assert (result.metrics.created, result.metrics.updated, result.metrics.unchanged) == (0, 0, 108)
    # 160 value rows less the 3 bad ones below; 42 real-terms quarterly and 12 annual averages.
    assert (result.values.created, result.values.updated, result.values.unchanged) == (0, 0, 157)
    assert (result.averages.created, result.averages.updated, result.averages.unchanged) == (
        0,
        0,
        54,
    )
    # Each of 32 councils owns its family group for each of the two kinds of measure.
    assert (result.groups.created, result.groups.updated, result.groups.unchanged) == (0, 0, 64)
    after = list(
        ExternalValue.objects.filter(metric__source__name=SOURCE)
        .order_by("pk")
        .values_list("pk", "value", "numerator", "denominator")
    )
    assert after == before and len(after) == 157


def test_malformed_rows_in_the_real_files_are_reported_precisely() -> None:
    with pytest.raises(ImportFailed) as failure:
        lgbf_import()
    assert [str(error) for error in failure.value.errors] == [
        # Argyll & Bute, CORP 09 2021-22;Q4: 475 of 470 decisions within a day.
        "Indicator Data - Real - Quarterly.csv, row 20, column Numerator: 475.0 is more than "
        "the denominator 470.0: a percentage cannot be over 100",
        # Inverclyde, CORP 09 2021-22;Q2: 620 of 615.
        "Indicator Data - Real - Quarterly.csv, row 88, column Numerator: 620.0 is more than "
        "the denominator 615.0: a percentage cannot be over 100",
        # North Lanarkshire, CORP 10 2022-23;Q4: published as 0.0 with 0 of 0.
        "Indicator Data - Real - Quarterly.csv, row 111, column Denominator: 0, so the value 0.0 "
        "(numerator 0.0) is a share of nothing",
        # Monthly averages name a month and a year, which could be calendar or financial.
        *(
            f"Scottish Averages.csv, row {row}, column Period: unrecognised period "
            f"'2016;{month}': a month with a year that could be a calendar or a financial "
            "year, so it is not guessed"
            for row, month in [
                (98, "August"),
                (99, "December"),
                (100, "July"),
                (101, "November"),
                (102, "October"),
                (103, "September"),
            ]
        ),
    ]


def test_polarity_number_formats_and_goldilocks_midpoints() -> None:
    metrics = {metric.code: metric for metric in ExternalMetric.objects.filter(source__name=SOURCE)}
    corp09, corp11 = metrics["CORP 09"], metrics["CORP 11"]
    # Ranking_Type Descending ranks the highest first: higher is better.
    assert (corp09.polarity, corp09.unit, corp09.decimal_places) == ("higher", "percent", 2)
    assert (corp09.published_format, corp09.scale) == ("0.00%", Decimal(100))
    # Goldilocks with midpoint 1.0 (all the budget spent), published as a fraction.
    assert (corp11.polarity, corp11.band_midpoint) == ("band", Decimal(100))
    polarities = [metric.polarity for metric in metrics.values()]
    assert (polarities.count("lower"), polarities.count("higher"), polarities.count("band")) == (
        53,
        51,
        4,
    )
    assert metrics["C&L 01"].unit == "currency"  # "'£ '0.00"


def test_values_are_percentages_and_join_definitions_on_code_sortable() -> None:
    value = ExternalValue.objects.get(
        metric__code="CORP 09", organisation__gss_code="S12000030", period_label="2021-Q2"
    )
    # Stirling's row: Value 0.92, Numerator 790.0, Denominator 860.0 (kept as published).
    assert (value.value, value.numerator, value.denominator) == (
        Decimal(92),
        Decimal(790),
        Decimal(860),
    )
    average = PublishedAverage.objects.get(
        metric__code="CORP 09", area="Scotland", period_label="2021-Q2"
    )
    assert average.mean == Decimal("94.125")  # Value_Scot_Mean 0.94125


def test_scottish_councils_become_organisations_by_gss_code() -> None:
    Organisation.objects.filter(gss_code__startswith="S12").delete()
    result = lgbf_import(skip_invalid=True)
    assert result.councils.created == 32
    stirling = Organisation.objects.get(gss_code="S12000030")
    assert (stirling.name, stirling.short_name, stirling.kind, stirling.region) == (
        "Stirling Council",
        "Stirling",
        "scottish",
        "Scotland",
    )
    # The LGBF spells some councils its own way.
    assert Organisation.objects.get(gss_code="S12000036").name == "City of Edinburgh Council"
    assert Organisation.objects.get(gss_code="S12000035").short_name == "Argyll and Bute"


def test_family_groups_for_each_kind_of_measure() -> None:
    groups = ComparatorGroup.objects.filter(owner__gss_code="S12000030", kind="family")
    assert sorted(group.name for group in groups) == [
        "LGBF Family Group 2: Children, Social Work and Housing indicators",
        "LGBF Family Group 2: Environmental, Culture & Leisure, Economic Development, "
        "Corporate and Property indicators",
    ]
    environmental = groups.get(applies_to__startswith="Environmental")
    assert sorted(environmental.members.values_list("short_name", flat=True)) == [
        "East Ayrshire",
        "East Lothian",
        "Fife",
        "Moray",
        "North Ayrshire",
        "Perth and Kinross",
        "South Ayrshire",
        "Stirling",
    ]


def test_values_need_their_definitions(tmp_path: Path) -> None:
    copy = tmp_path / VALUES.name
    with VALUES.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[1][3] = "CORP 99"
    with copy.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    with pytest.raises(ImportFailed) as failure:
        lgbf_import([copy])
    assert str(failure.value.errors[0]) == (
        "Indicator Data - Real - Quarterly.csv, row 2, column Code: no definition of 'CORP 99': "
        "import Indicator Information.csv with this file"
    )


def test_an_unknown_council_name_is_reported(tmp_path: Path) -> None:
    copy = tmp_path / "Family Groups.csv"
    shutil.copy(importers.DATA / "Family Groups.csv", copy)
    text = copy.read_text(encoding="utf-8-sig").replace("Eilean Siar", "Western Isles", 1)
    copy.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFailed) as failure:
        lgbf_import([copy])
    assert [str(error) for error in failure.value.errors] == [
        "Family Groups.csv, row 2, column Local_Authority: 'Western Isles' is not one of the 32 "
        "Scottish councils as the LGBF names them"
    ]


def test_a_folder_is_read_and_other_files_in_it_noted() -> None:
    result = lgbf_import([importers.DATA], skip_invalid=True)
    assert result.values.unchanged == 157
    assert "ASC_data.csv is not an LGBF file we read: not used." in result.notes


def test_a_file_that_is_not_an_lgbf_file_stops_the_import() -> None:
    with pytest.raises(ImportFailed) as failure:
        lgbf_import([importers.DATA / "ASC_data.csv"], skip_invalid=True)
    assert str(failure.value.errors[0]).startswith(
        "ASC_data.csv: is not one of the LGBF files we read: Indicator Information.csv"
    )
