"""Who may do what through the API, role by role: the same answers as the web pages."""

import pytest

from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.indicators.selectors import period_latest_ended

ROLES = {
    "officer": "officer.estates",
    "head of service": "head.housing",
    "director": "director.dns",
    "member": "cllr.leader",
    "auditor": "auditor",
    "performance admin": "performance.lead",
}
READS = ["organisations", "units", "periods", "plans", "themes", "objectives", "indicators",
         "returns", "actions", "action-updates", "risks", "risk-reviews", "reports"]  # fmt: skip


@pytest.mark.parametrize("endpoint", READS)
@pytest.mark.parametrize("role", ROLES)
def test_everyone_in_the_council_reads_every_endpoint(api, council, role, endpoint):
    response = api(ROLES[role]).get(f"/api/v1/{endpoint}/")
    assert response.status_code == 200
    assert "results" in response.json()


@pytest.mark.parametrize("endpoint", READS)
def test_anonymous_callers_are_asked_to_authenticate(api, endpoint):
    response = api(None).get(f"/api/v1/{endpoint}/")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["status"] == 401


@pytest.mark.parametrize(
    "endpoint", ["units", "plans", "objectives", "indicators", "returns", "actions", "risks"]
)
def test_another_council_sees_none_of_this_councils_data(api, council, other_council, endpoint):
    ours = api("officer.estates").get(f"/api/v1/{endpoint}/").json()["results"]
    theirs = api("northfield.officer").get(f"/api/v1/{endpoint}/")
    assert theirs.status_code == 200
    assert ours
    assert not {row["id"] for row in ours} & {row["id"] for row in theirs.json()["results"]}
    detail = api("northfield.officer").get(f"/api/v1/{endpoint}/{ours[0]['id']}/")
    assert detail.status_code == 404


@pytest.fixture
def draft(council, person):  # type: ignore[no-untyped-def]
    """A draft return for the estates officer's indicator in the quarter being reported."""
    indicator = Indicator.objects.get(organisation=council, code="PI-HOU-03")
    return IndicatorReturn.objects.create(
        indicator=indicator, period=period_latest_ended(council), value=1, commentary="Start"
    )


# Who may enter a return (lead officer, managers and heads of service over its unit,
# performance admins) and who may approve one (heads of service over its unit, directors).
ENTER = {"officer": 200, "head of service": 200, "director": 403, "member": 403,
         "auditor": 403, "performance admin": 200}  # fmt: skip
APPROVE = {"officer": 403, "head of service": 200, "director": 200, "member": 403,
           "auditor": 403, "performance admin": 403}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_entering_a_return_follows_the_web_rules(api, draft, role):
    response = api(ROLES[role], scope="read_write").patch(
        f"/api/v1/returns/{draft.pk}/", {"value": "2", "commentary": "Checked"}
    )
    assert response.status_code == ENTER[role], response.json()
    draft.refresh_from_db()
    assert (draft.value == 2) == (ENTER[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_approving_a_return_follows_the_web_rules(api, draft, person, role):
    draft.status = IndicatorReturn.Status.SUBMITTED
    draft.submitted_by = person("officer.estates")
    draft.save()
    response = api(ROLES[role], scope="read_write").post(f"/api/v1/returns/{draft.pk}/approve/")
    assert response.status_code == APPROVE[role], response.json()
    draft.refresh_from_db()
    assert (draft.status == "approved") == (APPROVE[role] == 200)
    if APPROVE[role] == 403:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"].startswith("Only a head of service or manager")


@pytest.mark.parametrize("role", ROLES)
def test_a_read_only_token_cannot_write_whatever_the_role(api, draft, role):
    response = api(ROLES[role], scope="read").patch(f"/api/v1/returns/{draft.pk}/", {"value": "3"})
    assert response.status_code == 403
    assert "read only" in response.json()["detail"]
    draft.refresh_from_db()
    assert draft.value == 1


def test_anonymous_and_other_council_cannot_write(api, draft, other_council):
    assert api(None).patch(f"/api/v1/returns/{draft.pk}/", {"value": "3"}).status_code == 401
    other = api("northfield.officer", scope="read_write")
    assert other.patch(f"/api/v1/returns/{draft.pk}/", {"value": "3"}).status_code == 404
    draft.refresh_from_db()
    assert draft.value == 1


ACTION_UPDATE = {"officer": 201, "head of service": 201, "director": 201, "member": 403,
                 "auditor": 403, "performance admin": 201}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_action_updates_follow_the_web_rules(api, council, role):
    from goldenthread.delivery.models import Action, ActionUpdate

    action = Action.objects.get(organisation=council, code="EM-01")
    quarter = period_latest_ended(council)
    ActionUpdate.objects.filter(action=action, period=quarter).delete()
    response = api(ROLES[role], scope="read_write").post(
        "/api/v1/action-updates/",
        {"action": action.pk, "period": quarter.label, "progress": 40, "commentary": "Keys"},
    )
    assert response.status_code == ACTION_UPDATE[role], response.json()
    saved = ActionUpdate.objects.filter(action=action, period=quarter).first()
    assert (saved is not None and saved.progress == 40) == (ACTION_UPDATE[role] == 201)


RISK_REVIEW = {"officer": 403, "head of service": 201, "director": 201, "member": 403,
               "auditor": 403, "performance admin": 201}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_risk_reviews_follow_the_web_rules(api, council, role):
    from goldenthread.risks.models import Risk, RiskReturn, RiskReview

    risk = Risk.objects.get(organisation=council, reference="DNS-01")
    quarter = period_latest_ended(council)
    RiskReturn.objects.filter(register=risk.register, period=quarter).delete()
    response = api(ROLES[role], scope="read_write").post(
        "/api/v1/risk-reviews/",
        {
            "risk": risk.pk,
            "register": risk.register_id,
            "period": quarter.label,
            "likelihood": risk.residual_likelihood,
            "impact": risk.residual_impact,
        },
    )
    assert response.status_code == RISK_REVIEW[role], response.json()
    reviewed = RiskReview.objects.filter(risk=risk, risk_return__period=quarter).exists()
    assert reviewed == (RISK_REVIEW[role] == 201)


def test_a_risk_review_is_changed_only_over_the_version_read(api, council):
    from goldenthread.risks.models import Risk, RiskReturn

    risk = Risk.objects.get(organisation=council, reference="DNS-01")
    quarter = period_latest_ended(council)
    RiskReturn.objects.filter(register=risk.register, period=quarter).delete()
    client = api("director.dns", scope="read_write")
    review = {
        "risk": risk.pk,
        "register": risk.register_id,
        "period": quarter.label,
        "likelihood": 3,
        "impact": 3,
        "reason": "First look.",
    }
    made = client.post("/api/v1/risk-reviews/", review)
    assert made.status_code == 201
    read = client.get(f"/api/v1/risk-reviews/{made.json()['id']}/")
    assert read["ETag"] == f'"{read.json()["version"]}"' == made["ETag"]
    changed = client.post(
        "/api/v1/risk-reviews/", {**review, "impact": 4}, **{"If-Match": read["ETag"]}
    )
    assert changed.status_code == 200 and changed.json()["score"] == 12
    stale = client.post(
        "/api/v1/risk-reviews/", {**review, "impact": 5}, **{"If-Match": read["ETag"]}
    )
    assert stale.status_code == 412
    assert client.get(f"/api/v1/risk-reviews/{made.json()['id']}/").json()["impact"] == 4
