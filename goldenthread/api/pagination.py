"""Cursor pages and the `ordering` parameter.

A page's cursor holds the values, in the list's ordering, of the last row it gave (or the
first, going back). The ordering always ends with the primary key, so those values name one
row, and the next page starts exactly after it: no row is given twice or missed, however
many rows share a value and whatever changes between requests. Any field may be ordered
on, including a related one (`period__start_date`) and one that may be empty (empty values
come last, or first in reverse).
"""

import json
from base64 import b64decode, b64encode
from datetime import date, datetime
from decimal import Decimal
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlencode
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Field, Model, Q, QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import Cursor as Position
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.utils.urls import remove_query_param, replace_query_param


class Key(NamedTuple):
    path: str  # a field, or a related one: period__start_date
    descending: bool
    field: Field
    nullable: bool  # the field, or a relation on the way to it, may be empty


class Ordering(OrderingFilter):
    """`ordering` on the fields the view offers (none unless it names them); the schema
    lists each field and its reverse."""

    def get_schema_operation_parameters(self, view) -> list[dict]:  # type: ignore[no-untyped-def]
        offered = getattr(view, "ordering_fields", None) or []
        if not offered:
            return []
        [parameter] = super().get_schema_operation_parameters(view)
        parameter["schema"]["enum"] = [f"{sign}{name}" for name in offered for sign in ("", "-")]
        parameter["description"] = (
            "Sort by this field; put - in front to reverse it. Another value is ignored."
        )
        return [parameter]


def _key(model: type[Model], term: str) -> Key:
    path = term.lstrip("-")
    names = path.split("__")
    nullable = False
    for name in names[:-1]:
        relation = model._meta.get_field(name)
        nullable = nullable or relation.null
        model = relation.related_model  # type: ignore[assignment]
    field = model._meta.pk if names[-1] == "pk" else model._meta.get_field(names[-1])
    if field.primary_key and len(names) == 1:
        path = "pk"
    return Key(path, term.startswith("-"), field, nullable or field.null)  # type: ignore[arg-type]


def _value_of(instance: Model, path: str) -> Any:
    value: Any = instance
    for name in path.split("__"):
        value = getattr(value, name, None)
        if value is None:
            return None
    return value


def _to_json(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, Model):
        return value.pk
    return value


class Cursor(CursorPagination):
    """Stable pages however the data changes between requests; `?page_size=` up to 500."""

    ordering = "pk"
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset: QuerySet, request: Request, view=None) -> list | None:  # type: ignore[no-untyped-def,override]
        self.request = request
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.base_url = request.build_absolute_uri()
        self.keys = self._keys(queryset, request, view)
        self.ordering = tuple(f"-{key.path}" if key.descending else key.path for key in self.keys)
        self.cursor = self.decode_cursor(request)
        reverse = bool(self.cursor and self.cursor.reverse)
        after = self.cursor.position if self.cursor else None

        queryset = queryset.order_by(*self._order_by(reverse))
        if after is not None:
            queryset = queryset.filter(self._after(after, reverse))
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse:
            self.page.reverse()
            self.has_next, self.has_previous = after is not None, more
        else:
            self.has_next, self.has_previous = more, after is not None
        return self.page

    # The ordering ---------------------------------------------------------------------------

    def _keys(self, queryset: QuerySet, request: Request, view) -> list[Key]:  # type: ignore[no-untyped-def]
        ordering: Any = None
        for backend in getattr(view, "filter_backends", []):
            if hasattr(backend, "get_ordering"):
                ordering = backend().get_ordering(request, queryset, view)
                break
        ordering = ordering or self.ordering
        if isinstance(ordering, str):
            ordering = [ordering]
        keys: list[Key] = []
        for term in ordering:
            try:
                key = _key(queryset.model, term)
            except (FieldDoesNotExist, AttributeError):
                continue
            if key.path not in {known.path for known in keys}:
                keys.append(key)
        if not any(key.path == "pk" for key in keys):
            # The tiebreaker: with it, a row's values in the ordering are its own.
            descending = keys[0].descending if keys else False
            keys.append(Key("pk", descending, queryset.model._meta.pk, False))  # type: ignore[arg-type]
        return keys

    def _order_by(self, reverse: bool) -> list:
        terms = []
        for path, desc, _, _ in self.keys:
            if desc != reverse:
                terms.append(F(path).desc(nulls_first=True))
            else:
                terms.append(F(path).asc(nulls_last=True))
        return terms

    def _after(self, position: list, reverse: bool) -> Q:
        """Rows after this position in the ordering (before it, going back): a later first
        value, or the same first value and a later second, and so on."""
        after = Q(pk__in=[])
        same = Q()
        for (path, desc, _, nullable), value in zip(self.keys, position, strict=True):
            descending = desc != reverse
            if value is None:
                # Empty values come last going up, first going down.
                later = Q(**{f"{path}__isnull": False}) if descending else Q(pk__in=[])
                equal = Q(**{f"{path}__isnull": True})
            else:
                later = Q(**{f"{path}__lt" if descending else f"{path}__gt": value})
                if nullable and not descending:
                    later |= Q(**{f"{path}__isnull": True})
                equal = Q(**{path: value})
            after |= same & later
            same &= equal
        return after

    def _position(self, instance: Model) -> list:
        return [_to_json(_value_of(instance, key.path)) for key in self.keys]

    # The cursor -----------------------------------------------------------------------------

    def decode_cursor(self, request: Request) -> Position | None:
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None
        try:
            tokens = parse_qs(b64decode(encoded.encode("ascii")).decode("ascii"))
            position = json.loads(tokens["p"][0]) if "p" in tokens else None
            if position is not None:
                if not isinstance(position, list) or len(position) != len(self.keys):
                    raise ValueError("A position gives a value for each field of the ordering.")
                position = [
                    None if value is None else key.field.to_python(value)
                    for key, value in zip(self.keys, position, strict=True)
                ]
            return Position(offset=0, reverse=tokens.get("r") == ["1"], position=position)
        except (ValueError, TypeError, ValidationError, UnicodeError) as error:
            raise NotFound(self.invalid_cursor_message) from error

    def encode_cursor(self, cursor: Position) -> str:
        tokens = {}
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            tokens["p"] = json.dumps(cursor.position, separators=(",", ":"))
        encoded = b64encode(urlencode(tokens).encode("ascii")).decode("ascii")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        if not self.page:  # nothing before the position: the next page is the first
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self.encode_cursor(Position(0, False, self._position(self.page[-1])))

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        # With no rows after the position, the page before is the last one.
        position = self._position(self.page[0]) if self.page else None
        return self.encode_cursor(Position(0, True, position))
