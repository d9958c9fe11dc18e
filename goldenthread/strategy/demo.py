"""Demo council step: the framework, the planning cycle, plans, themes and the golden thread.

Reproduces the seeds' cascade: "Zero homelessness" → "100% of homeless households
offered accommodation within 21 days" → the estate management team's "100% of
empty homes available to re-let within 28 days" → an individual work plan.
"""

from datetime import date

from django.utils import timezone

from goldenthread.demo import DemoCouncil
from goldenthread.strategy import services
from goldenthread.strategy.models import (
    CoreValue,
    Framework,
    ManagementPrinciple,
    Objective,
    Plan,
    PlanningStage,
    Theme,
)

VALUES = [
    (
        "Putting people first",
        "Respect",
        "We respect all people, their privacy and dignity, offering choice wherever possible.",
    ),
    (
        "Managing resources",
        "Efficiency",
        "Our services are delivered efficiently and effectively, in a way people value.",
    ),
    (
        "Working with others",
        "Partnership",
        "We co-operate openly with partners, citizens and the voluntary and business sectors.",
    ),
    (
        "Striving for improvement",
        "Challenge",
        "We challenge people to use their creativity to innovate and keep improving.",
    ),
    (
        "Performing well",
        "Skills",
        "Our services are provided by capable and appropriately trained people.",
    ),
    (
        "Securing the future",
        "Protection",
        "We balance differing needs to secure a healthy, safe and attractive environment.",
    ),
]
PRINCIPLES = [
    (
        "Managerial culture",
        "Managers, not administrators: innovative, multi-skilled and concerned with quality.",
    ),
    (
        "Tight/loose approach",
        "Comply with standing orders, financial rules and agreed policies; beyond these, freedom to manage.",
    ),
    (
        "Accountability",
        "Responsible for our services and accountable to members, clients and the public.",
    ),
    ("Accessibility", "Accessible to members, clients, the public and each other."),
    (
        "Performance based",
        "Measure performance against objectives, benchmark against comparators and embrace best practice.",
    ),
    ("Public service ethos", "Never forget our commitment to the communities and people we serve."),
]
STAGES = {
    PlanningStage.Cycle.COUNCIL_PLAN: [
        ("Review national policy, legislative changes and the financial position", 8, 8),
        ("Determine priorities and resources available", 9, 10),
        ("Determine actions, success measures and targets; align priorities to resources", 11, 2),
        ("Approval by Cabinet and Council", 3, 3),
        ("Delivery", 4, 3),
    ],
    PlanningStage.Cycle.COMMUNITY_STRATEGY: [
        ("Scope the annual review", 9, 9),
        ("Engage with thematic and area partnerships", 10, 12),
        ("Draft the strategy and delivery plan", 1, 3),
        ("Approval by Council and the Local Strategic Partnership", 4, 4),
        ("Delivery", 4, 3),
    ],
    PlanningStage.Cycle.APPRAISAL: [
        ("Annual appraisal: agree objectives and development needs", 4, 5),
        ("Mid-year review", 10, 10),
        ("Year-end review", 3, 3),
    ],
}
# theme title, slug, statement, committees, objectives (code, title, success measure, owner, unit)
THEMES = [
    (
        "Environment",
        "environment",
        "Secure a safe and attractive environment for current and future generations.",
        ["Place Select Committee"],
        [
            (
                "CP-ENV-1",
                "Cut carbon dioxide emissions from homes",
                "9,000 tonnes less CO2 from dwellings each year",
                "head.protection",
                "Community Protection",
            ),
            (
                "CP-ENV-2",
                "Clean streets and open spaces",
                "95% of streets at a high or acceptable standard of cleanliness",
                "head.cfya",
                "Care for Your Area",
            ),
            (
                "CP-ENV-3",
                "Recycle more and send less to landfill",
                "Half of household waste recycled or composted by 2028",
                "head.cfya",
                "Care for Your Area",
            ),
        ],
    ),
    (
        "Safety and social well-being",
        "safety",
        "Promote the safety and social well-being of the community.",
        ["People Select Committee"],
        [
            (
                "CP-SAF-1",
                "Zero homelessness",
                "No household in bed and breakfast or hostel accommodation",
                "head.housing",
                "Housing",
            ),
            (
                "CP-SAF-2",
                "Reduce youth offending",
                "The rate of youth offending down by at least 10% by March 2027",
                "head.childrens",
                "Children's Social Care",
            ),
            (
                "CP-SAF-3",
                "Fewer burglaries and less anti-social behaviour",
                "Domestic burglary below 8 per 1,000 households",
                "head.protection",
                "Community Protection",
            ),
            (
                "CP-SAF-4",
                "Help vulnerable adults live independently",
                "More older people at home 91 days after leaving hospital",
                "head.adults",
                "Adult Social Care",
            ),
        ],
    ),
    (
        "Health",
        "health",
        "Improve the health of the local community.",
        ["People Select Committee"],
        [
            (
                "CP-HEA-1",
                "Fewer early deaths from heart disease and stroke",
                "Deaths from coronary heart disease and stroke down 40% by 2030",
                "head.publichealth",
                "Public Health",
            ),
            (
                "CP-HEA-2",
                "More people physically active",
                "Two in three adults active for 150 minutes a week",
                "head.publichealth",
                "Public Health",
            ),
            (
                "CP-HEA-3",
                "Narrow health inequalities between wards",
                "The gap in life expectancy between wards narrowed",
                "head.publichealth",
                "Public Health",
            ),
        ],
    ),
    (
        "Regeneration and economy",
        "regeneration",
        "Further regenerate the borough and improve the local economy.",
        ["Place Select Committee"],
        [
            (
                "CP-REG-1",
                "Keep unemployment below the regional rate",
                "Unemployment (6.5%) kept below the regional average (6.6%)",
                "head.planning",
                "Planning and Regeneration",
            ),
            (
                "CP-REG-2",
                "Build more affordable homes",
                "300 affordable homes a year",
                "head.housing",
                "Housing",
            ),
            (
                "CP-REG-3",
                "A thriving town centre",
                "Town centre vacancy rate below 10%",
                "head.planning",
                "Planning and Regeneration",
            ),
        ],
    ),
    (
        "Education and lifelong learning",
        "education",
        "Improve opportunity and achievement in education and lifelong learning.",
        ["People Select Committee"],
        [
            (
                "CP-EDU-1",
                "Raise attainment at 16",
                "70% of pupils with a strong pass in English and maths",
                "head.schools",
                "Schools and Learning",
            ),
            (
                "CP-EDU-2",
                "More adults learning",
                "4,000 adult learners enrolled a year",
                "head.schools",
                "Schools and Learning",
            ),
            (
                "CP-EDU-3",
                "Fewer young people not in education, employment or training",
                "NEET rate among 16 and 17 year olds below 4%",
                "head.schools",
                "Schools and Learning",
            ),
        ],
    ),
]
# The cascade below the Council Plan: (key, plan key, title, measure, owner, unit, parent key, link)
CASCADE = [
    (
        "housing-21-days",
        "housing",
        "100% of homeless households offered accommodation within 21 days",
        "All households offered accommodation within 21 days of assessment",
        "head.housing",
        "Housing",
        "CP-SAF-1",
        "direct",
    ),
    (
        "housing-prevention",
        "housing",
        "Prevent homelessness through early advice",
        "60% of approaches resolved by prevention",
        "manager.options",
        "Housing Options",
        "CP-SAF-1",
        "direct",
    ),
    (
        "estates-28-days",
        "estates",
        "100% of houses available for re-let within 28 days",
        "Empty homes ready to re-let within 28 days of keys returned",
        "manager.estates",
        "Estate Management",
        "housing-21-days",
        "direct",
    ),
    (
        "work-plan-voids",
        "work-plan",
        "Collect keys, assess condition, arrange repairs, notify lettings when ready",
        "Every void property handled within the 28-day standard",
        "officer.estates",
        "Estate Management",
        "estates-28-days",
        "direct",
    ),
    (
        "cfya-zones",
        "cfya",
        "95% of zones and patches at a high or acceptable standard of cleanliness",
        "Quarterly local environmental quality surveys",
        "head.cfya",
        "Care for Your Area",
        "CP-ENV-2",
        "direct",
    ),
    (
        "cleansing-hit-squad",
        "cleansing",
        "Hot spots cleared within 2 working days",
        "Hit squad response to reported hot spots",
        "manager.cleansing",
        "Street Cleansing",
        "cfya-zones",
        "direct",
    ),
    (
        "economy-new-deal",
        "planning",
        "Increase job success for the employment programme by 7% over 3 years",
        "Job outcomes for programme participants",
        "manager.economy",
        "Economic Development",
        "CP-REG-1",
        "contributory",
    ),
    (
        "yot-reoffending",
        "childrens",
        "Reduce reoffending by young people on orders",
        "Reoffending rate within 12 months",
        "manager.yot",
        "Youth Offending",
        "CP-SAF-2",
        "direct",
    ),
]
PLANS = [
    (
        "community",
        "community_plan",
        "Sustainable Community Strategy 2024–2030: Shaping the Future",
        None,
        None,
        date(2024, 4, 1),
        date(2030, 3, 31),
        True,
        "Local Strategic Partnership",
        date(2024, 4, 18),
    ),
    (
        "council",
        "council_plan",
        "Council Plan 2025–2028: Promoting Achievement and Tackling Disadvantage",
        None,
        "chief.executive",
        date(2025, 4, 1),
        date(2028, 3, 31),
        False,
        "Council",
        date(2025, 3, 5),
    ),
    (
        "delivery",
        "delivery_plan",
        "Council Delivery Plan 2025/26",
        None,
        "performance.lead",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Cabinet",
        date(2025, 3, 13),
    ),
    (
        "dns",
        "directorate_plan",
        "Development and Neighbourhood Services plan 2025/26",
        "Development and Neighbourhood Services",
        "director.dns",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Corporate Management Team",
        date(2025, 3, 20),
    ),
    (
        "housing",
        "service_plan",
        "Housing service plan 2025/26",
        "Housing",
        "head.housing",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Head of Housing",
        date(2025, 3, 25),
    ),
    (
        "cfya",
        "service_plan",
        "Care for Your Area service plan 2025/26",
        "Care for Your Area",
        "head.cfya",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Head of Care for Your Area",
        date(2025, 3, 25),
    ),
    (
        "planning",
        "service_plan",
        "Planning and Regeneration service plan 2025/26",
        "Planning and Regeneration",
        "head.planning",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Head of Planning and Regeneration",
        date(2025, 3, 26),
    ),
    (
        "childrens",
        "service_plan",
        "Children's Social Care service plan 2025/26",
        "Children's Social Care",
        "head.childrens",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Head of Children's Social Care",
        date(2025, 3, 27),
    ),
    (
        "estates",
        "team_plan",
        "Estate Management team plan 2025/26",
        "Estate Management",
        "manager.estates",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Head of Housing",
        date(2025, 4, 2),
    ),
    (
        "cleansing",
        "team_plan",
        "Street Cleansing team plan 2025/26",
        "Street Cleansing",
        "manager.cleansing",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Head of Care for Your Area",
        date(2025, 4, 3),
    ),
    (
        "work-plan",
        "work_plan",
        "Individual work plan 2025/26: Sam Wilson",
        "Estate Management",
        "officer.estates",
        date(2025, 4, 1),
        date(2026, 3, 31),
        False,
        "Chris Hughes, line manager",
        date(2025, 4, 10),
    ),
]
HOUSING_BUSINESS_PLAN = {
    "where_are_we_now": "Forty households were placed in bed and breakfast last year; empty council homes take 41 days on average to re-let.",
    "where_do_we_want_to_be": "No household in bed and breakfast or hostels, and every empty home ready to re-let within 28 days.",
    "critical_success_factors": "Early prevention advice; quick void turnaround; enough temporary homes of good quality.",
    "strategies": "A prevention-first housing options service; a voids process redesigned with repairs; a landlord incentive scheme.",
    "resource_implications": "£120,000 invested from the homelessness prevention grant; repairs budget re-profiled.",
    "how_we_monitor": "Monthly performance clinic; quarterly returns for the indicators in this plan; annual review with the Place Select Committee.",
}


def build(council: DemoCouncil) -> None:
    organisation = council.organisation
    framework = Framework.objects.create(
        organisation=organisation,
        vision="We are passionate about creating a clean, green and vibrant place where people "
        "are safe, healthy and happy. We are ambitious, open and fair. We deliver great service "
        "for your money.",
        policy_context="Promoting Achievement and Tackling Disadvantage",
        purpose_statement="Wyvern Vale Borough Council is your council. We exist to ensure you "
        "receive services which benefit and improve your lives. We will respond to your needs, "
        "provide opportunities and support you to build upon your strengths.",
    )
    for order, (title, phrase, description) in enumerate(VALUES):
        CoreValue.objects.create(
            framework=framework,
            title=title,
            key_phrase=phrase,
            description=description,
            order=order,
        )
    for order, (title, description) in enumerate(PRINCIPLES):
        ManagementPrinciple.objects.create(
            framework=framework, title=title, description=description, order=order
        )
    for cycle, stages in STAGES.items():
        for order, (name, start, end) in enumerate(stages):
            PlanningStage.objects.create(
                organisation=organisation,
                cycle=cycle,
                name=name,
                start_month=start,
                end_month=end,
                order=order,
            )
    # Seven years back for history, two ahead for targets, from the financial year we are in.
    today = timezone.localdate()
    this_year = today.year if today.month >= organisation.year_start_month else today.year - 1
    for year in range(this_year - 7, this_year + 3):
        services.reporting_periods_ensure(organisation=organisation, year=year)

    for key, kind, title, unit, owner, start, end, statutory, approver, approved in PLANS:
        plan = Plan.objects.create(
            organisation=organisation,
            kind=kind,
            title=title,
            org_unit=council.units.get(unit),
            owner=council.people.get(owner),
            start_date=start,
            end_date=end,
            is_statutory=statutory,
            status=Plan.Status.APPROVED,
            approved_by=approver,
            approved_on=approved,
            **(HOUSING_BUSINESS_PLAN if key == "housing" else {}),
        )
        council.plans[key] = plan

    council_plan = council.plans["council"]
    for order, (title, slug, statement, committees, objectives) in enumerate(THEMES):
        theme = Theme.objects.create(
            organisation=organisation,
            plan=council_plan,
            title=title,
            slug=slug,
            statement=statement,
            order=order,
        )
        theme.committees.set(
            [
                council.committees[name]
                for name in [*committees, "Executive Scrutiny Committee", "Cabinet"]
            ]
        )
        council.themes[slug] = theme
        for number, (code, objective_title, measure, owner, unit) in enumerate(objectives):
            council.objectives[code] = Objective.objects.create(
                organisation=organisation,
                plan=council_plan,
                theme=theme,
                code=code,
                title=objective_title,
                success_measure=measure,
                owner=council.people[owner],
                org_unit=council.units[unit],
                partners=council.rng.choice(
                    [
                        "Police; fire and rescue service; voluntary sector",
                        "NHS integrated care board; voluntary sector",
                        "Registered housing providers; voluntary sector",
                        "Local enterprise partnership; Jobcentre Plus; colleges",
                        "Schools; further education colleges",
                    ]
                ),
                due_date=date(2028, 3, 31),
                order=number,
            )
    for key, plan_key, title, measure, owner, unit, parent_key, link in CASCADE:
        objective = Objective.objects.create(
            organisation=organisation,
            plan=council.plans[plan_key],
            title=title,
            success_measure=measure,
            owner=council.people[owner],
            org_unit=council.units[unit],
            due_date=date(2026, 3, 31),
        )
        council.objectives[key] = objective
        services.objective_link_add(
            child=objective, parent=council.objectives[parent_key], kind=link
        )
    council.objectives["work-plan-voids"].description = (
        "The accountability chain: the receptionist tags the keys with a proper knot so that the "
        "keys are not lost, so that the locks need not be changed, so that the property can be "
        "inspected, so that repairs start and finish quickly, so that an offer can be made "
        "quickly, so that fewer homeless households wait in temporary accommodation."
    )
    council.objectives["work-plan-voids"].save()
