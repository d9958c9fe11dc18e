"""The demo council's corporate basket: enough indicators, years of values and states that
every page has something to show."""

from collections import Counter
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from goldenthread import demo
from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.calculations.formula import parse_formula
from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.spc import Variation
from goldenthread.indicators import selectors
from goldenthread.indicators.models import (
    Indicator,
    IndicatorObjective,
    IndicatorReturn,
    ReturnSchedule,
    Target,
)
from goldenthread.strategy.models import Objective, ReportingPeriod, Theme

Status = IndicatorReturn.Status


def basket(council: Organisation) -> list[Indicator]:
    return list(
        Indicator.objects.filter(organisation=council, in_corporate_basket=True).select_related(
            "organisation", "owner"
        )
    )


def latest_quarter(council: Organisation) -> ReportingPeriod:
    period = selectors.period_latest_ended(council)
    assert period is not None
    return period


class TestTheBasket:
    def test_about_seventy_indicators_each_with_a_full_proforma(self, council):
        indicators = basket(council)
        assert 65 <= len(indicators) <= 75
        for indicator in indicators:
            assert indicator.code.startswith("PI-"), indicator.code
            assert indicator.definition and indicator.calculation_method, indicator.code
            assert indicator.data_source and indicator.data_system, indicator.code
            assert indicator.owner_id and indicator.org_unit_id, indicator.code
            assert indicator.target_rationale and indicator.past_performance, indicator.code
            assert indicator.review_date and indicator.review_date > timezone.localdate()
        signed = [i for i in indicators if i.signed_off_by_id]
        assert len(signed) >= 0.8 * len(indicators)
        assert all(
            permissions.can_approve(i.signed_off_by, council, unit_id=i.org_unit_id) for i in signed
        )
        assert any(i.long_term_target is not None and i.long_term_target_year for i in indicators)
        assert Indicator.updaters.through.objects.filter(indicator__organisation=council).exists()

    def test_the_voids_officer_leads_the_re_let_indicators(self, council, person):
        officer = person("officer.estates")
        codes = set(
            selectors.indicators_entered_by(officer, council).values_list("code", flat=True)
        )
        assert {"PI-HOU-03", "PI-HOU-04"} <= codes
        assert Indicator.objects.get(organisation=council, code="PI-HOU-03").unit == "days"

    def test_every_theme_and_council_plan_objective_has_indicators(self, council):
        for theme in Theme.objects.filter(organisation=council):
            found = selectors.indicators_for_organisation(council, theme_id=theme.pk)
            assert found.count() >= 3, theme.title
        links = Counter(
            IndicatorObjective.objects.filter(indicator__organisation=council).values_list(
                "objective__code", flat=True
            )
        )
        plan_objectives = Objective.objects.filter(organisation=council, code__startswith="CP-")
        assert plan_objectives.count() == 16
        for objective in plan_objectives:
            assert links[objective.code] >= 2, objective.code
        for cascade in [
            "100% of homeless households offered accommodation within 21 days",
            "100% of houses available for re-let within 28 days",
        ]:
            objective = Objective.objects.get(organisation=council, title=cascade)
            assert objective.indicators_indicatorobjective_links.exists(), cascade
        assert {"direct", "contributory"} == set(
            IndicatorObjective.objects.filter(indicator__organisation=council).values_list(
                "kind", flat=True
            )
        )

    def test_every_polarity_frequency_unit_aggregation_and_type_is_present(self, council):
        indicators = basket(council)
        assert {i.polarity for i in indicators} == {"higher", "lower", "band", "none"}
        frequencies = Counter(i.frequency for i in indicators)
        assert set(frequencies) == {"monthly", "quarterly", "annual"}
        assert 6 <= frequencies["monthly"] <= 10 and 5 <= frequencies["annual"] <= 8
        assert {i.unit for i in indicators} == set(Indicator.Unit.values)
        assert {i.aggregation for i in indicators} == {"sum", "average", "latest", "ytd"}
        assert {i.kind for i in indicators} == set(Indicator.Kind.values)
        assert {i.geography for i in indicators} == set(Indicator.Geography.values)
        assert {i.is_statutory for i in indicators} == {True, False}

    def test_targets_have_both_kinds_of_tolerance_and_bands(self, council):
        targets = Target.objects.filter(indicator__organisation=council)
        assert targets.filter(tolerance_is_percentage=True, tolerance__gt=0).exists()
        assert targets.filter(tolerance_is_percentage=False, tolerance__gt=0).exists()
        band = targets.filter(indicator__polarity="band").first()
        assert band is not None and band.band_lower < band.band_upper
        this_year = latest_quarter(council).year
        for indicator in basket(council):
            has_targets = targets.filter(
                indicator=indicator, period__year=this_year + 1, period__frequency="annual"
            ).exists()
            assert has_targets == (indicator.polarity != "none" and not indicator.is_qualitative)

    def test_a_revised_target_applies_from_its_revision_and_earlier_results_keep_theirs(
        self, council
    ):
        revisions = list(
            Target.objects.filter(indicator__organisation=council, version=2).select_related(
                "indicator__organisation"
            )
        )
        revised = {target.indicator for target in revisions}
        assert 1 <= len(revised) <= 3
        assert all(target.reason for target in revisions)
        judged_against_revision = 0
        for indicator in revised:
            revised_at = min(t.set_at for t in revisions if t.indicator == indicator)
            assert revised_at <= timezone.now()
            revised_periods = {t.period_id for t in revisions if t.indicator == indicator}
            period = selectors.period_latest_ended(council, indicator.frequency)
            performance = selectors.performance_for([indicator], period)
            approved_at = dict(
                IndicatorReturn.objects.filter(indicator=indicator).values_list(
                    "period_id", "approved_at"
                )
            )
            for point in performance[indicator.pk].points:
                if point.status == "missing":
                    continue
                revised_in_time = (
                    point.period.pk in revised_periods
                    and approved_at[point.period.pk] >= revised_at
                )
                assert point.target.version == (2 if revised_in_time else 1), point.period
                judged_against_revision += revised_in_time
        assert judged_against_revision >= 1


class TestQualitativeAndCalculated:
    def test_qualitative_indicators_are_judged_by_their_owner(self, council):
        qualitative = [i for i in basket(council) if i.is_qualitative]
        assert 3 <= len(qualitative) <= 4
        approved = IndicatorReturn.objects.filter(indicator__in=qualitative, status=Status.APPROVED)
        assert approved.count() >= 3 * 20
        assert not approved.filter(narrative="").exists()
        assert not approved.filter(judgement="").exists()
        assert set(approved.values_list("judgement", flat=True)) == {"green", "amber", "red"}
        assert not approved.filter(judgement="red", remedial_action="").exists()
        performance = selectors.performance_for(qualitative, latest_quarter(council))
        assert {p.rag for p in performance.values()} <= {
            RagStatus.GREEN,
            RagStatus.AMBER,
            RagStatus.RED,
            RagStatus.NOT_ASSESSED,
        }

    def test_calculated_values_equal_the_formula_of_their_inputs(self, council):
        calculated = [i for i in basket(council) if i.is_calculated]
        assert len(calculated) == 2
        checked = 0
        for indicator in calculated:
            formula = parse_formula(indicator.formula)
            inputs = {
                (code, period_id): value
                for code, period_id, value in IndicatorReturn.objects.filter(
                    indicator__organisation=council,
                    indicator__code__in=formula.references,
                    status=Status.APPROVED,
                ).values_list("indicator__code", "period_id", "value")
            }
            for result in IndicatorReturn.objects.filter(indicator=indicator):
                expected = formula.evaluate(
                    {code: inputs.get((code, result.period_id)) for code in formula.references}
                )
                assert expected is not None, result
                assert result.is_calculated and result.status == Status.APPROVED
                assert result.value == expected.quantize(Decimal("0.000001"), ROUND_HALF_UP)
                checked += 1
        assert checked >= 2 * 20


class TestValues:
    def test_quarterly_indicators_have_more_than_five_years_of_values(self, council):
        period = latest_quarter(council)
        quarterly = [
            i for i in basket(council) if i.frequency == "quarterly" and not i.is_qualitative
        ]
        assert len(quarterly) >= 40
        for indicator in quarterly:
            starts = list(
                IndicatorReturn.objects.filter(indicator=indicator).values_list(
                    "period__start_date", flat=True
                )
            )
            assert len(starts) >= 21, indicator.code
            assert min(starts) <= period.end_date - timedelta(days=5 * 365), indicator.code
            assert not IndicatorReturn.objects.filter(
                indicator=indicator, period__start_date__gt=period.end_date
            ).exists()

    def test_monthly_indicators_run_to_the_latest_month_that_has_ended(self, council):
        month = selectors.period_latest_ended(council, "monthly")
        monthly = [i for i in basket(council) if i.frequency == "monthly"]
        made = IndicatorReturn.objects.filter(indicator__in=monthly)
        assert made.count() >= len(monthly) * 60
        assert made.filter(period=month).exists()
        assert not made.filter(period__start_date__gt=month.end_date).exists()

    def test_past_returns_were_submitted_by_the_owner_and_approved_after_the_deadline(
        self, council
    ):
        period = latest_quarter(council)
        past = IndicatorReturn.objects.filter(
            indicator__organisation=council,
            indicator__frequency="quarterly",
            period__end_date__lt=period.start_date,
            is_calculated=False,
        ).select_related("indicator__organisation", "period")
        assert set(past.values_list("status", flat=True)) == {Status.APPROVED}
        schedule = ReturnSchedule.objects.get(organisation=council)
        assert (schedule.opens_days_after_end, schedule.deadline_days_after_end) == (-7, 15)
        for made in list(past.order_by("pk"))[::7]:
            deadline = selectors.return_window(council, made.period).deadline
            assert made.submitted_by_id == made.indicator.owner_id
            assert made.submitted_at < made.approved_at
            assert (
                deadline
                < timezone.localtime(made.approved_at).date()
                <= deadline + timedelta(days=7)
            )
            assert permissions.can_approve_return(made.approved_by, made.indicator)
            assert made.source_quoted and made.prepared_by and made.prepared_on

    def test_a_few_past_returns_are_missing(self, council):
        missing = 0
        for indicator in basket(council):
            if indicator.frequency == "annual" or indicator.is_calculated:
                continue
            latest = selectors.period_latest_ended(council, indicator.frequency)
            made = IndicatorReturn.objects.filter(
                indicator=indicator, period__end_date__lt=latest.start_date
            )
            periods = ReportingPeriod.objects.filter(
                organisation=council,
                frequency=indicator.frequency,
                start_date__gte=made.order_by("period__start_date").first().period.start_date,
                end_date__lt=latest.start_date,
            )
            missing += periods.count() - made.count()
        assert 3 <= missing <= 10

    def test_the_latest_quarter_mixes_every_state_of_return(self, council, person):
        period = latest_quarter(council)
        entered = [i for i in basket(council) if i.frequency == "quarterly" and not i.is_calculated]
        statuses = dict(
            IndicatorReturn.objects.filter(indicator__in=entered, period=period).values_list(
                "indicator__code", "status"
            )
        )
        counts = Counter(statuses.get(i.code, "not started") for i in entered)
        assert set(counts) == {"approved", "submitted", "draft", "not started"}
        assert 0.35 <= counts["approved"] / len(entered) <= 0.65
        assert counts["not started"] >= 3
        voids = Indicator.objects.get(organisation=council, code="PI-HOU-03")
        assert voids.owner == person("officer.estates")
        assert "PI-HOU-03" not in statuses

    def test_amber_and_red_returns_explain_themselves(self, council):
        indicators = [i for i in basket(council) if not i.is_qualitative]
        performance = selectors.performance_for(indicators, latest_quarter(council))
        returns = {
            r.pk: r
            for r in IndicatorReturn.objects.filter(
                indicator__in=indicators, is_calculated=False, status=Status.APPROVED
            )
        }
        seen = Counter()
        for result in performance.values():
            for point in result.points:
                if point.return_id not in returns:
                    continue
                seen[point.rag.status] += 1
                made = returns[point.return_id]
                if point.rag.status in (RagStatus.AMBER, RagStatus.RED):
                    assert made.commentary, made
                if point.rag.status == RagStatus.RED:
                    assert made.remedial_action, made
        assert seen[RagStatus.GREEN] > seen[RagStatus.AMBER] > seen[RagStatus.RED] > 20


class TestWhatThePagesShow:
    def test_spc_shows_special_causes_improving_and_concerning(self, council):
        performance = selectors.performance_for(basket(council), latest_quarter(council))
        variations = Counter(p.spc.variation for p in performance.values() if p.spc)
        assert variations[Variation.IMPROVEMENT] >= 1
        assert variations[Variation.CONCERN] >= 1
        assert variations[Variation.COMMON_CAUSE] > variations[Variation.IMPROVEMENT]

    def test_an_astronomical_month_is_confirmed_and_explained(self, council):
        unusual = IndicatorReturn.objects.filter(
            indicator__organisation=council, outlier_confirmed=True
        ).exclude(outlier_explanation="")
        assert unusual.exists()

    def test_some_indicators_are_red_twice_running_and_need_recovery(self, council):
        performance = selectors.performance_for(basket(council), latest_quarter(council))
        red_twice = [
            p.indicator.code
            for p in performance.values()
            if [q.rag.status for q in p.points if q.status != "missing"][-2:]
            == [RagStatus.RED, RagStatus.RED]
        ]
        assert len(red_twice) >= 2
        assert all(
            performance[i.pk].recovery_needed for i in basket(council) if i.code in red_twice
        )

    def test_the_published_view_has_every_rag_state(self, council):
        performance = selectors.performance_for(basket(council), latest_quarter(council))
        assert {p.rag for p in performance.values()} >= {
            RagStatus.GREEN,
            RagStatus.AMBER,
            RagStatus.RED,
            RagStatus.NO_DATA,
            RagStatus.NOT_ASSESSED,
        }


def test_the_same_seed_builds_the_same_values(council):
    def values(organisation: Organisation) -> dict[tuple[str, str], tuple]:
        return {
            (code, label): (value, status, judgement)
            for code, label, value, status, judgement in IndicatorReturn.objects.filter(
                indicator__organisation=organisation
            ).values_list("indicator__code", "period__label", "value", "status", "judgement")
        }

    built = values(council)
    # Move the built demo aside (slug and user names are unique) and build it again.
    Organisation.objects.filter(pk=council.pk).update(slug="wyvern-vale-first")
    User.objects.filter(organisation=council).update(username=Concat(Value("first."), "username"))
    again = demo.build_demo(seed=2025).organisation
    assert values(again) == built
