"""Scores and bands as the app uses them: the organisation's own bands, checked when set."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from goldenthread.risks.models import RiskSettings
from goldenthread.risks.selectors import RiskFilters, risks_filtered, score_bands_for
from goldenthread.risks.tests.factories import make_risk, risk

FOUR_BANDS = [
    {"name": "Minor", "lowest": 1, "highest": 3},
    {"name": "Moderate", "lowest": 4, "highest": 9},
    {"name": "Major", "lowest": 10, "highest": 16},
    {"name": "Severe", "lowest": 20, "highest": 25},
]


class TestBandSettings:
    @pytest.mark.parametrize(
        ("bands", "message"),
        [
            (
                [
                    {"name": "Low", "lowest": 1, "highest": 4},
                    {"name": "High", "lowest": 5, "highest": 12},
                ],
                "scores 15, 16, 20, 25 are not in any band",
            ),
            (
                [
                    {"name": "Low", "lowest": 1, "highest": 6},
                    {"name": "Medium", "lowest": 5, "highest": 12},
                    {"name": "High", "lowest": 15, "highest": 25},
                ],
                "bands Low and Medium overlap at 5-6",
            ),
            ([{"name": "All", "lowest": 1}], "each band needs a name, a lowest and a highest"),
            ({"name": "Low"}, "bands must be a list"),
            ([], "at least one band"),
        ],
    )
    def test_a_band_set_that_does_not_fit_the_matrix_is_refused(self, council, bands, message):
        settings = RiskSettings(organisation=council, bands=bands)
        with pytest.raises(ValidationError) as raised:
            settings.clean()
        assert message in raised.value.message_dict["bands"][0]

    def test_the_default_bands_pass(self, council):
        RiskSettings.objects.filter(organisation=council).delete()
        RiskSettings(organisation=council).clean()
        assert [band.name for band in score_bands_for(council)] == ["Low", "Medium", "High"]

    def test_an_organisation_s_own_bands_are_used_for_every_risk(self, council):
        RiskSettings.objects.filter(organisation=council).update(bands=FOUR_BANDS)
        council.refresh_from_db()
        sixteen = make_risk(council, "T-16", residual=(4, 4))
        rows = risks_filtered(council, RiskFilters(band="Major"))
        assert sixteen in [row.risk for row in rows]
        assert {row.residual.band.name for row in rows} == {"Major"}
        assert all(10 <= row.residual.score <= 16 for row in rows)


class TestRiskScores:
    def test_scores_are_likelihood_times_impact(self, council):
        made = make_risk(council, residual=(4, 3), target_likelihood=2, target_impact=2)
        assert (made.inherent_score, made.residual_score, made.target_score) == (25, 12, 4)

    @pytest.mark.parametrize("rating", [0, 6])
    def test_a_rating_outside_one_to_five_is_refused(self, council, rating):
        made = make_risk(council)
        made.residual_likelihood = rating
        with pytest.raises(ValidationError) as raised:
            made.full_clean()
        assert "residual_likelihood" in raised.value.message_dict

    def test_the_band_filter_follows_the_scores_in_the_database(self, council):
        rows = risks_filtered(council, RiskFilters(band="High"))
        assert rows and all(row.residual.score >= 15 for row in rows)
        medium = risks_filtered(council, RiskFilters(band="medium"))
        assert medium and all(5 <= row.residual.score <= 12 for row in medium)
        assert risks_filtered(council, RiskFilters(band="Catastrophic")) == []

    def test_the_form_refuses_a_likelihood_of_six(self, council, signed_in):
        mine = risk("DNS-01")  # owned by the head of housing
        response = signed_in("head.housing").post(
            reverse("risks:risk_edit", args=[mine.pk]),
            {
                "kind": "risk",
                "reference": mine.reference,
                "title": mine.title,
                "cause": mine.cause,
                "event": mine.event,
                "consequence": mine.consequence,
                "owner": mine.owner_id,
                "inherent_likelihood": "6",
                "inherent_impact": "4",
                "residual_likelihood": "3",
                "residual_impact": "3",
                "target_likelihood": "2",
                "target_impact": "2",
                "identified_on": "2024-01-01",
                "status": "open",
            },
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html and 'href="#id_inherent_likelihood"' in html
        mine.refresh_from_db()
        assert mine.inherent_likelihood != 6
