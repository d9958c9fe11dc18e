"""Reads for challenge: meetings with their items, suggestions and follow-up, the scrutiny
work programme, the Best Value review programme, inspections and Turning the Curve
baselines."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch, QuerySet

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.accounts.selectors import unit_descendants
from goldenthread.calculations.curve import curve_forecast
from goldenthread.calculations.review_cycle import ReviewStanding, review_standing
from goldenthread.challenge.models import (
    BestValueReview,
    CurveWorksheet,
    Inspection,
    Meeting,
    MonitorNote,
    ScrutinyTopic,
)
from goldenthread.challenge.suggestions import Suggestion, suggestions_for
from goldenthread.delivery.models import Milestone
from goldenthread.delivery.selectors import ActionRow, action_rows
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import performance_for, period_latest_ended

FORECAST_PERIODS = 4
BASELINE_PERIODS = 12


def actions_of(
    source: Meeting | BestValueReview | Inspection | CurveWorksheet, today: date
) -> list[ActionRow]:
    """The actions the record agreed, with their status today."""
    actions = source.actions.select_related("lead", "org_unit").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.all())
    )
    return action_rows(actions.order_by("code"), today)


# Meetings --------------------------------------------------------------------------------


def meetings_for(organisation: Organisation, *, kind: str = "") -> QuerySet[Meeting]:
    meetings = Meeting.objects.filter(organisation=organisation).select_related(
        "committee", "org_unit", "chair"
    )
    return meetings.filter(kind=kind) if kind else meetings


def meeting_for_page(organisation: Organisation, pk: int) -> Meeting | None:
    return (
        meetings_for(organisation)
        .select_related("organisation")
        .prefetch_related("items")
        .filter(pk=pk)
        .first()
    )


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The meeting of the same kind (and committee) before this one, whose actions this one
    follows up."""
    earlier = Meeting.objects.filter(
        organisation_id=meeting.organisation_id,
        kind=meeting.kind,
        committee_id=meeting.committee_id,
        held_on__lt=meeting.held_on,
    )
    return earlier.order_by("-held_on", "-pk").first()


def suggestions_for_meeting(meeting: Meeting, today: date) -> list[Suggestion]:
    """What the meeting might challenge, within its unit when it has one, less what it has
    already chosen."""
    units = (
        unit_descendants(meeting.organisation, meeting.org_unit_id) if meeting.org_unit_id else None
    )
    chosen = set(meeting.items.values_list("source_key", flat=True))
    return [
        s
        for s in suggestions_for(meeting.organisation, today, unit_ids=units)
        if s.key not in chosen
    ]


# Scrutiny ----------------------------------------------------------------------------------


def work_programme(organisation: Organisation) -> QuerySet[ScrutinyTopic]:
    return ScrutinyTopic.objects.filter(organisation=organisation).select_related(
        "committee", "lead_member"
    )


def monitor_notes(organisation: Organisation) -> QuerySet[MonitorNote]:
    return MonitorNote.objects.filter(organisation=organisation).select_related(
        "committee", "author", "period", "indicator"
    )


# Best Value ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgrammeRow:
    unit: OrgUnit
    last_completed: date | None
    current: BestValueReview | None  # a review under way
    standing: ReviewStanding


def best_value_programme(organisation: Organisation, today: date) -> list[ProgrammeRow]:
    """Every service with where it stands in the five-year cycle, overdue first."""
    services = OrgUnit.objects.filter(organisation=organisation, kind="service").order_by("name")
    last: dict[int, date] = {}
    current: dict[int, BestValueReview] = {}
    for review in BestValueReview.objects.filter(organisation=organisation).order_by("started_on"):
        if review.completed_on is None:
            current[review.org_unit_id] = review
        else:
            last[review.org_unit_id] = max(
                review.completed_on, last.get(review.org_unit_id, date.min)
            )
    rows = [
        ProgrammeRow(
            unit=unit,
            last_completed=last.get(unit.pk),
            current=current.get(unit.pk),
            standing=review_standing(
                today=today, last_completed=last.get(unit.pk), in_progress=unit.pk in current
            ),
        )
        for unit in services
    ]
    order = ["overdue", "due", "in_progress", "up_to_date"]
    return sorted(rows, key=lambda row: order.index(row.standing.state.value))


def reviews_for(organisation: Organisation) -> QuerySet[BestValueReview]:
    return BestValueReview.objects.filter(organisation=organisation).select_related(
        "org_unit", "lead"
    )


def inspections_for(organisation: Organisation) -> QuerySet[Inspection]:
    return Inspection.objects.filter(organisation=organisation).select_related("org_unit")


# Turning the Curve -------------------------------------------------------------------------


@dataclass(frozen=True)
class CurvePoint:
    label: str
    value: Decimal | None
    target: Decimal | None
    is_forecast: bool


def worksheets_for(organisation: Organisation) -> QuerySet[CurveWorksheet]:
    return CurveWorksheet.objects.filter(organisation=organisation).select_related("indicator")


def curve_baseline(indicator: Indicator, today: date) -> list[CurvePoint]:
    """The indicator's recent approved values and the straight-line forecast of where they
    are heading if nothing changes, with the targets in force."""
    period = period_latest_ended(indicator.organisation, indicator.frequency, today)
    if period is None:
        return []
    performance = performance_for([indicator], period)[indicator.pk]
    points = performance.points[-BASELINE_PERIODS:]
    shown = [CurvePoint(p.period.label, p.value, p.target_value, is_forecast=False) for p in points]
    values = [p.value for p in points if p.value is not None]
    later = list(
        type(period)
        .objects.filter(
            organisation=indicator.organisation,
            frequency=indicator.frequency,
            start_date__gt=period.start_date,
        )
        .order_by("start_date")[:FORECAST_PERIODS]
    )
    forecast = curve_forecast(values, len(later), places=indicator.decimal_places)
    return shown + [
        CurvePoint(p.label, value, None, is_forecast=True)
        for p, value in zip(later, forecast, strict=True)
    ]
