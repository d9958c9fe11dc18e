"""Appraisal completion: the share of employees whose appraisal has reached a stage.

``completion = done / due * 100``, to one decimal place (half up); None when no one is due.
Examples: 4 of 5 → 80.0; 2 of 3 → 66.7; 0 of 0 → None.
"""

from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")


def completion_percent(done: int, due: int) -> Decimal | None:
    """``done / due`` as a percentage to one place; None when nothing is due."""
    if done < 0 or due < 0 or done > due:
        raise ValueError(f"cannot complete {done} of {due}")
    if due == 0:
        return None
    return (Decimal(done) * 100 / Decimal(due)).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
