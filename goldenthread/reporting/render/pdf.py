"""Reports as PDF, printed by WeasyPrint from the report's HTML document: A4, the council's
name and the report's title at the top of each page, page numbers at the foot, a contents
list with page numbers, and tagged for accessibility (PDF/UA-1) with the document's language
and title, and each chart's description as its alternative text.

Fonts come from the machine through fontconfig: Arial where installed, otherwise Liberation
Sans (the same widths) and DejaVu Sans for the few symbols Liberation lacks. Only the
characters used are embedded.
"""

import logging

import weasyprint

from goldenthread.reporting.blocks import Report
from goldenthread.reporting.render.html import document_html

PDF_VARIANT = "pdf/ua-1"
# WeasyPrint logs every step and page at INFO, the level the service logs at.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def render_pdf(report: Report) -> bytes:
    document = weasyprint.HTML(string=document_html(report, for_pdf=True), base_url=None)
    pdf = document.write_pdf(pdf_variant=PDF_VARIANT)
    assert pdf is not None  # with no target, WeasyPrint returns the bytes
    return pdf
