"""The Turning the Curve baseline chart: the indicator's values as a solid line with round
markers, the forecast if nothing changes as a dashed line with hollow markers, and the
target as a dotted step line, in the house style, as SVG to inline. The page shows the same
figures in a table."""

import io

from matplotlib.figure import Figure

from goldenthread.challenge.selectors import CurvePoint
from goldenthread.charts import style
from goldenthread.charts.svg import svg_accessible
from goldenthread.indicators.models import Indicator


def curve_description(indicator: Indicator, points: list[CurvePoint]) -> str:
    show = indicator.format_value
    past = [p for p in points if not p.is_forecast and p.value is not None]
    ahead = [p for p in points if p.is_forecast]
    sentences = []
    if past:
        sentences.append(
            f"Values from {past[0].label} ({show(past[0].value)}) to {past[-1].label} "
            f"({show(past[-1].value)})."
        )
    if ahead:
        sentences.append(
            f"If nothing changes the forecast reaches {show(ahead[-1].value)} by {ahead[-1].label}."
        )
    return " ".join(sentences) or "There are no approved values yet."


def curve_chart(indicator: Indicator, points: list[CurvePoint], *, chart_id: str) -> str:
    labels = [p.label for p in points]
    x = list(range(len(points)))
    with style.house_style():
        figure = Figure(figsize=(6.4, 3.2))
        axes = figure.add_subplot()
        actual = [
            (i, float(p.value))
            for i, p in enumerate(points)
            if not p.is_forecast and p.value is not None
        ]
        if actual:
            axes.plot(
                *zip(*actual, strict=True),
                color=style.BLACK,
                linewidth=2,
                marker="o",
                label="Baseline (actual)",
            )
        ahead = [
            (i, float(p.value))
            for i, p in enumerate(points)
            if p.is_forecast and p.value is not None
        ]
        if ahead:
            joined = actual[-1:] + ahead
            axes.plot(
                *zip(*joined, strict=True),
                color=style.CONCERN,
                linewidth=2,
                linestyle="--",
                marker="o",
                markerfacecolor="white",
                label="Forecast if nothing changes",
            )
        targets = [(i, float(p.target)) for i, p in enumerate(points) if p.target is not None]
        if targets:
            axes.step(
                *zip(*targets, strict=True),
                where="mid",
                color=style.IMPROVEMENT,
                linestyle=":",
                linewidth=2,
                label="Target",
            )
        axes.set_xticks(x, labels, rotation=45, ha="right")
        axes.legend(loc="upper left", bbox_to_anchor=(0, -0.35), ncols=3, frameon=False)
        figure.subplots_adjust(bottom=0.4)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return svg_accessible(
        buffer.getvalue(),
        chart_id=chart_id,
        title=f"Turning the Curve baseline for {indicator.code} {indicator.title}",
        description=curve_description(indicator, points),
        css_class="gt-chart gt-chart--full",
    )
