from decimal import Decimal

from goldenthread.engagement.models import Complaint, Consultation, NeedsEvidence
from goldenthread.indicators.models import IndicatorReturn


def test_demo_has_a_survey_with_results_recorded_as_indicator_values(council):
    survey = Consultation.objects.filter(
        organisation=council, kind=Consultation.Kind.RESIDENT_SURVEY
    ).first()
    assert survey is not None
    result = survey.results.get(indicator__code="PI-ENG-01")
    value = IndicatorReturn.objects.get(indicator=result.indicator, period=result.period)
    assert value.status == IndicatorReturn.Status.APPROVED
    assert round(value.value, 2) == Decimal("61.96")  # 684 of 1,104
    assert "95% confidence interval" in value.commentary


def test_demo_has_complaints_across_services_and_commendations(council):
    complaints = Complaint.objects.filter(organisation=council)
    services = set(
        complaints.filter(kind=Complaint.Kind.COMPLAINT).values_list("org_unit__name", flat=True)
    )
    assert len(services) >= 5
    assert complaints.filter(kind=Complaint.Kind.COMMENDATION).count() >= 4
    assert NeedsEvidence.objects.filter(organisation=council, kind="jsna").exists()


def test_demo_complaint_figures_feed_indicator_returns(council):
    returns = IndicatorReturn.objects.filter(indicator__code="PI-ENG-03")
    assert returns.filter(status=IndicatorReturn.Status.APPROVED).exists()
