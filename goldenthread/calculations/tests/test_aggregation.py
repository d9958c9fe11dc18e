from decimal import Decimal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from goldenthread.calculations.aggregation import (
    Aggregation,
    ProfileMethod,
    aggregate,
    profile_annual_target,
)

D = Decimal
SEASONAL = ProfileMethod.SEASONAL


def ds(*values: int | str) -> list[Decimal]:
    return [D(v) for v in values]


def test_aggregate_worked_examples() -> None:
    values = [D(5), None, D(7)]
    assert aggregate(values, Aggregation.SUM) == 12
    assert aggregate(values, Aggregation.AVERAGE) == 6
    assert aggregate(values, Aggregation.LATEST) == 7
    assert aggregate(values, Aggregation.YEAR_TO_DATE) == 7


@pytest.mark.parametrize("rule", list(Aggregation))
def test_aggregate_nothing(rule: Aggregation) -> None:
    assert aggregate([], rule) is None
    assert aggregate([None, None], rule) is None


def test_latest_skips_missing_trailing_values() -> None:
    assert aggregate([D(5), D(8), None], Aggregation.LATEST) == 8


def test_profile_worked_examples() -> None:
    # The worked examples in the aggregation module docstring.
    assert profile_annual_target(D(1200), 4, rule=Aggregation.SUM) == ds(300, 300, 300, 300)
    assert profile_annual_target(D(100), 3, rule=Aggregation.SUM, quantum=D(1)) == ds(33, 34, 33)
    assert profile_annual_target(
        D(1200), 4, method=SEASONAL, weights=ds(1, 1, 2, 2), rule=Aggregation.SUM
    ) == ds(200, 200, 400, 400)
    assert profile_annual_target(
        D(80), 4, method=SEASONAL, weights=ds(1, 1, 2, 4), rule=Aggregation.AVERAGE
    ) == ds(40, 40, 80, 160)
    assert profile_annual_target(
        D(90), 3, method=SEASONAL, weights=ds(1, 2, 3), rule=Aggregation.LATEST
    ) == ds(30, 60, 90)
    assert profile_annual_target(D(1200), 4, rule=Aggregation.YEAR_TO_DATE) == ds(
        300, 600, 900, 1200
    )


def test_even_average_and_latest_repeat_the_annual_target() -> None:
    for rule in (Aggregation.AVERAGE, Aggregation.LATEST):
        assert profile_annual_target(D("92.5"), 12, rule=rule) == [D("92.5")] * 12


def test_seasonal_year_to_date_with_quantum() -> None:
    profile = profile_annual_target(
        D(1000), 4, method=SEASONAL, weights=ds(1, 1, 1, 0), rule=Aggregation.YEAR_TO_DATE,
        quantum=D(1),
    )  # fmt: skip
    assert profile == ds(333, 667, 1000, 1000)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"periods": 0}, "at least 1"),
        ({"method": SEASONAL}, "needs weights"),
        ({"weights": ds(1, 1, 1, 1)}, "only used"),
        ({"method": SEASONAL, "weights": ds(1, 1)}, "expected 4"),
        ({"method": SEASONAL, "weights": ds(1, 1, 1, -1)}, "non-negative"),
        ({"method": SEASONAL, "weights": ds(0, 0, 0, 0)}, "not all zero"),
        (
            {"method": SEASONAL, "weights": ds(1, 1, 1, 0), "rule": Aggregation.LATEST},
            "last seasonal weight",
        ),
    ],
)
def test_profile_rejects_bad_input(options: dict[str, object], message: str) -> None:
    arguments: dict[str, object] = {"periods": 4, "rule": Aggregation.SUM, **options}
    with pytest.raises(ValueError, match=message):
        profile_annual_target(D(100), **arguments)  # type: ignore[arg-type]


annuals = st.decimals(min_value=-1_000_000, max_value=1_000_000, places=2)
weights_for = {
    n: st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=n, max_size=n)
    for n in (1, 2, 4, 12, 13)
}


@st.composite
def profiles(draw: st.DrawFn) -> tuple[Decimal, int, ProfileMethod, list[Decimal] | None]:
    periods = draw(st.sampled_from(sorted(weights_for)))
    method = draw(st.sampled_from(ProfileMethod))
    weights = draw(weights_for[periods]) if method is SEASONAL else None
    assume(weights is None or any(weights))
    return draw(annuals), periods, method, weights


@given(profiles(), st.sampled_from(Aggregation))
def test_aggregating_the_profile_gives_the_annual_target(
    profile: tuple[Decimal, int, ProfileMethod, list[Decimal] | None], rule: Aggregation
) -> None:
    annual, periods, method, weights = profile
    assume(not (rule is Aggregation.LATEST and weights is not None and weights[-1] == 0))
    result = profile_annual_target(annual, periods, method=method, weights=weights, rule=rule)
    assert len(result) == periods
    total = aggregate(result, rule)
    assert total is not None
    assert abs(total - annual) <= D("1e-20")


@given(profiles(), st.sampled_from(Aggregation), st.sampled_from([D(1), D("0.01")]))
def test_a_quantised_profile_aggregates_exactly(
    profile: tuple[Decimal, int, ProfileMethod, list[Decimal] | None],
    rule: Aggregation,
    quantum: Decimal,
) -> None:
    annual, periods, method, weights = profile
    annual = annual.quantize(quantum)
    assume(not (rule is Aggregation.LATEST and weights is not None and weights[-1] == 0))
    result = profile_annual_target(
        annual, periods, method=method, weights=weights, rule=rule, quantum=quantum
    )
    assert aggregate(result, rule) == annual
    assert all(v == v.quantize(quantum) for v in result)


@given(annuals, st.integers(1, 24))
def test_year_to_date_profile_never_goes_backwards(annual: Decimal, periods: int) -> None:
    result = profile_annual_target(abs(annual), periods, rule=Aggregation.YEAR_TO_DATE)
    assert result == sorted(result)
    assert result[-1] == abs(annual)
