from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.survey import SurveyError, proportion_interval, wilson_bounds


@pytest.mark.parametrize(
    ("successes", "n", "percentage", "lower", "upper"),
    [
        (684, 1104, "61.96", "59.06", "64.77"),
        (0, 10, "0.00", "0.00", "27.75"),
        (10, 10, "100.00", "72.25", "100.00"),
        (50, 100, "50.00", "40.38", "59.62"),
    ],
)
def test_worked_examples(successes, n, percentage, lower, upper):
    result = proportion_interval(successes, n)
    assert (result.percentage, result.lower, result.upper) == (
        Decimal(percentage),
        Decimal(lower),
        Decimal(upper),
    )


def test_margin_is_the_larger_side():
    assert proportion_interval(50, 100).margin == Decimal("9.62")


@pytest.mark.parametrize(("successes", "n"), [(1, 0), (-1, 10), (11, 10)])
def test_impossible_counts_are_refused(successes, n):
    with pytest.raises(SurveyError):
        proportion_interval(successes, n)


samples = st.integers(min_value=1, max_value=100_000).flatmap(
    lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
)


@given(samples)
def test_interval_contains_the_estimate_and_stays_in_range(sample):
    successes, n = sample
    lower, upper = wilson_bounds(successes, n)
    assert 0 <= lower <= successes / n <= upper <= 1


@given(samples)
def test_interval_is_symmetric_between_yes_and_no(sample):
    successes, n = sample
    lower, upper = wilson_bounds(successes, n)
    other_lower, other_upper = wilson_bounds(n - successes, n)
    assert lower == pytest.approx(1 - other_upper, abs=1e-12)
    assert upper == pytest.approx(1 - other_lower, abs=1e-12)


@given(st.integers(min_value=1, max_value=2_000), st.floats(min_value=0.05, max_value=0.95))
def test_a_larger_sample_gives_a_narrower_interval(n, share):
    successes = round(share * n)
    lower, upper = wilson_bounds(successes, n)
    big_lower, big_upper = wilson_bounds(successes * 4, n * 4)
    assert big_upper - big_lower < upper - lower
