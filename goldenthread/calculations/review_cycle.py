"""The challenge cycle: the Best Value review programme and the clinic schedule.

Best Value: every service reviewed at least once in five years.

A service's next review is due five years after its last one was completed (a service never
reviewed is due now). On a given day it is:

- ``OVERDUE`` when the due date has passed and no review is under way;
- ``IN_PROGRESS`` when a review has started and is not yet complete;
- ``DUE`` when the due date falls within the next year (the review should be programmed);
- ``UP_TO_DATE`` otherwise.

Clinics: `clinic_dates` spreads a year's clinics evenly from the first, a whole number of
months apart where the count divides twelve (three a year: every four months); a day past
the end of a shorter month moves to its last day (31 May + 4 months → 30 September).

Worked examples (used in the tests), on 1 April 2026 with a five-year cycle::

    last completed 1 March 2021, none under way  -> OVERDUE, due 1 March 2026
    last completed 1 June 2021                   -> DUE, due 1 June 2026
    last completed 1 June 2024                   -> UP_TO_DATE, due 1 June 2029
    never reviewed, one started                  -> IN_PROGRESS
    never reviewed, none under way               -> OVERDUE, due on the day asked
"""

import calendar
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

CYCLE_YEARS = 5
NOTICE_YEARS = 1


class ReviewState(StrEnum):
    OVERDUE = "overdue"
    IN_PROGRESS = "in_progress"
    DUE = "due"
    UP_TO_DATE = "up_to_date"

    @property
    def label(self) -> str:
        return {
            "overdue": "Overdue",
            "in_progress": "In progress",
            "due": "Due within a year",
            "up_to_date": "Up to date",
        }[self.value]


@dataclass(frozen=True)
class ReviewStanding:
    state: ReviewState
    due_on: date | None  # None while a first review is under way


def years_after(day: date, years: int) -> date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def review_standing(
    *,
    today: date,
    last_completed: date | None,
    in_progress: bool,
    cycle_years: int = CYCLE_YEARS,
) -> ReviewStanding:
    """Where a service stands in the review cycle on `today` (see the module docstring)."""
    if cycle_years < 1:
        raise ValueError("The review cycle must be at least one year.")
    due_on = years_after(last_completed, cycle_years) if last_completed else None
    if in_progress:
        return ReviewStanding(ReviewState.IN_PROGRESS, due_on)
    if due_on is None or due_on <= today:
        return ReviewStanding(ReviewState.OVERDUE, due_on or today)
    if due_on <= years_after(today, NOTICE_YEARS):
        return ReviewStanding(ReviewState.DUE, due_on)
    return ReviewStanding(ReviewState.UP_TO_DATE, due_on)


def months_after(day: date, months: int) -> date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def clinic_dates(first_on: date, count: int) -> list[date]:
    """`count` clinic dates spread evenly through the twelve months from `first_on`."""
    if not 1 <= count <= 12:
        raise ValueError("A year has from 1 to 12 clinics.")
    return [months_after(first_on, 12 * number // count) for number in range(count)]
