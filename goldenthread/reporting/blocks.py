"""The plain data every report is made of, whatever its format.

A `Report` is a list of `Section`s; a section is a title, a summary and blocks: `Heading`,
`Paragraph`, `BulletList`, `Table`, `RagSummary` and `IndicatorEntry` (with the `ChartData`
its small chart is drawn from). Selectors and section builders make these; the renderers in
`reporting.render` turn the same report into HTML, PDF, Word and Excel.

Everything here is frozen and made of text, numbers, Decimals, tuples and the calculations
package's own frozen results, so a report can be written to JSON and read back unchanged
(`report_to_json`, `report_from_json`): a published report can be frozen this way and
rendered again later without reading live data.
"""

import dataclasses
import json
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from typing import Any

from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.rollup import RagCounts
from goldenthread.calculations.spc import Assurance, Side, SpcPoint, SpcResult, SpcRule, Variation
from goldenthread.charts import ChartPoint


@dataclass(frozen=True)
class Heading:
    """A heading within a section, one level below the section's title."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    header: str
    # "text"; "number" (right-aligned, typed in Excel); "rag" or "direction": the cell's text
    # is a RagStatus or Direction value, shown as its label with its shape or arrow.
    kind: str = "text"


@dataclass(frozen=True)
class Cell:
    text: str  # what a reader sees: "87.5%", "Red", "PI-023"
    number: Decimal | int | None = None  # the number behind a numeric cell, for Excel
    unit: str = ""  # an Indicator.Unit value, for the number's format in Excel
    decimal_places: int = 0
    url: str = ""  # a link, in the formats that have links


@dataclass(frozen=True)
class Table:
    """A table whose first column heads its rows."""

    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class RagRow:
    name: str
    counts: RagCounts
    url: str = ""


@dataclass(frozen=True)
class RagSummary:
    """RAG counts for a list of groups (themes, services...), with the total first."""

    caption: str
    rows: tuple[RagRow, ...]
    total: RagRow | None = None


@dataclass(frozen=True)
class ChartData:
    """What an indicator's small chart is drawn from: the last periods of its series, with
    the SPC judgement of each, and the chart's text alternative."""

    key: str  # the indicator's code
    title: str  # from charts.chart_text: names the chart
    description: str  # the text alternative: latest value, target, RAG and SPC in words
    unit: str
    unit_label: str
    decimal_places: int
    points: tuple[ChartPoint, ...]
    spc: SpcResult | None  # the latest segment's variation and assurance (without its points)


@dataclass(frozen=True)
class IndicatorEntry:
    """One indicator as a report shows it: its figures, judgements and words for a period."""

    code: str
    title: str
    url: str  # the indicator's page
    thread_url: str  # the golden thread of the objective it measures; "" when unlinked
    period: str  # the label of the period the value is for: "2025-Q2", "2025/26"
    unit: str
    decimal_places: int
    polarity: str  # "Higher is better"
    is_qualitative: bool
    value: Decimal | None
    value_text: str  # "87.5%", "No data"
    target: Decimal | None
    target_text: str  # "90.0%", "0.9 to 1.0", "No target"
    rag: str  # a RagStatus value
    since_previous: str  # a Direction value
    since_last_year: str
    variation: str  # a Variation value; "" with no values
    assurance: str  # an Assurance value; ""
    forecast_text: str  # "Year-end forecast 88.0% against an annual target of 90.0%"; ""
    recovery_needed: bool
    attention: tuple[str, ...]  # why it needs attention, most serious first; () when it doesn't
    commentary: str
    remedial_action: str
    narrative: str  # a qualitative indicator's account of the period
    owner: str
    service: str
    also_in: tuple[str, ...] = ()  # the other themes it counts towards
    chart: ChartData | None = None


Block = Heading | Paragraph | BulletList | Table | RagSummary | IndicatorEntry


@dataclass(frozen=True)
class Section:
    key: str  # the registered section's key: "indicators", "actions"...
    title: str
    summary: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    kind: str  # a key of catalogue.REPORTS: "quarterly", "annual"...
    title: str  # "Quarterly performance report"
    subtitle: str  # "Executive Scrutiny Committee: quarter 2 2025/26 (July to September 2025)"
    organisation: str  # the council's name, for the page header
    period: str  # "2025-Q2"
    scope: str  # "Executive Scrutiny Committee", or the council's name
    generated_at: str  # ISO 8601, with the time zone
    notes: tuple[str, ...]  # the basis of the figures: "Approved figures only."
    sections: tuple[Section, ...]

    @property
    def entries(self) -> list[IndicatorEntry]:
        """Every indicator entry, in order."""
        return [
            block
            for section in self.sections
            for block in section.blocks
            if isinstance(block, IndicatorEntry)
        ]


# JSON ------------------------------------------------------------------------------------
# Dataclasses are written with their type's name, and Decimals, enums and frozensets with a
# marker, so reading back gives equal objects. Only the types below can be read back.

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Report,
        Section,
        Heading,
        Paragraph,
        BulletList,
        Column,
        Cell,
        Table,
        RagRow,
        RagSummary,
        RagCounts,
        ChartData,
        ChartPoint,
        SpcPoint,
        SpcResult,
        IndicatorEntry,
    )
}
_ENUMS: dict[str, type[Enum]] = {
    cls.__name__: cls for cls in (RagStatus, Variation, Assurance, Side, SpcRule)
}


def _encode(value: Any) -> Any:
    if isinstance(value, Enum):
        return {"$enum": type(value).__name__, "value": value.value}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        name = type(value).__name__
        if name not in _TYPES:
            raise TypeError(f"{name} cannot be part of a report")
        fields = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        return {"$type": name, **fields}
    if isinstance(value, frozenset):
        items = [_encode(item) for item in value]
        return {"$frozenset": sorted(items, key=lambda item: json.dumps(item, sort_keys=True))}
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} cannot be part of a report")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(item) for item in value)
    if not isinstance(value, dict):
        return value
    if "$decimal" in value:
        return Decimal(value["$decimal"])
    if "$enum" in value:
        return _ENUMS[value["$enum"]](value["value"])
    if "$frozenset" in value:
        return frozenset(_decode(item) for item in value["$frozenset"])
    fields = {key: _decode(item) for key, item in value.items() if key != "$type"}
    return _TYPES[value["$type"]](**fields)


def report_to_json(report: Report) -> str:
    return json.dumps(_encode(report), ensure_ascii=False, sort_keys=True)


def report_from_json(text: str) -> Report:
    report = _decode(json.loads(text))
    if not isinstance(report, Report):
        raise ValueError("The JSON is not a report.")
    return report
