"""A real council's rank and quartile among its nearest neighbours, year by year, worked by
hand from the rows of Oflog's ASC_data.csv; and a Scottish council's against the ranks the
LGBF publishes itself."""

import csv
from decimal import Decimal

import pytest

from goldenthread.accounts.models import Organisation
from goldenthread.benchmarking import importers
from goldenthread.benchmarking.models import ComparatorGroup, ExternalMetric
from goldenthread.benchmarking.selectors import benchmark_for
from goldenthread.benchmarking.tests.helpers import table_rows

pytestmark = pytest.mark.django_db

# Stockton-on-Tees (E06000004) among the 16 councils NN.json lists for it (itself included),
# ASC5 "Outcome of short-term services: sequel to service", rank_order DESC (higher is
# better). The values in the rows for those 16 codes, highest first (North Northamptonshire
# has rows only from 2021-22, so earlier years rank 15):
#
# 2015-16: 90.6 86.2 86.1 85.2 81.2 80.3 80.3 78.3 78.0 [77.6] 73.8 72.4 70.7 56.1 36.8
#          9 higher -> rank 10 of 15; quartile ⌈4 × 10 / 15⌉ = ⌈2.67⌉ = 3; median 78.3
# 2016-17: 91.7 89.7 86.1 85.5 81.4 80.6 79.8 78.7 76.2 [75.6] 75.4 70.3 65.3 54.6 51.7
#          rank 10 of 15, quartile 3; median 78.7
# 2017-18: 90.6 88.5 [85.3] 85.2 81.8 81.0 77.1 77.1 76.7 75.5 74.3 73.4 63.9 62.2 55.9
#          rank 3 of 15; ⌈12/15⌉ = 1; median 77.1
# 2018-19: 93.5 91.9 86.0 85.1 83.2 82.0 [81.6] 78.3 78.2 77.4 76.6 75.4 75.0 67.1 61.6
#          rank 7 of 15; ⌈28/15⌉ = 2; median 78.3
# 2019-20: 91.4 90.9 90.8 88.3 [87.1] 85.9 84.9 84.7 83.7 80.0 76.5 75.0 67.2 66.8 66.6
#          rank 5 of 15; ⌈20/15⌉ = 2; median 84.7
# 2020-21: 93.1 86.9 86.4 85.8 85.0 84.2 83.0 [76.8] 76.2 73.4 69.8 67.4 67.2 63.4 61.4
#          rank 8 of 15; ⌈32/15⌉ = 3; median 76.8 (Stockton itself)
# 2021-22: 93.7 93.2 89.5 87.8 [82.8] 81.5 77.9 76.3 74.4 73.9 73.0 71.5 66.7 61.7 60.6 34.2
#          rank 5 of 16; ⌈20/16⌉ = 2; median (76.3 + 74.4) / 2 = 75.35
# 2022-23: 94.8 94.3 90.8 [87.0] 85.8 80.7 79.8 79.2 78.9 78.8 77.1 75.9 74.8 73.4 61.4 47.9
#          rank 4 of 16; ⌈16/16⌉ = 1; median (79.2 + 78.9) / 2 = 79.05
STOCKTON_ASC5 = [
    ("2015/16", "77.6", 10, 15, 3, "78.3"),
    ("2016/17", "75.6", 10, 15, 3, "78.7"),
    ("2017/18", "85.3", 3, 15, 1, "77.1"),
    ("2018/19", "81.6", 7, 15, 2, "78.3"),
    ("2019/20", "87.1", 5, 15, 2, "84.7"),
    ("2020/21", "76.8", 8, 15, 3, "76.8"),
    ("2021/22", "82.8", 5, 16, 2, "75.35"),
    ("2022/23", "87.0", 4, 16, 1, "79.05"),
]


def stockton_benchmark():  # type: ignore[no-untyped-def]
    stockton = Organisation.objects.get(gss_code="E06000004")
    return benchmark_for(
        metric=ExternalMetric.objects.get(code="ASC5"),
        group=ComparatorGroup.objects.get(owner=stockton, kind="nearest_neighbours"),
        subject=stockton,
    )


def test_stocktons_rank_and_quartile_among_its_nearest_neighbours_each_year() -> None:
    result = stockton_benchmark()
    assert [
        (
            figures.label,
            figures.subject_value,
            figures.standing.rank,
            figures.standing.count,
            figures.standing.quartile,
            figures.median,
        )
        for figures in result.periods
        if figures.standing
    ] == [
        (label, Decimal(value), rank, count, quartile, Decimal(median))
        for label, value, rank, count, quartile, median in STOCKTON_ASC5
    ]


def test_stocktons_page_shows_its_rank_and_quartile_for_each_year(signed_in) -> None:  # type: ignore[no-untyped-def]
    metric = ExternalMetric.objects.get(code="ASC5")
    page = signed_in("performance.lead").get(
        f"/benchmarking/metrics/{metric.pk}/?council=E06000004"
    )
    assert page.status_code == 200
    rows = table_rows(page.content.decode(), "over-time")[1:]
    # Newest first: period, value, rank, quartile, group median.
    assert [row[:5] for row in rows] == [
        [label, f"{Decimal(value):.1f}", f"{rank} of {count}", str(quartile), f"{Decimal(m):.1f}"]
        for label, value, rank, count, quartile, m in reversed(STOCKTON_ASC5)
    ]


def test_ties_share_the_better_rank_on_the_page(signed_in) -> None:  # type: ignore[no-untyped-def]
    # 2021-22 ASC2 (quality of life, "desc"): Stockton 0.410 ties with Rotherham on
    # 0.410; nine are higher (0.439 0.438 0.434 0.431 0.427 0.425 0.416 0.415 0.413), so both
    # are 10th of 16: quartile ⌈40/16⌉ = 3.
    metric = ExternalMetric.objects.get(code="ASC2")
    page = signed_in("performance.lead").get(
        f"/benchmarking/metrics/{metric.pk}/?council=E06000004&period=2021/22"
    )
    members = table_rows(page.content.decode(), "members")[1:]
    assert [row for row in members if row[2] == "0.410"] == [
        ["10", "Rotherham", "0.410"],
        ["10", "Stockton-on-Tees (chosen)", "0.410"],
    ]
    assert [row[0] for row in members] == [
        "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "10", "12", "13", "14", "15", "16"
    ]  # fmt: skip


def test_stirling_matches_the_ranks_the_lgbf_publishes() -> None:
    """Our ranks among Family Group 2 reproduce the FamilyRank column of the same rows."""
    with (importers.DATA / "Indicator Data - Real - Quarterly.csv").open(
        encoding="utf-8-sig", newline=""
    ) as handle:
        published = {
            row["Period"].replace("2021-22;", "2021-"): int(float(row["FamilyRank"]))
            for row in csv.DictReader(handle)
            if row["LocalAuthority"] == "Stirling" and row["Code"] == "CORP 09"
        }
    stirling = Organisation.objects.get(gss_code="S12000030")
    metric = ExternalMetric.objects.get(code="CORP 09")
    group = ComparatorGroup.objects.get(owner=stirling, applies_to=metric.family_grouping)
    result = benchmark_for(metric=metric, group=group, subject=stirling)
    ours = {figures.label: figures.standing.rank for figures in result.periods}
    # 2021-22 Q1 0.89 (8th), Q2 0.92 tied with East Lothian (7th), Q3 0.91 tied (7th), Q4 0.86.
    assert published == {"2021-Q1": 8, "2021-Q2": 7, "2021-Q3": 7, "2021-Q4": 8}
    assert ours == published
