"""Signing in with a council account (OpenID Connect, Microsoft Entra ID), when USE_OIDC is on.

The identity provider vouches for who someone is; Golden Thread decides whether they may
come in and what they may do. So a council account is let in only when it names, by email
address (in any case), exactly one active person already in Golden Thread, and it changes
nothing about them: no one is created, no name or role copied from the identity provider.
A performance admin adds people and gives them roles, as before.
"""

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

from goldenthread.accounts.models import User

logger = logging.getLogger(__name__)

REFUSED = (
    "You could not be signed in with your council account. Golden Thread lets in only the "
    "people your performance team has added, by the email address your council gives them: "
    "ask them to add you, or sign in with your username and password."
)


def claimed_email(claims: dict[str, Any]) -> str:
    email = claims.get("email")
    return email.strip() if isinstance(email, str) else ""


class CouncilAccountBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Matches the identity provider's email address to an existing person; never creates
    or changes anyone."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return "@" in claimed_email(claims)

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = claimed_email(claims)
        if not email:
            return User.objects.none()
        return User.objects.filter(email__iexact=email, is_active=True)

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        user = super().get_or_create_user(access_token, id_token, payload)
        if user is None:
            logger.info("Council account refused: no active person has its email address.")
        return user

    def create_user(self, claims: dict[str, Any]) -> None:
        """Never: people are added, and given roles, in Golden Thread."""
        return None

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """The person as they are: nothing from the identity provider is copied over."""
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The token's signature and nonce (the library), and that it was issued to us."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud") or []
        audiences = [audience] if isinstance(audience, str) else list(audience)
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The token was issued to another application.")
        return payload


class CallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """Back from the identity provider: a refusal says why, on the sign-in page."""

    def login_failure(self) -> HttpResponseRedirect:
        messages.error(self.request, REFUSED)
        return HttpResponseRedirect(reverse("accounts:login"))


def not_a_password_attempt(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """For django-axes (AXES_WHITELIST_CALLABLE): the return from the identity provider is
    no password attempt, and has no username to count failures against."""
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and match.url_name == "oidc_authentication_callback"
        and not (credentials or {}).get("username")
    )
