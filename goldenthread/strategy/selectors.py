"""Reads about the framework, plans, themes, objectives and the golden thread."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from goldenthread.accounts.models import Organisation, User
from goldenthread.strategy import thread
from goldenthread.strategy.models import (
    Framework,
    Objective,
    ObjectiveLink,
    Plan,
    PlanningStage,
    ReportingPeriod,
    Theme,
)

OBJECTIVE_LEVEL_LABELS = {
    Plan.Kind.COMMUNITY_PLAN: "Community plan objective",
    Plan.Kind.COUNCIL_PLAN: "Council Plan objective",
    Plan.Kind.DELIVERY_PLAN: "Delivery plan objective",
    Plan.Kind.DIRECTORATE_PLAN: "Directorate plan objective",
    Plan.Kind.SERVICE_PLAN: "Service plan target",
    Plan.Kind.TEAM_PLAN: "Team target",
    Plan.Kind.WORK_PLAN: "Individual work plan",
}


def framework_for(organisation: Organisation) -> Framework | None:
    return (
        Framework.objects.filter(organisation=organisation)
        .prefetch_related("values", "principles")
        .first()
    )


def plans_for_organisation(organisation: Organisation, *, kind: str = "") -> QuerySet[Plan]:
    plans = Plan.objects.filter(organisation=organisation).select_related("org_unit", "owner")
    if kind:
        plans = plans.filter(kind=kind)
    return plans.annotate(objective_count=Count("objectives", distinct=True)).order_by(
        "kind", "-start_date", "title"
    )


def themes_for_plan(plan: Plan) -> QuerySet[Theme]:
    return plan.themes.prefetch_related(
        "committees",
        Prefetch("objectives", queryset=Objective.objects.select_related("owner", "org_unit")),
    )


def objectives_for_organisation(
    organisation: Organisation,
    *,
    theme_id: int | None = None,
    plan_kind: str = "",
    unit_id: int | None = None,
    owner: User | None = None,
    search: str = "",
) -> QuerySet[Objective]:
    objectives = Objective.objects.filter(organisation=organisation).select_related(
        "plan", "theme", "owner", "org_unit"
    )
    if theme_id:
        objectives = objectives.filter(theme_id=theme_id)
    if plan_kind:
        objectives = objectives.filter(plan__kind=plan_kind)
    if unit_id:
        objectives = objectives.filter(org_unit_id=unit_id)
    if owner is not None:
        objectives = objectives.filter(owner=owner)
    if search:
        objectives = objectives.filter(
            Q(title__icontains=search) | Q(code__iexact=search) | Q(description__icontains=search)
        )
    return objectives.order_by("plan__start_date", "theme__order", "order", "title")


@dataclass(frozen=True)
class ObjectiveLinks:
    parents: list[tuple[Objective, str]]
    children: list[tuple[Objective, str]]


def objective_links(objective: Objective) -> ObjectiveLinks:
    """The objectives directly above and below, each with the kind of link."""
    up = ObjectiveLink.objects.filter(child=objective).select_related("parent__plan")
    down = ObjectiveLink.objects.filter(parent=objective).select_related("child__plan")
    return ObjectiveLinks(
        parents=[(link.parent, link.kind) for link in up],
        children=[(link.child, link.kind) for link in down],
    )


def _reachable(start: int, edges: dict[int, list[tuple[int, str]]]) -> set[int]:
    found: set[int] = set()
    stack = [start]
    while stack:
        for neighbour, _kind in edges.get(stack.pop(), []):
            if neighbour not in found:
                found.add(neighbour)
                stack.append(neighbour)
    return found


def golden_thread_for_objective(objective: Objective) -> thread.ThreadNode:
    """The thread through an objective: every chain up to the vision, and everything below it.

    Returns a tree rooted at the vision. Above the objective only its ancestors are
    shown (through their plan and theme); below it, all its descendants. Where an
    objective contributes to two objectives above, it appears under each. Items that
    other apps hang on the objectives (indicators, actions...) are attached to each node.
    Two queries for the objectives and their links, however long the thread.
    """
    organisation = objective.organisation
    objectives = {
        o.pk: o
        for o in Objective.objects.filter(organisation=organisation).select_related(
            "plan", "theme__plan", "owner"
        )
    }
    up: dict[int, list[tuple[int, str]]] = defaultdict(list)
    down: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for child_id, parent_id, kind in ObjectiveLink.objects.filter(
        child__organisation=organisation
    ).values_list("child_id", "parent_id", "kind"):
        up[child_id].append((parent_id, kind))
        down[parent_id].append((child_id, kind))

    ancestors = _reachable(objective.pk, up)
    descendants = _reachable(objective.pk, down)
    shown = ancestors | descendants | {objective.pk}
    items = thread.items_for(sorted(shown))

    def objective_node(pk: int, link_kind: str, path: frozenset[int]) -> thread.ThreadNode:
        current = objectives[pk]
        node = thread.ThreadNode(
            kind="objective",
            level_label=OBJECTIVE_LEVEL_LABELS[current.plan.kind],
            title=current.title,
            url=current.get_absolute_url(),
            link_kind=link_kind,
            is_current=pk == objective.pk,
            object_id=pk,
            items=items.get(pk, []),
        )
        below_current = pk == objective.pk or pk in descendants
        for child_id, kind in sorted(down.get(pk, []), key=lambda edge: objectives[edge[0]].title):
            if child_id in path:
                continue  # a cycle in bad data must not recurse forever
            if below_current or child_id in ancestors or child_id == objective.pk:
                node.children.append(objective_node(child_id, kind, path | {child_id}))
        return node

    framework = Framework.objects.filter(organisation=organisation).first()
    root = thread.ThreadNode(
        kind="vision",
        level_label="Vision",
        title=framework.vision if framework else organisation.name,
        url="/framework/",
    )
    plan_nodes: dict[int, thread.ThreadNode] = {}
    theme_nodes: dict[int, thread.ThreadNode] = {}
    tops = sorted(
        (pk for pk in ancestors | {objective.pk} if not up.get(pk)),
        key=lambda pk: (objectives[pk].plan.level, objectives[pk].title),
    )
    for pk in tops:
        top = objectives[pk]
        plan = top.theme.plan if top.theme else top.plan
        if plan.pk not in plan_nodes:
            plan_nodes[plan.pk] = thread.ThreadNode(
                kind="plan",
                level_label=plan.get_kind_display(),
                title=plan.title,
                url=plan.get_absolute_url(),
                object_id=plan.pk,
            )
            root.children.append(plan_nodes[plan.pk])
        parent = plan_nodes[plan.pk]
        if top.theme:
            if top.theme_id not in theme_nodes:
                theme_nodes[top.theme_id] = thread.ThreadNode(
                    kind="theme",
                    level_label="Theme",
                    title=top.theme.title,
                    url=top.theme.get_absolute_url(),
                    object_id=top.theme_id,
                )
                parent.children.append(theme_nodes[top.theme_id])
            parent = theme_nodes[top.theme_id]
        parent.children.append(objective_node(pk, "", frozenset({pk})))
    return root


@dataclass(frozen=True)
class TimelineStage:
    stage: PlanningStage
    start: date
    end: date
    is_current: bool


def planning_timeline(organisation: Organisation, today: date, cycle: str) -> list[TimelineStage]:
    """The cycle's stages with real dates in the planning year that contains today.

    Stages are stored by month; the planning year runs from the earliest stage's month,
    so a cycle starting in August lays out August to the following July.
    """
    stages = list(PlanningStage.objects.filter(organisation=organisation, cycle=cycle))
    if not stages:
        return []
    first_month = stages[0].start_month
    year = today.year if today.month >= first_month else today.year - 1

    def month_start(month: int) -> date:
        return date(year + (1 if month < first_month else 0), month, 1)

    timeline = []
    for stage in stages:
        start = month_start(stage.start_month)
        end_first = month_start(stage.end_month)
        if end_first < start:  # a stage such as delivery, April to March, wraps into next year
            end_first = date(end_first.year + 1, end_first.month, 1)
        next_month = date(end_first.year + end_first.month // 12, end_first.month % 12 + 1, 1)
        end = date.fromordinal(next_month.toordinal() - 1)
        timeline.append(TimelineStage(stage, start, end, start <= today <= end))
    return timeline


def periods_for_year(organisation: Organisation, year: int) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(organisation=organisation, year=year).order_by(
        "start_date", "-frequency"
    )


def period_current(
    organisation: Organisation, today: date, frequency: str = ReportingPeriod.Frequency.QUARTERLY
) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(
        organisation=organisation, frequency=frequency, start_date__lte=today, end_date__gte=today
    ).first()
