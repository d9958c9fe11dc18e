"""Registers, risks and quarters for the risk tests, in the demo council."""

from datetime import date, timedelta

from django.utils import timezone

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.risks.models import Register, Risk, RiskCategory
from goldenthread.strategy.models import ReportingPeriod

DNS = "Development and Neighbourhood Services"


def register(organisation: Organisation, unit: str | None = None) -> Register:
    """The corporate register, or the register of the directorate named."""
    if unit is None:
        return Register.objects.get(organisation=organisation, kind="corporate")
    return Register.objects.get(organisation=organisation, org_unit__name=unit)


def risk(reference: str) -> Risk:
    return Risk.objects.select_related("organisation", "register", "category").get(
        reference=reference
    )


def make_risk(
    organisation: Organisation,
    reference: str = "T-01",
    *,
    on: Register | None = None,
    residual: tuple[int, int] = (3, 3),
    category: str | None = None,
    **fields,
) -> Risk:  # type: ignore[no-untyped-def]
    values = {
        "register": on or register(organisation, DNS),
        "title": f"Test risk {reference}",
        "cause": "A cause",
        "event": "An event",
        "consequence": "A consequence",
        "owner": User.objects.get(username="officer.estates"),
        "org_unit": OrgUnit.objects.get(organisation=organisation, name="Estate Management"),
        "category": RiskCategory.objects.get(organisation=organisation, name=category)
        if category
        else None,
        "inherent_likelihood": 5,
        "inherent_impact": 5,
        "residual_likelihood": residual[0],
        "residual_impact": residual[1],
        "target_likelihood": 1,
        "target_impact": 2,
    }
    values.update(fields)
    return Risk.objects.create(organisation=organisation, reference=reference, **values)


def current_quarter(organisation: Organisation) -> ReportingPeriod:
    """The quarter we are in: the demo's returns are all for quarters that have ended."""
    today = timezone.localdate()
    return ReportingPeriod.objects.get(
        organisation=organisation,
        frequency="quarterly",
        start_date__lte=today,
        end_date__gte=today,
    )


def latest_quarter(organisation: Organisation) -> ReportingPeriod:
    return (
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency="quarterly", end_date__lt=timezone.localdate()
        )
        .order_by("-end_date")
        .first()
    )


def day_in(period: ReportingPeriod, days: int = 10) -> date:
    """A day into the period, and not after today."""
    return min(period.start_date + timedelta(days=days), period.end_date, timezone.localdate())
