"""The sections of the annual report (laid out like the Council Plan: themes, their
objectives and the indicators measuring them, with highlights and case studies) and of the
Best Value Performance Plan statement (objectives, performance and comparisons, targets,
action plans, review programme). Registered in ReportingConfig.ready().

Both report on a year: `period` is an annual ReportingPeriod, and each indicator's value is
its year, rolled up from its months or quarters by its aggregation rule.
"""

import calendar
from collections import Counter, defaultdict

from goldenthread.accounts.models import Organisation
from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.trend import Direction
from goldenthread.indicators.models import Indicator, Target
from goldenthread.indicators.selectors import Performance, Point, performance_for
from goldenthread.reporting.blocks import (
    BulletList,
    Cell,
    Column,
    Heading,
    Paragraph,
    Section,
    Table,
)
from goldenthread.reporting.entries import (
    counts_sentence,
    directions_table,
    entry_for,
    rag_by_theme,
    target_cell,
    target_text,
    value_cell,
)
from goldenthread.reporting.indicator_sections import APPROVED_ONLY
from goldenthread.reporting.sections import Scope
from goldenthread.reporting.selectors import (
    IndicatorRow,
    Overview,
    indicator_overview,
    return_texts,
)
from goldenthread.strategy.models import Objective, PlanningStage, ReportingPeriod


def _rows_in(overview: Overview, theme_id: int) -> list[IndicatorRow]:
    return [row for row in overview.rows if theme_id in row.theme_ids]


def _objectives(overview: Overview) -> dict[int, list[Objective]]:
    """The Council Plan objectives of each of the scope's themes, in order."""
    found: dict[int, list[Objective]] = defaultdict(list)
    for objective in (
        Objective.objects.filter(theme__in=[theme.pk for theme in overview.themes])
        .select_related("owner")
        .order_by("order", "title")
    ):
        found[objective.theme_id].append(objective)  # type: ignore[index]
    return found


def _year(period: ReportingPeriod, offset: int) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(
        organisation_id=period.organisation_id, frequency="annual", year=period.year + offset
    ).first()


def _name(row: IndicatorRow) -> str:
    return f"{row.indicator.code} {row.indicator.title}"


def _objective_name(objective: Objective) -> str:
    return " ".join(part for part in (objective.code, objective.title) if part)


def _indicator_cell(row: IndicatorRow) -> Cell:
    return Cell(_name(row), url=row.indicator.get_absolute_url())


# The annual report ---------------------------------------------------------------------------


def annual_overview_section(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> Section:
    overview = indicator_overview(organisation, period, scope)
    return Section(
        key="year-at-a-glance",
        title="The year at a glance",
        summary=counts_sentence(overview.counts),
        blocks=(
            Paragraph(
                f"How we did in {period.name} against the Council Plan, theme by theme. Each "
                f"indicator's figure is for the whole year. {APPROVED_ONLY}"
            ),
            rag_by_theme(overview, "RAG status by theme for the year"),
            directions_table(overview, "Direction of travel since last year"),
        ),
    )


def _highlights(rows: list[IndicatorRow]) -> list[str]:
    """Indicators on target and better than last year."""
    return [
        f"{_name(row)}: {row.indicator.format_value(row.performance.current.value)}, "
        f"against a target of {target_text(row)}, better than last year."
        for row in rows
        if row.rag == RagStatus.GREEN
        and row.performance.since_previous == Direction.IMPROVING
        and row.performance.current is not None
    ]


def annual_theme_sections(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> list[Section]:
    """A section a theme, as the Council Plan sets it out: its highlights, then each
    objective with the indicators measuring it, then case studies from the qualitative
    indicators."""
    overview = indicator_overview(organisation, period, scope)
    words = return_texts([row.performance for row in overview.rows])
    titles = {theme.pk: theme.title for theme in overview.themes}
    objectives = _objectives(overview)
    sections = []
    for theme in overview.themes:
        rows = _rows_in(overview, theme.pk)
        blocks: list = []
        if highlights := _highlights(rows):
            blocks += [Heading("Highlights"), BulletList(tuple(highlights))]
        for objective in objectives.get(theme.pk, []):
            measuring = [
                row
                for row in rows
                if objective.pk in overview.thread.objectives.get(row.indicator.pk, set())
                and not row.indicator.is_qualitative
            ]
            blocks.append(Heading(_objective_name(objective)))
            if objective.success_measure:
                blocks.append(Paragraph(f"How we will know: {objective.success_measure}."))
            if not measuring:
                blocks.append(Paragraph("No indicator measures this objective yet."))
            blocks += [entry_for(row, words.get(row.indicator.pk), titles) for row in measuring]
        for row in rows:
            text = words.get(row.indicator.pk)
            if row.indicator.is_qualitative and text is not None and text.narrative:
                blocks += [Heading(f"Case study: {row.indicator.title}"), Paragraph(text.narrative)]
                if text.commentary:
                    blocks.append(Paragraph(text.commentary))
        sections.append(
            Section(
                key=f"annual-theme-{theme.pk}",
                title=theme.title,
                summary=" ".join(
                    p
                    for p in (theme.statement, counts_sentence(overview.theme_counts(theme.pk)))
                    if p
                ),
                blocks=tuple(blocks),
            )
        )
    return sections


# The Best Value Performance Plan ---------------------------------------------------------------


def bvpp_objectives_section(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> Section:
    overview = indicator_overview(organisation, period, scope)
    objectives = _objectives(overview)
    measured = Counter(
        objective_id
        for row in overview.rows
        for objective_id in overview.thread.objectives.get(row.indicator.pk, ())
    )
    blocks: list = [
        Paragraph(
            "The Council Plan's objectives, by theme: what we set out to achieve, how we will "
            "know, and who leads each."
        )
    ]
    for theme in overview.themes:
        blocks.append(Heading(theme.title))
        if theme.statement:
            blocks.append(Paragraph(theme.statement))
        blocks.append(
            Table(
                caption=f"Objectives: {theme.title}",
                columns=(
                    Column("Objective"),
                    Column("How we will know"),
                    Column("Lead officer"),
                    Column("Indicators", "number"),
                ),
                rows=tuple(
                    (
                        Cell(_objective_name(objective), url=objective.get_absolute_url()),
                        Cell(objective.success_measure),
                        Cell(str(objective.owner or "")),
                        Cell(str(count), number=count),
                    )
                    for objective in objectives.get(theme.pk, [])
                    for count in [measured.get(objective.pk, 0)]
                ),
            )
        )
    return Section(
        key="bvpp-objectives",
        title="Our objectives",
        summary=f"{sum(len(o) for o in objectives.values())} objectives under "
        f"{len(overview.themes)} themes.",
        blocks=tuple(blocks),
    )


def bvpp_performance_section(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> Section:
    overview = indicator_overview(organisation, period, scope)
    last_year = _year(period, -1)
    before = (
        performance_for([row.indicator for row in overview.rows], last_year) if last_year else {}
    )
    heading = last_year.label if last_year else "Last year"
    blocks: list = [
        Paragraph(
            f"Each indicator's figure for {period.label} against its target and against "
            f"{heading}. {APPROVED_ONLY}"
        )
    ]
    for theme in overview.themes:
        rows = [row for row in _rows_in(overview, theme.pk) if not row.indicator.is_qualitative]
        if not rows:
            continue
        blocks.append(
            Table(
                caption=f"Performance and comparisons: {theme.title}",
                columns=(
                    Column("Indicator"),
                    Column(heading, "number"),
                    Column(period.label, "number"),
                    Column("Target", "number"),
                    Column("Status", "rag"),
                    Column("Since last year", "direction"),
                ),
                rows=tuple(
                    (
                        _indicator_cell(row),
                        value_cell(row, earlier)
                        if (earlier := _current(before, row)) is not None
                        else Cell("No data"),
                        value_cell(row),
                        target_cell(row),
                        Cell(row.rag.value),
                        Cell(row.performance.since_previous.value),
                    )
                    for row in rows
                ),
            )
        )
    return Section(
        key="bvpp-performance",
        title="Performance and comparisons",
        summary=counts_sentence(overview.counts),
        blocks=tuple(blocks),
    )


def _current(performances: dict[int, Performance], row: IndicatorRow) -> Point | None:
    found = performances.get(row.indicator.pk)
    return found.current if found is not None else None


def bvpp_targets_section(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> Section:
    overview = indicator_overview(organisation, period, scope)
    years = [year for offset in (1, 2) if (year := _year(period, offset)) is not None]
    newest: dict[tuple[int, int], Target] = {}
    for target in Target.objects.filter(
        indicator_id__in=[row.indicator.pk for row in overview.rows], period__in=years
    ).order_by("version"):
        newest[(target.indicator_id, target.period_id)] = target
    rows = []
    for row in overview.rows:
        indicator = row.indicator
        if indicator.is_qualitative:
            continue
        ahead = []
        for year in years:
            target = newest.get((indicator.pk, year.pk))
            value = target.value if target is not None else None
            ahead.append(
                Cell(
                    indicator.format_value(value) if value is not None else "Not set",
                    number=value,
                    unit=indicator.unit,
                    decimal_places=indicator.decimal_places,
                )
            )
        long_term = indicator.long_term_target
        rows.append(
            (
                _indicator_cell(row),
                target_cell(row),
                *ahead,
                Cell(
                    f"{indicator.format_value(long_term)} by {indicator.long_term_target_year}"
                    if long_term is not None
                    else "Not set"
                ),
                Cell(indicator.target_rationale),
            )
        )
    return Section(
        key="bvpp-targets",
        title="Targets",
        summary=f"This year's targets and those set for the next {len(years)} years.",
        blocks=(
            Table(
                caption="Targets by indicator",
                columns=(
                    Column("Indicator"),
                    Column(period.label, "number"),
                    *(Column(year.label, "number") for year in years),
                    Column("Long-term target"),
                    Column("Why this target"),
                ),
                rows=tuple(rows),
            ),
        ),
    )


def bvpp_remedial_section(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> Section:
    overview = indicator_overview(organisation, period, scope)
    words = return_texts([row.performance for row in overview.attention_rows])
    return Section(
        key="bvpp-action-plans",
        title="Action plans for indicators needing attention",
        summary=f"{len(overview.attention_rows)} indicators need attention; the remedial action "
        "recorded with each one's latest approved return in the year.",
        blocks=(
            Table(
                caption="Remedial action by indicator",
                columns=(
                    Column("Indicator"),
                    Column("Status", "rag"),
                    Column("Why it needs attention"),
                    Column("Remedial action"),
                    Column("Lead officer"),
                ),
                rows=tuple(
                    (
                        _indicator_cell(row),
                        Cell(row.rag.value),
                        Cell("; ".join(row.reasons)),
                        Cell(
                            text.remedial_action
                            if (text := words.get(row.indicator.pk)) and text.remedial_action
                            else "None recorded"
                        ),
                        Cell(row.owner),
                    )
                    for row in overview.attention_rows
                ),
            ),
        ),
    )


def bvpp_review_section(
    organisation: Organisation, period: ReportingPeriod, scope: Scope
) -> Section:
    """The planning and review cycle, and the indicators due their annual review next year."""
    overview = indicator_overview(organisation, period, scope)
    next_year = _year(period, 1)
    stages = PlanningStage.objects.filter(
        organisation=organisation, cycle=PlanningStage.Cycle.COUNCIL_PLAN
    ).order_by("order")
    due = (
        Indicator.objects.filter(
            pk__in=[row.indicator.pk for row in overview.rows],
            review_date__gte=next_year.start_date,
            review_date__lte=next_year.end_date,
        )
        .select_related("owner")
        .order_by("review_date", "code")
        if next_year is not None
        else Indicator.objects.none()
    )

    def months(stage: PlanningStage) -> str:
        first, last = calendar.month_name[stage.start_month], calendar.month_name[stage.end_month]
        return first if first == last else f"{first} to {last}"

    return Section(
        key="bvpp-review",
        title="Review programme",
        summary="When the plan is reviewed, and which indicators' definitions and targets are "
        "reviewed next year.",
        blocks=(
            Table(
                caption="The planning and review cycle",
                columns=(Column("Stage"), Column("When")),
                rows=tuple((Cell(stage.name), Cell(months(stage))) for stage in stages),
            ),
            Table(
                caption=f"Indicators due their annual review in {next_year.label}"
                if next_year
                else "Indicators due their annual review",
                columns=(Column("Indicator"), Column("Review date"), Column("Lead officer")),
                rows=tuple(
                    (
                        Cell(
                            f"{indicator.code} {indicator.title}", url=indicator.get_absolute_url()
                        ),
                        Cell(f"{indicator.review_date:%-d %B %Y}"),
                        Cell(str(indicator.owner or "Not assigned")),
                    )
                    for indicator in due
                ),
            ),
        ),
    )
