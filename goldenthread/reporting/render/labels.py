"""Judgements in words for the formats with no stylesheet (Word, Excel): the same labels as
the pages, with RAG's shape as a character, so colour is never the only signal."""

from collections.abc import Callable
from typing import TypeVar

from goldenthread.reporting.blocks import Cell
from goldenthread.templatetags.performance import ASSURANCE, DIRECTION, RAG, VARIATION

RAG_SHAPES = {
    "red": "▲",
    "amber": "◆",
    "green": "●",
    "no_data": "○",
    "no_target": "–",
    "not_assessed": "□",
}
# The pages' fills (see frontend/README.md) and the text colour each needs for contrast.
RAG_FILLS = {
    "red": ("A4231B", "FFFFFF"),
    "amber": ("FFBF47", "0B0C0C"),
    "green": ("009E73", "0B0C0C"),
    "no_data": ("FFFFFF", "505A5F"),
    "no_target": ("F3F3F3", "0B0C0C"),
    "not_assessed": ("FFFFFF", "0B0C0C"),
}
DIRECTION_ARROWS = {"improving": "↑", "declining": "↓", "up": "↑", "down": "↓", "no_change": "→"}

Status = TypeVar("Status")


def rag_summary_headers(status: Callable[[str], Status]) -> list[str | Status]:
    """A RAG summary's column headers, each status shown by `status` (a badge on the page,
    words with their shape in the PDF and Word)."""
    return [
        "Name",
        *(status(rag) for rag in ("red", "amber", "green")),
        "No data",
        "No target or not assessed",
        "Total",
        "Green of those assessed",
    ]


def rag_label(status: str) -> str:
    return RAG.get(status, status)


def rag_with_shape(status: str) -> str:
    """ "▲ Red": the shape the pages draw, then the word."""
    return f"{RAG_SHAPES.get(status, '')} {rag_label(status)}".strip()


def direction_label(direction: str) -> str:
    label = DIRECTION.get(direction, direction)
    arrow = DIRECTION_ARROWS.get(direction)
    return f"{arrow} {label}" if arrow else label


def variation_label(variation: str) -> str:
    return VARIATION[variation][0] if variation in VARIATION else "No values yet"


def assurance_label(assurance: str) -> str:
    return ASSURANCE[assurance][0] if assurance in ASSURANCE else "No values yet"


def cell_text(cell: Cell, kind: str) -> str:
    """A table cell's words: a RAG status or direction by its label, anything else as is."""
    if kind == "rag":
        return rag_with_shape(cell.text)
    if kind == "direction":
        return direction_label(cell.text)
    return cell.text
