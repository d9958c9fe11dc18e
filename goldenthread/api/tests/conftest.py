import pytest
from django.test import Client

from goldenthread.accounts.models import User
from goldenthread.api import services


class ApiClient:
    """A client that sends a person's API token, and JSON bodies."""

    def __init__(self, key: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, **headers):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers={**self.headers, **headers})

    def post(self, path: str, data: object = None, **headers):  # type: ignore[no-untyped-def]
        return self.client.post(
            path, data or {}, content_type="application/json", headers={**self.headers, **headers}
        )

    def patch(self, path: str, data: object, **headers):  # type: ignore[no-untyped-def]
        return self.client.patch(
            path, data, content_type="application/json", headers={**self.headers, **headers}
        )


@pytest.fixture
def api(db):  # type: ignore[no-untyped-def]
    """api("officer.estates") or api("officer.estates", scope="read_write"); api(None) is
    anonymous."""

    def make(username: str | None, scope: str = "read") -> ApiClient:
        if username is None:
            return ApiClient(None)
        user = User.objects.get(username=username)
        _token, key = services.token_create(user=user, name="Tests", scope=scope)
        return ApiClient(key)

    return make
