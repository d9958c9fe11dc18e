"""The API's endpoints (/api/v1/). Reads are scoped to the caller's organisation; writes
call the services the web forms call, so the checks, workflow and permissions are the same."""

from dataclasses import fields as dataclass_fields
from datetime import date

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from goldenthread.accounts import permissions
from goldenthread.accounts.models import Organisation, OrgUnit
from goldenthread.accounts.selectors import unit_descendants
from goldenthread.api import serializers as api
from goldenthread.api.access import organisation_of
from goldenthread.api.pagination import Ordering
from goldenthread.api.problems import (
    Conflict,
    PreconditionFailed,
    RowErrors,
    field_errors,
    problem_document,
)
from goldenthread.delivery import selectors as delivery_selectors
from goldenthread.delivery import services as delivery_services
from goldenthread.delivery.models import Action, ActionUpdate, Milestone
from goldenthread.forms import version_token
from goldenthread.indicators import selectors as indicator_selectors
from goldenthread.indicators import services as indicator_services
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.reporting.models import ReportRun
from goldenthread.risks import selectors as risk_selectors
from goldenthread.risks import services as risk_services
from goldenthread.risks.models import Register, Risk, RiskReview
from goldenthread.strategy.models import Objective, Plan, ReportingPeriod, Theme
from goldenthread.strategy.selectors import golden_thread_for_objective

LARGEST_ID = 2**63 - 1
RETURN_FIELDS = [f.name for f in dataclass_fields(indicator_services.ReturnData)]

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The version (ETag) you read; the write is refused with 412 if it has changed.",
)


def _param(name: str, kind=OpenApiTypes.INT, description: str = "") -> OpenApiParameter:  # type: ignore[no-untyped-def]
    return OpenApiParameter(name, kind, OpenApiParameter.QUERY, description=description)


def int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name, "").strip()
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > LARGEST_ID:
        raise serializers.ValidationError({name: f"“{raw}” is not an id: send a whole number."})
    return int(raw)


def bool_param(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name, "").strip().lower()
    if not raw:
        return None
    if raw not in {"true", "false"}:
        raise serializers.ValidationError({name: "Send true or false."})
    return raw == "true"


def period_named(organisation: Organisation, label: str, field: str = "period") -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(organisation=organisation, label=label.strip()).first()
    if period is None:
        raise serializers.ValidationError(
            {field: f"There is no period “{label}”: use a label such as 2025-Q2 or 2025/26."}
        )
    return period


def check_if_match(request: Request, instance) -> None:  # type: ignore[no-untyped-def]
    """Optimistic concurrency: refuse the write if the row changed since the caller read it."""
    sent = request.headers.get("If-Match", "").strip()
    if not sent or sent == "*":
        return
    wanted = {tag.strip().removeprefix("W/").strip('"') for tag in sent.split(",")}
    if version_token(instance) not in wanted:
        raise PreconditionFailed()


def with_etag(response: Response, instance) -> Response:  # type: ignore[no-untyped-def]
    response["ETag"] = f'"{version_token(instance)}"'
    return response


class Scoped(viewsets.GenericViewSet):
    """Everything the caller's organisation holds, and nothing of any other's."""

    lookup_value_regex = r"\d+"
    filter_backends = [Ordering]
    ordering = ["pk"]
    ordering_fields: list[str] = []  # those a list offers for ?ordering=

    @property
    def organisation(self) -> Organisation:
        return organisation_of(self.request)  # type: ignore[return-value]

    def initial(self, request: Request, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().initial(request, *args, **kwargs)
        # PostgreSQL cannot hold a NUL character, so a filter with one would fail there.
        refused = {
            name: "Must not contain a NUL (0x00) character."
            for name, values in request.query_params.lists()
            if any("\x00" in value for value in values)
        }
        if refused:
            raise serializers.ValidationError(refused)

    def get_object(self):  # type: ignore[no-untyped-def]
        if int(self.kwargs[self.lookup_field]) > LARGEST_ID:
            raise NotFound()
        return super().get_object()

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, Scoped):
    pass


@extend_schema_view(list=extend_schema(summary="Your organisation"))
class OrganisationViewSet(ReadOnly):
    serializer_class = api.OrganisationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Organisation.objects.filter(pk=self.organisation.pk)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("parent", description="Units directly under this one."),
            _param("kind", OpenApiTypes.STR, "directorate, service or team."),
        ]
    )
)
class UnitViewSet(ReadOnly):
    serializer_class = api.UnitSerializer
    ordering_fields = ["name", "kind"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        units = OrgUnit.objects.filter(organisation=self.organisation).select_related("head")
        if (parent := int_param(self.request, "parent")) is not None:
            units = units.filter(parent_id=parent)
        if kind := self.request.query_params.get("kind"):
            units = units.filter(kind=kind)
        return units


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("frequency", OpenApiTypes.STR, "monthly, quarterly, annual or biennial."),
            _param("year", description="The financial year it starts in, for example 2025."),
        ]
    )
)
class PeriodViewSet(ReadOnly):
    serializer_class = api.PeriodSerializer
    ordering_fields = ["start_date", "label"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        periods = ReportingPeriod.objects.filter(organisation=self.organisation)
        if frequency := self.request.query_params.get("frequency"):
            periods = periods.filter(frequency=frequency)
        if (year := int_param(self.request, "year")) is not None:
            periods = periods.filter(year=year)
        return periods


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("kind", OpenApiTypes.STR, "council_plan, service_plan, …"),
            _param("unit", description="Plans of this unit."),
        ]
    )
)
class PlanViewSet(ReadOnly):
    serializer_class = api.PlanSerializer
    ordering_fields = ["title", "start_date"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        plans = Plan.objects.filter(organisation=self.organisation).select_related("owner")
        if kind := self.request.query_params.get("kind"):
            plans = plans.filter(kind=kind)
        if (unit := int_param(self.request, "unit")) is not None:
            plans = plans.filter(org_unit_id=unit)
        return plans


@extend_schema_view(list=extend_schema(parameters=[_param("plan")]))
class ThemeViewSet(ReadOnly):
    serializer_class = api.ThemeSerializer
    ordering_fields = ["order", "title"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        themes = Theme.objects.filter(organisation=self.organisation)
        if (plan := int_param(self.request, "plan")) is not None:
            themes = themes.filter(plan_id=plan)
        return themes


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("plan"),
            _param("theme"),
            _param("unit", description="Objectives of this unit and the units below it."),
        ]
    )
)
class ObjectiveViewSet(ReadOnly):
    ordering_fields = ["code", "title", "due_date"]

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action == "retrieve":
            return api.ObjectiveDetailSerializer
        return api.ObjectiveSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        objectives = (
            Objective.objects.filter(organisation=self.organisation)
            .select_related("owner", "organisation")
            .prefetch_related("links_up")
        )
        if (plan := int_param(self.request, "plan")) is not None:
            objectives = objectives.filter(plan_id=plan)
        if (theme := int_param(self.request, "theme")) is not None:
            objectives = objectives.filter(theme_id=theme)
        if (unit := int_param(self.request, "unit")) is not None:
            units = unit_descendants(self.organisation, unit)
            objectives = objectives.filter(org_unit_id__in=units)
        return objectives

    def retrieve(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        objective = self.get_object()
        objective.thread = golden_thread_for_objective(objective)
        return Response(self.get_serializer(objective).data)


PERIOD = _param(
    "period", OpenApiTypes.STR, "A period label such as 2025-Q2; by default the latest quarter."
)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            PERIOD,
            _param("theme"),
            _param("unit", description="Indicators of this unit and the units below it."),
            _param("rag", OpenApiTypes.STR, "red, amber, green, no_target, no_data, …"),
            _param("basket", OpenApiTypes.BOOL, "true: the corporate basket only."),
            _param("include_unapproved", OpenApiTypes.BOOL, "Count draft and submitted values."),
            _param("search", OpenApiTypes.STR, "Text in the code or title."),
        ]
    ),
    retrieve=extend_schema(parameters=[PERIOD, _param("include_unapproved", OpenApiTypes.BOOL)]),
)
class IndicatorViewSet(ReadOnly):
    """Each indicator with its performance for a period: value, target, RAG, direction of
    travel and SPC judgement, from indicators.selectors.performance_for."""

    ordering_fields = ["code", "title"]

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action == "retrieve":
            return api.IndicatorDetailSerializer
        return api.IndicatorSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        query = self.request.query_params
        indicators = indicator_selectors.indicators_for_organisation(
            self.organisation,
            theme_id=int_param(self.request, "theme"),
            basket=bool_param(self.request, "basket"),
            search=query.get("search", ""),
        ).prefetch_related("objective_links")
        if (unit := int_param(self.request, "unit")) is not None:
            # As on every other list: the unit and the units below it.
            units = unit_descendants(self.organisation, unit)
            indicators = indicators.filter(org_unit_id__in=units)
        if self.action == "retrieve":
            indicators = indicators.prefetch_related("targets__period")
        return indicators

    def period(self) -> ReportingPeriod | None:
        label = self.request.query_params.get("period", "").strip()
        if label:
            return period_named(self.organisation, label)
        return indicator_selectors.period_latest_ended(self.organisation)

    def performances(self, indicators: list[Indicator]) -> dict:
        period = self.period()
        if period is None:
            return {}
        return indicator_selectors.performance_for(
            indicators,
            period,
            include_unapproved=bool(bool_param(self.request, "include_unapproved")),
        )

    def list(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        indicators = self.filter_queryset(self.get_queryset())
        performances = self.performances(list(indicators))
        if rag := request.query_params.get("rag"):
            keep = [pk for pk, p in performances.items() if str(p.rag) == rag]
            indicators = indicators.filter(pk__in=keep)
        page = self.paginate_queryset(indicators)
        context = {**self.get_serializer_context(), "performances": performances}
        data = api.IndicatorSerializer(page, many=True, context=context).data
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        indicator = self.get_object()
        context = {**self.get_serializer_context(), "performances": self.performances([indicator])}
        return Response(api.IndicatorDetailSerializer(indicator, context=context).data)


# Returns ---------------------------------------------------------------------------------


def _return_data(existing: IndicatorReturn | None, changes: dict) -> indicator_services.ReturnData:
    """The return's figures as stored, with the fields sent replacing them."""
    stored = {name: getattr(existing, name) for name in RETURN_FIELDS} if existing else {}
    given = {name: changes[name] for name in RETURN_FIELDS if name in changes}
    return indicator_services.ReturnData(**{**stored, **given})


def _not_open(period: ReportingPeriod, today: date) -> dict[str, str]:
    """The Excel upload's rule: no returns for a period before its return window opens."""
    opens = indicator_selectors.return_window(period.organisation, period).opens
    if opens > today:
        return {
            "period": f"Returns for {period.label} are not open yet: they open on "
            f"{opens.day} {opens:%B %Y}."
        }
    return {}


def _returnable(indicator: Indicator, period: ReportingPeriod, today: date) -> dict[str, str]:
    if indicator.is_calculated:
        return {"indicator": f"{indicator.code} is calculated from its formula; enter its inputs."}
    if period.frequency != indicator.frequency:
        return {
            "period": f"{indicator.code} is reported {indicator.frequency}; "
            f"{period.label} is not a {indicator.frequency} period."
        }
    return _not_open(period, today)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("indicator"),
            PERIOD,
            _param("status", OpenApiTypes.STR, "draft, submitted, approved or locked."),
            _param("unit", description="Returns of indicators of this unit and those below it."),
        ]
    ),
)
class ReturnViewSet(ReadOnly):
    """Indicator returns: save a draft, submit, approve, send back or reopen, as on the web."""

    serializer_class = api.ReturnSerializer
    ordering_fields = ["updated_at", "period__start_date"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        returns = IndicatorReturn.objects.filter(
            indicator__organisation=self.organisation
        ).select_related("indicator__organisation", "period", "submitted_by", "approved_by")
        if (indicator := int_param(self.request, "indicator")) is not None:
            returns = returns.filter(indicator_id=indicator)
        if label := self.request.query_params.get("period", "").strip():
            returns = returns.filter(period=period_named(self.organisation, label))
        if state := self.request.query_params.get("status"):
            returns = returns.filter(status=state)
        if (unit := int_param(self.request, "unit")) is not None:
            units = unit_descendants(self.organisation, unit)
            returns = returns.filter(indicator__org_unit_id__in=units)
        return returns

    def retrieve(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        indicator_return = self.get_object()
        return with_etag(Response(self.get_serializer(indicator_return).data), indicator_return)

    def _respond(self, indicator_return: IndicatorReturn, code: int = 200) -> Response:
        indicator_return.refresh_from_db()
        data = api.ReturnSerializer(indicator_return, context=self.get_serializer_context()).data
        return with_etag(Response(data, status=code), indicator_return)

    def _locked(self) -> IndicatorReturn:
        indicator_return = self.get_object()
        locked = IndicatorReturn.objects.select_for_update().get(pk=indicator_return.pk)
        check_if_match(self.request, locked)
        return locked

    def _to_enter(self) -> IndicatorReturn:
        """The return locked for a change, once its period's returns are open."""
        locked = self._locked()
        if problems := _not_open(locked.period, timezone.localdate()):
            raise serializers.ValidationError(problems)
        return locked

    def _to_decide(self, verb: str) -> IndicatorReturn:
        """The return locked for an approver's decision. Who may decide is checked before the
        body is read, so anyone else is refused rather than told what the body lacks."""
        locked = self._locked()
        if not permissions.can_approve_return(self.request.user, locked.indicator):
            raise PermissionDenied(
                f"Only a head of service or manager over this indicator can {verb} it."
            )
        return locked

    @extend_schema(
        request=api.ReturnCreateSerializer,
        responses={201: api.ReturnSerializer},
        summary="Start a return (and submit it with submit: true)",
    )
    def create(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        body = api.ReturnCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        code = body.validated_data["indicator"]
        indicator = Indicator.objects.filter(organisation=self.organisation, code=code).first()
        if indicator is None:
            raise serializers.ValidationError({"indicator": f"No indicator has the code “{code}”."})
        period = period_named(self.organisation, body.validated_data["period"])
        if problems := _returnable(indicator, period, timezone.localdate()):
            raise serializers.ValidationError(problems)
        existing = IndicatorReturn.objects.filter(indicator=indicator, period=period).first()
        if existing is not None:
            raise Conflict(
                f"{indicator.code} already has a return for {period.label} (id {existing.pk}); "
                f"change it with PATCH /api/v1/returns/{existing.pk}/."
            )
        with transaction.atomic():
            saved = indicator_services.return_save(
                indicator_return=IndicatorReturn(indicator=indicator, period=period),
                data=_return_data(None, body.validated_data),
                user=request.user,
                submit=body.validated_data["submit"],
            )
        return self._respond(saved, status.HTTP_201_CREATED)

    @extend_schema(
        request=api.ReturnInputSerializer,
        responses={200: api.ReturnSerializer},
        parameters=[IF_MATCH],
        summary="Change a draft return (and submit it with submit: true)",
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        body = api.ReturnInputSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            locked = self._to_enter()
            saved = indicator_services.return_save(
                indicator_return=locked,
                data=_return_data(locked, body.validated_data),
                user=request.user,
                submit=body.validated_data.get("submit", False),
            )
        return self._respond(saved)

    @extend_schema(request=None, responses={200: api.ReturnSerializer}, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        with transaction.atomic():
            locked = self._to_enter()
            saved = indicator_services.return_save(
                indicator_return=locked,
                data=_return_data(locked, {}),
                user=request.user,
                submit=True,
            )
        return self._respond(saved)

    @extend_schema(request=None, responses={200: api.ReturnSerializer}, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        with transaction.atomic():
            saved = indicator_services.return_approve(
                indicator_return=self._locked(), user=request.user
            )
        return self._respond(saved)

    @extend_schema(
        request=api.ReasonSerializer, responses={200: api.ReturnSerializer}, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str) -> Response:
        with transaction.atomic():
            locked = self._to_decide("send back")
            body = api.ReasonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            saved = indicator_services.return_send_back(
                indicator_return=locked, user=request.user, reason=body.validated_data["reason"]
            )
        return self._respond(saved)

    @extend_schema(
        request=api.ReasonSerializer, responses={200: api.ReturnSerializer}, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: str) -> Response:
        with transaction.atomic():
            locked = self._to_decide("reopen")
            body = api.ReasonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            saved = indicator_services.return_reopen(
                indicator_return=locked, user=request.user, reason=body.validated_data["reason"]
            )
        return self._respond(saved)

    @extend_schema(
        request=api.BulkReturnsSerializer,
        responses={200: api.BulkResultSerializer},
        summary="Save (and submit) many returns at once: all or nothing",
        description="Each row goes through the same checks as the web form. If any row has a "
        "problem nothing is saved, and the 422 response lists every problem as "
        "{index, field, reason}.",
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request) -> Response:
        body = api.BulkReturnsSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        rows = body.validated_data["returns"]
        result = ReturnsLoad(self.organisation, request.user).load(rows)
        return Response(result)


class ReturnsLoad:
    """Many returns saved through return_save in one transaction; any row's problem undoes
    them all, and every problem is reported with its row's index."""

    def __init__(self, organisation: Organisation, user) -> None:  # type: ignore[no-untyped-def]
        self.organisation = organisation
        self.user = user
        self.errors: list[dict] = []
        self.counts = {"rows": 0, "created": 0, "updated": 0, "submitted": 0, "unchanged": 0}

    def fail(self, index: int, field: str, reason: str) -> None:
        self.errors.append({"index": index, "field": field, "reason": reason})

    def load(self, rows: list[dict]) -> dict:
        indicators = {
            i.code: i
            for i in Indicator.objects.filter(organisation=self.organisation).select_related(
                "organisation", "org_unit"
            )
        }
        periods = {
            p.label: p for p in ReportingPeriod.objects.filter(organisation=self.organisation)
        }
        today = timezone.localdate()
        checked = []
        seen: dict[tuple[int, int], int] = {}
        for index, row in enumerate(rows):
            body = api.ReturnCreateSerializer(data=row)
            if not body.is_valid():
                for error in _flat(body.errors):
                    self.fail(index, error["field"], error["reason"])
                continue
            code, label = body.validated_data["indicator"], body.validated_data["period"]
            indicator, period = indicators.get(code), periods.get(label.strip())
            if indicator is None:
                self.fail(index, "indicator", f"No indicator has the code “{code}”.")
                continue
            if period is None:
                self.fail(index, "period", f"There is no period “{label}”.")
                continue
            if problems := _returnable(indicator, period, today):
                for field, reason in problems.items():
                    self.fail(index, field, reason)
                continue
            key = (indicator.pk, period.pk)
            if key in seen:
                # Each return once: a second row for it is a problem, and is not saved.
                self.fail(index, "period", f"{code} {label} is also in row {seen[key]}.")
                continue
            seen[key] = index
            checked.append((index, row, body.validated_data, indicator, period))
        by_id = {indicator.pk: indicator for indicator in indicators.values()}
        existing = {
            (r.indicator_id, r.period_id): r
            for r in IndicatorReturn.objects.filter(
                indicator__organisation=self.organisation,
                period_id__in={period.pk for *_, period in checked},
                indicator_id__in={indicator.pk for *_, indicator, _ in checked},
            )
        }
        for stored in existing.values():
            stored.indicator = by_id[stored.indicator_id]  # already has its organisation
        self.counts["rows"] = len(rows)
        with transaction.atomic():
            for index, row, valid, indicator, period in checked:
                self._save(index, row, valid, indicator, period, existing)
            if self.errors:
                raise RowErrors(sorted(self.errors, key=lambda e: e["index"]), len(rows))
        return self.counts

    def _save(self, index, row, valid, indicator, period, existing) -> None:  # type: ignore[no-untyped-def]
        stored = existing.get((indicator.pk, period.pk))
        data = _return_data(stored, {name: valid[name] for name in RETURN_FIELDS if name in row})
        submit = valid["submit"]
        unchanged = stored is not None and data == _return_data(stored, {})
        if unchanged and (not submit or stored.status != IndicatorReturn.Status.DRAFT):
            self.counts["unchanged"] += 1  # sending the same figures again changes nothing
            return
        try:
            indicator_services.return_save(
                indicator_return=stored or IndicatorReturn(indicator=indicator, period=period),
                data=data,
                user=self.user,
                submit=submit,
            )
        except DjangoValidationError as error:
            for problem in field_errors(error):
                self.fail(index, problem["field"], problem["reason"])
            return
        except PermissionDenied as error:
            self.fail(index, "indicator", str(error))
            return
        self.counts["updated" if stored else "created"] += 1
        if submit:
            self.counts["submitted"] += 1


def _flat(errors: dict) -> list[dict[str, str]]:
    return [
        {"field": name, "reason": str(message)}
        for name, messages in errors.items()
        for message in (messages if isinstance(messages, list) else [messages])
    ]


# Delivery --------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("plan"),
            _param("theme"),
            _param("unit", description="Actions of this unit and the units below it."),
            _param("status", OpenApiTypes.STR, "on_track, at_risk, off_track, overdue, …"),
            _param("search", OpenApiTypes.STR, "Text in the code or title."),
        ]
    )
)
class ActionViewSet(ReadOnly):
    serializer_class = api.ActionSerializer
    ordering_fields = ["code", "due_date"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        actions = delivery_selectors.actions_for_organisation(
            self.organisation,
            plan_id=int_param(self.request, "plan"),
            theme_id=int_param(self.request, "theme"),
            unit_id=int_param(self.request, "unit"),
            search=self.request.query_params.get("search", ""),
        ).prefetch_related("objective_links")
        if wanted := self.request.query_params.get("status"):
            today = timezone.localdate()
            keep = [a.pk for a in actions if str(a.status_on(today)) == wanted]
            actions = actions.filter(pk__in=keep)
        return actions


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("action"),
            PERIOD,
            _param("status", OpenApiTypes.STR, "draft, submitted or approved."),
        ]
    )
)
class ActionUpdateViewSet(ReadOnly):
    """Quarterly action updates: save a draft, submit, approve or send back, as on the web."""

    serializer_class = api.ActionUpdateSerializer
    ordering_fields = ["updated_at"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        updates = (
            ActionUpdate.objects.filter(action__organisation=self.organisation)
            .select_related("action__organisation", "period", "submitted_by", "approved_by")
            .prefetch_related("milestones_completed")
        )
        if (action_id := int_param(self.request, "action")) is not None:
            updates = updates.filter(action_id=action_id)
        if label := self.request.query_params.get("period", "").strip():
            updates = updates.filter(period=period_named(self.organisation, label))
        if state := self.request.query_params.get("status"):
            updates = updates.filter(status=state)
        return updates

    def retrieve(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        update = self.get_object()
        return with_etag(Response(self.get_serializer(update).data), update)

    def _respond(self, update: ActionUpdate, code: int = 200) -> Response:
        update = self.get_queryset().get(pk=update.pk)
        data = api.ActionUpdateSerializer(update, context=self.get_serializer_context()).data
        return with_etag(Response(data, status=code), update)

    def _locked(self) -> ActionUpdate:
        update = self.get_object()
        locked = (
            ActionUpdate.objects.select_for_update()
            .select_related("action__organisation", "period")
            .get(pk=update.pk)
        )
        check_if_match(self.request, locked)
        return locked

    def _data(self, action: Action, valid: dict) -> delivery_services.UpdateData:
        wanted = set(valid.get("milestones_completed", []))
        milestones = list(Milestone.objects.filter(action=action, pk__in=wanted))
        if len(milestones) != len(wanted):
            raise serializers.ValidationError(
                {"milestones_completed": "Choose milestones of this action."}
            )
        return delivery_services.UpdateData(
            progress=valid.get("progress"),
            commentary=valid.get("commentary", ""),
            next_steps=valid.get("next_steps", ""),
            milestones_completed=milestones,
        )

    @extend_schema(
        request=api.ActionUpdateCreateSerializer, responses={201: api.ActionUpdateSerializer}
    )
    def create(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        body = api.ActionUpdateCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        valid = body.validated_data
        action_ = Action.objects.filter(organisation=self.organisation, pk=valid["action"]).first()
        if action_ is None:
            raise serializers.ValidationError({"action": "There is no action with this id."})
        period = period_named(self.organisation, valid["period"])
        existing = ActionUpdate.objects.filter(action=action_, period=period).first()
        if existing is not None:
            raise Conflict(
                f"{action_.code} already has an update for {period.label} (id {existing.pk}); "
                f"change it with PATCH /api/v1/action-updates/{existing.pk}/."
            )
        with transaction.atomic():
            saved = delivery_services.action_update_save(
                update=ActionUpdate(action=action_, period=period),
                data=self._data(action_, valid),
                user=request.user,
                submit=valid["submit"],
            )
        return self._respond(saved, status.HTTP_201_CREATED)

    @extend_schema(
        request=api.ActionUpdateInputSerializer,
        responses={200: api.ActionUpdateSerializer},
        parameters=[IF_MATCH],
    )
    def partial_update(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        body = api.ActionUpdateInputSerializer(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        with transaction.atomic():
            locked = self._locked()
            stored = {
                "progress": locked.progress,
                "commentary": locked.commentary,
                "next_steps": locked.next_steps,
                "milestones_completed": [m.pk for m in locked.milestones_completed.all()],
            }
            valid = {**stored, **body.validated_data}
            saved = delivery_services.action_update_save(
                update=locked,
                data=self._data(locked.action, valid),
                user=request.user,
                submit=valid.get("submit", False),
            )
        return self._respond(saved)

    @extend_schema(request=None, responses={200: api.ActionUpdateSerializer}, parameters=[IF_MATCH])
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: str) -> Response:
        with transaction.atomic():
            saved = delivery_services.action_update_approve(
                update=self._locked(), user=request.user
            )
        return self._respond(saved)

    @extend_schema(
        request=api.ReasonSerializer,
        responses={200: api.ActionUpdateSerializer},
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request: Request, pk: str) -> Response:
        with transaction.atomic():
            locked = self._locked()
            # Who may decide is checked before the body is read, as for returns.
            if not permissions.can_approve_action_update(request.user, locked.action):
                raise PermissionDenied(
                    "Only a head of service or manager over this action's unit can send back "
                    "its update."
                )
            body = api.ReasonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            saved = delivery_services.action_update_send_back(
                update=locked, user=request.user, reason=body.validated_data["reason"]
            )
        return self._respond(saved)


# Risks -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        parameters=[
            _param("register"),
            _param("unit", description="Risks of this unit and the units below it."),
            _param("status", OpenApiTypes.STR, "open or closed."),
        ]
    )
)
class RiskViewSet(ReadOnly):
    serializer_class = api.RiskSerializer
    ordering_fields = ["reference", "title"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        risks = (
            Risk.objects.filter(organisation=self.organisation)
            .select_related("owner", "category", "organisation")
            .prefetch_related("controls")
        )
        if (register := int_param(self.request, "register")) is not None:
            risks = risks.filter(register_id=register)
        if (unit := int_param(self.request, "unit")) is not None:
            risks = risks.filter(org_unit_id__in=unit_descendants(self.organisation, unit))
        if state := self.request.query_params.get("status"):
            risks = risks.filter(status=state)
        return risks


@extend_schema_view(list=extend_schema(parameters=[_param("risk"), _param("register"), PERIOD]))
class RiskReviewViewSet(ReadOnly):
    """Quarterly risk reviews, saved into the register's risk return as on the web."""

    serializer_class = api.RiskReviewSerializer
    ordering_fields = ["reviewed_at"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        reviews = RiskReview.objects.filter(
            risk_return__register__organisation=self.organisation
        ).select_related("risk_return__period", "reviewed_by")
        if (risk := int_param(self.request, "risk")) is not None:
            reviews = reviews.filter(risk_id=risk)
        if (register := int_param(self.request, "register")) is not None:
            reviews = reviews.filter(risk_return__register_id=register)
        if label := self.request.query_params.get("period", "").strip():
            reviews = reviews.filter(risk_return__period=period_named(self.organisation, label))
        return reviews

    def retrieve(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        review = self.get_object()
        return with_etag(Response(self.get_serializer(review).data), review)

    @extend_schema(
        request=api.RiskReviewInputSerializer,
        responses={200: api.RiskReviewSerializer, 201: api.RiskReviewSerializer},
        parameters=[IF_MATCH],
        summary="Review a risk for a quarter (again, to change the review while a draft)",
        description="201 with a new review; 200 when the risk's review for the quarter is "
        "changed, which needs the version read (If-Match) to be the one stored.",
    )
    def create(self, request: Request, *args, **kwargs) -> Response:  # type: ignore[no-untyped-def]
        body = api.RiskReviewInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        valid = body.validated_data
        organisation = self.organisation
        risk = Risk.objects.filter(organisation=organisation, pk=valid["risk"]).first()
        register = Register.objects.filter(organisation=organisation, pk=valid["register"]).first()
        problems = {}
        if risk is None:
            problems["risk"] = "There is no risk with this id."
        if register is None:
            problems["register"] = "There is no register with this id."
        if problems:
            raise serializers.ValidationError(problems)
        period = period_named(organisation, valid["period"])
        stored = None
        with transaction.atomic():
            risk_return = risk_selectors.risk_return_for(register, period)
            if risk_return.pk:
                stored = risk_return.reviews.select_for_update().filter(risk=risk).first()
                if stored is not None:
                    check_if_match(request, stored)
            review = risk_services.risk_review_save(
                risk_return=risk_return,
                risk=risk,
                likelihood=valid["likelihood"],
                impact=valid["impact"],
                reason=valid.get("reason", ""),
                control_changes=valid.get("control_changes", ""),
                user=request.user,
            )
        review = self.get_queryset().get(pk=review.pk)
        data = api.RiskReviewSerializer(review, context=self.get_serializer_context()).data
        code = status.HTTP_200_OK if stored is not None else status.HTTP_201_CREATED
        return with_etag(Response(data, status=code), review)


# Reports ---------------------------------------------------------------------------------


class ReportViewSet(ReadOnly):
    """Reports made for the organisation, with where to download each one that is ready."""

    serializer_class = api.ReportRunSerializer
    ordering_fields = ["created_at"]
    ordering = ["-created_at"]
    lookup_value_regex = r"[0-9a-f-]{36}"

    def get_object(self):  # type: ignore[no-untyped-def]
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return ReportRun.objects.filter(organisation=self.organisation).select_related(
            "requested_by"
        )


def not_found(request: HttpRequest) -> JsonResponse:
    """No endpoint at this address: a problem document, as everywhere under /api/."""
    return problem_document(404, "There is no API endpoint at this address; see /api/docs/.")
