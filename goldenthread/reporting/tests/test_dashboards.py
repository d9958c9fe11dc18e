"""Dashboards: the same counts as the roll-ups, what needs attention first with links down to
each indicator and its golden thread, filters, a period selector, the same view as a report,
and a fixed number of queries however many indicators there are."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.accounts.models import Committee, OrgUnit
from goldenthread.indicators import judgement_cache
from goldenthread.indicators.models import IndicatorObjective
from goldenthread.indicators.rollups import rag_rollups
from goldenthread.indicators.tests.factories import (
    approved_values,
    make_indicator,
    period,
    set_target,
)
from goldenthread.reporting import attention
from goldenthread.reporting.attention import AttentionItem, register_attention
from goldenthread.strategy.models import Objective, Theme

PERIOD = "2025-Q2"


def dashboard(client, url):  # type: ignore[no-untyped-def]
    response = client.get(url, {"period": PERIOD})
    assert response.status_code == 200
    return response.context["dashboard"], response.content.decode()


class TestTheCountsAreTheRollUps:
    def test_corporate_committee_theme_and_service(self, council, signed_in):
        client = signed_in("cllr.scrutiny")
        rollups = rag_rollups(council, period(council, PERIOD))
        corporate, _ = dashboard(client, reverse("reporting:dashboard"))
        assert corporate.counts == rollups.overall
        assert corporate.counts.total > 50  # the demo's basket

        committee = Committee.objects.get(organisation=council, name="People Select Committee")
        shown, _ = dashboard(
            client, reverse("reporting:committee_dashboard", args=[committee.slug])
        )
        assert shown.counts == {r.name: r.counts for r in rollups.by_committee}[committee.name]
        assert [row.name for row in shown.breakdown] == [
            "Safety and social well-being",
            "Health",
            "Education and lifelong learning",
        ]
        by_theme = {r.name: r.counts for r in rollups.by_theme}
        assert all(row.counts == by_theme[row.name] for row in shown.breakdown)

        theme = Theme.objects.get(organisation=council, title="Health")
        shown, _ = dashboard(client, reverse("reporting:theme_dashboard", args=[theme.pk]))
        assert shown.counts == by_theme["Health"]

        housing = OrgUnit.objects.get(organisation=council, name="Housing")
        shown, _ = dashboard(client, reverse("reporting:unit_dashboard", args=[housing.pk]))
        assert shown.counts == {r.name: r.counts for r in rollups.by_service}["Housing"]


def test_what_needs_attention_comes_first_with_links_to_the_indicator_and_its_thread(
    scenario, signed_in
):
    shown, html = dashboard(
        signed_in("cllr.scrutiny"),
        reverse("reporting:committee_dashboard", args=[scenario.committee.slug]),
    )
    assert [row.indicator.code for row in shown.rows] == [
        "RT-RED",
        "RT-EMPTY",
        "RT-GREEN",
        "RT-STORY",
    ]
    indicators = next(group for group in shown.attention if group.key == "indicators")
    assert [item.reference for item in indicators.items] == ["RT-RED", "RT-EMPTY"]
    assert f'href="{scenario.red.get_absolute_url()}?period=2025-Q2"' in html
    assert f'href="{scenario.objective.get_thread_url()}"' in html
    assert '<span class="gt-spc gt-spc--concern">Special cause: concerning</span>' in html
    assert '<span class="gt-direction gt-direction--declining">Declining</span>' in html


def test_the_filters_narrow_the_list_but_not_the_counts(scenario, signed_in):
    client = signed_in("cllr.scrutiny")
    url = reverse("reporting:committee_dashboard", args=[scenario.committee.slug])
    red = client.get(url, {"period": PERIOD, "rag": "red"}).context["dashboard"]
    assert [row.indicator.code for row in red.rows] == ["RT-RED"]
    assert red.counts.total == 4
    found = client.get(url, {"period": PERIOD, "q": "complaints"}).context["dashboard"]
    assert [row.indicator.code for row in found.rows] == ["RT-GREEN"]
    falling = client.get(url, {"period": PERIOD, "direction": "declining"}).context["dashboard"]
    assert [row.indicator.code for row in falling.rows] == ["RT-RED"]


def test_the_period_can_be_chosen_and_the_view_opened_as_a_report(scenario, signed_in):
    client = signed_in("cllr.scrutiny")
    url = reverse("reporting:committee_dashboard", args=[scenario.committee.slug])
    response = client.get(url, {"period": "2025-Q1"})
    html = response.content.decode()
    assert "Quarter 1 2025/26 (April to June 2025)" in html
    assert response.context["dashboard"].rows[0].performance.current.value == Decimal("80")
    report = response.context["report_url"]
    assert report == "/reports/quarterly/?period=2025-Q1&committee=reporting-test-panel"
    assert client.get(report).status_code == 200


def test_my_dashboard_shows_the_indicators_i_lead(scenario, signed_in):
    shown, _ = dashboard(signed_in("officer.estates"), reverse("reporting:my_dashboard"))
    codes = {row.indicator.code for row in shown.rows}
    assert {"RT-RED", "RT-GREEN", "RT-STORY", "RT-EMPTY"} <= codes
    assert all(row.owner == "Sam Wilson" or row.indicator.updaters.exists() for row in shown.rows)


def test_other_apps_add_what_needs_attention(scenario, signed_in, monkeypatch):
    monkeypatch.setattr(attention, "_registry", dict(attention._registry))
    register_attention(
        "budgets",
        lambda organisation, period, scope: [
            AttentionItem(
                "B-12", "Temporary accommodation budget", "/finance/12/", ("Overspend of 12%",)
            )
        ],
        label="Budget variances",
        order=40,
    )
    shown, html = dashboard(signed_in("cllr.scrutiny"), reverse("reporting:dashboard"))
    assert [group.label for group in shown.attention] == ["Indicators", "Budget variances"]
    assert "B-12 Temporary accommodation budget" in html and "Overspend of 12%" in html


def test_the_queries_do_not_grow_with_the_number_of_indicators(
    council, signed_in, django_assert_max_num_queries
):
    client = signed_in("cllr.scrutiny")
    url = reverse("reporting:dashboard")
    client.get(url, {"period": PERIOD})  # sessions and caches warmed
    # Every indicator judged from its rows, not from the judgement cache, each time.
    judgement_cache.clear()
    with CaptureQueriesContext(connection) as before:
        client.get(url, {"period": PERIOD})
    objective = Objective.objects.get(organisation=council, title="Zero homelessness")
    for number in range(15):
        indicator = make_indicator(council, f"Q-{number:02d}", owner=None)
        set_target(indicator, PERIOD, "50", tolerance="5")
        approved_values(indicator, "2024-Q3", ["40", "45", "48", "52"])
        IndicatorObjective.objects.create(indicator=indicator, objective=objective)
    judgement_cache.clear()
    with django_assert_max_num_queries(len(before)):
        response = client.get(url, {"period": PERIOD})
    assert "Q-14 Test indicator Q-14" in response.content.decode()


@pytest.mark.parametrize("name", ["dashboard", "dashboard_list", "my_dashboard"])
def test_every_dashboard_page_has_one_h1_and_scoped_tables(council, signed_in, name):
    html = signed_in("cllr.scrutiny").get(reverse(f"reporting:{name}")).content.decode()
    assert html.count("<h1") == 1
    assert "<th class" not in html and "<th>" not in html
