"""Makes matplotlib's SVG fit to inline in a page: accessible, scalable, with ids of its own.

- role="img" with a <title> and <desc>, named by aria-labelledby;
- no XML prolog, DOCTYPE or metadata; no fixed width and height, so it scales with its
  container (the viewBox stays);
- matplotlib's global stylesheet (`*{stroke-linejoin: round; ...}`), which inlined would
  restyle every SVG on the page, becomes attributes of this chart's root;
- every id is prefixed with the chart's id, so many charts can share a page; ids nothing
  refers to (matplotlib's figure_1, line2d_3...) are dropped unless we set them;
- inline `style="fill: …; stroke: …"` becomes presentation attributes (`fill="…"`), because
  the site's content security policy allows no inline styles and would drop them.

Text drawn on the chart (period labels, council names) is escaped by matplotlib, so the
chart is safe to inline in a page as it is. The id, reference and style rewrites only look
inside tags: text that reads like an attribute (` id="x"`) is shown as written.
"""

import re
from xml.sax.saxutils import escape

CHART_ID = re.compile(r"[A-Za-z][\w-]*")
_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)
_STYLESHEET = re.compile(r"<defs>\s*<style[^>]*>[^<]*</style>\s*</defs>")
_ROOT = re.compile(r"<svg\b[^>]*>")
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')
_ID = re.compile(r' id="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^")]+)')
_BETWEEN_TAGS = re.compile(r">\s+<")
_TAG = re.compile(r"<[^<>]*>")  # a tag: matplotlib writes text's < and > as &lt; and &gt;
_QUOTES = {'"': "&quot;"}  # so no text can pass for an attribute
_STYLE = re.compile(r' style="([^"]*)"')
_DECLARATION = re.compile(r"\s*([a-z-]+)\s*:\s*([^;]+?)\s*(?:;|$)")


def _as_attributes(match: re.Match[str]) -> str:
    """style="fill: #fff; stroke-width: 0.8" → fill="#fff" stroke-width="0.8"."""
    pairs = _DECLARATION.findall(match.group(1))
    return "".join(f' {name}="{value.replace(chr(34), chr(39))}"' for name, value in pairs)


def svg_accessible(raw: str, *, chart_id: str, title: str, description: str, css_class: str) -> str:
    """matplotlib's SVG `raw`, made ready to inline (see the module docstring)."""
    if not CHART_ID.fullmatch(chart_id):
        raise ValueError(
            f"chart id {chart_id!r} must start with a letter and have only letters, digits, "
            "hyphens and underscores"
        )
    svg = _STYLESHEET.sub("", _METADATA.sub("", _PROLOG.sub("", raw, count=1)))
    viewbox = _VIEWBOX.search(svg)
    assert viewbox is not None  # matplotlib always writes one
    root = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'viewBox="{viewbox.group(1)}" class="{css_class}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" '
        'stroke-linejoin="round" stroke-linecap="butt">'
        f'<title id="{chart_id}-title">{escape(title, _QUOTES)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description, _QUOTES)}</desc>'
    )
    svg = _ROOT.sub(lambda _: root, svg, count=1)
    referenced = {match.group(2) for tag in _TAG.findall(svg) for match in _REFERENCE.finditer(tag)}
    own = f"{chart_id}-"

    def rename(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in referenced:
            return f' id="{own}{name}"'
        return match.group(0) if name.startswith(own) else ""

    def rewrite(tag: re.Match[str]) -> str:
        text = _ID.sub(rename, tag.group(0))
        text = _REFERENCE.sub(lambda m: f"{m.group(1)}{own}{m.group(2)}", text)
        return _STYLE.sub(_as_attributes, text)

    svg = _TAG.sub(rewrite, svg)
    return _BETWEEN_TAGS.sub("><", svg).strip()
