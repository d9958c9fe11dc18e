"""Demo council step: a five-point rating scale, the "Appraisals completed (%)" corporate
indicator fed from the appraisals, last year's appraisals (most complete, a few not) and this
year's (objectives agreed, mid-year reviews once the year is half gone), each objective on the
golden thread, and training needs for training planning. Sam Wilson's objectives hang from
the estate management team's re-let objective."""

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from goldenthread.accounts.models import User
from goldenthread.accounts.selectors import unit_ancestry
from goldenthread.delivery.models import Action
from goldenthread.demo import DemoCouncil
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.people import selectors, services
from goldenthread.people.forms import LINKABLE_PLANS
from goldenthread.people.models import AppraisalObjective, RatingLevel, TrainingNeed
from goldenthread.strategy.models import Objective, ReportingPeriod

SCALE = [
    (1, "Not met", "Most objectives not achieved; improvement needed."),
    (2, "Partly met", "Some objectives achieved, others not."),
    (3, "Fully met", "Objectives achieved to the standard agreed."),
    (4, "Exceeded", "Objectives achieved beyond the standard agreed."),
    (5, "Outstanding", "Exceptional contribution well beyond the role."),
]
NEEDS = [
    ("mandatory", "Safeguarding refresher", "high"),
    ("digital", "Power BI and data visualisation", "medium"),
    ("leadership", "Aspiring managers programme", "medium"),
    ("professional", "Professional qualification (CIH, CIPFA, RTPI or similar)", "high"),
    ("customer", "Handling difficult conversations with customers", "low"),
    ("personal", "Project management foundation", "medium"),
    ("mandatory", "Data protection (UK GDPR) annual training", "high"),
]
# Employees (by username) whose appraisal last year stopped at the mid-year review.
UNFINISHED_LAST_YEAR = {"officer.waste", "officer.health", "manager.economy", "officer.adults"}


def build(council: DemoCouncil) -> None:
    organisation = council.organisation
    scale = {
        value: RatingLevel.objects.create(
            organisation=organisation, value=value, label=label, description=description
        )
        for value, label, description in SCALE
    }
    this_year = selectors.appraisal_year(organisation)
    indicator = _completion_indicator(council, this_year)
    settings = services.appraisal_settings_for(organisation)
    settings.completion_indicator = indicator
    settings.save()

    staff = list(selectors.employees(organisation))
    rng = council.rng
    for year in (this_year - 1, this_year):
        start = date(year, organisation.year_start_month, 1)
        for index, person in enumerate(staff):
            manager = person.line_manager
            appraisal = services.appraisal_start(employee=person, year=year, user=manager)
            for title, measure, link in _objectives_for(person, organisation):
                services.appraisal_objective_save(
                    objective=AppraisalObjective(
                        appraisal=appraisal,
                        title=title,
                        success_measure=measure,
                        due_date=date(year + 1, 3, 31),
                        **link,
                    ),
                    user=manager,
                )
            for category, need, priority in rng.sample(NEEDS, k=1 + index % 2):
                services.training_need_add(
                    appraisal=appraisal,
                    category=category,
                    description=need,
                    priority=priority,
                    user=person,
                )
            if year == this_year and index % 7 == 6:
                continue  # still setting objectives
            appraisal = services.appraisal_objectives_agree(
                appraisal=appraisal, on=start + timedelta(days=30 + index % 20), user=manager
            )
            mid_year_on = start + timedelta(days=185 + index % 25)
            if mid_year_on > timezone.localdate():
                continue
            _review(appraisal, "mid_year", mid_year_on, scale[3], manager, rng)
            if year == this_year or person.username in UNFINISHED_LAST_YEAR:
                continue
            _review(
                appraisal,
                "year_end",
                date(year + 1, 4, 10),
                scale[rng.choice([3, 3, 4, 2, 5])],
                manager,
                rng,
            )
        if year < this_year:
            TrainingNeed.objects.filter(appraisal__year=year).update(
                status=TrainingNeed.Status.COMPLETED
            )
    _sign_off_last_year(council, indicator, this_year - 1)


def _review(appraisal, stage, held_on, rating, manager, rng) -> None:  # type: ignore[no-untyped-def]
    year_end = stage == "year_end"
    services.review_record(
        appraisal=appraisal,
        data=services.ReviewData(
            stage=stage,
            held_on=held_on,
            summary="Good progress on the agreed objectives; workload discussed and support agreed."
            if not year_end
            else "A solid year: the objectives were delivered and the training completed.",
            rating=rating if year_end else None,
            employee_comments="I agree with the summary.",
            progress={
                objective.pk: (
                    "On track." if not year_end else "Delivered as agreed.",
                    rating if year_end else None,
                )
                for objective in appraisal.objectives.all()
            },
        ),
        user=manager,
    )


def _completion_indicator(council: DemoCouncil, this_year: int) -> Indicator:
    organisation = council.organisation
    indicator = Indicator.objects.create(
        organisation=organisation,
        code="PI-HR-01",
        title="Appraisals completed (%)",
        definition="The share of employees whose year-end appraisal review has been held.",
        calculation_method="Year-end reviews held ÷ employees with a line manager × 100, "
        "written automatically from the appraisal records.",
        numerator_label="Year-end reviews held",
        denominator_label="Employees",
        data_source="Golden Thread appraisal records",
        data_system="Golden Thread (people)",
        past_performance="Completion has hovered around 85% since appraisals moved online; "
        "unfinished appraisals are mostly in teams that changed manager mid-year.",
        target_rationale="Every employee should have a year-end review; 95% allows for long "
        "absences and people who join or leave late in the year.",
        review_date=date(this_year + 1, 2, 1),
        signed_off_by=council.people["director.resources"],
        signed_off_on=date(this_year, 4, 1),
        owner=council.people["head.hr"],
        org_unit=council.units["Human Resources"],
        unit=Indicator.Unit.PERCENT,
        frequency="annual",
        aggregation="latest",
        in_corporate_basket=True,
    )
    periods = ReportingPeriod.objects.filter(
        organisation=organisation, frequency="annual", year__in=range(this_year - 1, this_year + 2)
    )
    for period in periods:
        indicator_services.target_set(
            indicator=indicator,
            period=period,
            values=indicator_services.TargetValues(value=Decimal(95), tolerance=Decimal(10)),
            user=council.people["performance.lead"],
        )
    return indicator


def _sign_off_last_year(council: DemoCouncil, indicator: Indicator, year: int) -> None:
    """The lead officer submits last year's fed value and the director approves it."""
    indicator_return = IndicatorReturn.objects.filter(
        indicator=indicator, period__year=year
    ).first()
    if indicator_return is None:
        return
    data = indicator_services.ReturnData(
        numerator=indicator_return.numerator,
        denominator=indicator_return.denominator,
        commentary=indicator_return.commentary
        + " Four appraisals stopped at the mid-year review; managers have been reminded.",
        remedial_action="HR to follow up every unfinished appraisal with the line manager.",
        source_quoted=indicator_return.source_quoted,
        prepared_by=indicator_return.prepared_by,
    )
    indicator_services.return_save(
        indicator_return=indicator_return, data=data, user=indicator.owner, submit=True
    )
    indicator_services.return_approve(
        indicator_return=indicator_return, user=council.people["director.resources"]
    )


def _objectives_for(person: User, organisation) -> list[tuple[str, str, dict]]:  # type: ignore[no-untyped-def]
    """Two or three objectives on the thread: the unit's objectives, the person's
    indicators and actions."""
    found: list[tuple[str, str, dict]] = []
    ancestry = unit_ancestry(organisation, person.org_unit_id)
    objectives = list(
        Objective.objects.filter(organisation=organisation, org_unit_id__in=ancestry)
        .filter(plan__kind__in=LINKABLE_PLANS)
        .order_by("-org_unit__kind", "pk")[:2]
    )
    for objective in objectives:
        found.append(
            (
                f"Contribute to: {objective.title}",
                objective.success_measure,
                {"objective": objective},
            )
        )
    indicator = Indicator.objects.filter(owner=person, is_active=True).order_by("code").first()
    if indicator is not None:
        found.append(
            (
                f"Keep {indicator.code} on target and report it on time",
                "Quarterly returns submitted by the deadline and on target",
                {"indicator": indicator},
            )
        )
    action = Action.objects.filter(lead=person).order_by("due_date").first()
    if action is not None:
        found.append((f"Deliver {action.title}", "Milestones met on time", {"action": action}))
    if not found:
        objective = (
            Objective.objects.filter(organisation=organisation, plan__kind__in=LINKABLE_PLANS)
            .order_by("pk")
            .first()
        )
        if objective is not None:
            found.append(
                (f"Support: {objective.title}", objective.success_measure, {"objective": objective})
            )
    return found[:3]
