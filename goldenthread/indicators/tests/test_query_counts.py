"""The main pages issue the same number of queries whatever the number of indicators, so a
change that queries once per indicator fails here (times are measured by bench/, never in
tests). Two synthetic councils of different sizes are compared page by page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goldenthread.accounts.models import User
from goldenthread.indicators.models import Indicator
from goldenthread.synth.generate import slug_for, synth_generate

PERIOD = "2025-Q4"


@pytest.fixture
def councils(db):  # type: ignore[no-untyped-def]
    synth_generate(organisations=1, indicators=4, quarters=8, seed=3)
    synth_generate(organisations=2, indicators=24, quarters=12, seed=3)
    return slug_for(1), slug_for(2)


def queries(slug: str, page: str, username: str = "admin") -> int:
    client = Client()
    client.force_login(User.objects.get(username=f"{slug}-{username}"))
    indicator = Indicator.objects.filter(organisation__slug=slug).order_by("code").first()
    url = {
        "dashboard": reverse("reporting:dashboard"),
        "indicator_list": reverse("indicators:indicator_list"),
        "indicator": reverse("indicators:indicator_detail", args=[indicator.pk]),
        "my_returns": reverse("indicators:my_returns"),
    }[page]
    client.get(url, {"period": PERIOD})  # caches warmed alike for both councils
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"period": PERIOD})
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("page", ["dashboard", "indicator_list", "indicator"])
def test_a_page_queries_as_often_for_six_times_the_indicators(councils, page):
    small, large = councils
    assert queries(large, page) == queries(small, page)


def test_my_returns_queries_as_often_for_more_returns(councils):
    small, large = councils
    # Officer 1 of each council owns a share of its indicators: more in the larger council.
    owned = [
        Indicator.objects.filter(owner__username=f"{slug}-officer-1").count() for slug in councils
    ]
    assert owned[1] > owned[0]
    assert queries(large, "my_returns", "officer-1") == queries(small, "my_returns", "officer-1")
