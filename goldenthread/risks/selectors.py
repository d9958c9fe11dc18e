"""Reads about risks: registers and their filtered risks, score bands, the heat map, score
history, and the quarterly risk returns with what changed over each quarter."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q, QuerySet

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, User
from goldenthread.accounts.selectors import sharing_organisation, unit_descendants
from goldenthread.calculations import risk as scoring
from goldenthread.indicators.selectors import Window, periods_open_for_returns, return_window
from goldenthread.risks.models import (
    Register,
    Risk,
    RiskEscalation,
    RiskReturn,
    RiskReview,
    RiskSettings,
)
from goldenthread.strategy.models import ReportingPeriod

# Tones for bands, lowest band first; GOV.UK tag colours, always shown with the band's name.
TONES = ["green", "yellow", "orange", "red"]
RETURNABLE = (Register.Kind.CORPORATE, Register.Kind.DIRECTORATE)


def score_bands_for(organisation: Organisation) -> tuple[scoring.ScoreBand, ...]:
    """The organisation's score bands (the defaults until it sets its own), cached on it."""
    cached = getattr(organisation, "_score_bands", None)
    if cached is None:
        settings = RiskSettings.objects.filter(organisation=organisation).first()
        cached = settings.score_bands() if settings else scoring.DEFAULT_BANDS
        organisation._score_bands = cached  # type: ignore[attr-defined]
    return cached


PALETTES = {1: ["green"], 2: ["green", "red"], 3: ["green", "yellow", "red"]}


def band_tone(rank: int, count: int) -> str:
    """The tag colour for the band at `rank` of `count`: green for the lowest, red for the
    highest, yellow (and orange) between."""
    if count in PALETTES:
        return PALETTES[count][rank]
    return TONES[round(rank * (len(TONES) - 1) / (count - 1))]


@dataclass(frozen=True)
class Scored:
    """A score with its band, as every page shows it: '16, High'."""

    score: int
    band: scoring.ScoreBand
    tone: str

    def __str__(self) -> str:
        return f"{self.score} ({self.band.name})"


def scored(value: int, bands: tuple[scoring.ScoreBand, ...]) -> Scored:
    rank = scoring.band_rank(value, bands)
    return Scored(value, bands[rank], band_tone(rank, len(bands)))


@dataclass(frozen=True)
class RiskRow:
    risk: Risk
    inherent: Scored
    residual: Scored
    target: Scored
    above_appetite: bool


def rows_for(risks: list[Risk], bands: tuple[scoring.ScoreBand, ...]) -> list[RiskRow]:
    return [
        RiskRow(
            risk=risk,
            inherent=scored(risk.inherent_score, bands),
            residual=scored(risk.residual_score, bands),
            target=scored(risk.target_score, bands),
            above_appetite=risk.is_above_appetite,
        )
        for risk in risks
    ]


# Registers -----------------------------------------------------------------------------


def registers_for(organisation: Organisation) -> QuerySet[Register]:
    """The organisation's registers, corporate first, each with its open risks counted."""
    return (
        Register.objects.filter(organisation=organisation)
        .select_related("org_unit")
        .annotate(open_count=Count("risks", filter=Q(risks__status=Risk.Status.OPEN)))
        .order_by("kind", "name")
    )


def corporate_register(organisation: Organisation) -> Register | None:
    return Register.objects.filter(organisation=organisation, kind=Register.Kind.CORPORATE).first()


@dataclass(frozen=True)
class RiskFilters:
    """What a register view is narrowed to; None or "" means any."""

    register_id: int | None = None
    category_id: int | None = None
    owner_id: int | None = None
    band: str = ""  # a band's name
    above_appetite: bool = False
    kind: str = ""
    status: str = Risk.Status.OPEN


def risks_filtered(organisation: Organisation, filters: RiskFilters) -> list[RiskRow]:
    """The organisation's risks narrowed by `filters`, highest residual score first. The band
    and appetite tests run in the database on the residual score (likelihood × impact)."""
    risks = (
        Risk.objects.filter(organisation=organisation)
        .select_related("organisation", "register", "escalated_from", "owner", "category")
        .select_related("org_unit")
        .annotate(residual=F("residual_likelihood") * F("residual_impact"))
    )
    if filters.register_id:
        risks = risks.filter(register_id=filters.register_id)
    if filters.category_id:
        risks = risks.filter(category_id=filters.category_id)
    if filters.owner_id:
        risks = risks.filter(owner_id=filters.owner_id)
    if filters.kind:
        risks = risks.filter(kind=filters.kind)
    if filters.status:
        risks = risks.filter(status=filters.status)
    bands = score_bands_for(organisation)
    if filters.band:
        band = next((b for b in bands if b.name.lower() == filters.band.lower()), None)
        if band is None:
            return []
        risks = risks.filter(residual__gte=band.lowest, residual__lte=band.highest)
    if filters.above_appetite:
        risks = risks.filter(
            kind=Risk.Kind.RISK,
            category__appetite__isnull=False,
            residual__gt=F("category__appetite"),
        )
    return rows_for(list(risks.order_by("-residual", "reference")), bands)


def owners_of_risks(organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(risks_owned__organisation=organisation).distinct()


# The heat map ---------------------------------------------------------------------------


def heat_map_for(rows: list[RiskRow]) -> scoring.HeatMap:
    """Counts of the rows' residual likelihood and impact, for the heat map."""
    return scoring.heat_map_counts(
        (row.risk.residual_likelihood, row.risk.residual_impact) for row in rows
    )


# A risk's history ---------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryPoint:
    """A risk's residual score as reviewed in one quarter."""

    period: ReportingPeriod
    review: RiskReview
    residual: Scored
    movement: scoring.Movement
    return_status: str  # the return's status label: Draft, Submitted, Approved


def score_history(risk: Risk) -> list[HistoryPoint]:
    """The risk's quarterly reviews, oldest first."""
    bands = score_bands_for(risk.organisation)
    reviews = (
        RiskReview.objects.filter(risk=risk)
        .select_related("risk_return__period", "reviewed_by")
        .order_by("risk_return__period__start_date")
    )
    return [
        HistoryPoint(
            period=review.risk_return.period,
            review=review,
            residual=scored(review.score, bands),
            movement=review.movement,
            return_status=review.risk_return.get_status_display(),
        )
        for review in reviews
    ]


# Quarterly risk returns ----------------------------------------------------------------


def return_register_ids(register: Register) -> set[int]:
    """The registers a return covers: a directorate's return takes in the service registers
    within it; the corporate register's covers itself."""
    if register.kind != Register.Kind.DIRECTORATE or register.org_unit_id is None:
        return {register.pk}
    within = unit_descendants(register.organisation, register.org_unit_id)
    return {register.pk} | set(
        Register.objects.filter(
            organisation=register.organisation,
            kind=Register.Kind.SERVICE,
            org_unit_id__in=within,
        ).values_list("pk", flat=True)
    )


def risks_for_return(register: Register, period: ReportingPeriod) -> QuerySet[Risk]:
    """The risks a return reviews: those whose home is one of its registers (escalated ones
    stay with their directorate), identified by the quarter's end and open during it."""
    ids = return_register_ids(register)
    return (
        Risk.objects.filter(organisation=register.organisation, identified_on__lte=period.end_date)
        .filter(Q(escalated_from__isnull=True, register_id__in=ids) | Q(escalated_from_id__in=ids))
        .filter(Q(status=Risk.Status.OPEN) | Q(closed_on__gte=period.start_date))
        .select_related("organisation", "register", "escalated_from", "owner", "category")
        .order_by("reference")
    )


def risk_return_for(register: Register, period: ReportingPeriod) -> RiskReturn:
    """The register's return for the quarter; unsaved when nobody has started it."""
    existing = RiskReturn.objects.filter(register=register, period=period).first()
    return existing or RiskReturn(register=register, period=period)


@dataclass
class ReturnChanges:
    """What changed over a return's quarter."""

    new: list[Risk] = field(default_factory=list)
    closed: list[Risk] = field(default_factory=list)
    escalated: list[RiskEscalation] = field(default_factory=list)
    de_escalated: list[RiskEscalation] = field(default_factory=list)
    score_up: list[RiskReview] = field(default_factory=list)
    score_down: list[RiskReview] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(
            len(items)
            for items in (
                self.new,
                self.closed,
                self.escalated,
                self.de_escalated,
                self.score_up,
                self.score_down,
            )
        )


def risk_return_changes(risk_return: RiskReturn) -> ReturnChanges:
    """New and closed risks, escalations and de-escalations, and scores up or down over the
    return's quarter. Movement is `calculations.risk.movement` of each review's scores."""
    period = risk_return.period
    register = risk_return.register
    start, end = period.start_date, period.end_date
    risks = list(risks_for_return(register, period))
    changes = ReturnChanges(
        new=[risk for risk in risks if start <= risk.identified_on <= end],
        closed=[risk for risk in risks if risk.closed_on and start <= risk.closed_on <= end],
    )
    ids = return_register_ids(register)
    moves = (
        RiskEscalation.objects.filter(decided_on__gte=start, decided_on__lte=end)
        .filter(Q(from_register_id__in=ids) | Q(to_register_id__in=ids))
        .select_related("risk", "from_register", "to_register", "decided_by")
        .order_by("decided_on", "pk")
    )
    for move in moves:
        if move.direction == RiskEscalation.Direction.ESCALATE:
            changes.escalated.append(move)
        else:
            changes.de_escalated.append(move)
    if risk_return.pk:
        for review in risk_return.reviews.select_related("risk").order_by("risk__reference"):
            if review.movement == scoring.Movement.UP:
                changes.score_up.append(review)
            elif review.movement == scoring.Movement.DOWN:
                changes.score_down.append(review)
    return changes


@dataclass
class ReturnTask:
    """A register's return for a quarter, whether or not anyone has started it."""

    register: Register
    period: ReportingPeriod
    risk_return: RiskReturn | None
    window: Window

    @property
    def status(self) -> str:
        return self.risk_return.status if self.risk_return else "not_started"

    def state(self, today: date) -> str:
        """Where it stands: submitted or approved, else sent back, overdue, or by its window."""
        if self.status in {RiskReturn.Status.SUBMITTED, RiskReturn.Status.APPROVED}:
            return self.status
        if self.risk_return is not None and self.risk_return.sent_back_reason:
            return "sent_back"
        window = self.window.state(today)
        if window == "overdue":
            return "overdue"
        return "draft" if self.status == RiskReturn.Status.DRAFT else window


def return_tasks(organisation: Organisation, periods: list[ReportingPeriod]) -> list[ReturnTask]:
    """A task for each returnable register (corporate and directorates) in each quarter."""
    quarters = [period for period in periods if period.frequency == "quarterly"]
    registers = sharing_organisation(
        Register.objects.filter(organisation=organisation, kind__in=RETURNABLE)
        .select_related("org_unit")
        .order_by("kind", "name"),
        organisation,
    )
    by_pk = {register.pk: register for register in registers}
    existing = {}
    for made in RiskReturn.objects.filter(register__in=registers, period__in=quarters):
        made.register = by_pk[made.register_id]  # so permission checks read no register again
        existing[made.register_id, made.period_id] = made
    return [
        ReturnTask(
            register,
            period,
            existing.get((register.pk, period.pk)),
            return_window(organisation, period),
        )
        for period in quarters
        for register in registers
    ]


def return_tasks_open(organisation: Organisation, today: date) -> list[ReturnTask]:
    """The returns whose window is open or recently closed: today's to-do list."""
    return return_tasks(organisation, periods_open_for_returns(organisation, today))


def risk_returns_awaiting_approval(user: User, organisation: Organisation) -> list[RiskReturn]:
    """Submitted risk returns this person may approve."""
    submitted = (
        RiskReturn.objects.filter(
            register__organisation=organisation, status=RiskReturn.Status.SUBMITTED
        )
        .select_related("register__org_unit", "period", "submitted_by")
        .order_by("period__start_date", "register__name")
    )
    sharing_organisation((made.register for made in submitted), organisation)
    return [r for r in submitted if permissions.can_approve_risk_return(user, r)]
