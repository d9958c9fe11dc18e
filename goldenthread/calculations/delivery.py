"""The status of a delivery plan action, derived from its dates, progress and milestones.

Officers record progress (0-100%), milestone completions and three decisions: complete,
cancelled or deferred. Every other status is worked out here, never typed. Rules, applied
in this order:

1. Recorded as ``complete`` or ``cancelled`` -> that status.
2. Recorded as ``deferred`` -> ``DEFERRED`` until the new due date has passed, then
   ``OVERDUE``: a deferral cannot hide a missed new date.
3. Before the start date with no progress -> ``NOT_STARTED``.
4. After the due date -> ``OVERDUE``.
5. ``expected`` is the share of the action's time that has passed, as a percentage
   (0 before the start, 100 from the due date on); ``lag = expected - progress``.
   A milestone is late when it is not complete and its due date is before today.
6. A milestone more than ``MILESTONE_OFF_TRACK_DAYS`` (30) days late, or ``lag`` more than
   ``LAG_OFF_TRACK`` (30) points -> ``OFF_TRACK``.
7. Any milestone late, or ``lag`` more than ``LAG_AT_RISK`` (15) points -> ``AT_RISK``.
8. Otherwise -> ``ON_TRACK``.

Worked examples (used in the tests), for an action running 1 April 2025 to 31 March 2026
(364 days)::

    recorded complete, any dates                             -> COMPLETE
    recorded deferred to 30 Sep 2025, today 1 Aug 2025       -> DEFERRED
    recorded deferred to 30 Sep 2025, today 1 Oct 2025       -> OVERDUE
    today 1 Mar 2025, progress 0                             -> NOT_STARTED
    today 1 Mar 2025, progress 10 (started early)            -> ON_TRACK
    today 1 Apr 2026, progress 95                            -> OVERDUE
    today 30 Sep 2025 (50% of the time), progress 40         -> ON_TRACK  (lag 10)
    today 30 Sep 2025, progress 30                           -> AT_RISK   (lag 20)
    today 30 Sep 2025, progress 15                           -> OFF_TRACK (lag 35)
    today 30 Sep 2025, progress 50, milestone due 20 Sep open -> AT_RISK   (10 days late)
    today 30 Sep 2025, progress 50, milestone due 20 Aug open -> OFF_TRACK (41 days late)
"""

from collections.abc import Sequence
from datetime import date
from enum import StrEnum

LAG_AT_RISK = 15
LAG_OFF_TRACK = 30
MILESTONE_OFF_TRACK_DAYS = 30

MANUAL_STATUSES = ("", "complete", "cancelled", "deferred")


class ActionStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    OVERDUE = "overdue"
    COMPLETE = "complete"
    CANCELLED = "cancelled"
    DEFERRED = "deferred"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


def expected_progress(*, today: date, start_date: date, due_date: date) -> int:
    """The share of the action's time that has passed, 0-100, rounded down."""
    if today <= start_date:
        return 0
    if today >= due_date:
        return 100
    return (today - start_date).days * 100 // (due_date - start_date).days


def action_status(
    *,
    today: date,
    start_date: date,
    due_date: date,
    progress: int,
    milestones: Sequence[tuple[date, date | None]],
    manual_status: str,
) -> ActionStatus:
    """The action's status on ``today``; ``milestones`` are (due date, completed on or None)."""
    if manual_status not in MANUAL_STATUSES:
        raise ValueError(f"unknown recorded status {manual_status!r}")
    if not 0 <= progress <= 100:
        raise ValueError(f"progress must be between 0 and 100, got {progress}")
    if due_date < start_date:
        raise ValueError(f"due date {due_date} is before start date {start_date}")
    if manual_status == "complete":
        return ActionStatus.COMPLETE
    if manual_status == "cancelled":
        return ActionStatus.CANCELLED
    if manual_status == "deferred":
        return ActionStatus.OVERDUE if today > due_date else ActionStatus.DEFERRED
    if today < start_date and progress == 0:
        return ActionStatus.NOT_STARTED
    if today > due_date:
        return ActionStatus.OVERDUE
    lag = expected_progress(today=today, start_date=start_date, due_date=due_date) - progress
    days_late = max(
        ((today - due).days for due, done in milestones if done is None and due < today),
        default=0,
    )
    if days_late > MILESTONE_OFF_TRACK_DAYS or lag > LAG_OFF_TRACK:
        return ActionStatus.OFF_TRACK
    if days_late > 0 or lag > LAG_AT_RISK:
        return ActionStatus.AT_RISK
    return ActionStatus.ON_TRACK
