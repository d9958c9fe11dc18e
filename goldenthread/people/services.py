"""Writes for appraisals: start, objectives (each on the golden thread), agreement, mid-year
and year-end reviews, training needs, and the completion rate written to the corporate
indicator through the indicators' own return service."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import IndicatorReturn
from goldenthread.people.models import (
    Appraisal,
    AppraisalObjective,
    AppraisalSettings,
    ObjectiveProgress,
    RatingLevel,
    Review,
    TrainingNeed,
)
from goldenthread.strategy.models import ReportingPeriod

Status = Appraisal.Status


def appraisal_settings_for(organisation: Organisation) -> AppraisalSettings:
    found, _created = AppraisalSettings.objects.get_or_create(organisation=organisation)
    return found


def _require_manager(user: User, appraisal: Appraisal) -> None:
    if not permissions.can_manage_appraisal(user, appraisal):
        raise PermissionDenied("Only the employee's line-management chain can do this.")


@transaction.atomic
def appraisal_start(*, employee: User, year: int, user: User) -> Appraisal:
    """Opens an employee's appraisal for the year with their current line manager."""
    if not permissions.can_start_appraisal(user, employee):
        raise PermissionDenied("Only the employee's line-management chain can start it.")
    if employee.line_manager_id is None:
        raise ValidationError(f"{employee} has no line manager to hold the appraisal.")
    if Appraisal.objects.filter(employee=employee, year=year).exists():
        raise ValidationError(f"{employee} already has an appraisal for {year}.")
    return Appraisal.objects.create(
        organisation=employee.organisation,
        employee=employee,
        manager=employee.line_manager,
        year=year,
    )


@transaction.atomic
def appraisal_objective_save(*, objective: AppraisalObjective, user: User) -> AppraisalObjective:
    """Adds or changes an individual objective, linked to exactly one team or service
    objective, indicator or action of the same organisation."""
    appraisal = objective.appraisal
    _require_manager(user, appraisal)
    if appraisal.status == Status.COMPLETE:
        raise ValidationError("The year-end review has been held; objectives are closed.")
    linked = objective.linked_to
    objective.full_clean()
    if linked is not None and linked.organisation_id != appraisal.organisation_id:
        raise ValidationError("Link the objective to something of the same organisation.")
    objective.save()
    return objective


@transaction.atomic
def appraisal_objectives_agree(*, appraisal: Appraisal, on: date, user: User) -> Appraisal:
    """Manager and employee agree the year's objectives."""
    _require_manager(user, appraisal)
    locked = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    if locked.status != Status.PLANNING:
        raise ValidationError("The objectives have already been agreed.")
    if not locked.objectives.exists():
        raise ValidationError("Add at least one objective before agreeing them.")
    locked.status = Status.AGREED
    locked.objectives_agreed_on = on
    locked.save()
    return locked


@dataclass(frozen=True)
class ReviewData:
    stage: str
    held_on: date
    summary: str
    rating: RatingLevel | None
    employee_comments: str
    progress: dict[int, tuple[str, RatingLevel | None]]  # appraisal objective id → text, rating


@transaction.atomic
def review_record(*, appraisal: Appraisal, data: ReviewData, user: User) -> Review:
    """Records a mid-year (after the objectives are agreed) or year-end review (after the
    mid-year). Every objective needs its progress; a year-end review needs an overall rating
    and a rating for each objective. The year-end review updates the completion indicator."""
    _require_manager(user, appraisal)
    locked = Appraisal.objects.select_for_update().get(pk=appraisal.pk)
    needed = {Review.Stage.MID_YEAR: Status.AGREED, Review.Stage.YEAR_END: Status.MID_YEAR}
    if data.stage not in needed:
        raise ValidationError("Choose the mid-year or the year-end review.")
    if locked.status != needed[data.stage]:
        raise ValidationError(
            "Agree the objectives before the mid-year review."
            if data.stage == Review.Stage.MID_YEAR
            else "Hold the mid-year review before the year-end review."
        )
    year_end = data.stage == Review.Stage.YEAR_END
    errors: dict[str, str] = {}
    if not data.summary.strip():
        errors["summary"] = "Summarise the review."
    if year_end and data.rating is None:
        errors["rating"] = "Give the overall rating for the year."
    for rating in [data.rating, *(r for _t, r in data.progress.values())]:
        if rating is not None and rating.organisation_id != locked.organisation_id:
            errors["rating"] = "Use your organisation's rating scale."
    objectives = list(locked.objectives.all())
    for objective in objectives:
        text, rating = data.progress.get(objective.pk, ("", None))
        if not text.strip():
            errors[f"progress_{objective.pk}"] = f"Say what progress “{objective}” has made."
        if year_end and rating is None:
            errors[f"rating_{objective.pk}"] = f"Rate “{objective}” for the year."
    if errors:
        raise ValidationError(errors)
    review = Review.objects.create(
        appraisal=locked,
        stage=data.stage,
        held_on=data.held_on,
        summary=data.summary.strip(),
        rating=data.rating,
        employee_comments=data.employee_comments.strip(),
        recorded_by=user,
    )
    for objective in objectives:
        text, rating = data.progress[objective.pk]
        ObjectiveProgress.objects.create(
            review=review, objective=objective, progress=text.strip(), rating=rating
        )
    locked.status = Status.COMPLETE if year_end else Status.MID_YEAR
    locked.save()
    if year_end:
        appraisal_completion_feed(organisation=locked.organisation, year=locked.year)
    return review


@transaction.atomic
def training_need_add(
    *, appraisal: Appraisal, category: str, description: str, priority: str, user: User
) -> TrainingNeed:
    """The employee or their managers record a training or development need."""
    if not permissions.can_view_appraisal(user, appraisal):
        raise PermissionDenied("Only the employee and their managers can add training needs.")
    need = TrainingNeed(
        appraisal=appraisal, category=category, description=description.strip(), priority=priority
    )
    need.full_clean()
    need.save()
    return need


def appraisal_completion_feed(*, organisation: Organisation, year: int) -> IndicatorReturn | None:
    """Writes the year's completion rate (year-end reviews held ÷ staff, as numerator and
    denominator, with the counts per service as commentary) to the completion indicator,
    through the indicators' return service, as a draft its lead officer submits. A return
    already submitted or approved is left alone; None when nothing was written."""
    from goldenthread.people.selectors import completion_by_service

    indicator = appraisal_settings_for(organisation).completion_indicator
    if indicator is None or indicator.owner is None:
        return None
    period = (
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency=indicator.frequency, year=year
        )
        .order_by("-number")
        .first()
    )
    if period is None:
        return None
    indicator_return, _created = IndicatorReturn.objects.get_or_create(
        indicator=indicator, period=period
    )
    if indicator_return.status != IndicatorReturn.Status.DRAFT:
        return None
    rows = completion_by_service(organisation, year)
    staff = sum(row.staff for row in rows)
    if not staff:
        return None
    done = sum(row.complete for row in rows)
    breakdown = "; ".join(f"{row.service.name} {row.complete} of {row.staff}" for row in rows)
    return indicator_services.return_save(
        indicator_return=indicator_return,
        data=indicator_services.ReturnData(
            numerator=Decimal(done),
            denominator=Decimal(staff),
            commentary=f"Year-end reviews held, by service: {breakdown}.",
            source_quoted="Golden Thread appraisal records",
            prepared_by="Calculated from appraisals",
            prepared_on=None,
            method_followed=True,
        ),
        user=indicator.owner,
    )
