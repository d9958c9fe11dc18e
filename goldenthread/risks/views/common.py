"""Helpers shared by the risk views."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse

from goldenthread.accounts.models import Organisation
from goldenthread.risks.models import Register, Risk
from goldenthread.risks.selectors import RiskFilters


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [
        {"text": "Home", "href": reverse("home")},
        {"text": "Risks", "href": reverse("risks:register_list")},
    ] + [{"text": text, "href": href} for text, href in pairs]


def risk_for(organisation: Organisation, pk: int) -> Risk:
    return get_object_or_404(
        Risk.objects.select_related(
            "organisation", "register", "escalated_from", "owner", "org_unit", "category"
        ),
        pk=pk,
        organisation=organisation,
    )


def register_for(organisation: Organisation, pk: int) -> Register:
    return get_object_or_404(
        Register.objects.select_related("organisation", "org_unit"),
        pk=pk,
        organisation=organisation,
    )


def _number(request: HttpRequest, name: str) -> int | None:
    text = request.GET.get(name, "").strip()
    return int(text) if text.isdigit() else None


def filters_from(request: HttpRequest, *, register_id: int | None = None) -> RiskFilters:
    """The register view's filters from the query string; anything unreadable is ignored."""
    status = request.GET.get("status", Risk.Status.OPEN)
    kind = request.GET.get("kind", "")
    return RiskFilters(
        register_id=register_id or _number(request, "register"),
        category_id=_number(request, "category"),
        owner_id=_number(request, "owner"),
        band=request.GET.get("band", "").strip(),
        above_appetite=request.GET.get("appetite") == "above",
        kind=kind if kind in Risk.Kind.values else "",
        status=status if status in Risk.Status.values else "",
    )
