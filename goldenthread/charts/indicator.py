"""The indicator chart: values against target with SPC, full size for the indicator page or
small for report tables and dashboards, as SVG to inline or PNG for Word."""

import io
import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import pairwise
from typing import TYPE_CHECKING, Literal, NamedTuple

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import Formatter, MaxNLocator

from goldenthread.charts import style
from goldenthread.charts.describe import chart_text
from goldenthread.charts.series import ChartPoint, ChartSeries, Number, as_series, same_limits
from goldenthread.charts.svg import svg_accessible

if TYPE_CHECKING:
    from goldenthread.indicators.selectors import Performance

NAN = math.nan
Line = tuple[list[float], list[float]]  # x and y, broken by NaN


def indicator_chart(
    source: "Performance | ChartSeries",
    *,
    size: Literal["full", "small"] = "full",
    fmt: Literal["svg", "png"] = "svg",
    chart_id: str | None = None,
) -> str | bytes:
    """The chart of a `Performance` (or of plain data in a `ChartSeries`).

    "full": values, target, SPC mean and process limits, special causes and a legend, 640 wide.
    "small": 240 × 80, the values, the target and the latest point, for tables.
    SVG comes back as text ready to inline, with a title and description whose ids (and every
    other id in it) start with `chart_id`, by default "chart-<indicator code>-<size>"; PNG as
    bytes at 150 dpi, whose alternative text is `chart_text(source).description`.
    """
    if size not in ("full", "small"):
        raise ValueError(f"size must be 'full' or 'small', not {size!r}")
    if fmt not in ("svg", "png"):
        raise ValueError(f"fmt must be 'svg' or 'png', not {fmt!r}")
    series = as_series(source)
    if chart_id is None:
        chart_id = f"chart-{re.sub(r'[^a-z0-9]+', '-', series.key.lower()).strip('-')}-{size}"
    drawn = _figure_file(size, fmt, chart_id, series.points, series.unit, series.unit_label)
    if isinstance(drawn, bytes):
        return drawn
    text = chart_text(series)
    return svg_accessible(
        drawn,
        chart_id=chart_id,
        title=text.title,
        description=text.description,
        css_class=f"gt-chart gt-chart--{size}",
    )


# Drawing is most of an indicator page's time, and the same data is drawn again and again
# until a return changes it; a full chart's SVG is about 40 KB.
@lru_cache(maxsize=512)
def _figure_file(
    size: str,
    fmt: str,
    chart_id: str,
    points: tuple[ChartPoint, ...],
    unit: str,
    unit_label: str,
) -> str | bytes:
    """The chart drawn by matplotlib, from everything the drawing reads (the title and
    description are added afterwards, and the value formatting is not drawn)."""
    series = ChartSeries(
        key=chart_id, title="", points=points, format_value=str, unit=unit, unit_label=unit_label
    )
    buffer = io.BytesIO()
    with style.house_style():
        figure = _full(series, chart_id) if size == "full" else _small(series, chart_id)
        if fmt == "png":
            figure.savefig(
                buffer,
                format="png",
                dpi=style.PNG_DPI,
                metadata={"Software": None},
                pil_kwargs={"compress_level": 1},  # a third of the time, a seventh larger
            )
            return buffer.getvalue()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue().decode()


def _full(series: ChartSeries, chart_id: str) -> Figure:
    points = series.points
    values = [_number(p.value) for p in points]
    styles = [style.point_style(p.spc) for p in points]
    target, band = _target_lines(points)
    mean = _steps(_spc_levels(points, "mean"))
    limits = _steps(_spc_levels(points, "upper_limit"), _spc_levels(points, "lower_limit"))

    with_spc = any(kind is not style.PLAIN for kind in styles)
    legend = [_Key("Value", style.VALUES, None if with_spc else style.PLAIN)]
    if any(p.is_provisional and p.value is not None for p in points):
        legend.append(_Key(style.PROVISIONAL_LABEL, None, style.PLAIN, hollow=True))
    for line, settings, label in (
        (target, style.TARGET, "Target"),
        (band, style.TARGET, "Target band"),
        (mean, style.MEAN, "Mean"),
        (limits, style.LIMITS, "Process limits"),
    ):
        if _drawn(line[1]):
            legend.append(_Key(label, settings, None))
    kinds = dict.fromkeys(s for s, v in zip(styles, values, strict=True) if not math.isnan(v))
    legend.extend(_Key(kind.label, None, kind) for kind in kinds if kind is not style.PLAIN)

    rows = math.ceil(len(legend) / style.LEGEND_COLUMNS)
    margins = style.FULL_MARGINS
    legend_height = rows * style.LEGEND_ROW + 8
    height = margins["top"] + style.FULL_PLOT_HEIGHT + margins["ticks"] + legend_height
    width = style.FULL_WIDTH
    figure = Figure(figsize=(width / 72, height / 72), dpi=72)
    axes = figure.add_axes(
        (
            margins["left"] / width,
            (margins["ticks"] + legend_height) / height,
            (width - margins["left"] - margins["right"]) / width,
            style.FULL_PLOT_HEIGHT / height,
        )
    )
    for line, settings, name in (
        (limits, style.LIMITS, "limits"),
        (mean, style.MEAN, "mean"),
        (band, style.TARGET, "target-band"),
        (target, style.TARGET, "target"),
    ):
        if _drawn(line[1]):
            axes.plot(*line, gid=f"{chart_id}-{name}", **settings)
    axes.plot(range(len(points)), values, gid=f"{chart_id}-values", **style.VALUES)
    _points(axes, points, values, styles, chart_id)

    _x_axis(axes, points, width - margins["left"] - margins["right"])
    if _drawn(values):
        axes.set_ylim(_value_range([*values, *target[1], *band[1], *limits[1]]))
        axes.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
        axes.yaxis.set_major_formatter(_UnitFormatter(series.unit))
    else:
        axes.set_yticks([])
        axes.text(0.5, 0.5, "No values yet", transform=axes.transAxes, ha="center", va="center")
    figure.text(
        8 / width, 1 - 8 / height, series.unit_label, ha="left", va="top", gid=f"{chart_id}-unit"
    )
    _legend(figure, legend, (width, height), legend_height, chart_id)
    return figure


def _small(series: ChartSeries, chart_id: str) -> Figure:
    points = series.points
    values = [_number(p.value) for p in points]
    target, band = _target_lines(points)
    width, height, margin = style.SMALL_WIDTH, style.SMALL_HEIGHT, style.SMALL_MARGIN
    figure = Figure(figsize=(width / 72, height / 72), dpi=72)
    axes = figure.add_axes(
        (margin / width, margin / height, 1 - 2 * margin / width, 1 - 2 * margin / height)
    )
    axes.set_axis_off()
    thin: style.LineSettings = {"linewidth": 1.25}
    for line, name in ((band, "target-band"), (target, "target")):
        if _drawn(line[1]):
            axes.plot(*line, gid=f"{chart_id}-{name}", **(style.TARGET | thin))
    axes.plot(range(len(points)), values, gid=f"{chart_id}-values", **(style.VALUES | thin))
    latest = next((i for i in reversed(range(len(points))) if not math.isnan(values[i])), None)
    if latest is not None:
        kind = style.point_style(points[latest].spc)
        axes.plot(
            [latest],
            [values[latest]],
            gid=f"{chart_id}-latest-{kind.key}",
            clip_on=False,  # a point at the top or the end shows whole, in the margin
            **_marker(kind, hollow=points[latest].is_provisional),
        )
        axes.set_ylim(_value_range([*values, *target[1], *band[1]]))
    axes.set_xlim(-0.5, max(len(points), 1) - 0.5)
    return figure


def _points(
    axes: Axes,
    points: Sequence[ChartPoint],
    values: list[float],
    styles: list[style.PointStyle],
    chart_id: str,
) -> None:
    """One group of markers a kind of point, approved and provisional apart, named for tests
    and for anyone reading the SVG: "<chart id>-points-concern-provisional"."""
    groups: dict[tuple[style.PointStyle, bool], list[int]] = {}
    for i, (point, value) in enumerate(zip(points, values, strict=True)):
        if not math.isnan(value):
            groups.setdefault((styles[i], point.is_provisional), []).append(i)
    for (kind, provisional), indices in groups.items():
        axes.plot(
            indices,
            [values[i] for i in indices],
            gid=f"{chart_id}-points-{kind.key}{'-provisional' if provisional else ''}",
            **_marker(kind, hollow=provisional),
        )


def _marker(kind: style.PointStyle, *, hollow: bool) -> style.LineSettings:
    return {
        "linestyle": "none",
        "marker": kind.marker,
        "markersize": kind.size,
        "color": kind.colour,
        "markerfacecolor": "white" if hollow else kind.colour,
        "markeredgewidth": 1.5,
        "zorder": 3,
    }


class _Key(NamedTuple):
    label: str
    line: style.LineSettings | None
    marker: style.PointStyle | None
    hollow: bool = False


def _legend(
    figure: Figure, keys: list[_Key], size: tuple[float, float], legend_height: float, chart_id: str
) -> None:
    """The legend in columns below the plot. Drawn as plain lines and text: matplotlib's own
    legend lays its text out several times over and would double the time a chart takes."""
    width, height = size
    column_width = (width - 16) / style.LEGEND_COLUMNS
    for n, key in enumerate(keys):
        row, column = divmod(n, style.LEGEND_COLUMNS)
        left = 8 + column * column_width
        y = (legend_height - 4 - (row + 0.5) * style.LEGEND_ROW) / height
        xs = [left / width, (left + 14) / width, (left + 28) / width]
        settings = dict(key.line or {"linestyle": "none"})
        if key.marker is not None:
            settings |= _marker(key.marker, hollow=key.hollow) | {
                "linestyle": settings.get("linestyle", "-"),
                "markevery": [1],
            }
        figure.add_artist(
            Line2D(xs, [y] * 3, transform=figure.transFigure, gid=f"{chart_id}-key-{n}", **settings)
        )
        figure.text((left + 36) / width, y, key.label, va="center", fontsize=style.LEGEND_SIZE)


def _x_axis(axes: Axes, points: Sequence[ChartPoint], plot_width: float) -> None:
    """Period labels, thinned to fit and counted back from the latest, which is always shown."""
    count = len(points)
    axes.set_xlim(-0.5, max(count, 1) - 0.5)
    step = max(1, math.ceil(count * style.MAX_X_LABEL_WIDTH / plot_width))
    ticks = [i for i in range(count) if (count - 1 - i) % step == 0]
    axes.set_xticks(ticks, [points[i].label for i in ticks])


def _number(value: Number | None) -> float:
    return NAN if value is None else float(value)


def _target_lines(points: Sequence[ChartPoint]) -> tuple[Line, Line]:
    """The target, and the two edges of a band target, as stepped lines."""
    target = _steps([_number(p.target) for p in points])
    band = _steps(
        [_number(p.band[0]) if p.band else NAN for p in points],
        [_number(p.band[1]) if p.band else NAN for p in points],
    )
    return target, band


def _steps(*lines: Iterable[float | None]) -> Line:
    """Stepped lines across each period's slot, broken where there is no level, in one path:
    targets and SPC lines change from one period to the next, not gradually."""
    xs: list[float] = []
    ys: list[float] = []
    for levels in lines:
        for i, level in enumerate(levels):
            if level is None or math.isnan(level):
                xs.append(i)
                ys.append(NAN)
            else:
                xs.extend((i - 0.5, i + 0.5))
                ys.extend((level, level))
        xs.append(NAN)  # keeps the lines apart
        ys.append(NAN)
    return xs, ys


def _spc_levels(points: Sequence[ChartPoint], attribute: str) -> list[float | None]:
    """The SPC line's level at each period. A period with no value keeps its segment's
    level, so the lines run through a gap but step where limits are re-based."""
    levels: list[float | None] = [
        getattr(p.spc, attribute) if p.spc is not None else None for p in points
    ]
    for i, point in enumerate(points):
        if point.spc is None:
            before = next((q.spc for q in reversed(points[:i]) if q.spc is not None), None)
            after = next((q.spc for q in points[i + 1 :] if q.spc is not None), None)
            if before and after and same_limits(before, after):
                levels[i] = getattr(before, attribute)
    return levels


def _drawn(ys: Iterable[float]) -> bool:
    return any(not math.isnan(y) for y in ys)


def _value_range(levels: Iterable[float]) -> tuple[float, float]:
    finite = [level for level in levels if not math.isnan(level)]
    low, high = min(finite), max(finite)
    pad = (high - low) * 0.08 or abs(high) * 0.1 or 1
    # With no value below zero, the axis does not go below zero either.
    return (0 if low >= 0 and low - pad < 0 else low - pad), high + pad


class _UnitFormatter(Formatter):
    """Tick labels in the indicator's unit, short enough for the margin: 85%, £1.2m, 12k, with
    as many decimals as the step between ticks needs."""

    def __init__(self, unit: str) -> None:
        self.unit = unit

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Iterable[float]) -> list[str]:
        values = list(values)
        biggest = max((abs(v) for v in values), default=0)
        scale, suffix = (1e6, "m") if biggest >= 1e6 else (1e3, "k") if biggest >= 1e4 else (1, "")
        step = min((abs(b - a) for a, b in pairwise(values)), default=scale) / scale
        decimals = _decimals(step)
        labels = []
        for value in values:
            scaled = round(value / scale, decimals)
            sign = "−" if scaled < 0 else ""
            number = f"{abs(scaled):,.{decimals}f}{suffix}"
            if self.unit == "currency":
                labels.append(f"{sign}£{number}")
            else:
                labels.append(f"{sign}{number}{'%' if self.unit == 'percent' else ''}")
        return labels


def _decimals(step: float) -> int:
    """The fewest decimals that write the step between ticks exactly: 2.5 needs 1."""
    for decimals in range(5):
        if abs(round(step, decimals) - step) <= 1e-9 * step:
            return decimals
    return 5
