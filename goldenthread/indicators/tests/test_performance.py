from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from goldenthread.indicators import selectors, services
from goldenthread.indicators.models import IndicatorReturn, Target
from goldenthread.indicators.tests.factories import (
    approved_values,
    make_indicator,
    period,
    quarters,
    set_target,
)
from goldenthread.strategy.models import ReportingPeriod


def judge(indicator, label, **options):  # type: ignore[no-untyped-def]
    return selectors.performance_for([indicator], period(indicator.organisation, label), **options)[
        indicator.pk
    ]


class TestJudgingAPeriod:
    def test_rag_travel_and_target_for_the_period(self, council):
        indicator = make_indicator(council, "T-1")
        set_target(indicator, "2025-Q2", "90", tolerance="5")
        approved_values(indicator, "2024-Q2", ["80", "82", "84", "86", "88"])
        result = judge(indicator, "2025-Q2")
        assert result.current.value == Decimal("88") and result.current.target_value == Decimal(
            "90"
        )
        assert result.rag == "amber"
        assert (result.since_previous, result.since_last_year) == ("improving", "improving")

    def test_lower_is_better_reverses_the_direction(self, council):
        indicator = make_indicator(council, "T-2", polarity="lower", unit="days")
        approved_values(indicator, "2025-Q1", ["30", "34"])
        assert judge(indicator, "2025-Q2").since_previous == "declining"

    def test_unapproved_values_count_only_when_asked(self, council, person):
        indicator = make_indicator(council, "T-3")
        IndicatorReturn.objects.create(
            indicator=indicator,
            period=period(council, "2025-Q2"),
            value=Decimal("70"),
            status="submitted",
        )
        assert judge(indicator, "2025-Q2").current is None
        provisional = judge(indicator, "2025-Q2", include_unapproved=True).current
        assert provisional.value == Decimal("70") and provisional.is_provisional

    def test_a_missing_period_is_a_gap_not_a_zero(self, council):
        indicator = make_indicator(council, "T-4")
        approved_values(indicator, "2024-Q4", ["50", None, "55"])
        points = judge(indicator, "2025-Q2").points
        assert [(p.period.label, p.status) for p in points] == [
            ("2024-Q4", "approved"),
            ("2025-Q1", "missing"),
            ("2025-Q2", "approved"),
        ]
        assert points[1].value is None and points[1].rag.status == "no_data"

    def test_a_revised_target_does_not_rewrite_an_approved_result(self, council, person):
        indicator = make_indicator(council, "T-5")
        set_target(indicator, "2025-Q2", "90")
        approved_values(indicator, "2025-Q2", ["91"])
        later = timezone.now() + timedelta(days=1)
        Target.objects.create(
            indicator=indicator,
            period=period(council, "2025-Q2"),
            value=Decimal("95"),
            version=2,
            reason="Stretch",
        )
        Target.objects.filter(indicator=indicator, version=2).update(set_at=later)
        result = judge(indicator, "2025-Q2")
        assert (result.current.target_value, result.rag) == (Decimal("90"), "green")

    def test_a_revision_needs_a_reason_and_keeps_the_old_version(self, council, person):
        indicator = make_indicator(council, "T-6")
        q2 = period(council, "2025-Q2")
        services.target_set(
            indicator=indicator,
            period=q2,
            values=services.TargetValues(value=Decimal("90")),
            user=person("performance.lead"),
        )
        try:
            services.target_set(
                indicator=indicator,
                period=q2,
                values=services.TargetValues(value=Decimal("95")),
                user=person("performance.lead"),
            )
        except Exception as error:  # noqa: BLE001
            assert "Say why" in str(error)
        services.target_set(
            indicator=indicator,
            period=q2,
            values=services.TargetValues(value=Decimal("95")),
            user=person("performance.lead"),
            reason="Stretch target agreed by Cabinet",
        )
        assert list(
            Target.objects.filter(indicator=indicator)
            .values_list("version", "value")
            .order_by("version")
        ) == [(1, Decimal("90")), (2, Decimal("95"))]


class TestRollUpsAndForecasts:
    def test_a_monthly_indicator_rolls_up_to_the_quarter_by_its_rule(self, council):
        indicator = make_indicator(
            council, "T-M", frequency="monthly", unit="number", aggregation="sum"
        )
        months = ReportingPeriod.objects.filter(
            organisation=council, frequency="monthly", year=2025, number__in=[4, 5, 6]
        ).order_by("number")
        for month, value in zip(months, ["10", "20", "30"], strict=True):
            IndicatorReturn.objects.create(
                indicator=indicator,
                period=month,
                value=Decimal(value),
                status="approved",
                approved_at=timezone.now(),
            )
        current = judge(indicator, "2025-Q2").current
        assert current.period.label == "2025-Q2" and current.value == Decimal("60")

    def test_the_year_end_forecast_uses_the_aggregation_rule(self, council):
        indicator = make_indicator(council, "T-F", unit="number", aggregation="sum")
        Target.objects.create(
            indicator=indicator, period=period(council, "2025/26"), value=Decimal("400")
        )
        approved_values(indicator, "2025-Q1", ["90", "110"])
        result = judge(indicator, "2025-Q2")
        assert result.forecast.value == Decimal("400")
        assert result.forecast_rag.status == "green"

    def test_two_reds_running_ask_for_a_recovery_plan(self, council):
        indicator = make_indicator(council, "T-R")
        for label in ["2025-Q1", "2025-Q2"]:
            set_target(indicator, label, "90")
        approved_values(indicator, "2025-Q1", ["70", "72"])
        assert judge(indicator, "2025-Q2").recovery_needed

    def test_spc_flags_a_shift_after_thirteen_points(self, council):
        indicator = make_indicator(council, "T-S")
        values = [
            "50",
            "52",
            "49",
            "51",
            "50",
            "48",
            "51",
            "50",
            "52",
            "49",
            "57",
            "58",
            "57",
            "59",
            "58",
            "57",
            "58",
        ]
        approved_values(indicator, "2021-Q2", values)
        last = quarters(council, "2021-Q2", len(values))[-1]
        result = judge(indicator, last.label)
        assert result.spc.enough_data
        assert result.spc.variation == "special_cause_improving"
        assert "shift" in {rule.value for rule in result.points[-1].spc.rules}


def test_judging_many_indicators_takes_a_fixed_number_of_queries(
    council, django_assert_max_num_queries
):
    indicators = [make_indicator(council, f"T-Q{n}") for n in range(30)]
    for indicator in indicators:
        approved_values(indicator, "2024-Q1", ["60", "61", "62", "63", "64", "65"])
        set_target(indicator, "2025-Q2", "70")
    for indicator in indicators:
        indicator.organisation = council  # shared, as the list selector gives them
    q2 = period(council, "2025-Q2")
    with django_assert_max_num_queries(5):
        selectors.performance_for(indicators, q2)
