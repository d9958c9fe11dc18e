"""The demo's public site: `goldenthread demo` publishes the last quarter of the previous
financial year, as the performance team would have done, so visitors see published results.

Not a step of `build_demo`: freezing a quarter's reports takes most of a minute, and the test
suites, which build the demo council for every run, publish what they need themselves.
"""

from goldenthread.accounts.models import Organisation, User
from goldenthread.indicators.selectors import period_latest_ended
from goldenthread.publishing import services
from goldenthread.publishing.models import PublishedVersion
from goldenthread.strategy.models import ReportingPeriod

PUBLISHER = "performance.lead"


def demo_publish(organisation: Organisation) -> PublishedVersion | None:
    """Publishes the year-end quarter before the one being reported now, once; None if the
    organisation already has a published quarter or has no such quarter."""
    if PublishedVersion.objects.filter(publication__organisation=organisation).exists():
        return None
    latest = period_latest_ended(organisation)
    year_end = (
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency="quarterly", number=4, year__lt=latest.year
        )
        .order_by("-year")
        .first()
    )
    if year_end is None:
        return None
    return services.publication_publish(
        organisation=organisation,
        period=year_end,
        user=User.objects.get(username=PUBLISHER),
        note="Year-end results, as reported to Cabinet.",
    )
