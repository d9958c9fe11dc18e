from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.review_cycle import (
    ReviewState,
    clinic_dates,
    months_after,
    review_standing,
    years_after,
)

TODAY = date(2026, 4, 1)


@pytest.mark.parametrize(
    ("last", "in_progress", "state", "due"),
    [
        (date(2021, 3, 1), False, ReviewState.OVERDUE, date(2026, 3, 1)),
        (date(2021, 6, 1), False, ReviewState.DUE, date(2026, 6, 1)),
        (date(2024, 6, 1), False, ReviewState.UP_TO_DATE, date(2029, 6, 1)),
        (None, True, ReviewState.IN_PROGRESS, None),
        (None, False, ReviewState.OVERDUE, TODAY),
        (date(2021, 4, 1), False, ReviewState.OVERDUE, date(2026, 4, 1)),
    ],
)
def test_worked_examples(last, in_progress, state, due):
    standing = review_standing(today=TODAY, last_completed=last, in_progress=in_progress)
    assert (standing.state, standing.due_on) == (state, due)


def test_leap_day_moves_to_28_february():
    assert years_after(date(2024, 2, 29), 5) == date(2029, 2, 28)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)), st.dates())
def test_a_review_within_the_cycle_is_never_overdue(last, today):
    standing = review_standing(today=today, last_completed=last, in_progress=False)
    assert (standing.state == ReviewState.OVERDUE) == (years_after(last, 5) <= today)


def test_three_clinics_a_year_are_four_months_apart():
    assert clinic_dates(date(2026, 5, 31), 3) == [
        date(2026, 5, 31),
        date(2026, 9, 30),
        date(2027, 1, 31),
    ]


def test_clinic_count_must_fit_a_year():
    with pytest.raises(ValueError):
        clinic_dates(date(2026, 4, 1), 0)


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(min_value=1, max_value=12))
def test_clinics_fall_within_the_year_in_order(first, count):
    dates = clinic_dates(first, count)
    assert dates[0] == first
    assert dates == sorted(dates)
    assert dates[-1] < months_after(first, 12) or count == 1
