"""Risk scoring: likelihood × impact, score bands, appetite, movement and the heat map.

Rules:

1. Likelihood and impact are each rated 1 (rare, negligible) to 5 (almost certain, severe);
   anything else is refused (``ValueError``). The score is their product, 1 to 25.
2. A score falls in exactly one band. Bands are configurable, but a set of bands must cover
   every score the 5 × 5 matrix can produce without overlapping (``BandError`` otherwise).
   Scores the matrix cannot produce (such as 13, 14 and 17) may fall in a gap between bands.
   The default bands are low 1–4, medium 5–12 and high 15–25.
3. A risk is above appetite when its score is strictly greater than its category's appetite
   score; with no appetite set, nothing is above it.
4. Movement compares this quarter's score with the last: ``up``, ``down`` or ``same``, and
   ``new`` when there is no earlier score.
5. The heat map counts risks per cell, indexed ``grid[likelihood - 1][impact - 1]``.

Worked examples (used in the tests)::

    score(4, 3)                                  -> 12
    score(5, 5)                                  -> 25
    score(0, 3)                                  -> ValueError (likelihood must be 1 to 5)
    band_for(12)                                 -> Medium (5 to 12)
    band_for(15)                                 -> High (15 to 25)
    band_for(4)                                  -> Low (1 to 4)
    bands low 1-4, medium 5-12                   -> BandError: 15, 16, 20, 25 not in any band
    bands low 1-6, medium 5-12, high 15-25       -> BandError: low and medium overlap at 5-6
    above_appetite(16, 12)                       -> True
    above_appetite(12, 12)                       -> False (at appetite is within it)
    movement(9, 12) -> "up"; movement(12, 9) -> "down"; movement(9, 9) -> "same"
    movement(None, 9)                            -> "new"
    heat_map_counts([(4, 3), (4, 3), (1, 5)])    -> 2 in row 4 column 3, 1 in row 1 column 5
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

LOWEST_RATING = 1
HIGHEST_RATING = 5
RATINGS = range(LOWEST_RATING, HIGHEST_RATING + 1)
# Every score a 5 × 5 matrix can produce: 1-6, 8-10, 12, 15, 16, 20 and 25.
POSSIBLE_SCORES = frozenset(likelihood * impact for likelihood in RATINGS for impact in RATINGS)

HeatMap = tuple[tuple[int, ...], ...]


class BandError(ValueError):
    """A set of score bands that leaves a possible score out, or counts one twice."""


class Movement(StrEnum):
    UP = "up"
    DOWN = "down"
    SAME = "same"
    NEW = "new"


@dataclass(frozen=True)
class ScoreBand:
    """A named range of scores, inclusive at both ends: ``ScoreBand("Medium", 5, 12)``."""

    name: str
    lowest: int
    highest: int

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise BandError("every band needs a name")
        if self.lowest > self.highest:
            raise BandError(
                f"band {self.name} starts at {self.lowest}, above its end {self.highest}"
            )

    def __contains__(self, score: object) -> bool:
        return isinstance(score, int) and self.lowest <= score <= self.highest

    def __str__(self) -> str:
        return f"{self.name} ({self.lowest} to {self.highest})"


DEFAULT_BANDS: tuple[ScoreBand, ...] = (
    ScoreBand("Low", 1, 4),
    ScoreBand("Medium", 5, 12),
    ScoreBand("High", 15, 25),
)


def _check_rating(name: str, rating: int) -> None:
    if isinstance(rating, bool) or not isinstance(rating, int) or rating not in RATINGS:
        raise ValueError(f"{name} must be a whole number from 1 to 5, got {rating!r}")


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact, each 1 to 5: ``score(4, 3) == 12``."""
    _check_rating("likelihood", likelihood)
    _check_rating("impact", impact)
    return likelihood * impact


def validate_bands(bands: Iterable[ScoreBand]) -> tuple[ScoreBand, ...]:
    """The bands, lowest first, once checked: names unique, no overlap, and every possible
    score in a band. Raises ``BandError`` naming the problem.

    ``validate_bands([ScoreBand("Low", 1, 4), ScoreBand("Medium", 5, 12)])`` fails because
    15, 16, 20 and 25 are in no band; a low band of 1-6 beside a medium band from 5 fails
    because 5 and 6 would be in both.
    """
    ordered = tuple(sorted(bands, key=lambda band: band.lowest))
    if not ordered:
        raise BandError("there must be at least one band")
    names = [band.name.strip().lower() for band in ordered]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise BandError(f"band names must differ: {', '.join(repeated)} is used twice")
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if upper.lowest <= lower.highest:
            raise BandError(
                f"bands {lower.name} and {upper.name} overlap at "
                f"{upper.lowest}-{min(lower.highest, upper.highest)}"
            )
    missing = sorted(s for s in POSSIBLE_SCORES if not any(s in band for band in ordered))
    if missing:
        raise BandError(f"scores {', '.join(map(str, missing))} are not in any band")
    return ordered


def band_for(value: int, bands: Sequence[ScoreBand] = DEFAULT_BANDS) -> ScoreBand:
    """The band a score falls in: ``band_for(12)`` is Medium, ``band_for(15)`` High.

    Raises ``ValueError`` for a score in no band (one the matrix cannot produce, in a gap).
    """
    for band in bands:
        if value in band:
            return band
    raise ValueError(f"score {value!r} is not in any band")


def band_rank(value: int, bands: Sequence[ScoreBand] = DEFAULT_BANDS) -> int:
    """The band's position, 0 for the lowest band: for shading and sorting."""
    found = band_for(value, bands)
    return sorted(bands, key=lambda band: band.lowest).index(found)


def above_appetite(value: int, appetite: int | None) -> bool:
    """Whether a score exceeds the appetite: 16 against 12 is above, 12 against 12 is not."""
    return appetite is not None and value > appetite


def movement(previous_score: int | None, current_score: int) -> Movement:
    """How a score moved since the last review: up, down, the same, or new with no earlier one."""
    if previous_score is None:
        return Movement.NEW
    if current_score > previous_score:
        return Movement.UP
    if current_score < previous_score:
        return Movement.DOWN
    return Movement.SAME


def heat_map_counts(pairs: Iterable[tuple[int, int]]) -> HeatMap:
    """How many (likelihood, impact) pairs fall in each cell, as
    ``grid[likelihood - 1][impact - 1]``. Ratings outside 1 to 5 are refused."""
    grid = [[0] * HIGHEST_RATING for _ in RATINGS]
    for likelihood, impact in pairs:
        score(likelihood, impact)  # validates both ratings
        grid[likelihood - 1][impact - 1] += 1
    return tuple(tuple(row) for row in grid)
