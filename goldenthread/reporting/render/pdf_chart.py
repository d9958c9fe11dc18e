"""An indicator's chart as the PDF draws it: the page's SVG less what changes nothing on
paper, since WeasyPrint parses, styles and draws every element of every chart.

Left out: the SVG's own title and description (the PDF's Figure carries the description as
its alternative text, from the image's alt, and WeasyPrint shows neither), the white
background (the page is white), groups with no attributes (their children are drawn the
same without them), and clipping to the plot area when every clipped line lies inside it
by more than its stroke reaches. Everything drawn is drawn as before.
"""

import re
import xml.etree.ElementTree as ET  # nosec B405  # our own matplotlib output, not input
from functools import lru_cache

SVG = "http://www.w3.org/2000/svg"
_TITLE = {f"{{{SVG}}}title", f"{{{SVG}}}desc"}
_GROUP = f"{{{SVG}}}g"
_PATH = f"{{{SVG}}}path"
_DEFS = f"{{{SVG}}}defs"
_CLIP = f"{{{SVG}}}clipPath"
_RECT = f"{{{SVG}}}rect"
_NUMBER = r"-?\d+(?:\.\d+)?"
# A path of straight lines only: what matplotlib writes for a line plot.
_LINES = re.compile(rf"\s*(?:[MLz]\s*(?:{_NUMBER}\s+{_NUMBER}\s*)?)+")
_CLIP_URL = re.compile(r"url\(#([^)]+)\)")


@lru_cache(maxsize=512)
def pdf_svg(svg: bytes) -> bytes:
    root = ET.fromstring(svg)  # noqa: S314  # nosec B314  # drawn by us, see above
    for child in list(root):
        if child.tag in _TITLE:
            root.remove(child)
    root.attrib.pop("aria-labelledby", None)
    _drop_background(root)
    _unwrap_bare_groups(root)
    _drop_needless_clips(root)
    return ET.tostring(root, encoding="utf-8")


def _unwrap_bare_groups(parent: ET.Element) -> None:
    index = 0
    while index < len(parent):
        child = parent[index]
        _unwrap_bare_groups(child)
        if child.tag == _GROUP and not child.attrib:
            parent[index : index + 1] = list(child)
            index += len(child)
        else:
            index += 1


def _points(d: str) -> list[tuple[float, float]] | None:
    """A path's points, or None if it is not straight lines only."""
    if not _LINES.fullmatch(d):
        return None
    numbers = [float(n) for n in re.findall(_NUMBER, d)]
    return list(zip(numbers[::2], numbers[1::2], strict=True))


def _drop_background(root: ET.Element) -> None:
    """The figure's white rectangle over the whole view box, as matplotlib draws it."""
    box = [float(n) for n in root.get("viewBox", "").split()]
    if len(box) != 4:
        return
    x, y, width, height = box
    corners = {(x, y), (x + width, y), (x, y + height), (x + width, y + height)}
    for parent in root.iter():
        for child in list(parent):
            if (
                child.tag == _PATH
                and child.get("fill") == "#ffffff"
                and set(child.attrib) == {"d", "fill"}
                and set(_points(child.get("d", "")) or ()) == corners
            ):
                parent.remove(child)
                return


def _drop_needless_clips(root: ET.Element) -> None:
    """Clipping to a rectangle that every clipped line stays inside, by more than its
    stroke (and the corner of a mitred join) can reach, clips nothing."""
    clips: dict[str, tuple[float, float, float, float]] = {}
    for defs in root.iter(_DEFS):
        for clip in defs.iter(_CLIP):
            rect = list(clip)
            if len(rect) == 1 and rect[0].tag == _RECT and clip.get("id"):
                r = rect[0]
                x, y = float(r.get("x", 0)), float(r.get("y", 0))
                clips[clip.get("id", "")] = (
                    x,
                    y,
                    x + float(r.get("width", 0)),
                    y + float(r.get("height", 0)),
                )
    parents = {child: parent for parent in root.iter() for child in parent}
    clipped = {  # element: the clip path it names ("" if not by url(#…))
        element: _clip_name(element.get("clip-path", ""))
        for element in root.iter()
        if element.get("clip-path")
    }
    needed = set()
    for element, name in clipped.items():
        points = _points(element.get("d", "")) if element.tag == _PATH else None
        if name not in clips or not points:
            needed.add(name)
            continue
        left, top, right, bottom = clips[name]
        width = float(element.get("stroke-width", "1"))
        # Around a point, a stroke reaches half its width, the corner of a mitred join
        # twice its width (the miter limit of 4). A horizontal line with butt ends (the
        # target's, from one side of the plot to the other) reaches no further than its
        # ends along it, and half its width across.
        reach_x = reach_y = 2 * width
        if len({py for _px, py in points}) == 1 and _inherited(
            element, "stroke-linecap", parents
        ) in (None, "butt"):
            reach_x, reach_y = 0.0, width / 2
        if not all(
            left + reach_x <= px <= right - reach_x and top + reach_y < py < bottom - reach_y
            for px, py in points
        ):
            needed.add(name)
    for element, name in clipped.items():
        if name in clips and name not in needed:
            del element.attrib["clip-path"]
    for parent in list(root.iter()):
        for defs in [child for child in parent if child.tag == _DEFS]:
            for clip in [c for c in defs if c.tag == _CLIP and c.get("id") not in needed]:
                if clip.get("id") in clips:
                    defs.remove(clip)
            if not len(defs):
                parent.remove(defs)


def _clip_name(clip_path: str) -> str:
    found = _CLIP_URL.fullmatch(clip_path)
    return found.group(1) if found else ""


def _inherited(element: ET.Element, name: str, parents: dict) -> str | None:
    while element is not None:
        if name in element.attrib:
            return element.get(name)
        element = parents.get(element)
    return None
