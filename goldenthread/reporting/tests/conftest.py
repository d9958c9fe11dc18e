"""A small committee of our own for the report tests: a theme, one objective and four
indicators (one red and declining with commentary and a remedial action, one green, one
qualitative with a story, one with no approved figure), reported on for 2025-Q2.

`made_once` builds data inside a transaction that is rolled back, so a test module can make
its report files once and read them back in many tests. A module using it marks its tests
`django_db`: pytest-django sets the test database up only for sessions with such tests.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from goldenthread.accounts.models import Committee, Organisation
from goldenthread.demo import DEMO_SLUG
from goldenthread.indicators.models import Indicator, IndicatorObjective, IndicatorReturn
from goldenthread.indicators.tests.factories import (
    approved_values,
    make_indicator,
    quarters,
    set_target,
)
from goldenthread.reporting.catalogue import ReportRequest, report_build, report_resolve
from goldenthread.strategy.models import Objective, Plan, Theme

PERIOD = "2025-Q2"
YEAR = "2025/26"
COMMITTEE = "Reporting Test Panel"
RED_VALUES = ["86", "88", "87", "89", "85", "88", "86", "87", "88", "86", "87", "85", "80", "70.5"]
GREEN_VALUES = [
    "93",
    "94",
    "95",
    "94",
    "96",
    "95",
    "94",
    "96",
    "95",
    "96",
    "95",
    "96",
    "95",
    "96.2",
]


@dataclass
class Scenario:
    council: Organisation
    committee: Committee
    theme: Theme
    objective: Objective
    red: Indicator
    green: Indicator
    story: Indicator
    empty: Indicator


def make_scenario(council: Organisation) -> Scenario:
    plan = Plan.objects.filter(organisation=council, kind="council_plan").order_by("pk").first()
    assert plan is not None
    theme = Theme.objects.create(
        organisation=council,
        plan=plan,
        title="Trustworthy reporting",
        slug="trustworthy-reporting",
        statement="Reports everyone can rely on.",
        order=99,
    )
    committee = Committee.objects.create(
        organisation=council, name=COMMITTEE, slug="reporting-test-panel", kind="scrutiny"
    )
    theme.committees.add(committee)
    objective = Objective.objects.create(
        organisation=council,
        plan=plan,
        theme=theme,
        code="RT-1",
        title="Figures that add up",
        success_measure="Every report agrees with its data",
    )
    red = make_indicator(council, "RT-RED", title="Empty homes re-let within 28 days")
    green = make_indicator(council, "RT-GREEN", title="Complaints answered on time")
    story = make_indicator(
        council, "RT-STORY", title="Ward champions' stories", is_qualitative=True
    )
    empty = make_indicator(council, "RT-EMPTY", title="New homes started")
    for when in quarters(council, "2024-Q1", 6):
        set_target(red, when.label, "90", tolerance="5")
        set_target(green, when.label, "95", tolerance="5")
        set_target(empty, when.label, "40")
    approved_values(red, "2022-Q1", RED_VALUES)
    approved_values(green, "2022-Q1", GREEN_VALUES)
    IndicatorReturn.objects.filter(indicator=red, period__label=PERIOD).update(
        commentary="Contractor delays held up repairs to twelve homes.",
        remedial_action='=HYPERLINK("http://evil") A second contractor starts in October.',
    )
    story_return = approved_values(story, PERIOD, ["0"])[0]
    story_return.value = None
    story_return.narrative = "Champions in Brookfield ward ran a repair café for 40 residents."
    story_return.judgement = "green"
    story_return.save()
    for indicator in (red, green, story, empty):
        IndicatorObjective.objects.create(indicator=indicator, objective=objective)
    return Scenario(council, committee, theme, objective, red, green, story, empty)


@pytest.fixture
def scenario(council: Organisation) -> Scenario:
    return make_scenario(council)


@contextmanager
def rolled_back(django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def made_once(django_db_setup: Any, django_db_blocker: Any) -> Callable[..., Any]:
    """Runs `make(scenario)` once on the scenario's data, then rolls the data back."""

    def run(make: Callable[[Scenario], Any]) -> Any:
        with rolled_back(django_db_blocker):
            return make(make_scenario(Organisation.objects.get(slug=DEMO_SLUG)))

    return run


def committee_report(scenario: Scenario, kind: str = "quarterly"):  # type: ignore[no-untyped-def]
    """The committee's report for 2025-Q2, or for the year 2025/26."""
    when = YEAR if kind in ("annual", "bvpp") else PERIOD
    resolved = report_resolve(
        scenario.council, ReportRequest(kind=kind, period=when, committee=COMMITTEE)
    )
    return report_build(scenario.council, resolved)
