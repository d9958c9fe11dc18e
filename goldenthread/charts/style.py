"""The house look shared by every chart: fonts, colours, line styles, point shapes, sizes.

Colours are GOV.UK's, each at least 3:1 against white, and the special-cause colours follow
NHS England's "Making Data Count". Colour is never the only signal: every kind of point has
its own shape and every line its own dash pattern or weight, and the legend names each.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib
from matplotlib.typing import RcKeyType

from goldenthread.calculations.spc import Side, SpcPoint, Variation

BLACK = "#0b0c0c"  # 19.6:1 against white
DARK_GREY = "#505a5f"  # 7.0:1
MID_GREY = "#6f777b"  # 4.6:1
GRIDLINE = "#e4e6e7"  # gridlines only guide the eye, so they stay light
IMPROVEMENT = "#1d70b8"  # blue, 5.2:1
CONCERN = "#a94f1e"  # orange, 5.5:1
NEUTRAL = "#54319f"  # purple, 9.1:1

# matplotlib picks the first family installed; the SVG names them all (and `sans-serif`),
# so browsers draw Arial, which Liberation Sans matches metric for metric.
FONTS = ["Arial", "Liberation Sans", "DejaVu Sans"]

RC: dict[RcKeyType, Any] = {
    # The generic family with a list: naming the list as the family instead makes matplotlib
    # log a findfont warning for every family it does not have.
    "font.family": "sans-serif",
    "font.sans-serif": FONTS,
    "font.size": 13,
    "text.color": BLACK,
    "axes.edgecolor": DARK_GREY,
    "axes.linewidth": 1,
    "axes.labelcolor": BLACK,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.spines.left": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "axes.axisbelow": True,
    "grid.color": GRIDLINE,
    "grid.linewidth": 1,
    "xtick.color": DARK_GREY,
    "xtick.labelcolor": BLACK,
    "xtick.labelsize": 13,
    "ytick.labelcolor": BLACK,
    "ytick.labelsize": 13,
    "ytick.major.size": 0,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "none",  # text stays text: searchable, zoomable, read by screen readers
    "svg.hashsalt": "goldenthread",  # the same ids on every render
}

_drawing = threading.Lock()


@contextmanager
def house_style() -> Iterator[None]:
    """The house settings while a chart is drawn and saved. matplotlib's settings are global to
    the process, so charts are drawn one at a time (drawing holds the GIL anyway)."""
    with _drawing, matplotlib.rc_context(RC):
        yield


# Sizes in points: SVG user units and matplotlib points are the same, so the full chart's
# viewBox is 640 wide and the small one 240 × 80.
FULL_WIDTH = 640
FULL_PLOT_HEIGHT = 240
FULL_MARGINS = {"left": 64, "right": 32, "top": 34, "ticks": 32}  # right: half a label
LEGEND_COLUMNS = 3
LEGEND_ROW = 20
LEGEND_SIZE = 12
SMALL_WIDTH = 240
SMALL_HEIGHT = 80
SMALL_MARGIN = 6
PNG_DPI = 150
MAX_X_LABEL_WIDTH = 76  # room for one period label such as 2025-M07, with a gap

LineSettings = dict[str, Any]  # keyword arguments of matplotlib's Line2D
VALUES: LineSettings = {"color": DARK_GREY, "linewidth": 2, "solid_capstyle": "round"}
TARGET: LineSettings = {"color": BLACK, "linewidth": 1.5, "linestyle": (0, (6, 3))}
MEAN: LineSettings = {"color": MID_GREY, "linewidth": 1.25}
LIMITS: LineSettings = {"color": MID_GREY, "linewidth": 1.25, "linestyle": (0, (1, 2.5))}


@dataclass(frozen=True)
class PointStyle:
    key: str  # names the points' group in the SVG: "<chart id>-points-<key>"
    marker: str
    colour: str
    size: float
    label: str  # the legend entry


PLAIN = PointStyle("value", "o", DARK_GREY, 6, "Value")
COMMON_POINT = PointStyle("common", "o", DARK_GREY, 6, "Common cause variation")
# The triangle points the way the special cause went.
IMPROVEMENT_HIGH = PointStyle("improvement-high", "^", IMPROVEMENT, 9, "Special cause: improvement")
IMPROVEMENT_LOW = PointStyle("improvement-low", "v", IMPROVEMENT, 9, "Special cause: improvement")
CONCERN_POINT = PointStyle("concern", "s", CONCERN, 7.5, "Special cause: concern")
# For indicators with no better side (context measures, bands), high or low is only unusual.
NEUTRAL_POINT = PointStyle("neutral", "D", NEUTRAL, 7, "Special cause: neutral")
PROVISIONAL_LABEL = "Provisional (not approved)"


def point_style(spc: SpcPoint | None) -> PointStyle:
    """How a point is drawn, from its SPC judgement."""
    if spc is None or spc.variation == Variation.NOT_ENOUGH_DATA:
        return PLAIN
    if spc.variation == Variation.COMMON_CAUSE:
        return COMMON_POINT
    if spc.variation == Variation.IMPROVEMENT:
        return IMPROVEMENT_HIGH if spc.side == Side.HIGH else IMPROVEMENT_LOW
    if spc.variation == Variation.CONCERN:
        return CONCERN_POINT
    return NEUTRAL_POINT
