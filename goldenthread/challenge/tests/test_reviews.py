"""Best Value reviews: the 4Cs before completion, and the five-year programme."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from goldenthread.challenge import services
from goldenthread.challenge.models import BestValueReview
from goldenthread.challenge.selectors import best_value_programme


def row_for(council, name):
    return next(
        r for r in best_value_programme(council, timezone.localdate()) if r.unit.name == name
    )


def test_a_review_cannot_be_completed_without_all_4cs_and_findings(council):
    review = BestValueReview.objects.get(organisation=council, completed_on__isnull=True)
    with pytest.raises(ValidationError) as caught:
        services.review_complete(review=review, user=None)
    errors = caught.value.message_dict
    assert set(errors) == {"compare", "compete", "findings"}
    assert "“compare”" in errors["compare"][0]
    assert BestValueReview.objects.get(pk=review.pk).completed_on is None


def test_completing_a_review_makes_the_service_up_to_date_for_five_years(council):
    review = BestValueReview.objects.get(organisation=council, completed_on__isnull=True)
    review.compare = "Benchmarked against nearest neighbours."
    review.compete = "Tested the repairs market."
    review.findings = "Good value."
    review.save()
    services.review_complete(review=review, user=None)
    row = row_for(council, review.org_unit.name)
    assert row.standing.state == "up_to_date"
    assert row.standing.due_on == timezone.localdate().replace(year=timezone.localdate().year + 5)


def test_a_second_review_of_a_service_under_review_is_refused(council):
    under_way = BestValueReview.objects.get(organisation=council, completed_on__isnull=True)
    with pytest.raises(ValidationError) as caught:
        services.review_save(
            review=BestValueReview(
                organisation=council,
                org_unit=under_way.org_unit,
                title="Again",
                started_on=timezone.localdate(),
            ),  # fmt: skip
            user=None,
        )
    assert "already has a review under way" in caught.value.message_dict["org_unit"][0]


def test_the_programme_page_shows_the_overdue_service(signed_in):
    page = signed_in("cllr.scrutiny").get("/challenge/best-value/").content.decode()
    assert "1 service overdue" in page
    overdue_row = page.split("Customer Services")[1].split("</tr>")[0]
    assert "Overdue" in overdue_row


def test_a_service_falls_overdue_five_years_after_its_review(council, unit):
    review = BestValueReview.objects.get(organisation=council, org_unit=unit("Finance"))
    review.completed_on = timezone.localdate() - timedelta(days=5 * 366)
    review.save()
    assert row_for(council, "Finance").standing.state == "overdue"


def test_the_review_page_shows_the_checklist_and_improvement_plan(council, signed_in, unit):
    review = BestValueReview.objects.get(organisation=council, org_unit=unit("Care for Your Area"))
    page = signed_in("head.cfya").get(review.get_absolute_url()).content.decode()
    assert page.count('govuk-tag--green">Done<') == 4
    for action in review.actions.all():
        assert action.code in page
