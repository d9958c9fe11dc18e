import pytest
from django.test import Client
from django.urls import reverse

from goldenthread.accounts.models import User


@pytest.mark.django_db
class TestSignIn:
    def test_a_demo_person_signs_in_with_the_demo_password_and_sees_their_home(self):
        client = Client()
        response = client.post(
            reverse("accounts:login"),
            {"username": "officer.estates", "password": "golden-thread-demo"},
            follow=True,
        )
        assert response.context["user"].username == "officer.estates"
        assert "Welcome, Sam" in response.content.decode()

    def test_a_wrong_password_is_shown_in_a_govuk_error_summary(self):
        response = Client().post(
            reverse("accounts:login"), {"username": "officer.estates", "password": "wrong"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in html
        assert "Please enter a correct username and password" in html
        assert "<title>Error: Sign in" in html

    def test_signing_out_needs_a_post(self, signed_in):
        client = signed_in("officer.estates")
        assert client.get(reverse("accounts:logout")).status_code == 405
        client.post(reverse("accounts:logout"))
        assert client.get(reverse("accounts:unit_tree")).status_code == 302


class TestOrganisationPages:
    def test_the_unit_tree_lists_directorates_services_and_teams(self, signed_in):
        html = signed_in("officer.estates").get(reverse("accounts:unit_tree")).content.decode()
        for name in ["Development and Neighbourhood Services", "Housing", "Estate Management"]:
            assert name in html

    def test_visitors_are_asked_to_sign_in(self, db):
        response = Client().get(reverse("accounts:unit_tree"))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]

    def test_a_unit_of_another_organisation_is_not_found(self, signed_in, other_council):
        other_unit = other_council.units.get()
        client = Client()
        client.force_login(User.objects.get(username="northfield.officer"))
        assert client.get(reverse("accounts:unit_detail", args=[other_unit.pk])).status_code == 200
        response = signed_in("performance.lead").get(
            reverse("accounts:unit_detail", args=[other_unit.pk])
        )
        assert response.status_code == 404

    def test_a_committee_page_lists_its_themes_and_members(self, signed_in):
        html = (
            signed_in("cllr.scrutiny")
            .get(reverse("accounts:committee_detail", args=["people-select-committee"]))
            .content.decode()
        )
        assert "Health" in html and "Safety and social well-being" in html
        assert "Anita Desai" in html


class TestAdministration:
    def test_performance_admins_maintain_reference_data_in_the_admin(self, signed_in):
        client = signed_in("performance.lead")
        assert client.get("/admin/strategy/planningstage/").status_code == 200
        assert client.get("/admin/indicators/returnschedule/").status_code == 200

    def test_other_staff_do_not(self, signed_in, person):
        head = person("head.housing")
        head.is_staff = True
        head.save()
        assert signed_in("head.housing").get("/admin/strategy/planningstage/").status_code == 403
        assert signed_in("officer.estates").get("/admin/strategy/planningstage/").status_code == 302


class TestHardening:
    def test_five_wrong_passwords_lock_the_account_for_a_while(self, db):
        client = Client()
        for _ in range(5):
            client.post(
                reverse("accounts:login"), {"username": "officer.estates", "password": "wrong"}
            )
        locked = client.post(
            reverse("accounts:login"),
            {"username": "officer.estates", "password": "golden-thread-demo"},
        )
        assert locked.status_code == 429
        assert "Too many attempts to sign in" in locked.content.decode()
        assert "_auth_user_id" not in client.session

    def test_pages_carry_a_content_security_policy_without_inline_scripts_or_styles(self, db):
        policy = Client().get(reverse("home"))["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
