"""Demo council step: this year's three improvement clinics with the items they chose from
the suggestions, their root causes and agreed actions (followed up at the next clinic), a
scrutiny meeting, the scrutiny work programme and a monitor's notes, the Best Value review
programme with one service overdue, an external inspection and a peer challenge with their
recommendations as actions, and a Turning the Curve worksheet for a red indicator.

Everything is written through the services; agreed actions are delivery actions, so they
appear in their owners' quarterly action updates.
"""

from datetime import timedelta

from django.utils import timezone

from goldenthread.calculations.review_cycle import months_after
from goldenthread.challenge import services
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
from goldenthread.challenge.selectors import suggestions_for_meeting
from goldenthread.demo import DemoCouncil
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import ReportingPeriod

AgreedAction = services.AgreedAction
ROOT_CAUSES = {
    "indicator": "Vacancies in the team and a backlog built up over the summer; the process "
    "waits on other services at two points.",
    "action": "The action depended on a contract that was re-procured late; nobody owned the "
    "knock-on dates.",
    "risk": "Controls rely on one person; the mitigation plan has no funded actions.",
}
# Services and years since their last completed Best Value review (None: a review under way).
REVIEWED = [
    ("Care for Your Area", 1.5), ("Housing", None), ("Planning and Regeneration", 3.2),
    ("Community Protection", 2.4), ("Schools and Learning", 4.3), ("Children's Social Care", 0.8),
    ("Adult Social Care", 3.9), ("Public Health", 2.0), ("Finance", 1.1),
    ("Policy and Performance", 3.5), ("Human Resources", 4.6), ("Customer Services", 5.4),
    ("Legal Services", 2.8), ("Democratic Services", 1.9), ("Internal Audit", 0.5),
]  # fmt: skip


def build(council: DemoCouncil) -> None:
    organisation = council.organisation
    people, units, committees = council.people, council.units, council.committees
    today = timezone.localdate()
    admin = people["performance.lead"]
    year = ReportingPeriod.objects.get(
        organisation=organisation,
        frequency="annual",
        start_date__lte=today,
        end_date__gte=today,
    )

    # Three improvement clinics this financial year: the first two held, the third to come.
    clinics = services.clinics_schedule(
        organisation=organisation,
        kind=Meeting.Kind.IMPROVEMENT_CLINIC,
        first_on=months_after(year.start_date, 1) + timedelta(days=13),
        count=3,
        user=admin,
    )
    for number, clinic in enumerate(clinics):
        clinic.chair = people["chief.executive"]
        clinic.notes = (
            "The corporate management team met the heads of service to look at the issues "
            "behind poor performance and share what is working."
        )
        services.meeting_save(meeting=clinic, user=admin)
        if clinic.held_on > today:
            continue
        _challenge(clinic, number, today, people, units, admin)

    scrutiny = services.meeting_save(
        meeting=Meeting(
            organisation=organisation,
            kind=Meeting.Kind.SCRUTINY,
            title="Executive Scrutiny Committee: quarterly performance",
            held_on=today - timedelta(days=30),
            committee=committees["Executive Scrutiny Committee"],
            chair=people["cllr.scrutiny"],
            notes="Members challenged the planning service on major applications and asked "
            "for a recovery update at the next meeting.",
        ),
        user=admin,
    )
    services.item_save(
        item=ChallengeItem(
            meeting=scrutiny,
            title="Major planning applications decided in time",
            reason="Red for two quarters",
            discussion="The Head of Planning set out the recovery plan.",
            root_cause="Two senior planner vacancies since the spring.",
        ),
        user=admin,
    )
    services.agreed_action_add(
        source=scrutiny,
        data=AgreedAction(
            title="Report progress on the planning recovery plan to the committee",
            due_date=today + timedelta(days=60),
            lead=people["head.planning"],
            org_unit=units["Planning and Regeneration"],
        ),
        user=admin,
    )
    for topic, committee, scope, months, status, outcome in (
        ("Empty council homes", "Place Select Committee",
         "Why do re-let times vary so much between estates, and what do tenants want?", -2,
         ScrutinyTopic.Status.REPORTED,
         "Recommended a single voids contractor and weekly updates to incoming tenants."),
        ("Persistent absence in secondary schools", "People Select Committee",
         "What is driving absence since the pandemic, and which schools buck the trend?", 1,
         ScrutinyTopic.Status.IN_PROGRESS, ""),
        ("Complaints handling", "Executive Scrutiny Committee",
         "Are complaints answered on time, and is the learning used?", 4,
         ScrutinyTopic.Status.SCHEDULED, ""),
    ):  # fmt: skip
        services.scrutiny_topic_save(
            topic=ScrutinyTopic(
                organisation=organisation,
                committee=committees[committee],
                topic=topic,
                scope=scope,
                lead_member=people["cllr.scrutiny"],
                planned_for=months_after(today, months),
                status=status,
                outcome=outcome,
            ),
            user=admin,
        )
    quarter = ReportingPeriod.objects.filter(
        organisation=organisation, frequency="quarterly", end_date__lt=today
    ).latest("end_date")
    for indicator_code, note in (
        ("PI-REG-07", "Still red. The recovery plan is credible but depends on recruiting; "
         "ask for the agency cover to be costed."),
        ("PI-ENG-04", "More complaints answered on time than last quarter; the contact centre "
         "is the outlier."),
    ):  # fmt: skip
        services.monitor_note_save(
            note=MonitorNote(
                organisation=organisation,
                committee=committees["Executive Scrutiny Committee"],
                written_on=today - timedelta(days=35),
                period=quarter,
                indicator=Indicator.objects.get(organisation=organisation, code=indicator_code),
                note=note,
            ),
            user=people["cllr.monitor"],
        )

    # The Best Value programme: every service reviewed within five years but one.
    for service, years in REVIEWED:
        unit = units[service]
        if years is None:
            services.review_save(
                review=BestValueReview(
                    organisation=organisation,
                    org_unit=unit,
                    title=f"Best Value review of {service}",
                    lead=admin,
                    started_on=today - timedelta(days=75),
                    challenge="Do we need to manage every estate directly?",
                    consult="Tenants' focus group on empty homes held.",
                ),
                user=admin,
            )
            continue
        completed = today - timedelta(days=round(years * 365.25))
        review = services.review_save(
            review=BestValueReview(
                organisation=organisation,
                org_unit=unit,
                title=f"Best Value review of {service}",
                lead=admin,
                started_on=completed - timedelta(days=180),
                completed_on=completed,
                challenge="Challenged why the service is provided and whether the council "
                "should provide it directly.",
                consult="Surveyed service users and held a focus group with staff.",
                compare="Compared costs and performance with the nearest-neighbour councils.",
                compete="Market-tested the main contracts and looked at shared services.",
                findings="The service is good value overall; two processes can be simplified "
                "and one contract re-let.",
            ),
            user=admin,
        )
        if service == "Care for Your Area":
            for title, months in (
                ("Bring street cleansing and grounds maintenance into one team", 8),
                ("Publish cleanliness results by ward each quarter", -2),
            ):
                services.agreed_action_add(
                    source=review,
                    data=AgreedAction(
                        title=title,
                        due_date=months_after(today, months),
                        lead=people["head.cfya"],
                        org_unit=units["Care for Your Area"],
                    ),
                    user=admin,
                )

    inspection = services.inspection_save(
        inspection=Inspection(
            organisation=organisation,
            kind=Inspection.Kind.INSPECTION,
            title="Local authority assessment of adult social care",
            body="Care Quality Commission",
            org_unit=units["Adult Social Care"],
            reported_on=today - timedelta(days=120),
            judgement="Requires improvement",
            summary="Good reablement and partnership working; waiting times for assessments "
            "and the experience of unpaid carers need to improve.",
        ),
        user=admin,
    )
    peer = services.inspection_save(
        inspection=Inspection(
            organisation=organisation,
            kind=Inspection.Kind.PEER,
            title="Corporate peer challenge",
            body="Local Government Association peer team",
            reported_on=today - timedelta(days=300),
            summary="A council with clear priorities and a strong performance culture; it "
            "should use its data more to tell the story of its places.",
        ),
        user=admin,
    )
    for source, title, lead, unit, days in (
        (inspection, "Cut waiting times for care assessments to 28 days", "head.adults",
         "Adult Social Care", 150),
        (inspection, "Offer every unpaid carer an assessment and a named contact", "head.adults",
         "Adult Social Care", 240),
        (inspection, "Publish an annual adult social care account", "head.adults",
         "Adult Social Care", -20),
        (peer, "Publish ward profiles drawn from the performance data", "performance.lead",
         "Policy and Performance", 90),
        (peer, "Run a members' development programme on using performance data",
         "head.democratic", "Democratic Services", -40),
    ):  # fmt: skip
        services.agreed_action_add(
            source=source,
            data=AgreedAction(
                title=title,
                due_date=today + timedelta(days=days),
                lead=people[lead],
                org_unit=units[unit],
            ),
            user=admin,
        )

    # A Turning the Curve worksheet for the red planning indicator.
    worksheet = services.worksheet_save(
        worksheet=CurveWorksheet(
            organisation=organisation,
            indicator=Indicator.objects.get(organisation=organisation, code="PI-REG-07"),
            story="Two senior planners left in the spring and the posts have been hard to "
            "fill; major schemes have become more complex, with more extensions of time "
            "negotiated late; the validation checklist is out of date.",
            what_works="Councils that turned this curve agreed extensions of time at "
            "pre-application stage, used planning performance agreements for major schemes, "
            "and reviewed every major case weekly.",
        ),
        user=admin,
    )
    for name, role in (
        ("Developers' forum", "Agree planning performance agreements for major schemes"),
        ("County highways authority", "Answer consultations within 21 days"),
        ("Planning Advisory Service", "Peer review of the validation checklist"),
    ):
        services.partner_add(
            partner=CurvePartner(worksheet=worksheet, name=name, role=role), user=admin
        )
    for title, days in (
        ("Recruit two senior planners and cover with agency staff meanwhile", 90),
        ("Offer a planning performance agreement on every major scheme", 180),
    ):
        services.agreed_action_add(
            source=worksheet,
            data=AgreedAction(
                title=title,
                due_date=today + timedelta(days=days),
                lead=people["head.planning"],
                org_unit=units["Planning and Regeneration"],
            ),
            user=admin,
        )


def _challenge(clinic, number, today, people, units, admin) -> None:  # type: ignore[no-untyped-def]
    """Chooses one suggestion of each kind, records the discussion, and agrees actions."""
    chosen = {}
    for suggestion in suggestions_for_meeting(clinic, today):
        if suggestion.source in chosen or len(chosen) == 3:
            continue
        if number and suggestion.source == "indicator" and "REG-07" not in suggestion.title:
            continue
        chosen[suggestion.source] = services.item_choose(
            meeting=clinic, suggestion=suggestion, user=admin
        )
    for source, item in chosen.items():
        item.discussion = (
            "The head of service explained the position; the team asked what help is needed."
        )
        item.root_cause = ROOT_CAUSES.get(source, "")
        services.item_save(item=item, user=admin)
    for title, lead, unit, months in (
        ("Review the end-to-end process with the services it waits on", "head.planning",
         "Planning and Regeneration", 3 - 2 * number),
        ("Agree a funded mitigation plan and a deputy for each key control", "head.finance",
         "Finance", 5 - 2 * number),
    ):  # fmt: skip
        services.agreed_action_add(
            source=clinic,
            data=AgreedAction(
                title=f"{title} ({clinic.held_on:%B})",
                due_date=max(months_after(clinic.held_on, months), clinic.held_on),
                lead=people[lead],
                org_unit=units[unit],
            ),
            user=admin,
        )
