"""Turns stored indicators, targets and returns into the plain values the calculations
package judges. Nothing here decides a rule: RAG, travel, SPC and forecasts come from
goldenthread.calculations."""

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from functools import cache
from typing import Protocol, TypeVar

from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import Band, RagResult, RagStatus, Tolerance, rag_status
from goldenthread.indicators.models import Indicator, Target


class _Versioned(Protocol):
    version: int
    set_at: datetime


# Targets are read as model instances (one indicator) or as plain rows (dashboards).
TargetLike = TypeVar("TargetLike", bound=_Versioned)

JUDGEMENTS = {"green": RagStatus.GREEN, "amber": RagStatus.AMBER, "red": RagStatus.RED}
# Looked up by stored value: calling the enum, or reading its members, is slow in Python 3.11
# and dashboards judge every point of every indicator.
_POLARITIES = {polarity.value: polarity for polarity in Polarity}
_WITHIN_BAND = Polarity.WITHIN_BAND


def target_in_force(versions: Sequence[TargetLike], at: datetime | None) -> TargetLike | None:
    """The target version that applied to a result approved at `at`: the newest version set
    before then, so a later revision never rewrites an approved result. The first version
    always applies (targets loaded after the fact still judge history); with `at` None, the
    newest version applies."""
    ordered = sorted(versions, key=lambda version: version.version)
    if not ordered:
        return None
    if at is None:
        return ordered[-1]
    earlier = [version for version in ordered if version.set_at <= at]
    return earlier[-1] if earlier else ordered[0]


def target_rule(indicator: Indicator, target: Target | None) -> Decimal | Band | None:
    """The target as the calculations package takes it: a number, or a band."""
    if target is None:
        return None
    if indicator.polarity == _WITHIN_BAND:
        if target.band_lower is None or target.band_upper is None:
            return None
        return Band(target.band_lower, target.band_upper)
    return target.value


def tolerance_of(target: Target | None) -> Tolerance | None:
    if target is None or target.tolerance is None:
        return None
    amount = target.tolerance
    return _tolerance(amount, str(amount), target.tolerance_is_percentage)


@cache
def _tolerance(amount: Decimal, spelling: str, is_percentage: bool) -> Tolerance:
    # Tolerances are immutable and a council uses a handful, so each is built once; the
    # spelling is in the key so that 5 and 5.00 stay distinct.
    return Tolerance(amount, is_percentage=is_percentage)


def judge(
    indicator: Indicator,
    value: Decimal | None,
    target: Target | None,
    *,
    judgement: str = "",
) -> RagResult:
    """RAG for a value against a target version; a qualitative indicator takes the owner's
    judgement (and is not assessed without one)."""
    if indicator.is_qualitative:
        status = JUDGEMENTS.get(judgement)
        return RagResult(status or RagStatus.NOT_ASSESSED, None)
    return rag_status(
        value, target_rule(indicator, target), _POLARITIES[indicator.polarity], tolerance_of(target)
    )


def band_of(indicator: Indicator, target: Target | None) -> Band | None:
    rule = target_rule(indicator, target)
    return rule if isinstance(rule, Band) else None
