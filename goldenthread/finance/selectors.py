"""Reads for finance: the MTFP table, monitoring rows per unit with variance and RAG, the
approvals queue, the savings programme and resources against priorities."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.calculations.finance import Variance, savings_rag, variance, variance_rag
from goldenthread.calculations.rag import RagStatus
from goldenthread.calculations.rollup import RagCounts, rag_counts
from goldenthread.finance.models import BudgetLine, BudgetReturn, CarryForward, SavingsItem
from goldenthread.finance.services import finance_settings_for
from goldenthread.indicators.selectors import Window, return_window
from goldenthread.strategy.models import ReportingPeriod, Theme

MTFP_YEARS = 4  # the current year and three indicative years


def financial_year(organisation: Organisation, today: date | None = None) -> int:
    today = today or timezone.localdate()
    return today.year if today.month >= organisation.year_start_month else today.year - 1


def year_label(year: int) -> str:
    return f"{year}/{(year + 1) % 100:02d}"


def budget_units(organisation: Organisation, year: int) -> list[OrgUnit]:
    """The units that hold budgets for the year: each makes a monitoring return."""
    return list(
        OrgUnit.objects.filter(organisation=organisation, budget_lines__year=year)
        .distinct()
        .order_by("name")
    )


def unit_budgets(organisation: Organisation, year: int) -> dict[int, Decimal]:
    return {
        row["org_unit"]: row["total"]
        for row in BudgetLine.objects.filter(organisation=organisation, year=year)
        .values("org_unit")
        .annotate(total=Sum("amount"))
    }


@dataclass(frozen=True)
class MtfpRow:
    unit: OrgUnit | None  # None for the total row
    amounts: list[Decimal]

    @property
    def change(self) -> Decimal:
        """From the current year to the last indicative year."""
        return self.amounts[-1] - self.amounts[0]


def mtfp_table(organisation: Organisation, first_year: int) -> tuple[list[int], list[MtfpRow]]:
    """Budget per unit for the current year and the indicative years after, with a total."""
    years = list(range(first_year, first_year + MTFP_YEARS))
    totals: dict[int, dict[int, Decimal]] = defaultdict(dict)
    for row in (
        BudgetLine.objects.filter(organisation=organisation, year__in=years)
        .values("org_unit", "year")
        .annotate(total=Sum("amount"))
    ):
        totals[row["org_unit"]][row["year"]] = row["total"]
    units = OrgUnit.objects.filter(pk__in=totals).order_by("name")
    rows = [
        MtfpRow(unit, [totals[unit.pk].get(year, Decimal(0)) for year in years]) for unit in units
    ]
    overall = [sum((row.amounts[i] for row in rows), Decimal(0)) for i in range(len(years))]
    return years, [*rows, MtfpRow(None, overall)]


@dataclass(frozen=True)
class MonitoringRow:
    unit: OrgUnit
    period: ReportingPeriod
    budget: Decimal
    budget_return: BudgetReturn | None
    window: Window

    @property
    def forecast(self) -> Decimal | None:
        return self.budget_return.forecast if self.budget_return else None

    @property
    def is_approved(self) -> bool:
        return (
            self.budget_return is not None
            and self.budget_return.status == BudgetReturn.Status.APPROVED
        )

    def state(self, today: date) -> str:
        if self.budget_return is not None and self.budget_return.status != "draft":
            return self.budget_return.status
        if self.budget_return is not None and self.budget_return.sent_back_reason:
            return "sent_back"
        if self.budget_return is not None:
            return "draft"
        return self.window.state(today)


@dataclass(frozen=True)
class Judged:
    row: MonitoringRow
    variance: Variance | None
    rag: RagStatus


def monitoring_rows(organisation: Organisation, period: ReportingPeriod) -> list[Judged]:
    """Every budget-holding unit for the period's year: budget, return, variance and RAG.
    A return's own budget (as saved) is the one it is judged against."""
    settings = finance_settings_for(organisation)
    budgets = unit_budgets(organisation, period.year)
    returns = {
        r.org_unit_id: r
        for r in BudgetReturn.objects.filter(period=period).select_related(
            "submitted_by", "approved_by"
        )
    }
    window = return_window(organisation, period)
    judged = []
    for unit in budget_units(organisation, period.year):
        budget_return = returns.get(unit.pk)
        row = MonitoringRow(unit, period, budgets.get(unit.pk, Decimal(0)), budget_return, window)
        if budget_return is None:
            judged.append(Judged(row, None, RagStatus.NO_DATA))
            continue
        judged.append(
            Judged(
                row,
                variance(budget_return.budget, budget_return.forecast),
                variance_rag(budget_return.budget, budget_return.forecast, settings.thresholds),
            )
        )
    return judged


def monitoring_periods(organisation: Organisation, year: int) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(
        organisation=organisation, frequency=ReportingPeriod.Frequency.QUARTERLY, year=year
    ).order_by("number")


def monitoring_period_current(
    organisation: Organisation, today: date | None = None
) -> ReportingPeriod | None:
    """The latest quarter whose return window has opened."""
    today = today or timezone.localdate()
    for period in ReportingPeriod.objects.filter(
        organisation=organisation, frequency=ReportingPeriod.Frequency.QUARTERLY
    ).order_by("-end_date"):
        if return_window(organisation, period).opens <= today:
            return period
    return None


def returns_awaiting_approval(user: User, organisation: Organisation) -> list[BudgetReturn]:
    submitted = BudgetReturn.objects.filter(
        org_unit__organisation=organisation, status=BudgetReturn.Status.SUBMITTED
    ).select_related("org_unit__organisation", "period", "submitted_by")
    return [r for r in submitted if permissions.can_approve_budget_return(user, r.org_unit)]


def units_entered_by(user: User, organisation: Organisation, year: int) -> list[OrgUnit]:
    return [
        unit
        for unit in budget_units(organisation, year)
        if permissions.can_enter_budget_return(user, unit)
    ]


@dataclass(frozen=True)
class SavingsRow:
    item: SavingsItem
    rag: RagStatus

    @property
    def shortfall(self) -> Decimal:
        return max(self.item.target - self.item.forecast, Decimal(0))


def savings_rows(organisation: Organisation, year: int | None = None) -> list[SavingsRow]:
    settings = finance_settings_for(organisation)
    items = SavingsItem.objects.filter(organisation=organisation).select_related(
        "org_unit", "owner"
    )
    if year is not None:
        items = items.filter(year=year)
    return [
        SavingsRow(item, savings_rag(item.target, item.forecast, settings.savings_amber_percent))
        for item in items
    ]


def carry_forwards(organisation: Organisation) -> QuerySet[CarryForward]:
    return CarryForward.objects.filter(org_unit__organisation=organisation).select_related(
        "org_unit", "requested_by", "decided_by"
    )


@dataclass(frozen=True)
class ThemeResources:
    theme: Theme
    budget: Decimal
    forecast: Decimal
    variance: Variance
    rag_counts: RagCounts
    rag_url: str

    @property
    def overspent_with_red(self) -> bool:
        """Money and results diverging: spending over budget while measures are red."""
        return self.variance.amount > 0 and self.rag_counts.red > 0


def resources_against_priorities(
    organisation: Organisation, year: int, period: ReportingPeriod | None
) -> list[ThemeResources]:
    """Budget and forecast per Council Plan theme beside the theme's indicator RAG counts.

    A budget line counts to its theme, or to its objective's theme. Its forecast is the line's
    share of its unit's latest forecast outturn in the year (the budget where no return yet).
    """
    from goldenthread.indicators.rollups import rag_rollups

    lines = BudgetLine.objects.filter(organisation=organisation, year=year).filter(
        Q(theme__isnull=False) | Q(objective__theme__isnull=False)
    )
    budgets = unit_budgets(organisation, year)
    latest: dict[int, BudgetReturn] = {}
    for budget_return in BudgetReturn.objects.filter(
        org_unit__organisation=organisation, period__year=year, period__frequency="quarterly"
    ).order_by("period__start_date"):
        latest[budget_return.org_unit_id] = budget_return
    per_theme: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for line in lines.values("amount", "org_unit_id", "theme_id", "objective__theme_id"):
        theme_id = line["theme_id"] or line["objective__theme_id"]
        amount = line["amount"]
        unit_return = latest.get(line["org_unit_id"])
        unit_budget = budgets.get(line["org_unit_id"]) or Decimal(0)
        share = (
            amount * unit_return.forecast / unit_budget
            if unit_return is not None and unit_budget
            else amount
        )
        per_theme[theme_id][0] += amount
        per_theme[theme_id][1] += share.quantize(Decimal("0.01"))
    counts: dict[str, tuple[RagCounts, str]] = {}
    if period is not None:
        for rollup in rag_rollups(organisation, period).by_theme:
            counts[rollup.name] = (rollup.counts, rollup.url)
    themes = Theme.objects.filter(organisation=organisation, plan__kind="council_plan").exclude(
        plan__status="superseded"
    )
    result = []
    for theme in themes.order_by("order", "title"):
        budget, forecast = per_theme.get(theme.pk, [Decimal(0), Decimal(0)])
        theme_counts, url = counts.get(theme.title, (rag_counts([]), theme.get_absolute_url()))
        result.append(
            ThemeResources(theme, budget, forecast, variance(budget, forecast), theme_counts, url)
        )
    return result
