"""Writes for challenge: meetings and their schedule, the items they challenge, agreed
actions (delivery Actions sourced from the meeting, review, inspection or worksheet), the
scrutiny work programme and monitors' notes, Best Value reviews, inspections and Turning the
Curve worksheets. Who may act is decided in accounts.permissions; `user=None` is the command
line, run by an administrator."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.calculations.review_cycle import clinic_dates
from goldenthread.challenge.models import (
    BestValueReview,
    ChallengeItem,
    CurvePartner,
    CurveWorksheet,
    Inspection,
    Meeting,
    MonitorNote,
    ScrutinyTopic,
)
from goldenthread.challenge.suggestions import Suggestion
from goldenthread.delivery import services as delivery_services
from goldenthread.delivery.models import Action

Kind = Action.SourceKind


def _may_run(user: User | None, organisation: Organisation) -> None:
    if user is not None and not permissions.can_run_challenge(user, organisation):
        raise PermissionDenied("Only performance admins and senior leaders can do this.")


def _may_scrutinise(user: User | None, organisation: Organisation) -> None:
    if user is not None and not permissions.can_record_scrutiny(user, organisation):
        raise PermissionDenied("Only members, committee monitors and performance admins can.")


def _may_change_meeting(user: User | None, meeting: Meeting) -> None:
    if meeting.kind == Meeting.Kind.SCRUTINY:
        _may_scrutinise(user, meeting.organisation)
    else:
        _may_run(user, meeting.organisation)


def _same_organisation(instance: models.Model, names: list[str]) -> None:
    organisation_id = instance.organisation_id  # type: ignore[attr-defined]
    errors = {}
    for name in names:
        related = getattr(instance, name)
        if related is not None and related.organisation_id != organisation_id:
            errors[name] = "Choose one of this organisation's."
    if errors:
        raise ValidationError(errors)


def _saved(instance: models.Model) -> models.Model:
    instance.full_clean()
    instance.save()
    return instance


# Meetings ------------------------------------------------------------------------------


@transaction.atomic
def meeting_save(*, meeting: Meeting, user: User | None) -> Meeting:
    _may_change_meeting(user, meeting)
    _same_organisation(meeting, ["committee", "org_unit", "chair"])
    if meeting.kind == Meeting.Kind.SCRUTINY and meeting.committee_id is None:
        raise ValidationError({"committee": "Choose the committee holding the scrutiny meeting."})
    return _saved(meeting)  # type: ignore[return-value]


@transaction.atomic
def clinics_schedule(
    *,
    organisation: Organisation,
    kind: str,
    first_on: date,
    count: int,
    user: User | None,
) -> list[Meeting]:
    """Plans `count` clinics evenly through the year from `first_on` (three a year: every
    four months), each titled by its month."""
    _may_run(user, organisation)
    if kind == Meeting.Kind.SCRUTINY:
        raise ValidationError({"kind": "Schedule scrutiny meetings from the committee calendar."})
    if not 1 <= count <= 12:
        raise ValidationError({"count": "Schedule from 1 to 12 clinics a year."})
    label = Meeting.Kind(kind).label
    made = []
    for held_on in clinic_dates(first_on, count):
        meeting = Meeting(
            organisation=organisation, kind=kind, held_on=held_on,
            title=f"{label}, {held_on:%B %Y}",
        )  # fmt: skip
        made.append(meeting_save(meeting=meeting, user=user))
    return made


@transaction.atomic
def item_choose(*, meeting: Meeting, suggestion: Suggestion, user: User | None) -> ChallengeItem:
    """Puts a suggestion on the meeting's agenda (once)."""
    _may_change_meeting(user, meeting)
    if meeting.items.filter(source_key=suggestion.key).exists():
        raise ValidationError(f"“{suggestion.title}” is already on the agenda.")
    return ChallengeItem.objects.create(
        meeting=meeting,
        source=suggestion.source,
        source_key=suggestion.key,
        title=suggestion.title[:300],
        reason=suggestion.reason[:300],
        link=suggestion.url,
    )


@transaction.atomic
def item_save(*, item: ChallengeItem, user: User | None) -> ChallengeItem:
    """Adds a topic of the meeting's own choosing, or records the discussion and root cause."""
    _may_change_meeting(user, item.meeting)
    if not item.source:
        item.source = "other"
    return _saved(item)  # type: ignore[return-value]


# Agreed actions --------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreedAction:
    title: str
    due_date: date
    lead: User | None = None
    org_unit: OrgUnit | None = None
    description: str = ""


def action_kind_for(source: models.Model) -> tuple[str, str]:
    """The delivery source kind and the reference prefix of an action agreed by `source`."""
    if isinstance(source, Meeting):
        return {
            Meeting.Kind.IMPROVEMENT_CLINIC: (Kind.CLINIC, "IC"),
            Meeting.Kind.PERFORMANCE_CLINIC: (Kind.CLINIC, "PC"),
            Meeting.Kind.SCRUTINY: (Kind.SCRUTINY, "SC"),
        }[Meeting.Kind(source.kind)]
    if isinstance(source, BestValueReview):
        return Kind.REVIEW, "BV"
    if isinstance(source, Inspection):
        return (Kind.INSPECTION, "IN") if source.kind == Inspection.Kind.INSPECTION else (
            Kind.PEER_REVIEW, "PA"
        )  # fmt: skip
    if isinstance(source, CurveWorksheet):
        return Kind.RECOVERY, "TC"
    raise TypeError(f"{type(source).__name__} does not agree actions")


def _may_agree(user: User | None, source: models.Model) -> None:
    if isinstance(source, Meeting):
        _may_change_meeting(user, source)
    elif isinstance(source, CurveWorksheet):
        if user is not None and not permissions.can_edit_turning_the_curve(user, source.indicator):
            raise PermissionDenied("You cannot change this indicator's worksheet.")
    else:
        _may_run(user, source.organisation)  # type: ignore[attr-defined]


@transaction.atomic
def agreed_action_add(*, source: models.Model, data: AgreedAction, user: User | None) -> Action:
    """Records an action agreed by a meeting, review, inspection or worksheet as a delivery
    Action whose source is that record, with the next free reference (IC-12-03...). It then
    appears in its lead officer's quarterly action updates."""
    _may_agree(user, source)
    kind, prefix = action_kind_for(source)
    organisation = source.organisation  # type: ignore[attr-defined]
    start = source.held_on if isinstance(source, Meeting) else timezone.localdate()
    start = min(start, data.due_date) if data.due_date else start
    number = source.actions.count() + 1  # type: ignore[attr-defined]
    taken = set(
        Action.objects.filter(
            organisation=organisation, code__startswith=f"{prefix}-{source.pk}-"
        ).values_list("code", flat=True)
    )
    while f"{prefix}-{source.pk}-{number:02d}" in taken:
        number += 1
    action = Action(
        organisation=organisation,
        code=f"{prefix}-{source.pk}-{number:02d}",
        title=data.title,
        description=data.description,
        lead=data.lead,
        org_unit=data.org_unit,
        start_date=start,
        due_date=data.due_date,
        source_kind=kind,
    )
    indicators = [source.indicator] if isinstance(source, CurveWorksheet) else None
    return delivery_services.action_save(
        action=action, user=user, source=source, indicators=indicators
    )


# Scrutiny ----------------------------------------------------------------------------------


@transaction.atomic
def scrutiny_topic_save(*, topic: ScrutinyTopic, user: User | None) -> ScrutinyTopic:
    _may_scrutinise(user, topic.organisation)
    _same_organisation(topic, ["committee", "lead_member"])
    if topic.status == ScrutinyTopic.Status.REPORTED and not topic.outcome.strip():
        raise ValidationError({"outcome": "Record the findings and recommendations reported."})
    return _saved(topic)  # type: ignore[return-value]


@transaction.atomic
def monitor_note_save(*, note: MonitorNote, user: User) -> MonitorNote:
    """A monitor's note is theirs: only its author changes it."""
    _may_scrutinise(user, note.organisation)
    if note.pk and MonitorNote.objects.get(pk=note.pk).author_id != user.pk:
        raise PermissionDenied("Only the note's author can change it.")
    note.author = user
    _same_organisation(note, ["committee", "period", "indicator"])
    return _saved(note)  # type: ignore[return-value]


# Best Value reviews ------------------------------------------------------------------------


@transaction.atomic
def review_save(*, review: BestValueReview, user: User | None) -> BestValueReview:
    _may_run(user, review.organisation)
    _same_organisation(review, ["org_unit", "lead"])
    open_reviews = BestValueReview.objects.filter(
        org_unit_id=review.org_unit_id, completed_on__isnull=True
    ).exclude(pk=review.pk)
    if review.completed_on is None and open_reviews.exists():
        raise ValidationError(
            {"org_unit": f"{review.org_unit} already has a review under way; finish it first."}
        )
    if review.completed_on is not None:
        _check_complete(review)
    return _saved(review)  # type: ignore[return-value]


def _check_complete(review: BestValueReview) -> None:
    errors = {
        name.lower(): f"Record how the review addressed “{name.lower()}” before completing it."
        for name, _text, done in review.checklist()
        if not done
    }
    if not review.findings.strip():
        errors["findings"] = "Record the review's findings before completing it."
    if review.completed_on and review.completed_on < review.started_on:
        errors["completed_on"] = "The review cannot be completed before it started."
    if review.completed_on and review.completed_on > timezone.localdate():
        errors["completed_on"] = "The completion date cannot be in the future."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def review_complete(
    *, review: BestValueReview, user: User | None, completed_on: date | None = None
) -> BestValueReview:
    """Completes the review: all 4Cs and the findings must be recorded. The service's next
    review falls due five years on."""
    _may_run(user, review.organisation)
    if review.completed_on is not None:
        raise ValidationError(f"This review was completed on {review.completed_on:%d %B %Y}.")
    review.completed_on = completed_on or timezone.localdate()
    _check_complete(review)
    review.save()
    return review


# Inspections and worksheets ------------------------------------------------------------------


@transaction.atomic
def inspection_save(*, inspection: Inspection, user: User | None) -> Inspection:
    _may_run(user, inspection.organisation)
    _same_organisation(inspection, ["org_unit"])
    return _saved(inspection)  # type: ignore[return-value]


@transaction.atomic
def worksheet_save(*, worksheet: CurveWorksheet, user: User | None) -> CurveWorksheet:
    indicator = worksheet.indicator
    if user is not None and not permissions.can_edit_turning_the_curve(user, indicator):
        raise PermissionDenied("You cannot change this indicator's worksheet.")
    if indicator.organisation_id != worksheet.organisation_id:
        raise ValidationError({"indicator": "Choose one of this organisation's indicators."})
    if indicator.is_qualitative:
        raise ValidationError({"indicator": "A qualitative indicator has no curve to turn."})
    existing = CurveWorksheet.objects.filter(indicator=indicator).exclude(pk=worksheet.pk)
    if existing.exists():
        raise ValidationError({"indicator": f"{indicator.code} already has a worksheet."})
    return _saved(worksheet)  # type: ignore[return-value]


@transaction.atomic
def partner_add(*, partner: CurvePartner, user: User | None) -> CurvePartner:
    indicator = partner.worksheet.indicator
    if user is not None and not permissions.can_edit_turning_the_curve(user, indicator):
        raise PermissionDenied("You cannot change this indicator's worksheet.")
    return _saved(partner)  # type: ignore[return-value]
