"""The delivery pages, as each role sees them."""

import pytest
from django.test import Client
from django.urls import reverse

from goldenthread.delivery.home import actions_panel
from goldenthread.delivery.models import Action, ActionUpdate, RecoveryPlan
from goldenthread.delivery.tests.factories import days, make_action
from goldenthread.indicators.selectors import period_latest_ended
from goldenthread.indicators.tests.factories import make_indicator

ROLES = ["officer.estates", "head.housing", "cllr.leader", "performance.lead", "chief.executive"]


@pytest.mark.parametrize("username", ROLES)
def test_every_page_renders_for_every_role(council, signed_in, username):
    client = signed_in(username)
    action = Action.objects.get(organisation=council, code="EM-01")
    period = period_latest_ended(council)
    pages = [
        reverse("delivery:action_list"),
        reverse("delivery:action_list") + "?status=at_risk&theme=1&unit=1&lead=1&plan=1&q=DP",
        action.get_absolute_url(),
        reverse("delivery:my_actions"),
        reverse("delivery:update_approvals"),
        reverse("delivery:update_edit", args=[action.pk, period.pk]),
        reverse("delivery:recovery_plan_list"),
    ]
    pages += [plan.get_absolute_url() for plan in RecoveryPlan.objects.filter(organisation=council)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert html.count("<table") == html.count("<caption"), url  # every table has a caption


def test_strangers_sign_in_and_other_councils_see_nothing(council, other_council):
    action = Action.objects.get(organisation=council, code="EM-01")
    assert Client().get(action.get_absolute_url()).status_code == 302
    stranger = Client()
    stranger.force_login(other_council.people.get())
    assert stranger.get(action.get_absolute_url()).status_code == 404


def test_the_list_filters_by_status_and_lead(council, signed_in, person):
    make_action(council, "ZZ-LAG", title="Badly lagging", progress=1)
    officer = person("officer.estates")
    html = (
        signed_in("head.housing")
        .get(reverse("delivery:action_list"), {"status": "off_track", "lead": officer.pk})
        .content.decode()
    )
    assert "ZZ-LAG Badly lagging" in html
    assert "EM-01" not in html  # on track
    assert "Off track" in html


def test_the_action_page_shows_milestones_updates_thread_and_history(council, signed_in):
    action = Action.objects.get(organisation=council, code="DP-001")
    html = signed_in("cllr.leader").get(action.get_absolute_url()).content.decode()
    for text in ["Milestones", "Quarterly updates", "Golden thread", "History of changes"]:
        assert text in html
    assert action.objective_links.get().objective.title in html
    assert "Record as complete" not in html  # members read, they do not edit


def test_an_officer_adds_an_action_and_defers_it(council, signed_in, person):
    client = signed_in("officer.estates")
    plan = Action.objects.get(code="EM-01").plan
    response = client.post(
        reverse("delivery:action_create"),
        {
            "code": "EM-09",
            "title": "Key safes at every estate office",
            "plan": plan.pk,
            "lead": person("officer.estates").pk,
            "org_unit": person("officer.estates").org_unit_id,
            "start_date": days(0).isoformat(),
            "due_date": days(120).isoformat(),
        },
    )
    action = Action.objects.get(organisation=council, code="EM-09")
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
    response = client.post(
        reverse("delivery:action_defer", args=[action.pk]),
        {"new_due_date": days(60).isoformat(), "reason": ""},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in html
    assert "Say why the action is being deferred." in html
    assert "The new due date must be after the current one" in html
    client.post(
        reverse("delivery:action_defer", args=[action.pk]),
        {"new_due_date": days(200).isoformat(), "reason": "Supplier delay"},
    )
    action.refresh_from_db()
    assert (action.original_due_date, action.due_date) == (days(120), days(200))


def test_a_member_cannot_open_the_edit_forms(council, signed_in):
    action = Action.objects.get(organisation=council, code="EM-01")
    client = signed_in("cllr.leader")
    assert client.get(reverse("delivery:action_edit", args=[action.pk])).status_code == 403
    assert client.get(reverse("delivery:action_cancel", args=[action.pk])).status_code == 403
    assert client.get(reverse("delivery:action_create")).status_code == 403
    period = period_latest_ended(council)
    response = client.post(
        reverse("delivery:update_edit", args=[action.pk, period.pk]),
        {"progress": "50", "commentary": "x", "submit": "1"},
    )
    assert response.status_code == 403


def test_the_officer_submits_the_quarter_and_the_head_of_service_approves(council, signed_in):
    action = Action.objects.get(organisation=council, code="EM-01")
    period = period_latest_ended(council)
    url = reverse("delivery:update_edit", args=[action.pk, period.pk])
    officer = signed_in("officer.estates")
    assert "EM-01" in officer.get(reverse("delivery:my_actions")).content.decode()
    response = officer.post(url, {"progress": "", "commentary": "", "submit": "1"})
    assert "Enter the progress" in response.content.decode()
    response = officer.post(
        url,
        {
            "progress": "75",
            "commentary": "Keys logged for every void.",
            "next_steps": "Audit it.",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    update = ActionUpdate.objects.get(action=action, period=period)
    assert update.status == "submitted"
    head = signed_in("head.housing")
    queue = head.get(reverse("delivery:update_approvals")).content.decode()
    assert "EM-01" in queue
    assert (
        "EM-01"
        not in signed_in("head.cfya").get(reverse("delivery:update_approvals")).content.decode()
    )
    head.post(reverse("delivery:update_approvals"), {"updates": [str(update.pk)]})
    update.refresh_from_db()
    assert update.status == "approved" and update.approved_by.username == "head.housing"
    assert Action.objects.get(pk=action.pk).progress == 75


def test_the_head_sends_an_update_back_with_a_reason(council, signed_in):
    update = ActionUpdate.objects.filter(
        action__organisation=council, status="submitted", action__code="HS-02"
    ).get()
    url = reverse(
        "delivery:update_decision", args=[update.action_id, update.period_id, "send-back"]
    )
    signed_in("head.housing").post(url, {"send_back-reason": "Give the numbers reached."})
    update.refresh_from_db()
    assert (update.status, update.sent_back_reason) == ("draft", "Give the numbers reached.")
    html = signed_in("officer.options").get(reverse("delivery:my_actions")).content.decode()
    assert "Sent back: Give the numbers reached." in html


def test_the_owner_opens_a_recovery_plan_and_adds_its_actions(council, signed_in):
    indicator = make_indicator(council, "T-REC")
    client = signed_in("officer.estates")
    response = client.post(
        reverse("delivery:recovery_plan_create", args=[indicator.pk]),
        {"reason": "red_twice", "summary": "Backlog of repairs."},
    )
    plan = RecoveryPlan.objects.get(indicator=indicator)
    assert response["Location"] == plan.get_absolute_url()
    response = client.post(
        reverse("delivery:action_create") + f"?recovery_plan={plan.pk}",
        {
            "code": "RP-T01",
            "title": "Clear the repairs backlog",
            "lead": indicator.owner_id,
            "org_unit": indicator.org_unit_id,
            "start_date": days(0).isoformat(),
            "due_date": days(90).isoformat(),
            "indicators": [indicator.pk],
        },
    )
    action = Action.objects.get(code="RP-T01")
    assert (action.source, action.source_kind) == (plan, "recovery")
    html = client.get(plan.get_absolute_url()).content.decode()
    assert "RP-T01 Clear the repairs backlog" in html
    assert (
        signed_in("head.cfya")
        .get(reverse("delivery:recovery_plan_close", args=[plan.pk]))
        .status_code
        == 403
    )
    client.post(reverse("delivery:recovery_plan_close", args=[plan.pk]), {"note": "Back on track"})
    assert not RecoveryPlan.objects.get(pk=plan.pk).is_open


def test_the_indicator_page_partial_shows_the_open_plan(council):
    from django.template.loader import render_to_string

    from goldenthread.delivery.selectors import recovery_plans_for_indicator

    plan = RecoveryPlan.objects.filter(organisation=council).first()
    if plan is None:
        pytest.skip("The demo has no indicators to need recovery plans.")
    html = render_to_string(
        "delivery/partials/recovery_plans.html",
        {
            "recovery_plans": recovery_plans_for_indicator(plan.indicator, days(0)),
            "indicator": plan.indicator,
        },
    )
    assert "Recovery plan" in html and plan.summary[:30] in html
    assert plan.actions.first().title in html


def test_the_home_page_panel_and_navigation(council, signed_in, rf, person):
    request = rf.get("/")
    request.user = person("officer.estates")
    request.organisation = council
    assert "action updates to make" in actions_panel(request).summary
    request.user = person("head.housing")
    assert "waiting for your approval" in actions_panel(request).summary
    html = signed_in("cllr.leader").get(reverse("strategy:framework")).content.decode()
    assert 'href="/actions/"' in html
    assert 'href="/actions/"' not in Client().get(reverse("strategy:framework")).content.decode()
