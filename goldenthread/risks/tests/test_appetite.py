"""Risks above their category's appetite are flagged, in words as well as colour."""

from django.urls import reverse

from goldenthread.risks.models import Risk
from goldenthread.risks.selectors import RiskFilters, risks_filtered
from goldenthread.risks.tests.factories import make_risk


class TestTheFlag:
    def test_a_risk_scoring_above_its_appetite_is_flagged(self, council):
        # Health and safety: appetite 8.
        assert make_risk(
            council, "T-1", residual=(3, 3), category="Health and safety"
        ).is_above_appetite
        assert not make_risk(
            council, "T-2", residual=(2, 4), category="Health and safety"
        ).is_above_appetite  # 8: at the appetite is within it

    def test_an_opportunity_is_never_above_appetite(self, council):
        made = make_risk(
            council, "T-3", residual=(5, 5), category="Health and safety", kind="opportunity"
        )
        assert not made.is_above_appetite

    def test_no_category_means_no_appetite(self, council):
        assert not make_risk(council, "T-4", residual=(5, 5)).is_above_appetite


class TestTheFilter:
    def test_the_database_filter_agrees_with_the_rule(self, council):
        flagged = {
            risk.reference
            for risk in Risk.objects.filter(organisation=council, status="open").select_related(
                "category"
            )
            if risk.is_above_appetite
        }
        rows = risks_filtered(council, RiskFilters(above_appetite=True))
        assert {row.risk.reference for row in rows} == flagged
        assert 3 <= len(flagged) <= 10  # the demo has a few
        assert all(row.above_appetite for row in rows)

    def test_the_register_says_so_in_words(self, council, signed_in):
        make_risk(council, "T-5", residual=(4, 4), category="Safeguarding", title="Visits missed")
        html = (
            signed_in("head.housing")
            .get(reverse("risks:risk_list") + "?appetite=above")
            .content.decode()
        )
        assert "Visits missed" in html
        assert "Above appetite" in html
        assert "shown are above appetite" in html
        assert html.count(
            '<strong class="govuk-tag govuk-tag--red">Above appetite</strong>'
        ) == len(risks_filtered(council, RiskFilters(above_appetite=True)))
