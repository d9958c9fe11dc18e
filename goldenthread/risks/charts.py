"""A risk's residual score by quarter, as SVG in the charts' house style, with the target
score and the appetite; the score bands are shaded behind and named in words."""

import io
import math

from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from goldenthread.calculations import risk as scoring
from goldenthread.charts import style
from goldenthread.charts.svg import svg_accessible
from goldenthread.risks.heatmap import FILLS
from goldenthread.risks.models import Risk, RiskReturn
from goldenthread.risks.selectors import HistoryPoint, band_tone, scored

TOP = 25.5  # the highest score, 25, with room for its point
BAND_NAMES = 56  # room on the right for the bands' names


def _provisional(point: HistoryPoint) -> bool:
    return point.review.risk_return.status != RiskReturn.Status.APPROVED


def _marker(*, hollow: bool) -> style.LineSettings:
    return {
        "linestyle": "none",
        "marker": style.PLAIN.marker,
        "markersize": style.PLAIN.size,
        "color": style.PLAIN.colour,
        "markerfacecolor": "white" if hollow else style.PLAIN.colour,
        "markeredgewidth": 1.5,
        "zorder": 3,
    }


def _key(settings: style.LineSettings) -> style.LineSettings:
    """A legend line's settings: a marker, if any, shows once in the middle of the line."""
    return settings | {"markevery": [1]} if "marker" in settings else settings


def score_history_text(
    risk: Risk, history: list[HistoryPoint], bands: tuple[scoring.ScoreBand, ...]
) -> tuple[str, str]:
    """The chart's title and description, for its <title> and <desc>."""
    noun = risk.get_kind_display().lower()
    if not history:
        return (
            f"{risk.reference} residual score: no quarterly reviews yet",
            f"This {noun} has not been reviewed in a quarterly return yet.",
        )
    first, latest = history[0], history[-1]
    span = first.period.label if len(history) == 1 else f"{first.period.label} to "
    span += "" if len(history) == 1 else latest.period.label
    sentences = [f"Latest residual score, {latest.period.label}: {latest.residual}."]
    if len(history) > 1:
        previous = history[-2].residual
        change = {"up": "up from", "down": "down from", "same": "the same as"}
        sentences.append(
            f"That is {change.get(latest.movement, 'against')} {previous.score} the quarter before."
        )
    target = scored(risk.target_score, bands)
    by = f" by {risk.target_date.day} {risk.target_date:%B %Y}" if risk.target_date else ""
    sentences.append(f"Target score {target}{by}.")
    appetite = risk.category.appetite if risk.category_id else None
    if appetite is not None and risk.kind == Risk.Kind.RISK:
        above = scoring.above_appetite(latest.residual.score, appetite)
        sentences.append(f"Appetite {appetite}: {'above' if above else 'within'} appetite.")
    sentences.append(f"{len(history)} quarter{'s' if len(history) != 1 else ''} shown.")
    return f"{risk.reference} residual score, {span}", " ".join(sentences)


def score_history_chart(
    risk: Risk,
    history: list[HistoryPoint],
    bands: tuple[scoring.ScoreBand, ...],
    *,
    chart_id: str | None = None,
) -> str:
    """The chart as SVG ready to inline; the page shows the same figures in a table."""
    chart_id = chart_id or f"risk-{risk.pk}-history"
    appetite = risk.category.appetite if risk.category_id else None
    if risk.kind != Risk.Kind.RISK:
        appetite = None  # opportunities are not held to an appetite
    provisional = [_provisional(point) for point in history]
    keys: list[tuple[str, style.LineSettings]] = [
        ("Residual score", style.VALUES | _marker(hollow=False) | {"linestyle": "-"})
    ]
    if any(provisional):
        keys.append((style.PROVISIONAL_LABEL, _marker(hollow=True)))
    keys.append(("Target score", style.TARGET))
    if appetite is not None:
        keys.append(("Appetite", style.LIMITS))

    margins = style.FULL_MARGINS
    width = style.FULL_WIDTH
    legend_height = math.ceil(len(keys) / style.LEGEND_COLUMNS) * style.LEGEND_ROW + 8
    height = margins["top"] + style.FULL_PLOT_HEIGHT + margins["ticks"] + legend_height
    plot_width = width - margins["left"] - margins["right"] - BAND_NAMES
    buffer = io.BytesIO()
    with style.house_style():
        figure = Figure(figsize=(width / 72, height / 72), dpi=72)
        axes = figure.add_axes(
            (
                margins["left"] / width,
                (margins["ticks"] + legend_height) / height,
                plot_width / width,
                style.FULL_PLOT_HEIGHT / height,
            )
        )
        count = max(len(history), 1)
        span = [-0.5, count - 0.5]
        axes.set_xlim(*span)
        axes.set_ylim(0, TOP)
        for rank, band in enumerate(bands):
            # Each band's shading reaches down to the band below: scores between bands
            # (13 and 14 by default) cannot occur.
            floor = bands[rank - 1].highest + 0.5 if rank else 0
            axes.axhspan(
                floor,
                band.highest + 0.5,
                color=FILLS[band_tone(rank, len(bands))],
                zorder=0,
                gid=f"{chart_id}-band-{rank}",
            )
            middle = (floor + band.highest + 0.5) / 2 / TOP
            axes.text(1.01, middle, band.name, transform=axes.transAxes, va="center", fontsize=13)
        xs = list(range(len(history)))
        axes.plot(xs, [p.residual.score for p in history], gid=f"{chart_id}-values", **style.VALUES)
        for hollow in (False, True):
            chosen = [i for i in xs if provisional[i] is hollow]
            if chosen:
                axes.plot(
                    chosen,
                    [history[i].residual.score for i in chosen],
                    gid=f"{chart_id}-points{'-provisional' if hollow else ''}",
                    **_marker(hollow=hollow),
                )
        axes.plot(span, [risk.target_score] * 2, gid=f"{chart_id}-target", **style.TARGET)
        if appetite is not None:
            axes.plot(span, [appetite] * 2, gid=f"{chart_id}-appetite", **style.LIMITS)
        axes.set_xticks(xs, [p.period.label for p in history])
        axes.set_yticks([0, 5, 10, 15, 20, 25])
        axes.grid(False)
        figure.text(8 / width, 1 - 8 / height, "Score (likelihood × impact)", va="top")
        column_width = (width - 16) / style.LEGEND_COLUMNS
        for n, (label, settings) in enumerate(keys):
            row, column = divmod(n, style.LEGEND_COLUMNS)
            left = 8 + column * column_width
            y = (legend_height - 4 - (row + 0.5) * style.LEGEND_ROW) / height
            figure.add_artist(
                Line2D(
                    [left / width, (left + 14) / width, (left + 28) / width],
                    [y] * 3,
                    transform=figure.transFigure,
                    gid=f"{chart_id}-key-{n}",
                    **_key(settings),
                )
            )
            figure.text((left + 36) / width, y, label, va="center", fontsize=style.LEGEND_SIZE)
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    title, description = score_history_text(risk, history, bands)
    return svg_accessible(
        buffer.getvalue().decode(),
        chart_id=chart_id,
        title=title,
        description=description,
        css_class="gt-chart gt-chart--full",
    )
