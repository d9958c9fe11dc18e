"""Demo council step: Wyvern Vale's MTFP (about £170m net across its services, indicative
allocations for three more years), a savings programme, quarterly budget monitoring with a
few variances (children's placements, temporary accommodation, adult care packages, a waste
contract underspend) and two carry-forward requests."""

from decimal import Decimal

from django.utils import timezone

from goldenthread.demo import DemoCouncil
from goldenthread.finance import services
from goldenthread.finance.models import BudgetLine, BudgetReturn, SavingsItem
from goldenthread.indicators.selectors import return_window
from goldenthread.strategy.models import Objective, ReportingPeriod, Theme

# service, cost centre prefix, theme slug (or objective code), employees, running costs, income
BUDGETS = [
    ("Housing", "HSG", "CP-SAF-1", 3_420_000, 5_180_000, -1_790_000),
    ("Care for Your Area", "CYA", "environment", 6_950_000, 9_840_000, -2_590_000),
    ("Planning and Regeneration", "PLR", "regeneration", 3_110_000, 1_720_000, -1_980_000),
    ("Community Protection", "CPR", "safety", 2_640_000, 1_390_000, -420_000),
    ("Schools and Learning", "SCL", "education", 5_870_000, 4_960_000, -1_330_000),
    ("Children's Social Care", "CSC", "CP-SAF-2", 14_600_000, 25_300_000, -1_500_000),
    ("Adult Social Care", "ASC", "CP-SAF-4", 17_900_000, 58_400_000, -13_600_000),
    ("Public Health", "PHE", "health", 2_300_000, 13_100_000, -14_200_000),
    ("Finance", "FIN", "", 3_050_000, 1_240_000, -390_000),
    ("Policy and Performance", "PPF", "", 960_000, 180_000, 0),
    ("Human Resources", "HRS", "", 1_720_000, 610_000, -130_000),
    ("Customer Services", "CUS", "", 2_890_000, 640_000, -130_000),
    ("Legal Services", "LEG", "", 1_880_000, 420_000, -200_000),
    ("Democratic Services", "DEM", "", 880_000, 760_000, -40_000),
    ("Internal Audit", "AUD", "", 520_000, 90_000, -10_000),
]
CATEGORIES = [
    ("01", "Staffing", BudgetLine.Category.EMPLOYEES),
    ("02", "Running costs and contracts", BudgetLine.Category.SUPPLIES),
    ("03", "Fees, charges and grants", BudgetLine.Category.INCOME),
]
# Forecast variance at year end as a fraction of budget, reached gradually over the quarters,
# with the commentary and management action the budget holder gives.
VARIANCES = {
    "Children's Social Care": (
        Decimal("0.048"),
        "Four more external residential placements than budgeted since July, at an average "
        "of £5,200 a week, and agency social workers covering vacancies.",
        "Placement review panel now weekly; two in-house foster carers recruited; agency use "
        "capped at 12 posts from January.",
    ),
    "Housing": (
        Decimal("0.036"),
        "Temporary accommodation: bed and breakfast use has risen to 41 households while "
        "homelessness presentations are up 18% on last year.",
        "Leasing 20 more private-sector homes for temporary use; prevention fund extended.",
    ),
    "Adult Social Care": (
        Decimal("0.014"),
        "Home care package costs are up with the new provider rates and higher need on "
        "hospital discharge.",
        "",
    ),
    "Care for Your Area": (
        Decimal("-0.058"),
        "The new waste disposal contract's gate fee is lower than budgeted and recycling "
        "credits are higher.",
        "",
    ),
}
SAVINGS = [
    (
        "SAV-01",
        "Shared legal service with Northfield",
        "Legal Services",
        "saving",
        0,
        180,
        180,
        "delivered",
    ),
    (
        "SAV-02",
        "Digital-first customer contact",
        "Customer Services",
        "efficiency",
        0,
        240,
        210,
        "delivering",
    ),
    (
        "SAV-03",
        "Reablement to reduce long-term care",
        "Adult Social Care",
        "saving",
        0,
        900,
        620,
        "delivering",
    ),
    (
        "SAV-04",
        "Fostering recruitment to cut external placements",
        "Children's Social Care",
        "saving",
        0,
        750,
        300,
        "delivering",
    ),
    (
        "SAV-05",
        "Route optimisation for refuse collection",
        "Care for Your Area",
        "efficiency",
        0,
        320,
        340,
        "delivered",
    ),
    (
        "SAV-06",
        "Commercial waste price review",
        "Care for Your Area",
        "income",
        0,
        150,
        150,
        "delivering",
    ),
    (
        "SAV-07",
        "Office accommodation rationalisation",
        "Finance",
        "saving",
        1,
        400,
        400,
        "approved",
    ),
    (
        "SAV-08",
        "Pre-planning advice charging",
        "Planning and Regeneration",
        "income",
        1,
        60,
        45,
        "proposed",
    ),
]
INFLATION = [Decimal(1), Decimal("1.025"), Decimal("1.045"), Decimal("1.064"), Decimal("1.082")]


def _year_now(organisation) -> int:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return today.year if today.month >= organisation.year_start_month else today.year - 1


def build(council: DemoCouncil) -> None:
    organisation = council.organisation
    people = council.people
    finance_head = people["head.finance"]
    settings = services.finance_settings_for(organisation)
    settings.finance_unit = council.units["Finance"]
    services.finance_settings_save(settings=settings, user=people["performance.lead"])
    this_year = _year_now(organisation)
    themes = {t.slug: t for t in Theme.objects.filter(organisation=organisation)}
    objectives = {o.code: o for o in Objective.objects.filter(organisation=organisation)}

    # The MTFP: last year (for outturn), this year and three indicative years.
    years = range(this_year - 1, this_year + 4)
    for service, prefix, link, *amounts in BUDGETS:
        unit = council.units[service]
        for (suffix, title, category), amount in zip(CATEGORIES, amounts, strict=True):
            if not amount:
                continue
            for offset, year in enumerate(years):
                # Indicative years grow with inflation, less a 1.5% efficiency each year.
                factor = INFLATION[offset] * (Decimal("0.985") ** max(offset - 1, 0))
                services.budget_line_save(
                    line=BudgetLine(
                        organisation=organisation,
                        org_unit=unit,
                        code=f"{prefix}{suffix}",
                        title=f"{service}: {title.lower()}",
                        category=category,
                        year=year,
                        amount=(Decimal(amount) * factor).quantize(Decimal(1000)),
                        theme=themes.get(link),
                        objective=objectives.get(link),
                    ),
                    user=finance_head,
                )

    for reference, title, service, kind, offset, target, forecast, stage in SAVINGS:
        services.savings_item_save(
            item=SavingsItem(
                organisation=organisation,
                org_unit=council.units[service],
                reference=reference,
                title=title,
                kind=kind,
                year=this_year + offset,
                target=Decimal(target * 1000),
                forecast=Decimal(forecast * 1000),
                stage=stage,
                owner=council.units[service].head,
            ),
            user=finance_head,
        )

    _monitoring(council, finance_head)

    year_label = f"{this_year - 1}/{this_year % 100:02d}"
    services.carry_forward_request(
        unit=council.units["Planning and Regeneration"],
        year=this_year - 1,
        kind="underspend",
        amount=Decimal(120_000),
        business_case=f"The Local Plan examination slipped from {year_label} into this year; "
        "the £120,000 set aside for the inspector and evidence studies is still needed.",
        user=people["head.planning"],
    )
    services.carry_forward_decide(
        request=organisation.units.get(name="Planning and Regeneration").carry_forwards.get(),
        approve=True,
        note="Agreed: ring-fenced to the Local Plan examination.",
        user=finance_head,
    )
    services.carry_forward_request(
        unit=council.units["Children's Social Care"],
        year=this_year,
        kind="overspend",
        amount=Decimal(500_000),
        business_case="Fund part of the placements overspend from next year's budget while the "
        "fostering recruitment saving (SAV-04) builds up, rather than cut early help now.",
        user=people["head.childrens"],
    )


def _monitoring(council: DemoCouncil, finance_head) -> None:  # type: ignore[no-untyped-def]
    """Returns for the last three quarters whose window has opened: the older ones approved,
    the latest a mix of approved, submitted, draft and not started."""
    organisation = council.organisation
    today = timezone.localdate()
    quarters = [
        period
        for period in ReportingPeriod.objects.filter(
            organisation=organisation, frequency="quarterly", end_date__lt=today
        ).order_by("-end_date")[:6]
        if return_window(organisation, period).opens <= today
    ][:3][::-1]
    approver = council.people["director.resources"]
    for position, period in enumerate(quarters):
        latest = position == len(quarters) - 1
        for index, (service, *_rest) in enumerate(BUDGETS):
            unit = council.units[service]
            budget = services.unit_budget(unit, period.year)
            if not budget:
                continue
            share, commentary, action = VARIANCES.get(service, (Decimal("0.002"), "", ""))
            if latest and index % 5 == 4:
                continue  # not started yet
            # The variance emerges over the year: three-quarters of it at Q1, all from Q2.
            fraction = share * (Decimal("0.75") if period.number == 1 else Decimal(1))
            if service not in VARIANCES:
                fraction = share if index % 2 else -share
            forecast = (budget * (1 + fraction)).quantize(Decimal(1000))
            budget_return = BudgetReturn(org_unit=unit, period=period, budget=budget, forecast=0)
            submit = not (latest and index % 4 == 3)
            services.budget_return_save(
                budget_return=budget_return,
                data=services.BudgetReturnData(
                    forecast=forecast, commentary=commentary, management_action=action
                ),
                user=finance_head,
                submit=submit,
            )
            if submit and not (latest and index % 3 == 0):
                services.budget_return_approve(budget_return=budget_return, user=approver)
