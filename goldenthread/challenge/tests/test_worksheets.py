"""Turning the Curve: the baseline with its forecast, as a chart with a table."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from goldenthread.challenge import services
from goldenthread.challenge.models import CurveWorksheet, Inspection
from goldenthread.challenge.selectors import curve_baseline
from goldenthread.delivery.models import Action, ActionIndicator
from goldenthread.indicators.models import Indicator


def test_baseline_has_actual_values_then_a_forecast(council):
    indicator = Indicator.objects.get(organisation=council, code="PI-REG-07")
    points = curve_baseline(indicator, timezone.localdate())
    actual = [p for p in points if not p.is_forecast]
    forecast = [p for p in points if p.is_forecast]
    assert len(forecast) == 4
    assert actual and all(not p.is_forecast for p in points[: len(actual)])
    assert actual[-1].label < forecast[0].label


def test_worksheet_page_has_the_chart_with_a_text_alternative_and_table(council, signed_in):
    worksheet = CurveWorksheet.objects.get(organisation=council)
    page = signed_in("head.planning").get(worksheet.get_absolute_url()).content.decode()
    assert 'role="img"' in page and '<title id="curve-title">' in page
    assert "The baseline as a table" in page
    assert "Forecast if nothing changes" in page
    assert "County highways authority" in page
    assert "style=" not in page.split("<main")[1]


def test_worksheet_actions_move_its_indicator(council):
    worksheet = CurveWorksheet.objects.get(organisation=council)
    action = services.agreed_action_add(
        source=worksheet,
        data=services.AgreedAction(
            title="Weekly case reviews", due_date=timezone.localdate().replace(year=2030)
        ),
        user=None,
    )
    assert action.code.startswith(f"TC-{worksheet.pk}-")
    assert ActionIndicator.objects.filter(action=action, indicator=worksheet.indicator).exists()


def test_one_worksheet_per_indicator(council):
    worksheet = CurveWorksheet.objects.get(organisation=council)
    with pytest.raises(ValidationError) as caught:
        services.worksheet_save(
            worksheet=CurveWorksheet(
                organisation=council, indicator=worksheet.indicator, story="x"
            ),
            user=None,
        )
    assert "already has a worksheet" in caught.value.message_dict["indicator"][0]


def test_inspection_recommendations_are_tracked_as_actions(council, signed_in, person):
    inspection = Inspection.objects.get(organisation=council, kind="peer")
    response = signed_in("performance.lead").post(
        f"/challenge/inspection/{inspection.pk}/actions/add/",
        {"title": "Share good practice", "lead": person("head.hr").pk, "due_date": "2027-03-31"},
    )
    assert response.status_code == 302
    action = inspection.actions.get(title="Share good practice")
    assert action.source_kind == Action.SourceKind.PEER_REVIEW
    page = signed_in("cllr.audit").get(inspection.get_absolute_url()).content.decode()
    assert action.code in page


def test_every_challenge_page_renders(council, signed_in):
    client = signed_in("performance.lead")
    for url in ["/challenge/", "/challenge/scrutiny/", "/challenge/best-value/",
                "/challenge/inspections/", "/challenge/turning-the-curve/",
                "/challenge/meetings/add/", "/challenge/meetings/schedule/",
                "/challenge/best-value/add/", "/challenge/inspections/add/",
                "/challenge/turning-the-curve/add/", "/challenge/scrutiny/notes/add/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content.decode().count("<h1") == 1, url
