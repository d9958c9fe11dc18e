from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.curve import curve_forecast

D = Decimal


@pytest.mark.parametrize(
    ("values", "ahead", "expected"),
    [
        ([10, 12, 14, 16], 3, ["18.0", "20.0", "22.0"]),
        ([5, 5, 5], 2, ["5.0", "5.0"]),
        ([70, 68, 69, 65], 2, ["64.5", "63.1"]),
        ([42], 2, ["42.0", "42.0"]),
        ([], 2, []),
    ],
)
def test_worked_examples(values, ahead, expected):
    assert curve_forecast([D(v) for v in values], ahead) == [D(e) for e in expected]


def test_negative_ahead_is_refused():
    with pytest.raises(ValueError):
        curve_forecast([D(1)], -1)


@given(
    st.integers(min_value=-1000, max_value=1000),
    st.integers(min_value=-50, max_value=50),
    st.integers(min_value=2, max_value=20),
    st.integers(min_value=1, max_value=8),
)
def test_a_straight_line_carries_on_exactly(start, step, n, ahead):
    values = [D(start + step * i) for i in range(n)]
    assert curve_forecast(values, ahead, places=0) == [
        D(start + step * (n - 1 + k)) for k in range(1, ahead + 1)
    ]


@given(st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=12))
def test_the_forecast_moves_the_way_the_line_slopes(raw):
    values = [D(v) for v in raw]
    first, second = curve_forecast(values, 2, places=6)
    rising = sum(v * i for i, v in enumerate(values)) * len(values) - sum(values) * sum(
        range(len(values))
    )
    assert (second > first) == (rising > 0)
    assert (second < first) == (rising < 0)
