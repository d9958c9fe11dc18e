"""The risk pages as each kind of person sees them: officer, head of service, elected
member and internal auditor."""

import pytest
from django.test import Client
from django.urls import reverse

from goldenthread.risks.models import Control, Risk
from goldenthread.risks.tests.factories import DNS, latest_quarter, register, risk

ROLES = ["officer.estates", "head.housing", "cllr.leader", "auditor"]


def pages(council) -> dict[str, str]:  # type: ignore[no-untyped-def]
    dns = register(council, DNS)
    quarter = latest_quarter(council)
    return {
        "register list": reverse("risks:register_list"),
        "corporate register": reverse("risks:corporate_register"),
        "directorate register": dns.get_absolute_url(),
        "all risks, filtered": reverse("risks:risk_list") + "?band=High&appetite=above&kind=risk",
        "risk": risk("DNS-03").get_absolute_url(),
        "returns": reverse("risks:return_list"),
        "return": reverse("risks:return_detail", args=[dns.pk, quarter.pk]),
        "review": reverse("risks:review_edit", args=[dns.pk, quarter.pk, risk("DNS-01").pk]),
    }


@pytest.mark.parametrize("username", ROLES)
def test_every_page_renders_for_each_role(council, signed_in, username):
    client = signed_in(username)
    for name, url in pages(council).items():
        response = client.get(url)
        assert response.status_code == 200, f"{name} for {username}: {response.status_code}"
        html = response.content.decode()
        assert "<h1" in html, name
    navigation = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("risks:register_list")}"' in navigation


def test_the_risk_page_tells_its_whole_story(council, signed_in):
    damp = risk("DNS-03")
    html = signed_in("auditor").get(damp.get_absolute_url()).content.decode()
    for text in (damp.cause, damp.event, damp.consequence, "Inherent (before controls)",
                 "Residual (now)", "Target, by", "Existing controls", "Further mitigating actions",
                 "Zero homelessness", "Escalated from the Development", "Quarterly reviews",
                 'role="img"', "History of changes"):  # fmt: skip
        assert text in html, text
    for control in Control.objects.filter(risk=damp):
        assert control.description in html


def test_mitigating_actions_show_with_their_status(council, signed_in):
    mitigated = Risk.objects.filter(organisation=council, actions__isnull=False).first()
    html = signed_in("head.housing").get(mitigated.get_absolute_url()).content.decode()
    for action in mitigated.actions.all():
        assert action.title in html
    assert "No mitigating actions yet." not in html


@pytest.mark.parametrize(
    ("username", "can_change"),
    [
        ("officer.estates", False),
        ("head.housing", True),
        ("cllr.leader", False),
        ("auditor", False),
    ],
)
def test_only_those_who_may_change_a_risk_see_how(signed_in, username, can_change):
    voids = risk("DNS-01")  # owned by the head of housing, in Estate Management
    html = signed_in(username).get(voids.get_absolute_url()).content.decode()
    assert ("Change the risk" in html) is can_change
    assert ("Escalate to the corporate register" in html) is can_change
    edit = signed_in(username).get(reverse("risks:risk_edit", args=[voids.pk]))
    assert edit.status_code == (200 if can_change else 403)


def test_an_officer_adds_a_risk_to_their_directorate_s_register(council, signed_in, person):
    client = signed_in("officer.estates")
    dns = register(council, DNS)
    assert "Add a risk or opportunity" in client.get(dns.get_absolute_url()).content.decode()
    response = client.post(
        reverse("risks:risk_create", args=[dns.pk]),
        {
            "kind": "risk", "reference": "DNS-40", "title": "Keys lost at handover",
            "cause": "No key log", "event": "Keys go missing", "consequence": "Locks changed",
            "owner": person("officer.estates").pk, "inherent_likelihood": "4",
            "inherent_impact": "3", "residual_likelihood": "3", "residual_impact": "2",
            "target_likelihood": "1", "target_impact": "2", "identified_on": "2026-01-05",
            "status": "open",
        },
    )  # fmt: skip
    assert response.status_code == 302
    added = risk("DNS-40")
    assert (added.register, added.residual_score, added.organisation) == (dns, 6, council)
    assert added.history.first().history_user == person("officer.estates")
    corporate = register(council)
    assert client.get(reverse("risks:risk_create", args=[corporate.pk])).status_code == 403


def test_adding_a_control(signed_in):
    voids = risk("DNS-01")
    client = signed_in("head.housing")
    url = reverse("risks:control_add", args=[voids.pk])
    response = client.post(url, {"description": "", "effectiveness": "effective"})
    assert "There is a problem" in response.content.decode()
    client.post(url, {"description": "Void inspections within 2 days", "effectiveness": "partly"})
    control = Control.objects.get(risk=voids, description="Void inspections within 2 days")
    assert control.get_effectiveness_display() == "Partly effective"
    assert signed_in("cllr.leader").post(url, {"description": "x"}).status_code == 403


def test_filters_narrow_the_register(council, signed_in, person):
    owner = person("head.housing")
    html = (
        signed_in("auditor").get(reverse("risks:risk_list") + f"?owner={owner.pk}").content.decode()
    )
    owned = Risk.objects.filter(organisation=council, owner=owner, status="open")
    assert f"{owned.count()} shown" in html
    for each in Risk.objects.filter(organisation=council, status="open").exclude(owner=owner)[:5]:
        assert f">{each.reference} {each.title}</a>" not in html


def test_closed_risks_show_only_when_asked(council, signed_in):
    client = signed_in("auditor")
    url = register(council, DNS).get_absolute_url()
    assert "DNS-14 Depot lease expiry" not in client.get(url).content.decode()
    assert "DNS-14 Depot lease expiry" in client.get(url + "?status=closed").content.decode()


def test_people_of_another_council_and_visitors_see_nothing(council, other_council, client, person):
    outsider = Client()
    outsider.force_login(person("northfield.officer"))
    url = risk("CR-01").get_absolute_url()
    assert outsider.get(url).status_code == 404
    response = client.get(url)
    assert response.status_code == 302 and "sign-in" in response["Location"]
    assert (
        f'href="{reverse("risks:register_list")}"'
        not in client.get(reverse("home")).content.decode()
    )


def test_adding_a_mitigating_action(council, signed_in, person):
    voids = risk("DNS-01")
    client = signed_in("head.housing")
    assert "Add a mitigating action" in client.get(voids.get_absolute_url()).content.decode()
    url = reverse("risks:action_add", args=[voids.pk])
    response = client.post(
        url,
        {"code": "RA-900", "title": "Second repairs contractor", "lead": person("head.housing").pk,
         "start_date": "2026-01-01", "due_date": "2025-12-01"},
    )  # fmt: skip
    assert "The due date must be on or after the start date." in response.content.decode()
    response = client.post(
        url,
        {"code": "RA-900", "title": "Second repairs contractor", "lead": person("head.housing").pk,
         "start_date": "2026-01-01", "due_date": "2026-12-01"},
    )  # fmt: skip
    assert response.status_code == 302
    action = voids.actions.get(code="RA-900")
    assert (action.source, action.source_kind, action.organisation) == (voids, "risk", council)
    assert (
        "RA-900 Second repairs contractor" in client.get(voids.get_absolute_url()).content.decode()
    )
    assert signed_in("officer.estates").get(url).status_code == 403
