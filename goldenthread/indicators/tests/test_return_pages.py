from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from goldenthread.indicators.models import IndicatorReturn
from goldenthread.indicators.tests.factories import make_indicator, period, set_target


@pytest.fixture
def voids(council):  # type: ignore[no-untyped-def]
    indicator = make_indicator(council, "T-VOID", title="Empty homes re-let within 28 days")
    set_target(indicator, "2025-Q2", "90", tolerance="5")
    return indicator


def return_url(indicator, label="2025-Q2"):  # type: ignore[no-untyped-def]
    return reverse(
        "indicators:return_edit", args=[indicator.pk, period(indicator.organisation, label).pk]
    )


class TestEnteringAReturn:
    def test_a_red_value_without_commentary_is_shown_in_the_error_summary(self, voids, signed_in):
        response = signed_in("officer.estates").post(
            return_url(voids), {"value": "70", "submit": "1"}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "There is a problem" in html
        assert "The value is red: explain why in the commentary." in html
        assert 'href="#id_commentary"' in html and 'href="#id_remedial_action"' in html
        assert not IndicatorReturn.objects.filter(indicator=voids).exists()

    def test_a_complete_red_return_is_submitted(self, voids, signed_in):
        client = signed_in("officer.estates")
        response = client.post(
            return_url(voids),
            {
                "value": "70",
                "commentary": "Contractor went into administration",
                "remedial_action": "New contractor from August",
                "method_followed": "on",
                "submit": "1",
            },
        )
        assert response.status_code == 302 and response["Location"] == reverse(
            "indicators:my_returns"
        )
        saved = IndicatorReturn.objects.get(indicator=voids)
        assert (saved.value, saved.status) == (Decimal("70"), "submitted")

    def test_a_draft_is_saved_and_can_be_finished_later(self, voids, signed_in):
        client = signed_in("officer.estates")
        client.post(return_url(voids), {"value": "95", "save": "1", "method_followed": "on"})
        assert IndicatorReturn.objects.get(indicator=voids).status == "draft"
        html = client.get(return_url(voids)).content.decode()
        assert 'value="95.000000"' in html or 'value="95"' in html

    def test_two_people_opening_a_return_before_it_exists_cannot_overwrite_each_other(
        self, voids, signed_in
    ):
        """The form of a return not yet entered carries a version too: the second save is a
        conflict, not a silent overwrite of the first."""
        officer, manager = signed_in("officer.estates"), signed_in("manager.estates")
        for client in (officer, manager):
            html = client.get(return_url(voids)).content.decode()
            assert 'name="edit_version" value="new"' in html
        common = {"method_followed": "on", "save": "1", "edit_version": "new"}
        assert officer.post(return_url(voids), {**common, "value": "95"}).status_code == 302
        refused = manager.post(return_url(voids), {**common, "value": "96"})
        html = refused.content.decode()
        assert refused.status_code == 200
        assert "Someone else saved this while you were editing it" in html
        assert IndicatorReturn.objects.get(indicator=voids).value == Decimal("95")

    def test_two_people_making_a_return_at_the_same_moment_get_a_conflict(
        self, voids, signed_in, monkeypatch
    ):
        """When both saves find no return and race to make it, the second meets the unique
        constraint and is shown the first one's return, not a server error."""
        from goldenthread.indicators.views.returns import ReturnMixin

        made = IndicatorReturn.objects.create(
            indicator=voids, period=period(voids.organisation, "2025-Q2"), value=Decimal("95")
        )
        original = ReturnMixin.get_return
        calls = []

        def not_yet_there(view):  # type: ignore[no-untyped-def]
            calls.append(1)
            found = original(view)
            return (
                IndicatorReturn(indicator=found.indicator, period=found.period)
                if len(calls) == 1
                else found
            )

        monkeypatch.setattr(ReturnMixin, "get_return", not_yet_there)
        response = signed_in("manager.estates").post(
            return_url(voids),
            {"value": "96", "method_followed": "on", "save": "1", "edit_version": "new"},
        )
        assert response.status_code == 200
        assert "Someone else saved this while you were editing it" in response.content.decode()
        assert list(IndicatorReturn.objects.filter(indicator=voids)) == [made]
        made.refresh_from_db()
        assert made.value == Decimal("95")

    def test_someone_else_cannot_post_a_return(self, voids, signed_in):
        assert (
            signed_in("officer.cleansing").post(return_url(voids), {"value": "95"}).status_code
            == 403
        )


class TestApprovingReturns:
    def submit(self, indicator, value="93"):  # type: ignore[no-untyped-def]
        return IndicatorReturn.objects.create(
            indicator=indicator,
            period=period(indicator.organisation, "2025-Q2"),
            value=Decimal(value),
            status="submitted",
        )

    def test_the_queue_lists_returns_in_the_approvers_units_only(self, voids, signed_in, council):
        self.submit(voids)
        other = make_indicator(
            council,
            "T-CLEAN",
            owner=None,
            org_unit=voids.org_unit.__class__.objects.get(name="Street Cleansing"),
        )
        self.submit(other)
        html = signed_in("head.housing").get(reverse("indicators:approvals")).content.decode()
        assert "T-VOID" in html and "T-CLEAN" not in html

    def test_bulk_approval_approves_the_chosen_returns(self, voids, signed_in, council):
        first = self.submit(voids)
        second = self.submit(make_indicator(council, "T-OTHER"))
        response = signed_in("head.housing").post(
            reverse("indicators:approvals"), {"returns": [first.pk]}
        )
        assert response.status_code == 302
        first.refresh_from_db(), second.refresh_from_db()
        assert (first.status, second.status) == ("approved", "submitted")
        assert first.approved_by.username == "head.housing"

    def test_sending_back_shows_the_reason_on_the_officers_list(self, voids, signed_in):
        submitted = self.submit(voids)
        signed_in("head.housing").post(
            reverse(
                "indicators:return_decision", args=[voids.pk, submitted.period_id, "send-back"]
            ),
            {"send_back-reason": "The June figure looks wrong"},
        )
        submitted.refresh_from_db()
        assert submitted.status == "draft"
        assert submitted.sent_back_reason == "The June figure looks wrong"

    def test_an_officer_cannot_approve(self, voids, signed_in):
        submitted = self.submit(voids)
        response = signed_in("officer.estates").post(
            reverse("indicators:return_decision", args=[voids.pk, submitted.period_id, "approve"])
        )
        assert response.status_code == 403
        submitted.refresh_from_db()
        assert submitted.status == "submitted"


class TestOverviewPages:
    def test_my_returns_lists_the_open_periods_returns(
        self, council, signed_in, voids, monkeypatch
    ):
        from django.utils import timezone

        monkeypatch.setattr(timezone, "localdate", lambda: date(2025, 10, 10))
        html = signed_in("officer.estates").get(reverse("indicators:my_returns")).content.decode()
        assert "T-VOID" in html and "2025-Q2" in html
        assert "Due soon" in html or "To do" in html

    def test_completion_counts_returns_by_service(self, council, signed_in, voids):
        IndicatorReturn.objects.create(
            indicator=voids,
            period=period(council, "2025-Q2"),
            value=Decimal("91"),
            status="approved",
        )
        response = signed_in("director.dns").get(
            reverse("indicators:completion"), {"period": "2025-Q2"}
        )
        rows = {row.unit: row for row in response.context["rows"]}
        assert rows["Housing"].approved >= 1

    def test_the_indicator_list_filters_by_status(self, council, signed_in, voids):
        IndicatorReturn.objects.create(
            indicator=voids,
            period=period(council, "2025-Q2"),
            value=Decimal("50"),
            status="approved",
        )
        response = signed_in("cllr.scrutiny").get(
            reverse("indicators:indicator_list"), {"period": "2025-Q2", "rag": "red"}
        )
        codes = [row.indicator.code for row in response.context["rows"]]
        assert "T-VOID" in codes
        assert all(row.rag == "red" for row in response.context["rows"])
