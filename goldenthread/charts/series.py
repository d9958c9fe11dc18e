"""The plain data every chart is drawn from, and how a `Performance` becomes it.

Reports and benchmarks that chart something other than an indicator's own returns build a
`ChartSeries` themselves: period labels, values (None leaves a gap), targets, and optionally
RAG, return status and SPC points from `goldenthread.calculations`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.spc import SpcPoint, SpcResult

if TYPE_CHECKING:
    from goldenthread.indicators.selectors import Performance

Number = Decimal | float


@dataclass(frozen=True)
class ChartPoint:
    """One period on a chart."""

    label: str  # the period, as "2025-Q2"
    value: Number | None  # None: no value, a gap in the line
    target: Number | None = None
    band: tuple[Number, Number] | None = None  # the target of a within-band indicator
    rag: RagStatus = RagStatus.NO_DATA
    status: str = "approved"  # the return's: draft, submitted, approved, locked; or missing
    is_provisional: bool = False  # not yet approved: drawn hollow
    spc: SpcPoint | None = None


@dataclass(frozen=True)
class ChartSeries:
    """An indicator's periods, oldest first, with how to write its values."""

    key: str  # short and unique on a page, for the chart's ids: the indicator's code
    title: str  # names the chart for screen readers: "PI-023 Homeless households..."
    points: tuple[ChartPoint, ...]
    format_value: Callable[[Any], str]  # a value or None → "87.5%", "£1,234", "No data"
    unit: str = "number"  # an Indicator.Unit value: "percent" and "currency" mark the ticks
    unit_label: str = ""  # above the value axis: "Percentage (%)", "Days"
    spc: SpcResult | None = None  # the latest segment's variation and assurance


def series_from_performance(performance: "Performance") -> ChartSeries:
    indicator = performance.indicator
    in_band = indicator.polarity == Polarity.WITHIN_BAND
    points = []
    for point in performance.points:
        target = point.target
        band = None
        if in_band and target is not None:
            lower, upper = target.band_lower, target.band_upper
            band = None if lower is None or upper is None else (lower, upper)
        points.append(
            ChartPoint(
                label=point.period.label,
                value=point.value,
                target=None if in_band else point.target_value,
                band=band,
                rag=point.rag.status,
                status=point.status,
                is_provisional=point.is_provisional,
                spc=point.spc,
            )
        )
    return ChartSeries(
        key=indicator.code,
        title=str(indicator),
        points=tuple(points),
        format_value=indicator.format_value,
        unit=indicator.unit,
        unit_label=indicator.get_unit_display(),
        spc=performance.spc,
    )


def as_series(source: "Performance | ChartSeries") -> ChartSeries:
    return source if isinstance(source, ChartSeries) else series_from_performance(source)


def same_limits(a: SpcPoint, b: SpcPoint) -> bool:
    """Whether two points were judged against the same limits: SPC re-bases at change points,
    and its runs never cross one."""
    return (a.mean, a.upper_limit) == (b.mean, b.upper_limit)
