"""Demo council step: the residents' survey with its results recorded as indicator values,
a year of complaints and commendations across services feeding three indicators, a
tenants' focus group, and the needs evidence behind some Council Plan objectives.

Everything is written through the services, as an officer would, so the returns the survey
and the complaints log make follow the returns workflow.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from goldenthread.demo import DemoCouncil
from goldenthread.engagement import services
from goldenthread.engagement.models import (
    Complaint,
    ComplaintFeed,
    Consultation,
    ConsultationResult,
    NeedsEvidence,
    YouSaidWeDid,
)
from goldenthread.indicators import selectors
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.strategy.models import LinkKind, ReportingPeriod

# code, title, unit, frequency, polarity, objective
INDICATORS = [
    ("PI-ENG-01", "Residents satisfied with the way the council runs things", Indicator.Unit.PERCENT,
     "annual", "higher", "CP-SAF-2"),
    ("PI-ENG-02", "Residents satisfied with street cleanliness", Indicator.Unit.PERCENT,
     "annual", "higher", "CP-ENV-2"),
    ("PI-ENG-03", "Complaints received", Indicator.Unit.NUMBER, "quarterly", "lower", ""),
    ("PI-ENG-04", "Complaints answered within 10 days", Indicator.Unit.PERCENT, "quarterly",
     "higher", ""),
    ("PI-ENG-05", "Commendations received", Indicator.Unit.NUMBER, "quarterly", "higher", ""),
]  # fmt: skip
FEEDS = {
    "PI-ENG-03": ComplaintFeed.Measure.RECEIVED,
    "PI-ENG-04": ComplaintFeed.Measure.WITHIN_TARGET,
    "PI-ENG-05": ComplaintFeed.Measure.COMMENDATIONS,
}
# Survey years back from the latest ended year: (satisfied with the council, with cleanliness)
SURVEY_ANSWERS = [(1104, 684, 1090, 741), (1056, 622, 1049, 682)]
COMPLAINT_SERVICES = [
    ("Housing", "Estate Management", ["Repairs to a void property took eight weeks.",
                                      "No reply to three emails about a damp problem."]),
    ("Care for Your Area", "Waste and Recycling", ["Green bin missed two collections running.",
                                                   "Crew left litter in the street."]),
    ("Care for Your Area", "Street Cleansing", ["Fly-tipping in the alley not cleared for a week."]),
    ("Customer Services", "Contact Centre", ["Waited forty minutes on the phone.",
                                             "Adviser was rude when I asked for a manager."]),
    ("Planning and Regeneration", "Development Control", ["Neighbours were not told about an "
                                                          "application next door."]),
    ("Adult Social Care", "Independent Living", ["Care assessment was cancelled twice."]),
]  # fmt: skip
CATEGORIES = list(Complaint.Category.values)
OUTCOMES = [Complaint.Outcome.UPHELD, Complaint.Outcome.PARTLY, Complaint.Outcome.NOT_UPHELD]
COMMENDATIONS = [
    ("Estate Management", "Sam Wilson", "Sam had my new home ready in a week and explained "
     "everything clearly."),
    ("Waste and Recycling", "Round 7 crew", "The crew always put the bins back tidily and helped "
     "my elderly neighbour."),
    ("Contact Centre", "Contact centre team", "Sorted out my council tax in one call."),
    ("Street Cleansing", "Hit squad", "The graffiti on the underpass was gone the next morning."),
    ("Independent Living", "Reablement team", "The reablement team got my mum home and "
     "independent again."),
]  # fmt: skip


def build(council: DemoCouncil) -> None:
    organisation = council.organisation
    people, units, objectives = council.people, council.units, council.objectives
    rng = council.rng
    today = timezone.localdate()
    officer, approver = people["performance.officer"], people["performance.lead"]
    indicators = {}
    for code, title, unit, frequency, polarity, objective in INDICATORS:
        indicator = Indicator(
            organisation=organisation,
            code=code,
            title=title,
            definition=f"{title}, from the residents' survey or the complaints log.",
            data_source="Residents' survey" if frequency == "annual" else "Complaints log",
            owner=officer,
            org_unit=units["Corporate Performance"],
            unit=unit,
            decimal_places=1 if unit == Indicator.Unit.PERCENT else 0,
            frequency=frequency,
            aggregation="sum" if unit == Indicator.Unit.NUMBER else "average",
            polarity=polarity,
            kind="outcome" if frequency == "annual" else "output",
        )
        links = [(objectives[objective], LinkKind.CONTRIBUTORY)] if objective else []
        indicators[code] = indicator_services.indicator_save(indicator=indicator, objectives=links)

    # The residents' survey, each autumn, reported as the year's value.
    years = list(
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency="annual", end_date__lt=today
        ).order_by("-end_date")[: len(SURVEY_ANSWERS)]
    )
    survey = None
    for back, year in enumerate(years):
        council_n, council_yes, clean_n, clean_yes = SURVEY_ANSWERS[back]
        opens = year.start_date + timedelta(days=183)
        consultation = services.consultation_save(
            consultation=Consultation(
                organisation=organisation,
                title=f"Residents' survey {year.label}",
                kind=Consultation.Kind.RESIDENT_SURVEY,
                lead=officer,
                start_date=opens,
                end_date=opens + timedelta(days=42),
                audience="A random sample of 3,000 households across every ward",
                method="Postal questionnaire with an online option, weighted by age and ward",
                responses=council_n + 12,
                key_findings="Satisfaction with the council is up on last year, driven by "
                "cleaner streets; residents in the most deprived wards remain less satisfied "
                "and want faster repairs and more information about what the council does.",
            ),
            user=officer,
        )
        survey = survey or consultation
        for question, code, answered, counted in (
            ("Overall, how satisfied are you with the way the council runs things?",
             "PI-ENG-01", council_n, council_yes),
            ("How satisfied are you with how clean the streets are?", "PI-ENG-02",
             clean_n, clean_yes),
        ):  # fmt: skip
            result = ConsultationResult(
                consultation=consultation,
                question=question,
                indicator=indicators[code],
                period=year,
                answered=answered,
                counted=counted,
            )
            indicator_return = services.consultation_result_record(
                result=result, user=officer, submit=True
            )
            indicator_services.return_approve(indicator_return=indicator_return, user=approver)
    if survey is not None:
        for said, did in (
            ("Tell us more about what the council does with our money.",
             "Every household now gets a one-page summary of the budget with the council tax "
             "bill, and the performance report is published online each quarter."),
            ("Repairs to council homes take too long.",
             "A new repairs contract with a five-day target for urgent repairs; progress is "
             "reported to the Place Select Committee."),
        ):  # fmt: skip
            services.you_said_we_did_save(
                response=YouSaidWeDid(consultation=survey, you_said=said, we_did=did),
                user=officer,
            )
    focus = services.consultation_save(
        consultation=Consultation(
            organisation=organisation,
            title="Tenants' focus group on empty homes",
            kind=Consultation.Kind.FOCUS_GROUP,
            org_unit=units["Housing"],
            lead=people["manager.estates"],
            start_date=today - timedelta(days=70),
            end_date=today - timedelta(days=70),
            audience="Twelve tenants who moved into a re-let home in the last year",
            method="Facilitated discussion, two hours",
            responses=12,
            key_findings="Tenants value being kept informed more than speed alone; the "
            "condition of the garden and the decoration allowance matter most.",
        ),
        user=officer,
    )
    services.you_said_we_did_save(
        response=YouSaidWeDid(
            consultation=focus,
            you_said="We were not told when our new home would be ready.",
            we_did="Prospective tenants now get a weekly text from the voids officer.",
        ),
        user=officer,
    )

    # A year of complaints and commendations, each quarter a little better answered.
    start = today - timedelta(days=365)
    number = 0
    for week in range(0, 52):
        received = start + timedelta(days=week * 7 + rng.randint(0, 4))
        for _service, team, summaries in COMPLAINT_SERVICES:
            if rng.random() > 0.22:
                continue
            number += 1
            days = rng.choice([3, 5, 6, 8, 9, 12, 15, 22]) - (week // 20)
            responded = received + timedelta(days=max(days, 1))
            answered = responded <= today
            services.complaint_save(
                complaint=Complaint(
                    organisation=organisation,
                    org_unit=units[team],
                    reference=f"C-{received:%y%m}-{number:03d}",
                    received_on=received,
                    category=rng.choice(CATEGORIES),
                    summary=rng.choice(summaries),
                    outcome=rng.choice(OUTCOMES) if answered else "",
                    responded_on=responded if answered else None,
                    learning="Briefed the team; checked the process against the standard."
                    if answered
                    else "",
                ),
                user=None,
            )
        if week % 9 == 4:
            team, named, summary = COMMENDATIONS[(week // 9) % len(COMMENDATIONS)]
            number += 1
            services.complaint_save(
                complaint=Complaint(
                    organisation=organisation,
                    org_unit=units[team],
                    kind=Complaint.Kind.COMMENDATION,
                    reference=f"P-{received:%y%m}-{number:03d}",
                    received_on=received,
                    summary=summary,
                    staff_named=named,
                ),
                user=None,
            )
    for code, measure in FEEDS.items():
        services.complaint_feed_save(
            feed=ComplaintFeed(
                organisation=organisation, indicator=indicators[code], measure=measure
            ),
            user=None,
        )
    quarters = ReportingPeriod.objects.filter(
        organisation=organisation, frequency="quarterly", end_date__lt=today, start_date__gte=start
    ).order_by("start_date")
    for quarter in quarters:
        for item in services.complaint_figures_write(
            organisation=organisation, period=quarter, user=officer
        ):
            if item.indicator_return is not None and quarter != quarters.last():
                _approve(item.indicator_return, officer, approver)

    evidence = [
        ("Wyvern Vale joint strategic needs assessment 2024", NeedsEvidence.Kind.JSNA,
         "Wyvern Vale Health and Wellbeing Board", date(2024, 6, 1),
         "Heart disease and smoking drive the eight-year gap in life expectancy between "
         "Eastgate and Millbrook; physical activity is lowest among women over 55.",
         ["CP-HEA-1", "CP-HEA-2", "CP-HEA-3"]),
        ("English indices of deprivation 2019: Wyvern Vale", NeedsEvidence.Kind.DEPRIVATION,
         "Ministry of Housing, Communities and Local Government", date(2019, 9, 26),
         "Four neighbourhoods in Eastgate are among the 10% most deprived in England, chiefly "
         "for income, employment and health.",
         ["CP-REG-1", "CP-HEA-3"]),
    ]  # fmt: skip
    for title, kind, publisher, published, summary, codes in evidence:
        services.evidence_save(
            evidence=NeedsEvidence(
                organisation=organisation,
                title=title,
                kind=kind,
                publisher=publisher,
                published_on=published,
                summary=summary,
            ),
            user=None,
            objectives=[(objectives[code], LinkKind.DIRECT) for code in codes],
        )
    if survey is not None:
        services.evidence_save(
            evidence=NeedsEvidence(
                organisation=organisation,
                title=f"{survey.title}: satisfaction by ward",
                kind=NeedsEvidence.Kind.SURVEY,
                publisher="Wyvern Vale Borough Council",
                published_on=survey.end_date + timedelta(days=60),
                summary="Satisfaction with street cleanliness is 15 points lower in Eastgate "
                "than the borough average.",
                consultation=survey,
            ),
            user=None,
            objectives=[(objectives["CP-ENV-2"], LinkKind.CONTRIBUTORY)],
        )


def _approve(indicator_return: IndicatorReturn, officer, approver) -> None:  # type: ignore[no-untyped-def]
    """Past quarters' figures are submitted and signed off; the latest is left as a draft."""
    data = indicator_services.ReturnData(
        value=indicator_return.value,
        commentary=indicator_return.commentary,
        source_quoted=indicator_return.source_quoted,
        prepared_by=officer.get_full_name(),
        prepared_on=selectors.return_window(
            indicator_return.period.organisation, indicator_return.period
        ).deadline
        - timedelta(days=4),
        outlier_confirmed=True,
        outlier_explanation="Worked out from the complaints log.",
    )
    submitted = indicator_services.return_save(
        indicator_return=indicator_return, data=data, user=officer, submit=True
    )
    approved = indicator_services.return_approve(indicator_return=submitted, user=approver)
    # Dated as they would have been at the time: in before the deadline, signed off soon after.
    period = approved.period
    deadline = selectors.return_window(period.organisation, period).deadline
    IndicatorReturn.objects.filter(pk=approved.pk).update(
        submitted_at=_at(deadline - timedelta(days=3), 10),
        approved_at=_at(deadline + timedelta(days=2), 14),
    )


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))
