"""Data quality: the exception report per service, and internal audit's sample of returns."""

from datetime import date, datetime, time, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from goldenthread.accounts import permissions
from goldenthread.indicators import quality
from goldenthread.indicators.models import AuditCheck, AuditSample, Indicator, IndicatorReturn
from goldenthread.indicators.selectors import return_window
from goldenthread.strategy.models import ReportingPeriod


@pytest.fixture
def quarter(council) -> ReportingPeriod:
    """Quarter 2 of last financial year: its deadline has passed."""
    today = timezone.localdate()
    year = (today.year if today.month >= council.year_start_month else today.year - 1) - 1
    return ReportingPeriod.objects.get(
        organisation=council, frequency="quarterly", year=year, number=2
    )


@pytest.fixture
def make_indicator(council, unit, person):  # type: ignore[no-untyped-def]
    def make(code: str, team: str = "Estate Management", **extra):  # type: ignore[no-untyped-def]
        return Indicator.objects.create(
            organisation=council,
            code=code,
            title=f"Test measure {code}",
            owner=person("officer.estates"),
            org_unit=unit(team),
            **extra,
        )

    return make


def approved(indicator, period, value="50", **extra) -> IndicatorReturn:  # type: ignore[no-untyped-def]
    fields = {"source_quoted": "Housing system report", "status": "approved"} | extra
    return IndicatorReturn.objects.create(
        indicator=indicator, period=period, value=Decimal(value), **fields
    )


def exceptions_for(rows, code: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {e.kind: e.detail for row in rows for e in row.exceptions if e.indicator.code == code}


def after_deadline(council, period) -> date:  # type: ignore[no-untyped-def]
    return return_window(council, period).deadline + timedelta(days=1)


class TestExceptionReport:
    def test_missing_and_late_returns_are_gaps_of_their_service(
        self, council, quarter, make_indicator
    ):
        missing = make_indicator("TST-MISS")
        draft = make_indicator("TST-DRAFT")
        late = make_indicator("TST-LATE")
        on_time = make_indicator("TST-ONTIME")
        IndicatorReturn.objects.create(indicator=draft, period=quarter, value=3)
        deadline = return_window(council, quarter).deadline
        submitted = timezone.make_aware(datetime.combine(deadline + timedelta(days=4), time(10)))
        approved(late, quarter, submitted_at=submitted)
        approved(on_time, quarter, submitted_at=submitted - timedelta(days=5))

        rows = quality.exception_report(council, quarter, today=deadline + timedelta(days=10))

        housing = next(row for row in rows if row.service == "Housing")
        assert housing.expected >= 4
        assert exceptions_for([housing], "TST-MISS") == {
            "missing": f"Not started; due {deadline.day} {deadline:%B %Y}."
        }
        assert exceptions_for(rows, "TST-DRAFT").keys() == {"missing"}
        assert exceptions_for(rows, "TST-LATE") == {
            "late": f"Submitted 4 days after the deadline ({deadline.day} {deadline:%B %Y})."
        }
        assert exceptions_for(rows, "TST-ONTIME") == {}
        assert housing.counts["missing"] >= 2
        assert missing.code not in {
            e.indicator.code for row in rows if row.service != "Housing" for e in row.exceptions
        }

    def test_nothing_is_missing_before_the_deadline(self, council, quarter, make_indicator):
        make_indicator("TST-EARLY")
        deadline = return_window(council, quarter).deadline
        rows = quality.exception_report(council, quarter, today=deadline)
        assert exceptions_for(rows, "TST-EARLY") == {}

    def test_a_quarter_takes_in_its_monthly_returns(self, council, quarter, make_indicator):
        make_indicator("TST-MONTHLY", frequency="monthly")
        rows = quality.exception_report(council, quarter, today=after_deadline(council, quarter))
        months = [
            e.period.label
            for row in rows
            for e in row.exceptions
            if e.indicator.code == "TST-MONTHLY"
        ]
        assert len(months) == 3

    def test_an_unconfirmed_unusual_value_is_reported_and_a_confirmed_one_is_not(
        self, council, quarter, make_indicator
    ):
        earlier = list(
            ReportingPeriod.objects.filter(
                organisation=council, frequency="quarterly", end_date__lt=quarter.start_date
            ).order_by("-start_date")[:8]
        )
        spike = make_indicator("TST-SPIKE")
        confirmed = make_indicator("TST-CONFIRMED")
        usual = make_indicator("TST-USUAL")
        for indicator in (spike, confirmed, usual):
            for period, value in zip(earlier, [50, 51, 49, 50, 52, 48, 50, 51], strict=True):
                approved(indicator, period, str(value))
        approved(spike, quarter, "500")
        approved(confirmed, quarter, "500", outlier_confirmed=True, outlier_explanation="A surge.")
        approved(usual, quarter, "50")

        rows = quality.exception_report(council, quarter, today=after_deadline(council, quarter))

        assert (
            "is outside the range past values suggest"
            in exceptions_for(rows, "TST-SPIKE")["outlier"]
        )
        assert exceptions_for(rows, "TST-CONFIRMED") == {}
        assert exceptions_for(rows, "TST-USUAL") == {}

    def test_no_source_and_method_not_followed_are_reported(self, council, quarter, make_indicator):
        approved(make_indicator("TST-NOSRC"), quarter, source_quoted="  ")
        approved(make_indicator("TST-METHOD"), quarter, method_followed=False)
        approved(make_indicator("TST-CALC", formula="{TST-METHOD} * 2"), quarter, source_quoted="")
        rows = quality.exception_report(council, quarter, today=after_deadline(council, quarter))
        assert exceptions_for(rows, "TST-NOSRC").keys() == {"no_source"}
        assert exceptions_for(rows, "TST-METHOD").keys() == {"method"}
        assert exceptions_for(rows, "TST-CALC") == {}

    def test_a_head_of_service_sees_only_their_services(self, council, person, unit):
        housing = permissions.data_quality_units(person("head.housing"), council)
        assert unit("Estate Management").pk in housing
        assert unit("Street Cleansing").pk not in housing
        assert permissions.data_quality_units(person("auditor"), council) is None
        assert permissions.data_quality_units(person("chief.executive"), council) is None
        assert permissions.data_quality_units(person("officer.estates"), council) == set()


class TestDataQualityPage:
    def test_an_auditor_sees_every_service_with_its_exceptions(
        self, signed_in, quarter, make_indicator
    ):
        make_indicator("TST-PAGE-H")
        make_indicator("TST-PAGE-C", team="Street Cleansing")
        response = signed_in("auditor").get(
            reverse("indicators:data_quality"), {"period": quarter.label}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "TST-PAGE-H Test measure TST-PAGE-H" in html
        assert "TST-PAGE-C" in html
        assert "<caption" in html and 'scope="row"' in html
        assert reverse("indicators:audit_sample_list") in html

    def test_a_head_of_service_sees_their_own_services_only(
        self, signed_in, quarter, make_indicator
    ):
        make_indicator("TST-PAGE-H")
        make_indicator("TST-PAGE-C", team="Street Cleansing")
        html = (
            signed_in("head.housing")
            .get(reverse("indicators:data_quality"), {"period": quarter.label})
            .content.decode()
        )
        assert "TST-PAGE-H" in html
        assert "TST-PAGE-C" not in html
        assert reverse("indicators:audit_sample_list") not in html

    def test_an_officer_may_not_see_the_report(self, signed_in):
        assert (
            signed_in("officer.estates").get(reverse("indicators:data_quality")).status_code == 403
        )


@pytest.fixture
def sampled(quarter, make_indicator):  # type: ignore[no-untyped-def]
    """Six approved returns, and three that may not be sampled."""
    approved_ids = [approved(make_indicator(f"TST-A{n}"), quarter).pk for n in range(6)]
    excluded = [
        approved(make_indicator("TST-DRAFTED"), quarter, status="draft").pk,
        approved(make_indicator("TST-WAITING"), quarter, status="submitted").pk,
        approved(make_indicator("TST-SUM", formula="{TST-A0} + 1"), quarter, is_calculated=True).pk,
    ]
    return approved_ids, excluded


class TestAuditSample:
    def test_only_approved_entered_returns_can_be_sampled(self, council, quarter, sampled):
        approved_ids, excluded = sampled
        population = quality.audit_population(council, quarter)
        assert set(approved_ids) <= set(population)
        assert not set(excluded) & set(population)

    def test_a_seed_draws_the_same_sample_again_and_is_recorded(
        self, council, quarter, sampled, person
    ):
        auditor = person("auditor")
        first = quality.audit_sample_draw(
            organisation=council, period=quarter, size=4, user=auditor, seed=20250701
        )
        again = quality.audit_sample_draw(
            organisation=council, period=quarter, size=4, user=auditor, seed=20250701
        )
        picked = set(first.checks.values_list("indicator_return_id", flat=True))
        assert len(picked) == 4
        assert picked == set(again.checks.values_list("indicator_return_id", flat=True))
        assert first.seed == 20250701 and first.drawn_by == auditor
        assert set(
            IndicatorReturn.objects.filter(pk__in=picked).values_list("status", flat=True)
        ) <= {"approved", "locked"}

    def test_a_draw_without_a_seed_records_the_one_it_used(self, council, quarter, sampled, person):
        population = quality.audit_population(council, quarter)
        sample = quality.audit_sample_draw(
            organisation=council, period=quarter, size=len(population), user=person("auditor")
        )
        assert sample.seed is not None
        assert set(sample.checks.values_list("indicator_return_id", flat=True)) == set(population)
        assert quality.audit_sample_pick(population, 3, sample.seed) == quality.audit_sample_pick(
            population, 3, sample.seed
        )

    def test_a_sample_larger_than_the_population_is_refused(
        self, council, quarter, sampled, person
    ):
        size = len(quality.audit_population(council, quarter))
        with pytest.raises(ValidationError) as error:
            quality.audit_sample_draw(
                organisation=council, period=quarter, size=size + 1, user=person("auditor")
            )
        assert error.value.message_dict["size"] == [
            f"There are only {size} approved returns for {quarter.label}; "
            f"choose a sample of {size} or fewer."
        ]
        assert not AuditSample.objects.filter(period=quarter).exists()

    def test_an_officer_may_not_draw_a_sample(self, council, quarter, sampled, person):
        with pytest.raises(PermissionDenied):
            quality.audit_sample_draw(
                organisation=council, period=quarter, size=1, user=person("officer.estates")
            )

    def test_recording_a_check_keeps_the_result_finding_and_checker(
        self, council, quarter, sampled, person
    ):
        auditor = person("auditor")
        sample = quality.audit_sample_draw(
            organisation=council, period=quarter, size=1, user=auditor, seed=1
        )
        check = sample.checks.get()
        with pytest.raises(ValidationError) as error:
            quality.audit_check_record(check=check, result="minor", finding=" ", user=auditor)
        assert "finding" in error.value.message_dict
        with pytest.raises(ValidationError):
            quality.audit_check_record(check=check, result="pending", finding="", user=auditor)

        quality.audit_check_record(
            check=check, result="minor", finding="Source shows 49, not 50.", user=auditor
        )
        check.refresh_from_db()
        assert (check.result, check.finding, check.checked_by) == (
            "minor",
            "Source shows 49, not 50.",
            auditor,
        )
        assert check.checked_at is not None


class TestAuditPages:
    def test_an_officer_gets_403_on_every_audit_page(self, signed_in, quarter, sampled):
        client = signed_in("officer.estates")
        response = client.post(
            reverse("indicators:audit_sample_create"), {"period": quarter.pk, "size": 2}
        )
        assert response.status_code == 403
        assert client.get(reverse("indicators:audit_sample_list")).status_code == 403
        assert not AuditSample.objects.filter(period=quarter).exists()

    def test_an_auditor_draws_a_sample_and_records_a_check(self, signed_in, quarter, sampled):
        client = signed_in("auditor")
        assert client.get(reverse("indicators:audit_sample_create")).status_code == 200
        response = client.post(
            reverse("indicators:audit_sample_create"),
            {"period": quarter.pk, "size": 2, "seed": 7},
        )
        sample = AuditSample.objects.get(period=quarter)
        assert response.status_code == 302
        assert response["Location"] == reverse("indicators:audit_sample_detail", args=[sample.pk])
        assert sample.seed == 7 and sample.checks.count() == 2

        check = sample.checks.select_related("indicator_return__indicator").first()
        html = client.get(response["Location"]).content.decode()
        assert check.indicator_return.indicator.code in html
        assert escape(check.indicator_return.source_quoted or "None quoted") in html
        assert reverse("indicators:audit_check_record", args=[check.pk]) in html

        url = reverse("indicators:audit_check_record", args=[check.pk])
        prefix = f"check-{check.pk}"
        failed = client.post(url, {f"{prefix}-result": "significant", f"{prefix}-finding": ""})
        assert failed.status_code == 200
        assert "govuk-error-summary" in failed.content.decode()
        assert "Describe the finding" in failed.content.decode()

        client.post(url, {f"{prefix}-result": "agrees", f"{prefix}-finding": ""})
        check.refresh_from_db()
        assert check.result == AuditCheck.Result.AGREES

        listing = client.get(reverse("indicators:audit_sample_list")).content.decode()
        assert quarter.label in listing

    def test_asking_for_too_many_returns_names_the_field_and_the_reason(
        self, council, signed_in, quarter, sampled
    ):
        size = len(quality.audit_population(council, quarter))
        response = signed_in("performance.lead").post(
            reverse("indicators:audit_sample_create"), {"period": quarter.pk, "size": size + 1}
        )
        html = response.content.decode()
        assert response.status_code == 200
        assert "govuk-error-summary" in html
        assert '<a href="#id_size">There are only' in html
        assert f"choose a sample of {size} or fewer." in html
