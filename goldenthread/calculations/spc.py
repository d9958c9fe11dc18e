"""Statistical process control (SPC): XmR charts as in NHS England's "Making Data Count".

Follows the R package NHSRplotthedots (``ptd_spc``) unless noted.

Limits (per segment)
    mean     = mean of the baseline points (all points of the segment unless ``baseline_points``)
    mR       = |x_i - x_(i-1)| between consecutive baseline points of the same segment
    mR̄       = mean of the moving ranges
    limits   = mean ± 2.66 × mR̄              ("3 sigma" process limits)
    near     = mean ± (2/3) × 2.66 × mR̄      ("2 sigma" lines)
    Screening (``screen_outliers``): moving ranges above 3.267 × mR̄ are dropped and mR̄ is
    recomputed once. (plotthedots keeps only ranges strictly below 3.267 × mR̄; the two agree
    except at exact equality, where plotthedots drops every range of a flat baseline and ends up
    with no limits at all.)

Segments and baselines
    ``rebase_at`` lists indices where a recorded change starts a new segment; each segment gets
    its own limits and the rules never look across a segment boundary. ``baseline_points`` fixes
    each segment's limits on its first N points and extends them over the rest of the segment.
    A segment with fewer than ``minimum_points`` points (default 13) gets no limits and its
    points are ``NOT_ENOUGH_DATA``; the result's variation and assurance come from the latest
    segment.

Special-cause rules (each flags every point of a qualifying pattern)
    ASTRONOMICAL  a point strictly above the upper or below the lower process limit.
    SHIFT         ``run_length`` (default 7) or more consecutive points all above, or all below,
                  the mean; a point exactly on the mean breaks the run.
    TREND         ``run_length`` or more consecutive points, each strictly higher (or each
                  strictly lower) than the one before; a repeated value breaks the run.
                  Rising is the high side.
    TWO_IN_THREE  three consecutive points all on the same side of the mean, at least two of them
                  beyond the near ("2 sigma") line on that side; the points beyond the line are
                  flagged, the third point is not. Points beyond the process limits count, as in
                  Making Data Count's tools since their 2023 change (plotthedots still counts
                  only points between the near line and the process limit).

Judgement per point
    A high-side signal is an improvement when higher is better and a concern when lower is
    better; if a point has both an improvement and a concern signal, improvement wins. With no
    direction (``NONE``, and ``WITHIN_BAND``, where neither side is good in itself) signals are
    neutral high or low; if both, the side of the mean the point lies on decides (a point
    exactly on the mean counts as high).

Assurance (latest segment, as ``ptd_calculate_assurance_type``)
    Higher is better: target strictly below the lower limit → consistently passing; strictly
    above the upper limit → consistently failing; otherwise (including a target exactly on a
    limit) hit and miss. Lower is better mirrors this. No target, or a polarity without one good
    direction (``NONE``, ``WITHIN_BAND``) → NO_TARGET.

Missing values are not allowed: the caller drops gaps before calling (a gap has no moving
range, and plotthedots also works only on the points present). Values are worked in float.

Worked example (used in the tests)::

    values  9 12 11 13 10 9 11 12 13 10 11 12 10    (13 points)
    mean    = 143 / 13                      = 11
    mR      = 3 1 2 3 1 2 1 1 3 1 1 2       → mR̄ = 21 / 12 = 1.75
    limits  = 11 ± 2.66 × 1.75              = 6.345 .. 15.655
    near    = 11 ± (2/3) × 2.66 × 1.75      = 7.897 .. 14.103
    → all common cause. With ``baseline_points=13`` (limits fixed on those points):
    + 16                    ASTRONOMICAL high: improvement if higher is better, else concern
    + 12 × 7                SHIFT on the 7 new points (12 × 6 does not fire with run_length 7)
    + 7 8 9 10 11 12 13     TREND (rising, high) on the 7 new points
    + 14.5 12 14.5          TWO_IN_THREE high on both 14.5s; not on 12
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from itertools import groupby, pairwise

from goldenthread.calculations.polarity import Polarity

LIMIT_FACTOR = 2.66  # 3 / d2, with d2 = 1.128 for moving ranges of two points
NEAR_FACTOR = LIMIT_FACTOR * 2 / 3
SCREEN_FACTOR = 3.267  # D4 for ranges of two points: the upper limit of the moving-range chart
_NO_RULES: frozenset["SpcRule"] = frozenset()


class SpcRule(StrEnum):
    ASTRONOMICAL = "astronomical"
    SHIFT = "shift"
    TREND = "trend"
    TWO_IN_THREE = "two_in_three"


class Side(StrEnum):
    HIGH = "high"
    LOW = "low"


class Variation(StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "special_cause_improving"
    CONCERN = "special_cause_concerning"
    NEUTRAL_HIGH = "special_cause_neutral_high"
    NEUTRAL_LOW = "special_cause_neutral_low"
    NOT_ENOUGH_DATA = "not_enough_data"


class Assurance(StrEnum):
    CONSISTENTLY_PASSING = "consistently_passing"
    CONSISTENTLY_FAILING = "consistently_failing"
    HIT_AND_MISS = "hit_and_miss"
    NO_TARGET = "no_target"
    NOT_ENOUGH_DATA = "not_enough_data"


# Enum members looked up once: attribute access on an enum class is slow in Python 3.11.
_COMMON_CAUSE = Variation.COMMON_CAUSE
_GOOD_SIDE = {Polarity.HIGHER_IS_BETTER: Side.HIGH, Polarity.LOWER_IS_BETTER: Side.LOW}


@dataclass(frozen=True)
class SpcPoint:
    index: int  # position in the input sequence
    value: float
    mean: float | None  # None: the point's segment has too few points for limits
    upper_limit: float | None
    lower_limit: float | None
    upper_near: float | None
    lower_near: float | None
    rules: frozenset[SpcRule]  # every rule that fired, on either side
    side: Side | None  # side of the signal that decided ``variation``; None for common cause
    variation: Variation


def _spc_point(*fields: object) -> SpcPoint:
    """An SpcPoint from its fields in order, built without the frozen dataclass's __init__
    (ten guarded attribute sets), which was most of the cost of judging a long series."""
    point = object.__new__(SpcPoint)
    point.__dict__.update(zip(_SPC_POINT_FIELDS, fields, strict=True))
    return point


_SPC_POINT_FIELDS = tuple(SpcPoint.__dataclass_fields__)


@dataclass(frozen=True)
class SpcResult:
    points: tuple[SpcPoint, ...]
    variation: Variation  # the latest point's judgement
    assurance: Assurance
    enough_data: bool  # whether the latest segment has limits
    mean: float | None  # latest segment
    upper_limit: float | None
    lower_limit: float | None


@dataclass(frozen=True)
class _Limits:
    mean: float
    upper: float
    lower: float
    upper_near: float
    lower_near: float


def spc_analysis(
    values: Sequence[float | Decimal],
    *,
    polarity: Polarity,
    target: float | Decimal | None = None,
    run_length: int = 7,
    minimum_points: int = 13,
    baseline_points: int | None = None,
    rebase_at: Sequence[int] = (),
    screen_outliers: bool = False,
) -> SpcResult:
    """XmR chart, special causes, variation and assurance (rules in the module docstring).

    ``values`` are in time order with no gaps. Raises ``ValueError`` for missing or non-finite
    values, ``run_length``/``minimum_points``/``baseline_points`` below 2, or ``rebase_at``
    indices outside ``1 .. len(values) - 1``.
    """
    ys = [_as_float(i, v) for i, v in enumerate(values)]
    for name, number in (("run_length", run_length), ("minimum_points", minimum_points)):
        if number < 2:
            raise ValueError(f"{name} must be at least 2, got {number}")
    if baseline_points is not None and baseline_points < 2:
        raise ValueError(f"baseline_points must be at least 2, got {baseline_points}")
    for index in rebase_at:
        if not 0 < index < len(ys):
            raise ValueError(f"rebase index {index} is outside 1..{len(ys) - 1}")

    starts = [0, *sorted(set(rebase_at))]
    points: list[SpcPoint] = []
    limits: _Limits | None = None
    for start, stop in zip(starts, [*starts[1:], len(ys)], strict=True):
        segment = ys[start:stop]
        if len(segment) < minimum_points:
            limits = None
            points.extend(_not_enough(start, segment))
        else:
            limits = _limits(segment[:baseline_points], screen_outliers)
            points.extend(_judge(start, segment, limits, polarity, run_length))

    if limits is None:  # the latest segment (or the whole series) is too short
        return SpcResult(
            points=tuple(points),
            variation=Variation.NOT_ENOUGH_DATA,
            assurance=Assurance.NOT_ENOUGH_DATA,
            enough_data=False,
            mean=None,
            upper_limit=None,
            lower_limit=None,
        )
    return SpcResult(
        points=tuple(points),
        variation=points[-1].variation,
        assurance=_assurance(target, polarity, limits),
        enough_data=True,
        mean=limits.mean,
        upper_limit=limits.upper,
        lower_limit=limits.lower,
    )


def _as_float(index: int, value: float | Decimal | None) -> float:
    if value is None:
        raise ValueError(f"value {index} is missing: drop gaps before SPC analysis")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"value {index} is not a finite number: {value!r}")
    return number


def _not_enough(start: int, segment: Sequence[float]) -> list[SpcPoint]:
    return [
        SpcPoint(
            index=start + i,
            value=y,
            mean=None,
            upper_limit=None,
            lower_limit=None,
            upper_near=None,
            lower_near=None,
            rules=frozenset(),
            side=None,
            variation=Variation.NOT_ENOUGH_DATA,
        )
        for i, y in enumerate(segment)
    ]


def _mean(xs: Sequence[float]) -> float:
    """The exact mean rounded once, as ``statistics.mean`` gives for floats (so a flat series
    has its own value as the mean; ``math.fsum(xs) / len(xs)`` rounds twice and can put every
    point a hair off it), worked in integers because every float is a whole number over a
    power of two, which is many times faster than ``statistics``' fractions."""
    ratios = [x.as_integer_ratio() for x in xs]
    scale = max(denominator for _, denominator in ratios)
    total = sum(numerator * (scale // denominator) for numerator, denominator in ratios)
    return total / (scale * len(ratios))  # int / int is correctly rounded


def _limits(baseline: Sequence[float], screen_outliers: bool) -> _Limits:
    mean = _mean(baseline)
    ranges = [abs(b - a) for a, b in pairwise(baseline)]
    mr_bar = _mean(ranges)
    if screen_outliers:
        # At least one range is <= the mean range, so the kept list is never empty.
        mr_bar = _mean([r for r in ranges if r <= SCREEN_FACTOR * mr_bar])
    return _Limits(
        mean=mean,
        upper=mean + LIMIT_FACTOR * mr_bar,
        lower=mean - LIMIT_FACTOR * mr_bar,
        upper_near=mean + NEAR_FACTOR * mr_bar,
        lower_near=mean - NEAR_FACTOR * mr_bar,
    )


def _runs(signs: Sequence[int]) -> list[tuple[int, int, int]]:
    """Maximal runs of equal values as (start, stop, value), stop exclusive."""
    runs = []
    start = 0
    for value, group in groupby(signs):
        length = len(list(group))
        runs.append((start, start + length, value))
        start += length
    return runs


def _judge(
    start: int, ys: Sequence[float], limits: _Limits, polarity: Polarity, run_length: int
) -> list[SpcPoint]:
    # Signals are kept only for the points that have any: most points are common cause.
    signals: dict[int, set[tuple[SpcRule, Side]]] = {}
    side_of = {1: Side.HIGH, -1: Side.LOW}
    mean, upper, lower = limits.mean, limits.upper, limits.lower

    for i, y in enumerate(ys):
        if y > upper:
            signals.setdefault(i, set()).add((SpcRule.ASTRONOMICAL, Side.HIGH))
        elif y < lower:
            signals.setdefault(i, set()).add((SpcRule.ASTRONOMICAL, Side.LOW))

    position = [(y > mean) - (y < mean) for y in ys]  # 1 above the mean, -1 below, 0 on it
    for first, stop, sign in _runs(position):
        if sign and stop - first >= run_length:
            for i in range(first, stop):
                signals.setdefault(i, set()).add((SpcRule.SHIFT, side_of[sign]))

    # Step k is the move from point k to point k + 1, so steps first..stop-1 span points
    # first..stop: one more point than steps.
    steps = [(b > a) - (b < a) for a, b in pairwise(ys)]
    for first, stop, sign in _runs(steps):
        if sign and stop - first + 1 >= run_length:
            for i in range(first, stop + 1):
                signals.setdefault(i, set()).add((SpcRule.TREND, side_of[sign]))

    upper_near, lower_near = limits.upper_near, limits.lower_near
    beyond_near = [1 if y > upper_near else -1 if y < lower_near else 0 for y in ys]
    for first in range(len(ys) - 2):
        sign = position[first]
        if sign and position[first + 1] == sign and position[first + 2] == sign:
            flagged = [i for i in range(first, first + 3) if beyond_near[i] == sign]
            if len(flagged) >= 2:
                for i in flagged:
                    signals.setdefault(i, set()).add((SpcRule.TWO_IN_THREE, side_of[sign]))

    return [
        _point(start + i, y, limits, signals[i], polarity, position[i])
        if i in signals
        else _spc_point(
            start + i,
            y,
            mean,
            upper,
            lower,
            upper_near,
            lower_near,
            _NO_RULES,
            None,
            _COMMON_CAUSE,
        )
        for i, y in enumerate(ys)
    ]


def _point(
    index: int,
    y: float,
    limits: _Limits,
    signals: set[tuple[SpcRule, Side]],
    polarity: Polarity,
    position: int,
) -> SpcPoint:
    key = (frozenset(signals), polarity, position)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        verdict = _VERDICTS[key] = _verdict(signals, polarity, position)
    return _spc_point(
        index,
        y,
        limits.mean,
        limits.upper,
        limits.lower,
        limits.upper_near,
        limits.lower_near,
        *verdict,
    )


# A point's rules, side and variation depend only on its signals, the polarity and its side of
# the mean, which take few distinct values, so each verdict is worked out once.
_VERDICTS: dict[
    tuple[frozenset[tuple[SpcRule, Side]], Polarity, int],
    tuple[frozenset[SpcRule], Side, Variation],
] = {}


def _verdict(
    signals: set[tuple[SpcRule, Side]], polarity: Polarity, position: int
) -> tuple[frozenset[SpcRule], Side, Variation]:
    sides = {side for _, side in signals}
    side: Side
    good = _GOOD_SIDE.get(polarity)
    if good is not None:
        if good in sides:  # improvement wins over concern
            side, variation = good, Variation.IMPROVEMENT
        else:
            (side,) = sides
            variation = Variation.CONCERN
    else:
        if len(sides) == 1:
            (side,) = sides
        else:
            side = Side.LOW if position < 0 else Side.HIGH
        variation = Variation.NEUTRAL_HIGH if side == Side.HIGH else Variation.NEUTRAL_LOW
    return frozenset(rule for rule, _ in signals), side, variation


def _assurance(target: float | Decimal | None, polarity: Polarity, limits: _Limits) -> Assurance:
    if target is None or polarity not in (Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER):
        return Assurance.NO_TARGET
    higher_is_better = polarity == Polarity.HIGHER_IS_BETTER
    t = float(target)
    if t > limits.upper:
        return (
            Assurance.CONSISTENTLY_FAILING if higher_is_better else Assurance.CONSISTENTLY_PASSING
        )
    if t < limits.lower:
        return (
            Assurance.CONSISTENTLY_PASSING if higher_is_better else Assurance.CONSISTENTLY_FAILING
        )
    return Assurance.HIT_AND_MISS
