"""The dashboards' data: RAG counts and direction of travel for a scope, what needs attention
(from every app in the attention registry), a breakdown by theme or service, and the
indicators themselves, filtered, those needing attention first. Counts are the roll-ups':
the same judgements, on approved figures."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.rollup import RagCounts, rag_counts
from goldenthread.calculations.trend import Direction
from goldenthread.cells import EMPTY, joined, text
from goldenthread.reporting.attention import AttentionGroup, attention_for
from goldenthread.reporting.blocks import RagRow
from goldenthread.reporting.sections import Scope
from goldenthread.reporting.selectors import IndicatorRow, Overview, indicator_overview
from goldenthread.strategy.models import ReportingPeriod
from goldenthread.templatetags.performance import (
    DIRECTION,
    RAG,
    assurance_html,
    direction_html,
    rag_html,
    variation_html,
)

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


# The dashboard's tables, with every cell made ready so the template only places them: a
# page of 500 indicators (and as many things needing attention) looked each cell up through
# three or four attributes and called a tag or filter for each value, badge and link. Rows
# are dicts, as a template looks a key up in a dict first (see also `goldenthread.cells`).


class TableRow(TypedDict):
    """A row of the table of indicators."""

    href: SafeString  # the indicator's page for the period shown
    name: SafeString  # code and title
    code: SafeString
    attention: bool
    thread_url: SafeString  # "" when not on the golden thread
    value: SafeString  # "Narrative", "No data" or the value in its unit
    value_period: SafeString | None  # the period of the value when not the period shown
    target: SafeString  # "" when none
    rag: SafeString
    direction: SafeString  # since the previous period
    spc: SafeString  # variation and assurance, or "" when there is no SPC


_SPC_GROUPS: dict[tuple[str, str], SafeString] = {}


def _spc_group(variation: object, assurance: object) -> SafeString:
    key = (str(variation), str(assurance))
    if key not in _SPC_GROUPS:
        _SPC_GROUPS[key] = format_html(
            '<div class="gt-spc-group">{} {}</div>',
            variation_html(variation),
            assurance_html(assurance),
        )
    return _SPC_GROUPS[key]


def table_rows(rows: Iterable[IndicatorRow], period: ReportingPeriod) -> list[TableRow]:
    query = f"?period={quote(period.label, safe='/')}"  # as the urlencode filter
    table = []
    for row in rows:
        indicator = row.indicator
        performance = row.performance
        current = performance.current
        if indicator.is_qualitative:
            value = "Narrative"
        elif current is not None:
            value = indicator.format_value(current.value)
        else:
            value = "No data"
        target = current.target_value if current is not None else None
        spc = performance.spc
        table.append(
            TableRow(
                href=text(row.url + query),
                name=text(f"{indicator.code} {indicator.title}"),
                code=text(indicator.code),
                attention=bool(row.attention),
                thread_url=text(row.thread_url),
                value=text(value),
                value_period=text(current.period.label)
                if current is not None and current.period.pk != period.pk
                else None,
                target=text(indicator.format_value(target)) if target is not None else EMPTY,
                rag=rag_html(row.rag),
                direction=direction_html(performance.since_previous),
                spc=_spc_group(spc.variation, spc.assurance) if spc is not None else EMPTY,
            )
        )
    return table


class AttentionRow(TypedDict):
    """A row of a table of things needing attention."""

    href: SafeString
    name: SafeString  # reference and title
    reference: SafeString
    status: SafeString  # its RAG badge, or ""
    reasons: SafeString
    owner: SafeString
    thread_url: SafeString  # "" when not on the golden thread


@dataclass(frozen=True)
class AttentionTable:
    key: str
    label: str
    rows: list[AttentionRow]


def attention_tables(groups: Iterable[AttentionGroup]) -> list[AttentionTable]:
    return [
        AttentionTable(
            key=group.key,
            label=group.label,
            rows=[
                AttentionRow(
                    href=text(item.url),
                    name=text(f"{item.reference} {item.title}"),
                    reference=text(item.reference),
                    status=rag_html(item.status) if item.status else EMPTY,
                    reasons=joined("; ", item.reasons),
                    owner=text(item.owner),
                    thread_url=text(item.thread_url),
                )
                for item in group.items
            ],
        )
        for group in groups
    ]


@dataclass
class Dashboard:
    overview: Overview
    counts: RagCounts
    cards: list[Card]
    directions: list[tuple[str, str, int]]  # (Direction value, label, count)
    attention: list[AttentionGroup]
    attention_tables: list[AttentionTable]  # the same, ready to show
    breakdown_caption: str
    breakdown: list[RagRow]
    rows: list[IndicatorRow]  # after the filters
    table: list[TableRow]  # the same rows, ready to show
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
    rows = [row for row in overview.rows if filters.keeps(row)]
    attention = attention_for(organisation, period, scope)
    return Dashboard(
        overview=overview,
        counts=counts,
        cards=cards,
        directions=directions,
        attention=attention,
        attention_tables=attention_tables(attention),
        breakdown_caption=caption,
        breakdown=breakdown,
        rows=rows,
        table=table_rows(rows, period),
        services=services,  # type: ignore[arg-type]
        filters=filters,
    )
