"""Who may call the API. Reading needs membership of the organisation (as on the web);
writing needs a read-write token (or a browser session), and then the same rules in
accounts.permissions that the services apply to the web forms."""

from rest_framework import permissions as drf
from rest_framework.request import Request

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation
from goldenthread.accounts.selectors import organisation_default
from goldenthread.api.models import ApiToken


def organisation_of(request: Request) -> Organisation | None:
    """The caller's organisation: every API read is scoped to it."""
    user = request.user
    if not user.is_authenticated:
        return None
    if user.organisation_id is None and user.is_superuser:
        return organisation_default()
    return user.organisation


class ApiAccess(drf.BasePermission):
    message = "Sign in, or send an API token, to read this organisation's information."

    def has_permission(self, request: Request, view) -> bool:  # type: ignore[no-untyped-def]
        if not request.user.is_authenticated:
            return False
        if not permissions.can_view(request.user, organisation_of(request)):
            self.message = "Your account does not belong to an organisation using Golden Thread."
            return False
        token = request.auth
        writing = request.method not in drf.SAFE_METHODS
        if writing and isinstance(token, ApiToken) and not token.can_write:
            self.message = "This token is read only; make a read and write token to change data."
            return False
        return True
