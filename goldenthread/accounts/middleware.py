from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

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


class RefuseNulCharacters:
    """Answers 400, naming the parameter, for a web address whose query holds a NUL character.

    PostgreSQL cannot hold one, so a page filtering by it would fail with a server error.
    The API refuses these itself, in its own problem format (goldenthread.api.views.Scoped).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            refused = sorted(
                name
                for name, values in request.GET.lists()
                if "\x00" in name or any("\x00" in value for value in values)
            )
            if refused:
                context = {"parameters": [name.replace("\x00", "") for name in refused]}
                return render(request, "400.html", context, status=400)
        return self.get_response(request)
