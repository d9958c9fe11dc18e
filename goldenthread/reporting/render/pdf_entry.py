"""An indicator's facts as the PDF shows them: table rows of a key and its value, with the
RAG status, directions and SPC judgements as text carrying their shape or arrow (▲ Red,
↓ Declining), coloured by class; and the report's own tables' statuses and directions the
same way.

The page and the HTML download draw those shapes with CSS `::before`; in the PDF each one
would be another box for WeasyPrint to lay out, draw and tag, with several inline elements
in every value, so there the shapes are written into the words, which also puts them in the
text a screen reader or pdftotext reads, in the same order as before.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from goldenthread.reporting.blocks import Cell, IndicatorEntry, Table
from goldenthread.reporting.render.labels import direction_label, rag_with_shape
from goldenthread.templatetags.performance import ASSURANCE, VARIATION

# The colour of each judgement's words, from its class on the pages (gt-spc--concern...).
_SPC_COLOUR = {
    "gt-spc--improvement": "improving",
    "gt-spc--pass": "improving",
    "gt-spc--concern": "concerning",
    "gt-spc--fail": "concerning",
    "gt-spc--neutral": "neutral",
}


def rag_words(status: str) -> SafeString:
    value = status or "no_data"
    return format_html(
        '<strong class="gt-pdf-rag gt-pdf-rag--{}">{}</strong>',
        value.replace("_", "-"),
        rag_with_shape(value),
    )


def direction_words(direction: str) -> SafeString:
    key = direction or "not_comparable"
    colour = {"improving": "improving", "declining": "concerning"}.get(key, "plain")
    return format_html('<span class="gt-pdf-{}">{}</span>', colour, direction_label(key))


def _judgement(labels: dict[str, tuple[str, str]], value: str, fallback: str) -> SafeString:
    label, css = labels.get(value, (fallback, ""))
    colour = _SPC_COLOUR.get(css.split(" ")[0], "plain")
    return format_html('<span class="gt-pdf-{}">{}</span>', colour, label)


def facts(entry: IndicatorEntry) -> tuple[tuple[str, SafeString], ...]:
    """(key, value's markup) for each row, as the page's summary list has them."""
    key = "Judgement" if entry.is_qualitative else "Value"
    if entry.period:
        key += f" ({entry.period})"
    rows = [
        (
            key,
            format_html("{} {}", entry.value_text, rag_words(entry.rag)),
        )
    ]
    if not entry.is_qualitative:
        rows.append(("Target", format_html("{}", entry.target_text)))
        rows.append(
            (
                "Direction of travel",
                format_html(
                    "Since the previous period: {}\nSince the same period last year: {}",
                    direction_words(entry.since_previous),
                    direction_words(entry.since_last_year),
                ),
            )
        )
        spc = (
            format_html(
                "{}\n{}",
                _judgement(VARIATION, entry.variation, "No SPC"),
                _judgement(ASSURANCE, entry.assurance, "No assurance"),
            )
            if entry.variation
            else mark_safe("No values yet")  # noqa: S308  # nosec B308, B703  # constant
        )
        rows.append(("Statistical process control", spc))
        if entry.forecast_text:
            rows.append(("Forecast", format_html("{}", entry.forecast_text)))
    rows.append(("Lead officer", format_html("{}, {}", entry.owner, entry.service)))
    return tuple(rows)


def _cell(value: SafeString) -> SafeString:
    """A value's cell. A value of two lines (directions, SPC) has a newline between them
    that the cell keeps (`white-space: pre-line`): a `<br>` would be one more element, and
    WeasyPrint's stylesheet gives each a `::before` box as well."""
    if "\n" in value:
        return format_html('<td class="gt-pdf-lines">{}</td>', value)
    return format_html("<td>{}</td>", value)


def facts_rows(entry: IndicatorEntry) -> SafeString:
    """The facts as the rows of a table, each key a row header. The first row's cell is
    the value, in bold (a class on the cell rather than one more element)."""
    value, *others = facts(entry)
    return format_html(
        '<tr><th scope="row">{}</th><td class="gt-report-value">{}</td></tr>{}',
        *value,
        format_html_join(
            "", '<tr><th scope="row">{}</th>{}</tr>', ((key, _cell(v)) for key, v in others)
        ),
    )


def table_cells(table: Table) -> tuple[tuple[tuple[Cell, str, SafeString | None], ...], ...]:
    """A table's rows as (cell, its column's kind, its words if a status or direction)
    triples, for blocks/table_pdf.html."""
    words = {"rag": rag_words, "direction": direction_words}
    kinds = [column.kind for column in table.columns]
    return tuple(
        tuple(
            (cell, kind, words[kind](cell.text) if kind in words else None)
            for cell, kind in zip(row, kinds, strict=True)
        )
        for row in table.rows
    )
