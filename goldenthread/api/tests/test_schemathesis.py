"""The API against its own OpenAPI schema: schemathesis generates requests for every
operation (as a performance admin with a read-write token) and checks there is no server
error, every status and content type is documented and every body matches its schema."""

import json

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.utils.encoders import JSONEncoder
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from goldenthread.api import pages, services

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def key(person):  # type: ignore[no-untyped-def]
    _token, key = services.token_create(
        user=person("performance.lead"), name="schemathesis", scope="read_write"
    )
    return key


def _load() -> BaseSchema:
    # Loaded from the generator rather than over HTTP: collection runs before the test
    # database exists, and the schema view's middleware would query it.
    generated = json.loads(json.dumps(pages.schema(), cls=JSONEncoder))
    loaded = schemathesis.openapi.from_dict(generated)
    loaded.app = get_wsgi_application()
    loaded.config.generation.update(modes=["positive"], max_examples=3, no_shrink=True)
    return loaded


schema = _load()


@schema.parametrize()
@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, key):  # type: ignore[no-untyped-def]
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
