"""The indicators' sections of the quarterly, Cabinet and exception reports: the summary, one
section a theme with each indicator's entry (those needing attention first), the half-year
view and the exception report's sections. Registered in ReportingConfig.ready()."""

from collections import Counter

from django.utils import timezone

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.rollup import rag_counts
from goldenthread.indicators.selectors import completion_for, performance_for
from goldenthread.reporting.blocks import Cell, Column, Paragraph, Section, Table
from goldenthread.reporting.entries import (
    attention_table,
    counts_sentence,
    directions_table,
    entry_for,
    rag_by_theme,
    value_cell,
)
from goldenthread.reporting.sections import Scope
from goldenthread.reporting.selectors import (
    REASONS,
    IndicatorRow,
    Overview,
    indicator_overview,
    return_texts,
)
from goldenthread.strategy.models import ReportingPeriod

APPROVED_ONLY = (
    "Figures are approved returns only: values still in draft or awaiting approval are left out."
)


def summary_section(organisation: Organisation, period: ReportingPeriod, scope: Scope) -> Section:
    overview = indicator_overview(organisation, period, scope)
    blocks: list = [
        Paragraph(f"Performance for {period.name}. {APPROVED_ONLY}"),
        rag_by_theme(overview, "RAG status by theme"),
        directions_table(overview, "Direction of travel since the previous period"),
    ]
    completion = completion_for(
        organisation,
        period,
        timezone.localdate(),
        unit_ids=set(scope.unit_ids) if scope.unit_ids is not None else None,
    )
    if completion:
        blocks.append(
            Table(
                caption=f"Returns for {period.label} by service",
                columns=(
                    Column("Service"),
                    Column("Expected", "number"),
                    Column("Approved", "number"),
                    Column("Awaiting approval", "number"),
                    Column("Draft", "number"),
                    Column("Not started", "number"),
                    Column("Late", "number"),
                ),
                rows=tuple(
                    (
                        Cell(row.unit),
                        *(
                            Cell(str(number), number=number)
                            for number in (
                                row.expected,
                                row.approved,
                                row.submitted,
                                row.draft,
                                row.not_started,
                                row.late,
                            )
                        ),
                    )
                    for row in completion
                ),
            )
        )
    if overview.attention_rows:
        blocks.append(attention_table(overview.attention_rows, "Indicators needing attention"))
    else:
        blocks.append(Paragraph("No indicator needs attention this period."))
    return Section(
        key="summary",
        title="Summary",
        summary=counts_sentence(overview.counts),
        blocks=tuple(blocks),
    )


def _entries_by_theme(overview: Overview, *, only_attention: bool, key: str) -> list[Section]:
    shown = overview.attention_rows if only_attention else overview.rows
    shown_ids = {row.indicator.pk for row in shown}
    words = return_texts([row.performance for row in shown])
    titles = {theme.pk: theme.title for theme in overview.themes}

    def entries(rows: list[IndicatorRow]) -> tuple:
        return tuple(entry_for(row, words.get(row.indicator.pk), titles) for row in rows)

    sections = []
    for theme in overview.themes:
        rows = [r for r in overview.rows_for_theme(theme.pk) if r.indicator.pk in shown_ids]
        if only_attention and not rows:
            continue
        if rows:
            summary = counts_sentence(overview.theme_counts(theme.pk))
        else:
            summary = "No indicator measures this theme yet."
        sections.append(
            Section(
                key=f"{key}-{theme.pk}",
                title=theme.title,
                summary=" ".join(part for part in (theme.statement, summary) if part),
                blocks=entries(rows),
            )
        )
    unthemed = [r for r in overview.rows_for_theme(None) if r.indicator.pk in shown_ids]
    if unthemed:
        sections.append(
            Section(
                key=f"{key}-other",
                title="Indicators not linked to a theme",
                summary=counts_sentence(rag_counts(row.rag for row in unthemed)),
                blocks=entries(unthemed),
            )
        )
    return sections


def theme_sections(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> list[Section]:
    """A section a theme: every indicator reported under it, those needing attention first."""
    return _entries_by_theme(
        indicator_overview(organisation, period, scope), only_attention=False, key="theme"
    )


def half_year_section(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> Section | None:
    """Both quarters of the half-year side by side, for the Cabinet."""
    overview = indicator_overview(organisation, period, scope)
    earlier = (
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency=period.frequency, end_date__lt=period.start_date
        )
        .order_by("-end_date")
        .first()
    )
    if earlier is None:
        return None
    before = performance_for([row.indicator for row in overview.rows], earlier)
    rows = []
    for row in overview.rows:
        first = before[row.indicator.pk].current if row.indicator.pk in before else None
        rows.append(
            (
                Cell(
                    f"{row.indicator.code} {row.indicator.title}",
                    url=row.indicator.get_absolute_url(),
                ),
                value_cell(row, first) if first is not None else Cell("No data"),
                Cell(first.rag.status.value if first is not None else "no_data"),
                value_cell(row),
                Cell(row.rag.value),
                Cell(row.performance.since_previous.value),
            )
        )
    return Section(
        key="half-year",
        title=f"The half-year: {earlier.label} and {period.label}",
        summary=f"Each indicator's approved figure for {earlier.name} and {period.name}.",
        blocks=(
            Table(
                caption=f"Indicators in {earlier.label} and {period.label}",
                columns=(
                    Column("Indicator"),
                    Column(earlier.label, "number"),
                    Column(f"Status {earlier.label}", "rag"),
                    Column(period.label, "number"),
                    Column(f"Status {period.label}", "rag"),
                    Column("Since the previous period", "direction"),
                ),
                rows=tuple(rows),
            ),
        ),
    )


def attention_summary_section(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> Section:
    """The exception report's opening: how many need attention, and why."""
    overview = indicator_overview(organisation, period, scope)
    reasons = Counter(reason for row in overview.attention_rows for reason in row.attention)
    count, total = len(overview.attention_rows), len(overview.rows)
    return Section(
        key="attention-summary",
        title="Summary",
        summary=f"{count} of {total} indicator{'s' if total != 1 else ''} need attention in "
        f"{period.name}.",
        blocks=(
            Paragraph(
                "An indicator needs attention when it is red, needs a recovery plan, shows "
                "concerning special cause variation, is declining since the previous period or "
                f"its return is overdue. {APPROVED_ONLY}"
            ),
            Table(
                caption="Why indicators need attention",
                columns=(Column("Reason"), Column("Indicators", "number")),
                rows=tuple(
                    (Cell(label), Cell(str(reasons[key]), number=reasons[key]))
                    for key, label in REASONS.items()
                ),
            ),
        ),
    )


def attention_sections(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> list[Section]:
    """The exception report's indicators: only those needing attention, by theme."""
    return _entries_by_theme(
        indicator_overview(organisation, period, scope), only_attention=True, key="attention"
    )
