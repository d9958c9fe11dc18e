"""An appraisal is seen only by the employee, their line-management chain and performance
admins (acting as HR); everyone else gets a 404, which does not reveal that it exists."""

import pytest

from goldenthread.accounts import permissions
from goldenthread.people.models import Appraisal

ALLOWED = [
    "officer.estates",
    "manager.estates",
    "head.housing",
    "director.dns",
    "chief.executive",
    "performance.lead",
    "performance.officer",
]
REFUSED = [
    "officer.options",  # a colleague in the same service
    "manager.options",  # a manager in the same service, not in Sam's chain
    "head.cfya",  # another service's head
    "director.resources",  # a senior leader outside the chain
    "cllr.leader",  # an elected member
    "cllr.monitor",
    "auditor",  # internal audit
    "auditor.lead",
]


@pytest.mark.parametrize("username", ALLOWED)
def test_the_employee_their_chain_and_admins_see_it(signed_in, sams_appraisal, username):
    response = signed_in(username).get(sams_appraisal.get_absolute_url())
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sam Wilson" in page and "re-let" in page


@pytest.mark.parametrize("username", REFUSED)
def test_everyone_else_gets_404(signed_in, sams_appraisal, username):
    client = signed_in(username)
    base = sams_appraisal.get_absolute_url()
    for url in (base, base + "objectives/add/", base + "review/mid-year/", base + "training/add/"):
        assert client.get(url).status_code == 404, url
    assert client.post(base + "agree/", {"on": "2026-05-01"}).status_code == 404
    assert client.post(base + "training/add/", {"category": "digital"}).status_code == 404


def test_another_council_gets_404(other_council, signed_in, sams_appraisal):
    client = signed_in("northfield.officer")
    assert client.get(sams_appraisal.get_absolute_url()).status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, sams_appraisal):
    response = client.get(sams_appraisal.get_absolute_url())
    assert response.status_code == 302
    assert "Sam Wilson" not in response.content.decode()


def test_the_employee_cannot_manage_their_own_appraisal(signed_in, sams_appraisal):
    client = signed_in("officer.estates")
    base = sams_appraisal.get_absolute_url()
    assert client.get(base + "objectives/add/").status_code == 403
    assert client.get(base + "review/year-end/").status_code == 403
    assert client.get(base + "training/add/").status_code == 200


def test_rules_directly(sams_appraisal, person):
    for username in ALLOWED:
        assert permissions.can_view_appraisal(person(username), sams_appraisal), username
    for username in REFUSED:
        assert not permissions.can_view_appraisal(person(username), sams_appraisal), username
    assert not permissions.can_manage_appraisal(person("officer.estates"), sams_appraisal)


def test_team_page_lists_only_the_chain(signed_in, council):
    page = signed_in("head.housing").get("/appraisals/team/").content.decode()
    assert "Sam Wilson" in page and "Chris Hughes" in page
    assert "Kelly Ward" not in page  # street cleansing, another service
    page = signed_in("officer.estates").get("/appraisals/team/").content.decode()
    assert "No one reports to you." in page


def test_my_appraisal_lists_only_my_own(signed_in):
    page = signed_in("officer.options").get("/appraisals/").content.decode()
    own = Appraisal.objects.filter(employee__username="officer.options").first()
    sams = Appraisal.objects.filter(employee__username="officer.estates").first()
    assert own.get_absolute_url() in page
    assert sams.get_absolute_url() not in page


def test_aggregate_pages_show_counts_never_content(signed_in, sams_appraisal):
    objective = sams_appraisal.objectives.filter(objective__isnull=False).first()
    summary = signed_in("head.cfya").get("/appraisals/summary/")
    assert summary.status_code == 200
    page = summary.content.decode()
    assert "Housing" in page and "Care for Your Area" in page
    for content in (objective.title, "Good progress on the agreed objectives", "Sam Wilson"):
        assert content not in page
    counts = signed_in("cllr.leader").get(f"/appraisals/thread/{objective.objective_id}/")
    assert counts.status_code == 200
    assert objective.title not in counts.content.decode()
    assert "individual appraisal objective" in counts.content.decode()


@pytest.mark.parametrize("username", ["cllr.leader", "auditor", "officer.estates"])
def test_summary_is_refused_to_members_auditors_and_officers(signed_in, username):
    assert signed_in(username).get("/appraisals/summary/").status_code == 403


def test_starting_an_appraisal_outside_the_chain_is_refused(signed_in, person):
    target = person("officer.cleansing")
    assert signed_in("head.housing").post(f"/appraisals/start/{target.pk}/").status_code == 404


def test_navigation_has_appraisals(signed_in):
    page = signed_in("cllr.leader").get("/appraisals/").content.decode()
    assert ">Appraisals<" in page
    assert "not started an appraisal for you yet" in page
