"""Data quality: the exception report of gaps and doubtful values per service, and internal
audit's random sample of approved returns, each checked against its source.

A period covers its own returns and those of shorter periods inside it: a quarter's report
and sample take in monthly returns for its three months as well as quarterly ones.
"""

import random
import secrets
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.accounts.selectors import service_of
from goldenthread.indicators.models import AuditCheck, AuditSample, Indicator, IndicatorReturn
from goldenthread.indicators.selectors import APPROVED, return_tasks
from goldenthread.indicators.services import return_outlier_check
from goldenthread.strategy.models import ReportingPeriod

Status = IndicatorReturn.Status
SEED_BITS = 62  # fits the seed's BigIntegerField

EXCEPTION_KINDS = {
    "missing": "Missing",
    "late": "Late",
    "outlier": "Unconfirmed unusual value",
    "no_source": "No source quoted",
    "method": "Method not followed",
}


# The exception report ------------------------------------------------------------------


@dataclass(frozen=True)
class DataException:
    kind: str  # a key of EXCEPTION_KINDS
    indicator: Indicator
    period: ReportingPeriod
    detail: str
    indicator_return: IndicatorReturn | None = None

    @property
    def label(self) -> str:
        return EXCEPTION_KINDS[self.kind]


@dataclass
class ServiceExceptions:
    """One service's returns expected for the period, and what is wrong with them."""

    service: str
    expected: int = 0
    exceptions: list[DataException] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return {kind: sum(1 for e in self.exceptions if e.kind == kind) for kind in EXCEPTION_KINDS}


def periods_within(period: ReportingPeriod) -> QuerySet[ReportingPeriod]:
    """The period and every shorter period inside it."""
    return ReportingPeriod.objects.filter(
        organisation_id=period.organisation_id,
        start_date__gte=period.start_date,
        end_date__lte=period.end_date,
    ).order_by("start_date", "frequency")


def _late_by(indicator_return: IndicatorReturn, deadline: date) -> int:
    if indicator_return.submitted_at is None:
        return 0
    return (timezone.localdate(indicator_return.submitted_at) - deadline).days


def exception_report(
    organisation: Organisation,
    period: ReportingPeriod,
    *,
    today: date | None = None,
    unit_ids: set[int] | None = None,
) -> list[ServiceExceptions]:
    """Per service: returns missing after their deadline or submitted late, unusual values
    not confirmed, figures with no source quoted and returns where the method was not
    followed. Calculated indicators are left out: nobody enters them."""
    today = today or timezone.localdate()
    periods = list(periods_within(period))
    indicators = (
        Indicator.objects.filter(
            organisation=organisation,
            is_active=True,
            frequency__in={p.frequency for p in periods},
        )
        .exclude(formula__gt="")
        .select_related("organisation")
        .order_by("code")
    )
    if unit_ids is not None:
        indicators = indicators.filter(org_unit_id__in=unit_ids)
    units = {unit.pk: unit for unit in OrgUnit.objects.filter(organisation=organisation)}
    rows: dict[str, ServiceExceptions] = {}
    for task in return_tasks(indicators, periods):
        indicator, found = task.indicator, task.indicator_return
        service = service_of(organisation, units, indicator.org_unit_id)
        name = service.name if service else "No responsible unit"
        row = rows.setdefault(name, ServiceExceptions(service=name))
        row.expected += 1
        deadline = task.window.deadline
        due = f"{deadline.day} {deadline:%B %Y}"
        if found is None or found.status == Status.DRAFT:
            if today > deadline:
                what = "Not started" if found is None else "A draft was not submitted"
                row.exceptions.append(
                    DataException("missing", indicator, task.period, f"{what}; due {due}.", found)
                )
            continue
        found.indicator, found.period = indicator, task.period
        late = _late_by(found, deadline)
        if late > 0:
            row.exceptions.append(
                DataException(
                    "late",
                    indicator,
                    task.period,
                    f"Submitted {late} day{'s' if late != 1 else ''} after the deadline ({due}).",
                    found,
                )
            )
        row.exceptions.extend(_doubts(found))
    return sorted(rows.values(), key=lambda row: row.service)


def _doubts(indicator_return: IndicatorReturn) -> list[DataException]:
    """What makes a submitted figure doubtful."""
    indicator, period = indicator_return.indicator, indicator_return.period
    found: list[DataException] = []
    if not indicator.is_qualitative:
        if not indicator_return.outlier_confirmed:
            unusual = return_outlier_check(indicator_return)
            if unusual:
                found.append(DataException("outlier", indicator, period, unusual, indicator_return))
        if not indicator_return.source_quoted.strip():
            found.append(
                DataException(
                    "no_source",
                    indicator,
                    period,
                    "The return does not say where the figure came from.",
                    indicator_return,
                )
            )
    if not indicator_return.method_followed:
        found.append(
            DataException(
                "method",
                indicator,
                period,
                "The officer said the definition's method was not followed.",
                indicator_return,
            )
        )
    return found


# The internal audit sample -------------------------------------------------------------


def audit_population(organisation: Organisation, period: ReportingPeriod) -> list[int]:
    """The approved (or published) returns for the period that can be sampled, in a fixed
    order so that a seed always draws the same ones. Calculated returns have no source."""
    return list(
        IndicatorReturn.objects.filter(
            indicator__organisation=organisation,
            period__in=periods_within(period),
            status__in=APPROVED,
            is_calculated=False,
        )
        .order_by("indicator__code", "period__start_date", "pk")
        .values_list("pk", flat=True)
    )


def audit_sample_pick(population: list[int], size: int, seed: int) -> list[int]:
    return random.Random(seed).sample(population, size)


@transaction.atomic
def audit_sample_draw(
    *,
    organisation: Organisation,
    period: ReportingPeriod,
    size: int,
    user: User,
    seed: int | None = None,
) -> AuditSample:
    """Draws a random sample of the period's approved returns, each to be checked against
    source. The seed is recorded: the same seed draws the same returns again."""
    if not permissions.can_audit(user, organisation):
        raise PermissionDenied("Only internal auditors and performance admins can draw a sample.")
    if period.organisation_id != organisation.pk:
        raise ValidationError({"period": "Choose a reporting period of this organisation."})
    if size < 1:
        raise ValidationError({"size": "The sample must have at least 1 return."})
    population = audit_population(organisation, period)
    if not population:
        raise ValidationError({"period": f"There are no approved returns for {period} to sample."})
    if size > len(population):
        raise ValidationError(
            {
                "size": f"There are only {len(population)} approved returns for {period}; "
                f"choose a sample of {len(population)} or fewer."
            }
        )
    if seed is None:
        seed = secrets.randbits(SEED_BITS)
    sample = AuditSample.objects.create(
        organisation=organisation, period=period, drawn_by=user, seed=seed, size=size
    )
    for pk in audit_sample_pick(population, size, seed):
        AuditCheck.objects.create(sample=sample, indicator_return_id=pk)
    return sample


def audit_check_record(*, check: AuditCheck, result: str, finding: str, user: User) -> AuditCheck:
    """Records the check of one sampled return against its source, and the finding."""
    if not permissions.can_audit(user, check.sample.organisation):
        raise PermissionDenied("Only internal auditors and performance admins can record checks.")
    if result not in AuditCheck.Result.values or result == AuditCheck.Result.PENDING:
        raise ValidationError({"result": "Choose the result of the check."})
    finding = finding.strip()
    if result != AuditCheck.Result.AGREES and not finding:
        raise ValidationError(
            {"finding": "Describe the finding: the discrepancy, or why the source is missing."}
        )
    check.result = result
    check.finding = finding
    check.checked_by = user
    check.checked_at = timezone.now()
    check.save()
    return check


def audit_samples_for(organisation: Organisation) -> QuerySet[AuditSample]:
    return (
        AuditSample.objects.filter(organisation=organisation)
        .select_related("period", "drawn_by")
        .annotate(
            checked=Count("checks", filter=~Q(checks__result=AuditCheck.Result.PENDING)),
            findings=Count(
                "checks",
                filter=~Q(checks__result__in=[AuditCheck.Result.PENDING, AuditCheck.Result.AGREES]),
            ),
        )
    )


def audit_checks_for(sample: AuditSample) -> QuerySet[AuditCheck]:
    return sample.checks.select_related(
        "indicator_return__indicator",
        "indicator_return__period",
        "indicator_return__submitted_by",
        "indicator_return__approved_by",
        "checked_by",
    ).order_by("indicator_return__indicator__code", "indicator_return__period__start_date")
