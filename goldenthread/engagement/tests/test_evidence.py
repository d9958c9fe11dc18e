from goldenthread.engagement import services
from goldenthread.engagement.models import NeedsEvidence
from goldenthread.engagement.thread import evidence_on_thread
from goldenthread.strategy.models import LinkKind, Objective


def test_evidence_hangs_on_the_thread_of_its_objectives(council, person):
    objective = Objective.objects.get(organisation=council, code="CP-EDU-1")
    evidence = services.evidence_save(
        evidence=NeedsEvidence(
            organisation=council, title="School place forecast", kind="other", summary="More."
        ),
        user=person("performance.officer"),
        objectives=[(objective, LinkKind.DIRECT)],
    )
    items = evidence_on_thread([objective.pk])[objective.pk]
    assert [(i.kind, i.title, i.url) for i in items] == [
        ("Evidence", "School place forecast", evidence.get_absolute_url())
    ]


def test_objective_page_shows_demo_evidence(council, signed_in):
    objective = Objective.objects.get(organisation=council, code="CP-HEA-1")
    page = signed_in("head.publichealth").get(objective.get_absolute_url()).content.decode()
    assert "joint strategic needs assessment 2024" in page


def test_evidence_form_links_objectives(council, signed_in):
    objective = Objective.objects.get(organisation=council, code="CP-REG-2")
    response = signed_in("performance.officer").post(
        "/engagement/evidence/add/",
        {
            "title": "Business survey",
            "kind": "survey",
            "summary": "Firms want skills.",
            "objectives": [objective.pk],
        },
    )
    assert response.status_code == 302
    saved = NeedsEvidence.objects.get(title="Business survey")
    assert [link.objective for link in saved.objective_links.all()] == [objective]
