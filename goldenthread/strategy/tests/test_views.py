from django.test import Client
from django.urls import reverse

from goldenthread.strategy.models import Framework, Objective, Plan


class TestPublicPages:
    def test_visitors_see_the_vision_and_priorities_but_not_objectives(self, db):
        client = Client()
        home = client.get(reverse("home")).content.decode()
        assert "Promoting Achievement and Tackling Disadvantage" in home
        assert "Safety and social well-being" in home
        framework = client.get(reverse("strategy:framework")).content.decode()
        assert "Key phrase: Respect" in framework and "Tight/loose approach" in framework
        assert client.get(reverse("strategy:objective_list")).status_code == 302

    def test_the_page_has_no_gov_uk_crown_or_transport_font(self, db):
        html = Client().get(reverse("home")).content.decode()
        assert 'lang="en-GB"' in html
        assert "govuk-header__logotype" not in html and "GDS Transport" not in html
        assert "<script>" not in html  # no inline scripts, for the content security policy


class TestObjectivePages:
    def test_the_thread_page_lists_the_chain_and_draws_it(self, signed_in):
        work = Objective.objects.get(title__startswith="Collect keys")
        html = (
            signed_in("officer.estates")
            .get(reverse("strategy:objective_thread", args=[work.pk]))
            .content.decode()
        )
        for text in [
            "Zero homelessness",
            "100% of houses available for re-let within 28 days",
            "You are here",
            "<svg",
        ]:
            assert text in html

    def test_an_officer_adds_an_objective_beneath_their_teams_target(self, signed_in):
        target = Objective.objects.get(title__startswith="100% of houses available")
        plan = Plan.objects.get(kind="work_plan")
        client = signed_in("officer.estates")
        response = client.post(
            reverse("strategy:objective_create") + f"?parent={target.pk}",
            {"plan": plan.pk, "title": "Tag every set of keys on the day they are returned"},
        )
        created = Objective.objects.get(title__startswith="Tag every set")
        assert response.status_code == 302 and response["Location"] == created.get_absolute_url()
        assert created.owner is None and created.parents.get() == target
        assert created.history.first().history_user.username == "officer.estates"

    def test_a_missing_title_is_reported_in_the_error_summary_with_a_link_to_the_field(
        self, signed_in
    ):
        plan = Plan.objects.get(kind="work_plan")
        html = (
            signed_in("officer.estates")
            .post(reverse("strategy:objective_create"), {"plan": plan.pk, "title": ""})
            .content.decode()
        )
        assert "There is a problem" in html
        assert 'href="#id_title"' in html
        assert 'class="govuk-input govuk-input--error"' in html

    def test_a_theme_must_belong_to_the_council_plan_chosen(self, signed_in):
        council_plan = Plan.objects.get(kind="council_plan")
        draft = Plan.objects.create(
            organisation=council_plan.organisation,
            kind="council_plan",
            title="Draft plan",
            start_date=council_plan.start_date,
            end_date=council_plan.end_date,
        )
        theme = council_plan.themes.first()
        html = (
            signed_in("performance.lead")
            .post(
                reverse("strategy:objective_create"),
                {"plan": draft.pk, "theme": theme.pk, "title": "X"},
            )
            .content.decode()
        )
        assert "Choose a theme of “Draft plan”" in html

    def test_members_cannot_edit_objectives(self, signed_in):
        zero = Objective.objects.get(title="Zero homelessness")
        client = signed_in("cllr.scrutiny")
        assert client.get(reverse("strategy:objective_detail", args=[zero.pk])).status_code == 200
        assert client.get(reverse("strategy:objective_edit", args=[zero.pk])).status_code == 403
        response = client.post(
            reverse("strategy:objective_edit", args=[zero.pk]), {"title": "Hacked"}
        )
        assert response.status_code == 403
        zero.refresh_from_db()
        assert zero.title == "Zero homelessness"

    def test_a_link_down_the_cascade_is_refused_with_a_message(self, signed_in):
        zero = Objective.objects.get(title="Zero homelessness")
        below = Objective.objects.get(title__startswith="100% of homeless households")
        html = (
            signed_in("performance.lead")
            .post(
                reverse("strategy:objective_link_add", args=[zero.pk]),
                {"parent": below.pk, "kind": "direct"},
            )
            .content.decode()
        )
        assert "link to objectives above" in html and "govuk-error-summary" in html
        assert not zero.parents.exists()

    def test_filters_narrow_the_list(self, signed_in):
        client = signed_in("director.dns")
        html = client.get(
            reverse("strategy:objective_list"), {"level": "team_plan"}
        ).content.decode()
        assert "100% of houses available" in html and "Zero homelessness" not in html


class TestFrameworkAndPlans:
    def test_a_performance_admin_edits_the_vision_and_the_change_is_in_the_history(self, signed_in):
        client = signed_in("performance.lead")
        framework = Framework.objects.get()
        data = {
            "framework-vision": "A new vision",
            "framework-policy_context": framework.policy_context,
            "framework-purpose_statement": framework.purpose_statement,
        }
        for prefix, related in [("values", framework.values), ("principles", framework.principles)]:
            items = list(related.all())
            data.update(
                {f"{prefix}-TOTAL_FORMS": len(items), f"{prefix}-INITIAL_FORMS": len(items)}
            )
            for number, item in enumerate(items):
                data.update(
                    {
                        f"{prefix}-{number}-id": item.pk,
                        f"{prefix}-{number}-title": item.title,
                        f"{prefix}-{number}-order": item.order,
                    }
                )
        response = client.post(reverse("strategy:framework_edit"), data)
        assert response.status_code == 302
        html = client.get(reverse("strategy:framework")).content.decode()
        assert "A new vision" in html and "Jenny Hart" in html  # shown in the history of changes

    def test_only_performance_admins_edit_the_framework(self, signed_in):
        assert (
            signed_in("chief.executive").get(reverse("strategy:framework_edit")).status_code == 403
        )

    def test_the_service_plan_shows_the_one_page_business_plan(self, signed_in):
        plan = Plan.objects.get(title="Housing service plan 2025/26")
        html = signed_in("head.housing").get(plan.get_absolute_url()).content.decode()
        assert "Where are we now?" in html and "Critical success factors" in html

    def test_the_calendar_shows_the_cycle_and_the_quarters(self, signed_in):
        html = (
            signed_in("officer.estates")
            .get(reverse("strategy:calendar"), {"year": 2025})
            .content.decode()
        )
        assert "Approval by Cabinet and Council" in html
        assert "2025-Q2" in html and "1 July 2025" in html and "30 September 2025" in html
