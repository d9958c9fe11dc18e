"""Aggregating period values into a year, and profiling an annual target across the year.

How a year's value is made from its periods (:class:`Aggregation`)::

    SUM           total of the periods               (e.g. number of complaints)
    AVERAGE       mean of the periods                (e.g. % of calls answered)
    LATEST        the latest value                   (a snapshot, e.g. people on a waiting list)
    YEAR_TO_DATE  the latest value: each period is already cumulative within the year

Missing values (None) are ignored; if every value is missing the result is None.

Profiling does the reverse: it spreads an annual target over the periods so that aggregating
the profile with the same rule gives the annual target back. ``EVEN`` treats every period
alike; ``SEASONAL`` uses one non-negative weight per period (any scale: only proportions
matter)::

    SUM           the annual total split in proportion to the weights
    AVERAGE       each period = annual (even), or annual × weight ÷ mean weight (seasonal)
    LATEST        each period = annual (even), or annual × weight ÷ last weight (seasonal),
                  so the year ends on the annual target
    YEAR_TO_DATE  cumulative: annual × (weights so far ÷ all weights), ending on the annual

With a ``quantum`` (e.g. ``Decimal("1")`` for whole numbers) the *cumulative* amounts are
rounded and each period gets the difference, so rounding never drifts and the profile still
aggregates exactly to the annual target.

Worked examples (used in the tests)::

    aggregate([5, None, 7], SUM) = 12;  AVERAGE = 6;  LATEST = 7
    profile(1200, 4, SUM)                            = [300, 300, 300, 300]
    profile(100, 3, SUM, quantum 1)                  = [33, 34, 33]   (cumulative 33, 67, 100)
    profile(1200, 4, SUM, seasonal 1,1,2,2)          = [200, 200, 400, 400]
    profile(80, 4, AVERAGE, seasonal 1,1,2,4)        = [40, 40, 80, 160]
    profile(90, 3, LATEST, seasonal 1,2,3)           = [30, 60, 90]
    profile(1200, 4, YEAR_TO_DATE)                   = [300, 600, 900, 1200]
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from itertools import pairwise


class Aggregation(StrEnum):
    SUM = "sum"
    AVERAGE = "average"
    LATEST = "latest"
    YEAR_TO_DATE = "ytd"


class ProfileMethod(StrEnum):
    EVEN = "even"
    SEASONAL = "seasonal"


def aggregate(values: Sequence[Decimal | None], rule: Aggregation) -> Decimal | None:
    """The year's (or any span's) value from its period values, ignoring missing ones."""
    present = [v for v in values if v is not None]
    if not present:
        return None
    if rule == Aggregation.SUM:
        return sum(present, Decimal(0))
    if rule == Aggregation.AVERAGE:
        return sum(present, Decimal(0)) / len(present)
    return present[-1]  # LATEST and YEAR_TO_DATE


def profile_annual_target(
    annual: Decimal,
    periods: int,
    *,
    method: ProfileMethod = ProfileMethod.EVEN,
    weights: Sequence[Decimal] | None = None,
    rule: Aggregation,
    quantum: Decimal | None = None,
) -> list[Decimal]:
    """Per-period targets that aggregate (with ``rule``) back to ``annual``.

    ``weights`` (one per period, non-negative, not all zero) are required for ``SEASONAL`` and
    refused for ``EVEN``. ``LATEST`` with seasonal weights needs a non-zero last weight.
    """
    if periods < 1:
        raise ValueError(f"periods must be at least 1, got {periods}")
    shape = _weights(periods, method, weights)

    if rule == Aggregation.SUM:
        return _split(annual, shape, quantum)
    if rule == Aggregation.AVERAGE:
        # Split the total of the period values (annual × periods) so the mean is exact.
        return _split(annual * periods, shape, quantum)
    if rule == Aggregation.LATEST:
        if shape[-1] == 0:
            raise ValueError("the last seasonal weight must not be zero for a LATEST target")
        # Cumulative rounding does not apply: each period stands alone; the last is exact.
        scaled = [_round(annual * w / shape[-1], quantum) for w in shape[:-1]]
        return [*scaled, annual]
    return _cumulative(annual, shape, quantum)  # YEAR_TO_DATE


def _weights(
    periods: int, method: ProfileMethod, weights: Sequence[Decimal] | None
) -> list[Decimal]:
    if method == ProfileMethod.EVEN:
        if weights is not None:
            raise ValueError("weights are only used with the seasonal method")
        return [Decimal(1)] * periods
    if weights is None:
        raise ValueError("the seasonal method needs weights")
    if len(weights) != periods:
        raise ValueError(f"expected {periods} weights, got {len(weights)}")
    if any(w < 0 for w in weights) or not any(weights):
        raise ValueError("weights must be non-negative and not all zero")
    return list(weights)


def _round(value: Decimal, quantum: Decimal | None) -> Decimal:
    return value if quantum is None else value.quantize(quantum, rounding=ROUND_HALF_UP)


def _cumulative(
    amount: Decimal, shape: Sequence[Decimal], quantum: Decimal | None
) -> list[Decimal]:
    """Cumulative shares of ``amount``; the last is ``amount`` exactly (never rounded)."""
    total = sum(shape, Decimal(0))
    running = Decimal(0)
    result = []
    for w in shape[:-1]:
        running += w
        result.append(_round(amount * running / total, quantum))
    return [*result, amount]


def _split(amount: Decimal, shape: Sequence[Decimal], quantum: Decimal | None) -> list[Decimal]:
    """``amount`` split in proportion to ``shape``; the parts add up to ``amount`` exactly."""
    cumulative = _cumulative(amount, shape, quantum)
    return [b - a for a, b in pairwise([Decimal(0), *cumulative])]
