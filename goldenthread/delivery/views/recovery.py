"""Recovery plans: those asked for and open, each plan's page, opening and closing one."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.delivery import selectors, services
from goldenthread.delivery.forms import RecoveryCloseForm, RecoveryPlanForm, add_service_errors
from goldenthread.delivery.models import RecoveryPlan
from goldenthread.delivery.views.common import crumbs
from goldenthread.history import history_for
from goldenthread.indicators.models import Indicator
from goldenthread.indicators.selectors import performance_for, period_latest_ended


def _list_crumbs(*more: tuple[str, str | None]) -> list[dict]:
    return crumbs(("Recovery plans", reverse("delivery:recovery_plan_list")), *more)


class RecoveryPlanListView(OrganisationMemberMixin, TemplateView):
    """Open recovery plans, and the indicators whose owners are asked for one."""

    template_name = "delivery/recovery_plan_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        period = period_latest_ended(self.organisation)
        return super().get_context_data(
            period=period,
            plans=selectors.recovery_plans_open(self.organisation, timezone.localdate()),
            due=selectors.recovery_plans_due(self.organisation, period) if period else [],
            breadcrumbs=crumbs(("Recovery plans", None)),
            **kwargs,
        )


class RecoveryPlanDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "delivery/recovery_plan_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        summary = selectors.recovery_plan_for_page(
            self.organisation, self.kwargs["pk"], timezone.localdate()
        )
        if summary is None:
            raise Http404("There is no such recovery plan.")
        plan = summary.plan
        can_manage = permissions.can_manage_recovery_plan(self.request.user, plan.indicator)
        return super().get_context_data(
            plan=plan,
            rows=summary.rows,
            can_manage=can_manage and plan.is_open,
            history=history_for(plan),
            breadcrumbs=_list_crumbs((f"{plan.indicator.code} recovery plan", None)),
            **kwargs,
        )


class RecoveryPlanCreateView(OrganisationMemberMixin, FormView):
    """The owner sets out a recovery plan; its actions are added next."""

    template_name = "form_page.html"
    form_class = RecoveryPlanForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        self.indicator = get_object_or_404(
            Indicator.objects.select_related("organisation", "owner", "org_unit"),
            pk=self.kwargs["indicator_pk"],
            organisation=self.organisation,
        )
        if not permissions.can_manage_recovery_plan(self.request.user, self.indicator):
            raise PermissionDenied("You cannot set out a recovery plan for this indicator.")
        kwargs = super().get_form_kwargs()
        period = period_latest_ended(self.organisation)
        if period is not None:
            performance = performance_for([self.indicator], period)[self.indicator.pk]
            kwargs["initial"] = {"reason": selectors.recovery_reason(performance)}
        return kwargs

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            plan = services.recovery_plan_open(
                indicator=self.indicator,
                user=self.request.user,
                reason=form.cleaned_data["reason"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The recovery plan has been opened: now add its actions.")
        return redirect(plan)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["heading"] = f"Recovery plan for {self.indicator}"
        context["submit_label"] = "Open the recovery plan"
        context["breadcrumbs"] = _list_crumbs(("Open a recovery plan", None))
        return context


class RecoveryPlanCloseView(OrganisationMemberMixin, FormView):
    template_name = "form_page.html"
    form_class = RecoveryCloseForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        self.plan = get_object_or_404(
            RecoveryPlan.objects.select_related("indicator__organisation"),
            pk=self.kwargs["pk"],
            organisation=self.organisation,
        )
        if not permissions.can_manage_recovery_plan(self.request.user, self.plan.indicator):
            raise PermissionDenied("You cannot close this recovery plan.")
        return super().get_form_kwargs()

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            services.recovery_plan_close(
                plan=self.plan, user=self.request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "The recovery plan has been closed.")
        return redirect(self.plan)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["heading"] = f"Close the recovery plan for {self.plan.indicator.code}"
        context["submit_label"] = "Close the recovery plan"
        context["breadcrumbs"] = _list_crumbs(
            (f"{self.plan.indicator.code} recovery plan", self.plan.get_absolute_url()),
            ("Close", None),
        )
        return context


urlpatterns = [
    path("recovery-plans/", RecoveryPlanListView.as_view(), name="recovery_plan_list"),
    path(
        "recovery-plans/new/<int:indicator_pk>/",
        RecoveryPlanCreateView.as_view(),
        name="recovery_plan_create",
    ),
    path("recovery-plans/<int:pk>/", RecoveryPlanDetailView.as_view(), name="recovery_plan_detail"),
    path(
        "recovery-plans/<int:pk>/close/",
        RecoveryPlanCloseView.as_view(),
        name="recovery_plan_close",
    ),
]
