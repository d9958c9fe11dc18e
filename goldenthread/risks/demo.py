"""Demo council step: the corporate risk register and the four directorates' registers, with
a year of quarterly risk returns, escalations, controls and mitigating actions.

Risks are written with bulk_create (and their history with simple-history's bulk history),
so the step takes a fraction of a second. Dates are relative to today: the last four
quarters that have ended carry the returns, the latest one still in progress.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from goldenthread.calculations import risk as scoring
from goldenthread.delivery.models import Action
from goldenthread.demo import DemoCouncil
from goldenthread.risks.models import (
    Control,
    Register,
    Risk,
    RiskCategory,
    RiskEscalation,
    RiskObjective,
    RiskReturn,
    RiskReview,
    RiskSettings,
)
from goldenthread.strategy.models import ReportingPeriod

# fmt: off
# name, appetite, statement
CATEGORIES = [
    ("Financial", 15, "We accept moderate financial risk where it brings better value for money."),
    ("Service delivery", 12, "We accept some risk to services while we change how we deliver them."),
    ("Health and safety", 8, "We have a low appetite for risks to the safety of staff and the public."),
    ("Safeguarding", 10, "We have a low appetite for risks to the safety of children and vulnerable adults."),
    ("Legal and regulatory", 10, "We have a low appetite for breaching the law or our regulators' standards."),
    ("Reputational", 10, "We accept some reputational risk when we innovate."),
    ("People and workforce", 12, "We accept moderate risk in how we recruit and develop staff."),
    ("Information and technology", 12, "We accept moderate risk in changing our systems, but protect personal data."),
    ("Partnerships", 15, "We accept higher risk to work with partners for the borough."),
    ("Environmental and climate", 12, "We accept moderate risk in reaching net zero."),
]

DIRECTORATES = {
    "DNS": "Development and Neighbourhood Services",
    "CESC": "Children, Education and Social Care",
    "RES": "Resources",
    "LAW": "Law and Democracy",
}

# reference, title, cause, event, consequence, category, owner, unit,
# inherent, residual and target likelihood and impact as "LI", objective code
CORPORATE = [
    ("CR-01", "Medium term financial plan gap", "Funding settlements fall short of rising demand and inflation.", "The council cannot balance its budget over the medium term.", "Cuts to services, use of reserves and a section 114 notice in the worst case.", "Financial", "director.resources", "Resources", "55", "44", "33", "CP-REG-1"),
    ("CR-02", "Cyber attack on council systems", "Ransomware and phishing attacks on public bodies are increasing.", "A cyber attack takes key systems and data offline.", "Services stop, data is lost or published, and recovery costs millions.", "Information and technology", "director.resources", "Customer Services", "45", "34", "24", ""),
    ("CR-03", "Safeguarding failure in children's services", "High caseloads and agency staff turnover in social work teams.", "A child known to services comes to serious harm.", "Harm to a child, a serious case review and loss of public confidence.", "Safeguarding", "director.cesc", "Children's Social Care", "45", "25", "15", "CP-HEA-2"),
    ("CR-04", "Adult social care market fragility", "Care providers face rising wage and energy costs.", "Care homes or home care providers fail or hand back contracts.", "People go without care and hospital discharges are delayed.", "Service delivery", "director.cesc", "Adult Social Care", "44", "44", "33", "CP-HEA-1"),
    ("CR-05", "Temporary accommodation costs", "Homelessness presentations keep rising with private rents.", "Spending on bed and breakfast and nightly-let accommodation overruns.", "A budget overspend and families living in unsuitable housing.", "Financial", "head.housing", "Housing", "54", "43", "23", "CP-SAF-1"),
    ("CR-06", "Workforce recruitment and retention", "Competition for skilled staff in planning, social work and ICT.", "Key posts stay vacant or are filled by agency staff.", "Services slow, costs rise and knowledge is lost.", "People and workforce", "head.hr", "Human Resources", "44", "34", "23", ""),
    ("CR-07", "Climate change adaptation", "More frequent flooding and heatwaves in the borough.", "Severe weather damages property and disrupts services.", "Harm to residents, repair costs and missed climate targets.", "Environmental and climate", "director.dns", "Development and Neighbourhood Services", "44", "34", "33", "CP-ENV-1"),
    ("CR-08", "Information governance breach", "Large volumes of personal data handled across many systems.", "Personal data is lost or disclosed without authority.", "Harm to residents, fines from the Information Commissioner and reputational damage.", "Information and technology", "director.law", "Law and Democracy", "44", "33", "23", ""),
    ("CR-09", "Business continuity", "Dependence on a few buildings, suppliers and systems.", "A major incident stops critical services.", "Vulnerable residents go without services and statutory duties are missed.", "Service delivery", "chief.executive", "", "35", "24", "24", ""),
    ("CR-10", "Regeneration programme delivery", "Construction inflation and developer viability pressures.", "The town centre regeneration programme is delayed or scaled back.", "Lost jobs and investment, and external funding clawed back.", "Partnerships", "head.planning", "Planning and Regeneration", "44", "34", "33", "CP-REG-2"),
    ("CR-11", "Special educational needs high needs deficit", "Demand for education, health and care plans outstrips funding.", "The high needs block deficit keeps growing.", "Pressure on the general fund when the statutory override ends.", "Financial", "head.schools", "Schools and Learning", "54", "43", "33", "CP-EDU-2"),
    ("CR-12", "Health and safety of staff and the public", "Front-line work in streets, homes and depots.", "A serious accident or injury on council business.", "Harm to people, prosecution by the Health and Safety Executive and compensation claims.", "Health and safety", "director.dns", "Care for Your Area", "35", "24", "14", "CP-ENV-2"),
    ("CR-13", "Governance and decision making", "Complex decisions taken at pace under financial pressure.", "Decisions are challenged or fail to follow due process.", "Judicial review, delay and reputational damage.", "Legal and regulatory", "director.law", "Democratic Services", "34", "23", "23", ""),
    ("CR-14", "Fraud and corruption", "Weakened controls during change and remote working.", "Fraud against the council goes undetected.", "Financial loss and reputational damage.", "Financial", "auditor.lead", "Internal Audit", "34", "23", "22", ""),
    ("CR-15", "Waste contract renewal", "The waste collection contract ends in two years.", "A new contract is not in place in time or costs much more.", "Missed collections and a budget pressure.", "Service delivery", "head.cfya", "Waste and Recycling", "43", "33", "22", "CP-ENV-3"),
    ("CR-16", "Partnership with the NHS", "Integrated care board restructuring and financial pressure.", "Joint commissioning arrangements break down.", "Gaps in health and care services for residents.", "Partnerships", "head.publichealth", "Public Health", "34", "33", "23", "CP-HEA-3"),
    ("CR-17", "Capital programme overspend", "Construction inflation on a large capital programme.", "Schemes cost more than their budgets.", "Borrowing rises and other schemes are cut.", "Financial", "head.finance", "Finance", "44", "34", "23", ""),
    ("CR-18", "Housing stock compliance", "Ageing council homes and new building safety regulations.", "Homes fail fire, gas, electrical or damp standards.", "Harm to tenants and action by the Regulator of Social Housing.", "Health and safety", "head.housing", "Estate Management", "44", "24", "14", "CP-SAF-1"),
    ("CR-19", "Community cohesion", "National tensions and local deprivation.", "Community tensions escalate into disorder.", "Harm to residents and damage to the borough's reputation.", "Reputational", "head.protection", "Community Safety", "34", "24", "23", "CP-SAF-3"),
    ("CR-20", "Elections delivery", "New electoral law and a tight timetable.", "An election is not run correctly.", "A legal challenge to the result and loss of public trust.", "Legal and regulatory", "head.democratic", "Democratic Services", "25", "15", "15", ""),
    ("CR-21", "Digital transformation benefits", "Dependence on new systems to make savings.", "The digital programme does not deliver its savings.", "A budget gap and poorer customer service.", "Service delivery", "head.customer", "Customer Services", "34", "33", "22", ""),
    ("OP-01", "Devolution deal investment", "The combined authority offers a devolution deal.", "The borough secures investment for transport and skills.", "New jobs, better transport links and more skills training.", "Partnerships", "chief.executive", "", "33", "34", "45", "CP-REG-1"),
    ("OP-02", "Shared services with neighbouring councils", "Neighbouring councils want to share back-office services.", "A shared service for finance and HR is agreed.", "Savings of £1m a year and more resilient services.", "Financial", "director.resources", "Resources", "23", "33", "44", ""),
    ("CR-22", "Local plan adoption", "Changes to national planning policy.", "The local plan is found unsound at examination.", "Speculative development and a shortfall in housing land supply.", "Legal and regulatory", "head.planning", "Development Control", "34", "33", "23", "CP-REG-3"),
    ("CR-23", "Energy costs for council buildings", "Volatile wholesale energy prices.", "Energy bills for council buildings rise sharply.", "A budget pressure in the current year.", "Financial", "head.finance", "Finance", "44", "34", "23", ""),
]

DIRECTORATE_RISKS = {
    "DNS": [
        ("DNS-01", "Void turnaround times", "Contractor capacity for repairs to empty homes.", "Empty homes take longer than 28 days to re-let.", "Lost rent and households kept in temporary accommodation.", "Service delivery", "head.housing", "Estate Management", "44", "33", "22", "CP-SAF-1"),
        ("DNS-02", "Homelessness prevention capacity", "Rising approaches to the housing options service.", "Caseloads exceed what officers can manage.", "Fewer cases prevented and more households in temporary accommodation.", "Service delivery", "manager.options", "Housing Options", "44", "34", "23", "CP-SAF-1"),
        ("DNS-03", "Damp and mould in council homes", "Older homes with poor ventilation and insulation.", "Damp and mould cause illness to tenants.", "Harm to health, legal claims and regulator action.", "Health and safety", "head.housing", "Estate Management", "45", "34", "23", "CP-SAF-1"),
        ("DNS-04", "Street cleansing standards", "Reduced crews and a larger area to cover.", "Streets fall below acceptable standards of cleanliness.", "Complaints and a poorer environment.", "Service delivery", "manager.cleansing", "Street Cleansing", "33", "32", "22", "CP-ENV-2"),
        ("DNS-05", "Recycling contamination", "Residents put the wrong items in recycling bins.", "Loads are rejected by the materials recovery facility.", "Disposal costs rise and the recycling rate falls.", "Environmental and climate", "officer.waste", "Waste and Recycling", "43", "33", "22", "CP-ENV-3"),
        ("DNS-06", "Fleet vehicle breakdowns", "An ageing refuse collection fleet.", "Vehicles break down on rounds.", "Missed collections and hire costs.", "Service delivery", "head.cfya", "Waste and Recycling", "43", "33", "22", ""),
        ("DNS-07", "Planning appeals costs", "Applications refused against officers' advice.", "Appeals are lost with costs awarded.", "Financial loss and damage to the council's standing.", "Legal and regulatory", "head.planning", "Development Control", "34", "33", "23", "CP-REG-3"),
        ("DNS-08", "Major applications determined late", "Vacancies in the development control team.", "Major applications miss the statutory time limit.", "Government designation and lost investment.", "Service delivery", "head.planning", "Development Control", "34", "23", "22", "CP-REG-3"),
        ("DNS-09", "Business support grant compliance", "Grant conditions from government programmes.", "Grants are paid to businesses that do not qualify.", "Clawback of funding.", "Financial", "manager.economy", "Economic Development", "33", "23", "22", "CP-REG-2"),
        ("DNS-10", "Anti-social behaviour hot spots", "Reduced youth provision and policing.", "Anti-social behaviour rises in town centre hot spots.", "Residents feel less safe.", "Reputational", "officer.safety", "Community Safety", "43", "33", "22", "CP-SAF-3"),
        ("DNS-11", "Food hygiene inspection backlog", "Inspections paused during staff shortages.", "High-risk food businesses are not inspected on time.", "Outbreaks of food poisoning and criticism by the Food Standards Agency.", "Health and safety", "head.protection", "Environmental Health", "34", "24", "14", ""),
        ("DNS-12", "Fly-tipping enforcement", "Rising costs of legal waste disposal.", "Fly-tipping rises and offenders are not caught.", "Clearance costs and a poorer environment.", "Environmental and climate", "manager.cleansing", "Street Cleansing", "43", "33", "22", "CP-ENV-2"),
        ("DNS-13", "Employment support contract", "Funding for employment support ends next year.", "The employment support programme stops.", "Fewer residents helped into work.", "Partnerships", "officer.economy", "Economic Development", "33", "33", "22", "CP-REG-2"),
        ("DNS-14", "Depot lease expiry", "The lease on the north depot was due to expire.", "The depot is lost before a replacement is found.", "Fleet and crews have nowhere to work from.", "Service delivery", "head.cfya", "Care for Your Area", "34", "33", "11", ""),
        ("DNS-15", "Flood risk to the riverside estate", "New flood modelling from the Environment Agency.", "The riverside estate floods in a severe storm.", "Homes damaged and tenants displaced.", "Environmental and climate", "head.housing", "Housing", "35", "34", "24", "CP-ENV-1"),
        ("DNS-OP1", "Solar panels on council homes", "Government grant for retrofitting social housing.", "Solar panels are fitted to 500 council homes.", "Lower bills for tenants and lower carbon emissions.", "Environmental and climate", "head.housing", "Housing", "33", "33", "44", "CP-ENV-1"),
    ],
    "CESC": [
        ("CESC-01", "Social worker caseloads", "Difficulty recruiting permanent social workers.", "Caseloads exceed safe levels.", "Visits missed and children left at risk.", "Safeguarding", "head.childrens", "Children's Social Care", "45", "34", "24", "CP-HEA-2"),
        ("CESC-02", "Placement sufficiency for children in care", "Too few local foster carers and residential places.", "Children are placed far from home at high cost.", "Poorer outcomes for children and a budget overspend.", "Financial", "head.childrens", "Children's Social Care", "55", "44", "33", "CP-HEA-2"),
        ("CESC-03", "Youth reoffending", "Cuts to diversion and youth services.", "Young people reoffend.", "More victims and poorer life chances.", "Service delivery", "manager.yot", "Youth Offending", "34", "33", "23", "CP-SAF-2"),
        ("CESC-04", "School places in the east of the borough", "New housing developments with many families.", "There are not enough primary school places.", "Children travel out of area and the council breaches its duty.", "Legal and regulatory", "head.schools", "Schools and Learning", "34", "33", "22", "CP-EDU-1"),
        ("CESC-05", "Schools causing concern", "Leadership changes in several schools.", "Schools are judged inadequate.", "Poorer outcomes for pupils.", "Service delivery", "officer.schools", "School Improvement", "33", "33", "22", "CP-EDU-1"),
        ("CESC-06", "Home to school transport costs", "More pupils with education, health and care plans.", "Transport spending overruns its budget.", "A budget pressure.", "Financial", "head.schools", "Schools and Learning", "44", "43", "33", "CP-EDU-2"),
        ("CESC-07", "Deprivation of liberty assessments backlog", "Demand for assessments exceeds assessor capacity.", "Assessments are not done within legal time limits.", "People deprived of liberty unlawfully and legal challenge.", "Legal and regulatory", "head.adults", "Adult Social Care", "44", "34", "23", "CP-HEA-1"),
        ("CESC-08", "Reablement capacity", "Too few reablement staff for hospital discharges.", "People wait in hospital or go straight into long-term care.", "Poorer independence and higher costs.", "Service delivery", "officer.adults", "Independent Living", "43", "33", "22", "CP-HEA-1"),
        ("CESC-09", "Public health grant conditions", "Grant conditions and reporting requirements.", "Spending does not meet the grant conditions.", "Grant clawed back.", "Financial", "head.publichealth", "Public Health", "23", "22", "22", "CP-HEA-3"),
        ("CESC-10", "Smoking cessation uptake", "Fewer referrals from GPs.", "Fewer smokers quit with support.", "Worse health outcomes.", "Service delivery", "officer.health", "Health Improvement", "33", "32", "22", "CP-HEA-3"),
        ("CESC-11", "Early help thresholds", "Inconsistent application of thresholds by partners.", "Families are referred to the wrong service.", "Needs escalate to statutory intervention.", "Safeguarding", "head.childrens", "Early Help", "34", "23", "13", "CP-HEA-2"),
        ("CESC-12", "Adult learning funding", "Changes to the adult skills fund.", "Funding for community learning is cut.", "Fewer courses for residents.", "Financial", "head.schools", "Adult Learning", "33", "32", "22", "CP-EDU-3"),
        ("CESC-13", "Care leavers' accommodation", "Shortage of suitable supported housing.", "Care leavers have nowhere suitable to live.", "Homelessness and poorer outcomes for care leavers.", "Safeguarding", "head.childrens", "Children's Social Care", "34", "24", "14", "CP-HEA-2"),
        ("CESC-14", "Ofsted focused visit readiness", "A focused visit on the front door was expected.", "The visit finds weaknesses.", "Reputational damage and an improvement notice.", "Reputational", "head.childrens", "Children's Social Care", "34", "23", "11", "CP-HEA-2"),
        ("CESC-15", "Mental health support in schools", "Rising demand for children's mental health services.", "Pupils wait months for support.", "Attendance and attainment fall.", "Service delivery", "head.publichealth", "Public Health", "44", "33", "22", "CP-EDU-1"),
        ("CESC-OP1", "Family hubs funding", "Government funding for family hubs.", "Three family hubs open in the most deprived wards.", "Earlier help for families.", "Partnerships", "head.childrens", "Early Help", "33", "34", "44", "CP-HEA-2"),
    ],
    "RES": [
        ("RES-01", "Budget monitoring accuracy", "Late and incomplete forecasts from services.", "Overspends are identified late in the year.", "Less time to take corrective action.", "Financial", "manager.budgets", "Budget Monitoring", "33", "23", "22", ""),
        ("RES-02", "Council tax collection", "Cost of living pressures on households.", "Council tax collection falls.", "Less income for services.", "Financial", "head.finance", "Finance", "43", "33", "22", ""),
        ("RES-03", "Payroll system replacement", "The payroll system is out of support next year.", "The new system is not ready in time.", "Staff are paid late or wrongly.", "Information and technology", "head.hr", "Human Resources", "34", "24", "14", ""),
        ("RES-04", "ICT infrastructure resilience", "Ageing data centre equipment.", "A hardware failure takes systems offline.", "Services cannot operate.", "Information and technology", "head.customer", "Customer Services", "44", "44", "23", ""),
        ("RES-05", "Contact centre demand", "More residents contacting the council about hardship.", "Call waiting times exceed targets.", "Poor customer experience and complaints.", "Service delivery", "head.customer", "Contact Centre", "43", "33", "22", ""),
        ("RES-06", "Sickness absence", "Stress and musculoskeletal conditions in front-line roles.", "Sickness absence rises.", "Lost productivity and agency costs.", "People and workforce", "officer.hr", "Learning and Development", "43", "33", "22", ""),
        ("RES-07", "Performance data quality", "Manual data collection in several services.", "Performance figures reported are wrong.", "Poor decisions and loss of confidence.", "Reputational", "performance.lead", "Policy and Performance", "33", "23", "22", ""),
        ("RES-08", "Pay and grading claims", "The job evaluation scheme has not been reviewed.", "Equal pay claims are made.", "Back pay and legal costs.", "Legal and regulatory", "head.hr", "Human Resources", "24", "24", "14", ""),
        ("RES-09", "Treasury management", "Interest rate volatility.", "Borrowing costs rise.", "A budget pressure.", "Financial", "head.finance", "Finance", "33", "33", "23", ""),
        ("RES-10", "Procurement compliance", "The new Procurement Act.", "Contracts are let without following the rules.", "Challenges from bidders and delays.", "Legal and regulatory", "head.finance", "Finance", "34", "23", "22", ""),
        ("RES-11", "Leadership development", "Many senior managers near retirement.", "No successors are ready.", "Loss of leadership capacity.", "People and workforce", "head.hr", "Learning and Development", "33", "33", "22", ""),
        ("RES-12", "Website accessibility", "Legacy documents on the website.", "The website fails accessibility regulations.", "Residents cannot use services and enforcement action.", "Legal and regulatory", "head.customer", "Customer Services", "33", "23", "12", ""),
        ("RES-13", "Insurance renewal", "A hardening insurance market.", "Premiums rise sharply at renewal.", "A budget pressure.", "Financial", "head.finance", "Finance", "33", "32", "22", ""),
        ("RES-14", "Audit of accounts backlog", "National backlog in local audit.", "The accounts were not signed off.", "Qualified opinion and reputational damage.", "Reputational", "head.finance", "Finance", "33", "32", "11", ""),
        ("RES-15", "Artificial intelligence in customer services", "Staff using public AI tools without guidance.", "Personal data is put into public AI tools.", "A data breach and loss of trust.", "Information and technology", "head.customer", "Customer Services", "34", "33", "22", ""),
        ("RES-OP1", "Automation of transactional services", "Proven robotic process automation tools.", "Routine processes are automated.", "Savings and faster service.", "Service delivery", "performance.officer", "Corporate Performance", "33", "33", "44", ""),
    ],
    "LAW": [
        ("LAW-01", "Freedom of information response times", "Rising numbers of requests.", "Requests are answered late.", "Complaints to the Information Commissioner.", "Legal and regulatory", "head.democratic", "Democratic Services", "43", "33", "22", ""),
        ("LAW-02", "Legal capacity for childcare proceedings", "Growth in care proceedings.", "Legal work is delayed.", "Delays for children and criticism by the courts.", "Safeguarding", "director.law", "Legal Services", "34", "33", "23", "CP-HEA-2"),
        ("LAW-03", "Member code of conduct complaints", "A rise in complaints about councillors.", "Complaints are not dealt with promptly.", "Loss of public confidence.", "Reputational", "head.democratic", "Democratic Services", "33", "23", "22", ""),
        ("LAW-04", "Internal audit coverage", "Vacancies in the internal audit team.", "The audit plan is not completed.", "A limited head of internal audit opinion.", "Legal and regulatory", "auditor.lead", "Internal Audit", "33", "33", "22", ""),
        ("LAW-05", "Constitution out of date", "Legislative changes since the last review.", "Decisions are taken under outdated delegations.", "Decisions challenged.", "Legal and regulatory", "director.law", "Law and Democracy", "33", "23", "12", ""),
        ("LAW-06", "Scrutiny effectiveness", "Members' time and officer support.", "Scrutiny does not hold decision makers to account.", "Poorer decisions.", "Reputational", "head.democratic", "Scrutiny Support", "33", "23", "22", ""),
        ("LAW-07", "Land charges backlog", "New national land registry migration.", "Searches are returned late.", "Property sales delayed and lost fees.", "Service delivery", "director.law", "Legal Services", "33", "32", "22", ""),
        ("LAW-08", "Licensing enforcement", "Limited enforcement officers at night.", "Licensed premises breach conditions.", "Harm to the public and disorder.", "Health and safety", "director.law", "Legal Services", "33", "23", "22", ""),
        ("LAW-09", "Register of electors accuracy", "Population churn in rented housing.", "The register is incomplete.", "Residents cannot vote.", "Legal and regulatory", "head.democratic", "Democratic Services", "33", "23", "22", ""),
        ("LAW-10", "Records management", "Paper records in several stores.", "Records are lost or kept too long.", "Breaches of data protection law.", "Information and technology", "director.law", "Legal Services", "33", "33", "22", ""),
        ("LAW-11", "Counter-fraud capacity", "One counter-fraud officer for the council.", "Fraud referrals are not investigated.", "Losses go unrecovered.", "Financial", "auditor.lead", "Internal Audit", "33", "23", "22", ""),
        ("LAW-12", "Civic events safety", "Large crowds at civic events.", "Crowd safety fails at an event.", "Injuries and liability.", "Health and safety", "head.democratic", "Democratic Services", "24", "14", "14", ""),
        ("LAW-13", "External legal costs", "Complex cases outsourced to external firms.", "External legal costs overrun.", "A budget pressure.", "Financial", "director.law", "Legal Services", "33", "33", "22", ""),
        ("LAW-14", "Whistleblowing arrangements", "Staff unaware of the policy.", "Concerns are not raised.", "Wrongdoing continues unchecked.", "Reputational", "auditor.lead", "Internal Audit", "23", "23", "22", ""),
        ("LAW-OP1", "Digital committee papers", "A new committee management system.", "Committee papers are published and read online.", "Savings on printing and more open decision making.", "Service delivery", "head.democratic", "Democratic Services", "33", "33", "44", ""),
    ],
}

# fmt: on

# Risks whose home is a directorate register, moved to the corporate register: the quarter
# (counted back from the latest, 1 being the latest quarter that has ended) and the reason.
ESCALATED = {
    "DNS-03": (3, "Two disrepair claims and a regulator inquiry: needs corporate oversight."),
    "CESC-02": (2, "The placements overspend now threatens the council's overall budget."),
    "RES-04": (1, "The data centre failure in the quarter showed a council-wide exposure."),
}
# Escalated in the first quarter and de-escalated in the latest, with both reasons.
DE_ESCALATED = {
    "DNS-07": (
        3,
        "A string of lost appeals with costs across several large sites.",
        1,
        "New member training and a review of refusals have cut lost appeals; manage locally.",
    ),
}
NEW_IN_LATEST = {"CR-23", "DNS-15", "CESC-15", "RES-15"}
CLOSED = {
    "DNS-14": (1, "A new depot lease has been signed for ten years."),
    "CESC-14": (1, "The focused visit found practice to be good; no further action."),
    "RES-14": (3, "The accounts have been signed off with an unqualified opinion."),
}
# The latest quarter's returns: how far each register has got.
LATEST_STATE = {
    "corporate": "submitted",
    "DNS": "smt_reviewed",
    "CESC": "submitted",
    "RES": "draft",
}
CONTROLS = [
    ("Monthly monitoring by the directorate management team", "effective"),
    ("Documented policy and procedures, reviewed annually", "partly"),
    ("Specialist training for the staff involved", "effective"),
    ("Contract management meetings with key suppliers", "partly"),
    ("Internal audit review in the annual plan", "not_assessed"),
    ("Business continuity plan, tested this year", "partly"),
    ("Reserve set aside against the risk", "effective"),
    ("Quarterly report to the portfolio holder", "ineffective"),
]
ACTIONS = [
    ("Commission an independent review", 6, 40),
    ("Agree a recovery plan with partners", 9, 25),
    ("Recruit to the vacant specialist posts", 5, 60),
    ("Procure a replacement system", 12, 15),
    ("Run a tabletop exercise", 3, 80),
    ("Report options to Cabinet", 4, 50),
]


class _Entry(NamedTuple):
    reference: str
    title: str
    cause: str
    event: str
    consequence: str
    category: str
    owner: str
    unit: str
    inherent: str  # likelihood and impact, as "45"
    residual: str
    target: str
    objective: str  # the objective's code, or ""


@dataclass
class _Made:
    risk: Risk
    home: str  # the key of its own register: "corporate", "DNS"...
    history: list[tuple[int, int]]  # residual (likelihood, impact) per quarter, oldest first


def _pair(text: str) -> tuple[int, int]:
    return int(text[0]), int(text[1])


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=timezone.get_current_timezone())


def build(council: DemoCouncil) -> None:
    organisation = council.organisation
    rng = council.rng
    today = timezone.localdate()
    people, units, objectives = council.people, council.units, council.objectives
    quarters = list(
        ReportingPeriod.objects.filter(
            organisation=organisation, frequency="quarterly", end_date__lt=today
        ).order_by("-end_date")[:4]
    )[::-1]

    def quarter_day(back: int, day: int) -> date:
        """A day into the quarter `back` quarters ago (1 = the latest that has ended)."""
        return min(quarters[-back].start_date + timedelta(days=day), today)

    RiskSettings.objects.create(organisation=organisation)
    categories = {
        name: RiskCategory.objects.create(
            organisation=organisation, name=name, appetite=appetite, appetite_statement=statement
        )
        for name, appetite, statement in CATEGORIES
    }
    corporate = Register.objects.create(
        organisation=organisation,
        kind=Register.Kind.CORPORATE,
        name="Corporate risk register",
        description="The council's strategic risks, owned by the corporate management team and "
        "approved each quarter by the Audit and Standards Committee.",
    )
    registers = {"corporate": corporate}
    for key, unit_name in DIRECTORATES.items():
        registers[key] = Register.objects.create(
            organisation=organisation,
            kind=Register.Kind.DIRECTORATE,
            org_unit=units[unit_name],
            name=f"{unit_name} risk register",
        )

    made: list[_Made] = []
    links: list[RiskObjective] = []
    for key, rows in [("corporate", CORPORATE), *DIRECTORATE_RISKS.items()]:
        for entry in map(_Entry._make, rows):
            closed = CLOSED.get(entry.reference)
            identified = (
                quarter_day(1, 20 + rng.randrange(40))
                if entry.reference in NEW_IN_LATEST
                else quarters[0].start_date - timedelta(days=rng.randrange(90, 1500))
            )
            inherent, residual, target = map(_pair, (entry.inherent, entry.residual, entry.target))
            risk = Risk(
                organisation=organisation,
                register=registers[key],
                kind=Risk.Kind.OPPORTUNITY if "OP" in entry.reference else Risk.Kind.RISK,
                reference=entry.reference,
                title=entry.title,
                cause=entry.cause,
                event=entry.event,
                consequence=entry.consequence,
                owner=people[entry.owner],
                org_unit=units.get(entry.unit),
                category=categories[entry.category],
                inherent_likelihood=inherent[0],
                inherent_impact=inherent[1],
                residual_likelihood=residual[0],
                residual_impact=residual[1],
                target_likelihood=target[0],
                target_impact=target[1],
                target_date=date(today.year + 1, 3, 31),
                identified_on=identified,
            )
            if closed:
                risk.status = Risk.Status.CLOSED
                risk.closed_on = quarter_day(closed[0], 45)
                risk.closure_reason = closed[1]
            made.append(_Made(risk, key, _score_path(rng, residual, len(quarters))))
            if entry.objective:
                links.append(RiskObjective(risk=risk, objective=objectives[entry.objective]))
    set_up = _at(quarters[0].start_date - timedelta(days=30))
    bulk_create_with_history(
        [m.risk for m in made],
        Risk,
        default_user=people["performance.lead"],
        default_date=set_up,
    )
    by_reference = {m.risk.reference: m.risk for m in made}
    bulk_create_with_history(links, RiskObjective, default_date=set_up)
    controls = []
    for m in made:
        for description, effectiveness in rng.sample(CONTROLS, rng.randint(2, 4)):
            controls.append(
                Control(risk=m.risk, description=description, effectiveness=effectiveness)
            )
    bulk_create_with_history(controls, Control, default_date=set_up)

    _escalations(registers, by_reference, people, quarter_day)
    _returns(registers, quarters, made, people, rng, today)
    _mitigating_actions(organisation, made, rng, today)


def _score_path(rng, current: tuple[int, int], count: int) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Residual scores for `count` quarters ending at `current`: mostly steady, sometimes a
    step up or down in likelihood."""
    path = [current]
    for _ in range(count - 1):
        likelihood, impact = path[0]
        roll = rng.random()
        if roll < 0.2 and likelihood < 5:
            likelihood += 1  # it was higher, and has come down since
        elif roll < 0.3 and likelihood > 1:
            likelihood -= 1
        path.insert(0, (likelihood, impact))
    return path


DIRECTORS = {
    "corporate": "chief.executive",
    "DNS": "director.dns",
    "CESC": "director.cesc",
    "RES": "director.resources",
    "LAW": "director.law",
}
SUBMITTERS = {
    "corporate": "performance.lead",
    "DNS": "head.housing",
    "CESC": "head.childrens",
    "RES": "head.finance",
    "LAW": "head.democratic",
}
UP_REASONS = [
    "Demand rose sharply this quarter.",
    "A key control failed during the quarter.",
    "New national guidance increases our exposure.",
]
DOWN_REASONS = [
    "Mitigating actions completed this quarter.",
    "New staff in post have reduced the backlog.",
    "The new contract is working well.",
]
STEADY_REASONS = ["", "", "Controls working as expected.", "No change in the position."]


def _escalations(registers, by_reference, people, quarter_day) -> None:  # type: ignore[no-untyped-def]
    """Escalations to the corporate register, and one escalation that came back, each saved
    through the model so the risk's history shows the move and its reason."""
    corporate = registers["corporate"]
    moves = []
    plan = {
        reference: (back, reason, None, None) for reference, (back, reason) in ESCALATED.items()
    }
    plan |= DE_ESCALATED
    for reference, (back, reason, back_down, reason_down) in plan.items():
        risk = by_reference[reference]
        home = risk.register
        director = people[DIRECTORS[reference.split("-")[0]]]
        on = quarter_day(back, 50)
        moves.append(
            RiskEscalation(risk=risk, from_register=home, to_register=corporate,
                           direction=RiskEscalation.Direction.ESCALATE, reason=reason,
                           decided_by=director, decided_on=on)
        )  # fmt: skip
        risk.register, risk.escalated_from = corporate, home
        _save_as(risk, director, on, f"Escalated: {reason}")
        if back_down is not None:
            on = quarter_day(back_down, 55)
            moves.append(
                RiskEscalation(risk=risk, from_register=corporate, to_register=home,
                               direction=RiskEscalation.Direction.DE_ESCALATE, reason=reason_down,
                               decided_by=people["chief.executive"], decided_on=on)
            )  # fmt: skip
            risk.register, risk.escalated_from = home, None
            _save_as(risk, people["chief.executive"], on, f"De-escalated: {reason_down}")
    bulk_create_with_history(moves, RiskEscalation)


def _save_as(risk: Risk, user, on: date, reason: str) -> None:  # type: ignore[no-untyped-def]
    risk._history_user = user  # type: ignore[attr-defined]
    risk._history_date = _at(on)  # type: ignore[attr-defined]
    risk._change_reason = reason  # type: ignore[attr-defined]
    risk.save()


def _returns(registers, quarters, made, people, rng, today) -> None:  # type: ignore[no-untyped-def]
    """A year of quarterly returns for the corporate register and each directorate: earlier
    quarters approved all the way to the audit committee, the latest at different stages."""
    returns, reviews = [], []
    for key, register in registers.items():
        for index, quarter in enumerate(quarters):
            state = "complete" if index < len(quarters) - 1 else LATEST_STATE.get(key)
            if state is None:
                continue
            end = quarter.end_date

            def day(after: int, end: date = end) -> date:
                return min(end + timedelta(days=after), today)

            risk_return = RiskReturn(
                register=register, period=quarter, status=RiskReturn.Status.DRAFT
            )
            if state != "draft":
                risk_return.status = RiskReturn.Status.SUBMITTED
                risk_return.submitted_by = people[SUBMITTERS[key]]
                risk_return.submitted_at = _at(day(10))
                risk_return.commentary = (
                    "Risks reviewed with each owner at the directorate management team."
                )
            if state in {"complete", "smt_reviewed"}:
                risk_return.status = RiskReturn.Status.APPROVED
                risk_return.approved_by = people[DIRECTORS[key]]
                risk_return.approved_at = _at(day(14))
                risk_return.smt_reviewed_on = day(21)
                risk_return.smt_outcome = "Noted; the scores and actions are agreed."
            if state == "complete":
                risk_return.audit_committee_approved_on = day(35)
            returns.append(risk_return)
            for m in made:
                risk = m.risk
                if m.home != key or risk.identified_on > end:
                    continue
                if risk.closed_on and risk.closed_on < end:
                    continue  # closed during or before the quarter: nothing to review
                if state == "draft" and rng.random() < 0.5:
                    continue  # owners still working through the latest return
                before = m.history[index - 1] if index else m.history[0]
                after = m.history[index]
                change = scoring.movement(scoring.score(*before), scoring.score(*after))
                reasons = {"up": UP_REASONS, "down": DOWN_REASONS}.get(change, STEADY_REASONS)
                reviews.append(
                    RiskReview(risk_return=risk_return, risk=risk, previous_likelihood=before[0],
                               previous_impact=before[1], likelihood=after[0], impact=after[1],
                               reason=rng.choice(reasons), reviewed_by=risk.owner,
                               reviewed_at=_at(day(rng.randint(2, 9))))
                )  # fmt: skip
    bulk_create_with_history(returns, RiskReturn)
    bulk_create_with_history(reviews, RiskReview)


def _mitigating_actions(organisation, made, rng, today) -> None:  # type: ignore[no-untyped-def]
    """Further mitigating actions (delivery actions whose source is the risk) for the open
    risks still above their target score: some on track, some late, some done."""
    source_type = ContentType.objects.get_for_model(Risk)
    actions = []
    needing = [
        m.risk for m in made if m.risk.is_open and m.risk.residual_score > m.risk.target_score
    ]
    for risk in needing[::4]:
        for text, months, progress in rng.sample(ACTIONS, rng.randint(1, 2)):
            start = today - timedelta(days=rng.randrange(60, 300))
            due = start + timedelta(days=30 * months)
            action = Action(
                organisation=organisation, code=f"RA-{len(actions) + 1:03d}",
                title=f"{text}: {risk.title}", lead=risk.owner, org_unit=risk.org_unit,
                start_date=start, due_date=due, progress=progress,
                source_kind=Action.SourceKind.RISK, source_type=source_type, source_id=risk.pk,
            )  # fmt: skip
            if progress >= 80 and due < today:
                action.manual_status = Action.ManualStatus.COMPLETE
                action.progress, action.completed_on = 100, due
            actions.append(action)
    bulk_create_with_history(actions, Action)
