"""The judgement cache never shows a judgement older than the data, whatever path wrote it:
the database stamps the indicator, and the stamp is part of the key."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from goldenthread.indicators import judgement_cache, selectors
from goldenthread.indicators.models import ChangePoint, Indicator, IndicatorReturn, Target
from goldenthread.indicators.tests.factories import (
    approved_values,
    make_indicator,
    period,
    set_target,
)


def judge(indicator, label="2025-Q2", **options):  # type: ignore[no-untyped-def]
    return selectors.performance_for([indicator], period(indicator.organisation, label), **options)[
        indicator.pk
    ]


def fresh(indicator: Indicator) -> Indicator:
    """The indicator as the next request would read it."""
    return Indicator.objects.select_related("organisation").get(pk=indicator.pk)


@pytest.fixture
def judged(council):  # type: ignore[no-untyped-def]
    indicator = make_indicator(council, "C-1")
    set_target(indicator, "2025-Q2", "90", tolerance="5")
    approved_values(indicator, "2024-Q2", ["80", "82", "84", "86", "88"])
    assert judge(indicator).rag == "amber"
    return indicator


# Each test runs in one transaction, which has written: PostgreSQL keeps no judgement there
# (judgement_cache.stamps_for), so tests of what is kept run on SQLite, and the stamps
# themselves are tested on both.
keeps_in_tests = pytest.mark.skipif(
    connection.vendor == "postgresql", reason="nothing is kept in a transaction that has written"
)


@keeps_in_tests
def test_a_second_look_reads_only_the_stamps(judged):  # type: ignore[no-untyped-def]
    indicator = fresh(judged)
    selectors.periods_by_id(indicator.organisation)
    with CaptureQueriesContext(connection) as queries:
        again = judge(indicator)
    assert len(queries) == 2  # the period asked for, and the stamps
    assert "indicators_datastamp" in queries[1]["sql"]
    assert again.rag == "amber" and again.current.value == Decimal("88")
    assert again.indicator is indicator


def test_a_value_changed_behind_the_models_back_is_seen(judged):  # type: ignore[no-untyped-def]
    # A queryset update sends no signals and skips save(): only the database knows.
    IndicatorReturn.objects.filter(
        indicator=judged, period=period(judged.organisation, "2025-Q2")
    ).update(value=Decimal("95"))
    result = judge(fresh(judged))
    assert result.current.value == Decimal("95") and result.rag == "green"


def test_a_new_target_version_is_seen(judged):  # type: ignore[no-untyped-def]
    Target.objects.filter(indicator=judged).update(value=Decimal("88"))
    assert judge(fresh(judged)).rag == "green"


def test_bulk_created_and_deleted_returns_are_seen(judged):  # type: ignore[no-untyped-def]
    council = judged.organisation
    IndicatorReturn.objects.bulk_create(
        [
            IndicatorReturn(
                indicator=judged,
                period=period(council, "2025-Q3"),
                value=Decimal("99"),
                status="approved",
            )
        ]
    )
    assert judge(fresh(judged), "2025-Q3").current.value == Decimal("99")
    IndicatorReturn.objects.filter(indicator=judged, period__label="2025-Q2").delete()
    assert judge(fresh(judged)).current is None or judge(fresh(judged)).current.value is None


def test_a_change_point_is_seen(council):  # type: ignore[no-untyped-def]
    indicator = make_indicator(council, "C-SPC")
    approved_values(indicator, "2021-Q3", [str(50 + n % 3) for n in range(16)])
    assert judge(indicator).spc.enough_data
    ChangePoint.objects.create(
        indicator=indicator, period=period(council, "2025-Q1"), reason="New method"
    )
    # The new segment has two points: too few for limits.
    assert not judge(fresh(indicator)).spc.enough_data


def test_the_indicators_own_settings_are_part_of_the_key(judged):  # type: ignore[no-untyped-def]
    Indicator.objects.filter(pk=judged.pk).update(polarity="lower")
    assert judge(fresh(judged)).rag == "green"


def test_each_question_has_its_own_answer(judged):  # type: ignore[no-untyped-def]
    council = judged.organisation
    IndicatorReturn.objects.create(
        indicator=judged, period=period(council, "2025-Q3"), value=Decimal("70"), status="draft"
    )
    assert judge(fresh(judged), "2025-Q3").current.status == "missing"
    assert judge(fresh(judged), "2025-Q3", include_unapproved=True).current.value == Decimal("70")
    assert len(judge(fresh(judged), history_points=2).points) == 2


def test_indicators_with_new_data_are_judged_again_alone(council):  # type: ignore[no-untyped-def]
    indicators = [make_indicator(council, f"C-{n}") for n in range(3)]
    for indicator in indicators:
        approved_values(indicator, "2025-Q1", ["10", "20"])
    quarter = period(council, "2025-Q2")
    selectors.performance_for(indicators, quarter)
    IndicatorReturn.objects.filter(indicator=indicators[1], period=quarter).update(value=5)
    again = [fresh(indicator) for indicator in indicators]
    result = selectors.performance_for(again, quarter)
    assert [result[i.pk].current.value for i in again] == [20, 5, 20]


@keeps_in_tests
@override_settings(GOLDENTHREAD_JUDGEMENT_CACHE=2)
def test_the_cache_keeps_at_most_its_size(council):  # type: ignore[no-untyped-def]
    indicators = [make_indicator(council, f"S-{n}") for n in range(3)]
    selectors.performance_for(indicators, period(council, "2025-Q2"))
    assert len(judgement_cache._entries) == 2


def test_a_size_of_nought_turns_it_off(council):  # type: ignore[no-untyped-def]
    with override_settings(GOLDENTHREAD_JUDGEMENT_CACHE=0):
        selectors.performance_for([make_indicator(council, "N-1")], period(council, "2025-Q2"))
    assert len(judgement_cache._entries) == 0


def _stamp(indicator: Indicator) -> int | None:
    return judgement_cache.stamps_for([indicator.pk])[0].get(indicator.pk)


def _forget_stamp(indicator: Indicator) -> None:
    """As if the stamp had been written by an earlier, committed transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE indicators_datastamp SET stamp = 0, written_in = NULL WHERE indicator_id = %s",
            [indicator.pk],
        )


WRITES = {
    "return added": lambda i, q: IndicatorReturn.objects.create(
        indicator=i, period=q, value=1, status="draft"
    ),
    "return changed": lambda i, q: IndicatorReturn.objects.filter(indicator=i).update(value=7),
    "return deleted": lambda i, q: IndicatorReturn.objects.filter(indicator=i).delete(),
    "target added": lambda i, q: Target.objects.create(indicator=i, period=q, value=3, version=2),
    "target changed": lambda i, q: Target.objects.filter(indicator=i).update(value=9),
    "target deleted": lambda i, q: Target.objects.filter(indicator=i).delete(),
    "change point added": lambda i, q: ChangePoint.objects.create(
        indicator=i, period=q, reason="New method"
    ),
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_changes_the_stamp(judged, write):  # type: ignore[no-untyped-def]
    quarter = period(judged.organisation, "2025-Q3")
    assert _stamp(judged) is not None
    _forget_stamp(judged)
    WRITES[write](judged, quarter)
    assert _stamp(judged) not in (None, 0)


def test_a_writing_transaction_never_sees_its_own_earlier_judgement(judged):  # type: ignore[no-untyped-def]
    quarter = period(judged.organisation, "2025-Q2")
    for value in ("91", "70", "89"):
        IndicatorReturn.objects.filter(indicator=judged, period=quarter).update(value=value)
        assert judge(fresh(judged)).current.value == Decimal(value)
