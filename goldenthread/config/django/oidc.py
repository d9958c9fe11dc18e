"""Single sign-on with OpenID Connect, for councils on Microsoft Entra ID: off unless USE_OIDC
is set. Imported at the end of base.py, so every environment has it; not a settings module
of its own.

When it is on, the client's credentials and the identity provider's endpoints come from
the environment, and start-up fails if one is missing. A person signs in with their council
account only if Golden Thread already has an active person with the email address the
identity provider gives (goldenthread.accounts.oidc): no one is created and no role given,
because roles are given in Golden Thread by performance admins. Passwords keep working.
See "Single sign-on with Microsoft Entra ID" in docs/deployment.md.

The content security policy needs nothing more: the sign-in button is a link, and the
redirects to and from the identity provider are top-level navigations, not form posts, so
`form-action 'self'` does not apply to them.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse_lazy

from goldenthread.config import env

_ENDPOINTS = (
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
)
_REQUIRED = ("OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", *_ENDPOINTS)
# Entra's shared endpoints take accounts from any organisation's directory and personal
# Microsoft accounts: matched by email, anyone who could put a council address on such an
# account would sign in as that person. Only the council's own tenant will do.
_SHARED_TENANTS = {"common", "organizations", "consumers"}
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


def _from_environment() -> dict[str, str]:
    """The required values, each checked; ImproperlyConfigured names what is wrong."""
    values = {name: env.get(name).strip() for name in _REQUIRED}
    missing = [name for name, value in values.items() if not value]
    if missing:
        raise ImproperlyConfigured(
            f"USE_OIDC is on: set {', '.join(missing)} (see docs/deployment.md, "
            "“Single sign-on with Microsoft Entra ID”)."
        )
    for name in _ENDPOINTS:
        address = urlsplit(values[name])
        if address.scheme != "https" and not (
            address.scheme == "http" and address.hostname in _LOOPBACK
        ):
            raise ImproperlyConfigured(f"{name} must be an https:// address.")
        tenant = address.path.strip("/").split("/", 1)[0]
        if address.hostname == "login.microsoftonline.com" and tenant.lower() in _SHARED_TENANTS:
            raise ImproperlyConfigured(
                f"{name} uses Entra's shared “{tenant}” endpoint: use the council's own tenant "
                "ID, as the app registration's Endpoints page shows."
            )
    return values


USE_OIDC = env.flag("USE_OIDC")

# Added after the password backends in AUTHENTICATION_BACKENDS (base.py); none when off.
OIDC_BACKENDS: list[str] = []

if USE_OIDC:
    _values = _from_environment()
    OIDC_RP_CLIENT_ID = _values["OIDC_RP_CLIENT_ID"]
    OIDC_RP_CLIENT_SECRET = _values["OIDC_RP_CLIENT_SECRET"]
    OIDC_OP_AUTHORIZATION_ENDPOINT = _values["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    OIDC_OP_TOKEN_ENDPOINT = _values["OIDC_OP_TOKEN_ENDPOINT"]
    OIDC_OP_USER_ENDPOINT = _values["OIDC_OP_USER_ENDPOINT"]
    OIDC_OP_JWKS_ENDPOINT = _values["OIDC_OP_JWKS_ENDPOINT"]
    OIDC_RP_SIGN_ALGO = "RS256"
    OIDC_RP_SCOPES = "openid email"
    OIDC_USE_PKCE = True
    OIDC_TIMEOUT = 10  # seconds for each call to the identity provider
    OIDC_CREATE_USER = False  # and the backend refuses to, whatever this says
    OIDC_CALLBACK_CLASS = "goldenthread.accounts.oidc.CallbackView"
    LOGIN_REDIRECT_URL_FAILURE = reverse_lazy("accounts:login")
    # A refused council account is no password guess: django-axes would count it against
    # the network address alone and soon lock out everyone behind the council's network.
    AXES_WHITELIST_CALLABLE = "goldenthread.accounts.oidc.not_a_password_attempt"
    OIDC_BACKENDS = ["goldenthread.accounts.oidc.CouncilAccountBackend"]
