"""Benchmarking: where a value stands among its comparators, and targets set against them.

Rank, in the polarity's sense
    Rank 1 is the best value. Higher is better: rank = 1 + the number of values strictly
    higher. Lower is better: 1 + the number strictly lower. Within a band (LGBF "Goldilocks"
    measures): 1 + the number strictly closer to the band's midpoint. Ties share the better
    rank, so three councils tied for second are all 2nd and the next is 5th ("competition"
    ranking). This is how the Scottish LGBF ranks: its published ``ScotRank`` and
    ``FamilyRank`` follow this rule in every row of ``Indicator Data - Real - Quarterly.csv``.
    Measures with no better direction are not ranked (``ValueError``).

Quartile (1 = best), the LGBF convention
    quartile = ⌈4 × rank / n⌉, where n is the number of values ranked. The LGBF publishes
    ``ScotPct`` = rank / n (again checked against every row) and puts a council in the
    quarter that fraction falls in: of 32 councils, ranks 1-8 are quartile 1, 9-16 quartile
    2. Of 16 nearest neighbours, ranks 1-4 are quartile 1. Ties share a quartile, because
    they share a rank. Fewer than 4 values have no quartiles (``ValueError``).

Quartile boundaries, matching the quartiles above
    With k = ⌊n / 4⌋, the *upper quartile* is the k-th highest value and the *lower quartile*
    the k-th lowest. So a value at or above the upper quartile has rank k or better and is in
    quartile 1 when higher is better; at or below the lower quartile, when lower is better.
    :func:`top_quartile_threshold` picks the one that is "top" in the polarity's sense. (Tukey's
    hinges or interpolated percentiles would put some councils in the top quartile on one
    figure and in the second on the other.)

Median and mean
    The median is the middle value, or the mean of the two middle values when n is even: the
    rule Oflog's published ``MEDIAN`` column follows (it matches every measure and year of
    ``ASC_data.csv``). The mean is the plain mean of the values, each council counting once,
    as in the LGBF's ``Value_Scot_Mean``.

Targets relative to comparators
    :func:`comparator_target` is the target a rule such as "at or better than the
    nearest-neighbour median" or "2 points above the regional average" sets: the statistic
    moved ``margin`` in the good direction. Judging a value against it with
    :func:`~goldenthread.calculations.rag.rag_status` gives the same result as
    :func:`~goldenthread.calculations.rag.rag_for_comparator`.

Worked examples (Oflog adult social care, ASC5 short-term services, 2022-23, for
Stockton-on-Tees and its 16 nearest neighbours; used in the tests)::

    values, best first: 94.8 94.3 90.8 87.0 85.8 80.7 79.8 79.2
                        78.9 78.8 77.1 75.9 74.8 73.4 61.4 47.9
    Stockton-on-Tees 87.0 -> rank 4 of 16, quartile ⌈16/16⌉ = 1
    median (79.2 + 78.9) / 2 = 79.05; upper quartile (4th highest) 87.0
    target "at or better than the median", value 78.2 -> target 79.05, RED (AMBER with a
    tolerance of 1)
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from goldenthread.calculations.polarity import Polarity

QUARTERS = 4


@dataclass(frozen=True)
class Standing:
    """Where one value stands among ``count`` values: its rank and quartile (1 = best)."""

    rank: int
    count: int
    quartile: int


def _closeness(value: Decimal, polarity: Polarity, midpoint: Decimal | None) -> Decimal:
    """A number that is larger the better the value is, in the polarity's sense."""
    if polarity == Polarity.HIGHER_IS_BETTER:
        return value
    if polarity == Polarity.LOWER_IS_BETTER:
        return -value
    if polarity == Polarity.WITHIN_BAND:
        if midpoint is None:
            raise ValueError("ranking a within-band measure needs the band's midpoint")
        return -abs(value - midpoint)
    raise ValueError("a measure with no better direction is not ranked")


def rank(
    value: Decimal,
    values: Sequence[Decimal],
    polarity: Polarity,
    *,
    midpoint: Decimal | None = None,
) -> int:
    """The rank of ``value`` among ``values`` (which include it): 1 + how many are better.

    Ties share the better rank. Within a band, closer to ``midpoint`` is better.
    """
    if value not in values:
        raise ValueError(f"{value} is not among the values ranked")
    own = _closeness(value, polarity, midpoint)
    return 1 + sum(1 for other in values if _closeness(other, polarity, midpoint) > own)


def quartile(rank_: int, count: int) -> int:
    """The quartile (1 = best) of a rank among ``count`` values: ⌈4 × rank / count⌉."""
    if count < QUARTERS:
        raise ValueError(f"quartiles need at least {QUARTERS} values, not {count}")
    if not 1 <= rank_ <= count:
        raise ValueError(f"rank {rank_} is outside 1-{count}")
    return math.ceil(QUARTERS * rank_ / count)


def standing(
    value: Decimal,
    values: Sequence[Decimal],
    polarity: Polarity,
    *,
    midpoint: Decimal | None = None,
) -> Standing:
    """Rank and quartile of ``value`` among ``values`` (which include it)."""
    position = rank(value, values, polarity, midpoint=midpoint)
    return Standing(position, len(values), quartile(position, len(values)))


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value; for an even count, the mean of the two middle values."""
    if not values:
        raise ValueError("the median of no values is undefined")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def mean(values: Sequence[Decimal]) -> Decimal:
    """The plain mean: each value counts once."""
    if not values:
        raise ValueError("the mean of no values is undefined")
    return sum(values, Decimal(0)) / len(values)


def _kth(values: Sequence[Decimal], *, highest: bool) -> Decimal:
    if len(values) < QUARTERS:
        raise ValueError(f"quartiles need at least {QUARTERS} values, not {len(values)}")
    ordered = sorted(values, reverse=highest)
    return ordered[len(values) // QUARTERS - 1]


def upper_quartile(values: Sequence[Decimal]) -> Decimal:
    """The ⌊n/4⌋-th highest value: the edge of the top quarter by size."""
    return _kth(values, highest=True)


def lower_quartile(values: Sequence[Decimal]) -> Decimal:
    """The ⌊n/4⌋-th lowest value: the edge of the bottom quarter by size."""
    return _kth(values, highest=False)


def top_quartile_threshold(values: Sequence[Decimal], polarity: Polarity) -> Decimal:
    """The value a council must reach (or beat) to be in quartile 1: the upper quartile when
    higher is better, the lower quartile when lower is better."""
    if polarity == Polarity.HIGHER_IS_BETTER:
        return upper_quartile(values)
    if polarity == Polarity.LOWER_IS_BETTER:
        return lower_quartile(values)
    raise ValueError(f"a top quartile threshold needs higher or lower is better, not {polarity}")


def comparator_target(statistic_value: Decimal, margin: Decimal, polarity: Polarity) -> Decimal:
    """The target a comparator rule sets: the statistic moved ``margin`` in the good direction
    (``statistic + margin`` when higher is better, ``statistic - margin`` when lower is).

    Within-band and directionless measures have no single target value (``ValueError``);
    ``rag_for_comparator`` judges a band directly.
    """
    if margin < 0:
        raise ValueError(f"margin must not be negative, got {margin}")
    if polarity == Polarity.HIGHER_IS_BETTER:
        return statistic_value + margin
    if polarity == Polarity.LOWER_IS_BETTER:
        return statistic_value - margin
    raise ValueError(f"a comparator target needs higher or lower is better, not {polarity}")
