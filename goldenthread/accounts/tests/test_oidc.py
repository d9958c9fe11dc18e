"""Single sign-on with a council account (OpenID Connect, Microsoft Entra ID), behind USE_OIDC.

The identity provider is played here: its token endpoint and user info endpoint are mocked,
and its ID tokens signed with a key made for the test, so the library's own checks (state,
nonce, signature) run as they would against Entra.
"""

import json
import os
import runpy
import subprocess
import sys
import time
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.test import Client
from django.urls import include, path
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from goldenthread.accounts.models import RoleAssignment, User
from goldenthread.accounts.oidc import CallbackView, CouncilAccountBackend
from goldenthread.config import urls as site_urls
from goldenthread.config.django import oidc as oidc_module

BACKEND = "goldenthread.accounts.oidc.CouncilAccountBackend"
TENANT = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001"
ENVIRONMENT = {
    "USE_OIDC": "1",
    "OIDC_RP_CLIENT_ID": "golden-thread-client",
    "OIDC_RP_CLIENT_SECRET": "a-client-secret",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{TENANT}/oauth2/v2.0/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{TENANT}/oauth2/v2.0/token",
    "OIDC_OP_USER_ENDPOINT": "https://graph.microsoft.com/oidc/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{TENANT}/discovery/v2.0/keys",
}
REQUIRED = [name for name in ENVIRONMENT if name != "USE_OIDC"]
BUTTON = "Sign in with your council account"

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
PUBLIC_KEY = (
    KEY.public_key()
    .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    .decode()
)

# The site's addresses with the single sign-on ones this test's settings call for (the
# site's own urls.py adds them only when USE_OIDC is on as it starts).
urlpatterns = [
    path(
        "oidc/",
        include(
            [
                path("callback/", CallbackView.as_view(), name="oidc_authentication_callback"),
                path(
                    "authenticate/",
                    OIDCAuthenticationRequestView.as_view(),
                    name="oidc_authentication_init",
                ),
            ]
        ),
    ),
    *site_urls.urlpatterns,
]


def oidc_settings(environ: dict[str, str]) -> dict[str, Any]:
    """The single sign-on settings module, run afresh against `environ` (the module the site
    imported is left as it is)."""
    others = {name: value for name, value in os.environ.items() if name not in ENVIRONMENT}
    with mock.patch.dict(os.environ, {**others, **environ}, clear=True):
        return runpy.run_path(oidc_module.__file__)


# Settings -------------------------------------------------------------------------------


def test_single_sign_on_is_off_by_default():
    made = oidc_settings({})
    assert made["USE_OIDC"] is False
    assert made["OIDC_BACKENDS"] == []
    assert "OIDC_RP_CLIENT_ID" not in made


def test_single_sign_on_takes_its_values_from_the_environment():
    made = oidc_settings(ENVIRONMENT)
    assert made["USE_OIDC"] is True
    for name in REQUIRED:
        assert made[name] == ENVIRONMENT[name]
    assert made["OIDC_RP_SIGN_ALGO"] == "RS256"
    assert made["OIDC_CREATE_USER"] is False
    assert made["OIDC_BACKENDS"] == [BACKEND]


@pytest.mark.parametrize("name", REQUIRED)
def test_single_sign_on_refuses_to_start_without_each_required_value(name):
    with pytest.raises(ImproperlyConfigured, match=name):
        oidc_settings({key: value for key, value in ENVIRONMENT.items() if key != name})
    with pytest.raises(ImproperlyConfigured, match=name):
        oidc_settings({**ENVIRONMENT, name: "  "})


def test_single_sign_on_names_every_missing_value_at_once():
    with pytest.raises(ImproperlyConfigured) as refused:
        oidc_settings({"USE_OIDC": "true"})
    assert all(name in str(refused.value) for name in REQUIRED)


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://login.microsoftonline.com/tenant/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize",
        "https://login.microsoftonline.com/consumers/oauth2/v2.0/authorize",
    ],
)
def test_single_sign_on_refuses_plain_http_and_entras_shared_endpoints(endpoint):
    with pytest.raises(ImproperlyConfigured, match="OIDC_OP_AUTHORIZATION_ENDPOINT"):
        oidc_settings({**ENVIRONMENT, "OIDC_OP_AUTHORIZATION_ENDPOINT": endpoint})


def goldenthread(environ: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    return subprocess.run(
        [sys.executable, "-m", "goldenthread", *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "goldenthread.config.django.test", **environ},
        cwd=environ["GOLDENTHREAD_VAR_DIR"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


STARTED = """
import json
from django.conf import settings
from django.urls import resolve
print(json.dumps({
    "backends": settings.AUTHENTICATION_BACKENDS,
    "callback": resolve("/oidc/callback/").func.view_class.__qualname__,
    "start": resolve("/oidc/authenticate/").url_name,
}))
"""


def test_the_site_starts_with_single_sign_on_only_when_it_is_configured(tmp_path):
    environ = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "GOLDENTHREAD_VAR_DIR": str(tmp_path),
    }
    refused = goldenthread({**environ, "USE_OIDC": "1"}, "check")
    assert refused.returncode != 0
    assert "ImproperlyConfigured: USE_OIDC is on: set OIDC_RP_CLIENT_ID" in refused.stderr

    started = goldenthread({**environ, **ENVIRONMENT}, "shell", "-c", STARTED)
    assert started.returncode == 0, started.stderr
    site = json.loads(started.stdout.strip().splitlines()[-1])
    # After the others: django-axes first, then passwords, then council accounts.
    assert site["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert site["backends"][-1] == BACKEND
    assert site["callback"] == "CallbackView"
    assert site["start"] == "oidc_authentication_init"


# The sign-in page --------------------------------------------------------------------------


@pytest.fixture
def single_sign_on(settings):  # type: ignore[no-untyped-def]
    """Settings as USE_OIDC makes them, with this module's addresses and a test signing key."""
    made = oidc_settings(ENVIRONMENT)
    for name, value in made.items():
        if name.isupper() and name != "OIDC_BACKENDS":
            setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, *made["OIDC_BACKENDS"]]
    settings.OIDC_RP_IDP_SIGN_KEY = PUBLIC_KEY  # instead of fetching Entra's keys
    settings.ROOT_URLCONF = __name__
    return settings


@pytest.mark.django_db
def test_the_sign_in_page_has_no_council_account_button_when_single_sign_on_is_off(client):
    page = client.get("/sign-in/")
    assert page.status_code == 200
    assert BUTTON not in page.content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_offers_the_council_account_when_single_sign_on_is_on(
    client, single_sign_on
):
    page = client.get("/sign-in/?next=/indicators/")
    html = page.content.decode()
    assert BUTTON in html
    assert 'href="/oidc/authenticate/?next=/indicators/"' in html
    assert 'name="password"' in html  # passwords still work
    # The button is a link and the identity provider is reached by redirects, which the
    # policy's form-action does not cover: it stays as strict as it was.
    assert "form-action 'self';" in page["Content-Security-Policy"] + ";"


# Signing in ----------------------------------------------------------------------------


def id_token(nonce: str, **claims: Any) -> str:
    now = int(time.time())
    return jwt.encode(
        {
            "iss": f"{TENANT}/v2.0",
            "aud": ENVIRONMENT["OIDC_RP_CLIENT_ID"],
            "sub": "entra-subject",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            **claims,
        },
        KEY,
        algorithm="RS256",
    )


def sign_in_with_council_account(
    client: Client, email: str | None, *, next_page: str = "/indicators/", **token_claims: Any
) -> Any:
    """The whole round trip: to the identity provider and back, as the browser makes it."""
    started = client.get("/oidc/authenticate/", {"next": next_page})
    assert started.status_code == 302
    assert started["Location"].startswith(ENVIRONMENT["OIDC_OP_AUTHORIZATION_ENDPOINT"])
    asked = parse_qs(urlsplit(started["Location"]).query)
    assert asked["redirect_uri"] == ["http://testserver/oidc/callback/"]
    tokens = mock.Mock(status_code=200)
    tokens.json.return_value = {
        "id_token": id_token(asked["nonce"][0], **token_claims),
        "access_token": "an-access-token",
    }
    user_info = mock.Mock(headers={"content-type": "application/json"})
    user_info.json.return_value = {"sub": "entra-subject"} | ({"email": email} if email else {})
    with (
        mock.patch("mozilla_django_oidc.auth.requests.post", return_value=tokens) as post,
        mock.patch("mozilla_django_oidc.auth.requests.get", return_value=user_info),
    ):
        back = client.get("/oidc/callback/", {"code": "a-code", "state": asked["state"][0]})
    # Not asked at all when django-axes turned the sign-in away.
    assert post.called, "the identity provider's token endpoint was never asked"
    assert post.call_args.kwargs["data"]["client_secret"] == ENVIRONMENT["OIDC_RP_CLIENT_SECRET"]
    return back


def signed_in_as(client: Client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


@pytest.mark.django_db
def test_a_council_account_signs_in_the_person_with_its_email_in_any_case(
    client, single_sign_on, person
):
    lead = person("performance.lead")
    roles = sorted(RoleAssignment.objects.filter(user=lead).values_list("role", flat=True))
    people = User.objects.count()

    back = sign_in_with_council_account(client, lead.email.upper())

    assert back.status_code == 302
    assert back["Location"] == "/indicators/"
    assert signed_in_as(client) == lead
    assert User.objects.count() == people
    assert sorted(RoleAssignment.objects.filter(user=lead).values_list("role", flat=True)) == roles


@pytest.mark.django_db
@pytest.mark.parametrize("email", ["someone.new@wyvernvale.example", None])
def test_an_unknown_council_account_is_refused_and_no_one_is_created(client, single_sign_on, email):
    people, roles = User.objects.count(), RoleAssignment.objects.count()

    back = sign_in_with_council_account(client, email)

    assert back.status_code == 302
    assert back["Location"] == "/sign-in/"
    assert signed_in_as(client) is None
    assert User.objects.count() == people
    assert RoleAssignment.objects.count() == roles
    page = client.get(back["Location"]).content.decode()
    assert "You could not be signed in with your council account" in page


@pytest.mark.django_db
def test_the_backend_never_creates_a_user_even_if_the_setting_says_so(single_sign_on, settings):
    settings.OIDC_CREATE_USER = True
    backend = CouncilAccountBackend()
    people = User.objects.count()
    with mock.patch.object(backend, "get_userinfo", return_value={"email": "new@example.org"}):
        assert backend.get_or_create_user("access", "id", {}) is None
    assert backend.create_user({"email": "new@example.org"}) is None
    assert User.objects.count() == people


@pytest.mark.django_db
def test_the_backend_matches_by_email_ignoring_case_and_changes_no_one(single_sign_on, person):
    lead = person("performance.lead")
    backend = CouncilAccountBackend()
    claims = {"email": f"  {lead.email.title()} ", "given_name": "Someone", "family_name": "Else"}
    assert list(backend.filter_users_by_claims(claims)) == [lead]
    assert backend.update_user(lead, claims) is lead
    lead.refresh_from_db()
    assert (lead.first_name, lead.last_name) != ("Someone", "Else")
    assert list(backend.filter_users_by_claims({"email": "nobody@example.org"})) == []
    assert list(backend.filter_users_by_claims({})) == []


@pytest.mark.django_db
def test_a_deactivated_person_or_an_email_two_people_share_is_refused(
    client, single_sign_on, person
):
    lead = person("performance.lead")
    User.objects.filter(pk=lead.pk).update(is_active=False)
    assert signed_in_as_after(client, lead.email) is None

    User.objects.filter(pk=lead.pk).update(is_active=True)
    other = person("head.housing")
    User.objects.filter(pk=other.pk).update(email=lead.email.upper())
    assert signed_in_as_after(client, lead.email) is None


def signed_in_as_after(client: Client, email: str) -> User | None:
    back = sign_in_with_council_account(client, email)
    assert back["Location"] == "/sign-in/"
    return signed_in_as(client)


@pytest.mark.django_db
def test_a_token_issued_to_another_application_is_refused(client, single_sign_on, person):
    lead = person("performance.lead")
    with pytest.raises(SuspiciousOperation):
        CouncilAccountBackend().verify_token(id_token("n", aud="another-app"), nonce="n")
    back = sign_in_with_council_account(client, lead.email, aud="another-app")
    assert back.status_code == 400
    assert signed_in_as(client) is None


@pytest.mark.django_db
def test_refused_council_accounts_do_not_lock_out_the_network_address(
    client, single_sign_on, person, settings
):
    """django-axes counts failed sign-ins by username and address; a council account has no
    username, so without care a few refusals would lock everyone at that address out."""
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in_with_council_account(client, "someone.new@wyvernvale.example")
    lead = person("performance.lead")
    back = sign_in_with_council_account(client, lead.email)
    assert back["Location"] == "/indicators/"
    assert signed_in_as(client) == lead
