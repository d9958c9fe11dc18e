"""The 5 × 5 risk heat map: likelihood up the side, impact along the bottom, the number of
risks in each cell, drawn as SVG on the server.

Each cell is shaded by its score band and also names the band in words, so colour is never
the only signal; the SVG is an image with a title and a description, and the page shows
the same counts in a table (`HeatMap.rows`).
"""

from collections import Counter
from dataclasses import dataclass
from xml.sax.saxutils import escape

from goldenthread.calculations import risk as scoring
from goldenthread.risks.models import IMPACT_NAMES, LIKELIHOOD_NAMES
from goldenthread.risks.selectors import Scored, scored

# Light tints of the GOV.UK tag colours, each with black text at better than 10:1.
FILLS = {"green": "#cce2d8", "yellow": "#fff7bf", "orange": "#fcd6c3", "red": "#f4cdc6"}
TEXT = "#0b0c0c"
FONT = "Arial, 'Liberation Sans', sans-serif"
CELL = 84
LEFT = 150  # room for the likelihood labels
TOP = 12
BOTTOM = 74  # room for the impact labels
WIDTH = LEFT + 5 * CELL + 12
HEIGHT = TOP + 5 * CELL + BOTTOM
_QUOTES = {'"': "&quot;"}


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    count: int
    scored: Scored


@dataclass(frozen=True)
class HeatMap:
    """The counts per cell, by row from likelihood 5 down to 1, with totals by band."""

    rows: list[tuple[int, str, list[HeatCell]]]  # likelihood, its name, cells by impact 1-5
    impacts: list[tuple[int, str]]
    total: int
    by_band: list[tuple[str, int]]  # highest band first

    @property
    def busiest(self) -> HeatCell | None:
        """The cell with most risks (the higher score on a tie); None on an empty map."""
        cells = [cell for _l, _n, row in self.rows for cell in row if cell.count]
        return max(cells, key=lambda c: (c.count, c.scored.score), default=None)


def heat_map(counts: scoring.HeatMap, bands: tuple[scoring.ScoreBand, ...]) -> HeatMap:
    """The heat map's cells from `calculations.risk.heat_map_counts`, with their bands."""
    rows = []
    by_band: Counter[str] = Counter()
    for likelihood in reversed(scoring.RATINGS):
        cells = []
        for impact in scoring.RATINGS:
            count = counts[likelihood - 1][impact - 1]
            cell = HeatCell(
                likelihood, impact, count, scored(scoring.score(likelihood, impact), bands)
            )
            by_band[cell.scored.band.name] += count
            cells.append(cell)
        rows.append((likelihood, LIKELIHOOD_NAMES[likelihood], cells))
    return HeatMap(
        rows=rows,
        impacts=[(impact, IMPACT_NAMES[impact]) for impact in scoring.RATINGS],
        total=sum(map(sum, counts)),
        by_band=[(band.name, by_band[band.name]) for band in reversed(bands)],
    )


def heat_map_description(data: HeatMap, noun: str = "risks") -> str:
    """What the heat map shows, in words: for the SVG's description."""
    if not data.total:
        return f"No open {noun} to show."
    bands = ", ".join(f"{count} {name.lower()}" for name, count in data.by_band)
    text = f"{data.total} open {noun} by residual likelihood and impact: {bands}."
    busiest = data.busiest
    if busiest is not None:
        text += (
            f" The most, {busiest.count}, are at likelihood {busiest.likelihood} "
            f"({LIKELIHOOD_NAMES[busiest.likelihood].lower()}) and impact {busiest.impact} "
            f"({IMPACT_NAMES[busiest.impact].lower()}), score {busiest.scored.score}."
        )
    return text + " The table after the heat map gives every cell."


def heat_map_svg(data: HeatMap, *, chart_id: str, title: str, noun: str = "risks") -> str:
    """The heat map as SVG to inline: role="img", named by its <title> and <desc>."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'class="gt-chart gt-heat-map" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="{FONT}" '
        f'fill="{TEXT}">',
        f'<title id="{chart_id}-title">{escape(title, _QUOTES)}</title>',
        f'<desc id="{chart_id}-desc">{escape(heat_map_description(data, noun), _QUOTES)}</desc>',
    ]
    for likelihood, name, cells in data.rows:
        y = TOP + (5 - likelihood) * CELL
        parts.append(
            f'<text x="{LEFT - 10}" y="{y + CELL / 2 - 4}" text-anchor="end" '
            f'font-size="14" font-weight="bold">{likelihood}</text>'
            f'<text x="{LEFT - 10}" y="{y + CELL / 2 + 14}" text-anchor="end" '
            f'font-size="13">{escape(name)}</text>'
        )
        for cell in cells:
            x = LEFT + (cell.impact - 1) * CELL
            cx, key = x + CELL / 2, f"{chart_id}-cell-{cell.likelihood}-{cell.impact}"
            parts.append(
                f'<g id="{key}">'
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" '
                f'fill="{FILLS[cell.scored.tone]}" stroke="#ffffff" stroke-width="3"/>'
                f'<text id="{key}-count" x="{cx}" y="{y + 40}" text-anchor="middle" '
                f'font-size="24" font-weight="bold">{cell.count}</text>'
                f'<text id="{key}-band" x="{cx}" y="{y + 62}" text-anchor="middle" '
                f'font-size="12">{escape(cell.scored.band.name)} ({cell.scored.score})</text>'
                "</g>"
            )
    axis_y = TOP + 5 * CELL
    for impact, name in data.impacts:
        cx = LEFT + (impact - 0.5) * CELL
        parts.append(
            f'<text x="{cx}" y="{axis_y + 20}" text-anchor="middle" font-size="14" '
            f'font-weight="bold">{impact}</text>'
            f'<text x="{cx}" y="{axis_y + 38}" text-anchor="middle" font-size="13">'
            f"{escape(name)}</text>"
        )
    parts.append(
        f'<text x="{LEFT + 2.5 * CELL}" y="{axis_y + 64}" text-anchor="middle" font-size="14" '
        'font-weight="bold">Impact</text>'
        f'<text x="16" y="{TOP + 2.5 * CELL}" text-anchor="middle" font-size="14" '
        f'font-weight="bold" transform="rotate(-90 16 {TOP + 2.5 * CELL})">Likelihood</text>'
        "</svg>"
    )
    return "".join(parts)
