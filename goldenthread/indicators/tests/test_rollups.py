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


def counts(rollups, section, name):  # type: ignore[no-untyped-def]
    found = {row.name: row.counts for row in getattr(rollups, section)}.get(name)
    return (found.red, found.green) if found else (0, 0)


def test_indicators_count_towards_their_objective_theme_service_and_committees(council):
    q2 = period(council, "2025-Q2")
    before = rag_rollups(council, q2)
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

    after = rag_rollups(council, q2)

    def change(section: str, name: str) -> tuple[int, int]:
        (red_before, green_before), (red_after, green_after) = (
            counts(before, section, name),
            counts(after, section, name),
        )
        return red_after - red_before, green_after - green_before

    # The team's indicator counts up the thread to the theme, beside the objective's own.
    assert change("by_theme", "Safety and social well-being") == (1, 1)
    assert change("by_objective", "100% of houses available for re-let within 28 days") == (1, 0)
    assert change("by_service", "Housing") == (1, 1)  # Estate Management is part of Housing
    assert change("by_committee", "People Select Committee") == (1, 1)
    assert change("by_committee", "Place Select Committee") == (0, 0)


def test_the_summary_page_shows_the_counts(council, signed_in):
    make_indicator(council, "T-ANY")
    response = signed_in("cllr.scrutiny").get(reverse("indicators:summary"), {"period": "2025-Q2"})
    assert response.status_code == 200
    assert "By committee" in response.content.decode()
