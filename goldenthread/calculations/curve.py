"""The forecast part of a "Turning the Curve" baseline (Results-Based Accountability).

The baseline is where an indicator has been and where it is heading if nothing changes.
"Where it is heading" is the least-squares straight line through the recent values, carried
forward: for values y₀…yₙ₋₁ at positions 0…n−1,

    slope = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²
    forecast at position n − 1 + k = ȳ + slope × (n − 1 + k − x̄)

rounded half up to the places asked. One value gives a flat forecast; no values, none.

Worked examples (used in the tests)::

    10, 12, 14, 16 → next three 18, 20, 22
    5, 5, 5        → 5, 5
    70, 68, 69, 65 → next two 64.5, 63.1 (slope −1.4)
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal


def curve_forecast(values: Sequence[Decimal], ahead: int, *, places: int = 1) -> list[Decimal]:
    """The next `ahead` values on the straight line through `values` (see the module
    docstring)."""
    if ahead < 0:
        raise ValueError("ahead must not be negative")
    n = len(values)
    if n == 0 or ahead == 0:
        return []
    quantum = Decimal(1).scaleb(-places)
    mean_y = sum(values, Decimal(0)) / n
    mean_x = Decimal(n - 1) / 2
    spread = sum(((Decimal(x) - mean_x) ** 2 for x in range(n)), Decimal(0))
    slope = (
        sum(((Decimal(x) - mean_x) * (y - mean_y) for x, y in enumerate(values)), Decimal(0))
        / spread
        if spread
        else Decimal(0)
    )
    return [
        (mean_y + slope * (Decimal(n - 1 + k) - mean_x)).quantize(quantum, rounding=ROUND_HALF_UP)
        for k in range(1, ahead + 1)
    ]
