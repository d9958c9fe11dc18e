from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations import delivery
from goldenthread.calculations.delivery import ActionStatus, action_status, expected_progress

START = date(2025, 4, 1)
DUE = date(2026, 3, 31)  # 364 days after START
HALFWAY = date(2025, 9, 30)  # 182 days in: 50% of the time


def status(
    today: date,
    progress: int = 0,
    milestones: list[tuple[date, date | None]] | None = None,
    manual: str = "",
    due: date = DUE,
) -> ActionStatus:
    return action_status(
        today=today,
        start_date=START,
        due_date=due,
        progress=progress,
        milestones=milestones or [],
        manual_status=manual,
    )


@pytest.mark.parametrize(
    ("today", "progress", "milestones", "manual", "due", "expected"),
    [
        # The worked examples in the delivery module docstring.
        (HALFWAY, 10, [], "complete", DUE, ActionStatus.COMPLETE),
        (date(2025, 8, 1), 40, [], "deferred", date(2025, 9, 30), ActionStatus.DEFERRED),
        (date(2025, 10, 1), 40, [], "deferred", date(2025, 9, 30), ActionStatus.OVERDUE),
        (date(2025, 3, 1), 0, [], "", DUE, ActionStatus.NOT_STARTED),
        (date(2025, 3, 1), 10, [], "", DUE, ActionStatus.ON_TRACK),
        (date(2026, 4, 1), 95, [], "", DUE, ActionStatus.OVERDUE),
        (HALFWAY, 40, [], "", DUE, ActionStatus.ON_TRACK),
        (HALFWAY, 30, [], "", DUE, ActionStatus.AT_RISK),
        (HALFWAY, 15, [], "", DUE, ActionStatus.OFF_TRACK),
        (HALFWAY, 50, [(date(2025, 9, 20), None)], "", DUE, ActionStatus.AT_RISK),
        (HALFWAY, 50, [(date(2025, 8, 20), None)], "", DUE, ActionStatus.OFF_TRACK),
        # Cancelled is as recorded, even when overdue.
        (date(2026, 6, 1), 20, [], "cancelled", DUE, ActionStatus.CANCELLED),
        # A completed milestone is never late, however late it was done.
        (HALFWAY, 50, [(date(2025, 6, 1), date(2025, 9, 1))], "", DUE, ActionStatus.ON_TRACK),
    ],
)
def test_worked_examples(today, progress, milestones, manual, due, expected):
    assert status(today, progress, milestones, manual, due) == expected


class TestBoundaries:
    """Each threshold, exactly at and one step past it: these fail if a threshold moves."""

    def test_lag_of_exactly_fifteen_is_on_track_and_sixteen_at_risk(self):
        assert delivery.LAG_AT_RISK == 15
        assert status(HALFWAY, 35) == ActionStatus.ON_TRACK
        assert status(HALFWAY, 34) == ActionStatus.AT_RISK

    def test_lag_of_exactly_thirty_is_at_risk_and_thirty_one_off_track(self):
        assert delivery.LAG_OFF_TRACK == 30
        assert status(HALFWAY, 20) == ActionStatus.AT_RISK
        assert status(HALFWAY, 19) == ActionStatus.OFF_TRACK

    def test_a_milestone_thirty_days_late_is_at_risk_thirty_one_off_track(self):
        assert delivery.MILESTONE_OFF_TRACK_DAYS == 30
        thirty = [(HALFWAY - timedelta(days=30), None)]
        thirty_one = [(HALFWAY - timedelta(days=31), None)]
        assert status(HALFWAY, 50, thirty) == ActionStatus.AT_RISK
        assert status(HALFWAY, 50, thirty_one) == ActionStatus.OFF_TRACK

    def test_a_milestone_due_today_is_not_yet_late(self):
        assert status(HALFWAY, 50, [(HALFWAY, None)]) == ActionStatus.ON_TRACK

    def test_the_due_date_itself_is_not_overdue_the_day_after_is(self):
        assert status(DUE, 100) == ActionStatus.ON_TRACK
        assert status(DUE + timedelta(days=1), 100) == ActionStatus.OVERDUE

    def test_the_start_date_itself_with_no_progress_is_on_track(self):
        assert status(START - timedelta(days=1)) == ActionStatus.NOT_STARTED
        assert status(START) == ActionStatus.ON_TRACK

    def test_expected_progress_runs_from_nought_to_a_hundred(self):
        assert expected_progress(today=START, start_date=START, due_date=DUE) == 0
        assert expected_progress(today=HALFWAY, start_date=START, due_date=DUE) == 50
        assert expected_progress(today=DUE, start_date=START, due_date=DUE) == 100
        assert expected_progress(today=START, start_date=START, due_date=START) == 0


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="recorded status"):
        status(HALFWAY, manual="on_track")
    with pytest.raises(ValueError, match="between 0 and 100"):
        status(HALFWAY, 101)
    with pytest.raises(ValueError, match="before start date"):
        status(HALFWAY, due=START - timedelta(days=1))


def test_labels_read_as_words():
    assert [s.label for s in ActionStatus][:5] == [
        "Not started",
        "On track",
        "At risk",
        "Off track",
        "Overdue",
    ]


days = st.integers(min_value=0, max_value=2000)
progress = st.integers(min_value=0, max_value=100)
offsets = st.integers(min_value=-400, max_value=800)
milestone_lists = st.lists(
    st.tuples(offsets, st.one_of(st.none(), offsets)),
    max_size=5,
)


def _milestones(raw: list[tuple[int, int | None]]) -> list[tuple[date, date | None]]:
    return [
        (START + timedelta(days=due), None if done is None else START + timedelta(days=done))
        for due, done in raw
    ]


@given(span=days, day=offsets, done=progress, raw=milestone_lists)
def test_recorded_statuses_win_whatever_the_dates(span, day, done, raw):
    due, today = START + timedelta(days=span), START + timedelta(days=day)
    for manual in ("complete", "cancelled"):
        result = action_status(
            today=today,
            start_date=START,
            due_date=due,
            progress=done,
            milestones=_milestones(raw),
            manual_status=manual,
        )
        assert result.value == manual


@given(span=days, day=offsets, done=progress, raw=milestone_lists)
def test_more_progress_never_makes_an_action_worse(span, day, done, raw):
    order = [ActionStatus.ON_TRACK, ActionStatus.AT_RISK, ActionStatus.OFF_TRACK]
    due, today = START + timedelta(days=span), START + timedelta(days=day)
    kwargs = {
        "today": today,
        "start_date": START,
        "due_date": due,
        "milestones": _milestones(raw),
        "manual_status": "",
    }
    before = action_status(progress=done, **kwargs)
    after = action_status(progress=min(100, done + 10), **kwargs)
    if before in order and after in order:
        assert order.index(after) <= order.index(before)


@given(span=days, day=offsets, done=progress, raw=milestone_lists)
def test_past_the_due_date_an_open_action_is_overdue(span, day, done, raw):
    due, today = START + timedelta(days=span), START + timedelta(days=day)
    result = action_status(
        today=today,
        start_date=START,
        due_date=due,
        progress=done,
        milestones=_milestones(raw),
        manual_status="",
    )
    if today > due:
        assert result == ActionStatus.OVERDUE
    else:
        assert result != ActionStatus.OVERDUE
