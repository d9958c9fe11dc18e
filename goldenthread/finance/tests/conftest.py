import pytest

from goldenthread.finance import selectors
from goldenthread.strategy.models import ReportingPeriod


@pytest.fixture
def next_quarter(council):  # type: ignore[no-untyped-def]
    """The first quarter of next year: no demo return there yet, and its budget is set."""
    return ReportingPeriod.objects.get(
        organisation=council,
        frequency="quarterly",
        year=selectors.financial_year(council) + 1,
        number=1,
    )
