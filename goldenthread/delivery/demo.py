"""Demo council step: the Council Delivery Plan's sixty actions across the five themes,
service and team plan actions, their milestones and quarterly updates, and two recovery
plans on indicators that are red twice running.

Dates are set relative to today so every derived status (not started, on track, at risk,
off track, overdue) is always present beside the recorded ones (complete, cancelled,
deferred). Past quarters' updates are approved; the quarter being reported now is a mix of
approved, submitted, draft and not started. Rows go in with bulk_create and their history
with bulk_history_create, so the step takes well under a second.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from goldenthread.accounts.models import OrgUnit, User
from goldenthread.calculations.delivery import action_status, expected_progress
from goldenthread.delivery.models import (
    Action,
    ActionIndicator,
    ActionObjective,
    ActionUpdate,
    Milestone,
    RecoveryPlan,
)
from goldenthread.delivery.selectors import recovery_reason
from goldenthread.demo import DemoCouncil
from goldenthread.indicators.models import Indicator, IndicatorObjective
from goldenthread.indicators.selectors import performance_for, period_latest_ended
from goldenthread.strategy.models import Plan, ReportingPeriod

Manual = Action.ManualStatus
Update = ActionUpdate.Status
BATCH = 500
PAST_QUARTERS = 4

# theme slug → (title, objective code, lead officer's username), twelve a theme
DELIVERY_PLAN = {
    "environment": [
        ("Insulate lofts and cavity walls in 1,500 private homes", "CP-ENV-1", "head.protection"),
        (
            "Launch a home energy advice service with the energy agency",
            "CP-ENV-1",
            "head.protection",
        ),
        ("Replace council street lighting with LED lanterns", "CP-ENV-1", "head.cfya"),
        ("Fit solar panels to ten council buildings", "CP-ENV-1", "head.cfya"),
        (
            "Introduce zoned street cleansing with published standards",
            "CP-ENV-2",
            "manager.cleansing",
        ),
        (
            "Set up a rapid-response hit squad for fly-tipping hot spots",
            "CP-ENV-2",
            "officer.cleansing",
        ),
        (
            "Run a community litter-pick programme with twenty schools",
            "CP-ENV-2",
            "officer.cleansing",
        ),
        ("Install 150 new litter and dog-waste bins in parks", "CP-ENV-2", "manager.cleansing"),
        ("Roll out food waste collections to every household", "CP-ENV-3", "officer.waste"),
        ("Extend kerbside recycling to flats and shared houses", "CP-ENV-3", "officer.waste"),
        ("Open a reuse shop at the household waste recycling centre", "CP-ENV-3", "head.cfya"),
        ("Campaign to cut contamination in recycling bins", "CP-ENV-3", "officer.waste"),
    ],
    "safety": [
        ("Open a prevention-first housing options hub", "CP-SAF-1", "manager.options"),
        ("Launch a private landlord incentive scheme", "CP-SAF-1", "officer.options"),
        ("Replace bed and breakfast with council-run temporary homes", "CP-SAF-1", "head.housing"),
        ("Redesign the empty homes process with the repairs team", "CP-SAF-1", "manager.estates"),
        ("Deliver restorative justice conferences for young offenders", "CP-SAF-2", "officer.yot"),
        ("Set up a youth diversion scheme with the police", "CP-SAF-2", "manager.yot"),
        ("Mentor young people at risk of offending", "CP-SAF-2", "officer.yot"),
        ("Target-harden homes in the three highest-burglary wards", "CP-SAF-3", "officer.safety"),
        (
            "Install redeployable CCTV at anti-social behaviour hot spots",
            "CP-SAF-3",
            "officer.safety",
        ),
        ("Launch the community trigger for anti-social behaviour", "CP-SAF-3", "head.protection"),
        ("Expand reablement to seven days a week", "CP-SAF-4", "officer.adults"),
        ("Fit telecare in 500 homes of older people", "CP-SAF-4", "head.adults"),
    ],
    "health": [
        ("Deliver NHS health checks in the most deprived wards", "CP-HEA-1", "officer.health"),
        ("Offer a stop-smoking service in every GP practice", "CP-HEA-1", "officer.health"),
        ("Blood pressure testing in community pharmacies", "CP-HEA-1", "head.publichealth"),
        ("Open three new outdoor gyms in parks", "CP-HEA-2", "officer.health"),
        ("Free swimming for under-16s in the school holidays", "CP-HEA-2", "head.publichealth"),
        ("Exercise on referral programme with GPs", "CP-HEA-2", "officer.health"),
        ("Safe cycle routes to schools", "CP-HEA-2", "head.planning"),
        ("Publish a health profile for every ward", "CP-HEA-3", "head.publichealth"),
        ("Healthy eating programme in children's centres", "CP-HEA-3", "officer.health"),
        ("Falls prevention classes for older people", "CP-HEA-3", "officer.adults"),
        ("Warm homes visits for people with long-term conditions", "CP-HEA-3", "head.adults"),
        ("Mental health first aid training for community groups", "CP-HEA-3", "officer.health"),
    ],
    "regeneration": [
        (
            "Employment support programme for long-term unemployed people",
            "CP-REG-1",
            "officer.economy",
        ),
        ("Transfer apprenticeship levy to local small firms", "CP-REG-1", "manager.economy"),
        ("Quarterly jobs fair with Jobcentre Plus and the colleges", "CP-REG-1", "officer.economy"),
        ("Business start-up grants and advice", "CP-REG-1", "manager.economy"),
        ("Bring forward council land for 120 affordable homes", "CP-REG-2", "head.housing"),
        (
            "Agree an affordable housing delivery plan with registered providers",
            "CP-REG-2",
            "head.planning",
        ),
        (
            "Adopt the affordable housing supplementary planning document",
            "CP-REG-2",
            "head.planning",
        ),
        ("Bring 50 long-term empty homes back into use", "CP-REG-2", "officer.options"),
        ("Town centre shopfront improvement grants", "CP-REG-3", "manager.economy"),
        ("Meanwhile uses for empty shops", "CP-REG-3", "officer.economy"),
        ("Town centre events programme", "CP-REG-3", "manager.economy"),
        ("Masterplan for the station quarter", "CP-REG-3", "head.planning"),
    ],
    "education": [
        ("Targeted support for schools below the floor standard", "CP-EDU-1", "officer.schools"),
        ("Maths and English tuition for disadvantaged pupils", "CP-EDU-1", "officer.schools"),
        ("School governor training programme", "CP-EDU-1", "head.schools"),
        ("Attendance improvement project with secondary schools", "CP-EDU-1", "officer.schools"),
        ("Community learning courses in libraries", "CP-EDU-2", "head.schools"),
        ("Digital skills classes for adults", "CP-EDU-2", "head.schools"),
        ("Family learning in primary schools", "CP-EDU-2", "officer.schools"),
        ("English courses for speakers of other languages", "CP-EDU-2", "head.schools"),
        (
            "Careers advice for young people not in education, employment or training",
            "CP-EDU-3",
            "officer.schools",
        ),
        ("Supported internships for young people with special needs", "CP-EDU-3", "head.schools"),
        ("Track the destination of every school leaver", "CP-EDU-3", "officer.schools"),
        ("Council apprenticeships for care leavers", "CP-EDU-3", "officer.hr"),
    ],
}
# How many of the delivery plan's actions are in each situation.
SCENARIOS = {
    "on_track": 22,
    "at_risk": 10,
    "off_track": 6,
    "overdue": 5,
    "complete": 9,
    "not_started": 4,
    "cancelled": 2,
    "deferred": 2,
}
# plan key, code, title, objective key, lead, scenario, this quarter's update
# (None: drawn at random; "none": not started)
SERVICE_PLANS = [
    (
        "housing",
        "HS-01",
        "Redesign the voids process with the repairs contractor",
        "estates-28-days",
        "manager.estates",
        "on_track",
        "approved",
    ),
    (
        "housing",
        "HS-02",
        "Prevention advice sessions in every community hub",
        "housing-prevention",
        "officer.options",
        "at_risk",
        "submitted",
    ),
    (
        "housing",
        "HS-03",
        "Temporary accommodation procurement framework",
        "housing-21-days",
        "head.housing",
        "off_track",
        None,
    ),
    (
        "estates",
        "EM-01",
        "Tag and log the keys of every returned property at reception",
        "estates-28-days",
        "officer.estates",
        "on_track",
        "none",
    ),
    (
        "estates",
        "EM-02",
        "Inspect homes before tenants move out",
        "estates-28-days",
        "officer.estates",
        "at_risk",
        "none",
    ),
    (
        "cfya",
        "CF-01",
        "Zone-by-zone cleanliness surveys each quarter",
        "cfya-zones",
        "manager.cleansing",
        "on_track",
        None,
    ),
    (
        "cleansing",
        "SC-01",
        "Hit squad rota covering weekends",
        "cleansing-hit-squad",
        "officer.cleansing",
        "complete",
        None,
    ),
    (
        "cleansing",
        "SC-02",
        "Crews report hot spots from their phones",
        "cleansing-hit-squad",
        "officer.cleansing",
        "on_track",
        "draft",
    ),
    (
        "planning",
        "PR-01",
        "Employer engagement for the employment programme",
        "economy-new-deal",
        "officer.economy",
        "at_risk",
        None,
    ),
    (
        "childrens",
        "CS-01",
        "Reoffending tracker for young people on orders",
        "yot-reoffending",
        "officer.yot",
        "overdue",
        None,
    ),
    (
        "childrens",
        "CS-02",
        "Victim awareness sessions for young people on orders",
        "yot-reoffending",
        "manager.yot",
        "on_track",
        "submitted",
    ),
]
RECOVERY_ACTIONS = [
    ("Weekly performance clinic on the backlog with the team", 90),
    ("Agree extra capacity with a partner for the next two quarters", 150),
    ("Review the process end to end and remove the slowest steps", 180),
]
CURRENT_MIX = [("approved", 0.40), ("submitted", 0.25), ("draft", 0.15), ("none", 0.20)]
COMMENTARY = {
    "on_track": "Work is going to plan; the milestones due this quarter were met.",
    "at_risk": "Some slippage this quarter while staff were redeployed; we expect to catch up.",
    "off_track": "Delayed by contractor capacity and a late funding decision.",
    "overdue": "Most of the work is done but the final stage has slipped past the due date.",
    "complete": "Completed and handed over to business as usual.",
    "not_started": "",
    "cancelled": "Work stopped when the funding was withdrawn.",
    "deferred": "Paused while the service review is carried out.",
}
NEXT_STEPS = {
    "on_track": "Carry on with the next milestone.",
    "at_risk": "Extra staff time agreed for the next quarter to recover the programme.",
    "off_track": "Re-procure the contract and report a revised timetable to the head of service.",
    "overdue": "Complete the final stage; a revised date will be agreed with the head of service.",
}


@dataclass
class Made:
    """An action being made, with what the demo needs to give it milestones and updates."""

    action: Action
    scenario: str
    objective_id: int | None
    milestones: list[Milestone]
    current: str | None = None  # this quarter's update, when fixed
    indicator_id: int | None = None  # a recovery action's indicator


def build(council: DemoCouncil) -> None:
    organisation = council.organisation
    today = timezone.localdate()
    rng = council.rng
    units = {
        row["pk"]: row
        for row in OrgUnit.objects.filter(organisation=organisation).values(
            "pk", "parent_id", "kind", "head_id"
        )
    }
    made = _delivery_plan(council, today, rng) + _service_plans(council, today, rng)
    made += _recovery_plans(council, today, rng)
    actions = [m.action for m in made]
    created = timezone.make_aware(datetime.combine(today - timedelta(days=400), time(9)))
    for action in actions:
        _attribute(action, council.people["performance.lead"], created)
    Action.objects.bulk_create(actions, batch_size=BATCH)
    Action.history.bulk_history_create(actions, batch_size=BATCH)
    milestones = []
    for m in made:
        for milestone in m.milestones:
            milestone.action = m.action
            _attribute(milestone, m.action.lead, created)
            milestones.append(milestone)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    Milestone.history.bulk_history_create(milestones, batch_size=BATCH)
    links = [
        ActionObjective(action=m.action, objective_id=m.objective_id)
        for m in made
        if m.objective_id is not None
    ]
    ActionObjective.objects.bulk_create(links, batch_size=BATCH)
    ActionObjective.history.bulk_history_create(links, batch_size=BATCH, default_date=created)
    _indicator_links(made, created)
    _updates(council, made, today, rng, units)


def _attribute(row: object, user: User | None, when: datetime) -> None:
    """Who made this version of the row, and when: bulk_history_create reads these."""
    row._history_user = user  # type: ignore[attr-defined]
    row._history_date = when  # type: ignore[attr-defined]


# Actions ---------------------------------------------------------------------------------


def _delivery_plan(council: DemoCouncil, today: date, rng: random.Random) -> list[Made]:
    plan = council.plans["delivery"]
    scenarios = [name for name, count in SCENARIOS.items() for _ in range(count)]
    rng.shuffle(scenarios)
    made = []
    number = 0
    for slug, rows in DELIVERY_PLAN.items():
        theme = council.themes[slug]
        for title, objective, lead in rows:
            number += 1
            action = Action(
                organisation=council.organisation,
                plan=plan,
                theme=theme,
                code=f"DP-{number:03d}",
                title=title,
                description=f"Delivers “{council.objectives[objective].title}” in the Council Plan.",
                source_kind=Action.SourceKind.PLAN,
            )
            scenario = scenarios[number - 1]
            made.append(_shape(action, council.people[lead], scenario, today, rng))
            made[-1].objective_id = council.objectives[objective].pk
    return made


def _service_plans(council: DemoCouncil, today: date, rng: random.Random) -> list[Made]:
    made = []
    for plan_key, code, title, objective, lead, scenario, current in SERVICE_PLANS:
        plan: Plan = council.plans[plan_key]
        action = Action(
            organisation=council.organisation,
            plan=plan,
            code=code,
            title=title,
            source_kind=Action.SourceKind.PLAN,
        )
        shaped = _shape(action, council.people[lead], scenario, today, rng)
        shaped.objective_id = council.objectives[objective].pk
        shaped.current = current
        made.append(shaped)
    return made


def _shape(action: Action, lead: User, scenario: str, today: date, rng: random.Random) -> Made:
    """Sets the action's dates, progress, recorded status and milestones for its scenario."""
    action.lead = lead
    action.org_unit_id = lead.org_unit_id
    days = timedelta
    late_milestone = 0  # days the first milestone is left late, for at risk and off track
    lag = rng.randint(-6, 8)
    if scenario == "not_started":
        action.start_date = today + days(rng.randint(14, 90))
        action.due_date = action.start_date + days(rng.randint(180, 300))
    elif scenario == "overdue":
        action.start_date = today - days(rng.randint(300, 400))
        action.due_date = today - days(rng.randint(7, 60))
    elif scenario == "complete":
        action.start_date = today - days(rng.randint(200, 365))
        action.due_date = today - days(rng.randint(-60, 60))
    else:
        action.start_date = today - days(rng.randint(200, 260))
        action.due_date = today + days(rng.randint(80, 160))
    expected = expected_progress(
        today=today, start_date=action.start_date, due_date=action.due_date
    )
    if scenario == "at_risk":
        if rng.random() < 0.5:
            lag = rng.randint(18, 26)
        else:
            late_milestone = rng.randint(5, 20)
    elif scenario == "off_track":
        if rng.random() < 0.5:
            lag = rng.randint(36, 44)
        else:
            late_milestone = rng.randint(40, 70)
    elif scenario == "overdue":
        lag = rng.randint(10, 35)
    action.progress = max(0, min(95, expected - lag)) if scenario != "not_started" else 0
    if scenario == "complete":
        action.manual_status = Manual.COMPLETE
        action.completed_on = min(action.due_date, today - days(rng.randint(1, 40)))
        action.progress = 100
    elif scenario == "cancelled":
        action.manual_status = Manual.CANCELLED
        action.status_reason = "Funding for the scheme was withdrawn in the in-year budget review."
    elif scenario == "deferred":
        action.manual_status = Manual.DEFERRED
        action.original_due_date = today - days(rng.randint(10, 30))
        action.status_reason = "Deferred until the service review reports; agreed by Cabinet."
    span = (action.due_date - action.start_date).days
    milestones = []
    for index, name in enumerate(["Plan agreed", "Delivery under way", "Finished and reviewed"]):
        due = action.start_date + days(span * (index + 1) // 3)
        if index == 0 and late_milestone:
            due = today - days(late_milestone)
        done = None
        if scenario == "complete":
            done = min(due, action.completed_on or today)
        elif due < today and not (index == 0 and late_milestone) and scenario != "overdue":
            done = due - days(rng.randint(0, 10))
        elif scenario == "overdue" and index < 2:
            done = due
        milestones.append(Milestone(title=name, due_date=due, completed_on=done))
    return Made(action, scenario, None, milestones)


def _recovery_plans(council: DemoCouncil, today: date, rng: random.Random) -> list[Made]:
    """Recovery plans on two indicators that need one (red twice running or concerning special
    cause), else on whatever indicators are red now; none when there are no indicators."""
    organisation = council.organisation
    period = period_latest_ended(organisation, today=today)
    indicators = list(
        Indicator.objects.filter(organisation=organisation, is_active=True)
        .select_related("organisation", "owner")
        .order_by("code")
    )
    if period is None or not indicators:
        return []
    performance = performance_for(indicators, period)
    chosen = [i for i in indicators if performance[i.pk].recovery_needed][:2]
    if len(chosen) < 2:
        red = [i for i in indicators if performance[i.pk].rag == "red" and i not in chosen]
        chosen += red[: 2 - len(chosen)]
    made = []
    for number, indicator in enumerate(chosen, start=1):
        opened = min(today, period.end_date + timedelta(days=20))
        plan = RecoveryPlan.objects.create(
            organisation=organisation,
            indicator=indicator,
            reason=recovery_reason(performance[indicator.pk]),
            opened_on=opened,
            opened_by=indicator.owner,
            summary=f"{indicator.title} has fallen short of its target. These actions tackle the "
            "causes found at the performance clinic and should bring it back within two quarters.",
        )
        for index, (title, length) in enumerate(RECOVERY_ACTIONS[: 2 + number % 2]):
            lead = indicator.owner or council.people["performance.officer"]
            action = Action(
                organisation=organisation,
                code=f"RP-{number:02d}{index + 1}",
                title=title,
                source_kind=Action.SourceKind.RECOVERY,
                source_id=plan.pk,
                lead=lead,
                org_unit_id=indicator.org_unit_id or lead.org_unit_id,
                start_date=opened,
                due_date=opened + timedelta(days=length),
                progress=rng.randint(10, 40) if opened < today else 0,
            )
            action.source = plan
            milestones = [
                Milestone(
                    title="Actions agreed at the clinic", due_date=opened + timedelta(days=14)
                ),
                Milestone(title="First results reviewed", due_date=opened + timedelta(days=length)),
            ]
            for milestone in milestones:
                if milestone.due_date < today:
                    milestone.completed_on = milestone.due_date
            made.append(Made(action, "on_track", None, milestones, indicator_id=indicator.pk))
    return made


def _indicator_links(made: list[Made], created: datetime) -> None:
    """Each action moves the indicators that measure its objective (the first two), and a
    recovery action its indicator."""
    measured: dict[int, list[int]] = {}
    for objective_id, indicator_id in IndicatorObjective.objects.filter(
        objective_id__in={m.objective_id for m in made}
    ).values_list("objective_id", "indicator_id"):
        measured.setdefault(objective_id, []).append(indicator_id)
    links = []
    for m in made:
        ids = measured.get(m.objective_id, [])[:2] if m.objective_id else []
        if m.indicator_id is not None:
            ids = [m.indicator_id]
        links += [ActionIndicator(action=m.action, indicator_id=pk) for pk in ids]
    ActionIndicator.objects.bulk_create(links, batch_size=BATCH)
    ActionIndicator.history.bulk_history_create(links, batch_size=BATCH, default_date=created)


# Quarterly updates -----------------------------------------------------------------------


def _approver(units: dict[int, dict], people: dict[int, User], action: Action) -> User | None:
    """The head of the service over the action's unit, or its director when the head leads."""
    unit = units.get(action.org_unit_id)
    while unit is not None and unit["kind"] == "team":
        unit = units.get(unit["parent_id"])
    if unit is None:
        return None
    head = people.get(unit["head_id"])
    if head is not None and head.pk == action.lead_id and unit["parent_id"]:
        head = people.get(units[unit["parent_id"]]["head_id"])
    return head


def _moment(day: date, hour: int, now: datetime) -> datetime:
    """A local time on a day, never later than an hour ago."""
    return min(timezone.make_aware(datetime.combine(day, time(hour))), now - timedelta(hours=1))


def _updates(
    council: DemoCouncil,
    made: list[Made],
    today: date,
    rng: random.Random,
    units: dict[int, dict],
) -> None:
    organisation = council.organisation
    now = timezone.now()
    people = {person.pk: person for person in council.people.values()}
    current = period_latest_ended(organisation, today=today)
    if current is None:
        return
    quarters = list(
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency="quarterly", end_date__lt=current.start_date
        ).order_by("-start_date")[:PAST_QUARTERS]
    )
    updates: list[ActionUpdate] = []
    for m in made:
        action = m.action
        approver = _approver(units, people, action)
        for period in [*reversed(quarters), current]:
            if period.end_date < action.start_date or action.start_date > today:
                continue
            if action.completed_on and action.completed_on < period.start_date:
                continue
            if action.manual_status == Manual.CANCELLED and period == current:
                continue
            state = "approved"
            if period == current:
                state = m.current or _draw(rng)
                if state == "none":
                    continue
            updates.append(
                _update(
                    action,
                    m,
                    period,
                    today,
                    now,
                    state,
                    approver,
                    rng,
                    is_current=period == current,
                )
            )
    ActionUpdate.objects.bulk_create(updates, batch_size=BATCH)
    for update in updates:
        who = update.approved_by or update.submitted_by or update.action.lead
        _attribute(update, who, update.approved_at or update.submitted_at or now)
    ActionUpdate.history.bulk_history_create(updates, batch_size=BATCH)


def _draw(rng: random.Random) -> str:
    pick, total = rng.random(), 0.0
    for state, share in CURRENT_MIX:
        total += share
        if pick < total:
            return state
    return CURRENT_MIX[-1][0]


def _update(
    action: Action,
    m: Made,
    period: ReportingPeriod,
    today: date,
    now: datetime,
    state: str,
    approver: User | None,
    rng: random.Random,
    *,
    is_current: bool,
) -> ActionUpdate:
    """The update as it stood when it was made: this quarter's says where the action is now;
    an earlier quarter's, its progress so far and its status then."""
    if is_current:
        progress = action.progress
        status = action_status(
            today=today,
            start_date=action.start_date,
            due_date=action.due_date,
            progress=progress,
            milestones=[(ms.due_date, ms.completed_on) for ms in m.milestones],
            manual_status=action.manual_status,
        )
    else:
        day = period.end_date
        elapsed = max(1, (today - action.start_date).days)
        progress = round(action.progress * max(0, (day - action.start_date).days) / elapsed)
        done = bool(action.completed_on and action.completed_on <= day)
        status = action_status(
            today=day,
            start_date=action.start_date,
            due_date=action.original_due_date or action.due_date,
            progress=100 if done else min(progress, 100),
            milestones=[
                (
                    ms.due_date,
                    ms.completed_on if ms.completed_on and ms.completed_on <= day else None,
                )
                for ms in m.milestones
            ],
            manual_status=Manual.COMPLETE if done else Manual.DERIVED,
        )
        progress = 100 if done else min(progress, 100)
    submitted = _moment(period.end_date + timedelta(days=rng.randint(3, 12)), 10, now)
    update = ActionUpdate(
        action=action,
        period=period,
        progress=progress,
        status_at_update=status.value,
        commentary=COMMENTARY.get(status.value, COMMENTARY["on_track"]),
        next_steps=NEXT_STEPS.get(status.value, ""),
        status=Update.DRAFT,
    )
    if state in ("submitted", "approved"):
        update.status = Update.SUBMITTED
        update.submitted_by = action.lead
        update.submitted_at = submitted
    if state == "approved" and approver is not None:
        update.status = Update.APPROVED
        update.approved_by = approver
        update.approved_at = _moment(submitted.date() + timedelta(days=2), 15, now)
    return update
