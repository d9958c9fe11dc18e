"""Writes to the strategic framework. Views and commands call these; they hold the rules."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from goldenthread.accounts.models import Organisation, User
from goldenthread.calculations import periods as period_rules
from goldenthread.strategy.models import Objective, ObjectiveLink, Plan, ReportingPeriod

FREQUENCIES = {
    ReportingPeriod.Frequency.MONTHLY: period_rules.Frequency.MONTHLY,
    ReportingPeriod.Frequency.QUARTERLY: period_rules.Frequency.QUARTERLY,
    ReportingPeriod.Frequency.ANNUAL: period_rules.Frequency.ANNUAL,
}


def reporting_periods_ensure(*, organisation: Organisation, year: int) -> list[ReportingPeriod]:
    """Creates any missing months, quarters and the year itself for financial year `year`.

    Dates come from the pure period rules and the organisation's year start month.
    Safe to run again: existing periods are left as they are.
    """
    wanted = []
    for frequency, rule in FREQUENCIES.items():
        for number in range(1, period_rules.periods_in_year(rule) + 1):
            key = period_rules.PeriodKey(year=year, frequency=rule, number=number)
            start = period_rules.start_date(key, year_start_month=organisation.year_start_month)
            end = period_rules.end_date(key, year_start_month=organisation.year_start_month)
            wanted.append(
                ReportingPeriod(
                    organisation=organisation,
                    frequency=frequency,
                    year=year,
                    number=number,
                    label=key.label,
                    start_date=start,
                    end_date=end,
                )
            )
    ReportingPeriod.objects.bulk_create(wanted, ignore_conflicts=True)
    return list(ReportingPeriod.objects.filter(organisation=organisation, year=year))


def _would_cycle(child: Objective, parent: Objective) -> bool:
    """True if `child` is already above `parent`, so linking them would close a loop."""
    frontier, seen = [parent.pk], set()
    while frontier:
        current = frontier.pop()
        if current == child.pk:
            return True
        if current in seen:
            continue
        seen.add(current)
        frontier.extend(
            ObjectiveLink.objects.filter(child_id=current).values_list("parent_id", flat=True)
        )
    return False


def objective_link_add(*, child: Objective, parent: Objective, kind: str) -> ObjectiveLink:
    """Links an objective to one above it. The thread must stay within one organisation and
    must not loop; the objective above must be at the same or a higher level of the cascade."""
    if child.organisation_id != parent.organisation_id:
        raise ValidationError("Objectives can only be linked within one organisation.")
    if child.pk == parent.pk:
        raise ValidationError("An objective cannot contribute to itself.")
    if parent.plan.level > child.plan.level:
        raise ValidationError(
            f"“{parent}” is in a {parent.plan.get_kind_display().lower()}, below "
            f"“{child}”'s {child.plan.get_kind_display().lower()}: link to objectives above."
        )
    if _would_cycle(child, parent):
        raise ValidationError(f"“{parent}” already contributes to “{child}”: that would loop.")
    link, _created = ObjectiveLink.objects.update_or_create(
        child=child, parent=parent, defaults={"kind": kind}
    )
    return link


@transaction.atomic
def objective_save(
    *, objective: Objective, parents: list[tuple[Objective, str]] | None = None
) -> Objective:
    """Saves an objective and, when given, replaces its links to the objectives above."""
    objective.full_clean()
    objective.save()
    if parents is not None:
        keep = {parent.pk for parent, _kind in parents}
        ObjectiveLink.objects.filter(child=objective).exclude(parent_id__in=keep).delete()
        for parent, kind in parents:
            objective_link_add(child=objective, parent=parent, kind=kind)
    return objective


@transaction.atomic
def plan_approve(*, plan: Plan, approved_by: str, approved_on: date) -> Plan:
    """Records approval; an approved plan supersedes the version before it."""
    plan.status = Plan.Status.APPROVED
    plan.approved_by = approved_by
    plan.approved_on = approved_on
    plan.full_clean()
    plan.save()
    if plan.previous_version_id:
        Plan.objects.filter(pk=plan.previous_version_id).update(status=Plan.Status.SUPERSEDED)
    return plan


@transaction.atomic
def plan_new_version(*, plan: Plan, user: User) -> Plan:
    """A draft copy of a plan, with its themes and objectives, to revise for the next cycle.

    The copy's objectives keep their links to the objectives above, so the thread holds;
    the approved version is left untouched until the new one is approved.
    """
    if hasattr(plan, "next_version"):
        raise ValidationError(f"Version {plan.next_version.version} of this plan already exists.")
    themes = list(plan.themes.all())
    objectives = list(plan.objectives.prefetch_related("links_up"))
    draft = Plan.objects.get(pk=plan.pk)
    draft.pk = None
    draft.version = plan.version + 1
    draft.previous_version = plan
    draft.status = Plan.Status.DRAFT
    draft.approved_by = ""
    draft.approved_on = None
    draft.save()
    theme_map = {}
    for theme in themes:
        committees = list(theme.committees.all())
        old_pk = theme.pk
        theme.pk = None
        theme.plan = draft
        theme.save()
        theme.committees.set(committees)
        theme_map[old_pk] = theme
    for objective in objectives:
        links = [(link.parent_id, link.kind) for link in objective.links_up.all()]
        objective.pk = None
        objective.plan = draft
        objective.theme = theme_map.get(objective.theme_id)
        objective.save()
        ObjectiveLink.objects.bulk_create(
            ObjectiveLink(child=objective, parent_id=parent_id, kind=kind)
            for parent_id, kind in links
        )
    return draft
