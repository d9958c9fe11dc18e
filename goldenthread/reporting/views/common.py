"""What the reporting views share: breadcrumbs and the report a query asks for."""

from django.http import HttpRequest
from django.urls import reverse

from goldenthread.reporting.catalogue import ReportRequest


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [{"text": "Home", "href": reverse("home")}] + [
        {"text": text, "href": href} for text, href in pairs
    ]


def _number(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def request_from_query(kind: str, request: HttpRequest) -> ReportRequest:
    """The report named by the query string: ?period=2025-Q2&committee=executive-scrutiny"""
    query = request.GET
    return ReportRequest(
        kind=kind,
        period=query.get("period", "").strip(),
        year=_number(query.get("year", "")),
        committee=query.get("committee", "").strip(),
        theme=_number(query.get("theme", "")),
        unit=_number(query.get("unit", "")),
        person=_number(query.get("person", "")),
    )
