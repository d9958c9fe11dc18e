"""Writes for engagement: consultations and their results (recorded as indicator returns),
"you said, we did" responses, the complaints and commendations log, the figures it feeds
into indicators, and needs assessment evidence.

Results and complaint figures become values of indicators only through
`indicators.services.return_save`, so they follow the returns workflow (a draft the lead
officer submits and the head of service approves) with the same checks as a typed value.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.calculations.survey import SurveyError, proportion_interval
from goldenthread.engagement.models import (
    Complaint,
    ComplaintFeed,
    Consultation,
    ConsultationResult,
    EvidenceObjective,
    NeedsEvidence,
    YouSaidWeDid,
)
from goldenthread.engagement.selectors import complaint_figures, complaints_in
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.strategy.models import Objective, ReportingPeriod


def _may_manage(user: User | None, organisation: Organisation) -> None:
    if user is not None and not permissions.can_manage_engagement(user, organisation):
        raise PermissionDenied("You cannot record consultations or evidence.")


def _same_organisation(instance: object, organisation_id: int, names: list[str]) -> None:
    errors = {}
    for name in names:
        related = getattr(instance, name)
        if related is not None and related.organisation_id != organisation_id:
            errors[name] = "Choose one of this organisation's."
    if errors:
        raise ValidationError(errors)


# Consultations -------------------------------------------------------------------------


@transaction.atomic
def consultation_save(*, consultation: Consultation, user: User | None) -> Consultation:
    _may_manage(user, consultation.organisation)
    _same_organisation(consultation, consultation.organisation_id, ["org_unit", "lead"])
    if (
        consultation.start_date
        and consultation.end_date
        and consultation.end_date < consultation.start_date
    ):
        raise ValidationError({"end_date": "The closing date must be on or after the opening."})
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def you_said_we_did_save(*, response: YouSaidWeDid, user: User | None) -> YouSaidWeDid:
    _may_manage(user, response.consultation.organisation)
    response.full_clean()
    response.save()
    return response


def result_commentary(result: ConsultationResult) -> str:
    """The sentence kept with the indicator's value: the sample and its 95% interval."""
    interval = proportion_interval(result.counted, result.answered)
    return (
        f"{result.consultation.title}: {result.counted:,} of {result.answered:,} respondents "
        f"({interval.percentage}%, 95% confidence interval {interval.lower}% to "
        f"{interval.upper}%)."
    )


@transaction.atomic
def consultation_result_record(
    *, result: ConsultationResult, user: User, submit: bool = False
) -> IndicatorReturn:
    """Saves a question's result and records it as the linked indicator's value for the
    period (counted ÷ answered × 100), as a draft return, submitted when asked.

    Raises ValidationError naming the field: the indicator must be a percentage of this
    organisation, and its return for the period must still be a draft (or not started).
    """
    consultation = result.consultation
    indicator = result.indicator
    errors: dict[str, str] = {}
    if indicator.organisation_id != consultation.organisation_id:
        errors["indicator"] = "Choose one of this organisation's indicators."
    elif indicator.unit != Indicator.Unit.PERCENT:
        errors["indicator"] = (
            f"{indicator.code} is not measured as a percentage, so a survey share cannot be "
            "its value."
        )
    if result.period.organisation_id != consultation.organisation_id:
        errors["period"] = "Choose one of this organisation's periods."
    elif result.period.frequency != indicator.frequency:
        errors["period"] = (
            f"{indicator.code} is reported {indicator.get_frequency_display().lower()}: "
            "choose a period of that kind."
        )
    try:
        proportion_interval(result.counted, result.answered)
    except SurveyError as error:
        errors["counted" if result.answered else "answered"] = str(error)
    if errors:
        raise ValidationError(errors)
    result.full_clean(validate_unique=False)
    result.save()
    existing = IndicatorReturn.objects.filter(indicator=indicator, period=result.period).first()
    indicator_return = existing or IndicatorReturn(indicator=indicator, period=result.period)
    data = indicator_services.ReturnData(
        **{name: getattr(indicator_return, name) for name in RETURN_FIELDS_KEPT}
    )
    data = replace(
        data,
        value=None,
        numerator=Decimal(result.counted),
        denominator=Decimal(result.answered),
        source_quoted=consultation.title[:300],
        commentary=data.commentary or result_commentary(result),
    )
    return indicator_services.return_save(
        indicator_return=indicator_return, data=data, user=user, submit=submit
    )


# What an officer already wrote on the return is kept when a survey result is recorded.
RETURN_FIELDS_KEPT = (
    "commentary",
    "remedial_action",
    "prepared_by",
    "prepared_on",
    "method_followed",
    "outlier_explanation",
    "outlier_confirmed",
)


# Complaints and commendations ------------------------------------------------------------


@transaction.atomic
def complaint_save(*, complaint: Complaint, user: User | None) -> Complaint:
    """Logs or updates a complaint or commendation. Raises ValidationError naming each field.

    The person must work in its service, and in the service it was logged against before
    (so nobody moves another service's complaint into their own, as an import could)."""
    units = {complaint.org_unit_id}
    if complaint.pk is not None:
        units |= set(
            Complaint.objects.filter(pk=complaint.pk).values_list("org_unit_id", flat=True)
        )
    if user is not None and not all(
        permissions.can_log_complaint(user, complaint.organisation, unit_id=unit_id)
        for unit_id in units
    ):
        raise PermissionDenied("You can log complaints only for services you work in.")
    errors: dict[str, str] = {}
    unit = complaint.org_unit if complaint.org_unit_id else None
    if unit is not None and unit.organisation_id != complaint.organisation_id:
        errors["org_unit"] = "Choose one of this organisation's services."
    reference = (complaint.reference or "").strip()
    if not reference:
        errors["reference"] = "Enter a reference, such as C-2025-014."
    elif (
        Complaint.objects.filter(organisation=complaint.organisation, reference__iexact=reference)
        .exclude(pk=complaint.pk)
        .exists()
    ):
        errors["reference"] = f"Another complaint or commendation has the reference {reference}."
    received, responded = complaint.received_on, complaint.responded_on
    if received and responded and responded < received:
        errors["responded_on"] = "The response cannot be before the complaint was received."
    if complaint.kind == Complaint.Kind.COMMENDATION:
        if complaint.outcome:
            errors["outcome"] = "A commendation has no outcome: leave it blank."
    else:
        if complaint.outcome and not complaint.responded_on:
            errors["responded_on"] = "Enter the date of the response that gave the outcome."
        if complaint.responded_on and not complaint.outcome:
            errors["outcome"] = "Choose the outcome: upheld, partly upheld or not upheld."
        if not complaint.category:
            errors["category"] = "Choose what the complaint is about."
    if errors:
        raise ValidationError(errors)
    complaint.reference = reference
    complaint.full_clean(validate_unique=False)
    complaint.save()
    return complaint


@transaction.atomic
def complaint_feed_save(*, feed: ComplaintFeed, user: User | None) -> ComplaintFeed:
    _may_manage(user, feed.organisation)
    _same_organisation(feed, feed.organisation_id, ["indicator", "org_unit"])
    percentage = {ComplaintFeed.Measure.WITHIN_TARGET, ComplaintFeed.Measure.UPHELD}
    wanted = Indicator.Unit.PERCENT if feed.measure in percentage else None
    if wanted and feed.indicator.unit != wanted:
        raise ValidationError({"indicator": f"{feed.indicator.code} is not a percentage."})
    if not wanted and feed.indicator.unit == Indicator.Unit.PERCENT:
        raise ValidationError({"indicator": f"{feed.indicator.code} is a percentage, not a count."})
    feed.full_clean()
    feed.save()
    return feed


@dataclass(frozen=True)
class FeedWritten:
    feed: ComplaintFeed
    value: Decimal | None
    indicator_return: IndicatorReturn | None
    problem: str = ""


def complaint_figures_write(
    *, organisation: Organisation, period: ReportingPeriod, user: User
) -> list[FeedWritten]:
    """Works out each fed indicator's figure from the complaints log for the period and
    saves it as that indicator's draft return. A return already submitted or approved is
    left alone and named in the result, as is a figure with nothing to count."""
    written = []
    feeds = ComplaintFeed.objects.filter(organisation=organisation).select_related(
        "indicator__organisation", "org_unit"
    )
    for feed in feeds.order_by("indicator__code"):
        complaints = complaints_in(
            organisation, start=period.start_date, end=period.end_date, unit=feed.org_unit
        )
        figures = complaint_figures(complaints, target_days=feed.target_days)
        value = figures.value_of(feed.measure)
        if value is None:
            written.append(FeedWritten(feed, None, None, "Nothing to count in the period."))
            continue
        try:
            with transaction.atomic():
                saved = _feed_return_save(feed, period, value, figures.describe(), user)
        except (ValidationError, PermissionDenied) as error:
            written.append(FeedWritten(feed, value, None, " ".join(error_messages(error))))
            continue
        written.append(FeedWritten(feed, value, saved))
    return written


def error_messages(error: Exception) -> list[str]:
    return list(getattr(error, "messages", [str(error)]))


def _feed_return_save(
    feed: ComplaintFeed, period: ReportingPeriod, value: Decimal, note: str, user: User
) -> IndicatorReturn:
    indicator = feed.indicator
    if period.frequency != indicator.frequency:
        raise ValidationError(
            f"{indicator.code} is reported {indicator.get_frequency_display().lower()}."
        )
    existing = IndicatorReturn.objects.filter(indicator=indicator, period=period).first()
    indicator_return = existing or IndicatorReturn(indicator=indicator, period=period)
    data = indicator_services.ReturnData(
        **{name: getattr(indicator_return, name) for name in RETURN_FIELDS_KEPT}
    )
    data = replace(
        data,
        value=value,
        source_quoted="Complaints and commendations log",
        commentary=data.commentary or note,
    )
    return indicator_services.return_save(indicator_return=indicator_return, data=data, user=user)


# Needs assessment evidence -----------------------------------------------------------------


@transaction.atomic
def evidence_save(
    *,
    evidence: NeedsEvidence,
    user: User | None,
    objectives: list[tuple[Objective, str]] | None = None,
) -> NeedsEvidence:
    """Saves the evidence; when given, replaces the objectives it informs (its thread)."""
    _may_manage(user, evidence.organisation)
    _same_organisation(evidence, evidence.organisation_id, ["consultation"])
    evidence.full_clean()
    evidence.save()
    if objectives is not None:
        if any(o.organisation_id != evidence.organisation_id for o, _kind in objectives):
            raise ValidationError({"objectives": "Link to objectives of this organisation."})
        keep = {objective.pk for objective, _kind in objectives}
        evidence.objective_links.exclude(objective_id__in=keep).delete()
        for objective, kind in objectives:
            EvidenceObjective.objects.update_or_create(
                evidence=evidence, objective=objective, defaults={"kind": kind}
            )
    return evidence
