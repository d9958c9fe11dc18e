"""Helpers shared by the indicator views."""

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from goldenthread.accounts.models import Organisation
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import period_latest_ended
from goldenthread.strategy.models import ReportingPeriod

RAG_LABELS = {
    "red": "Red",
    "amber": "Amber",
    "green": "Green",
    "no_data": "No data",
    "no_target": "No target",
    "not_assessed": "Not assessed",
}


def period_from_request(
    request: HttpRequest, organisation: Organisation, frequency: str = "quarterly"
) -> ReportingPeriod:
    """The period named by ?period=2025-Q2, else the latest that has ended."""
    label = request.GET.get("period", "").strip()
    if label:
        period = ReportingPeriod.objects.filter(organisation=organisation, label=label).first()
        if period is None:
            raise Http404(f"There is no reporting period {label}.")
        return period
    period = period_latest_ended(organisation, frequency)
    if period is None:
        raise Http404("No reporting periods are set up.")
    return period


def quarters_for(organisation: Organisation) -> list[ReportingPeriod]:
    return list(
        ReportingPeriod.objects.filter(organisation=organisation, frequency="quarterly").order_by(
            "-start_date"
        )
    )


def indicator_for(organisation: Organisation, pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.select_related("organisation", "owner", "org_unit", "signed_off_by"),
        pk=pk,
        organisation=organisation,
    )


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [{"text": "Home", "href": reverse("home")}] + [
        {"text": text, "href": href} for text, href in pairs
    ]
