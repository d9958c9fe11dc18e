from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.rollup import SEVERITY, RagCounts, rag_counts, worst_status

R = RagStatus


def test_worked_example() -> None:
    counts = rag_counts([R.GREEN, R.RED, R.AMBER, R.GREEN, R.NO_DATA])
    assert counts == RagCounts(red=1, amber=1, green=2, no_data=1)
    assert (counts.total, counts.assessed, counts.percent_green) == (5, 4, Decimal(50))


def test_percent_green_needs_assessed_statuses() -> None:
    assert rag_counts([R.NO_TARGET, R.NOT_ASSESSED]).percent_green is None
    assert rag_counts([]).percent_green is None
    assert rag_counts([R.GREEN, R.RED, R.RED]).percent_green == Decimal(100) / 3


def test_worst_status() -> None:
    assert worst_status([R.GREEN, R.NO_DATA]) is R.NO_DATA
    assert worst_status([R.GREEN, R.NO_TARGET]) is R.GREEN
    assert worst_status([R.AMBER, R.NO_DATA, R.GREEN]) is R.AMBER
    assert worst_status([R.NOT_ASSESSED, R.NO_TARGET]) is R.NO_TARGET
    assert worst_status(iter([R.GREEN, R.RED])) is R.RED


def test_worst_of_nothing() -> None:
    with pytest.raises(ValueError):
        worst_status([])
    assert worst_status([], default=R.NO_DATA) is R.NO_DATA


def test_severity_covers_every_status() -> None:
    assert sorted(SEVERITY) == sorted(RagStatus)


statuses = st.lists(st.sampled_from(RagStatus))


@given(statuses)
def test_counts_add_up(values: list[RagStatus]) -> None:
    counts = rag_counts(values)
    assert counts.total == len(values)
    assert counts.assessed == sum(v in (R.RED, R.AMBER, R.GREEN) for v in values)
    if counts.percent_green is not None:
        assert 0 <= counts.percent_green <= 100


@given(statuses.filter(bool))
def test_worst_status_is_present_and_nothing_is_worse(values: list[RagStatus]) -> None:
    worst = worst_status(values)
    assert worst in values
    assert all(SEVERITY.index(v) >= SEVERITY.index(worst) for v in values)
    assert worst_status(reversed(values)) is worst
