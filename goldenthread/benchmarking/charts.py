"""The comparator chart: one dot a council on a shared value axis, best first, with the
group's median and quartiles and the national average, in the house style, as SVG to inline.

The council being compared is drawn as a larger black diamond and its name is labelled in
bold with "(you)" (or "(chosen)" for another council), so it stands out without colour; each
reference line has its own dash pattern and is named in the legend. The page puts the same
figures in a table.
"""

import io
import math
import re

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from goldenthread.benchmarking.models import ExternalMetric
from goldenthread.benchmarking.selectors import Benchmark, PeriodFigures
from goldenthread.charts import style
from goldenthread.charts.svg import svg_accessible

ROW = 18  # points a council
LEFT = 190  # room for council names
TOP = 12
TICKS = 32
LEGEND_COLUMNS = 2
MEMBER = {"marker": "o", "markersize": 7, "color": style.DARK_GREY}
SUBJECT = {"marker": "D", "markersize": 10, "color": style.BLACK}
LINES = (  # (attribute of PeriodFigures, legend label, line settings, id)
    ("median", "Group median", style.TARGET, "median"),
    ("upper_quartile", "Group upper and lower quartiles", style.LIMITS, "quartiles"),
    ("national_average", "National average", style.MEAN, "national"),
)


def chart_description(benchmark: Benchmark, figures: PeriodFigures) -> str:
    """What the chart shows, in words: for the SVG's description."""
    metric = benchmark.metric
    show = metric.format_value
    sentences = []
    subject = benchmark.subject.display_name
    if figures.subject_value is None:
        sentences.append(f"{subject} has no value for {figures.label}.")
    else:
        standing = figures.standing
        where = (
            f", ranked {standing.rank} of {standing.count} (quartile {standing.quartile}, where "
            "1 is best)"
            if standing
            else ""
        )
        sentences.append(f"{subject}: {show(figures.subject_value)}{where}.")
    if figures.median is not None:
        sentences.append(f"Group median {show(figures.median)}.")
    if figures.upper_quartile is not None and figures.lower_quartile is not None:
        sentences.append(
            f"Upper quartile {show(figures.upper_quartile)}, lower quartile "
            f"{show(figures.lower_quartile)}."
        )
    if figures.national_average is not None:
        sentences.append(f"National average {show(figures.national_average)}.")
    listed = "; ".join(f"{member.name} {show(member.value)}" for member in figures.members)
    order = "best first" if benchmark.not_ranked == "" else "highest first"
    sentences.append(f"Values, {order}: {listed}.")
    return " ".join(sentences)


def comparator_chart(
    benchmark: Benchmark, figures: PeriodFigures, *, chart_id: str, is_viewer: bool = True
) -> str:
    """The SVG of one period's figures for the group (see the module docstring);
    `is_viewer`: the council compared is the viewer's own."""
    mark = "you" if is_viewer else "chosen"
    members = figures.members
    metric = benchmark.metric
    rows = max(len(members), 1)
    keys = [label for attribute, label, _settings, _gid in LINES if _level(figures, attribute)]
    has_subject = any(member.is_subject for member in members)
    legend_rows = math.ceil((len(keys) + 1 + has_subject) / LEGEND_COLUMNS)
    legend_height = legend_rows * style.LEGEND_ROW + 8
    width = style.FULL_WIDTH
    height = TOP + rows * ROW + TICKS + legend_height
    with style.house_style():
        figure = Figure(figsize=(width / 72, height / 72), dpi=72)
        axes = figure.add_axes(
            (
                LEFT / width,
                (TICKS + legend_height) / height,
                (width - LEFT - style.FULL_MARGINS["right"]) / width,
                rows * ROW / height,
            )
        )
        axes.grid(axis="x")
        axes.grid(axis="y", visible=False)
        positions = list(range(len(members)))
        axes.set_ylim(len(members) - 0.5, -0.5)  # best at the top
        axes.set_yticks(
            positions, [_name(member.name, mark if member.is_subject else "") for member in members]
        )
        for label, member in zip(axes.get_yticklabels(), members, strict=True):
            if member.is_subject:
                label.set_fontweight("bold")
        others = [i for i, member in enumerate(members) if not member.is_subject]
        axes.plot(
            [float(members[i].value) for i in others],
            others,
            linestyle="none",
            gid=f"{chart_id}-members",
            zorder=3,
            **MEMBER,
        )
        subject = [i for i, member in enumerate(members) if member.is_subject]
        if subject:
            axes.plot(
                [float(members[subject[0]].value)],
                subject,
                linestyle="none",
                gid=f"{chart_id}-subject",
                zorder=4,
                clip_on=False,
                **SUBJECT,
            )
        levels = [float(member.value) for member in members]
        for attribute, _label, settings, gid in LINES:
            for level in _level(figures, attribute):
                levels.append(level)
                axes.axvline(level, gid=f"{chart_id}-{gid}", **settings)
        if levels:
            low, high = min(levels), max(levels)
            pad = (high - low) * 0.06 or abs(high) * 0.1 or 1
            axes.set_xlim(low - pad, high + pad)
        axes.xaxis.set_major_locator(MaxNLocator(nbins=6))
        if not members:
            axes.text(0.5, 0.5, "No values", transform=axes.transAxes, ha="center", va="center")
        _legend(figure, figures, keys, (width, height), legend_height, chart_id, is_viewer)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    return svg_accessible(
        buffer.getvalue(),
        chart_id=chart_id,
        title=f"{metric.code} {metric.title}: {benchmark.group.name}, {figures.label}",
        description=chart_description(benchmark, figures),
        css_class="gt-chart gt-chart--comparators",
    )


def chart_id_for(metric: ExternalMetric, figures: PeriodFigures) -> str:
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", f"{metric.code} {figures.label}".lower()).strip(
        "-"
    )


def _name(name: str, mark: str) -> str:
    shown = name if len(name) <= 26 else f"{name[:25]}…"
    return f"{shown} ({mark})" if mark else shown


def _level(figures: PeriodFigures, attribute: str) -> list[float]:
    if attribute == "upper_quartile":
        levels = [figures.upper_quartile, figures.lower_quartile]
    else:
        levels = [getattr(figures, attribute)]
    return [float(level) for level in levels if level is not None]


def _legend(
    figure: Figure,
    figures: PeriodFigures,
    keys: list[str],
    size: tuple[float, float],
    legend_height: float,
    chart_id: str,
    is_viewer: bool,
) -> None:
    """The key in columns below the plot, drawn as plain lines and text."""
    width, height = size
    entries: list[tuple[str, dict[str, object]]] = [
        ("Council in the group", {"linestyle": "none", **MEMBER, "markevery": [1]}),
    ]
    if any(member.is_subject for member in figures.members):
        label = "Your council" if is_viewer else "Chosen council"
        entries.append((label, {"linestyle": "none", **SUBJECT, "markevery": [1]}))
    settings_of = {label: settings for _attribute, label, settings, _gid in LINES}
    entries.extend((label, dict(settings_of[label])) for label in keys)
    column_width = (width - 16) / LEGEND_COLUMNS
    for n, (label, settings) in enumerate(entries):
        row, column = divmod(n, LEGEND_COLUMNS)
        left = 8 + column * column_width
        y = (legend_height - 4 - (row + 0.5) * style.LEGEND_ROW) / height
        xs = [left / width, (left + 14) / width, (left + 28) / width]
        figure.add_artist(
            Line2D(xs, [y] * 3, transform=figure.transFigure, gid=f"{chart_id}-key-{n}", **settings)
        )
        figure.text((left + 36) / width, y, label, va="center", fontsize=style.LEGEND_SIZE)
