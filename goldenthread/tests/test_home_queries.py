"""The home page's panels ask the database a fixed number of times, whatever the number of
returns, action updates and risk returns they count: each panel used to read the unit tree
again for every item it checked a permission on (times are measured by bench/, never here)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.delivery.models import Action, ActionUpdate
from goldenthread.strategy.models import ReportingPeriod

# The most each person's home page may ask, on the demo council: a regression that queries
# once per item on a panel goes over.
CEILINGS = {
    "officer.estates": 25,  # returns, action updates and a risk return to do
    "head.housing": 25,  # and returns and updates to approve
    "performance.lead": 24,
    "cllr.scrutiny": 24,  # panels that have nothing to say still ask
}


def home_queries(client) -> int:  # type: ignore[no-untyped-def]
    client.get(reverse("home"))  # the session and caches warmed
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("username", sorted(CEILINGS))
def test_the_home_page_asks_a_fixed_number_of_queries(signed_in, username):
    assert home_queries(signed_in(username)) <= CEILINGS[username]


def test_updates_to_approve_do_not_add_queries(council, signed_in):
    """Each submitted action update used to read its organisation's unit tree again."""
    client = signed_in("performance.lead")
    before = home_queries(client)
    quarter = (
        ReportingPeriod.objects.filter(organisation=council, frequency="quarterly")
        .order_by("-end_date")
        .first()
    )
    actions = Action.objects.filter(organisation=council).exclude(updates__period=quarter)[:8]
    assert len(actions) == 8
    for action in actions:
        ActionUpdate.objects.create(
            action=action, period=quarter, progress=50, status=ActionUpdate.Status.SUBMITTED
        )
    assert home_queries(client) == before
