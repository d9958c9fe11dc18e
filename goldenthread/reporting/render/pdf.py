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
def _collected_once_at_the_end() -> Iterator[None]:
    """The garbage collector kept out of WeasyPrint's way: the process's objects from
    before the render set aside (`gc.freeze`), no collection during the render, and the
    render's garbage collected once at its end, before the rest is handed back.

    WeasyPrint's boxes refer to each other, so a render set off some 560 collections,
    several of them full, each going through every object the process had (Django, the
    modules, caches: some 380,000) and the render's boxes still in use, none of them
    garbage: 0.8 s of a 5 s render. Collected once at the end, with the process's own
    objects still set aside, only the render's objects are looked at, most of them garbage
    by then: 0.3 s, and the most memory in use no higher (WeasyPrint keeps its boxes to the
    end anyway). Garbage left from before is collected first, so none of it is frozen and
    kept. Freezing and collection are for the whole process: another thread's garbage waits
    for the render's end too, and with two renders at once the first to end hands
    everything back (safe, only slower)."""
    enabled = gc.isenabled()
    gc.collect()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.collect()
        if enabled:
            gc.enable()
        gc.unfreeze()


def _weasyprint(source: str, charts: dict[str, bytes]) -> bytes:
    fetcher = _ChartFetcher({address: pdf_svg(svg) for address, svg in charts.items()})
    document = weasyprint.HTML(string=source, base_url=None, url_fetcher=fetcher)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # with no target, WeasyPrint returns the bytes
    return pdf


def render_pdf(report: Report) -> bytes:
    charts: dict[str, bytes] = {}
    source = _without_dropped_whitespace(document_html(report, for_pdf=True, charts=charts))
    # In a function of its own, so that WeasyPrint's document is garbage by the collection.
    with _collected_once_at_the_end():
        return _weasyprint(source, charts)
