"""Reports as Word documents committee services can edit: the report's title in Word's Title
style and every heading in a real heading style (a section is Heading 1, a heading within it
Heading 2, an indicator Heading 2, or Heading 3 under a heading), so the navigation pane and
the contents field work; tables with a header row that repeats across pages; each chart a
PNG picture with the chart's description as its alternative text; the council's name in the
page header and page numbers in the footer, on A4.
"""

from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from goldenthread.reporting.blocks import (
    BulletList,
    Heading,
    IndicatorEntry,
    Paragraph,
    RagSummary,
    Report,
    Section,
    Table,
)
from goldenthread.reporting.figures import figure_png
from goldenthread.reporting.render.labels import (
    RAG_FILLS,
    assurance_label,
    cell_text,
    direction_label,
    rag_summary_headers,
    rag_with_shape,
    variation_label,
)

FONT = "Arial"
BRAND = RGBColor(0x0B, 0x55, 0x60)
CHART_WIDTH = Cm(8)


def render_docx(report: Report) -> bytes:
    document = Document()
    _house_style(document)
    _page_furniture(document, report)
    properties = document.core_properties
    properties.title = f"{report.title}: {report.subtitle}"
    properties.author = report.organisation
    properties.subject = report.title
    properties.language = "en-GB"
    properties.keywords = f"performance, {report.period}, {report.scope}"

    document.add_paragraph(report.organisation, style="Subtitle")
    document.add_heading(report.title, level=0)
    document.add_paragraph(report.subtitle, style="Subtitle")
    for note in report.notes:
        document.add_paragraph(note)
    contents = document.add_paragraph("Contents", style="TOC Heading")
    contents.paragraph_format.page_break_before = True
    _contents_field(document, report)
    for section in report.sections:
        _section(document, section)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _section(document: WordDocument, section: Section) -> None:
    heading = document.add_heading(section.title, level=1)
    heading.paragraph_format.page_break_before = True
    if section.summary:
        document.add_paragraph(section.summary)
    under_heading = False
    for block in section.blocks:
        if isinstance(block, Heading):
            under_heading = True
            document.add_heading(block.text, level=2)
        elif isinstance(block, Paragraph):
            document.add_paragraph(block.text)
        elif isinstance(block, BulletList):
            for text in block.items:
                document.add_paragraph(text, style="List Bullet")
        elif isinstance(block, Table):
            _table(
                document,
                block.caption,
                [column.header for column in block.columns],
                [
                    [
                        cell_text(cell, column.kind)
                        for cell, column in zip(row, block.columns, strict=True)
                    ]
                    for row in block.rows
                ],
                numeric=[column.kind == "number" for column in block.columns],
                rag_column={i for i, column in enumerate(block.columns) if column.kind == "rag"},
            )
        elif isinstance(block, RagSummary):
            _rag_summary(document, block)
        elif isinstance(block, IndicatorEntry):
            _entry(document, block, level=3 if under_heading else 2)


def _entry(document: WordDocument, entry: IndicatorEntry, *, level: int) -> None:
    document.add_heading(f"{entry.code} {entry.title}", level=level)
    if entry.attention:
        paragraph = document.add_paragraph()
        paragraph.add_run("Needs attention: ").bold = True
        paragraph.add_run("; ".join(entry.attention) + ".")
    facts = [
        ("Judgement" if entry.is_qualitative else "Value", entry.value_text),
        ("Status", rag_with_shape(entry.rag)),
    ]
    if not entry.is_qualitative:
        facts += [
            ("Target", entry.target_text),
            ("Since the previous period", direction_label(entry.since_previous)),
            ("Since the same period last year", direction_label(entry.since_last_year)),
            ("Variation (SPC)", variation_label(entry.variation)),
            ("Assurance (SPC)", assurance_label(entry.assurance)),
        ]
        if entry.forecast_text:
            facts.append(("Forecast", entry.forecast_text))
    facts.append(("Lead officer", f"{entry.owner}, {entry.service}"))
    table = _table(
        document,
        f"{entry.code} for {entry.period or 'the period'}",
        ["Measure", entry.period or "Value"],
        [list(fact) for fact in facts],
        numeric=[False, False],
        rag_column=set(),
    )
    _shade(table.cell(2, 1), entry.rag)  # the status row
    if entry.chart is not None:
        document.add_paragraph(f"{entry.chart.title}. {entry.polarity}.", style="Caption")
        picture = document.add_picture(BytesIO(figure_png(entry.chart)), width=CHART_WIDTH)
        properties = picture._inline.docPr
        properties.set("descr", entry.chart.description)
        properties.set("title", entry.chart.title)
    for label, text in (
        ("", entry.narrative),
        ("Commentary: ", entry.commentary),
        ("Remedial action: ", entry.remedial_action),
    ):
        if text:
            paragraph = document.add_paragraph()
            if label:
                paragraph.add_run(label).bold = True
            paragraph.add_run(text)
    if entry.also_in:
        document.add_paragraph(f"Also counts towards {', '.join(entry.also_in)}.")


def _rag_summary(document: WordDocument, block: RagSummary) -> None:
    rows = [*block.rows, *([block.total] if block.total else [])]
    _table(
        document,
        block.caption,
        rag_summary_headers(rag_with_shape),
        [
            [
                row.name,
                str(row.counts.red),
                str(row.counts.amber),
                str(row.counts.green),
                str(row.counts.no_data),
                str(row.counts.no_target + row.counts.not_assessed),
                str(row.counts.total),
                "–" if row.counts.percent_green is None else f"{row.counts.percent_green:.0f}%",
            ]
            for row in rows
        ],
        numeric=[False] + [True] * 7,
        rag_column=set(),
    )


def _table(
    document: WordDocument,
    caption: str,
    headers: list[str],
    rows: list[list[str]],
    *,
    numeric: list[bool],
    rag_column: set[int],
) -> WordTable:
    """A captioned table with a header row repeated on each page; RAG cells shaded."""
    document.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    table = document.add_table(rows=1 + max(len(rows), 1), cols=len(headers))
    table.style = "Table Grid"
    properties = table._tbl.tblPr
    for tag, value in (("w:tblCaption", caption), ("w:tblDescription", caption)):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        properties.append(element)
    header = table.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for index, text in enumerate(headers):
        _write(header.cells[index], text, bold=True, right=numeric[index])
    if not rows:
        _write(table.rows[1].cells[0], "None.")
    for row, values in zip(table.rows[1:], rows, strict=False):
        for index, (cell, text) in enumerate(zip(row.cells, values, strict=True)):
            _write(cell, text, right=numeric[index])
            if index in rag_column:
                _shade(cell, _status_of(text))
    return table


def _status_of(text: str) -> str:
    """The RAG status a "▲ Red" cell shows."""
    for status in RAG_FILLS:
        if text == rag_with_shape(status):
            return status
    return ""


def _write(cell: _Cell, text: str, *, bold: bool = False, right: bool = False) -> None:
    paragraph: WordParagraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def _shade(cell: _Cell, status: str) -> None:
    if status not in RAG_FILLS:
        return
    fill, ink = RAG_FILLS[status]
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.font.color.rgb = RGBColor.from_string(ink)
        run.bold = True


def _font(style_element, name: str) -> None:  # type: ignore[no-untyped-def]
    """Sets the style's font outright: the template's theme fonts would otherwise win."""
    fonts = style_element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _house_style(document: WordDocument) -> None:
    styles = document.styles
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    _font(normal.element, FONT)
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    normal.element.get_or_add_rPr().append(language)
    for name, size in (("Title", 26), ("Heading 1", 17), ("Heading 2", 13), ("Heading 3", 11.5)):
        style = styles[name]
        _font(style.element, FONT)
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.color.rgb = (
            BRAND if name in ("Title", "Heading 1") else RGBColor(0x0B, 0x0C, 0x0C)
        )
    for name in ("Subtitle", "Caption", "TOC Heading", "Header", "Footer", "List Bullet"):
        _font(styles[name].element, FONT)


def _field(paragraph: WordParagraph, instruction: str, placeholder: str = "") -> None:
    """A Word field (a page number, the contents) with the text shown until Word updates it."""
    for kind, text in (
        ("begin", None),
        ("instr", instruction),
        ("separate", None),
        ("text", placeholder),
        ("end", None),
    ):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        elif kind == "text":
            run.text = text or ""
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _contents_field(document: WordDocument, report: Report) -> None:
    """Word's table of contents from the heading styles, filled in when the document opens;
    until then it lists the sections."""
    paragraph = document.add_paragraph()
    _field(paragraph, r'TOC \o "1-2" \h \z \u', "; ".join(s.title for s in report.sections))
    settings = document.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _page_furniture(document: WordDocument, report: Report) -> None:
    section = document.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    header = section.header.paragraphs[0]
    header.text = f"{report.organisation}\t\t{report.title}"
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.add_run("Page ")
    _field(footer, "PAGE", "1")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES", "1")
