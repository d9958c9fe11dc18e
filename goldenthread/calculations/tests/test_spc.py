import math
from decimal import Decimal
from fractions import Fraction
from itertools import pairwise

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.spc import (
    Assurance,
    Side,
    SpcResult,
    SpcRule,
    Variation,
    spc_analysis,
)

HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER

# The worked example in the spc module docstring: mean 11, mean moving range 1.75.
BASE = [9, 12, 11, 13, 10, 9, 11, 12, 13, 10, 11, 12, 10]


def extended(
    *extra: float,
    polarity: Polarity = HIGHER,
    run_length: int = 7,
    target: float | None = None,
) -> SpcResult:
    """BASE plus extra points, limits fixed on BASE (so the extra points cannot move them)."""
    return spc_analysis(
        [*BASE, *extra],
        polarity=polarity,
        target=target,
        run_length=run_length,
        baseline_points=13,
    )


def limits(result: SpcResult) -> tuple[float, float, float]:
    assert result.lower_limit is not None and result.upper_limit is not None
    assert result.mean is not None
    return result.lower_limit, result.mean, result.upper_limit


def flagged(result: SpcResult, rule: SpcRule) -> list[int]:
    return [p.index for p in result.points if rule in p.rules]


def test_hand_worked_limits() -> None:
    mean = (9 + 12 + 11 + 13 + 10 + 9 + 11 + 12 + 13 + 10 + 11 + 12 + 10) / 13
    moving_ranges = [3, 1, 2, 3, 1, 2, 1, 1, 3, 1, 1, 2]
    mr_bar = sum(moving_ranges) / 12
    assert (mean, mr_bar) == (11, 1.75)

    result = spc_analysis(BASE, polarity=HIGHER)

    assert result.enough_data
    assert result.mean == pytest.approx(11)
    assert result.upper_limit == pytest.approx(15.655)
    assert result.lower_limit == pytest.approx(6.345)
    point = result.points[0]
    assert point.upper_near == pytest.approx(11 + 2 / 3 * 2.66 * 1.75)
    assert point.lower_near == pytest.approx(7.896667, abs=1e-6)
    assert all(p.rules == frozenset() for p in result.points)
    assert all(p.variation is Variation.COMMON_CAUSE for p in result.points)
    assert all(p.side is None for p in result.points)
    assert result.variation is Variation.COMMON_CAUSE


def test_astronomical_high_point() -> None:
    result = extended(16)
    last = result.points[-1]
    assert last.rules == {SpcRule.ASTRONOMICAL}
    assert last.side is Side.HIGH
    assert last.variation is Variation.IMPROVEMENT
    assert result.variation is Variation.IMPROVEMENT
    assert extended(16, polarity=LOWER).variation is Variation.CONCERN
    assert extended(16, polarity=Polarity.NONE).variation is Variation.NEUTRAL_HIGH


def test_astronomical_low_point() -> None:
    result = extended(6)
    assert flagged(result, SpcRule.ASTRONOMICAL) == [13]
    assert result.points[-1].side is Side.LOW
    assert result.variation is Variation.CONCERN
    assert extended(6, polarity=LOWER).variation is Variation.IMPROVEMENT
    assert extended(6, polarity=Polarity.NONE).variation is Variation.NEUTRAL_LOW


def test_point_inside_limits_is_not_astronomical() -> None:
    # 15 is beyond the near line but inside the process limit, and on its own.
    result = extended(15)
    assert result.points[-1].rules == frozenset()
    assert result.variation is Variation.COMMON_CAUSE


def test_shift_flags_every_point_of_the_run() -> None:
    result = extended(*[12] * 7)
    assert flagged(result, SpcRule.SHIFT) == list(range(13, 20))
    assert all(p.side is Side.HIGH for p in result.points[13:])
    assert result.variation is Variation.IMPROVEMENT


def test_six_points_do_not_make_a_shift_of_seven() -> None:
    assert flagged(extended(*[12] * 6), SpcRule.SHIFT) == []
    assert flagged(extended(*[12] * 6, run_length=6), SpcRule.SHIFT) == list(range(13, 19))


def test_a_point_on_the_mean_breaks_a_shift() -> None:
    result = extended(12, 12, 12, 11, 12, 12, 12)
    assert result.points[16].value == result.points[16].mean
    assert flagged(result, SpcRule.SHIFT) == []


def test_shift_below_the_mean() -> None:
    result = extended(*[10] * 8)
    # BASE ends with 10, below the mean, so the run is 9 points long.
    assert flagged(result, SpcRule.SHIFT) == list(range(12, 21))
    assert result.points[-1].side is Side.LOW
    assert result.variation is Variation.CONCERN


def test_rising_trend() -> None:
    result = extended(7, 8, 9, 10, 11, 12, 13)
    assert flagged(result, SpcRule.TREND) == list(range(13, 20))
    assert {p.side for p in result.points[13:]} == {Side.HIGH}
    assert all(p.rules == {SpcRule.TREND} for p in result.points[13:])
    assert result.variation is Variation.IMPROVEMENT


def test_falling_trend_is_low_side() -> None:
    result = extended(14, 13, 12, 11, 10, 9, 8)
    assert flagged(result, SpcRule.TREND) == list(range(13, 20))
    assert result.variation is Variation.CONCERN
    assert extended(14, 13, 12, 11, 10, 9, 8, polarity=LOWER).variation is Variation.IMPROVEMENT


def test_six_rising_points_do_not_make_a_trend_of_seven() -> None:
    assert flagged(extended(8, 9, 10, 11, 12, 13), SpcRule.TREND) == []
    assert flagged(extended(8, 9, 10, 11, 12, 13, run_length=6), SpcRule.TREND) == list(
        range(13, 19)
    )


def test_a_repeated_value_breaks_a_trend() -> None:
    assert flagged(extended(7, 8, 9, 9, 10, 11, 12, 13), SpcRule.TREND) == []


def test_two_in_three_flags_only_the_points_beyond_the_near_line() -> None:
    result = extended(14.5, 12, 14.5)
    assert flagged(result, SpcRule.TWO_IN_THREE) == [13, 15]
    assert result.points[14].rules == frozenset()
    assert result.variation is Variation.IMPROVEMENT


def test_two_in_three_low_side() -> None:
    result = extended(7.5, 10, 7.5)
    assert flagged(result, SpcRule.TWO_IN_THREE) == [13, 15]
    assert result.points[-1].side is Side.LOW


def test_two_in_three_needs_all_three_points_on_one_side_of_the_mean() -> None:
    assert flagged(extended(14.5, 10, 14.5), SpcRule.TWO_IN_THREE) == []


def test_one_point_beyond_the_near_line_is_not_two_in_three() -> None:
    assert flagged(extended(14.5, 12, 12), SpcRule.TWO_IN_THREE) == []


def test_points_beyond_the_process_limits_count_towards_two_in_three() -> None:
    # Making Data Count's current rule; plotthedots would not flag point 13.
    result = extended(14.5, 16, 12)
    assert flagged(result, SpcRule.TWO_IN_THREE) == [13, 14]
    assert result.points[14].rules == {SpcRule.ASTRONOMICAL, SpcRule.TWO_IN_THREE}


def test_improvement_wins_when_a_point_has_both_signals() -> None:
    # 16 is above the upper limit (high) and starts a 7-point falling trend (low).
    values = (16, 15, 14, 13, 12, 11, 10)
    for polarity in (HIGHER, LOWER):
        result = extended(*values, polarity=polarity)
        assert result.points[13].rules == {
            SpcRule.ASTRONOMICAL,
            SpcRule.TREND,
            SpcRule.TWO_IN_THREE,
        }
        assert result.points[13].variation is Variation.IMPROVEMENT
        assert result.points[14].variation is Variation.IMPROVEMENT
    assert extended(*values).points[13].side is Side.HIGH
    assert extended(*values, polarity=LOWER).points[13].side is Side.LOW
    # Points only in the falling trend follow the polarity.
    assert extended(*values).points[16].variation is Variation.CONCERN
    assert extended(*values, polarity=LOWER).points[16].variation is Variation.IMPROVEMENT
    # With no direction, the side of the mean decides.
    assert extended(*values, polarity=Polarity.NONE).points[13].variation is (
        Variation.NEUTRAL_HIGH
    )


def test_within_band_signals_are_neutral() -> None:
    result = extended(16, polarity=Polarity.WITHIN_BAND, target=11)
    assert result.variation is Variation.NEUTRAL_HIGH
    assert result.assurance is Assurance.NO_TARGET


def test_screening_drops_outlying_moving_ranges() -> None:
    values = [10, 11, 10, 11, 10, 11, 30, 11, 10, 11, 10, 11, 10]
    # mean = 156 / 13 = 12; ranges: ten of 1 and two of 19, mean range 48 / 12 = 4.
    # 19 > 3.267 × 4 = 13.068, so screening drops both and the mean range is 10 / 10 = 1.
    plain = spc_analysis(values, polarity=HIGHER)
    screened = spc_analysis(values, polarity=HIGHER, screen_outliers=True)
    assert plain.mean == screened.mean == pytest.approx(12)
    assert plain.upper_limit == pytest.approx(12 + 2.66 * 4)
    assert screened.upper_limit == pytest.approx(12 + 2.66 * 1)
    assert screened.lower_limit == pytest.approx(12 - 2.66 * 1)


def test_screening_a_flat_baseline_keeps_its_limits() -> None:
    result = spc_analysis([5] * 13, polarity=HIGHER, screen_outliers=True)
    assert (result.mean, result.lower_limit, result.upper_limit) == (5, 5, 5)


def test_rebasing_gives_each_segment_its_own_limits() -> None:
    values = BASE + [v + 10 for v in BASE]
    rebased = spc_analysis(values, polarity=HIGHER, rebase_at=[13])
    assert rebased.mean == pytest.approx(21)
    assert rebased.upper_limit == pytest.approx(21 + 2.66 * 1.75)
    assert rebased.points[0].mean == pytest.approx(11)
    assert all(not p.rules for p in rebased.points)
    # Without the rebase the step change is a special cause.
    assert any(p.rules for p in spc_analysis(values, polarity=HIGHER).points)


def test_rules_do_not_run_across_a_rebase() -> None:
    # Six points above the mean either side of the rebase would be a run of 12 in one segment.
    first = [*BASE[:7], 12, 12, 12, 12, 12, 12]
    second = [12, 12, 12, 12, 12, 12, 10, 11, 10, 9, 12, 11, 10]
    assert 13 in flagged(spc_analysis(first + second, polarity=HIGHER), SpcRule.SHIFT)
    result = spc_analysis(first + second, polarity=HIGHER, rebase_at=[13])
    assert flagged(result, SpcRule.SHIFT) == []


def test_a_short_latest_segment_has_not_enough_data() -> None:
    result = spc_analysis(BASE + [20, 21, 22], polarity=HIGHER, target=5, rebase_at=[13])
    assert not result.enough_data
    assert result.variation is Variation.NOT_ENOUGH_DATA
    assert result.assurance is Assurance.NOT_ENOUGH_DATA
    assert result.points[0].mean == pytest.approx(11)
    assert result.points[-1].mean is None


def test_fewer_than_thirteen_points_gives_no_limits() -> None:
    result = spc_analysis(BASE[:12], polarity=HIGHER, target=5)
    assert not result.enough_data
    assert (result.mean, result.upper_limit, result.lower_limit) == (None, None, None)
    assert result.variation is Variation.NOT_ENOUGH_DATA
    assert result.assurance is Assurance.NOT_ENOUGH_DATA
    assert all(p.variation is Variation.NOT_ENOUGH_DATA for p in result.points)
    assert all(p.upper_limit is None and not p.rules for p in result.points)
    assert spc_analysis(BASE[:12], polarity=HIGHER, minimum_points=12).enough_data


def test_no_values() -> None:
    result = spc_analysis([], polarity=HIGHER)
    assert result.points == ()
    assert result.variation is Variation.NOT_ENOUGH_DATA


def test_baseline_fixes_the_limits() -> None:
    result = spc_analysis([*BASE, 30, 31, 29], polarity=HIGHER, baseline_points=13)
    assert result.mean == pytest.approx(11)
    assert flagged(result, SpcRule.ASTRONOMICAL) == [13, 14, 15]


@pytest.mark.parametrize(
    ("polarity", "target", "assurance"),
    [
        (HIGHER, 5, Assurance.CONSISTENTLY_PASSING),
        (HIGHER, 16, Assurance.CONSISTENTLY_FAILING),
        (HIGHER, 11, Assurance.HIT_AND_MISS),
        (LOWER, 5, Assurance.CONSISTENTLY_FAILING),
        (LOWER, Decimal(16), Assurance.CONSISTENTLY_PASSING),
        (LOWER, 11, Assurance.HIT_AND_MISS),
        (HIGHER, None, Assurance.NO_TARGET),
        (Polarity.NONE, 5, Assurance.NO_TARGET),
    ],
)
def test_assurance(polarity: Polarity, target: float | None, assurance: Assurance) -> None:
    assert spc_analysis(BASE, polarity=polarity, target=target).assurance is assurance


def test_a_target_exactly_on_a_limit_is_hit_and_miss() -> None:
    result = spc_analysis(BASE, polarity=HIGHER)
    for target in (result.upper_limit, result.lower_limit):
        assert target is not None
        assert spc_analysis(BASE, polarity=HIGHER, target=target).assurance is (
            Assurance.HIT_AND_MISS
        )
        assert spc_analysis(BASE, polarity=LOWER, target=target).assurance is (
            Assurance.HIT_AND_MISS
        )


def test_decimal_values_are_accepted() -> None:
    result = spc_analysis([Decimal(v) for v in BASE], polarity=HIGHER)
    assert result.mean == pytest.approx(11)


@pytest.mark.parametrize(
    ("values", "options"),
    [
        ([*BASE, None], {}),
        ([*BASE, math.nan], {}),
        ([*BASE, math.inf], {}),
        (BASE, {"run_length": 1}),
        (BASE, {"minimum_points": 1}),
        (BASE, {"baseline_points": 1}),
        (BASE, {"rebase_at": [0]}),
        (BASE, {"rebase_at": [13]}),
    ],
)
def test_invalid_input(values: list[float], options: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        spc_analysis(values, polarity=HIGHER, **options)  # type: ignore[arg-type]


# Properties ------------------------------------------------------------------------------

series = st.lists(st.integers(-1000, 1000), min_size=13, max_size=40)


def no_exact_ties(values: list[int], target: int) -> bool:
    """No point or target exactly on a limit or near line (float rounding may decide those)."""
    mean = Fraction(sum(values), len(values))
    mr_bar = Fraction(sum(abs(b - a) for a, b in pairwise(values)), len(values) - 1)
    lines = {Fraction(266, 100) * mr_bar, Fraction(266, 150) * mr_bar}
    return not any(abs(v - mean) in lines for v in [*values, target])


def signals(result: SpcResult) -> list[tuple[frozenset[SpcRule], Side | None, Variation]]:
    return [(p.rules, p.side, p.variation) for p in result.points]


@given(series)
def test_limits_are_symmetric_about_the_mean(values: list[int]) -> None:
    for p in spc_analysis(values, polarity=HIGHER).points:
        assert p.mean is not None and p.upper_limit is not None and p.lower_limit is not None
        assert p.upper_near is not None and p.lower_near is not None
        assert p.upper_limit - p.mean == pytest.approx(p.mean - p.lower_limit)
        assert p.upper_near - p.mean == pytest.approx(p.mean - p.lower_near)
        assert p.lower_limit <= p.lower_near <= p.mean <= p.upper_near <= p.upper_limit


@given(series, st.integers(-10_000, 10_000))
def test_adding_a_constant_shifts_the_chart_and_keeps_the_signals(
    values: list[int], constant: int
) -> None:
    assume(no_exact_ties(values, 0))
    before = spc_analysis(values, polarity=HIGHER, target=0)
    after = spc_analysis([v + constant for v in values], polarity=HIGHER, target=constant)
    assert limits(after) == pytest.approx([x + constant for x in limits(before)])
    assert signals(after) == signals(before)
    assert after.assurance is before.assurance


@given(series, st.floats(0.001, 1000))
def test_scaling_scales_the_limits(values: list[int], factor: float) -> None:
    before = limits(spc_analysis(values, polarity=HIGHER))
    after = limits(spc_analysis([v * factor for v in values], polarity=HIGHER))
    assert after == pytest.approx([x * factor for x in before], abs=1e-9)


@given(series, st.integers(-8, 8))
def test_scaling_by_a_power_of_two_keeps_the_signals(values: list[int], power: int) -> None:
    # Powers of two scale floats exactly, so every comparison comes out the same.
    scaled = spc_analysis([v * 2.0**power for v in values], polarity=HIGHER)
    assert signals(scaled) == signals(spc_analysis(values, polarity=HIGHER))


@given(st.floats(-1e6, 1e6), st.integers(13, 40), st.booleans())
def test_a_constant_series_has_no_special_causes(value: float, n: int, screen: bool) -> None:
    result = spc_analysis([value] * n, polarity=HIGHER, screen_outliers=screen)
    assert all(not p.rules and p.variation is Variation.COMMON_CAUSE for p in result.points)
    assert limits(result) == (value, value, value)


SWAPPED = {
    Variation.COMMON_CAUSE: {Variation.COMMON_CAUSE},
    Variation.CONCERN: {Variation.IMPROVEMENT},
    # An improvement may have been a concern outvoted; then it is an improvement both ways.
    Variation.IMPROVEMENT: {Variation.CONCERN, Variation.IMPROVEMENT},
}


@given(series, st.integers(-1000, 1000), st.booleans())
def test_reversing_polarity_swaps_improvement_and_concern(
    values: list[int], target: int, screen: bool
) -> None:
    higher = spc_analysis(values, polarity=HIGHER, target=target, screen_outliers=screen)
    lower = spc_analysis(values, polarity=LOWER, target=target, screen_outliers=screen)
    neutral = spc_analysis(values, polarity=Polarity.NONE, screen_outliers=screen)
    for h, lo, n in zip(higher.points, lower.points, neutral.points, strict=True):
        assert h.rules == lo.rules == n.rules
        assert lo.variation in SWAPPED[h.variation]
        if h.side == lo.side and h.side is not None:  # a single-sided signal: same meaning
            assert n.variation is (
                Variation.NEUTRAL_HIGH if h.side is Side.HIGH else Variation.NEUTRAL_LOW
            )
    swapped_assurance = {
        Assurance.CONSISTENTLY_PASSING: Assurance.CONSISTENTLY_FAILING,
        Assurance.CONSISTENTLY_FAILING: Assurance.CONSISTENTLY_PASSING,
        Assurance.HIT_AND_MISS: Assurance.HIT_AND_MISS,
    }
    assert lower.assurance is swapped_assurance[higher.assurance]


@settings(max_examples=50)
@given(series, st.integers(2, 9))
def test_every_flagged_run_is_long_enough(values: list[int], run_length: int) -> None:
    result = spc_analysis(values, polarity=HIGHER, run_length=run_length)
    for rule in (SpcRule.SHIFT, SpcRule.TREND):
        indices = flagged(result, rule)
        runs: list[list[int]] = []
        for i in indices:
            if runs and runs[-1][-1] == i - 1:
                runs[-1].append(i)
            else:
                runs.append([i])
        # Adjacent rising and falling trends may share a peak, so lengths add up to at least N.
        assert all(len(run) >= run_length for run in runs)
