"""Reports as HTML: the report page inside the service, and a whole document (with the
report's own stylesheet) that is both the HTML download and what the PDF is printed from.

Both use the same templates (GOV.UK Frontend markup): a section is an h2, a heading block an
h3, and an indicator entry an h3, or an h4 under a heading block, so headings never skip a
level. On the page charts are inline SVG with the data table beneath; in the document they
are images with the chart's description as their alternative text: data URLs in the HTML
download, so it stands alone; for the PDF, `chart:` addresses that the PDF renderer serves
from memory, so WeasyPrint neither parses nor decodes the charts as base64 text.
"""

import base64
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from goldenthread.charts import chart_table_rows
from goldenthread.reporting.blocks import (
    Block,
    BulletList,
    Heading,
    IndicatorEntry,
    Paragraph,
    RagSummary,
    Report,
    Table,
)
from goldenthread.reporting.figures import figure_svg, series_of
from goldenthread.reporting.render.labels import rag_summary_headers
from goldenthread.reporting.render.pdf_entry import facts_rows, rag_words, table_cells
from goldenthread.templatetags.performance import rag_html

TEMPLATES = {
    Heading: "reporting/blocks/heading.html",
    Paragraph: "reporting/blocks/paragraph.html",
    BulletList: "reporting/blocks/bullets.html",
    Table: "reporting/blocks/table.html",
    RagSummary: "reporting/blocks/rag_summary.html",
    IndicatorEntry: "reporting/blocks/indicator.html",
}
# The PDF's entries and tables: the same content in fewer boxes (render/pdf_entry.py).
PDF_TEMPLATES = {
    **TEMPLATES,
    Table: "reporting/blocks/table_pdf.html",
    RagSummary: "reporting/blocks/rag_summary_table.html",
    IndicatorEntry: "reporting/blocks/indicator_pdf.html",
}


@dataclass(frozen=True)
class Item:
    """A block as a template shows it."""

    block: Block
    template: str
    level: int  # the heading level of a heading or an entry's title
    anchor: str  # the element's id, unique in the report
    chart_svg: SafeString | None = None  # the page's chart
    chart_src: str = ""  # the document's chart: a data URL, or a chart: address for the PDF
    chart_rows: tuple = ()  # the chart's data table (on the page)
    cells: tuple = ()  # a table's rows as (cell, its column's kind) pairs (triples in the PDF)
    facts: SafeString | None = None  # the PDF's table rows of an entry's facts
    headers: tuple = ()  # a RAG summary's column headers


@dataclass(frozen=True)
class SectionView:
    title: str
    summary: str
    anchor: str
    items: list[Item]


CHART_SCHEME = "chart:"


def section_views(
    report: Report, *, document: bool, charts: dict[str, bytes] | None = None
) -> list[SectionView]:
    """The report's sections as templates show them. With `charts` (the PDF), each
    document chart's SVG goes into it under the chart: address its image refers to, and
    entries take the PDF's template."""
    for_pdf = document and charts is not None
    templates = PDF_TEMPLATES if for_pdf else TEMPLATES
    views = []
    for number, section in enumerate(report.sections, start=1):
        items = []
        under_heading = False
        for index, block in enumerate(section.blocks, start=1):
            under_heading = under_heading or isinstance(block, Heading)
            anchor = f"s{number}-{index}"
            level = 4 if isinstance(block, IndicatorEntry) and under_heading else 3
            extra: dict = {}
            if isinstance(block, IndicatorEntry) and block.chart is not None:
                chart_id = f"chart-{anchor}"
                svg = figure_svg(block.chart, chart_id)
                if document and charts is not None:
                    extra["chart_src"] = f"{CHART_SCHEME}{chart_id}"
                    charts[extra["chart_src"]] = svg.encode()
                elif document:
                    extra["chart_src"] = "data:image/svg+xml;base64," + base64.b64encode(
                        svg.encode()
                    ).decode("ascii")
                else:
                    extra["chart_svg"] = mark_safe(svg)  # noqa: S308  # nosec B308, B703  # text escaped
                    extra["chart_rows"] = tuple(chart_table_rows(series_of(block.chart)))
            if for_pdf and isinstance(block, IndicatorEntry):
                extra["facts"] = facts_rows(block)
            if isinstance(block, RagSummary):
                extra["headers"] = tuple(rag_summary_headers(rag_words if for_pdf else rag_html))
            if for_pdf and isinstance(block, Table):
                extra["cells"] = table_cells(block)
            elif isinstance(block, Table):
                kinds = [column.kind for column in block.columns]
                extra["cells"] = tuple(tuple(zip(row, kinds, strict=True)) for row in block.rows)
            items.append(Item(block, templates[type(block)], level, anchor, **extra))
        views.append(SectionView(section.title, section.summary, f"section-{number}", items))
    return views


def report_context(
    report: Report, *, document: bool, charts: dict[str, bytes] | None = None
) -> dict:
    generated = datetime.fromisoformat(report.generated_at)
    return {
        "report": report,
        "generated_on": f"{generated:%-d %B %Y} at {generated:%H:%M}",
        "sections": section_views(report, document=document, charts=charts),
        "document": document,
        # Links in a downloaded or printed report lead back to the service.
        "link_base": settings.GOLDENTHREAD_SITE_URL.rstrip("/") if document else "",
    }


def document_html(report: Report, *, for_pdf: bool, charts: dict[str, bytes] | None = None) -> str:
    """The whole report as one HTML document: the PDF's source, or the HTML download.
    With `charts`, the charts are collected there by address instead of inlined."""
    context = report_context(report, document=True, charts=charts)
    context["for_pdf"] = for_pdf
    # Rendered templates come back already safe: our own stylesheet, not escaped.
    context["stylesheet"] = render_to_string("reporting/document.css", {"for_pdf": for_pdf})
    return render_to_string("reporting/document.html", context)


def render_html(report: Report) -> bytes:
    return document_html(report, for_pdf=False).encode()
