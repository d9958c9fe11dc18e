"""The dashboards' data: RAG counts and direction of travel for a scope, what needs attention
(from every app in the attention registry), a breakdown by theme or service, and the
indicators themselves, filtered, those needing attention first. Counts are the roll-ups':
the same judgements, on approved figures."""

from dataclasses import dataclass

from django.urls import reverse

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.rollup import RagCounts, rag_counts
from goldenthread.calculations.trend import Direction
from goldenthread.reporting.attention import AttentionGroup, attention_for
from goldenthread.reporting.blocks import RagRow
from goldenthread.reporting.sections import Scope
from goldenthread.reporting.selectors import IndicatorRow, Overview, indicator_overview
from goldenthread.strategy.models import ReportingPeriod
from goldenthread.templatetags.performance import DIRECTION, RAG

ALWAYS_SHOWN = ("red", "amber", "green", "no_data")


@dataclass(frozen=True)
class Filters:
    rag: str = ""  # a RagStatus value
    direction: str = ""  # a Direction value, since the previous period
    service: int | None = None  # a service's unit id
    basket: bool | None = None  # in the corporate basket
    search: str = ""

    @classmethod
    def from_query(cls, query: dict[str, str]) -> "Filters":
        service = query.get("service", "")
        return cls(
            rag=query.get("rag", "") if query.get("rag", "") in RAG else "",
            direction=query.get("direction", "") if query.get("direction", "") in DIRECTION else "",
            service=int(service) if service.isdigit() else None,
            basket={"yes": True, "no": False}.get(query.get("basket", "")),
            search=query.get("q", "").strip(),
        )

    @property
    def active(self) -> bool:
        return self != Filters()

    def keeps(self, row: IndicatorRow) -> bool:
        indicator = row.indicator
        search = self.search.lower()
        return (
            (not self.rag or row.rag.value == self.rag)
            and (not self.direction or row.performance.since_previous.value == self.direction)
            and (self.service is None or row.service_id == self.service)
            and (self.basket is None or indicator.in_corporate_basket == self.basket)
            and (
                not search or search in indicator.code.lower() or search in indicator.title.lower()
            )
        )


@dataclass(frozen=True)
class Card:
    status: str
    label: str
    count: int

    @property
    def css(self) -> str:
        return self.status.replace("_", "-")


@dataclass
class Dashboard:
    overview: Overview
    counts: RagCounts
    cards: list[Card]
    directions: list[tuple[str, str, int]]  # (Direction value, label, count)
    attention: list[AttentionGroup]
    breakdown_caption: str
    breakdown: list[RagRow]
    rows: list[IndicatorRow]  # after the filters
    services: list[tuple[int, str]]  # for the service filter
    filters: Filters


def dashboard_for(
    organisation: Organisation, period: ReportingPeriod, scope: Scope, filters: Filters
) -> Dashboard:
    overview = indicator_overview(organisation, period, scope)
    counts = overview.counts
    cards = [
        Card(status, RAG[status], getattr(counts, status))
        for status in RAG
        if status in ALWAYS_SHOWN or getattr(counts, status)
    ]
    directions = [
        (direction.value, DIRECTION[direction.value], overview.directions.get(direction.value, 0))
        for direction in Direction
        if overview.directions.get(direction.value, 0)
    ]
    services = sorted(
        {(row.service_id, row.service) for row in overview.rows if row.service_id is not None},
        key=lambda pair: pair[1],
    )
    if scope.kind in ("council", "committee"):
        caption = "By theme"
        breakdown = [
            RagRow(
                name=theme.title,
                counts=overview.theme_counts(theme.pk),
                url=reverse("reporting:theme_dashboard", args=[theme.pk]),
            )
            for theme in overview.themes
        ]
    else:
        caption = "By service"
        breakdown = [
            RagRow(
                name=name,
                counts=rag_counts(row.rag for row in overview.rows if row.service_id == pk),
                url=reverse("reporting:unit_dashboard", args=[pk]),
            )
            for pk, name in services
        ]
    return Dashboard(
        overview=overview,
        counts=counts,
        cards=cards,
        directions=directions,
        attention=attention_for(organisation, period, scope),
        breakdown_caption=caption,
        breakdown=breakdown,
        rows=[row for row in overview.rows if filters.keeps(row)],
        services=services,  # type: ignore[arg-type]
        filters=filters,
    )
