"""The indicator page shows its open recovery plan and the plan's actions."""

from django.urls import reverse

from goldenthread.delivery.models import RecoveryPlan


def test_the_indicator_page_shows_its_recovery_plan(council, signed_in):
    plan = RecoveryPlan.objects.filter(organisation=council, closed_on__isnull=True).first()
    page = signed_in("cllr.leader").get(
        reverse("indicators:indicator_detail", args=[plan.indicator_id])
    )
    html = page.content.decode()
    assert '<h2 class="govuk-heading-l" id="recovery-plan-' in html
    assert plan.summary.splitlines()[0][:40] in html
    assert plan.actions.first().title in html


def test_a_closed_plan_leaves_the_page(council, signed_in):
    plan = RecoveryPlan.objects.filter(organisation=council, closed_on__isnull=True).first()
    plan.closed_on = plan.opened_on
    plan.save()
    page = signed_in("cllr.leader").get(
        reverse("indicators:indicator_detail", args=[plan.indicator_id])
    )
    assert f"recovery-plan-{plan.pk}" not in page.content.decode()
