"""The Oflog adult social care layout, from the copy in data/ (Stockton-on-Tees's nearest
neighbours, the North East, and three councils with gaps, for ASC2, ASC5 and ASC7). The demo
council has already loaded it once, as an administrator would, skipping its bad rows."""

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

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
TABLE = importers.DATA / "ASC_data.csv"
SOURCE = importers.OFLOG_SOURCE.name


def oflog_import(*paths: Path, **options):  # type: ignore[no-untyped-def]
    return benchmarks_import(paths=list(paths) or [TABLE], fmt="oflog", **options)


def edited_copy(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """A copy of the Oflog files with the CSV's rows changed by `edit(rows)`."""
    with TABLE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    edit(rows)
    copy = tmp_path / "ASC_data.csv"
    with copy.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    shutil.copy(importers.DATA / "NN.json", tmp_path / "NN.json")
    return copy


def test_the_copied_file_loaded_and_importing_it_again_changes_nothing() -> None:
    values = list(
        ExternalValue.objects.filter(metric__source__name=SOURCE)
        .order_by("pk")
        .values_list("pk", "organisation__gss_code", "period_label", "value")
    )
    groups = ComparatorGroup.objects.count()
    organisations = Organisation.objects.count()
    result = oflog_import(skip_invalid=True)
    # 594 rows: 69 without a value are skipped; the other 525 are held already.
    assert result.rows == 594
    assert (result.values.created, result.values.updated, result.values.unchanged) == (0, 0, 525)
    assert (result.metrics.created, result.metrics.updated, result.metrics.unchanged) == (0, 0, 3)
    assert (result.groups.created, result.groups.updated, result.groups.unchanged) == (0, 0, 1)
    assert (result.averages.created, result.averages.updated) == (0, 0)
    assert result.councils.created == 0
    assert len(values) == 525
    assert (
        list(
            ExternalValue.objects.filter(metric__source__name=SOURCE)
            .order_by("pk")
            .values_list("pk", "organisation__gss_code", "period_label", "value")
        )
        == values
    )
    assert (ComparatorGroup.objects.count(), Organisation.objects.count()) == (
        groups,
        organisations,
    )


def test_rows_with_no_value_are_reported_precisely_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    ExternalValue.objects.filter(metric__source__name=SOURCE).delete()
    with pytest.raises(ImportFailed) as failure:
        oflog_import()
    messages = [str(error) for error in failure.value.errors]
    # Row 21 is the real file's row 573: Isles of Scilly, ASC2, 2016-17, Value and rank_order
    # both blank; 69 such rows in the copy, each with both problems.
    assert messages[:2] == [
        "ASC_data.csv, row 21, column rank_order: blank, so the measure's polarity is unknown",
        "ASC_data.csv, row 21, column Value: blank: Isles of Scilly (E06000053) has no ASC2 "
        "value for 2016-17",
    ]
    assert len(messages) == 138
    assert (
        "ASC_data.csv, row 32, column Value: blank: City of London (E09000001) has no ASC2 "
        "value for 2017-18" in messages
    )
    assert not ExternalValue.objects.filter(metric__source__name=SOURCE).exists()


def test_skip_invalid_lists_every_skipped_row_and_writes_the_rest() -> None:
    ExternalValue.objects.filter(metric__source__name=SOURCE).delete()
    result = oflog_import(skip_invalid=True)
    assert result.values.created == 525
    assert len({(error.file, error.row) for error in result.skipped}) == 69
    assert not any(error.fatal for error in result.skipped)


def test_polarity_spellings_of_rank_order() -> None:
    polarity = dict(
        ExternalMetric.objects.filter(source__name=SOURCE).values_list("code", "polarity")
    )
    # ASC5 is "DESC", ASC2 "desc" (highest ranked first: higher is better); ASC7 "None".
    assert polarity == {"ASC5": "higher", "ASC2": "higher", "ASC7": "none"}


@pytest.mark.parametrize(
    ("spelling", "reason"),
    [
        (
            "sideways",
            "'sideways' is not a polarity we know (for example higher is better, desc, "
            "Ascending, Goldilocks)",
        ),
        (
            "Ascending",
            "'Ascending' (lower is better) contradicts 'desc' (higher is better) on row 2 for ASC2",
        ),
    ],
)
def test_unknown_or_contradicting_polarities_are_reported(
    tmp_path: Path, spelling: str, reason: str
) -> None:
    def edit(rows: list[list[str]]) -> None:
        assert rows[2][:3] == ["2016-17", "E06000057", "Northumberland"]
        rows[2][11] = spelling  # rank_order, "desc" in the file

    with pytest.raises(ImportFailed) as failure:
        oflog_import(edited_copy(tmp_path, edit))
    assert f"ASC_data.csv, row 3, column rank_order: {reason}" in [
        str(error) for error in failure.value.errors
    ]


def test_a_changed_value_is_updated_and_nothing_else(tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        assert rows[1][:3] == ["2016-17", "E06000003", "Redcar and Cleveland"]
        rows[1][8] = "0.399"  # ASC2 was 0.405

    result = oflog_import(edited_copy(tmp_path, edit), skip_invalid=True)
    assert (result.values.created, result.values.updated, result.values.unchanged) == (0, 1, 524)
    value = ExternalValue.objects.get(
        metric__code="ASC2", organisation__gss_code="E06000003", period_label="2016/17"
    )
    assert value.value == Decimal("0.399")


def test_nearest_neighbours_become_a_group_of_sixteen_including_the_council() -> None:
    group = ComparatorGroup.objects.get(
        owner__gss_code="E06000004", kind=ComparatorGroup.Kind.NEAREST_NEIGHBOURS
    )
    codes = set(group.members.values_list("gss_code", flat=True))
    assert len(codes) == 16
    assert {"E06000004", "E06000005", "E08000036", "E06000061"} <= codes
    # Isles of Scilly and City of London list only themselves: noted, no group.
    result = oflog_import(skip_invalid=True)
    assert (
        "NN.json, entry E09000001 (City of London): no neighbours besides the council itself, "
        "so no group was made." in result.notes
    )
    assert not ComparatorGroup.objects.filter(owner__gss_code="E09000001").exists()


def test_published_median_is_kept_for_england() -> None:
    median = PublishedAverage.objects.get(
        metric__code="ASC5", area="England", period_label="2022/23"
    ).median
    assert median == Decimal("78.2")


def test_missing_columns_stop_the_import_even_when_skipping(tmp_path: Path) -> None:
    def edit(rows: list[list[str]]) -> None:
        for row in rows:
            del row[11]

    with pytest.raises(ImportFailed) as failure:
        oflog_import(edited_copy(tmp_path, edit), skip_invalid=True)
    assert [str(error) for error in failure.value.errors] == [
        "ASC_data.csv: missing column: rank_order"
    ]


def test_a_neighbour_nobody_holds_is_reported(tmp_path: Path) -> None:
    copy = edited_copy(tmp_path, lambda rows: None)
    (tmp_path / "NN.json").write_text('{"E06000004": ["E06000004", "E06000999"]}')
    with pytest.raises(ImportFailed) as failure:
        oflog_import(copy)
    assert [str(error) for error in failure.value.errors if error.file == "NN.json"] == [
        "NN.json, entry E06000004: E06000999: no such council in ASC_data.csv or among the "
        "organisations held (import the council list with goldenthread orgs import)"
    ]


def test_the_command_reports_and_a_dry_run_writes_nothing(capsys) -> None:  # type: ignore[no-untyped-def]
    ExternalValue.objects.filter(metric__source__name=SOURCE).delete()
    call_command(
        "benchmarks", "import", str(TABLE), "--format", "oflog", "--skip-invalid", "--dry-run"
    )
    out = capsys.readouterr().out
    assert "Would import Oflog adult social care metrics: 594 rows read." in out
    assert "  Values: 525 created, 0 updated, 0 unchanged." in out
    assert "Skipped 69 invalid rows (138 problems), none written:" in out
    assert "  ASC_data.csv, row 21, column Value: blank: Isles of Scilly" in out
    assert not ExternalValue.objects.filter(metric__source__name=SOURCE).exists()
    with pytest.raises(CommandError, match="Nothing was imported: 138 problems"):
        call_command("benchmarks", "import", str(TABLE), "--format", "oflog")
