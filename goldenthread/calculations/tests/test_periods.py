from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.periods import (
    Frequency,
    PeriodError,
    PeriodKey,
    end_date,
    months_of_quarter,
    next_period,
    parse_period,
    period_containing,
    periods_in_year,
    previous,
    quarter_of_month,
    same_period_last_year,
    start_date,
)

M, Q, A, B = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL, Frequency.BIENNIAL


@pytest.mark.parametrize(
    ("key", "label", "start", "end"),
    [
        # The examples in the periods module docstring (April year start).
        (PeriodKey(2025, Q, 2), "2025-Q2", date(2025, 7, 1), date(2025, 9, 30)),
        (PeriodKey(2025, M, 7), "2025-M07", date(2025, 10, 1), date(2025, 10, 31)),
        (PeriodKey(2025, A, 1), "2025/26", date(2025, 4, 1), date(2026, 3, 31)),
        (PeriodKey(2025, B, 1), "2025-27", date(2025, 4, 1), date(2027, 3, 31)),
        (PeriodKey(2025, Q, 4), "2025-Q4", date(2026, 1, 1), date(2026, 3, 31)),
        (PeriodKey(2023, M, 11), "2023-M11", date(2024, 2, 1), date(2024, 2, 29)),
        (PeriodKey(1999, A, 1), "1999/00", date(1999, 4, 1), date(2000, 3, 31)),
    ],
)
def test_labels_and_dates(key: PeriodKey, label: str, start: date, end: date) -> None:
    assert key.label == str(key) == label
    assert (start_date(key), end_date(key)) == (start, end)


def test_other_year_starts() -> None:
    q2 = PeriodKey(2025, Q, 2)
    assert (start_date(q2, 1), end_date(q2, 1)) == (date(2025, 4, 1), date(2025, 6, 30))
    year = PeriodKey(2025, A, 1)
    assert (start_date(year, 9), end_date(year, 9)) == (date(2025, 9, 1), date(2026, 8, 31))
    with pytest.raises(ValueError):
        start_date(year, 13)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2022-23", PeriodKey(2022, A, 1)),
        ("2022/23", PeriodKey(2022, A, 1)),
        ("2022/2023", PeriodKey(2022, A, 1)),
        ("1999-00", PeriodKey(1999, A, 1)),
        ("2025-27", PeriodKey(2025, B, 1)),
        ("2018-19;Q1", PeriodKey(2018, Q, 1)),
        ("2022/23 Q3", PeriodKey(2022, Q, 3)),
        ("2022-23 Q3", PeriodKey(2022, Q, 3)),
        ("Q3 2022/23", PeriodKey(2022, Q, 3)),
        ("2025-Q2", PeriodKey(2025, Q, 2)),
        ("2025-q2", PeriodKey(2025, Q, 2)),
        ("  2025-M07 ", PeriodKey(2025, M, 7)),
    ],
)
def test_parse_period(text: str, key: PeriodKey) -> None:
    assert parse_period(text) == key


@pytest.mark.parametrize(
    "text",
    ["", "2022", "2022-22", "2022-25", "2022-24 Q1", "2025-Q5", "Q0 2022/23", "2025-M13",
     "2025-M00", "2025-M7", "22-23", "April 2022", "2022-23;Q1;extra"],
)  # fmt: skip
def test_parse_period_refuses_anything_else(text: str) -> None:
    with pytest.raises(PeriodError, match=repr(text)):
        parse_period(text)


def test_invalid_keys() -> None:
    with pytest.raises(ValueError):
        PeriodKey(2025, Q, 5)
    with pytest.raises(ValueError):
        PeriodKey(2025, A, 2)
    with pytest.raises(ValueError):
        PeriodKey(0, M, 1)


def test_navigation() -> None:
    assert previous(PeriodKey(2025, M, 1)) == PeriodKey(2024, M, 12)
    assert previous(PeriodKey(2025, Q, 1)) == PeriodKey(2024, Q, 4)
    assert previous(PeriodKey(2025, A, 1)) == PeriodKey(2024, A, 1)
    assert previous(PeriodKey(2025, B, 1)) == PeriodKey(2023, B, 1)
    assert next_period(PeriodKey(2024, Q, 4)) == PeriodKey(2025, Q, 1)
    assert same_period_last_year(PeriodKey(2025, Q, 3)) == PeriodKey(2024, Q, 3)
    assert same_period_last_year(PeriodKey(2025, B, 1)) == PeriodKey(2023, B, 1)


def test_months_and_quarters() -> None:
    assert quarter_of_month(PeriodKey(2025, M, 7)) == PeriodKey(2025, Q, 3)
    assert months_of_quarter(PeriodKey(2025, Q, 2)) == (
        PeriodKey(2025, M, 4),
        PeriodKey(2025, M, 5),
        PeriodKey(2025, M, 6),
    )
    with pytest.raises(ValueError):
        quarter_of_month(PeriodKey(2025, Q, 1))
    with pytest.raises(ValueError):
        months_of_quarter(PeriodKey(2025, M, 1))


def test_periods_in_year() -> None:
    assert [periods_in_year(f) for f in (M, Q, A)] == [12, 4, 1]
    with pytest.raises(ValueError):
        periods_in_year(B)


def test_period_containing() -> None:
    assert period_containing(date(2026, 3, 31), Q) == PeriodKey(2025, Q, 4)
    assert period_containing(date(2026, 4, 1), M) == PeriodKey(2026, M, 1)
    assert period_containing(date(2026, 1, 15), A, 1) == PeriodKey(2026, A, 1)
    assert period_containing(date(2026, 1, 15), B, anchor_year=2025) == PeriodKey(2025, B, 1)
    assert period_containing(date(2027, 5, 1), B, anchor_year=2025) == PeriodKey(2027, B, 1)
    with pytest.raises(ValueError):
        period_containing(date(2026, 1, 15), B)


def test_keys_sort_in_time_order_within_a_frequency() -> None:
    keys = [PeriodKey(2025, M, 1), PeriodKey(2024, M, 12), PeriodKey(2024, M, 2)]
    assert sorted(keys) == [PeriodKey(2024, M, 2), PeriodKey(2024, M, 12), PeriodKey(2025, M, 1)]


# Properties ------------------------------------------------------------------------------


@st.composite
def keys(draw: st.DrawFn, frequencies: tuple[Frequency, ...] = (M, Q, A, B)) -> PeriodKey:
    frequency = draw(st.sampled_from(frequencies))
    count = {M: 12, Q: 4}.get(frequency, 1)
    return PeriodKey(draw(st.integers(1900, 2200)), frequency, draw(st.integers(1, count)))


start_months = st.integers(1, 12)


@given(keys())
def test_labels_round_trip(key: PeriodKey) -> None:
    assert parse_period(key.label) == key


@given(keys(), start_months)
def test_periods_tile_time(key: PeriodKey, start_month: int) -> None:
    after = next_period(key)
    assert start_date(after, start_month) == end_date(key, start_month) + timedelta(days=1)
    assert end_date(previous(key), start_month) == start_date(key, start_month) - timedelta(days=1)
    assert previous(after) == key
    assert start_date(key, start_month) <= end_date(key, start_month)


@given(keys((M, Q, A)), start_months)
def test_each_date_of_a_period_lies_in_it(key: PeriodKey, start_month: int) -> None:
    for day in (start_date(key, start_month), end_date(key, start_month)):
        assert period_containing(day, key.frequency, start_month) == key


@given(st.integers(1900, 2200), start_months)
def test_months_and_quarters_fill_the_year(year: int, start_month: int) -> None:
    annual = PeriodKey(year, A, 1)
    months = [PeriodKey(year, M, n) for n in range(1, 13)]
    quarters = [PeriodKey(year, Q, n) for n in range(1, 5)]
    for parts in (months, quarters):
        assert start_date(parts[0], start_month) == start_date(annual, start_month)
        assert end_date(parts[-1], start_month) == end_date(annual, start_month)
        for a, b in pairwise(parts):
            assert start_date(b, start_month) == end_date(a, start_month) + timedelta(days=1)
    assert [m for q in quarters for m in months_of_quarter(q)] == months
    assert [quarter_of_month(m) for m in months] == [q for q in quarters for _ in range(3)]


@given(keys((M, Q, A)))
def test_same_period_last_year_is_a_year_earlier(key: PeriodKey) -> None:
    earlier = same_period_last_year(key)
    assert start_date(earlier).replace(year=start_date(earlier).year + 1) == start_date(key)
