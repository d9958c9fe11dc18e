"""Problem documents: each status the API says it sends can happen, and nothing else is
listed; an unhandled exception is a problem document too, with nothing of what went wrong."""

import json

import pytest
from django.test import Client, RequestFactory

from goldenthread.api import services
from goldenthread.api.pages import schema
from goldenthread.api.problems import SERVER_ERROR, SLUGS, server_error
from goldenthread.indicators import selectors as indicator_selectors
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.indicators.selectors import period_latest_ended


def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
    raise RuntimeError("Secret detail: the database password is hunter2")


@pytest.fixture
def token(person):  # type: ignore[no-untyped-def]
    _token, key = services.token_create(
        user=person("officer.estates"), name="Tests", scope="read_write"
    )
    return {"Authorization": f"Bearer {key}"}


def assert_server_error(response) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert json.loads(response.content) == {
        "type": "/api/docs/#problem-server-error",
        "title": "Server error",
        "status": 500,
        "detail": SERVER_ERROR,
        "errors": [],
    }
    for secret in (b"hunter2", b"Traceback", b"RuntimeError", b"<html"):
        assert secret not in response.content


def test_an_unhandled_exception_in_the_api_is_a_problem_document(
    council, token, monkeypatch, caplog
):
    monkeypatch.setattr(indicator_selectors, "indicators_for_organisation", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/api/v1/indicators/", headers=token)
    assert_server_error(response)
    # Django still logs it, with the exception, for whoever looks after the server.
    assert any(
        record.exc_info and "hunter2" in str(record.exc_info[1]) for record in caplog.records
    )


def test_an_unhandled_exception_in_a_write_is_a_problem_document(council, token, monkeypatch):
    from goldenthread.indicators import services as indicator_services

    monkeypatch.setattr(indicator_services, "return_save", broken)
    quarter = period_latest_ended(council)
    IndicatorReturn.objects.filter(indicator__code="PI-HOU-03", period=quarter).delete()
    response = Client(raise_request_exception=False).post(
        "/api/v1/returns/",
        {"indicator": "PI-HOU-03", "period": quarter.label, "value": "29.4"},
        content_type="application/json",
        headers=token,
    )
    assert_server_error(response)


def test_the_error_handler_answers_a_problem_under_the_api_and_a_page_elsewhere(db):
    factory = RequestFactory()
    assert_server_error(server_error(factory.get("/api/v1/returns/")))
    assert_server_error(server_error(factory.post("/api/schema/")))
    page = server_error(factory.get("/indicators/"))
    assert page.status_code == 500
    assert page["Content-Type"].startswith("text/html")


def test_every_status_listed_can_happen_and_no_other_is_listed(api, council, person, monkeypatch):
    """Each problem the documentation lists, provoked; 428 and 429 are never sent."""
    reader, writer = api("officer.estates"), api("officer.estates", scope="read_write")
    indicator = Indicator.objects.get(organisation=council, code="PI-HOU-03")
    quarter = period_latest_ended(council)
    draft, _ = IndicatorReturn.objects.update_or_create(
        indicator=indicator, period=quarter, defaults={"value": 1, "status": "draft"}
    )
    start = {"indicator": "PI-HOU-03", "period": quarter.label, "value": 29}
    answers = {
        400: reader.get("/api/v1/units/?parent=first"),
        401: api(None).get("/api/v1/units/"),
        403: reader.post("/api/v1/returns/", start),
        404: reader.get("/api/v1/units/999999/"),
        405: writer.client.delete("/api/v1/units/", headers=writer.headers),
        406: reader.get("/api/v1/units/", Accept="text/html"),
        409: writer.post("/api/v1/returns/", start),
        412: writer.patch(f"/api/v1/returns/{draft.pk}/", {"value": 2}, **{"If-Match": '"old"'}),
        415: writer.client.post(
            "/api/v1/returns/", "value=2", content_type="text/plain", headers=writer.headers
        ),
        422: writer.post("/api/v1/returns/bulk/", {"returns": [start | {"value": "x"}]}),
    }
    monkeypatch.setattr(indicator_selectors, "indicators_for_organisation", broken)
    answers[500] = Client(raise_request_exception=False).get(
        "/api/v1/indicators/", headers=reader.headers
    )
    for status, response in answers.items():
        assert response.status_code == status, (status, response.content)
        assert response["Content-Type"] == "application/problem+json", status
        assert response.json()["type"] == f"/api/docs/#problem-{SLUGS[status]}"
    assert set(SLUGS) == set(answers)

    statuses = schema()["components"]["schemas"]["Problem"]["properties"]["status"]["enum"]
    assert statuses == sorted(answers)
    page = Client().get("/api/docs/").content.decode()
    for status, slug in SLUGS.items():
        assert f'id="problem-{slug}"' in page, status
    for never in ("428", "429", "precondition-required", "throttled"):
        assert never not in page


def test_a_nul_character_in_a_filter_is_refused_by_name(api, council):  # type: ignore[no-untyped-def]
    response = api("cllr.scrutiny").get("/api/v1/returns/?period=2025-Q2%00&status=draft")
    errors = str(response.json()["errors"])
    assert response.status_code == 400
    assert "period" in errors and "NUL (0x00)" in errors and "status" not in errors
