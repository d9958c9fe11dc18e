"""Survey results: a proportion from a sample, with its 95% confidence interval.

A resident survey reports "62% satisfied (n = 1,104)"; how far that could be from the true
figure for all residents depends on the sample size. The interval is Wilson's score
interval, which unlike the textbook normal ("Wald") interval stays inside 0 to 100% and
behaves for small samples and for proportions near 0 or 1:

    centre = (p + z²/2n) / (1 + z²/n)
    half   = z / (1 + z²/n) × √(p(1 − p)/n + z²/4n²)
    interval = centre ± half, where p = successes / n and z = 1.959964 for 95%.

Worked examples (used in the tests)::

    684 satisfied of 1,104  -> 61.96%, 95% CI 59.06% to 64.77%
    0 of 10                 -> 0%,     95% CI 0% to 27.75%
    10 of 10                -> 100%,   95% CI 72.25% to 100%
    50 of 100               -> 50%,    95% CI 40.38% to 59.62%
"""

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

Z_95 = 1.959963984540054  # the 97.5th percentile of the standard normal distribution


class SurveyError(ValueError):
    """The counts cannot make a proportion; the message says why."""


@dataclass(frozen=True)
class ProportionInterval:
    """A sample proportion as a percentage, with the bounds of its confidence interval."""

    successes: int
    sample_size: int
    percentage: Decimal
    lower: Decimal
    upper: Decimal

    @property
    def margin(self) -> Decimal:
        """The larger distance from the estimate to a bound: the "± x points" reported."""
        return max(self.percentage - self.lower, self.upper - self.percentage)


def _percent(value: float, places: int) -> Decimal:
    quantum = Decimal(1).scaleb(-places)
    return Decimal(repr(value * 100)).quantize(quantum, rounding=ROUND_HALF_UP)


def wilson_bounds(successes: int, sample_size: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval for `successes` of `sample_size`, as fractions 0 to 1."""
    if sample_size <= 0:
        raise SurveyError("The sample size must be at least 1.")
    if not 0 <= successes <= sample_size:
        raise SurveyError(
            f"The count ({successes}) must be between 0 and the sample size ({sample_size})."
        )
    n = sample_size
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z / denominator * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # The exact bounds at 0 and n; floating point would otherwise leave 1e-17 either side.
    lower = 0.0 if successes == 0 else max(0.0, centre - half)
    upper = 1.0 if successes == n else min(1.0, centre + half)
    return lower, upper


def proportion_interval(successes: int, sample_size: int, *, places: int = 2) -> ProportionInterval:
    """`successes` of `sample_size` as a percentage with its 95% Wilson interval, rounded
    half up to `places` decimal places."""
    lower, upper = wilson_bounds(successes, sample_size)
    return ProportionInterval(
        successes=successes,
        sample_size=sample_size,
        percentage=_percent(successes / sample_size, places),
        lower=_percent(lower, places),
        upper=_percent(upper, places),
    )
