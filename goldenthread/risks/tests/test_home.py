"""The home page's risk returns panel: returns to complete, and returns to approve."""

from django.urls import reverse

from goldenthread.risks.models import RiskReturn


def test_approvers_see_the_returns_waiting_for_them(council, signed_in):
    submitted = RiskReturn.objects.get(
        register__org_unit__name="Children, Education and Social Care", status="submitted"
    )
    html = signed_in("head.childrens").get(reverse("home")).content.decode()
    assert "waiting for your approval" in html
    assert f"Approve {submitted.register.name} {submitted.period.label}" in html
    assert submitted.get_absolute_url() in html


def test_people_in_a_directorate_see_its_return_to_complete(council, signed_in):
    # The demo's Resources return for the latest quarter is a draft.
    html = signed_in("officer.hr").get(reverse("home")).content.decode()
    assert "Resources risk register" in html
    assert "risk return to complete" in html or "risk returns to complete" in html


def test_members_are_not_asked_for_risk_returns(council, signed_in):
    html = signed_in("cllr.leader").get(reverse("home")).content.decode()
    assert "Quarterly risk returns" not in html
