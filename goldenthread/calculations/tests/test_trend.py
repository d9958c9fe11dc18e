from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import Band
from goldenthread.calculations.trend import Direction, direction_of_travel

D = Decimal
HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
BAND = Band(D("0.9"), D("1.0"))


def test_worked_examples() -> None:
    # The worked examples in the trend module docstring.
    assert direction_of_travel(D(72), D(70), HIGHER) is Direction.IMPROVING
    assert direction_of_travel(D(72), D(70), LOWER) is Direction.DECLINING
    assert direction_of_travel(D("70.4"), D(70), HIGHER, threshold=D("0.5")) is (
        Direction.NO_CHANGE
    )
    band = Polarity.WITHIN_BAND
    assert direction_of_travel(D("1.05"), D("1.2"), band, band=BAND) is Direction.IMPROVING
    assert direction_of_travel(D("0.8"), D("1.05"), band, band=BAND) is Direction.DECLINING
    assert direction_of_travel(D(5), D(3), Polarity.NONE) is Direction.UP


def test_other_cases() -> None:
    assert direction_of_travel(D(70), D(70), HIGHER) is Direction.NO_CHANGE
    assert direction_of_travel(D("70.5"), D(70), HIGHER, threshold=D("0.5")) is (
        Direction.NO_CHANGE
    )
    assert direction_of_travel(D("70.6"), D(70), HIGHER, threshold=D("0.5")) is (
        Direction.IMPROVING
    )
    assert direction_of_travel(D(3), D(5), Polarity.NONE) is Direction.DOWN
    assert direction_of_travel(D(5), D(5), Polarity.NONE) is Direction.NO_CHANGE
    band = Polarity.WITHIN_BAND
    # Moving about inside the band is no change; entering it is improving.
    assert direction_of_travel(D("0.92"), D("0.98"), band, band=BAND) is Direction.NO_CHANGE
    assert direction_of_travel(D("0.95"), D("0.7"), band, band=BAND) is Direction.IMPROVING
    # Crossing to the other side, but nearer: improving.
    assert direction_of_travel(D("0.85"), D("1.2"), band, band=BAND) is Direction.IMPROVING


def test_missing_values_are_not_comparable() -> None:
    assert direction_of_travel(None, D(1), HIGHER) is Direction.NOT_COMPARABLE
    assert direction_of_travel(D(1), None, LOWER) is Direction.NOT_COMPARABLE
    assert direction_of_travel(None, None, Polarity.NONE) is Direction.NOT_COMPARABLE


def test_invalid_arguments() -> None:
    with pytest.raises(ValueError):
        direction_of_travel(D(1), D(2), Polarity.WITHIN_BAND)
    with pytest.raises(ValueError):
        direction_of_travel(D(1), D(2), HIGHER, band=BAND)
    with pytest.raises(ValueError):
        direction_of_travel(D(1), D(2), HIGHER, threshold=D(-1))


amounts = st.decimals(min_value=-1000, max_value=1000, places=2)
thresholds = st.decimals(min_value=0, max_value=10, places=2)
SWAP = {
    Direction.IMPROVING: Direction.DECLINING,
    Direction.DECLINING: Direction.IMPROVING,
    Direction.NO_CHANGE: Direction.NO_CHANGE,
}


@given(amounts, amounts, thresholds)
def test_lower_is_better_is_the_mirror_of_higher(
    current: Decimal, previous: Decimal, threshold: Decimal
) -> None:
    higher = direction_of_travel(current, previous, HIGHER, threshold=threshold)
    lower = direction_of_travel(current, previous, LOWER, threshold=threshold)
    assert lower is SWAP[higher]
    assert direction_of_travel(previous, current, HIGHER, threshold=threshold) is SWAP[higher]
    neutral = direction_of_travel(current, previous, Polarity.NONE, threshold=threshold)
    assert (
        neutral
        is {
            Direction.IMPROVING: Direction.UP,
            Direction.DECLINING: Direction.DOWN,
            Direction.NO_CHANGE: Direction.NO_CHANGE,
        }[higher]
    )


@given(amounts, amounts, thresholds)
def test_no_change_exactly_within_the_threshold(
    current: Decimal, previous: Decimal, threshold: Decimal
) -> None:
    result = direction_of_travel(current, previous, HIGHER, threshold=threshold)
    assert (result is Direction.NO_CHANGE) == (abs(current - previous) <= threshold)


@given(amounts, amounts)
def test_band_direction_follows_distance_outside(current: Decimal, previous: Decimal) -> None:
    def outside(x: Decimal) -> Decimal:
        return max(BAND.lower - x, x - BAND.upper, D(0))

    result = direction_of_travel(current, previous, Polarity.WITHIN_BAND, band=BAND)
    if outside(current) < outside(previous):
        assert result is Direction.IMPROVING
    elif outside(current) > outside(previous):
        assert result is Direction.DECLINING
    else:
        assert result is Direction.NO_CHANGE
    assert direction_of_travel(previous, current, Polarity.WITHIN_BAND, band=BAND) is SWAP[result]
