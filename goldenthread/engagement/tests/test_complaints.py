"""The complaints log: its rules, its figures for indicators, and its pages."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goldenthread.engagement import selectors, services
from goldenthread.engagement.models import Complaint, ComplaintFeed
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.strategy.models import ReportingPeriod

Q = Complaint.Outcome


def complaint(council, unit, **fields):
    values = {
        "organisation": council,
        "org_unit": unit,
        "reference": "T-001",
        "received_on": date(2026, 7, 1),
        "category": Complaint.Category.DELAY,
        "summary": "Slow.",
        **fields,
    }
    return Complaint(**values)


def test_an_outcome_needs_a_response_date(council, unit):
    with pytest.raises(ValidationError) as caught:
        services.complaint_save(
            complaint=complaint(council, unit("Estate Management"), outcome=Q.UPHELD), user=None
        )
    assert "Enter the date of the response" in caught.value.message_dict["responded_on"][0]


def test_a_response_before_receipt_is_refused(council, unit):
    with pytest.raises(ValidationError) as caught:
        services.complaint_save(
            complaint=complaint(
                council,
                unit("Estate Management"),
                outcome=Q.UPHELD,
                responded_on=date(2026, 6, 30),
            ),
            user=None,
        )
    assert "before the complaint was received" in caught.value.message_dict["responded_on"][0]


def test_a_commendation_has_no_outcome(council, unit):
    with pytest.raises(ValidationError) as caught:
        services.complaint_save(
            complaint=complaint(
                council, unit("Estate Management"), kind="commendation", outcome=Q.UPHELD
            ),
            user=None,
        )
    assert "commendation has no outcome" in caught.value.message_dict["outcome"][0]


def test_references_are_unique_whatever_the_case(council, unit):
    services.complaint_save(complaint=complaint(council, unit("Estate Management")), user=None)
    with pytest.raises(ValidationError) as caught:
        services.complaint_save(
            complaint=complaint(council, unit("Contact Centre"), reference="t-001"), user=None
        )
    assert "has the reference t-001" in caught.value.message_dict["reference"][0]
    assert Complaint.objects.filter(organisation=council, reference__iexact="t-001").count() == 1


def test_officers_log_only_their_own_services_complaints(council, unit, person):
    with pytest.raises(PermissionDenied):
        services.complaint_save(
            complaint=complaint(council, unit("Contact Centre")), user=person("officer.estates")
        )
    saved = services.complaint_save(
        complaint=complaint(council, unit("Estate Management")), user=person("officer.estates")
    )
    assert saved.pk is not None


def test_figures_count_received_and_answered_within_target(council, unit):
    team = unit("Legal Services")
    day = date(2026, 7, 1)
    rows = [
        ("A", "complaint", Q.UPHELD, 5),
        ("B", "complaint", Q.NOT_UPHELD, 15),
        ("C", "complaint", Q.PARTLY, 10),
        ("D", "complaint", "", None),
        ("E", "commendation", "", None),
    ]
    for reference, kind, outcome, days in rows:
        services.complaint_save(
            complaint=complaint(
                council,
                team,
                reference=reference,
                kind=kind,
                outcome=outcome,
                category="" if kind == "commendation" else "delay",
                responded_on=day + timedelta(days=days) if days is not None else None,
            ),
            user=None,
        )
    figures = selectors.complaint_figures(
        selectors.complaints_in(council, start=day, end=day, unit=team), target_days=10
    )
    assert (figures.received, figures.answered, figures.within_target) == (4, 3, 2)
    assert (figures.upheld, figures.commendations) == (2, 1)
    assert figures.value_of(ComplaintFeed.Measure.WITHIN_TARGET) == Decimal("66.7")
    assert figures.value_of(ComplaintFeed.Measure.AVERAGE_DAYS) == 10


def test_figures_are_written_as_draft_returns(council, person):
    period = (
        ReportingPeriod.objects.filter(organisation=council, frequency="quarterly")
        .filter(end_date__lt=date.today())
        .order_by("-end_date")[0]
    )
    indicator = Indicator.objects.get(organisation=council, code="PI-ENG-03")
    IndicatorReturn.objects.filter(indicator=indicator, period=period).delete()
    written = services.complaint_figures_write(
        organisation=council, period=period, user=person("performance.officer")
    )
    expected = Complaint.objects.filter(
        organisation=council,
        kind="complaint",
        received_on__gte=period.start_date,
        received_on__lte=period.end_date,
    ).count()
    stored = IndicatorReturn.objects.get(indicator=indicator, period=period)
    assert stored.value == expected
    assert stored.status == IndicatorReturn.Status.DRAFT
    assert any(item.feed.indicator == indicator and item.indicator_return for item in written)


def test_figures_leave_an_approved_return_alone(council, person):
    approved = IndicatorReturn.objects.filter(
        indicator__code="PI-ENG-03", status=IndicatorReturn.Status.APPROVED
    ).first()
    written = services.complaint_figures_write(
        organisation=council, period=approved.period, user=person("performance.officer")
    )
    item = next(i for i in written if i.feed.indicator_id == approved.indicator_id)
    assert item.indicator_return is None
    assert "approved" in item.problem
    approved.refresh_from_db()
    assert approved.status == IndicatorReturn.Status.APPROVED


def test_complaints_page_filters_by_service(council, signed_in, unit):
    team = unit("Contact Centre")
    page = signed_in("head.customer").get(f"/engagement/complaints/?unit={team.pk}")
    text = page.content.decode()
    shown = Complaint.objects.filter(organisation=council, org_unit=team).first()
    hidden = Complaint.objects.filter(organisation=council).exclude(org_unit=team).first()
    assert shown.reference in text
    assert hidden.reference not in text


def test_complaint_form_logs_a_complaint(signed_in, unit):
    response = signed_in("officer.estates").post(
        "/engagement/complaints/add/",
        {
            "reference": "C-NEW-1",
            "kind": "complaint",
            "org_unit": unit("Estate Management").pk,
            "received_on": "2026-08-01",
            "category": "delay",
            "summary": "Key collection missed.",
            "outcome": "",
        },
    )
    assert response.status_code == 302
    assert Complaint.objects.get(reference="C-NEW-1").summary == "Key collection missed."


def test_commendations_feed_shows_the_latest(council, signed_in):
    latest = Complaint.objects.filter(organisation=council, kind="commendation").latest(
        "received_on"
    )
    page = signed_in("officer.estates").get("/engagement/commendations/").content.decode()
    assert latest.staff_named in page


def test_officers_cannot_take_over_another_services_complaint(council, unit, person):
    theirs = services.complaint_save(
        complaint=complaint(council, unit("Contact Centre")), user=None
    )
    theirs.org_unit = unit("Estate Management")  # as a CSV import naming the officer's service
    with pytest.raises(PermissionDenied):
        services.complaint_save(complaint=theirs, user=person("officer.estates"))
    assert Complaint.objects.get(pk=theirs.pk).org_unit == unit("Contact Centre")
