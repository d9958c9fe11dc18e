"""Indicators as report blocks: an entry with its figures, judgements, words and chart, and
the tables and counts the indicator sections are made of."""

from collections.abc import Iterable

from goldenthread.calculations.polarity import Polarity
from goldenthread.calculations.rollup import RagCounts
from goldenthread.calculations.trend import Direction
from goldenthread.indicators.selectors import Point
from goldenthread.reporting.blocks import (
    Cell,
    Column,
    IndicatorEntry,
    RagRow,
    RagSummary,
    Table,
)
from goldenthread.reporting.figures import chart_data
from goldenthread.reporting.selectors import IndicatorRow, Overview, ReturnText
from goldenthread.templatetags.performance import RAG

JUDGEMENTS = {"green": "On track", "amber": "Some concern", "red": "Off track"}
DIRECTIONS_SHOWN = [
    Direction.IMPROVING,
    Direction.NO_CHANGE,
    Direction.DECLINING,
    Direction.UP,
    Direction.DOWN,
    Direction.NOT_COMPARABLE,
]


def target_text(row: IndicatorRow) -> str:
    current = row.performance.current
    indicator = row.indicator
    target = current.target if current is not None else None
    if target is None:
        return "No target"
    if indicator.polarity == Polarity.WITHIN_BAND:
        if target.band_lower is None or target.band_upper is None:
            return "No target"
        lower, upper = target.band_lower, target.band_upper
        return f"{indicator.format_value(lower)} to {indicator.format_value(upper)}"
    return "No target" if target.value is None else indicator.format_value(target.value)


def forecast_text(row: IndicatorRow) -> str:
    performance, indicator = row.performance, row.indicator
    forecast = performance.forecast
    if forecast is None or forecast.value is None:
        return ""
    text = f"Year-end forecast {indicator.format_value(forecast.value)}"
    target = performance.annual_target
    if target is not None and target.value is not None and performance.forecast_rag is not None:
        text += (
            f" against an annual target of {indicator.format_value(target.value)}: "
            f"{RAG[performance.forecast_rag.status.value].lower()}"
        )
    return text


def entry_for(
    row: IndicatorRow,
    words: ReturnText | None,
    theme_titles: dict[int, str],
    *,
    chart: bool = True,
) -> IndicatorEntry:
    indicator, performance = row.indicator, row.performance
    current: Point | None = performance.current
    words = words or ReturnText("", "", "", "")
    if indicator.is_qualitative:
        value_text = JUDGEMENTS.get(words.judgement, "No judgement")
    else:
        value_text = indicator.format_value(current.value if current else None)
    spc = performance.spc
    return IndicatorEntry(
        code=indicator.code,
        title=indicator.title,
        url=indicator.get_absolute_url(),
        thread_url=row.thread_url,
        period=current.period.label if current is not None else "",
        unit=indicator.unit,
        decimal_places=indicator.decimal_places,
        polarity=indicator.get_polarity_display(),
        is_qualitative=indicator.is_qualitative,
        value=None if indicator.is_qualitative or current is None else current.value,
        value_text=value_text,
        target=current.target_value if current is not None else None,
        target_text=target_text(row),
        rag=performance.rag.value,
        since_previous=performance.since_previous.value,
        since_last_year=performance.since_last_year.value,
        variation=spc.variation.value if spc is not None else "",
        assurance=spc.assurance.value if spc is not None else "",
        forecast_text=forecast_text(row),
        recovery_needed=performance.recovery_needed,
        attention=row.reasons,
        commentary=words.commentary,
        remedial_action=words.remedial_action,
        narrative=words.narrative,
        owner=row.owner,
        service=row.service,
        also_in=tuple(theme_titles[pk] for pk in row.theme_ids[1:] if pk in theme_titles),
        chart=chart_data(performance) if chart else None,
    )


def counts_sentence(counts: RagCounts) -> str:
    total = counts.total
    parts = [
        f"{counts.red} red",
        f"{counts.amber} amber",
        f"{counts.green} green",
        f"{counts.no_data} with no approved figure",
    ]
    if counts.no_target:
        parts.append(f"{counts.no_target} with no target")
    if counts.not_assessed:
        parts.append(f"{counts.not_assessed} not assessed")
    return f"{total} indicator{'s' if total != 1 else ''}: {', '.join(parts)}."


def rag_by_theme(overview: Overview, caption: str) -> RagSummary:
    """The scope's themes as the roll-ups count them, with the scope's total."""
    wanted = {theme.get_absolute_url(): theme.title for theme in overview.themes}
    rows = [
        RagRow(name=rollup.name, counts=rollup.counts, url=rollup.url)
        for rollup in overview.rollups.by_theme
        if rollup.url in wanted
    ]
    return RagSummary(
        caption=caption,
        rows=tuple(rows),
        total=RagRow(name=f"All indicators: {overview.scope.label}", counts=overview.counts),
    )


def directions_table(overview: Overview, caption: str) -> Table:
    return Table(
        caption=caption,
        columns=(Column("Direction of travel", "direction"), Column("Indicators", "number")),
        rows=tuple(
            (Cell(direction.value), Cell(str(count), number=count))
            for direction in DIRECTIONS_SHOWN
            if (count := overview.directions.get(direction.value, 0))
        ),
    )


def attention_table(rows: Iterable[IndicatorRow], caption: str) -> Table:
    return Table(
        caption=caption,
        columns=(
            Column("Indicator"),
            Column("Value", "number"),
            Column("Status", "rag"),
            Column("Why it needs attention"),
        ),
        rows=tuple(
            (
                Cell(
                    f"{row.indicator.code} {row.indicator.title}",
                    url=row.indicator.get_absolute_url(),
                ),
                value_cell(row),
                Cell(row.rag.value),
                Cell("; ".join(row.reasons)),
            )
            for row in rows
        ),
    )


def target_cell(row: IndicatorRow) -> Cell:
    current = row.performance.current
    return Cell(
        target_text(row),
        number=current.target_value if current is not None else None,
        unit=row.indicator.unit,
        decimal_places=row.indicator.decimal_places,
    )


def value_cell(row: IndicatorRow, point: Point | None = None) -> Cell:
    """A value as a table cell: its text, and the number behind it for spreadsheets."""
    indicator = row.indicator
    point = point if point is not None else row.performance.current
    if indicator.is_qualitative:
        return Cell("Narrative")
    value = point.value if point is not None else None
    return Cell(
        indicator.format_value(value),
        number=value,
        unit=indicator.unit,
        decimal_places=indicator.decimal_places,
    )
