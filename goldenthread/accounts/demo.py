"""Demo council step: the organisation, its units, about forty people, and its committees."""

from django.contrib.auth.hashers import make_password

from goldenthread.accounts.models import (
    Committee,
    CommitteeMembership,
    Organisation,
    OrgUnit,
    Role,
    RoleAssignment,
    User,
)
from goldenthread.demo import DEMO_PASSWORD, DEMO_SLUG, DemoCouncil

# Directorate → services → teams, after the seeds' four service groupings.
STRUCTURE = {
    "Development and Neighbourhood Services": {
        "Housing": ["Housing Options", "Estate Management"],
        "Care for Your Area": ["Street Cleansing", "Waste and Recycling"],
        "Planning and Regeneration": ["Development Control", "Economic Development"],
        "Community Protection": ["Community Safety", "Environmental Health"],
    },
    "Children, Education and Social Care": {
        "Schools and Learning": ["School Improvement", "Adult Learning"],
        "Children's Social Care": ["Youth Offending", "Early Help"],
        "Adult Social Care": ["Independent Living"],
        "Public Health": ["Health Improvement"],
    },
    "Resources": {
        "Finance": ["Budget Monitoring"],
        "Policy and Performance": ["Corporate Performance"],
        "Human Resources": ["Learning and Development"],
        "Customer Services": ["Contact Centre"],
    },
    "Law and Democracy": {
        "Legal Services": [],
        "Democratic Services": ["Scrutiny Support"],
        "Internal Audit": [],
    },
}

# username, first, last, job title, unit, roles (role, unit or None for org-wide), line manager
PEOPLE = [
    (
        "chief.executive",
        "Alex",
        "Morgan",
        "Chief Executive",
        None,
        [(Role.SENIOR_LEADER, None)],
        None,
    ),
    (
        "director.dns",
        "Priya",
        "Shah",
        "Corporate Director, Development and Neighbourhood Services",
        "Development and Neighbourhood Services",
        [(Role.SENIOR_LEADER, None)],
        "chief.executive",
    ),
    (
        "director.cesc",
        "Tom",
        "Okafor",
        "Corporate Director, Children, Education and Social Care",
        "Children, Education and Social Care",
        [(Role.SENIOR_LEADER, None)],
        "chief.executive",
    ),
    (
        "director.resources",
        "Helen",
        "Clarke",
        "Corporate Director of Resources",
        "Resources",
        [(Role.SENIOR_LEADER, None)],
        "chief.executive",
    ),
    (
        "director.law",
        "Marcus",
        "Bell",
        "Director of Law and Democracy",
        "Law and Democracy",
        [(Role.SENIOR_LEADER, None)],
        "chief.executive",
    ),
    (
        "performance.lead",
        "Jenny",
        "Hart",
        "Head of Policy and Performance",
        "Policy and Performance",
        [(Role.PERFORMANCE_ADMIN, None), (Role.HEAD_OF_SERVICE, "Policy and Performance")],
        "director.resources",
    ),
    (
        "performance.officer",
        "Dan",
        "Price",
        "Policy and Performance Officer",
        "Corporate Performance",
        [(Role.PERFORMANCE_ADMIN, None), (Role.OFFICER, "Corporate Performance")],
        "performance.lead",
    ),
    (
        "head.housing",
        "Sarah",
        "Turner",
        "Head of Housing",
        "Housing",
        [(Role.HEAD_OF_SERVICE, "Housing")],
        "director.dns",
    ),
    (
        "head.cfya",
        "Mike",
        "Batley",
        "Head of Care for Your Area",
        "Care for Your Area",
        [(Role.HEAD_OF_SERVICE, "Care for Your Area")],
        "director.dns",
    ),
    (
        "head.planning",
        "Aisha",
        "Rahman",
        "Head of Planning and Regeneration",
        "Planning and Regeneration",
        [(Role.HEAD_OF_SERVICE, "Planning and Regeneration")],
        "director.dns",
    ),
    (
        "head.protection",
        "Gareth",
        "Lloyd",
        "Head of Community Protection",
        "Community Protection",
        [(Role.HEAD_OF_SERVICE, "Community Protection")],
        "director.dns",
    ),
    (
        "head.schools",
        "Fiona",
        "Grant",
        "Head of Schools and Learning",
        "Schools and Learning",
        [(Role.HEAD_OF_SERVICE, "Schools and Learning")],
        "director.cesc",
    ),
    (
        "head.childrens",
        "Kwame",
        "Mensah",
        "Head of Children's Social Care",
        "Children's Social Care",
        [(Role.HEAD_OF_SERVICE, "Children's Social Care")],
        "director.cesc",
    ),
    (
        "head.adults",
        "Ruth",
        "Evans",
        "Head of Adult Social Care",
        "Adult Social Care",
        [(Role.HEAD_OF_SERVICE, "Adult Social Care")],
        "director.cesc",
    ),
    (
        "head.publichealth",
        "Owen",
        "Davies",
        "Director of Public Health",
        "Public Health",
        [(Role.HEAD_OF_SERVICE, "Public Health")],
        "director.cesc",
    ),
    (
        "head.finance",
        "Linda",
        "Walsh",
        "Head of Finance",
        "Finance",
        [(Role.HEAD_OF_SERVICE, "Finance")],
        "director.resources",
    ),
    (
        "head.hr",
        "Nadia",
        "Kowalski",
        "Head of Human Resources",
        "Human Resources",
        [(Role.HEAD_OF_SERVICE, "Human Resources")],
        "director.resources",
    ),
    (
        "head.customer",
        "Paul",
        "Reid",
        "Head of Customer Services",
        "Customer Services",
        [(Role.HEAD_OF_SERVICE, "Customer Services")],
        "director.resources",
    ),
    (
        "head.democratic",
        "Grace",
        "Adeyemi",
        "Head of Democratic Services",
        "Democratic Services",
        [(Role.HEAD_OF_SERVICE, "Democratic Services")],
        "director.law",
    ),
    (
        "manager.estates",
        "Chris",
        "Hughes",
        "Estate Management Team Leader",
        "Estate Management",
        [(Role.MANAGER, "Estate Management")],
        "head.housing",
    ),
    (
        "manager.options",
        "Leah",
        "Mitchell",
        "Housing Options Manager",
        "Housing Options",
        [(Role.MANAGER, "Housing Options")],
        "head.housing",
    ),
    (
        "manager.cleansing",
        "Steve",
        "Parker",
        "Street Cleansing Manager",
        "Street Cleansing",
        [(Role.MANAGER, "Street Cleansing")],
        "head.cfya",
    ),
    (
        "manager.yot",
        "Imran",
        "Hussain",
        "Youth Offending Team Manager",
        "Youth Offending",
        [(Role.MANAGER, "Youth Offending")],
        "head.childrens",
    ),
    (
        "manager.economy",
        "Beth",
        "Carter",
        "Economic Development Manager",
        "Economic Development",
        [(Role.MANAGER, "Economic Development")],
        "head.planning",
    ),
    (
        "manager.budgets",
        "Ravi",
        "Patel",
        "Budget Monitoring Manager",
        "Budget Monitoring",
        [(Role.MANAGER, "Budget Monitoring")],
        "head.finance",
    ),
    (
        "officer.estates",
        "Sam",
        "Wilson",
        "Voids Officer",
        "Estate Management",
        [(Role.OFFICER, "Estate Management")],
        "manager.estates",
    ),
    (
        "officer.options",
        "Joe",
        "Baker",
        "Housing Options Officer",
        "Housing Options",
        [(Role.OFFICER, "Housing Options")],
        "manager.options",
    ),
    (
        "officer.cleansing",
        "Kelly",
        "Ward",
        "Cleansing Performance Officer",
        "Street Cleansing",
        [(Role.OFFICER, "Street Cleansing")],
        "manager.cleansing",
    ),
    (
        "officer.waste",
        "Lee",
        "Robinson",
        "Recycling Officer",
        "Waste and Recycling",
        [(Role.OFFICER, "Waste and Recycling")],
        "head.cfya",
    ),
    (
        "officer.safety",
        "Zara",
        "Ali",
        "Community Safety Officer",
        "Community Safety",
        [(Role.OFFICER, "Community Safety")],
        "head.protection",
    ),
    (
        "officer.yot",
        "Ben",
        "Foster",
        "Youth Justice Officer",
        "Youth Offending",
        [(Role.OFFICER, "Youth Offending")],
        "manager.yot",
    ),
    (
        "officer.schools",
        "Emma",
        "Scott",
        "School Improvement Officer",
        "School Improvement",
        [(Role.OFFICER, "School Improvement")],
        "head.schools",
    ),
    (
        "officer.health",
        "Nina",
        "Chowdhury",
        "Health Improvement Officer",
        "Health Improvement",
        [(Role.OFFICER, "Health Improvement")],
        "head.publichealth",
    ),
    (
        "officer.economy",
        "Tariq",
        "Khan",
        "Employment Support Officer",
        "Economic Development",
        [(Role.OFFICER, "Economic Development")],
        "manager.economy",
    ),
    (
        "officer.adults",
        "Holly",
        "Green",
        "Reablement Officer",
        "Independent Living",
        [(Role.OFFICER, "Independent Living")],
        "head.adults",
    ),
    (
        "officer.hr",
        "Mark",
        "Jones",
        "HR Business Partner",
        "Learning and Development",
        [(Role.OFFICER, "Learning and Development")],
        "head.hr",
    ),
    (
        "auditor.lead",
        "Sophie",
        "Lane",
        "Audit Manager",
        "Internal Audit",
        [(Role.AUDITOR, None)],
        "director.law",
    ),
    (
        "auditor",
        "Ian",
        "Brooks",
        "Internal Auditor",
        "Internal Audit",
        [(Role.AUDITOR, None)],
        "auditor.lead",
    ),
    ("cllr.leader", "Margaret", "Hill", "Leader of the Council", None, [(Role.MEMBER, None)], None),
    (
        "cllr.finance",
        "David",
        "Nash",
        "Cabinet Member for Corporate Management and Finance",
        None,
        [(Role.MEMBER, None)],
        None,
    ),
    (
        "cllr.housing",
        "Joan",
        "Pearce",
        "Cabinet Member for Housing and Community Safety",
        None,
        [(Role.MEMBER, None)],
        None,
    ),
    (
        "cllr.scrutiny",
        "Robert",
        "Fraser",
        "Chair of Executive Scrutiny Committee",
        None,
        [(Role.MEMBER, None)],
        None,
    ),
    (
        "cllr.monitor",
        "Anita",
        "Desai",
        "Councillor, committee performance monitor",
        None,
        [(Role.MEMBER, None), (Role.COMMITTEE_MONITOR, None)],
        None,
    ),
    (
        "cllr.audit",
        "Peter",
        "Young",
        "Chair of Audit and Standards Committee",
        None,
        [(Role.MEMBER, None)],
        None,
    ),
]

COMMITTEES = [
    (
        "Cabinet",
        "executive",
        "Receives the six-monthly performance report and the quarterly Medium Term Financial Plan report.",
        [("cllr.leader", "chair"), ("cllr.finance", "member"), ("cllr.housing", "member")],
    ),
    (
        "Executive Scrutiny Committee",
        "scrutiny",
        "Oversees the scrutiny work programme and challenges performance and finance reports.",
        [("cllr.scrutiny", "chair"), ("cllr.monitor", "monitor"), ("cllr.audit", "member")],
    ),
    (
        "Audit and Standards Committee",
        "audit",
        "Approves the corporate risk register and oversees governance, internal audit and data quality.",
        [("cllr.audit", "chair"), ("cllr.scrutiny", "member")],
    ),
    (
        "Place Select Committee",
        "select",
        "Policy review for environment, regeneration and the economy.",
        [("cllr.monitor", "chair"), ("cllr.housing", "member")],
    ),
    (
        "People Select Committee",
        "select",
        "Policy review for health, education, social care and community safety.",
        [("cllr.scrutiny", "member"), ("cllr.monitor", "monitor")],
    ),
    (
        "Corporate Management Team",
        "management",
        "The chief executive and directors; runs improvement clinics three times a year.",
        [
            ("chief.executive", "chair"),
            ("director.dns", "member"),
            ("director.cesc", "member"),
            ("director.resources", "member"),
            ("director.law", "member"),
        ],
    ),
]


def build(council: DemoCouncil) -> None:
    organisation = Organisation.objects.create(
        name="Wyvern Vale Borough Council",
        short_name="Wyvern Vale",
        slug=DEMO_SLUG,
        kind=Organisation.Kind.UNITARY,
        region="North East",
        population=197_000,
    )
    council.organisation = organisation
    for directorate, services in STRUCTURE.items():
        top = OrgUnit.objects.create(
            organisation=organisation, kind="directorate", name=directorate
        )
        council.units[directorate] = top
        for service, teams in services.items():
            unit = OrgUnit.objects.create(
                organisation=organisation, kind="service", name=service, parent=top
            )
            council.units[service] = unit
            for team in teams:
                council.units[team] = OrgUnit.objects.create(
                    organisation=organisation, kind="team", name=team, parent=unit
                )

    password = make_password(DEMO_PASSWORD)
    for username, first, last, title, unit, roles, manager in PEOPLE:
        person = User(
            username=username,
            first_name=first,
            last_name=last,
            email=f"{username}@wyvernvale.example",
            job_title=title,
            organisation=organisation,
            org_unit=council.units.get(unit),
            line_manager=council.people.get(manager),
            is_staff=any(role == Role.PERFORMANCE_ADMIN for role, _ in roles),
        )
        person.password = password  # one hash for everyone: hashing 44 times takes seconds
        person.save()
        council.people[username] = person
        for role, role_unit in roles:
            RoleAssignment.objects.create(
                user=person,
                organisation=organisation,
                role=role,
                org_unit=council.units.get(role_unit),
            )
    for unit_name, head in [
        ("Development and Neighbourhood Services", "director.dns"),
        ("Children, Education and Social Care", "director.cesc"),
        ("Resources", "director.resources"),
        ("Law and Democracy", "director.law"),
    ]:
        OrgUnit.objects.filter(pk=council.units[unit_name].pk).update(head=council.people[head])
    for username, _first, _last, _title, _unit, roles, _manager in PEOPLE:
        for role, role_unit in roles:
            if role == Role.HEAD_OF_SERVICE or role == Role.MANAGER:
                OrgUnit.objects.filter(pk=council.units[role_unit].pk).update(
                    head=council.people[username]
                )

    for name, kind, remit, members in COMMITTEES:
        committee = Committee.objects.create(
            organisation=organisation,
            name=name,
            slug=name.lower().replace(" ", "-"),
            kind=kind,
            remit=remit,
        )
        council.committees[name] = committee
        for username, position in members:
            CommitteeMembership.objects.create(
                committee=committee, user=council.people[username], position=position
            )
