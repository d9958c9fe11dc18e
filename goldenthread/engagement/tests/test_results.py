"""Survey results become indicator values through the returns workflow, with the interval."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from goldenthread.engagement import services
from goldenthread.engagement.models import Consultation, ConsultationResult
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.strategy.models import ReportingPeriod


@pytest.fixture
def survey(council, person):
    return services.consultation_save(
        consultation=Consultation(
            organisation=council,
            title="Leisure users' survey",
            kind=Consultation.Kind.SERVICE_USER_PANEL,
            start_date=date(2026, 5, 1),
            end_date=date(2026, 5, 31),
            audience="Leisure centre members",
            method="Online",
            responses=200,
        ),
        user=person("performance.officer"),
    )


def quarter(council, label):
    return ReportingPeriod.objects.get(organisation=council, label=label)


def test_a_result_is_saved_as_a_draft_return_of_counted_over_answered(council, person, survey):
    indicator = Indicator.objects.get(organisation=council, code="PI-SAF-03")
    period = ReportingPeriod.objects.filter(
        organisation=council, frequency=indicator.frequency
    ).order_by("-start_date")[0]
    IndicatorReturn.objects.filter(indicator=indicator, period=period).delete()
    result = ConsultationResult(
        consultation=survey,
        question="Were you satisfied?",
        indicator=indicator,
        period=period,
        answered=200,
        counted=150,
    )
    saved = services.consultation_result_record(result=result, user=person("officer.safety"))
    stored = IndicatorReturn.objects.get(indicator=indicator, period=period)
    assert stored.pk == saved.pk
    assert stored.status == IndicatorReturn.Status.DRAFT
    assert stored.value == 75
    assert (stored.numerator, stored.denominator) == (150, 200)
    assert "150 of 200 respondents (75.00%, 95% confidence interval 68.57% to 80.49%)" in (
        stored.commentary
    )


def test_a_result_for_a_count_indicator_is_refused(council, person, survey):
    indicator = Indicator.objects.get(organisation=council, code="PI-ENG-03")
    period = ReportingPeriod.objects.filter(organisation=council, frequency="quarterly")[0]
    result = ConsultationResult(
        consultation=survey, question="Q", indicator=indicator, period=period,
        answered=10, counted=5,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.consultation_result_record(result=result, user=person("performance.officer"))
    assert "not measured as a percentage" in caught.value.message_dict["indicator"][0]
    assert not ConsultationResult.objects.filter(consultation=survey).exists()


def test_more_counted_than_answered_is_refused(council, person, survey):
    indicator = Indicator.objects.get(organisation=council, code="PI-ENG-01")
    period = ConsultationResult.objects.filter(indicator=indicator)[0].period
    result = ConsultationResult(
        consultation=survey, question="Q", indicator=indicator, period=period,
        answered=10, counted=11,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.consultation_result_record(result=result, user=person("performance.officer"))
    assert "between 0 and the sample size (10)" in caught.value.message_dict["counted"][0]


def test_an_approved_return_is_not_overwritten(council, person, survey):
    indicator = Indicator.objects.get(organisation=council, code="PI-ENG-01")
    period = ConsultationResult.objects.filter(indicator=indicator)[0].period
    before = IndicatorReturn.objects.get(indicator=indicator, period=period).value
    result = ConsultationResult(
        consultation=survey, question="Q", indicator=indicator, period=period,
        answered=10, counted=1,
    )  # fmt: skip
    with pytest.raises(ValidationError):
        services.consultation_result_record(result=result, user=person("performance.officer"))
    assert IndicatorReturn.objects.get(indicator=indicator, period=period).value == before


def test_consultation_page_shows_sample_size_and_interval(council, signed_in):
    survey = Consultation.objects.filter(organisation=council, kind="resident_survey").first()
    page = signed_in("cllr.scrutiny").get(survey.get_absolute_url()).content.decode()
    assert "61.96%" in page
    assert "59.06% to 64.77%" in page
    assert "1104" in page
    assert "You said, we did" in page


def test_result_form_records_and_submits(council, signed_in, survey):
    indicator = Indicator.objects.get(organisation=council, code="PI-SAF-03")
    period = ReportingPeriod.objects.filter(
        organisation=council, frequency=indicator.frequency
    ).order_by("-start_date")[0]
    IndicatorReturn.objects.filter(indicator=indicator, period=period).delete()
    client = signed_in("officer.safety")
    response = client.post(
        f"/engagement/consultations/{survey.pk}/results/add/",
        {
            "question": "Satisfied?",
            "indicator": indicator.pk,
            "period": period.pk,
            "answered": "40",
            "counted": "30",
            "submit": "on",
        },
    )
    assert response.status_code == 302
    stored = IndicatorReturn.objects.get(indicator=indicator, period=period)
    assert stored.status == IndicatorReturn.Status.SUBMITTED


def test_members_cannot_add_consultations(signed_in):
    assert signed_in("cllr.scrutiny").get("/engagement/consultations/add/").status_code == 403
