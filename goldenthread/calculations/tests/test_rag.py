from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import (
    Band,
    RagResult,
    RagStatus,
    Tolerance,
    rag_for_comparator,
    rag_status,
)

D = Decimal
HIGHER = Polarity.HIGHER_IS_BETTER
LOWER = Polarity.LOWER_IS_BETTER
BAND = Polarity.WITHIN_BAND


@pytest.mark.parametrize(
    ("value", "target", "polarity", "tolerance", "expected"),
    [
        # The worked examples in the rag module docstring.
        (D(92), D(90), HIGHER, None, RagResult(RagStatus.GREEN, D(2))),
        (D(88), D(90), HIGHER, Tolerance.percent(D(5)), RagResult(RagStatus.AMBER, D(-2))),
        (D(85), D(90), HIGHER, Tolerance.percent(D(5)), RagResult(RagStatus.RED, D(-5))),
        (D(88), D(90), HIGHER, None, RagResult(RagStatus.RED, D(-2))),
        (D(12), D(10), LOWER, Tolerance.absolute(D(2)), RagResult(RagStatus.AMBER, D(-2))),
        (D("0.6"), Band(D("0.4"), D("0.6")), BAND, None, RagResult(RagStatus.GREEN, D(0))),
        (
            D("1.08"),
            Band(D("0.9"), D("1.0")),
            BAND,
            Tolerance.percent(D(10)),
            RagResult(RagStatus.AMBER, D("-0.08")),
        ),
        # Edges: exactly on target is green; exactly at the tolerance is amber.
        (D(90), D(90), HIGHER, None, RagResult(RagStatus.GREEN, D(0))),
        (D(10), D(10), LOWER, None, RagResult(RagStatus.GREEN, D(0))),
        (D("85.5"), D(90), HIGHER, Tolerance.percent(D(5)), RagResult(RagStatus.AMBER, D("-4.5"))),
        (D("12.01"), D(10), LOWER, Tolerance.absolute(D(2)), RagResult(RagStatus.RED, D("-2.01"))),
        # Percentage of the target's magnitude, for a negative target too.
        (D(-21), D(-20), HIGHER, Tolerance.percent(D(10)), RagResult(RagStatus.AMBER, D(-1))),
        (D(-23), D(-20), HIGHER, Tolerance.percent(D(10)), RagResult(RagStatus.RED, D(-3))),
        # Inside a band: the gap is the distance to the nearest edge.
        (D("0.95"), Band(D("0.9"), D("1.0")), BAND, None, RagResult(RagStatus.GREEN, D("0.05"))),
        (D("0.85"), Band(D("0.9"), D("1.0")), BAND, None, RagResult(RagStatus.RED, D("-0.05"))),
        (
            D("0.85"),
            Band(D("0.9"), D("1.0")),
            BAND,
            Tolerance.absolute(D("0.05")),
            RagResult(RagStatus.AMBER, D("-0.05")),
        ),
    ],
)
def test_worked_examples(
    value: Decimal,
    target: Decimal | Band,
    polarity: Polarity,
    tolerance: Tolerance | None,
    expected: RagResult,
) -> None:
    assert rag_status(value, target, polarity, tolerance) == expected


def test_no_value_is_no_data_even_without_a_target() -> None:
    assert rag_status(None, D(5), HIGHER) == RagResult(RagStatus.NO_DATA, None)
    assert rag_status(None, None, HIGHER) == RagResult(RagStatus.NO_DATA, None)
    assert rag_status(None, None, Polarity.NONE).status is RagStatus.NO_DATA


def test_no_target() -> None:
    assert rag_status(D(5), None, HIGHER, Tolerance.absolute(D(1))) == RagResult(
        RagStatus.NO_TARGET, None
    )


def test_no_polarity_is_not_assessed() -> None:
    assert rag_status(D(5), D(5), Polarity.NONE).status is RagStatus.NOT_ASSESSED
    assert rag_status(D(5), None, Polarity.NONE).status is RagStatus.NOT_ASSESSED


def test_plain_string_polarity_works() -> None:
    # Django model fields may hand over the stored string rather than the enum member.
    assert rag_status(D(5), D(4), "lower").status is RagStatus.RED  # type: ignore[arg-type]


def test_target_must_match_polarity() -> None:
    with pytest.raises(TypeError):
        rag_status(D(5), D(5), BAND)
    with pytest.raises(TypeError):
        rag_status(D(5), Band(D(1), D(2)), HIGHER)


def test_invalid_band_and_tolerance() -> None:
    with pytest.raises(ValueError):
        Band(D(2), D(1))
    with pytest.raises(ValueError):
        Tolerance.absolute(D(-1))


def test_unemployment_below_the_regional_average() -> None:
    # The seeds' example: unemployment 6.5% against a regional average of 6.6%.
    result = rag_for_comparator(D("6.5"), D("6.6"), LOWER)
    assert result == RagResult(RagStatus.GREEN, D("0.1"))


def test_comparator_with_margin_and_tolerance() -> None:
    # "At least 2 points above the national rate": target 72 + 2 = 74.
    assert rag_for_comparator(D(75), D(72), HIGHER, margin=D(2)).status is RagStatus.GREEN
    assert rag_for_comparator(D(73), D(72), HIGHER, margin=D(2)).status is RagStatus.RED
    assert (
        rag_for_comparator(D(73), D(72), HIGHER, Tolerance.absolute(D(1)), margin=D(2)).status
        is RagStatus.AMBER
    )
    # "Below the regional average by 0.5": target 6.1.
    assert rag_for_comparator(D("6.2"), D("6.6"), LOWER, margin=D("0.5")).gap == D("-0.1")
    # Within 1 of the comparator either way.
    assert rag_for_comparator(D(10), D(9), BAND, margin=D(1)).status is RagStatus.GREEN
    assert rag_for_comparator(D(11), D(9), BAND, margin=D(1)).status is RagStatus.RED


def test_comparator_missing_or_negative_margin() -> None:
    assert rag_for_comparator(D(5), None, HIGHER).status is RagStatus.NO_TARGET
    assert rag_for_comparator(None, D(5), HIGHER).status is RagStatus.NO_DATA
    with pytest.raises(ValueError):
        rag_for_comparator(D(5), D(5), HIGHER, margin=D(-1))


# Properties ------------------------------------------------------------------------------

amounts = st.decimals(min_value=-10_000, max_value=10_000, places=2)
tolerances = st.builds(
    Tolerance,
    st.decimals(min_value=0, max_value=100, places=1),
    st.booleans(),
)


@given(amounts, amounts, st.sampled_from([HIGHER, LOWER]), st.none() | tolerances)
def test_green_exactly_when_at_least_as_good_as_target(
    value: Decimal, target: Decimal, polarity: Polarity, tolerance: Tolerance | None
) -> None:
    result = rag_status(value, target, polarity, tolerance)
    better = value >= target if polarity is HIGHER else value <= target
    assert (result.status is RagStatus.GREEN) == better
    assert result.gap == (value - target if polarity is HIGHER else target - value)


@given(amounts, amounts, st.none() | tolerances)
def test_lower_is_better_mirrors_higher(
    value: Decimal, target: Decimal, tolerance: Tolerance | None
) -> None:
    assert rag_status(value, target, HIGHER, tolerance) == rag_status(
        -value, -target, LOWER, tolerance
    )


@given(amounts, amounts, st.sampled_from([HIGHER, LOWER]), tolerances)
def test_a_tolerance_only_turns_red_into_amber(
    value: Decimal, target: Decimal, polarity: Polarity, tolerance: Tolerance
) -> None:
    without = rag_status(value, target, polarity).status
    with_tolerance = rag_status(value, target, polarity, tolerance).status
    assert without in (RagStatus.GREEN, RagStatus.RED)
    assert with_tolerance is without or (without, with_tolerance) == (
        RagStatus.RED,
        RagStatus.AMBER,
    )


@given(amounts, amounts, amounts, st.none() | tolerances)
def test_band_status(value: Decimal, a: Decimal, b: Decimal, tolerance: Tolerance | None) -> None:
    band = Band(min(a, b), max(a, b))
    result = rag_status(value, band, BAND, tolerance)
    inside = band.lower <= value <= band.upper
    assert (result.status is RagStatus.GREEN) == inside
    assert result.gap is not None
    assert (result.gap >= 0) == inside
    assert abs(result.gap) == min(abs(value - band.lower), abs(value - band.upper))
