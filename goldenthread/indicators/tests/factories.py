"""Indicators, targets and returns for tests, in the demo council unless told otherwise."""

from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.indicators.models import Indicator, IndicatorReturn, Target
from goldenthread.strategy.models import ReportingPeriod


def make_indicator(organisation: Organisation, code: str = "T-001", **fields) -> Indicator:  # type: ignore[no-untyped-def]
    defaults = {
        "title": f"Test indicator {code}",
        "polarity": "higher",
        "unit": "percent",
        "frequency": "quarterly",
        "aggregation": "average",
        "owner": User.objects.get(username="officer.estates"),
        "org_unit": OrgUnit.objects.get(organisation=organisation, name="Estate Management"),
    }
    defaults.update(fields)
    return Indicator.objects.create(organisation=organisation, code=code, **defaults)


def period(organisation: Organisation, label: str) -> ReportingPeriod:
    return ReportingPeriod.objects.get(organisation=organisation, label=label)


def quarters(organisation: Organisation, first: str, count: int) -> list[ReportingPeriod]:
    start = period(organisation, first).start_date
    return list(
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency="quarterly", start_date__gte=start
        ).order_by("start_date")[:count]
    )


def set_target(
    indicator: Indicator, label: str, value: str, tolerance: str | None = None, **fields
) -> Target:  # type: ignore[no-untyped-def]
    return Target.objects.create(
        indicator=indicator,
        period=period(indicator.organisation, label),
        value=Decimal(value),
        tolerance=Decimal(tolerance) if tolerance else None,
        **fields,
    )


def approved_values(
    indicator: Indicator, first: str, values: list[str | None]
) -> list[IndicatorReturn]:
    """Approved returns for consecutive quarters from `first`; None leaves a gap."""
    made = []
    approver = User.objects.get(username="head.housing")
    for when, value in zip(
        quarters(indicator.organisation, first, len(values)), values, strict=True
    ):
        if value is None:
            continue
        made.append(
            IndicatorReturn.objects.create(
                indicator=indicator,
                period=when,
                value=Decimal(value),
                status=IndicatorReturn.Status.APPROVED,
                approved_by=approver,
                approved_at=timezone.make_aware(
                    datetime.combine(when.end_date, datetime.min.time())
                ),
            )
        )
    return made
