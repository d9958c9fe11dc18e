import math
import statistics
from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from goldenthread.calculations.benchmark import (
    Standing,
    comparator_target,
    lower_quartile,
    mean,
    median,
    quartile,
    rank,
    standing,
    top_quartile_threshold,
    upper_quartile,
)
from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import RagStatus, Tolerance, rag_for_comparator, rag_status

D = Decimal
HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
BAND = Polarity.WITHIN_BAND


def decimals(text: str) -> list[Decimal]:
    return [D(part) for part in text.split()]


# Oflog ASC_data.csv, ASC5 (short-term services: no further support, %, rank_order DESC),
# the values of Stockton-on-Tees (E06000004) and the 15 others NN.json lists for it, read from
# the raw rows and sorted best first. North Northamptonshire has no rows before 2021-22.
ASC5_NEIGHBOURS = {
    "2015-16": (
        "77.6",
        "90.6 86.2 86.1 85.2 81.2 80.3 80.3 78.3 78.0 77.6 73.8 72.4 70.7 56.1 36.8",
    ),
    "2016-17": (
        "75.6",
        "91.7 89.7 86.1 85.5 81.4 80.6 79.8 78.7 76.2 75.6 75.4 70.3 65.3 54.6 51.7",
    ),
    "2017-18": (
        "85.3",
        "90.6 88.5 85.3 85.2 81.8 81.0 77.1 77.1 76.7 75.5 74.3 73.4 63.9 62.2 55.9",
    ),
    "2018-19": (
        "81.6",
        "93.5 91.9 86.0 85.1 83.2 82.0 81.6 78.3 78.2 77.4 76.6 75.4 75.0 67.1 61.6",
    ),
    "2019-20": (
        "87.1",
        "91.4 90.9 90.8 88.3 87.1 85.9 84.9 84.7 83.7 80.0 76.5 75.0 67.2 66.8 66.6",
    ),
    "2020-21": (
        "76.8",
        "93.1 86.9 86.4 85.8 85.0 84.2 83.0 76.8 76.2 73.4 69.8 67.4 67.2 63.4 61.4",
    ),
    "2021-22": (
        "82.8",
        "93.7 93.2 89.5 87.8 82.8 81.5 77.9 76.3 74.4 73.9 73.0 71.5 66.7 61.7 60.6 34.2",
    ),
    "2022-23": (
        "87.0",
        "94.8 94.3 90.8 87.0 85.8 80.7 79.8 79.2 78.9 78.8 77.1 75.9 74.8 73.4 61.4 47.9",
    ),
}


@pytest.mark.parametrize(
    ("year", "expected_rank", "count", "expected_quartile", "expected_median"),
    [
        # rank = 1 + values strictly higher; quartile = ⌈4 × rank / count⌉;
        # median: the 8th of 15, or the mean of the 8th and 9th of 16.
        ("2015-16", 10, 15, 3, "78.3"),  # 9 higher; ⌈40/15⌉ = ⌈2.67⌉ = 3
        ("2016-17", 10, 15, 3, "78.7"),  # 9 higher; ⌈2.67⌉ = 3
        ("2017-18", 3, 15, 1, "77.1"),  # 90.6, 88.5 higher; ⌈12/15⌉ = 1
        ("2018-19", 7, 15, 2, "78.3"),  # 6 higher; ⌈28/15⌉ = ⌈1.87⌉ = 2
        ("2019-20", 5, 15, 2, "84.7"),  # 4 higher; ⌈20/15⌉ = 2
        ("2020-21", 8, 15, 3, "76.8"),  # 7 higher; ⌈32/15⌉ = ⌈2.13⌉ = 3; Stockton is the median
        ("2021-22", 5, 16, 2, "75.35"),  # 4 higher; ⌈20/16⌉ = 2; (76.3 + 74.4) / 2
        ("2022-23", 4, 16, 1, "79.05"),  # 3 higher; ⌈16/16⌉ = 1; (79.2 + 78.9) / 2
    ],
)
def test_stockton_among_its_nearest_neighbours(
    year: str, expected_rank: int, count: int, expected_quartile: int, expected_median: str
) -> None:
    own, listed = ASC5_NEIGHBOURS[year]
    values = decimals(listed)
    assert standing(D(own), values, HIGHER) == Standing(expected_rank, count, expected_quartile)
    assert median(values) == D(expected_median)


def test_top_quartile_of_stocktons_neighbours_2022_23() -> None:
    values = decimals(ASC5_NEIGHBOURS["2022-23"][1])
    # ⌊16/4⌋ = 4: the 4th highest is Stockton's own 87.0, so it is just in the top quartile.
    assert upper_quartile(values) == D("87.0")
    assert top_quartile_threshold(values, HIGHER) == D("87.0")
    # The 4th lowest: 47.9, 61.4, 73.4, 74.8.
    assert lower_quartile(values) == D("74.8")
    assert top_quartile_threshold(values, LOWER) == D("74.8")
    assert quartile(rank(D("85.8"), values, HIGHER), 16) == 2  # the 5th just misses


def test_median_target_for_a_council_below_its_neighbours() -> None:
    # "At or better than the nearest-neighbour median" in 2022-23: the target is 79.05.
    values = decimals(ASC5_NEIGHBOURS["2022-23"][1])
    target = comparator_target(median(values), D(0), HIGHER)
    assert target == D("79.05")
    assert rag_status(D("78.2"), target, HIGHER).status == RagStatus.RED  # gap -0.85
    amber = rag_status(D("78.2"), target, HIGHER, Tolerance.absolute(D(1)))
    assert (amber.status, amber.gap) == (RagStatus.AMBER, D("-0.85"))
    assert rag_status(D("79.05"), target, HIGHER).status == RagStatus.GREEN  # on it is green


# LGBF Indicator Data - Real - Quarterly.csv, CORP 09 (% crisis grant decisions within 1 day,
# Ranking_Type Descending), 2021-22;Q2, all 32 councils, highest first. Stirling's row:
# Value 0.92, ScotRank 24.0, ScotPct 0.75, FamilyRank 7.0, FamilyPct 0.875.
CORP09_2021_22_Q2 = (
    "1.0 1.0 1.0 1.0 1.0 0.99 0.99 0.99 0.99 0.99 0.99 0.99 0.98 0.98 0.98 0.98 "
    "0.97 0.97 0.97 0.97 0.97 0.96 0.93 0.92 0.92 0.92 0.92 0.91 0.87 0.83 0.64 0.6"
)
# Family Group 2 (environmental, culture & leisure, economic development, corporate and
# property indicators): East Ayrshire, North Ayrshire, Fife, Perth & Kinross, Moray,
# South Ayrshire, Stirling, East Lothian.
CORP09_FAMILY_2 = "1.0 0.99 0.99 0.98 0.98 0.97 0.92 0.92"


def test_stirling_reproduces_the_lgbf_published_ranks() -> None:
    scotland = decimals(CORP09_2021_22_Q2)
    # 23 councils are above 0.92; the four on 0.92 share rank 24; 24/32 = 0.75 = ScotPct.
    assert standing(D("0.92"), scotland, HIGHER) == Standing(24, 32, 3)
    family = decimals(CORP09_FAMILY_2)
    # Six above; Stirling and East Lothian tie on 0.92 and share 7th; 7/8 = 0.875 = FamilyPct.
    assert standing(D("0.92"), family, HIGHER) == Standing(7, 8, 4)


def test_ties_share_the_better_rank() -> None:
    values = decimals("5 7 7 7 9")
    assert [rank(v, values, HIGHER) for v in values] == [5, 2, 2, 2, 1]
    assert [rank(v, values, LOWER) for v in values] == [1, 2, 2, 2, 5]


def test_within_a_band_closer_to_the_midpoint_ranks_higher() -> None:
    # An LGBF Goldilocks measure, CORP 11 (share of the welfare fund budget spent), midpoint
    # 100%: 99% and 101% are equally good.
    values = decimals("99 101 90 120 100")
    ranks = [rank(v, values, BAND, midpoint=D(100)) for v in values]
    assert ranks == [2, 2, 4, 5, 1]
    with pytest.raises(ValueError, match="midpoint"):
        rank(D(99), values, BAND)


def test_directionless_measures_are_not_ranked() -> None:
    with pytest.raises(ValueError, match="no better direction"):
        rank(D(1), [D(1), D(2)], Polarity.NONE)


def test_refusals() -> None:
    with pytest.raises(ValueError, match="not among"):
        rank(D(3), [D(1), D(2)], HIGHER)
    with pytest.raises(ValueError, match="at least 4"):
        quartile(1, 3)
    with pytest.raises(ValueError, match="outside"):
        quartile(17, 16)
    with pytest.raises(ValueError, match="at least 4"):
        upper_quartile([D(1), D(2), D(3)])
    with pytest.raises(ValueError, match="undefined"):
        median([])
    with pytest.raises(ValueError, match="undefined"):
        mean([])
    with pytest.raises(ValueError, match="negative"):
        comparator_target(D(1), D(-1), HIGHER)
    with pytest.raises(ValueError, match="higher or lower"):
        comparator_target(D(1), D(0), BAND)
    with pytest.raises(ValueError, match="higher or lower"):
        top_quartile_threshold([D(1), D(2), D(3), D(4)], Polarity.NONE)


def test_comparator_targets_move_the_good_way() -> None:
    # "Below the regional average by 0.5": lower is better, so the target is 0.5 under it.
    assert comparator_target(D("6.6"), D("0.5"), LOWER) == D("6.1")
    assert comparator_target(D("6.6"), D("0.5"), HIGHER) == D("7.1")


values_lists = st.lists(
    st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False),
    min_size=1,
    max_size=40,
)
directed = st.sampled_from([HIGHER, LOWER])


@given(values_lists, directed, st.data())
def test_rank_counts_the_strictly_better(
    values: list[Decimal], polarity: Polarity, data: st.DataObject
) -> None:
    value = data.draw(st.sampled_from(values))
    position = rank(value, values, polarity)
    better = [v for v in values if (v > value if polarity == HIGHER else v < value)]
    assert position == len(better) + 1
    assert 1 <= position <= len(values)
    best = max(values) if polarity == HIGHER else min(values)
    assert rank(best, values, polarity) == 1


@given(values_lists, st.data())
def test_reversing_the_polarity_reverses_distinct_ranks(
    values: list[Decimal], data: st.DataObject
) -> None:
    distinct = sorted(set(values))
    value = data.draw(st.sampled_from(distinct))
    n = len(distinct)
    assert rank(value, distinct, HIGHER) + rank(value, distinct, LOWER) == n + 1


@given(values_lists, directed, st.data())
def test_quartile_one_is_exactly_at_or_beyond_the_top_threshold(
    values: list[Decimal], polarity: Polarity, data: st.DataObject
) -> None:
    assume(len(values) >= 4)
    value = data.draw(st.sampled_from(values))
    threshold = top_quartile_threshold(values, polarity)
    reached = value >= threshold if polarity == HIGHER else value <= threshold
    assert (standing(value, values, polarity).quartile == 1) == reached


@given(st.integers(min_value=4, max_value=200), st.data())
def test_quartiles_rise_with_rank_and_split_evenly(count: int, data: st.DataObject) -> None:
    quartiles = [quartile(r, count) for r in range(1, count + 1)]
    assert quartiles == sorted(quartiles)
    assert quartiles[0] == 1 and quartiles[-1] == 4
    # Each quartile holds a quarter of the ranks, give or take one.
    for q in range(1, 5):
        assert abs(quartiles.count(q) - count / 4) < 1


@given(values_lists)
def test_median_and_mean_match_the_standard_library(values: list[Decimal]) -> None:
    assert median(values) == statistics.median(values)
    assert min(values) <= mean(values) <= max(values)
    assert math.isclose(float(mean(values)), float(statistics.mean(values)), abs_tol=1e-9)


@given(
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.decimals(min_value=-1000, max_value=1000, places=2),
    st.decimals(min_value=0, max_value=50, places=2),
    st.one_of(st.none(), st.decimals(min_value=0, max_value=20, places=1)),
    directed,
)
def test_comparator_target_judges_as_rag_for_comparator(
    value: Decimal,
    statistic: Decimal,
    margin: Decimal,
    tolerance: Decimal | None,
    polarity: Polarity,
) -> None:
    allowance = None if tolerance is None else Tolerance.absolute(tolerance)
    target = comparator_target(statistic, margin, polarity)
    assert rag_status(value, target, polarity, allowance) == rag_for_comparator(
        value, statistic, polarity, allowance, margin
    )
