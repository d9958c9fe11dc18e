"""Direction of travel: is a measure getting better or worse?

Compare the current value with an earlier one (Django calls this twice: against the previous
period and against the same period last year).

- Either value missing → ``NOT_COMPARABLE``.
- A change of at most ``threshold`` either way (absolute, in the indicator's unit) →
  ``NO_CHANGE``; with the default threshold of 0 only an exact repeat is no change.
- Higher is better: a rise is ``IMPROVING``; lower is better: a fall is ``IMPROVING``.
- Within a band: ``IMPROVING`` when the distance outside the band shrank (0 inside the band),
  so moving about inside the band is no change.
- No polarity: ``UP`` or ``DOWN``.

Worked examples (used in the tests)::

    72 after 70, higher is better                  -> IMPROVING
    72 after 70, lower is better                   -> DECLINING
    70.4 after 70, higher, threshold 0.5           -> NO_CHANGE
    1.05 after 1.2, band 0.9-1.0                   -> IMPROVING (0.2 outside -> 0.05)
    0.8 after 1.05, band 0.9-1.0                   -> DECLINING (0.05 outside -> 0.1)
    5 after 3, no polarity                         -> UP
"""

from decimal import Decimal
from enum import StrEnum

from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import Band


class Direction(StrEnum):
    IMPROVING = "improving"
    DECLINING = "declining"
    NO_CHANGE = "no_change"
    UP = "up"  # UP and DOWN only for measures with no polarity
    DOWN = "down"
    NOT_COMPARABLE = "not_comparable"


def direction_of_travel(
    current: Decimal | None,
    previous: Decimal | None,
    polarity: Polarity,
    *,
    band: Band | None = None,
    threshold: Decimal = Decimal(0),
) -> Direction:
    """Direction of travel from ``previous`` to ``current`` (rules in the module docstring).

    ``band`` is required for ``WITHIN_BAND`` and refused otherwise (``ValueError``).
    """
    if threshold < 0:
        raise ValueError(f"threshold must not be negative, got {threshold}")
    if (band is None) == (polarity == Polarity.WITHIN_BAND):
        raise ValueError("a band is needed for, and only for, within-band polarity")
    if current is None or previous is None:
        return Direction.NOT_COMPARABLE

    if band is not None:
        # Improvement = getting closer to the band, so compare distances outside it.
        better_by = _distance_outside(band, previous) - _distance_outside(band, current)
    elif polarity == Polarity.LOWER_IS_BETTER:
        better_by = previous - current
    else:
        better_by = current - previous

    if abs(better_by) <= threshold:
        return Direction.NO_CHANGE
    if polarity == Polarity.NONE:
        return Direction.UP if better_by > 0 else Direction.DOWN
    return Direction.IMPROVING if better_by > 0 else Direction.DECLINING


def _distance_outside(band: Band, value: Decimal) -> Decimal:
    return max(Decimal(0), -band.signed_distance(value)[0])
