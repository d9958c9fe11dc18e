"""The API's web pages: its documentation, drawn from the OpenAPI schema, and each person's
API tokens under their account."""

from functools import cache

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View
from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator

from goldenthread.api import selectors, services
from goldenthread.api.forms import TokenForm
from goldenthread.api.models import ApiToken
from goldenthread.api.problems import SLUGS, TITLES

METHODS = ("get", "post", "put", "patch", "delete")


@cache
def schema() -> dict:
    """The OpenAPI schema, generated once per process (it changes only with the code)."""
    return SchemaGenerator().get_schema(request=None, public=True)


def endpoint_groups() -> list[dict]:
    """The schema's operations grouped by their first path segment, for the docs page."""
    groups: dict[str, list[dict]] = {}
    for path, operations in schema()["paths"].items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["other"])[0]
            body = operation.get("requestBody", {}).get("content", {})
            groups.setdefault(tag, []).append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary") or operation.get("description", ""),
                    "description": operation.get("description", "")
                    if operation.get("summary")
                    else "",
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p["in"],
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "body": _schema_name(body.get("application/json", {}).get("schema", {})),
                    "statuses": sorted(s for s in operation["responses"] if s != "default"),
                }
            )
    return [{"tag": tag, "operations": ops} for tag, ops in sorted(groups.items())]


def _schema_name(reference: dict) -> str:
    return reference.get("$ref", "").rsplit("/", 1)[-1]


class DocsView(TemplateView):
    template_name = "api/docs.html"

    def get_context_data(self, **kwargs) -> dict:  # type: ignore[no-untyped-def]
        return {
            **super().get_context_data(**kwargs),
            "groups": endpoint_groups(),
            "info": schema()["info"],
            "problems": [
                {"slug": slug, "status": status, "title": TITLES[status]}
                for status, slug in sorted(SLUGS.items())
            ],
            "breadcrumbs": [{"text": "Home", "href": "/"}],
        }


class TokenListView(LoginRequiredMixin, TemplateView):
    template_name = "api/tokens.html"

    def get_context_data(self, **kwargs) -> dict:  # type: ignore[no-untyped-def]
        return {
            **super().get_context_data(**kwargs),
            "tokens": selectors.tokens_for(self.request.user),
        }


class TokenCreateView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return self.page(request, TokenForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = TokenForm(request.POST)
        if form.is_valid():
            try:
                token, key = services.token_create(
                    user=request.user,  # type: ignore[arg-type]
                    name=form.cleaned_data["name"],
                    scope=form.cleaned_data["scope"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # Shown once: only its hash is kept.
                return render(request, "api/token_created.html", {"token": token, "key": key})
        return self.page(request, form)

    def page(self, request: HttpRequest, form: TokenForm) -> HttpResponse:
        return render(
            request,
            "form_page.html",
            {"form": form, "heading": "Make an API token", "submit_label": "Make token"},
        )


class TokenRevokeView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        services.token_revoke(token=token, user=request.user)  # type: ignore[arg-type]
        messages.success(request, f"The token “{token.name}” has been revoked; it no longer works.")
        return redirect("api:tokens")
