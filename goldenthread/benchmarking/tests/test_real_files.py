"""The full published files, read from the shared data folder beside the repository
(``../shared/data``, as on CI); skipped where that folder is absent. The project keeps only
small copies (see data/SOURCES.md)."""

from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from goldenthread.benchmarking.models import ExternalValue, PublishedAverage
from goldenthread.benchmarking.services import benchmarks_import
from goldenthread.calculations.benchmark import median

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "data"
OFLOG = SHARED / "oflog-asc" / "ASC_data.csv"
LGBF = SHARED / "scotland-lgbf"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not OFLOG.is_file() or not LGBF.is_dir(),
        reason=f"the full published files are not at {SHARED} (shared data beside the clone)",
    ),
]


def test_the_full_oflog_file() -> None:
    result = benchmarks_import(paths=[OFLOG], fmt="oflog", skip_invalid=True)
    # 6376 rows, 298 with neither value nor rank_order; the demo holds 525 of the rest.
    assert result.rows == 6376
    assert len({error.row for error in result.skipped}) == 298
    assert (result.values.created, result.values.updated, result.values.unchanged) == (
        6078 - 525,
        0,
        525,
    )
    messages = [str(error) for error in result.skipped]
    assert messages[:2] == [
        "ASC_data.csv, row 53, column rank_order: blank, so the measure's polarity is unknown",
        "ASC_data.csv, row 53, column Value: blank: Isles of Scilly (E06000053) has no ASC1 "
        "value for 2016-17",
    ]
    # The copy's row 21 is this row of the real file.
    assert (
        "ASC_data.csv, row 573, column Value: blank: Isles of Scilly (E06000053) has no ASC2 "
        "value for 2016-17" in messages
    )
    # 157 councils; 5 reorganised ones have no neighbours listed and 2 list only themselves.
    assert result.groups.created + result.groups.unchanged == 150
    assert (
        "NN.json lists no nearest neighbours for Bournemouth (E06000028), Buckinghamshire "
        "(E10000002), Dorset (E10000009), Northamptonshire (E10000021), Poole (E06000029)."
        in result.notes
    )
    again = benchmarks_import(paths=[OFLOG], fmt="oflog", skip_invalid=True)
    assert (again.values.created, again.values.updated, again.groups.updated) == (0, 0, 0)

    # Oflog's MEDIAN is the plain median of the councils with a value, the mean of the two
    # middle values when their number is even: it matches ours for every measure and year.
    values: dict[tuple[int, str], list[Decimal]] = defaultdict(list)
    for metric_id, label, value in ExternalValue.objects.filter(
        metric__source__name=result.source
    ).values_list("metric_id", "period_label", "value"):
        values[(metric_id, label)].append(value)
    published = PublishedAverage.objects.filter(metric__source__name=result.source)
    assert published.count() == 42
    for average in published:
        assert abs(median(values[(average.metric_id, average.period_label)]) - average.median) < (
            Decimal("0.000001")
        ), average


def test_the_full_lgbf_files() -> None:
    result = benchmarks_import(paths=[LGBF], fmt="lgbf", skip_invalid=True)
    values_file = "Indicator Data - Real - Quarterly.csv"
    bad_values = [str(error) for error in result.skipped if error.file == values_file]
    assert bad_values == [
        f"{values_file}, row 130, column Numerator: 295.0 is more than the denominator 290.0: "
        "a percentage cannot be over 100",
        f"{values_file}, row 143, column Numerator: 475.0 is more than the denominator 470.0: "
        "a percentage cannot be over 100",
        f"{values_file}, row 729, column Numerator: 620.0 is more than the denominator 615.0: "
        "a percentage cannot be over 100",
        f"{values_file}, row 919, column Denominator: 0, so the value 0.0 (numerator 0.0) is a "
        "share of nothing",
    ]
    averages = [str(error) for error in result.skipped if error.file == "Scottish Averages.csv"]
    # Periods our financial-year periods cannot hold: 534 monthly rows ("2014;April": calendar
    # or financial year?) and 83 multi-year aggregates ("2010-14", "2016-19").
    assert len(averages) == 534 + 83
    assert averages[0] == (
        "Scottish Averages.csv, row 107, column Period: unrecognised period '2010-14': the "
        "years must be one apart (two if biennial)"
    )
    assert (
        "Scottish Averages.csv, row 1366, column Period: unrecognised period '2014;April': a "
        "month with a year that could be a calendar or a financial year, so it is not guessed"
    ) in averages
    assert result.values.created + result.values.unchanged == 1339 - 4
    assert result.metrics.unchanged == 108
    again = benchmarks_import(paths=[LGBF], fmt="lgbf", skip_invalid=True)
    assert (again.values.created, again.values.updated) == (0, 0)
    assert (again.averages.created, again.averages.updated) == (0, 0)
