"""Reads for appraisals. Whoever asks, pages that go beyond one person's own line-management
chain get counts, never content."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.accounts.selectors import service_of
from goldenthread.calculations.appraisal import completion_percent
from goldenthread.people.models import Appraisal, AppraisalObjective, TrainingNeed


def appraisal_year(organisation: Organisation) -> int:
    today = timezone.localdate()
    return today.year if today.month >= organisation.year_start_month else today.year - 1


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def appraisal_for(user: User, organisation: Organisation, pk: int) -> Appraisal | None:
    """The appraisal, if this person may see it; None whether it is missing or private, so
    the page cannot reveal that it exists."""
    appraisal = (
        Appraisal.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation", "employee__line_manager", "manager")
        .first()
    )
    if appraisal is None or not permissions.can_view_appraisal(user, appraisal):
        return None
    return appraisal


def employees(organisation: Organisation) -> QuerySet[User]:
    """The people who are appraised: active staff with a unit and a line manager."""
    return User.objects.filter(
        organisation=organisation,
        is_active=True,
        org_unit__isnull=False,
        line_manager__isnull=False,
    ).select_related("org_unit", "line_manager")


def reports_of(manager: User, organisation: Organisation) -> list[User]:
    """Everyone below this person in the line-management chain."""
    staff = list(employees(organisation))
    below: dict[int, list[User]] = defaultdict(list)
    for person in staff:
        below[person.line_manager_id].append(person)  # type: ignore[index]
    found: list[User] = []
    stack = list(below.get(manager.pk, []))
    seen: set[int] = set()
    while stack:
        person = stack.pop()
        if person.pk in seen:
            continue
        seen.add(person.pk)
        found.append(person)
        stack.extend(below.get(person.pk, []))
    return sorted(found, key=lambda p: (p.last_name, p.first_name))


@dataclass(frozen=True)
class ServiceCompletion:
    service: OrgUnit
    staff: int
    started: int
    agreed: int
    mid_year: int
    complete: int

    @property
    def percent(self) -> Decimal | None:
        return completion_percent(self.complete, self.staff)


STAGES_REACHED = {
    Appraisal.Status.PLANNING: 0,
    Appraisal.Status.AGREED: 1,
    Appraisal.Status.MID_YEAR: 2,
    Appraisal.Status.COMPLETE: 3,
}


def completion_by_service(organisation: Organisation, year: int) -> list[ServiceCompletion]:
    """Per service: staff, and how many appraisals have reached each stage (counts only)."""
    units = {u.pk: u for u in OrgUnit.objects.filter(organisation=organisation)}
    stage = dict(
        Appraisal.objects.filter(organisation=organisation, year=year).values_list(
            "employee_id", "status"
        )
    )
    tallies: dict[int, Counter] = defaultdict(Counter)
    for person in employees(organisation):
        service = service_of(organisation, units, person.org_unit_id)
        if service is None:
            continue
        tally = tallies[service.pk]
        tally["staff"] += 1
        if person.pk in stage:
            reached = STAGES_REACHED[stage[person.pk]]
            tally["started"] += 1
            tally["agreed"] += reached >= 1
            tally["mid_year"] += reached >= 2
            tally["complete"] += reached >= 3
    return [
        ServiceCompletion(
            units[pk],
            tally["staff"],
            tally["started"],
            tally["agreed"],
            tally["mid_year"],
            tally["complete"],
        )
        for pk, tally in sorted(tallies.items(), key=lambda item: units[item[0]].name)
    ]


def training_summary(
    organisation: Organisation, year: int
) -> tuple[list[str], list[tuple[OrgUnit, list[int], int]], list[int]]:
    """Training needs counted by service and category, for training planning."""
    units = {u.pk: u for u in OrgUnit.objects.filter(organisation=organisation)}
    categories = TrainingNeed.Category
    counts: dict[int, Counter] = defaultdict(Counter)
    for unit_id, category in TrainingNeed.objects.filter(
        appraisal__organisation=organisation, appraisal__year=year
    ).values_list("appraisal__employee__org_unit_id", "category"):
        service = service_of(organisation, units, unit_id)
        if service is not None:
            counts[service.pk][category] += 1
    rows = [
        (
            units[pk],
            [counter[value] for value in categories.values],
            sum(counter.values()),
        )
        for pk, counter in sorted(counts.items(), key=lambda item: units[item[0]].name)
    ]
    totals = [sum(row[1][i] for row in rows) for i in range(len(categories.values))]
    return list(categories.labels), rows, totals


def appraisal_objective_counts(objective_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Appraisal objectives hanging on each objective: (direct, through an indicator or an
    action). Counts only."""
    from goldenthread.delivery.models import ActionObjective
    from goldenthread.indicators.models import IndicatorObjective

    direct = Counter(
        AppraisalObjective.objects.filter(objective_id__in=objective_ids).values_list(
            "objective_id", flat=True
        )
    )
    indirect: Counter = Counter()
    via_indicator = defaultdict(set)
    for indicator_id, objective_id in IndicatorObjective.objects.filter(
        objective_id__in=objective_ids
    ).values_list("indicator_id", "objective_id"):
        via_indicator[indicator_id].add(objective_id)
    for indicator_id in AppraisalObjective.objects.filter(
        indicator_id__in=via_indicator
    ).values_list("indicator_id", flat=True):
        for objective_id in via_indicator[indicator_id]:
            indirect[objective_id] += 1
    via_action = defaultdict(set)
    for action_id, objective_id in ActionObjective.objects.filter(
        objective_id__in=objective_ids
    ).values_list("action_id", "objective_id"):
        via_action[action_id].add(objective_id)
    for action_id in AppraisalObjective.objects.filter(action_id__in=via_action).values_list(
        "action_id", flat=True
    ):
        for objective_id in via_action[action_id]:
            indirect[objective_id] += 1
    return {pk: (direct[pk], indirect[pk]) for pk in objective_ids if direct[pk] or indirect[pk]}
