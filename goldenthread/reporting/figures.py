"""Indicators' small charts for reports: the chart data a report holds, and the SVG (pages
and PDF) and PNG (Word) drawn from it by goldenthread.charts.

A chart is the same picture every time its data is the same, so drawings are kept (per
process) by their data: a report rendered again, or in another format, does not redraw.
"""

import dataclasses
from functools import lru_cache

from goldenthread.charts import ChartSeries, chart_text, indicator_chart, series_from_performance
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import Performance
from goldenthread.reporting.blocks import ChartData

POINTS_SHOWN = 12  # the last twelve periods: three years of quarters, a year of months


def chart_data(performance: Performance) -> ChartData | None:
    """The small chart of an indicator's last periods; None for a qualitative indicator or
    one with no periods yet."""
    if performance.indicator.is_qualitative or not performance.points:
        return None
    series = series_from_performance(performance)
    shown = dataclasses.replace(
        series,
        points=series.points[-POINTS_SHOWN:],
        spc=dataclasses.replace(series.spc, points=()) if series.spc is not None else None,
    )
    text = chart_text(shown)
    return ChartData(
        key=series.key,
        title=text.title,
        description=text.description,
        unit=series.unit,
        unit_label=series.unit_label,
        decimal_places=performance.indicator.decimal_places,
        points=shown.points,
        spc=shown.spc,
    )


def series_of(chart: ChartData) -> ChartSeries:
    # An unsaved indicator writes values exactly as the indicator page does.
    writer = Indicator(unit=chart.unit, decimal_places=chart.decimal_places)
    return ChartSeries(
        key=chart.key,
        title=chart.title.rsplit(", ", 1)[0],
        points=chart.points,
        format_value=writer.format_value,
        unit=chart.unit,
        unit_label=chart.unit_label,
        spc=chart.spc,
    )


@lru_cache(maxsize=512)
def figure_svg(chart: ChartData, chart_id: str) -> str:
    svg = indicator_chart(series_of(chart), size="small", chart_id=chart_id)
    assert isinstance(svg, str)
    return svg


@lru_cache(maxsize=256)
def figure_png(chart: ChartData) -> bytes:
    png = indicator_chart(series_of(chart), size="small", fmt="png")
    assert isinstance(png, bytes)
    return png
