"""Errors as RFC 9457 problem details (application/problem+json):
{type, title, status, detail, errors: [{field, reason} or {index, field, reason}]}."""

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

# Each type is explained on the API documentation page; these are every status the API sends.
PROBLEM_TYPE = "/api/docs/#problem-"
MEDIA_TYPE = "application/problem+json"

TITLES = {
    400: "The request has problems",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    412: "Changed since you read it",
    415: "Unsupported media type",
    422: "Some rows have problems",
    500: "Server error",
}
SLUGS = {
    400: "invalid",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    409: "conflict",
    412: "stale",
    415: "unsupported-media-type",
    422: "rows-invalid",
    500: "server-error",
}
SERVER_ERROR = (
    "Something went wrong on our side and the request could not be completed. Try again "
    "later; if it keeps happening, tell your Golden Thread administrator."
)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with the current state of the resource."


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone changed this since you read it; read it again and re-apply."


class RowErrors(exceptions.APIException):
    """A bulk request with problems in some rows: nothing was saved."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY

    def __init__(self, errors: list[dict[str, Any]], total: int) -> None:
        rows = len({error["index"] for error in errors})
        super().__init__(
            f"{rows} of {total} rows have problems; nothing was saved. Correct them and send "
            "the whole request again."
        )
        self.errors = errors


def field_errors(error: ValidationError) -> list[dict[str, str]]:
    """A Django ValidationError as [{field, reason}], the field "" when it is not one field's."""
    if hasattr(error, "error_dict"):
        return [
            {"field": "" if name == NON_FIELD_ERRORS else name, "reason": message}
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"field": "", "reason": message} for message in error.messages]


def _flatten(detail: Any, field: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail as [{field, reason}] with dotted field paths."""
    if isinstance(detail, dict):
        found = []
        for name, value in detail.items():
            name = "" if name in ("non_field_errors", NON_FIELD_ERRORS) else str(name)
            found += _flatten(value, f"{field}.{name}" if field and name else field or name)
        return found
    if isinstance(detail, list):
        found = []
        for position, value in enumerate(detail):
            nested = isinstance(value, dict | list)
            found += _flatten(value, f"{field}.{position}" if nested else field)
        return found
    return [{"field": field, "reason": str(detail)}]


def problem(status_code: int, detail: str, errors: list[dict[str, Any]] | None = None) -> Response:
    body = {
        "type": PROBLEM_TYPE + SLUGS.get(status_code, "error"),
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
        "errors": errors or [],
    }
    return Response(body, status=status_code, content_type=MEDIA_TYPE)


def problem_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ValidationError):
        errors = field_errors(exc)
        return problem(400, errors[0]["reason"] if len(errors) == 1 else "See errors.", errors)
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, RowErrors):
        errors, detail = exc.errors, str(exc.detail)
    elif isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        detail = errors[0]["reason"] if len(errors) == 1 else "See errors."
    else:
        errors, detail = [], str(exc.detail) if hasattr(exc, "detail") else str(exc)
    result = problem(response.status_code, detail, errors)
    for name in ("WWW-Authenticate", "Retry-After", "Allow"):
        if name in response:
            result[name] = response[name]
    return result


def server_error(request: HttpRequest) -> HttpResponse:
    """Django's handler500. Under /api/ an unhandled exception is a problem document, with
    nothing of what went wrong (Django has logged that); elsewhere it is the web page."""
    if not request.path_info.startswith("/api/"):
        return defaults.server_error(request)
    return problem_document(500, SERVER_ERROR)


def problem_document(status_code: int, detail: str) -> JsonResponse:
    """A problem answered outside DRF's views, with no errors of fields."""
    body = {
        "type": PROBLEM_TYPE + SLUGS[status_code],
        "title": TITLES[status_code],
        "status": status_code,
        "detail": detail,
        "errors": [],
    }
    return JsonResponse(body, status=status_code, content_type=MEDIA_TYPE)
