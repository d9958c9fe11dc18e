"""Reads for engagement: consultations with their results and intervals, the complaints log
and its figures, the commendations feed, and needs evidence on the golden thread."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.accounts.selectors import unit_descendants
from goldenthread.calculations.survey import ProportionInterval, proportion_interval
from goldenthread.engagement.models import (
    Complaint,
    ComplaintFeed,
    Consultation,
    ConsultationResult,
    NeedsEvidence,
)
from goldenthread.indicators.models import IndicatorReturn

Measure = ComplaintFeed.Measure
ANSWERED = (Complaint.Outcome.UPHELD, Complaint.Outcome.PARTLY, Complaint.Outcome.NOT_UPHELD)


def consultations_for(organisation: Organisation, *, kind: str = "") -> QuerySet[Consultation]:
    consultations = Consultation.objects.filter(organisation=organisation).select_related(
        "org_unit", "lead"
    )
    return consultations.filter(kind=kind) if kind else consultations


def consultation_for_page(organisation: Organisation, pk: int) -> Consultation | None:
    return (
        Consultation.objects.filter(organisation=organisation, pk=pk)
        .select_related("organisation", "org_unit", "lead")
        .prefetch_related("responses_made", "evidence")
        .first()
    )


@dataclass(frozen=True)
class ResultRow:
    result: ConsultationResult
    interval: ProportionInterval
    return_status: str  # the linked return's status label, or "Not recorded"


def result_rows(consultation: Consultation) -> list[ResultRow]:
    results = list(consultation.results.select_related("indicator", "period"))
    statuses = {}
    if results:
        for row in IndicatorReturn.objects.filter(
            indicator_id__in=[r.indicator_id for r in results],
            period_id__in=[r.period_id for r in results],
        ):
            statuses[(row.indicator_id, row.period_id)] = row.get_status_display()
    return [
        ResultRow(
            result=r,
            interval=proportion_interval(r.counted, r.answered),
            return_status=statuses.get((r.indicator_id, r.period_id), "Not recorded"),
        )
        for r in results
    ]


# Complaints ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ComplaintFilters:
    kind: str = ""
    unit_id: int | None = None
    outcome: str = ""
    start: date | None = None
    end: date | None = None


def complaints_filtered(
    organisation: Organisation, filters: ComplaintFilters
) -> QuerySet[Complaint]:
    complaints = Complaint.objects.filter(organisation=organisation).select_related("org_unit")
    if filters.kind:
        complaints = complaints.filter(kind=filters.kind)
    if filters.unit_id:
        complaints = complaints.filter(
            org_unit_id__in=unit_descendants(organisation, filters.unit_id)
        )
    if filters.outcome == "open":
        complaints = complaints.filter(kind=Complaint.Kind.COMPLAINT, outcome="")
    elif filters.outcome:
        complaints = complaints.filter(outcome=filters.outcome)
    if filters.start:
        complaints = complaints.filter(received_on__gte=filters.start)
    if filters.end:
        complaints = complaints.filter(received_on__lte=filters.end)
    return complaints


def complaints_in(
    organisation: Organisation, *, start: date, end: date, unit: OrgUnit | None = None
) -> QuerySet[Complaint]:
    """Complaints and commendations received between the dates (within the unit and the units
    below it, when given)."""
    return complaints_filtered(
        organisation,
        ComplaintFilters(unit_id=unit.pk if unit else None, start=start, end=end),
    )


@dataclass(frozen=True)
class ComplaintFigures:
    """A period's figures from the log: what the complaints indicators report."""

    received: int
    commendations: int
    answered: int
    within_target: int
    upheld: int  # upheld or partly upheld
    total_days: int
    target_days: int

    def value_of(self, measure: str) -> Decimal | None:
        """The figure an indicator fed by `measure` takes; None when there is nothing to
        divide by."""
        if measure == Measure.RECEIVED:
            return Decimal(self.received)
        if measure == Measure.COMMENDATIONS:
            return Decimal(self.commendations)
        if not self.answered:
            return None
        ratio = {
            Measure.WITHIN_TARGET: Decimal(self.within_target) * 100,
            Measure.AVERAGE_DAYS: Decimal(self.total_days),
            Measure.UPHELD: Decimal(self.upheld) * 100,
        }[Measure(measure)] / self.answered
        return ratio.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def average_days(self) -> Decimal | None:
        return self.value_of(Measure.AVERAGE_DAYS)

    def describe(self) -> str:
        return (
            f"From the complaints log: {self.received} complaints received, "
            f"{self.answered} answered ({self.within_target} within {self.target_days} days, "
            f"{self.upheld} upheld or partly upheld), {self.commendations} commendations."
        )


def complaint_figures(complaints: QuerySet[Complaint], *, target_days: int) -> ComplaintFigures:
    """Counts over complaints received in the period; response figures over those of them
    answered (with an outcome and a response date)."""
    received = commendations = answered = within = upheld = total = 0
    for kind, outcome, received_on, responded_on in complaints.values_list(
        "kind", "outcome", "received_on", "responded_on"
    ):
        if kind == Complaint.Kind.COMMENDATION:
            commendations += 1
            continue
        received += 1
        if outcome in ANSWERED and responded_on is not None:
            answered += 1
            days = (responded_on - received_on).days
            total += days
            within += days <= target_days
            upheld += outcome in (Complaint.Outcome.UPHELD, Complaint.Outcome.PARTLY)
    return ComplaintFigures(received, commendations, answered, within, upheld, total, target_days)


def commendations_feed(organisation: Organisation, *, limit: int = 20) -> QuerySet[Complaint]:
    """The latest commendations, newest first, for recognising good performance."""
    return (
        Complaint.objects.filter(organisation=organisation, kind=Complaint.Kind.COMMENDATION)
        .select_related("org_unit")
        .order_by("-received_on", "-pk")[:limit]
    )


@dataclass(frozen=True)
class ServiceSummary:
    unit: OrgUnit
    figures: ComplaintFigures


def complaints_by_service(
    organisation: Organisation, *, start: date, end: date, target_days: int = 10
) -> list[ServiceSummary]:
    """Each service with complaints or commendations in the dates, and its figures."""
    complaints = complaints_in(organisation, start=start, end=end)
    unit_ids = sorted(set(complaints.values_list("org_unit_id", flat=True)))
    units = OrgUnit.objects.filter(pk__in=unit_ids).order_by("name")
    return [
        ServiceSummary(
            unit, complaint_figures(complaints.filter(org_unit=unit), target_days=target_days)
        )
        for unit in units
    ]


# Needs evidence --------------------------------------------------------------------------


def evidence_for(organisation: Organisation) -> QuerySet[NeedsEvidence]:
    return NeedsEvidence.objects.filter(organisation=organisation).prefetch_related(
        "objective_links__objective"
    )
