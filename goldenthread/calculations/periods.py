"""UK financial-year reporting periods.

A :class:`PeriodKey` names a period by the calendar year in which its financial year starts
(2025 for 2025/26), its frequency, and its number within the financial year: quarter 1-4,
month 1-12 (month 1 is the first month of the financial year, not January), 1 for annual and
biennial periods. A biennial period covers two financial years starting in ``year``.

The financial year starts in April unless an organisation sets another ``year_start_month``;
keys do not depend on it, dates do. With an April start::

    2025-Q2   July - September 2025
    2025-M07  October 2025
    2025/26   1 April 2025 - 31 March 2026
    2025-27   1 April 2025 - 31 March 2027 (biennial)

:func:`parse_period` reads our labels and the spellings in public data::

    "2022-23", "2022/23", "2022/2023"      annual (end year one after the start)
    "2025-27"                              biennial (end year two after the start)
    "2018-19;Q1", "2022/23 Q3", "2022-23 Q3", "Q3 2022/23", "2025-Q2"   quarters
    "2025-M07"                             months
"""

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"
    BIENNIAL = "biennial"


class PeriodError(ValueError):
    """Raised for period text we cannot read (the text is in the message)."""


_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.ANNUAL: 12,
    Frequency.BIENNIAL: 24,
}


@dataclass(frozen=True, order=True)
class PeriodKey:
    year: int  # calendar year in which the financial year starts
    frequency: Frequency
    number: int  # quarter 1-4 or month 1-12 within the financial year; 1 otherwise

    def __post_init__(self) -> None:
        if not 1 <= self.year <= 9997:  # keeps every date of the period within datetime.date
            raise ValueError(f"year {self.year} is out of range")
        count = _per_year(self.frequency)
        if not 1 <= self.number <= count:
            raise ValueError(f"{self.frequency} period number must be 1-{count}")

    @property
    def label(self) -> str:
        """Our label: ``2025-Q2``, ``2025-M07``, ``2025/26`` or ``2025-27``."""
        if self.frequency == Frequency.MONTHLY:
            return f"{self.year}-M{self.number:02d}"
        if self.frequency == Frequency.QUARTERLY:
            return f"{self.year}-Q{self.number}"
        if self.frequency == Frequency.ANNUAL:
            return f"{self.year}/{(self.year + 1) % 100:02d}"
        return f"{self.year}-{(self.year + 2) % 100:02d}"

    def __str__(self) -> str:
        return self.label


def _per_year(frequency: Frequency) -> int:
    # Biennial periods are numbered 1 like annual ones.
    return 12 // _MONTHS[frequency] if frequency != Frequency.BIENNIAL else 1


def periods_in_year(frequency: Frequency) -> int:
    """Periods in a financial year (12, 4 or 1); ``ValueError`` for biennial."""
    if frequency == Frequency.BIENNIAL:
        raise ValueError("a biennial period spans two years")
    return _per_year(frequency)


_YEARS = r"(?P<start>\d{4})\s*[-/]\s*(?P<end>\d{4}|\d{2})"
_PATTERNS = (
    (Frequency.QUARTERLY, re.compile(r"(?P<start>\d{4})-Q(?P<number>[1-4])")),
    (Frequency.MONTHLY, re.compile(r"(?P<start>\d{4})-M(?P<number>\d{2})")),
    (Frequency.QUARTERLY, re.compile(_YEARS + r"\s*[;,]?\s*Q(?P<number>[1-4])")),
    (Frequency.QUARTERLY, re.compile(r"Q(?P<number>[1-4])\s*[;,]?\s*" + _YEARS)),
    (Frequency.ANNUAL, re.compile(_YEARS)),
)


def parse_period(text: str) -> PeriodKey:
    """Read a period label (see the module docstring); ``PeriodError`` for anything else."""
    cleaned = text.strip().upper()
    for frequency, pattern in _PATTERNS:
        match = pattern.fullmatch(cleaned)
        if match is not None:
            return _key(match, frequency, text)
    raise PeriodError(f"unrecognised period {text!r}")


def _key(match: re.Match[str], frequency: Frequency, text: str) -> PeriodKey:
    year = int(match["start"])
    fields = match.groupdict()
    if fields.get("end") is not None:
        # The end year may be written with 4 or 2 digits ("2023" or "23", "1999-00").
        end = int(match["end"])
        span = end - year if len(match["end"]) == 4 else (end - year) % 100
        if span == 2 and frequency == Frequency.ANNUAL:
            frequency = Frequency.BIENNIAL
        elif span != 1:
            raise PeriodError(
                f"unrecognised period {text!r}: the years must be one apart (two if biennial)"
            )
    try:
        return PeriodKey(year, frequency, int(fields.get("number") or 1))
    except ValueError as error:
        raise PeriodError(f"unrecognised period {text!r}: {error}") from None


def _check_start_month(year_start_month: int) -> None:
    if not 1 <= year_start_month <= 12:
        raise ValueError(f"year_start_month must be 1-12, got {year_start_month}")


def _add_months(first_of_month: date, months: int) -> date:
    years, month_index = divmod(first_of_month.month - 1 + months, 12)
    return date(first_of_month.year + years, month_index + 1, 1)


def start_date(key: PeriodKey, year_start_month: int = 4) -> date:
    """First day of the period."""
    _check_start_month(year_start_month)
    offset = (key.number - 1) * _MONTHS[key.frequency]
    return _add_months(date(key.year, year_start_month, 1), offset)


def end_date(key: PeriodKey, year_start_month: int = 4) -> date:
    """Last day of the period."""
    after = _add_months(start_date(key, year_start_month), _MONTHS[key.frequency])
    return after - timedelta(days=1)


def period_containing(
    d: date,
    frequency: Frequency,
    year_start_month: int = 4,
    *,
    anchor_year: int | None = None,
) -> PeriodKey:
    """The period of ``frequency`` that contains the date ``d``.

    Biennial periods need ``anchor_year``, the start year of any one biennium (2025 for
    2025-27), since a date alone cannot say which pairs of years go together.
    """
    _check_start_month(year_start_month)
    year = d.year if d.month >= year_start_month else d.year - 1
    month = (d.month - year_start_month) % 12 + 1
    if frequency == Frequency.BIENNIAL:
        if anchor_year is None:
            raise ValueError("biennial periods need an anchor_year")
        return PeriodKey(year - (year - anchor_year) % 2, frequency, 1)
    return PeriodKey(year, frequency, (month - 1) // _MONTHS[frequency] + 1)


def _shift(key: PeriodKey, steps: int) -> PeriodKey:
    if key.frequency == Frequency.BIENNIAL:
        return replace(key, year=key.year + 2 * steps)
    count = _per_year(key.frequency)
    year, index = divmod(key.year * count + key.number - 1 + steps, count)
    return PeriodKey(year, key.frequency, index + 1)


def previous(key: PeriodKey) -> PeriodKey:
    """The period just before ``key`` (of the same frequency)."""
    return _shift(key, -1)


def next_period(key: PeriodKey) -> PeriodKey:
    """The period just after ``key`` (of the same frequency)."""
    return _shift(key, 1)


def same_period_last_year(key: PeriodKey) -> PeriodKey:
    """The same period a year earlier; for a biennial period, the previous biennium."""
    if key.frequency == Frequency.BIENNIAL:
        return previous(key)
    return replace(key, year=key.year - 1)


def quarter_of_month(key: PeriodKey) -> PeriodKey:
    """The quarter that contains a monthly period."""
    if key.frequency != Frequency.MONTHLY:
        raise ValueError(f"{key.label} is not a month")
    return PeriodKey(key.year, Frequency.QUARTERLY, (key.number - 1) // 3 + 1)


def months_of_quarter(key: PeriodKey) -> tuple[PeriodKey, PeriodKey, PeriodKey]:
    """The three months of a quarterly period, in order."""
    if key.frequency != Frequency.QUARTERLY:
        raise ValueError(f"{key.label} is not a quarter")
    first = (key.number - 1) * 3 + 1
    return (
        PeriodKey(key.year, Frequency.MONTHLY, first),
        PeriodKey(key.year, Frequency.MONTHLY, first + 1),
        PeriodKey(key.year, Frequency.MONTHLY, first + 2),
    )
