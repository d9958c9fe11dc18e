from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.aggregation import (
    Aggregation,
    ProfileMethod,
    profile_annual_target,
)
from goldenthread.calculations.forecast import Forecast, forecast_rag, year_end_forecast
from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import RagStatus, Tolerance

D = Decimal


def ds(*values: int | str | None) -> list[Decimal | None]:
    return [None if v is None else D(v) for v in values]


def weights(*values: int) -> list[Decimal]:
    return [D(v) for v in values]


@pytest.mark.parametrize(
    ("values", "periods", "rule", "profile", "expected"),
    [
        # The worked examples in the forecast module docstring.
        (ds(100, 120, 80), 12, Aggregation.SUM, None, D(1200)),
        (ds(100, 100), 4, Aggregation.SUM, weights(1, 1, 1, 2), D(500)),
        (ds(90, 94, None), 12, Aggregation.AVERAGE, None, D(92)),
        (ds(5, 7, None), 12, Aggregation.LATEST, None, D(7)),
        (ds(60, 120, 180), 4, Aggregation.YEAR_TO_DATE, None, D(240)),
        (ds(60, 120, 180), 4, Aggregation.YEAR_TO_DATE, weights(1, 1, 1, 2), D(300)),
        # A missing month: the share counts only the months reported.
        (ds(100, None, 100), 12, Aggregation.SUM, None, D(1200)),
        # A missing cumulative value: the latest one already covers the months before it.
        (ds(60, None, 180), 4, Aggregation.YEAR_TO_DATE, None, D(240)),
        # Thirds stay exact: 100 over 1 of 3 periods.
        (ds(100), 3, Aggregation.SUM, None, D(300)),
    ],
)
def test_worked_examples(
    values: list[Decimal | None],
    periods: int,
    rule: Aggregation,
    profile: list[Decimal] | None,
    expected: Decimal,
) -> None:
    forecast = year_end_forecast(values, periods, rule, profile=profile)
    assert forecast.value == expected
    assert forecast.periods_reported == sum(v is not None for v in values)
    assert forecast.periods_in_year == periods


def test_method_explains_the_projection() -> None:
    forecast = year_end_forecast(ds(100, 120, 80), 12, Aggregation.SUM)
    assert forecast.method == "Total so far 300 ÷ 25.0% of the year by an even profile."
    forecast = year_end_forecast(
        ds(60, 120, 180), 4, Aggregation.YEAR_TO_DATE, profile=weights(1, 1, 1, 2)
    )
    assert forecast.method == (
        "Cumulative value 180 at period 3 ÷ 60.0% of the year by the seasonal profile."
    )


def test_nothing_reported() -> None:
    forecast = year_end_forecast([None, None], 12, Aggregation.SUM)
    assert forecast == Forecast(None, 0, 12, "No values reported yet.")


def test_no_share_of_the_year_gives_no_forecast() -> None:
    forecast = year_end_forecast(ds(0), 4, Aggregation.SUM, profile=weights(0, 1, 1, 1))
    assert forecast.value is None
    assert "no share of the year" in forecast.method


@pytest.mark.parametrize(
    ("values", "periods", "profile"),
    [
        (ds(1, 2, 3), 2, None),
        (ds(1), 0, None),
        (ds(1), 4, weights(1, 1)),
        (ds(1), 2, weights(1, -1)),
        (ds(1), 2, weights(0, 0)),
    ],
)
def test_invalid_input(
    values: list[Decimal | None], periods: int, profile: list[Decimal] | None
) -> None:
    with pytest.raises(ValueError):
        year_end_forecast(values, periods, Aggregation.SUM, profile=profile)


def test_forecast_rag() -> None:
    forecast = year_end_forecast(ds(100, 120, 80), 12, Aggregation.SUM)  # 1200
    higher = Polarity.HIGHER_IS_BETTER
    assert forecast_rag(forecast, D(1000), higher).status is RagStatus.GREEN
    amber = forecast_rag(forecast, D(1250), higher, Tolerance.percent(D(5)))
    assert (amber.status, amber.gap) == (RagStatus.AMBER, D(-50))
    assert forecast_rag(forecast, None, higher).status is RagStatus.NO_TARGET
    nothing = year_end_forecast([], 12, Aggregation.SUM)
    assert forecast_rag(nothing, D(1000), higher).status is RagStatus.NO_DATA


# Properties ------------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10_000, places=2)


@given(st.lists(amounts, min_size=12, max_size=12))
def test_a_complete_year_forecasts_its_own_total(values: list[Decimal]) -> None:
    full: list[Decimal | None] = list(values)
    assert year_end_forecast(full, 12, Aggregation.SUM).value == sum(values)
    profile = [D(i) for i in range(1, 13)]
    assert year_end_forecast(full, 12, Aggregation.SUM, profile=profile).value == sum(values)


@given(amounts, st.integers(1, 12), st.lists(st.integers(1, 9), min_size=12, max_size=12))
def test_on_profile_performance_forecasts_the_annual_target(
    annual: Decimal, reported: int, weights: list[int]
) -> None:
    # A year going exactly to a seasonal plan is forecast to hit the plan.
    profile = [D(w) for w in weights]
    seasonal = ProfileMethod.SEASONAL
    plan = profile_annual_target(annual, 12, method=seasonal, weights=profile, rule=Aggregation.SUM)
    cumulative = profile_annual_target(
        annual, 12, method=seasonal, weights=profile, rule=Aggregation.YEAR_TO_DATE
    )
    so_far: list[Decimal | None] = list(plan[:reported])
    ytd: list[Decimal | None] = list(cumulative[:reported])
    sum_forecast = year_end_forecast(so_far, 12, Aggregation.SUM, profile=profile).value
    ytd_forecast = year_end_forecast(ytd, 12, Aggregation.YEAR_TO_DATE, profile=profile).value
    assert sum_forecast is not None and ytd_forecast is not None
    assert abs(sum_forecast - annual) <= D("1e-20")
    assert abs(ytd_forecast - annual) <= D("1e-20")
