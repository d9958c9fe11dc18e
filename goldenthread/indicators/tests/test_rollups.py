from django.urls import reverse

from goldenthread.indicators.models import IndicatorObjective
from goldenthread.indicators.rollups import rag_rollups
from goldenthread.indicators.tests.factories import (
    approved_values,
    make_indicator,
    period,
    set_target,
)
from goldenthread.strategy.models import Objective


def test_indicators_count_towards_their_objective_theme_service_and_committees(council):
    red = make_indicator(council, "T-RED")
    green = make_indicator(council, "T-GREEN")
    for indicator, value in [(red, "50"), (green, "95")]:
        set_target(indicator, "2025-Q2", "90")
        approved_values(indicator, "2025-Q2", [value])
    team_target = Objective.objects.get(title__startswith="100% of houses available")
    IndicatorObjective.objects.create(indicator=red, objective=team_target)
    IndicatorObjective.objects.create(
        indicator=green, objective=Objective.objects.get(title="Zero homelessness")
    )

    rollups = rag_rollups(council, period(council, "2025-Q2"))
    theme = {row.name: row.counts for row in rollups.by_theme}["Safety and social well-being"]
    assert (theme.red, theme.green) == (1, 1)  # the team's indicator counts up the thread
    objective = {row.name: row.counts for row in rollups.by_objective}[
        "100% of houses available for re-let within 28 days"
    ]
    assert (objective.red, objective.green) == (1, 0)
    service = {row.name: row.counts for row in rollups.by_service}["Housing"]
    assert service.red == 1 and service.green == 1  # Estate Management is part of Housing
    committee = {row.name: row.counts for row in rollups.by_committee}["People Select Committee"]
    assert (committee.red, committee.green) == (1, 1)


def test_the_summary_page_shows_the_counts(council, signed_in):
    make_indicator(council, "T-ANY")
    response = signed_in("cllr.scrutiny").get(reverse("indicators:summary"), {"period": "2025-Q2"})
    assert response.status_code == 200
    assert "By committee" in response.content.decode()
