"""Reports as PDF, printed by WeasyPrint from the report's HTML document: A4, the council's
name and the report's title at the top of each page, page numbers at the foot, a contents
list with page numbers, and tagged for accessibility (PDF/UA-1) with the document's language
and title, and each chart's description as its alternative text.

Fonts come from the machine through fontconfig: Arial where installed, otherwise Liberation
Sans (the same widths) and DejaVu Sans for the few symbols Liberation lacks. Only the
characters used are embedded.
"""

import gc
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from goldenthread.reporting.blocks import Report
from goldenthread.reporting.render.html import CHART_SCHEME, document_html
from goldenthread.reporting.render.pdf_chart import pdf_svg

PDF_VARIANT = "pdf/ua-1"
# WeasyPrint logs every step and page at INFO, the level the service logs at.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


# Whitespace that CSS drops anyway, since it ends a line or stands between blocks: before the
# end of a table cell or a list value (the template tags end their markup with a newline),
# before a line break, and before the start or end of a block-level element. WeasyPrint
# would otherwise make, lay out and tag a box for each piece (about 5% of its work).
_BLOCK = (
    "div|dl|dt|dd|p|figure|figcaption|img|h[1-6]|section|table|thead|tbody|tr|th|td|caption"
    "|nav|ol|ul|li|main|body"
)
_DROPPED_WHITESPACE = re.compile(
    rf"\s+(?=(?:</span>)*</(?:dd|td|th)>|<br>)|(?<=>)\s+(?=</?(?:{_BLOCK})\b)"
)


def _without_dropped_whitespace(html: str) -> str:
    return _DROPPED_WHITESPACE.sub("", html)


class _ChartFetcher(URLFetcher):
    """Serves the report's charts (chart: addresses) from memory: as base64 data URLs they
    made the document twice as long for WeasyPrint's HTML parser to read character by
    character. Any other address is fetched as WeasyPrint would."""

    def __init__(self, charts: dict[str, bytes]) -> None:
        super().__init__()
        self.charts = charts

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url.startswith(CHART_SCHEME):
            return URLFetcherResponse(url, self.charts[url], {"Content-Type": "image/svg+xml"})
        return super().fetch(url, headers)  # type: ignore[no-any-return]


@contextmanager
def _long_lived_objects_set_aside() -> Iterator[None]:
    """The process's objects from before the render kept out of the garbage collector's way
    while WeasyPrint works (`gc.freeze`), then handed back.

    WeasyPrint's boxes refer to each other, so a render sets off several full collections,
    and each went through every object the process had (Django, the modules, caches: some
    380,000), none of them garbage from the render: about a fifth of the render's CPU time.
    Frozen, they are not looked at. Garbage left from before is collected first, so none of
    it is frozen and kept; the render's own garbage is collected as before, during it and
    after. Only one thread at a time gains: freezing is for the whole process, and whichever
    render ends first hands everything back."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def render_pdf(report: Report) -> bytes:
    charts: dict[str, bytes] = {}
    source = _without_dropped_whitespace(document_html(report, for_pdf=True, charts=charts))
    with _long_lived_objects_set_aside():
        fetcher = _ChartFetcher({address: pdf_svg(svg) for address, svg in charts.items()})
        document = weasyprint.HTML(string=source, base_url=None, url_fetcher=fetcher)
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # with no target, WeasyPrint returns the bytes
    return pdf
