"""Finance pages: overview, unit budget, monitoring return, approvals, MTFP, savings,
carry-forwards, resources against priorities, export and import. Views check input and
permission and call one service or selector."""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.calculations.finance import variance
from goldenthread.finance import selectors, services, spreadsheets
from goldenthread.finance.forms import (
    BudgetLineForm,
    BudgetReturnForm,
    CarryForwardForm,
    DecisionForm,
    FinanceSettingsForm,
    ImportForm,
    ReasonForm,
    SavingsItemForm,
    add_service_errors,
)
from goldenthread.finance.models import BudgetLine, BudgetReturn, CarryForward, SavingsItem
from goldenthread.history import history_for
from goldenthread.strategy.models import ReportingPeriod

STATE_LABELS = {
    "not_open": "Not open yet",
    "open": "To do",
    "due_soon": "Due soon",
    "overdue": "Overdue",
    "draft": "Draft saved",
    "sent_back": "Sent back",
    "submitted": "Awaiting approval",
    "approved": "Approved",
}


def crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return [
        {"text": "Home", "href": reverse("home")},
        {"text": "Finance", "href": reverse("finance:overview")},
    ] + [{"text": text, "href": href} for text, href in pairs]


def _period(organisation, request) -> ReportingPeriod | None:  # type: ignore[no-untyped-def]
    label = request.GET.get("period", "")
    if label:
        return get_object_or_404(
            ReportingPeriod, organisation=organisation, label=label, frequency="quarterly"
        )
    return selectors.monitoring_period_current(organisation)


def _totals(rows):  # type: ignore[no-untyped-def]
    budget = sum((j.row.budget for j in rows), Decimal(0))
    forecast = sum(
        (j.row.forecast if j.row.forecast is not None else j.row.budget for j in rows), Decimal(0)
    )
    return budget, forecast, variance(budget, forecast)


class OverviewView(OrganisationMemberMixin, TemplateView):
    template_name = "finance/overview.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        organisation, user = self.organisation, self.request.user
        period = _period(organisation, self.request)
        rows = selectors.monitoring_rows(organisation, period) if period else []
        budget, forecast, overall = _totals(rows)
        today = timezone.localdate()
        year = period.year if period else selectors.financial_year(organisation)
        return super().get_context_data(
            period=period,
            periods=selectors.monitoring_periods(organisation, year),
            year_label=selectors.year_label(year),
            rows=[(judged, STATE_LABELS[judged.row.state(today)]) for judged in rows],
            budget=budget,
            forecast=forecast,
            overall=overall,
            my_units=selectors.units_entered_by(user, organisation, year),
            awaiting=len(selectors.returns_awaiting_approval(user, organisation)),
            can_manage=permissions.can_manage_finance(user, organisation),
            breadcrumbs=[{"text": "Home", "href": reverse("home")}, {"text": "Finance"}],
            **kwargs,
        )


class UnitBudgetView(OrganisationMemberMixin, TemplateView):
    template_name = "finance/unit.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        organisation = self.organisation
        unit = get_object_or_404(organisation.units, pk=self.kwargs["pk"])
        year = selectors.financial_year(organisation)
        periods = list(selectors.monitoring_periods(organisation, year))
        returns = {
            r.period_id: r for r in BudgetReturn.objects.filter(org_unit=unit, period__in=periods)
        }
        lines = BudgetLine.objects.filter(
            org_unit=unit, year__gte=year, year__lt=year + selectors.MTFP_YEARS
        ).select_related("theme", "objective")
        by_code: dict[str, dict] = {}
        for line in lines:
            entry = by_code.setdefault(line.code, {"line": line, "amounts": {}})
            entry["amounts"][line.year] = line
        years = list(range(year, year + selectors.MTFP_YEARS))
        return super().get_context_data(
            unit=unit,
            year_label=selectors.year_label(year),
            years=[selectors.year_label(y) for y in years],
            lines=[
                {"line": e["line"], "cells": [e["amounts"].get(y) for y in years]}
                for e in sorted(by_code.values(), key=lambda e: e["line"].code)
            ],
            totals=[services.unit_budget(unit, y) for y in years],
            quarters=[
                {
                    "period": p,
                    "return": returns.get(p.pk),
                    "variance": variance(returns[p.pk].budget, returns[p.pk].forecast)
                    if p.pk in returns
                    else None,
                }
                for p in periods
            ],
            carry_forwards=CarryForward.objects.filter(org_unit=unit).select_related("decided_by"),
            can_enter=permissions.can_enter_budget_return(self.request.user, unit),
            breadcrumbs=crumbs((unit.name, None)),
            **kwargs,
        )


class ReturnMixin(OrganisationMemberMixin):
    def get_return(self) -> BudgetReturn:
        unit = get_object_or_404(self.organisation.units, pk=self.kwargs["pk"])
        period = get_object_or_404(
            ReportingPeriod,
            pk=self.kwargs["period_pk"],
            organisation=self.organisation,
            frequency=ReportingPeriod.Frequency.QUARTERLY,
        )
        found = BudgetReturn.objects.filter(org_unit=unit, period=period).first()
        if found is not None:
            return found
        budget = services.unit_budget(unit, period.year)
        return BudgetReturn(org_unit=unit, period=period, budget=budget, forecast=budget)


class ReturnEditView(ReturnMixin, TemplateView):
    """The quarterly budget monitoring return: forecast outturn, commentary, management action."""

    template_name = "finance/return_form.html"

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        budget_return = self.get_return()
        return self.render_to_response(
            self.context(budget_return, BudgetReturnForm(instance=budget_return))
        )

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        budget_return = self.get_return()
        if not permissions.can_enter_budget_return(request.user, budget_return.org_unit):
            raise PermissionDenied("Only the unit's budget holders can complete its return.")
        form = BudgetReturnForm(request.POST, instance=budget_return)
        if form.is_valid():
            data = services.BudgetReturnData(
                forecast=form.cleaned_data["forecast"],
                commentary=form.cleaned_data["commentary"],
                management_action=form.cleaned_data["management_action"],
            )
            try:
                with transaction.atomic():
                    if form.check_current():
                        saved = services.budget_return_save(
                            budget_return=form.instance,
                            data=data,
                            user=request.user,
                            submit="submit" in request.POST,
                        )
                        if saved.status == BudgetReturn.Status.SUBMITTED:
                            messages.success(
                                request, f"The {saved} return has been submitted for approval."
                            )
                        else:
                            messages.success(request, "Your draft has been saved.")
                        return redirect(saved.get_absolute_url())
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_to_response(self.context(budget_return, form))

    def context(self, budget_return, form):  # type: ignore[no-untyped-def]
        user, unit = self.request.user, budget_return.org_unit
        organisation = self.organisation
        settings = services.finance_settings_for(organisation)
        saved = budget_return.pk is not None
        return self.get_context_data(
            budget_return=budget_return,
            unit=unit,
            period=budget_return.period,
            form=form,
            variance=variance(budget_return.budget, budget_return.forecast) if saved else None,
            rag=services.budget_return_rag(budget_return) if saved else None,
            settings=settings,
            window=selectors.return_window(organisation, budget_return.period),
            editable=budget_return.status == BudgetReturn.Status.DRAFT
            and permissions.can_enter_budget_return(user, unit),
            can_approve=permissions.can_approve_budget_return(user, unit),
            reason_form=ReasonForm(prefix="decision"),
            history=history_for(budget_return) if saved else [],
            breadcrumbs=crumbs(
                (unit.name, reverse("finance:unit", args=[unit.pk])),
                (f"Return for {budget_return.period.label}", None),
            ),
        )


class ReturnDecisionView(ReturnMixin, View):
    """Approve, send back or reopen a budget monitoring return."""

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        budget_return = self.get_return()
        decision = kwargs["decision"]
        if budget_return.pk is None or decision not in {"approve", "send-back", "reopen"}:
            raise Http404("There is no such return.")
        reason = request.POST.get("decision-reason", "")
        try:
            if decision == "approve":
                services.budget_return_approve(budget_return=budget_return, user=request.user)
                messages.success(request, f"The {budget_return} return has been approved.")
                return redirect("finance:approvals")
            if decision == "send-back":
                services.budget_return_send_back(
                    budget_return=budget_return, user=request.user, reason=reason
                )
                messages.success(request, f"The {budget_return} return has been sent back.")
                return redirect("finance:approvals")
            services.budget_return_reopen(
                budget_return=budget_return, user=request.user, reason=reason
            )
            messages.success(request, f"The {budget_return} return has been reopened.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(budget_return.get_absolute_url())


class ApprovalsView(OrganisationMemberMixin, TemplateView):
    template_name = "finance/approvals.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        settings = services.finance_settings_for(self.organisation)
        waiting = selectors.returns_awaiting_approval(self.request.user, self.organisation)
        return super().get_context_data(
            rows=[
                (
                    r,
                    variance(r.budget, r.forecast),
                    selectors.variance_rag(r.budget, r.forecast, settings.thresholds),
                )
                for r in waiting
            ],
            breadcrumbs=crumbs(("Budget returns to approve", None)),
            **kwargs,
        )


class MtfpView(OrganisationMemberMixin, TemplateView):
    template_name = "finance/mtfp.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        year = selectors.financial_year(self.organisation)
        years, rows = selectors.mtfp_table(self.organisation, year)
        return super().get_context_data(
            years=[selectors.year_label(y) for y in years],
            rows=rows,
            can_manage=permissions.can_manage_finance(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Medium Term Financial Plan", None)),
            **kwargs,
        )


class SavingsView(OrganisationMemberMixin, TemplateView):
    template_name = "finance/savings.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        rows = selectors.savings_rows(self.organisation)
        return super().get_context_data(
            rows=rows,
            target=sum((r.item.target for r in rows), Decimal(0)),
            forecast=sum((r.item.forecast for r in rows), Decimal(0)),
            can_manage=permissions.can_manage_finance(self.request.user, self.organisation),
            breadcrumbs=crumbs(("Savings programme", None)),
            **kwargs,
        )


class ManagedFormView(OrganisationMemberMixin, View):
    """Add or edit a budget line, savings item or the settings: the finance service only."""

    form_class: type = BudgetLineForm
    model: type = BudgetLine
    heading = ""
    back = "finance:mtfp"

    def instance(self):  # type: ignore[no-untyped-def]
        if "pk" in self.kwargs:
            return get_object_or_404(
                self.model, pk=self.kwargs["pk"], organisation=self.organisation
            )
        return self.model(organisation=self.organisation)

    def save(self, instance, user):  # type: ignore[no-untyped-def]
        return services.budget_line_save(line=instance, user=user)

    def render_form(self, form, instance):  # type: ignore[no-untyped-def]
        heading = f"Edit {instance}" if instance.pk else self.heading
        return render(
            self.request,
            "finance/form.html",
            {
                "form": form,
                "heading": heading,
                "history": history_for(instance) if instance.pk else None,
                "breadcrumbs": crumbs((heading, None)),
            },
        )

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.check()
        instance = self.instance()
        form = self.form_class(instance=instance, organisation=self.organisation)
        return self.render_form(form, instance)

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.check()
        instance = self.instance()
        form = self.form_class(request.POST, instance=instance, organisation=self.organisation)
        if form.is_valid():
            try:
                with transaction.atomic():
                    if form.check_current():
                        saved = self.save(form.instance, request.user)
                        messages.success(request, f"{saved} has been saved.")
                        return redirect(self.back)
            except ValidationError as error:
                add_service_errors(form, error)
        return self.render_form(form, instance)

    def check(self) -> None:
        if not permissions.can_manage_finance(self.request.user, self.organisation):
            raise PermissionDenied("Only the finance service and performance admins can do this.")


class BudgetLineFormView(ManagedFormView):
    heading = "Add a budget line"


class SavingsItemFormView(ManagedFormView):
    form_class = SavingsItemForm
    model = SavingsItem
    heading = "Add a savings item"
    back = "finance:savings"

    def save(self, instance, user):  # type: ignore[no-untyped-def]
        return services.savings_item_save(item=instance, user=user)


class SettingsView(ManagedFormView):
    form_class = FinanceSettingsForm
    heading = "Finance settings"
    back = "finance:overview"

    def instance(self):  # type: ignore[no-untyped-def]
        return services.finance_settings_for(self.organisation)

    def save(self, instance, user):  # type: ignore[no-untyped-def]
        return services.finance_settings_save(settings=instance, user=user)


class CarryForwardListView(OrganisationMemberMixin, TemplateView):
    template_name = "finance/carry_forwards.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            requests=selectors.carry_forwards(self.organisation),
            breadcrumbs=crumbs(("Carry-forward requests", None)),
            **kwargs,
        )


class CarryForwardRequestView(OrganisationMemberMixin, View):
    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        unit = self.unit()
        return self.show(unit, CarryForwardForm())

    def unit(self):  # type: ignore[no-untyped-def]
        unit = get_object_or_404(self.organisation.units, pk=self.kwargs["pk"])
        if not permissions.can_enter_budget_return(self.request.user, unit):
            raise PermissionDenied("Only the unit's budget holders can ask for a carry-forward.")
        return unit

    def show(self, unit, form):  # type: ignore[no-untyped-def]
        year = selectors.financial_year(self.organisation)
        heading = f"Ask to carry forward: {unit.name}, {selectors.year_label(year)}"
        return render(
            self.request,
            "finance/form.html",
            {
                "form": form,
                "heading": heading,
                "submit_label": "Send the request",
                "breadcrumbs": crumbs(
                    (unit.name, reverse("finance:unit", args=[unit.pk])), ("Carry-forward", None)
                ),
            },
        )

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        unit = self.unit()
        form = CarryForwardForm(request.POST)
        if form.is_valid():
            try:
                made = services.carry_forward_request(
                    unit=unit,
                    year=selectors.financial_year(self.organisation),
                    user=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Your carry-forward request has been sent.")
                return redirect(made.get_absolute_url())
        return self.show(unit, form)


class CarryForwardDetailView(OrganisationMemberMixin, View):
    def get_request(self) -> CarryForward:
        return get_object_or_404(selectors.carry_forwards(self.organisation), pk=self.kwargs["pk"])

    def show(self, item, form):  # type: ignore[no-untyped-def]
        return render(
            self.request,
            "finance/carry_forward_detail.html",
            {
                "item": item,
                "form": form,
                "can_decide": item.status == CarryForward.Status.REQUESTED
                and permissions.can_manage_finance(self.request.user, self.organisation),
                "history": history_for(item),
                "breadcrumbs": crumbs(
                    ("Carry-forward requests", reverse("finance:carry_forwards")),
                    (str(item.org_unit), None),
                ),
            },
        )

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.show(self.get_request(), DecisionForm())

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        item = self.get_request()
        if not permissions.can_manage_finance(request.user, self.organisation):
            raise PermissionDenied("Only the finance service decides carry-forward requests.")
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.carry_forward_decide(
                    request=item,
                    approve=form.cleaned_data["decision"] == "approve",
                    note=form.cleaned_data["note"],
                    user=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "The decision has been recorded.")
                return redirect(item.get_absolute_url())
        return self.show(item, form)


class ResourcesView(OrganisationMemberMixin, TemplateView):
    """Resources against priorities: money and results per Council Plan theme."""

    template_name = "finance/resources.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        organisation = self.organisation
        period = _period(organisation, self.request)
        year = period.year if period else selectors.financial_year(organisation)
        return super().get_context_data(
            period=period,
            year_label=selectors.year_label(year),
            rows=selectors.resources_against_priorities(organisation, year, period),
            breadcrumbs=crumbs(("Resources against priorities", None)),
            **kwargs,
        )


class MonitoringExportView(OrganisationMemberMixin, View):
    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        period = get_object_or_404(
            ReportingPeriod,
            pk=kwargs["period_pk"],
            organisation=self.organisation,
            frequency="quarterly",
        )
        if kwargs["fmt"] not in {"csv", "xlsx"}:
            raise Http404("Export as csv or xlsx.")
        rows = selectors.monitoring_rows(self.organisation, period)
        name = f"budget-monitoring-{period.label}"
        if kwargs["fmt"] == "csv":
            response = HttpResponse(
                spreadsheets.monitoring_csv(rows, period), content_type="text/csv; charset=utf-8"
            )
        else:
            response = HttpResponse(
                spreadsheets.monitoring_xlsx(rows, period),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
        response["Content-Disposition"] = f'attachment; filename="{name}.{kwargs["fmt"]}"'
        return response


class ImportView(OrganisationMemberMixin, View):
    def show(self, form, errors=()):  # type: ignore[no-untyped-def]
        return render(
            self.request,
            "finance/import.html",
            {
                "form": form,
                "errors": errors,
                "breadcrumbs": crumbs(
                    ("Medium Term Financial Plan", reverse("finance:mtfp")),
                    ("Import budget lines", None),
                ),
            },
        )

    def check(self) -> None:
        if not permissions.can_manage_finance(self.request.user, self.organisation):
            raise PermissionDenied("Only the finance service imports budgets.")

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.check()
        return self.show(ImportForm())

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.check()
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.show(form)
        upload = form.cleaned_data["file"]
        try:
            result = spreadsheets.budget_lines_import(
                organisation=self.organisation,
                upload=upload,
                filename=upload.name,
                user=request.user,
            )
        except ValidationError as error:
            form.add_error("file", "The file was not imported; nothing has changed.")
            return self.show(form, error.messages)
        messages.success(
            request,
            f"Imported {result.created} new and {result.updated} changed budget lines.",
        )
        return redirect("finance:mtfp")


urlpatterns = [
    path("finance/", OverviewView.as_view(), name="overview"),
    path("finance/units/<int:pk>/", UnitBudgetView.as_view(), name="unit"),
    path(
        "finance/units/<int:pk>/returns/<int:period_pk>/",
        ReturnEditView.as_view(),
        name="return_edit",
    ),
    path(
        "finance/units/<int:pk>/returns/<int:period_pk>/<slug:decision>/",
        ReturnDecisionView.as_view(),
        name="return_decision",
    ),
    path(
        "finance/units/<int:pk>/carry-forward/",
        CarryForwardRequestView.as_view(),
        name="carry_forward_request",
    ),
    path("finance/approvals/", ApprovalsView.as_view(), name="approvals"),
    path("finance/mtfp/", MtfpView.as_view(), name="mtfp"),
    path("finance/lines/add/", BudgetLineFormView.as_view(), name="line_add"),
    path("finance/lines/<int:pk>/edit/", BudgetLineFormView.as_view(), name="line_edit"),
    path("finance/lines/import/", ImportView.as_view(), name="line_import"),
    path("finance/savings/", SavingsView.as_view(), name="savings"),
    path("finance/savings/add/", SavingsItemFormView.as_view(), name="savings_add"),
    path("finance/savings/<int:pk>/edit/", SavingsItemFormView.as_view(), name="savings_edit"),
    path("finance/settings/", SettingsView.as_view(), name="settings"),
    path("finance/carry-forwards/", CarryForwardListView.as_view(), name="carry_forwards"),
    path(
        "finance/carry-forwards/<int:pk>/",
        CarryForwardDetailView.as_view(),
        name="carry_forward_detail",
    ),
    path("finance/resources/", ResourcesView.as_view(), name="resources"),
    path(
        "finance/monitoring/<int:period_pk>/export.<str:fmt>",
        MonitoringExportView.as_view(),
        name="monitoring_export",
    ),
]
