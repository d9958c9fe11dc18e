"""RAG counts rolled up the golden thread: per objective, theme, service and committee.

An indicator counts towards every objective it measures, towards the themes above those
objectives (following the thread up), towards the service that owns it, and towards every
committee overseeing one of its themes. Counting comes from calculations.rollup.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.urls import reverse

from goldenthread.accounts.models import Committee, Organisation, OrgUnit
from goldenthread.accounts.selectors import service_of, sharing_organisation
from goldenthread.calculations.rollup import RagCounts, rag_counts
from goldenthread.indicators.models import Indicator, IndicatorObjective
from goldenthread.indicators.selectors import Performance, performance_for
from goldenthread.strategy.models import Objective, ObjectiveLink, ReportingPeriod, Theme


@dataclass(frozen=True)
class RollUp:
    name: str
    url: str
    counts: RagCounts


@dataclass(frozen=True)
class RollUps:
    by_theme: list[RollUp]
    by_service: list[RollUp]
    by_committee: list[RollUp]
    by_objective: list[RollUp]
    overall: RagCounts
    performance: dict[int, Performance]


def _themes_above(
    objective_id: int, parents: dict[int, list[int]], theme_of: dict[int, int | None]
) -> set[int]:
    found: set[int] = set()
    seen: set[int] = set()
    stack = [objective_id]
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        if theme_of.get(current):
            found.add(theme_of[current])  # type: ignore[arg-type]
        stack.extend(parents.get(current, []))
    return found


def rag_rollups(organisation: Organisation, period: ReportingPeriod) -> RollUps:
    indicators = sharing_organisation(  # one organisation object for all, not a join
        Indicator.objects.filter(organisation=organisation, is_active=True), organisation
    )
    performance = performance_for(indicators, period)
    status = {pk: result.rag for pk, result in performance.items()}
    objectives = {
        o.pk: o for o in Objective.objects.filter(organisation=organisation).select_related("plan")
    }
    theme_of = {pk: o.theme_id for pk, o in objectives.items()}
    parents: dict[int, list[int]] = defaultdict(list)
    for child, parent in ObjectiveLink.objects.filter(child__organisation=organisation).values_list(
        "child_id", "parent_id"
    ):
        parents[child].append(parent)

    per_objective: dict[int, set[int]] = defaultdict(set)
    per_theme: dict[int, set[int]] = defaultdict(set)
    for indicator_id, objective_id in IndicatorObjective.objects.filter(
        indicator__organisation=organisation, indicator__is_active=True
    ).values_list("indicator_id", "objective_id"):
        per_objective[objective_id].add(indicator_id)
        for theme_id in _themes_above(objective_id, parents, theme_of):
            per_theme[theme_id].add(indicator_id)

    units = {u.pk: u for u in OrgUnit.objects.filter(organisation=organisation)}
    per_service: dict[int, set[int]] = defaultdict(set)
    for indicator in indicators:
        service = service_of(organisation, units, indicator.org_unit_id)
        if service is not None:
            per_service[service.pk].add(indicator.pk)

    themes = {
        t.pk: t for t in Theme.objects.filter(organisation=organisation).select_related("plan")
    }
    per_committee: dict[int, set[int]] = defaultdict(set)
    for committee_id, theme_id in Committee.themes.through.objects.filter(
        committee__organisation=organisation
    ).values_list("committee_id", "theme_id"):
        per_committee[committee_id] |= per_theme.get(theme_id, set())
    committees = {c.pk: c for c in Committee.objects.filter(organisation=organisation)}

    def counts(ids: set[int]) -> RagCounts:
        return rag_counts(status[i] for i in ids)

    return RollUps(
        by_theme=[
            RollUp(themes[pk].title, themes[pk].get_absolute_url(), counts(ids))
            for pk, ids in sorted(
                per_theme.items(), key=lambda item: (themes[item[0]].order, themes[item[0]].title)
            )
            if pk in themes and themes[pk].plan.status != "superseded"
        ],
        by_service=[
            RollUp(
                units[pk].name,
                reverse("indicators:indicator_list") + f"?unit={pk}&period={period.label}",
                counts(ids),
            )
            for pk, ids in sorted(per_service.items(), key=lambda item: units[item[0]].name)
        ],
        by_committee=[
            RollUp(committees[pk].name, committees[pk].get_absolute_url(), counts(ids))
            for pk, ids in sorted(per_committee.items(), key=lambda item: committees[item[0]].name)
        ],
        by_objective=[
            RollUp(objectives[pk].title, objectives[pk].get_absolute_url(), counts(ids))
            for pk, ids in sorted(
                per_objective.items(),
                key=lambda item: (objectives[item[0]].plan.level, objectives[item[0]].title),
            )
        ],
        overall=rag_counts(status.values()),
        performance=performance,
    )
