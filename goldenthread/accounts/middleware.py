from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from goldenthread.accounts.selectors import organisation_default


class OrganisationMiddleware:
    """Sets request.organisation: the signed-in person's own, else the site's public one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        organisation = getattr(user, "organisation", None) if user.is_authenticated else None
        request.organisation = organisation or organisation_default()  # type: ignore[attr-defined]
        return self.get_response(request)
