"""RAG (red/amber/green) status of a value against a target.

Rules, applied in this order:

1. No value → ``NO_DATA`` (whether or not there is a target).
2. Polarity ``NONE`` → ``NOT_ASSESSED``: with no good direction, RAG is undefined.
3. No target → ``NO_TARGET``. A status is never green without both a value and a target.
4. ``gap`` is the signed distance from the target in the polarity's sense, positive = better:
   higher is better: ``value - target``; lower is better: ``target - value``; within a band:
   distance inside the nearest edge (``>= 0``) or minus the distance outside it.
5. ``gap >= 0`` → ``GREEN``; ``-allowance <= gap < 0`` → ``AMBER``; otherwise ``RED``.
   The allowance comes from the :class:`Tolerance`: its amount in the indicator's unit, or a
   percentage of ``abs(target)`` (for a band, of the edge the value is beyond). No tolerance
   means no amber.

Worked examples (used in the tests)::

    value 92, target 90, higher is better               -> GREEN, gap 2
    value 88, target 90, higher, tolerance 5%           -> AMBER, gap -2 (allowance 4.5)
    value 85, target 90, higher, tolerance 5%           -> RED,   gap -5
    value 88, target 90, higher, no tolerance           -> RED,   gap -2
    value 12, target 10, lower is better, tolerance 2   -> AMBER, gap -2
    value 0.6, band 0.4-0.6                             -> GREEN, gap 0
    value 1.08, band 0.9-1.0, tolerance 10%             -> AMBER, gap -0.08 (allowance 0.1)
    unemployment 6.5% vs regional average 6.6%, lower   -> GREEN, gap 0.1 (rag_for_comparator)
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from goldenthread.calculations.polarity import Polarity


class RagStatus(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NO_TARGET = "no_target"
    NO_DATA = "no_data"
    NOT_ASSESSED = "not_assessed"  # qualitative or directionless: judged by people, not arithmetic


@dataclass(frozen=True)
class Tolerance:
    """How far short of the target still counts as amber.

    ``amount`` is in the indicator's unit, or a percentage of the target's magnitude when
    ``is_percentage`` is true (``Tolerance(Decimal(5), True)`` is 5% of the target).
    """

    amount: Decimal
    is_percentage: bool

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"tolerance must not be negative, got {self.amount}")

    @classmethod
    def absolute(cls, amount: Decimal) -> "Tolerance":
        return cls(amount, is_percentage=False)

    @classmethod
    def percent(cls, amount: Decimal) -> "Tolerance":
        return cls(amount, is_percentage=True)

    def allowance(self, reference: Decimal) -> Decimal:
        """The amber allowance in the indicator's unit, for a target (or band edge) value."""
        if self.is_percentage:
            return abs(reference) * self.amount / 100
        return self.amount


@dataclass(frozen=True)
class Band:
    """An inclusive target range for measures where within the band is best."""

    lower: Decimal
    upper: Decimal

    def __post_init__(self) -> None:
        if self.lower > self.upper:
            raise ValueError(f"band lower {self.lower} is above upper {self.upper}")

    def signed_distance(self, value: Decimal) -> tuple[Decimal, Decimal]:
        """(distance inside the nearest edge, or minus the distance outside it; that edge)."""
        if value < self.lower:
            return value - self.lower, self.lower
        if value > self.upper:
            return self.upper - value, self.upper
        if value - self.lower <= self.upper - value:
            return value - self.lower, self.lower
        return self.upper - value, self.upper


@dataclass(frozen=True)
class RagResult:
    status: RagStatus
    gap: Decimal | None  # positive = better than target; None when there is nothing to compare


def rag_status(
    value: Decimal | None,
    target: Decimal | Band | None,
    polarity: Polarity,
    tolerance: Tolerance | None = None,
) -> RagResult:
    """RAG status of ``value`` against ``target`` (see the module docstring for the rules).

    A :class:`Band` target is required for ``WITHIN_BAND`` and refused for other polarities
    (``TypeError``), because a mismatch means the indicator is set up wrongly.
    """
    if value is None:
        return RagResult(RagStatus.NO_DATA, None)
    if polarity == Polarity.NONE:
        return RagResult(RagStatus.NOT_ASSESSED, None)
    if target is None:
        return RagResult(RagStatus.NO_TARGET, None)

    if polarity == Polarity.WITHIN_BAND:
        if not isinstance(target, Band):
            raise TypeError("a within-band indicator needs a Band target")
        gap, reference = target.signed_distance(value)
    else:
        if isinstance(target, Band):
            raise TypeError(f"a Band target needs within-band polarity, not {str(polarity)!r}")
        gap = value - target if polarity == Polarity.HIGHER_IS_BETTER else target - value
        reference = target

    if gap >= 0:
        status = RagStatus.GREEN
    elif tolerance is not None and -gap <= tolerance.allowance(reference):
        status = RagStatus.AMBER
    else:
        status = RagStatus.RED
    return RagResult(status, gap)


def rag_for_comparator(
    value: Decimal | None,
    comparator_value: Decimal | None,
    polarity: Polarity,
    tolerance: Tolerance | None = None,
    margin: Decimal = Decimal(0),
) -> RagResult:
    """RAG against a comparator series, e.g. "unemployment below the regional average".

    The target is the comparator moved ``margin`` in the good direction: ``comparator + margin``
    when higher is better, ``comparator - margin`` when lower is better, and the band
    ``comparator ± margin`` for within-band measures. Equal to the target counts as green.
    No comparator value → no target.
    """
    if margin < 0:
        raise ValueError(f"margin must not be negative, got {margin}")
    target: Decimal | Band | None
    if comparator_value is None:
        target = None
    elif polarity == Polarity.WITHIN_BAND:
        target = Band(comparator_value - margin, comparator_value + margin)
    elif polarity == Polarity.LOWER_IS_BETTER:
        target = comparator_value - margin
    else:
        target = comparator_value + margin
    return rag_status(value, target, polarity, tolerance)
