"""Publishing the demo council's latest ended quarter, whose returns are a mix of approved,
submitted and draft (as the demo makes them). Reports are frozen as HTML only here, to keep
the tests quick; test_files.py freezes the PDF too."""

import pytest
from django.utils import timezone

from goldenthread.indicators.models import IndicatorReturn
from goldenthread.publishing import services
from goldenthread.strategy.models import ReportingPeriod


@pytest.fixture(autouse=True)
def html_only(settings):  # type: ignore[no-untyped-def]
    settings.GOLDENTHREAD_PUBLISHED_FORMATS = ("html",)


@pytest.fixture
def quarter(council) -> ReportingPeriod:  # type: ignore[no-untyped-def]
    """The latest quarter that has ended."""
    return (
        ReportingPeriod.objects.filter(
            organisation=council, frequency="quarterly", end_date__lt=timezone.localdate()
        )
        .order_by("-end_date")
        .first()
    )


@pytest.fixture
def admin(person):  # type: ignore[no-untyped-def]
    return person("performance.lead")


@pytest.fixture
def published(council, quarter, admin):  # type: ignore[no-untyped-def]
    return services.publication_publish(
        organisation=council, period=quarter, user=admin, note="First publication."
    )


def approved_return(council, quarter) -> IndicatorReturn:  # type: ignore[no-untyped-def]
    """An approved quarterly return with a value, in the quarter."""
    return (
        IndicatorReturn.objects.filter(
            indicator__organisation=council,
            indicator__frequency="quarterly",
            indicator__is_qualitative=False,
            period=quarter,
            status__in=["approved", "locked"],
            value__isnull=False,
        )
        .select_related("indicator")
        .order_by("indicator__code")
        .first()
    )
