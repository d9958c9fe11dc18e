"""Budget monitoring arithmetic: variance against budget, its RAG, and savings delivery.

Rules:

1. ``variance = forecast outturn - budget``: positive is an overspend, negative an underspend.
2. ``variance % = variance / |budget| * 100``, rounded to one decimal place (half up); undefined
   (None) when the budget is zero.
3. RAG on the thresholds the organisation sets (:class:`VarianceThresholds`), in percent of
   the budget:
   an overspend of at least ``red_percent`` → RED; of at least ``amber_percent`` → AMBER;
   an underspend of at least ``underspend_amber_percent`` → AMBER (money not spent on the
   priorities it was given for); anything else → GREEN. With a zero budget any overspend is
   RED and anything else GREEN.
4. Savings: ``shortfall = target - forecast delivery``; delivered in full (shortfall <= 0)
   → GREEN; a shortfall up to ``amber_shortfall_percent`` of the target → AMBER; more → RED.

Worked examples (used in the tests)::

    budget 1,000,000, forecast 1,012,000, amber 1%, red 3%   -> AMBER, +12,000, +1.2%
    budget 1,000,000, forecast 1,040,000                     -> RED,   +40,000, +4.0%
    budget 1,000,000, forecast   990,000                     -> GREEN, -10,000, -1.0%
    budget 1,000,000, forecast   900,000, underspend 5%      -> AMBER, -100,000, -10.0%
    savings target 250,000, forecast 200,000, amber 25%      -> AMBER, shortfall 50,000
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from goldenthread.calculations.rag import RagStatus

ONE_PLACE = Decimal("0.1")


@dataclass(frozen=True)
class VarianceThresholds:
    """Percentages of the budget at which a forecast turns amber or red."""

    amber_percent: Decimal
    red_percent: Decimal
    underspend_amber_percent: Decimal

    def __post_init__(self) -> None:
        if min(self.amber_percent, self.red_percent, self.underspend_amber_percent) < 0:
            raise ValueError("variance thresholds must not be negative")
        if self.amber_percent > self.red_percent:
            raise ValueError("the amber threshold must not be above the red threshold")


@dataclass(frozen=True)
class Variance:
    amount: Decimal  # positive: overspend
    percent: Decimal | None  # of the budget; None when the budget is zero

    @property
    def is_overspend(self) -> bool:
        return self.amount > 0


def variance(budget: Decimal, forecast: Decimal) -> Variance:
    """The forecast outturn's difference from the budget, in pounds and percent."""
    amount = forecast - budget
    if budget == 0:
        return Variance(amount, None)
    percent = (amount / abs(budget) * 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    return Variance(amount, percent)


def variance_rag(budget: Decimal, forecast: Decimal, thresholds: VarianceThresholds) -> RagStatus:
    """RAG of a forecast outturn against its budget (rule 3)."""
    result = variance(budget, forecast)
    if result.percent is None:
        return RagStatus.RED if result.amount > 0 else RagStatus.GREEN
    if result.percent >= thresholds.red_percent and result.amount > 0:
        return RagStatus.RED
    if result.percent >= thresholds.amber_percent and result.amount > 0:
        return RagStatus.AMBER
    if result.amount < 0 and -result.percent >= thresholds.underspend_amber_percent:
        return RagStatus.AMBER
    return RagStatus.GREEN


def savings_rag(target: Decimal, forecast: Decimal, amber_shortfall_percent: Decimal) -> RagStatus:
    """Delivery status of a savings or efficiency item (rule 4)."""
    if target < 0 or amber_shortfall_percent < 0:
        raise ValueError("a savings target and its tolerance must not be negative")
    shortfall = target - forecast
    if shortfall <= 0:
        return RagStatus.GREEN
    if shortfall * 100 <= target * amber_shortfall_percent:
        return RagStatus.AMBER
    return RagStatus.RED
