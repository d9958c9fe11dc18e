from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.indicators.models import IndicatorReturn
from goldenthread.people import selectors, services
from goldenthread.people.models import AppraisalObjective, RatingLevel
from goldenthread.strategy.models import Objective


@pytest.fixture
def fresh(council, person):  # type: ignore[no-untyped-def]
    """Sam's appraisal for next year, just started by his manager."""
    return services.appraisal_start(
        employee=person("officer.estates"),
        year=selectors.appraisal_year(council) + 1,
        user=person("manager.estates"),
    )


def test_start_sets_the_line_manager_and_refuses_duplicates(fresh, person):
    assert fresh.manager == person("manager.estates") and fresh.status == "planning"
    with pytest.raises(ValidationError):
        services.appraisal_start(employee=fresh.employee, year=fresh.year, user=fresh.manager)
    with pytest.raises(PermissionDenied):
        services.appraisal_start(
            employee=person("officer.options"), year=fresh.year, user=person("manager.estates")
        )


def test_objective_must_link_to_exactly_one_thing(fresh, council):
    objective = Objective.objects.filter(organisation=council, title__icontains="re-let").first()
    with pytest.raises(ValidationError):
        services.appraisal_objective_save(
            objective=AppraisalObjective(appraisal=fresh, title="Unlinked"), user=fresh.manager
        )
    saved = services.appraisal_objective_save(
        objective=AppraisalObjective(appraisal=fresh, title="Collect keys", objective=objective),
        user=fresh.manager,
    )
    assert saved.pk and saved.linked_to == objective


def test_the_form_asks_for_one_link(signed_in, fresh, council):
    client = signed_in("manager.estates")
    response = client.post(
        f"/appraisals/{fresh.pk}/objectives/add/", {"title": "Something", "objective": ""}
    )
    assert "exactly one team or service objective" in response.content.decode()
    assert not fresh.objectives.exists()


def test_stages_in_order_and_ratings_at_year_end(fresh, council, person):
    manager = fresh.manager
    with pytest.raises(ValidationError):
        services.appraisal_objectives_agree(appraisal=fresh, on=date.today(), user=manager)
    objective = Objective.objects.filter(organisation=council, title__icontains="re-let").first()
    item = services.appraisal_objective_save(
        objective=AppraisalObjective(
            appraisal=fresh, title="Assess condition", objective=objective
        ),
        user=manager,
    )
    scale = {r.value: r for r in RatingLevel.objects.filter(organisation=council)}

    def data(stage, text="On track", rating=None, overall=None):  # type: ignore[no-untyped-def]
        return services.ReviewData(
            stage=stage,
            held_on=date.today(),
            summary="Review held",
            rating=overall,
            employee_comments="",
            progress={item.pk: (text, rating)},
        )

    with pytest.raises(ValidationError, match="Agree the objectives"):
        services.review_record(appraisal=fresh, data=data("mid_year"), user=manager)
    services.appraisal_objectives_agree(appraisal=fresh, on=date.today(), user=manager)
    with pytest.raises(ValidationError, match="mid-year"):
        services.review_record(appraisal=fresh, data=data("year_end"), user=manager)
    with pytest.raises(ValidationError) as caught:
        services.review_record(appraisal=fresh, data=data("mid_year", text=""), user=manager)
    assert f"progress_{item.pk}" in caught.value.message_dict
    services.review_record(appraisal=fresh, data=data("mid_year"), user=manager)
    with pytest.raises(ValidationError) as caught:
        services.review_record(appraisal=fresh, data=data("year_end"), user=manager)
    assert {"rating", f"rating_{item.pk}"} <= set(caught.value.message_dict)
    services.review_record(
        appraisal=fresh,
        data=data("year_end", rating=scale[4], overall=scale[3]),
        user=manager,
    )
    fresh.refresh_from_db()
    assert fresh.status == "complete"
    assert fresh.reviews.get(stage="year_end").rating.label == "Fully met"


def test_review_through_the_page(signed_in, fresh, council):
    objective = Objective.objects.filter(organisation=council, title__icontains="re-let").first()
    item = services.appraisal_objective_save(
        objective=AppraisalObjective(appraisal=fresh, title="Notify lettings", objective=objective),
        user=fresh.manager,
    )
    client = signed_in("manager.estates")
    response = client.post(f"/appraisals/{fresh.pk}/agree/", {"on": "2027-05-01"})
    fresh.refresh_from_db()
    assert fresh.status == "agreed"
    url = f"/appraisals/{fresh.pk}/review/mid-year/"
    post = {"held_on": "2027-10-01", "summary": "Half way", "rating": "", "employee_comments": ""}
    response = client.post(url, {**post, f"progress_{item.pk}": ""})
    assert "Say what progress “Notify lettings” has made." in response.content.decode()
    response = client.post(url, {**post, f"progress_{item.pk}": "Going well"})
    assert response.status_code == 302
    fresh.refresh_from_db()
    assert fresh.status == "mid_year"
    assert fresh.reviews.get().progress.get().progress == "Going well"


def test_year_end_feeds_the_completion_indicator(fresh, council):
    settings = services.appraisal_settings_for(council)
    indicator = settings.completion_indicator
    assert indicator.title == "Appraisals completed (%)"
    year = selectors.appraisal_year(council) + 1
    written = services.appraisal_completion_feed(organisation=council, year=year)
    rows = selectors.completion_by_service(council, year)
    assert sum(r.complete for r in rows) == 0
    assert written.value == Decimal(0) and written.denominator == sum(r.staff for r in rows)
    assert "Housing 0 of" in written.commentary


def test_last_years_completion_was_written_and_approved(council):
    year = selectors.appraisal_year(council) - 1
    indicator = services.appraisal_settings_for(council).completion_indicator
    written = IndicatorReturn.objects.get(indicator=indicator, period__year=year)
    rows = selectors.completion_by_service(council, year)
    staff, done = sum(r.staff for r in rows), sum(r.complete for r in rows)
    assert written.status == "approved"
    assert written.numerator == done and written.denominator == staff
    assert written.value == (Decimal(done) * 100 / staff).quantize(Decimal("0.000001"))
    assert done < staff  # four stopped at the mid-year review


def test_approved_indicator_values_are_left_alone(council):
    year = selectors.appraisal_year(council) - 1
    assert services.appraisal_completion_feed(organisation=council, year=year) is None


def test_training_needs_add_and_summary_counts(council, person, sams_appraisal, signed_in):
    before = selectors.training_summary(council, sams_appraisal.year)
    services.training_need_add(
        appraisal=sams_appraisal,
        category="digital",
        description="Housing management system reports",
        priority="high",
        user=person("officer.estates"),
    )
    labels, rows, totals = selectors.training_summary(council, sams_appraisal.year)
    digital = labels.index("Digital and data skills")
    assert totals[digital] == before[2][digital] + 1
    housing = next(row for row in rows if row[0].name == "Housing")
    assert housing[2] >= 1
    with pytest.raises(PermissionDenied):
        services.training_need_add(
            appraisal=sams_appraisal,
            category="digital",
            description="x",
            priority="high",
            user=person("officer.options"),
        )


def test_manager_pages_render_and_a_stale_objective_edit_is_refused(signed_in, sams_appraisal):
    from goldenthread.forms import version_token

    client = signed_in("manager.estates")
    base = sams_appraisal.get_absolute_url()
    assert client.get(base + "objectives/add/").status_code == 200
    assert client.get(base + "review/year-end/").status_code == 200
    assert client.get(base + "review/annual/").status_code == 404
    item = sams_appraisal.objectives.filter(objective__isnull=False).first()
    stale = version_token(item)
    item.success_measure = "Changed by the head of housing"
    item.save()
    response = client.post(
        base + f"objectives/{item.pk}/edit/",
        {"title": "Mine", "objective": item.objective_id, "edit_version": stale},
    )
    assert "Someone else saved this" in response.content.decode()
    item.refresh_from_db()
    assert item.title != "Mine"
