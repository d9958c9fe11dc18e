"""The data table beneath a chart: the same periods, values and judgements, as text."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from goldenthread.charts.describe import spc_note, target_text
from goldenthread.charts.series import ChartSeries, as_series
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.indicators.thread import RAG_LABELS

if TYPE_CHECKING:
    from goldenthread.indicators.selectors import Performance


@dataclass(frozen=True)
class TableRow:
    period: str  # "2025-Q2"
    value: str  # "87.5%", or "No data"
    target: str  # "90.0%", "0.9 to 1.0" for a band, or "No target"
    rag: str  # "Amber"
    rag_status: str  # "amber", "no_data": for the tag's class, gt-rag--amber
    spc: str  # "special cause: concerning (run of 7 below the mean)"; empty with no value
    status: str  # "Approved", "Submitted", "Draft", "Published" or "No return"
    is_provisional: bool  # submitted or draft: not yet approved


def chart_table_rows(source: "Performance | ChartSeries") -> list[TableRow]:
    """One row a period, oldest first, in the chart's order."""
    series = as_series(source)
    return [
        TableRow(
            period=point.label,
            value=series.format_value(point.value),
            target=target_text(series, point),
            rag=RAG_LABELS[point.rag],
            rag_status=point.rag.value,
            spc=spc_note(series.points, index),
            status=(
                "No return"
                if point.status == "missing"
                else IndicatorReturn.Status(point.status).label
            ),
            is_provisional=point.is_provisional,
        )
        for index, point in enumerate(series.points)
    ]
