"""Publishing freezes the approved data and reports with a hash, who and when, and locks the
period's approved returns; publishing twice is refused; only performance admins publish."""

import hashlib
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.indicators.models import IndicatorReturn
from goldenthread.publishing import services
from goldenthread.publishing.models import Publication, PublishedVersion
from goldenthread.publishing.tests.conftest import approved_return


def test_the_version_freezes_approved_figures_with_its_hash_who_and_when(
    council, quarter, published, admin
):
    data = json.loads(published.content)
    assert published.number == 1
    assert published.published_by == admin
    assert published.content_hash == hashlib.sha256(published.content.encode()).hexdigest()
    assert data["period"]["label"] == quarter.label
    assert data["published_by"] == admin.get_full_name()
    one = approved_return(council, quarter)
    row = next(r for r in data["indicators"] if r["indicator_code"] == one.indicator.code)
    assert row["value"] == format(one.value.normalize(), "f")
    assert row["organisation_gss_code"] == (council.gss_code or "")
    keys = set(published.files.values_list("key", flat=True))
    assert {"quarterly.html", "quarterly.json", "annual.html", "annual.json"} <= keys
    for file in published.files.all():
        assert data["files"][file.key]["sha256"] == hashlib.sha256(bytes(file.content)).hexdigest()


def test_unapproved_figures_are_not_published(council, quarter, published):
    data = json.loads(published.content)
    waiting = (
        IndicatorReturn.objects.filter(
            indicator__organisation=council,
            indicator__frequency="quarterly",
            period=quarter,
            status__in=["draft", "submitted"],
            value__isnull=False,
        )
        .select_related("indicator")
        .first()
    )
    assert waiting is not None, "the demo leaves some of the latest quarter unapproved"
    row = next(r for r in data["indicators"] if r["indicator_code"] == waiting.indicator.code)
    assert row["value"] is None  # its figure for the quarter is not approved yet
    assert row["rag"] == "no_data"


def test_publishing_locks_the_periods_approved_returns(council, quarter, published):
    statuses = set(
        IndicatorReturn.objects.filter(indicator__organisation=council, period=quarter).values_list(
            "status", flat=True
        )
    )
    assert "locked" in statuses
    assert "approved" not in statuses
    locked = IndicatorReturn.objects.filter(
        indicator__organisation=council, period=quarter, status="locked"
    ).first()
    assert locked.history.first().history_change_reason == "Published"


def test_publishing_a_period_twice_is_refused(council, quarter, published, admin):
    with pytest.raises(ValidationError, match="open it for a correction"):
        services.publication_publish(organisation=council, period=quarter, user=admin)
    assert PublishedVersion.objects.filter(publication__period=quarter).count() == 1


def test_only_performance_admins_publish(council, quarter, person):
    with pytest.raises(PermissionDenied):
        services.publication_publish(
            organisation=council, period=quarter, user=person("head.housing")
        )
    assert not Publication.objects.filter(period=quarter, latest_number__gt=0).exists()


def test_a_quarter_that_has_not_ended_cannot_be_published(council):
    from goldenthread.strategy.models import ReportingPeriod

    future = ReportingPeriod.objects.filter(organisation=council, frequency="quarterly").latest(
        "end_date"
    )
    with pytest.raises(ValidationError, match="has not ended yet"):
        services.period_for_publishing(council, future.label)
    with pytest.raises(ValidationError, match="There is no quarter '2025-Q9'"):
        services.period_for_publishing(council, "2025-Q9")
