from decimal import Decimal

from django.urls import reverse

from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.indicators.tests.factories import (
    approved_values,
    make_indicator,
    period,
    set_target,
)
from goldenthread.strategy.models import Objective


class TestTheIndicatorPage:
    def test_it_shows_the_chart_its_data_table_and_the_proforma(self, council, signed_in):
        indicator = make_indicator(
            council,
            "T-PAGE",
            title="Empty homes re-let within 28 days",
            definition="Homes re-let within 28 days of the keys coming back",
        )
        set_target(indicator, "2025-Q2", "90", tolerance="5")
        approved_values(indicator, "2022-Q1", [str(80 + n % 5) for n in range(14)])
        html = (
            signed_in("cllr.scrutiny")
            .get(indicator.get_absolute_url(), {"period": "2025-Q2"})
            .content.decode()
        )
        assert "<svg" in html and 'role="img"' in html
        assert "Values by period (the data for the chart)" in html
        assert "Homes re-let within 28 days of the keys coming back" in html
        assert "2025-Q2" in html and "90.0%" in html

    def test_members_see_approved_figures_only_and_officers_see_drafts_marked_provisional(
        self, council, signed_in
    ):
        indicator = make_indicator(council, "T-PROV")
        approved_values(indicator, "2025-Q1", ["81"])
        IndicatorReturn.objects.create(
            indicator=indicator,
            period=period(council, "2025-Q2"),
            value=Decimal("64.5"),
            status="submitted",
        )
        member = (
            signed_in("cllr.scrutiny")
            .get(indicator.get_absolute_url(), {"period": "2025-Q2"})
            .content.decode()
        )
        assert "64.5%" not in member
        officer = (
            signed_in("officer.estates")
            .get(indicator.get_absolute_url(), {"period": "2025-Q2"})
            .content.decode()
        )
        assert "64.5%" in officer and "Provisional" in officer


class TestTheProforma:
    def test_a_performance_admin_adds_an_indicator_linked_to_an_objective(
        self, council, signed_in, person
    ):
        zero = Objective.objects.get(title="Zero homelessness")
        response = signed_in("performance.lead").post(
            reverse("indicators:indicator_create"),
            {
                "code": "T-NEW",
                "title": "Households in bed and breakfast",
                "polarity": "lower",
                "unit": "number",
                "decimal_places": "0",
                "frequency": "quarterly",
                "aggregation": "latest",
                "kind": "outcome",
                "geography": "borough",
                "owner": person("officer.options").pk,
                "objectives": [zero.pk],
            },
        )
        indicator = Indicator.objects.get(code="T-NEW")
        assert response.status_code == 302
        assert list(indicator.objective_links.values_list("objective__title", "kind")) == [
            ("Zero homelessness", "direct")
        ]

    def test_a_bad_formula_is_reported_on_the_formula_field(self, council, signed_in):
        response = signed_in("performance.lead").post(
            reverse("indicators:indicator_create"),
            {
                "code": "T-CALC",
                "title": "Rate",
                "polarity": "higher",
                "unit": "percent",
                "decimal_places": "1",
                "frequency": "quarterly",
                "aggregation": "average",
                "kind": "outcome",
                "geography": "borough",
                "formula": "{T-X} / ",
            },
        )
        html = response.content.decode()
        assert "There is a problem" in html and 'href="#id_formula"' in html
        assert not Indicator.objects.filter(code="T-CALC").exists()

    def test_officers_cannot_add_indicators(self, signed_in):
        assert (
            signed_in("officer.estates").get(reverse("indicators:indicator_create")).status_code
            == 403
        )

    def test_the_head_of_service_signs_off_the_proforma(self, council, signed_in):
        indicator = make_indicator(council, "T-SIGN")
        signed_in("head.housing").post(
            reverse("indicators:indicator_sign_off", args=[indicator.pk])
        )
        indicator.refresh_from_db()
        assert (
            indicator.signed_off_by.username == "head.housing"
            and indicator.signed_off_on is not None
        )
        assert (
            signed_in("head.cfya")
            .post(reverse("indicators:indicator_sign_off", args=[indicator.pk]))
            .status_code
            == 403
        )


class TestTargetsPage:
    def test_profiling_an_annual_target_sets_the_year_and_each_quarter(self, council, signed_in):
        indicator = make_indicator(
            council, "T-PROF", unit="number", aggregation="sum", decimal_places=0
        )
        response = signed_in("performance.lead").post(
            reverse("indicators:targets", args=[indicator.pk]),
            {
                "action": "profile",
                "profile-year": "2025",
                "profile-annual": "1200",
                "profile-method": "seasonal",
                "profile-weights": "1, 1, 2, 2",
            },
        )
        assert response.status_code == 302
        values = dict(
            Target.objects.filter(indicator=indicator).values_list("period__label", "value")
        )
        assert values == {
            "2025/26": Decimal("1200"),
            "2025-Q1": Decimal("200"),
            "2025-Q2": Decimal("200"),
            "2025-Q3": Decimal("400"),
            "2025-Q4": Decimal("400"),
        }

    def test_revising_a_target_without_a_reason_is_refused(self, council, signed_in):
        indicator = make_indicator(council, "T-REV")
        set_target(indicator, "2025-Q2", "90")
        html = (
            signed_in("performance.lead")
            .post(
                reverse("indicators:targets", args=[indicator.pk]),
                {
                    "action": "target",
                    "target-period": period(council, "2025-Q2").pk,
                    "target-value": "95",
                },
            )
            .content.decode()
        )
        assert "Say why the target is being revised." in html
        assert Target.objects.filter(indicator=indicator).count() == 1
