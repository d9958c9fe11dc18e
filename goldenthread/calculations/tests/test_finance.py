from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.appraisal import completion_percent
from goldenthread.calculations.finance import (
    Variance,
    VarianceThresholds,
    savings_rag,
    variance,
    variance_rag,
)
from goldenthread.calculations.rag import RagStatus

D = Decimal
THRESHOLDS = VarianceThresholds(D(1), D(3), D(5))
money = st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False)
positive = st.decimals(min_value=1, max_value=10**9, places=2, allow_nan=False)


@pytest.mark.parametrize(
    ("budget", "forecast", "rag", "amount", "percent"),
    [
        # The worked examples in the module docstring.
        (D(1_000_000), D(1_012_000), RagStatus.AMBER, D(12_000), D("1.2")),
        (D(1_000_000), D(1_040_000), RagStatus.RED, D(40_000), D("4.0")),
        (D(1_000_000), D(990_000), RagStatus.GREEN, D(-10_000), D("-1.0")),
        (D(1_000_000), D(900_000), RagStatus.AMBER, D(-100_000), D("-10.0")),
        # Edges: exactly at a threshold takes the worse status.
        (D(1_000_000), D(1_010_000), RagStatus.AMBER, D(10_000), D("1.0")),
        (D(1_000_000), D(1_030_000), RagStatus.RED, D(30_000), D("3.0")),
        (D(1_000_000), D(950_000), RagStatus.AMBER, D(-50_000), D("-5.0")),
        (D(1_000_000), D(1_000_000), RagStatus.GREEN, D(0), D("0.0")),
        # A net income budget (negative) judged on its magnitude.
        (D(-200_000), D(-190_000), RagStatus.RED, D(10_000), D("5.0")),
    ],
)
def test_worked_examples(budget, forecast, rag, amount, percent):
    assert variance(budget, forecast) == Variance(amount, percent)
    assert variance_rag(budget, forecast, THRESHOLDS) == rag


def test_zero_budget():
    assert variance(D(0), D(500)) == Variance(D(500), None)
    assert variance_rag(D(0), D(500), THRESHOLDS) == RagStatus.RED
    assert variance_rag(D(0), D(-500), THRESHOLDS) == RagStatus.GREEN


def test_thresholds_must_be_ordered_and_non_negative():
    with pytest.raises(ValueError, match="amber"):
        VarianceThresholds(D(5), D(3), D(5))
    with pytest.raises(ValueError, match="negative"):
        VarianceThresholds(D(-1), D(3), D(5))


@given(budget=positive, forecast=money)
def test_variance_adds_back_to_the_forecast(budget, forecast):
    result = variance(budget, forecast)
    assert budget + result.amount == forecast
    assert result.is_overspend == (forecast > budget)


@given(budget=positive, forecast=money, extra=st.decimals(min_value=0, max_value=10**8, places=2))
def test_spending_more_never_improves_an_overspend(budget, forecast, extra):
    order = [RagStatus.GREEN, RagStatus.AMBER, RagStatus.RED]
    if forecast < budget:
        return
    before = variance_rag(budget, forecast, THRESHOLDS)
    after = variance_rag(budget, forecast + extra, THRESHOLDS)
    assert order.index(after) >= order.index(before)


@given(budget=positive, forecast=money)
def test_never_red_for_an_underspend(budget, forecast):
    if forecast <= budget:
        assert variance_rag(budget, forecast, THRESHOLDS) != RagStatus.RED


@pytest.mark.parametrize(
    ("target", "forecast", "rag"),
    [
        (D(250_000), D(200_000), RagStatus.AMBER),  # the docstring's example
        (D(250_000), D(250_000), RagStatus.GREEN),
        (D(250_000), D(300_000), RagStatus.GREEN),
        (D(250_000), D(187_500), RagStatus.AMBER),  # exactly 25% short
        (D(250_000), D(187_499), RagStatus.RED),
    ],
)
def test_savings_rag(target, forecast, rag):
    assert savings_rag(target, forecast, D(25)) == rag


@given(target=positive, forecast=money)
def test_savings_green_exactly_when_delivered(target, forecast):
    assert (savings_rag(target, forecast, D(25)) == RagStatus.GREEN) == (forecast >= target)


@pytest.mark.parametrize(
    ("done", "due", "expected"), [(4, 5, D("80.0")), (2, 3, D("66.7")), (0, 0, None)]
)
def test_completion_examples(done, due, expected):
    assert completion_percent(done, due) == expected


@given(due=st.integers(min_value=1, max_value=10_000), data=st.data())
def test_completion_between_0_and_100(due, data):
    done = data.draw(st.integers(min_value=0, max_value=due))
    result = completion_percent(done, due)
    assert result is not None and D(0) <= result <= D(100)
    assert (result == 100) == (done == due) or due > 1000


def test_completion_refuses_impossible_counts():
    with pytest.raises(ValueError):
        completion_percent(6, 5)
