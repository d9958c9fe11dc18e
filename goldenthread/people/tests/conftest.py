import pytest

from goldenthread.people import selectors
from goldenthread.people.models import Appraisal


@pytest.fixture
def sams_appraisal(council, person):  # type: ignore[no-untyped-def]
    """Sam Wilson's (officer.estates) appraisal this year, with Chris Hughes (manager.estates),
    who reports to the head of housing, who reports to the director."""
    return Appraisal.objects.get(
        employee=person("officer.estates"), year=selectors.appraisal_year(council)
    )
