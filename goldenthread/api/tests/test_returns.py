"""Entering returns through the API: the body as checked, repeated rows in a bulk load and
the return window, as the web form and the Excel upload have them."""

from decimal import Decimal

import pytest

from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.indicators.selectors import period_latest_ended, return_window
from goldenthread.strategy.models import ReportingPeriod


@pytest.fixture
def quarter(council):  # type: ignore[no-untyped-def]
    """The quarter being reported on, with no returns yet for the estates officer's
    indicators PI-HOU-03 (days) and PI-HOU-04 (a percentage)."""
    period = period_latest_ended(council)
    IndicatorReturn.objects.filter(
        indicator__organisation=council,
        indicator__code__in=["PI-HOU-03", "PI-HOU-04"],
        period=period,
    ).delete()
    return period


@pytest.fixture
def future(council):  # type: ignore[no-untyped-def]
    """A quarter whose returns are not open yet."""
    return (
        ReportingPeriod.objects.filter(organisation=council, frequency="quarterly")
        .order_by("-end_date")
        .first()
    )


def stored(council, code: str, period) -> IndicatorReturn | None:  # type: ignore[no-untyped-def]
    return IndicatorReturn.objects.filter(
        indicator__organisation=council, indicator__code=code, period=period
    ).first()


@pytest.mark.parametrize(
    ("sent", "value"),
    [
        ({"value": "29"}, Decimal("29")),
        ({"value": "29.4"}, Decimal("29.4")),
        ({"value": 29.4}, Decimal("29.4")),
        ({"value": 29}, Decimal("29")),
    ],
)
def test_starting_a_return_takes_a_value_as_a_string_or_a_number(
    api, council, quarter, sent, value
):
    officer = api("officer.estates", scope="read_write")
    body = {"indicator": "PI-HOU-03", "period": quarter.label, "commentary": "Checked"}
    response = officer.post("/api/v1/returns/", body | sent)
    assert response.status_code == 201, response.content
    assert response.json()["value"] == f"{value:.6f}"
    assert stored(council, "PI-HOU-03", quarter).value == value


def test_starting_a_return_works_out_the_value_from_numerator_and_denominator(
    api, council, quarter
):
    officer = api("officer.estates", scope="read_write")
    body = {"indicator": "PI-HOU-04", "period": quarter.label, "numerator": "46",
            "denominator": 50, "commentary": "46 of 50."}  # fmt: skip
    response = officer.post("/api/v1/returns/", body)
    assert response.status_code == 201, response.content
    assert response.json()["value"] == "92.000000"
    assert response.json()["numerator"] == "46.000000"


def test_starting_a_return_checks_the_body_as_patch_does(api, council, quarter):
    """Through the same checks: a bad number is a 400 naming the field, never a 500."""
    officer = api("officer.estates", scope="read_write")
    body = {"indicator": "PI-HOU-03", "period": quarter.label, "value": "29%"}
    response = officer.post("/api/v1/returns/", body)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"field": "value", "reason": "A valid number is required."}
    ]
    negative = officer.post("/api/v1/returns/", body | {"value": "-2.5"})
    assert negative.status_code == 400
    assert negative.json()["errors"][0]["field"] == "value"
    assert stored(council, "PI-HOU-03", quarter) is None


def test_a_bulk_load_refuses_a_repeated_row_for_a_new_return(api, council, quarter):
    rows = [
        {"indicator": "PI-HOU-03", "period": quarter.label, "value": "29.4", "commentary": "A"},
        {"indicator": "PI-HOU-04", "period": quarter.label, "value": "12", "commentary": "B"},
        {"indicator": "PI-HOU-03", "period": quarter.label, "value": "30", "commentary": "C"},
        {"indicator": "PI-HOU-03", "period": quarter.label, "value": "bad"},
    ]
    response = api("officer.estates", scope="read_write").post(
        "/api/v1/returns/bulk/", {"returns": rows}
    )
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"index": 2, "field": "period",
         "reason": f"PI-HOU-03 {quarter.label} is also in row 0."},
        {"index": 3, "field": "value", "reason": "A valid number is required."},
    ]  # fmt: skip
    assert response.json()["detail"].startswith("2 of 4 rows have problems; nothing was saved.")
    assert stored(council, "PI-HOU-03", quarter) is None
    assert stored(council, "PI-HOU-04", quarter) is None


def test_a_bulk_load_reports_a_repeat_and_every_other_row_problem(api, council, quarter):
    """The repeat does not stop the other rows being checked: all their problems come back."""
    rows = [
        {"indicator": "PI-HOU-03", "period": quarter.label, "value": "29.4", "submit": True},
        {"indicator": "PI-HOU-03", "period": quarter.label, "value": "29.4", "submit": True},
        {"indicator": "PI-HOU-04", "period": quarter.label, "value": "140"},
    ]
    response = api("officer.estates", scope="read_write").post(
        "/api/v1/returns/bulk/", {"returns": rows}
    )
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert {"index": 1, "field": "period",
            "reason": f"PI-HOU-03 {quarter.label} is also in row 0."} in errors  # fmt: skip
    assert {"index": 2, "field": "value", "reason": "A percentage must be between 0 and 100."} in (
        errors
    )
    assert all(error["index"] in {0, 1, 2} for error in errors)
    assert stored(council, "PI-HOU-03", quarter) is None


def test_a_bulk_load_without_repeats_still_saves(api, council, quarter):
    rows = [
        {"indicator": "PI-HOU-03", "period": quarter.label, "value": 29.4, "commentary": "A"},
        {"indicator": "PI-HOU-04", "period": quarter.label, "numerator": 46, "denominator": 50,
         "commentary": "B"},
    ]  # fmt: skip
    response = api("officer.estates", scope="read_write").post(
        "/api/v1/returns/bulk/", {"returns": rows}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"rows": 2, "created": 2, "updated": 0, "submitted": 0,
                               "unchanged": 0}  # fmt: skip
    assert stored(council, "PI-HOU-03", quarter).value == Decimal("29.4")
    assert stored(council, "PI-HOU-04", quarter).value == Decimal("92")


def not_open(period: ReportingPeriod) -> str:
    opens = return_window(period.organisation, period).opens
    return f"Returns for {period.label} are not open yet: they open on {opens.day} {opens:%B %Y}."


def test_a_return_for_a_period_not_open_yet_is_refused(api, council, future):
    response = api("officer.estates", scope="read_write").post(
        "/api/v1/returns/",
        {"indicator": "PI-HOU-03", "period": future.label, "value": 29, "commentary": "Early"},
    )
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [{"field": "period", "reason": not_open(future)}]
    assert response.json()["detail"] == not_open(future)
    assert stored(council, "PI-HOU-03", future) is None


def test_a_bulk_row_for_a_period_not_open_yet_is_a_row_problem(api, council, quarter, future):
    rows = [
        {"indicator": "PI-HOU-03", "period": quarter.label, "value": 29, "commentary": "A"},
        {"indicator": "PI-HOU-03", "period": future.label, "value": 29, "commentary": "B"},
    ]
    response = api("officer.estates", scope="read_write").post(
        "/api/v1/returns/bulk/", {"returns": rows}
    )
    assert response.status_code == 422, response.content
    assert response.json()["errors"] == [
        {"index": 1, "field": "period", "reason": not_open(future)}
    ]
    assert stored(council, "PI-HOU-03", quarter) is None


def test_a_draft_for_a_period_not_open_yet_cannot_be_changed_or_submitted(api, council, future):
    """A draft started early on the web: the API keeps to the Excel upload's rule."""
    indicator = Indicator.objects.get(organisation=council, code="PI-HOU-03")
    early = IndicatorReturn.objects.create(indicator=indicator, period=future, value=1)
    officer = api("officer.estates", scope="read_write")
    changed = officer.patch(f"/api/v1/returns/{early.pk}/", {"value": "2"})
    assert changed.status_code == 400, changed.content
    assert changed.json()["errors"] == [{"field": "period", "reason": not_open(future)}]
    submitted = officer.post(f"/api/v1/returns/{early.pk}/submit/")
    assert submitted.status_code == 400
    early.refresh_from_db()
    assert (early.value, early.status) == (1, IndicatorReturn.Status.DRAFT)
