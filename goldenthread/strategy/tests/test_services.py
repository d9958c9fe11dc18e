from datetime import date

import pytest
from django.core.exceptions import ValidationError

from goldenthread.strategy import services
from goldenthread.strategy.models import Objective, ObjectiveLink, Plan, ReportingPeriod


def objective(title_start: str) -> Objective:
    return Objective.objects.get(title__startswith=title_start)


class TestObjectiveLinks:
    def test_a_link_that_would_loop_is_refused(self, db):
        offered = objective("100% of homeless households")
        prevention = objective("Prevent homelessness")  # same service plan, same level
        services.objective_link_add(child=prevention, parent=offered, kind="contributory")
        with pytest.raises(ValidationError, match="already contributes"):
            services.objective_link_add(child=offered, parent=prevention, kind="direct")

    def test_a_link_down_the_cascade_is_refused(self, db):
        team = objective("100% of houses available")
        service = objective("Prevent homelessness")
        with pytest.raises(ValidationError, match="link to objectives above"):
            services.objective_link_add(child=service, parent=team, kind="direct")

    def test_links_stay_within_one_organisation(self, council, other_council):
        plan = Plan.objects.create(
            organisation=other_council,
            kind="council_plan",
            title="Northfield plan",
            start_date=date(2025, 4, 1),
            end_date=date(2026, 3, 31),
        )
        theirs = Objective.objects.create(organisation=other_council, plan=plan, title="Theirs")
        with pytest.raises(ValidationError, match="within one organisation"):
            services.objective_link_add(
                child=objective("Reduce reoffending"), parent=theirs, kind="direct"
            )

    def test_a_second_link_records_a_contributory_contribution(self, db):
        new_deal = objective("Increase job success")
        attainment = objective("Raise attainment at 16")
        link = services.objective_link_add(child=new_deal, parent=attainment, kind="contributory")
        assert link.kind == "contributory"
        assert set(new_deal.parents.values_list("title", flat=True)) == {
            "Keep unemployment below the regional rate",
            "Raise attainment at 16",
        }


class TestPlanVersions:
    def test_a_new_version_copies_themes_objectives_and_their_links_up(self, person):
        housing = Plan.objects.get(title="Housing service plan 2025/26")
        draft = services.plan_new_version(plan=housing, user=person("head.housing"))
        assert (draft.version, draft.status, draft.previous_version) == (2, "draft", housing)
        copied = draft.objectives.get(title__startswith="100% of homeless households")
        assert copied.parents.get().title == "Zero homelessness"
        # The approved version is untouched until the new one is approved.
        housing.refresh_from_db()
        assert housing.status == "approved"
        assert housing.objectives.count() == draft.objectives.count() == 2

    def test_approving_the_new_version_supersedes_the_old_one(self, person):
        council_plan = Plan.objects.get(kind="council_plan")
        draft = services.plan_new_version(plan=council_plan, user=person("performance.lead"))
        assert draft.themes.count() == 5
        assert draft.objectives.filter(theme__plan=draft).count() == 16
        services.plan_approve(plan=draft, approved_by="Council", approved_on=date(2026, 3, 4))
        council_plan.refresh_from_db()
        assert council_plan.status == Plan.Status.SUPERSEDED

    def test_only_one_newer_version_at_a_time(self, person):
        housing = Plan.objects.get(title="Housing service plan 2025/26")
        services.plan_new_version(plan=housing, user=person("head.housing"))
        with pytest.raises(ValidationError, match="already exists"):
            services.plan_new_version(
                plan=Plan.objects.get(pk=housing.pk), user=person("head.housing")
            )

    def test_approval_needs_who_and_when(self, db):
        plan = Plan.objects.get(title="Housing service plan 2025/26")
        with pytest.raises(ValidationError):
            services.plan_approve(plan=plan, approved_by="", approved_on=date(2025, 3, 1))


class TestReportingCalendar:
    def test_quarters_follow_the_uk_financial_year(self, council):
        q2 = ReportingPeriod.objects.get(organisation=council, label="2025-Q2")
        assert (q2.start_date, q2.end_date) == (date(2025, 7, 1), date(2025, 9, 30))
        q4 = ReportingPeriod.objects.get(organisation=council, label="2025-Q4")
        assert (q4.start_date, q4.end_date) == (date(2026, 1, 1), date(2026, 3, 31))
        assert q2.name == "Quarter 2 2025/26 (July to September 2025)"

    def test_a_year_has_twelve_months_four_quarters_and_itself_and_is_made_once(self, council):
        periods = services.reporting_periods_ensure(organisation=council, year=2025)
        assert sorted(p.frequency for p in periods).count("monthly") == 12
        assert len(periods) == 17
        assert len(services.reporting_periods_ensure(organisation=council, year=2025)) == 17

    def test_a_calendar_year_organisation_gets_january_quarters(self, other_council):
        other_council.year_start_month = 1
        other_council.save()
        services.reporting_periods_ensure(organisation=other_council, year=2026)
        q1 = ReportingPeriod.objects.get(organisation=other_council, label="2026-Q1")
        assert (q1.start_date, q1.end_date) == (date(2026, 1, 1), date(2026, 3, 31))


def test_objective_links_cannot_point_at_themselves(db):
    zero = objective("Zero homelessness")
    with pytest.raises(ValidationError):
        services.objective_link_add(child=zero, parent=zero, kind="direct")
    assert not ObjectiveLink.objects.filter(child=zero, parent=zero).exists()
