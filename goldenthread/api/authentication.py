"""Token authentication: `Authorization: Bearer gt_…`. Sessions work too, for the browser."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from goldenthread.api import selectors, services


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):  # type: ignore[no-untyped-def]
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Send the header as: Authorization: Bearer KEY.")
        try:
            key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed("The token is not valid.") from error
        token = selectors.token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("The token is not valid or has been revoked.")
        services.token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request) -> str:  # type: ignore[no-untyped-def]
        # Makes DRF answer 401 (not 403) to a request with no credentials.
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "goldenthread.api.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):  # type: ignore[no-untyped-def]
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token. Make one on the web: sign in and select "
            "API tokens, next to your name at the top of every page (/account/api-tokens/).",
        }
