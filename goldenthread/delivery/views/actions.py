"""Action pages: the list, the action page, the action form, its decisions and milestones."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import FormView, TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.models import OrgUnit, User
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.calculations.delivery import ActionStatus, expected_progress
from goldenthread.delivery import selectors, services
from goldenthread.delivery.forms import (
    ActionForm,
    CancelForm,
    CompleteForm,
    DeferForm,
    MilestoneForm,
    add_service_errors,
)
from goldenthread.delivery.models import Action, Milestone, RecoveryPlan
from goldenthread.delivery.views.common import action_crumbs, action_or_404, crumbs, digits
from goldenthread.history import history_for
from goldenthread.strategy.models import LinkKind, Plan, Theme

STATUS_VALUES = {status.value for status in ActionStatus}


class ActionListView(OrganisationMemberMixin, TemplateView):
    """Every action, filterable by plan, theme, unit, status and lead officer."""

    template_name = "delivery/action_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        query = self.request.GET
        selected = {
            "plan": digits(query.get("plan", "")),
            "theme": digits(query.get("theme", "")),
            "unit": digits(query.get("unit", "")),
            "lead": digits(query.get("lead", "")),
            "status": query.get("status", "") if query.get("status") in STATUS_VALUES else "",
            "q": query.get("q", "").strip(),
        }
        actions = selectors.actions_for_organisation(
            self.organisation,
            plan_id=selected["plan"],
            theme_id=selected["theme"],
            unit_id=selected["unit"],
            lead_id=selected["lead"],
            search=selected["q"],
        ).select_related(None)  # the table shows only each action's lead and unit
        today = timezone.localdate()
        every = selectors.action_rows(actions.select_related("lead", "org_unit"), today)
        rows = [row for row in every if not selected["status"] or row.status == selected["status"]]
        org = self.organisation
        return super().get_context_data(
            rows=rows,
            counts=selectors.status_counts(every),
            plans=Plan.objects.filter(organisation=org, actions__isnull=False).distinct(),
            themes=Theme.objects.filter(organisation=org).select_related("plan"),
            units=OrgUnit.objects.filter(organisation=org).order_by("name"),
            leads=User.objects.filter(actions_led__organisation=org)
            .distinct()
            .order_by("first_name", "last_name"),
            statuses=list(ActionStatus),
            selected=selected,
            today=today,
            can_add=permissions.can_add_action(self.request.user, org),
            breadcrumbs=crumbs(("Actions", None)),
            **kwargs,
        )


class ActionDetailView(OrganisationMemberMixin, TemplateView):
    template_name = "delivery/action_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        action = action_or_404(self.organisation, self.kwargs["pk"])
        today = timezone.localdate()
        can_edit = permissions.can_edit_action(self.request.user, action)
        tasks = selectors.update_tasks([action], selectors.update_periods(self.organisation, today))
        source = action.source if action.source_id else None
        return super().get_context_data(
            action=action,
            status=action.status_on(today),
            expected=expected_progress(
                today=today, start_date=action.start_date, due_date=action.due_date
            ),
            milestones=[(m, m.is_late_on(today)) for m in action.milestones.all()],
            updates=selectors.updates_for_action(action),
            tasks=[(task, task.state(today)) for task in tasks],
            source=source,
            source_url=getattr(source, "get_absolute_url", lambda: "")(),
            can_edit=can_edit,
            is_open=not action.is_closed,
            history=history_for(action),
            breadcrumbs=action_crumbs(action),
            **kwargs,
        )


class ActionFormView(OrganisationMemberMixin, FormView):
    """Adds an action (to a plan, or to a recovery plan) or edits one."""

    template_name = "form_page.html"
    form_class = ActionForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        kwargs = {**super().get_form_kwargs(), "organisation": self.organisation}
        self.recovery_plan = None
        if "pk" in self.kwargs:
            self.action = action_or_404(self.organisation, self.kwargs["pk"])
            if not permissions.can_edit_action(self.request.user, self.action):
                raise PermissionDenied("You cannot edit this action.")
            kwargs["instance"] = self.action
            return kwargs
        self.action = None
        query = self.request.GET
        recovery_id = digits(query.get("recovery_plan", ""))
        if recovery_id:
            self.recovery_plan = get_object_or_404(
                RecoveryPlan.objects.select_related("indicator__organisation"),
                pk=recovery_id,
                organisation=self.organisation,
                closed_on__isnull=True,
            )
            if not permissions.can_manage_recovery_plan(
                self.request.user, self.recovery_plan.indicator
            ):
                raise PermissionDenied("You cannot add actions to this recovery plan.")
            indicator = self.recovery_plan.indicator
            kwargs["initial"] = {
                "lead": indicator.owner_id,
                "org_unit": indicator.org_unit_id,
                "indicators": [indicator.pk],
                "start_date": timezone.localdate(),
            }
        elif not permissions.can_add_action(self.request.user, self.organisation):
            raise PermissionDenied("You cannot add actions.")
        else:
            kwargs["initial"] = {
                "plan": digits(query.get("plan", "")),
                "lead": self.request.user.pk,
                "org_unit": self.request.user.org_unit_id,
            }
        return kwargs

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        action = form.instance
        action.organisation = self.organisation
        if self.recovery_plan is not None:
            action.source_kind = Action.SourceKind.RECOVERY
        try:
            action = services.action_save(
                action=action,
                user=self.request.user,
                objectives=[(o, LinkKind.DIRECT) for o in form.cleaned_data["objectives"]],
                indicators=list(form.cleaned_data["indicators"]),
                source=self.recovery_plan,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{action.code} has been saved.")
        return redirect(action)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)  # builds the form, which finds the action
        if self.action is not None:
            context["heading"] = f"Edit {self.action.code}"
            context["breadcrumbs"] = action_crumbs(self.action, ("Edit", None))
        else:
            where = self.recovery_plan
            context["heading"] = (
                f"Add an action to the recovery plan for {where.indicator.code}"
                if where
                else "Add an action"
            )
            context["breadcrumbs"] = crumbs(
                ("Actions", reverse("delivery:action_list")), ("Add an action", None)
            )
        return context


DECISIONS = {
    "complete": (CompleteForm, "Record {code} as complete", "Record as complete"),
    "cancel": (CancelForm, "Cancel {code}", "Cancel the action"),
    "defer": (DeferForm, "Defer {code}", "Defer the action"),
}


class ActionDecisionView(OrganisationMemberMixin, FormView):
    """Complete, cancel or defer an action: the only statuses people record."""

    template_name = "form_page.html"

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.decision = kwargs["decision"]
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):  # type: ignore[no-untyped-def]
        self.action = action_or_404(self.organisation, self.kwargs["pk"])
        if not permissions.can_edit_action(self.request.user, self.action):
            raise PermissionDenied("You cannot change this action.")
        return DECISIONS[self.decision][0]

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        data, user, action = form.cleaned_data, self.request.user, self.action
        try:
            if self.decision == "complete":
                services.action_complete(
                    action=action, user=user, completed_on=data["completed_on"]
                )
                done = "recorded as complete"
            elif self.decision == "cancel":
                services.action_cancel(action=action, user=user, reason=data["reason"])
                done = "cancelled"
            else:
                services.action_defer(
                    action=action,
                    user=user,
                    new_due_date=data["new_due_date"],
                    reason=data["reason"],
                )
                done = f"deferred to {services.day(data['new_due_date'])}"
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"{action.code} has been {done}.")
        return redirect(action)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        _form, heading, submit = DECISIONS[self.decision]
        context["heading"] = heading.format(code=self.action.code)
        context["submit_label"] = submit
        context["breadcrumbs"] = action_crumbs(self.action, (submit, None))
        return context


class ActionResumeView(OrganisationMemberMixin, View):
    """Work restarts on a deferred action."""

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        action = action_or_404(self.organisation, kwargs["pk"])
        try:
            services.action_resume(action=action, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{action.code} is under way again.")
        return redirect(action)


class MilestoneCreateView(OrganisationMemberMixin, FormView):
    template_name = "form_page.html"
    form_class = MilestoneForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        self.action = action_or_404(self.organisation, self.kwargs["pk"])
        if not permissions.can_edit_action(self.request.user, self.action):
            raise PermissionDenied("You cannot change this action.")
        return {**super().get_form_kwargs(), "instance": Milestone(action=self.action)}

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            milestone = services.milestone_save(milestone=form.instance, user=self.request.user)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"The milestone “{milestone}” has been added.")
        return redirect(self.action)

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        context = super().get_context_data(**kwargs)
        context["heading"] = f"Add a milestone to {self.action.code}"
        context["breadcrumbs"] = action_crumbs(self.action, ("Add a milestone", None))
        return context


class MilestoneCompleteView(OrganisationMemberMixin, View):
    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        action = action_or_404(self.organisation, kwargs["pk"])
        milestone = get_object_or_404(Milestone, pk=kwargs["milestone_pk"], action=action)
        try:
            services.milestone_complete(milestone=milestone, user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"“{milestone}” has been recorded as complete.")
        return redirect(action)


urlpatterns = [
    path("actions/", ActionListView.as_view(), name="action_list"),
    path("actions/new/", ActionFormView.as_view(), name="action_create"),
    path("actions/<int:pk>/", ActionDetailView.as_view(), name="action_detail"),
    path("actions/<int:pk>/edit/", ActionFormView.as_view(), name="action_edit"),
    *(
        path(
            f"actions/<int:pk>/{decision}/",
            ActionDecisionView.as_view(),
            {"decision": decision},
            name=f"action_{decision}",
        )
        for decision in DECISIONS
    ),
    path("actions/<int:pk>/resume/", ActionResumeView.as_view(), name="action_resume"),
    path(
        "actions/<int:pk>/milestones/new/", MilestoneCreateView.as_view(), name="milestone_create"
    ),
    path(
        "actions/<int:pk>/milestones/<int:milestone_pk>/complete/",
        MilestoneCompleteView.as_view(),
        name="milestone_complete",
    ),
]
