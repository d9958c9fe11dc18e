"""The API against its own OpenAPI schema: schemathesis generates requests for every
operation (as a performance admin with a read-write token) and checks there is no server
error, every status and content type is documented and every body matches its schema.

Made-up data stops at the first lookup: a random indicator code is a 400 and a random id a
404, before the code that saves anything runs. So the generated requests are steered onto
the demo council's data. Bodies name real indicators and periods (most with no return yet,
so starting one reaches the save, and few enough that a bulk load repeats some), real
actions, risks and registers; ids in paths are real rows in each state; a `period` is a
real label; and the schema lists every `ordering` offered, which the coverage phase tries
one by one. Each operation gets enough examples for that, and every answer must be from a
signed-in caller (never 401), so a token that stopped working cannot pass unnoticed.
"""

import json
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from rest_framework.utils.encoders import JSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from goldenthread.api import pages, services
from goldenthread.delivery.models import Action, ActionUpdate
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.indicators.selectors import period_latest_ended
from goldenthread.risks.models import Risk
from goldenthread.strategy.models import ReportingPeriod

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Examples per operation, besides the coverage phase's: writes get more, as they have more
# paths through them. The whole run takes about a minute once the demo council is built.
READS, WRITES = 12, 30

# The demo council's rows the hooks draw on, filled in by the `real` fixture for each test
# (the schema is loaded, and the coverage phase's cases made, before the database exists:
# those keep their made-up values).
REAL: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def connection_kept():  # type: ignore[no-untyped-def]
    """The WSGI application closes the database connection at the end of each request, which
    on PostgreSQL would close the test's own transaction; Django's test client stops that the
    same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def key(person):  # type: ignore[no-untyped-def]
    _token, key = services.token_create(
        user=person("performance.lead"), name="schemathesis", scope="read_write"
    )
    return key


@pytest.fixture
def real(council):  # type: ignore[no-untyped-def]
    quarter = period_latest_ended(council)
    returns = IndicatorReturn.objects.filter(indicator__organisation=council)
    new = [
        (code, quarter.label)
        for code in Indicator.objects.filter(
            organisation=council, is_active=True, formula="", frequency="quarterly"
        )
        .exclude(returns__period=quarter)
        .order_by("code")
        .values_list("code", flat=True)
    ]
    draft = returns.filter(period=quarter, status="draft").select_related("indicator").first()
    REAL.update(
        quarter=quarter.label,
        # Indicators with no return yet in the quarter, so that starting one gets to the save.
        new=new,
        # A bulk load draws from a few, so that it often names one twice; one has a draft.
        few=[*new[:3], (draft.indicator.code, quarter.label)],
        labels=[
            quarter.label,
            *ReportingPeriod.objects.filter(organisation=council)
            .order_by("-end_date")
            .values_list("label", flat=True)[:1],
        ],  # fmt: skip
        actions=list(Action.objects.filter(organisation=council).values_list("pk", flat=True)[:3]),
        risks=list(Risk.objects.filter(organisation=council).values_list("pk", "register_id")[:3]),
        ids={
            "returns": _ids(returns.filter(period=quarter)),
            "action-updates": _ids(ActionUpdate.objects.filter(action__organisation=council)),
            "indicators": list(
                Indicator.objects.filter(organisation=council).values_list("pk", flat=True)[:3]
            ),
        },
    )
    yield REAL
    REAL.clear()


def _ids(rows) -> list[int]:  # type: ignore[no-untyped-def]
    """Two rows in each state."""
    return [
        pk
        for state in ("draft", "submitted", "approved")
        for pk in rows.filter(status=state).values_list("pk", flat=True)[:2]
    ]


def _load() -> BaseSchema:
    # Loaded from the generator rather than over HTTP: collection runs before the test
    # database exists, and the schema view's middleware would query it.
    generated = json.loads(json.dumps(pages.schema(), cls=JSONEncoder))
    loaded = schemathesis.openapi.from_dict(generated)
    loaded.app = get_wsgi_application()
    loaded.config.generation.update(modes=["positive"], no_shrink=True)
    return loaded


schema = _load()

# Hypothesis tries the simplest example early, and the first choice of each sampled_from
# is the simplest: so each hook puts the way deepest into the code first.
NUMBERS = st.sampled_from(["29", "29.4", 29.4, 29, "0.5", 46])


def _return_row(row: dict, pairs: list[tuple[str, str]]) -> st.SearchStrategy:
    """A row for one of the real indicators and periods: a plain figure as a draft, which
    the save accepts, or the row as generated."""

    def made(pair: tuple[str, str], value: object) -> dict:
        figures = row if value is None else {"value": value, "submit": False}
        return {**figures, "indicator": pair[0], "period": pair[1]}

    return st.builds(made, st.sampled_from(pairs), st.one_of(NUMBERS, st.none()))


def _bulk(body: dict, rows: list[dict]) -> st.SearchStrategy:
    """The rows on a few real indicators, so that they often repeat one, and often with the
    first row sent again at the end."""
    chosen_rows = st.tuples(*(_return_row(row, REAL["few"]) for row in rows))
    return st.tuples(chosen_rows, st.sampled_from([True, False])).map(
        lambda chosen: {
            **body,
            "returns": [*chosen[0], *([{**chosen[0][0], "value": "30"}] if chosen[1] else [])],
        }
    )


@schema.hook
def flatmap_body(context, body):  # type: ignore[no-untyped-def]
    if not REAL or not isinstance(body, dict):
        return st.just(body)
    path = context.operation.path
    if path == "/api/v1/returns/":
        return _return_row(body, REAL["new"] or REAL["few"])
    if path == "/api/v1/returns/bulk/":
        rows = [row for row in body.get("returns") or [] if isinstance(row, dict)]
        return _bulk(body, rows) if rows else st.just(body)
    if path == "/api/v1/action-updates/" and REAL["actions"]:
        return st.sampled_from(REAL["actions"]).map(
            lambda pk: {**body, "action": pk, "period": REAL["quarter"]}
        )
    if path == "/api/v1/risk-reviews/" and REAL["risks"]:
        scores = st.integers(1, 5)
        return st.tuples(st.sampled_from(REAL["risks"]), scores, scores).map(
            lambda chosen: {**body, "risk": chosen[0][0], "register": chosen[0][1],
                            "period": REAL["quarter"], "likelihood": chosen[1],
                            "impact": chosen[2]}
        )  # fmt: skip
    return st.just(body)


@schema.hook
def flatmap_path_parameters(context, path_parameters):  # type: ignore[no-untyped-def]
    if not REAL or "id" not in (path_parameters or {}):
        return st.just(path_parameters)
    ids = REAL["ids"].get(context.operation.path.split("/")[3])
    if not ids:
        return st.just(path_parameters)
    return st.sampled_from(ids).map(lambda pk: {**path_parameters, "id": pk})


FILTERS = {"indicator", "unit", "theme", "plan", "action", "risk", "register", "parent", "rag",
           "status", "kind", "frequency", "year", "search", "basket", "period"}  # fmt: skip


def _orderings(path: str) -> list[str]:
    parameters = pages.schema()["paths"][path].get("get", {}).get("parameters", [])
    return next((p["schema"]["enum"] for p in parameters if p["name"] == "ordering"), [])


@schema.hook
def flatmap_query(context, query):  # type: ignore[no-untyped-def]
    """A list with none of its filters (a made-up id leaves nothing to page through or
    order) or those generated; one of the orderings offered; a real period or the one
    generated."""
    if not REAL or not isinstance(query, dict) or context.operation.method.upper() != "GET":
        return st.just(query)
    unfiltered = {name: value for name, value in query.items() if name not in FILTERS}
    orderings = _orderings(context.operation.path) or [None]
    periods = [*REAL["labels"], query["period"]] if "period" in query else [None]
    return st.tuples(
        st.sampled_from([unfiltered, query]), st.sampled_from(orderings), st.sampled_from(periods)
    ).map(
        lambda chosen: (
            chosen[0]
            | ({"ordering": chosen[1]} if chosen[1] else {})
            | ({"period": chosen[2]} if chosen[2] else {})
        )
    )


@schema.include(method="GET").parametrize()
@settings(max_examples=READS, deadline=None, suppress_health_check=list(HealthCheck))
def test_reading_conforms_to_the_schema(case, key, real):  # type: ignore[no-untyped-def]
    response = case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
    assert response.status_code != 401, "the token was not accepted: nothing was tested"


@schema.exclude(method="GET").parametrize()
@settings(max_examples=WRITES, deadline=None, suppress_health_check=list(HealthCheck))
def test_writing_conforms_to_the_schema(case, key, real):  # type: ignore[no-untyped-def]
    response = case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
    assert response.status_code != 401, "the token was not accepted: nothing was tested"
