"""The golden thread drawn as an SVG tree, rendered on the server.

The nested list on the same page is the text alternative; the SVG carries a
title and description and no links, so assistive technology reads it as one image.
Contributory links are dashed and labelled, so the kind of link never depends on colour.
"""

import textwrap
from xml.sax.saxutils import escape

from goldenthread.strategy.thread import ThreadNode

BOX_WIDTH = 190
BOX_HEIGHT = 78
GAP_X = 24
GAP_Y = 46
MARGIN = 12
LINE_CHARS = 27
MAX_LINES = 3


def _leaves(node: ThreadNode) -> int:
    return max(1, sum(_leaves(child) for child in node.children))


def _depth(node: ThreadNode) -> int:
    return 1 + max((_depth(child) for child in node.children), default=0)


def _layout(node: ThreadNode, left: float, depth: int, out: list) -> float:
    """Places the node above the middle of its leaves; returns the node's centre x."""
    if node.children:
        centres = []
        cursor = left
        for child in node.children:
            centres.append(_layout(child, cursor, depth + 1, out))
            cursor += _leaves(child) * (BOX_WIDTH + GAP_X)
        centre = (centres[0] + centres[-1]) / 2
    else:
        centre = left + BOX_WIDTH / 2
    out.append((node, centre, depth))
    return centre


def _label_lines(node: ThreadNode) -> list[str]:
    lines = textwrap.wrap(node.title, LINE_CHARS) or [""]
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][: LINE_CHARS - 1].rstrip() + "…"
    return lines


def thread_svg(root: ThreadNode, *, title: str) -> str:
    placed: list[tuple[ThreadNode, float, int]] = []
    _layout(root, MARGIN, 0, placed)
    width = _leaves(root) * (BOX_WIDTH + GAP_X) - GAP_X + 2 * MARGIN
    height = _depth(root) * (BOX_HEIGHT + GAP_Y) - GAP_Y + 2 * MARGIN
    position = {id(node): (x, depth) for node, x, depth in placed}

    def top(depth: int) -> float:
        return MARGIN + depth * (BOX_HEIGHT + GAP_Y)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gt-thread-svg" role="img" '
        f'aria-labelledby="thread-svg-title thread-svg-desc" width="{width:.0f}" '
        f'height="{height:.0f}" viewBox="0 0 {width:.0f} {height:.0f}">',
        f'<title id="thread-svg-title">{escape(title)}</title>',
        '<desc id="thread-svg-desc">A tree diagram of the golden thread; the same thread is '
        "listed in full as text on this page. Solid lines are direct links, dashed lines "
        "contributory links.</desc>",
    ]
    for node, x, depth in placed:
        for child in node.children:
            child_x, child_depth = position[id(child)]
            dash = ' stroke-dasharray="6 4"' if child.link_kind == "contributory" else ""
            y1 = top(depth) + BOX_HEIGHT
            y2 = top(child_depth)
            mid = (y1 + y2) / 2
            parts.append(
                f'<path d="M{x:.0f},{y1:.0f} V{mid:.0f} H{child_x:.0f} V{y2:.0f}" '
                f'fill="none" stroke="#505a5f" stroke-width="2"{dash}/>'
            )
    for node, x, depth in placed:
        left, y = x - BOX_WIDTH / 2, top(depth)
        stroke = "#0b0c0c" if node.is_current else "#505a5f"
        weight = 4 if node.is_current else 1.5
        fill = "#fff7d6" if node.is_current else "#ffffff"
        parts.append(
            f'<rect x="{left:.0f}" y="{y:.0f}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" '
            f'rx="4" fill="{fill}" stroke="{stroke}" stroke-width="{weight}"/>'
        )
        label = node.level_label + (" (this objective)" if node.is_current else "")
        if node.link_kind == "contributory":
            label += " · contributory"
        parts.append(
            f'<text x="{left + 8:.0f}" y="{y + 17:.0f}" font-family="Arial, sans-serif" '
            f'font-size="11" font-weight="bold" fill="#0b0c0c">{escape(label)}</text>'
        )
        for number, line in enumerate(_label_lines(node)):
            parts.append(
                f'<text x="{left + 8:.0f}" y="{y + 35 + number * 15:.0f}" '
                f'font-family="Arial, sans-serif" font-size="13" fill="#0b0c0c">'
                f"{escape(line)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)
