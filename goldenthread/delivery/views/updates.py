"""Quarterly action updates: the officer's "My actions", the update form, and the approver's
queue, mirroring the indicator returns pages."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.delivery import selectors, services
from goldenthread.delivery.forms import SendBackForm, UpdateForm, add_service_errors
from goldenthread.delivery.models import ActionUpdate
from goldenthread.delivery.views.common import action_crumbs, action_or_404, crumbs
from goldenthread.history import history_for
from goldenthread.indicators.selectors import period_latest_ended, return_window
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
STATE_ORDER = list(STATE_LABELS)
OUTSTANDING = {"sent_back", "overdue", "due_soon", "open", "draft"}


class MyActionsView(OrganisationMemberMixin, TemplateView):
    """The officer's list: updates to make this quarter, the actions they lead, and the
    recovery plans they are asked for."""

    template_name = "delivery/my_actions.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        user, organisation = self.request.user, self.organisation
        today = timezone.localdate()
        actions = list(selectors.actions_led_by(user, organisation))
        tasks = selectors.update_tasks(actions, selectors.update_periods(organisation, today))
        rows = sorted(
            ((task, task.state(today)) for task in tasks),
            key=lambda pair: (
                STATE_ORDER.index(pair[1]),
                pair[0].window.deadline,
                pair[0].action.code,
            ),
        )
        period = period_latest_ended(organisation)
        return super().get_context_data(
            rows=rows,
            state_labels=STATE_LABELS,
            outstanding=sum(1 for _task, state in rows if state in OUTSTANDING),
            actions=selectors.action_rows(actions, today),
            recovery_due=selectors.recovery_plans_due(organisation, period, owner=user)
            if period
            else [],
            awaiting=selectors.updates_awaiting_approval(user, organisation),
            breadcrumbs=crumbs(("Actions", reverse("delivery:action_list")), ("My actions", None)),
            **kwargs,
        )


class UpdateMixin(OrganisationMemberMixin):
    def get_update(self) -> ActionUpdate:
        action = action_or_404(self.organisation, self.kwargs["pk"])
        period = get_object_or_404(
            ReportingPeriod,
            pk=self.kwargs["period_pk"],
            organisation=self.organisation,
            frequency=ReportingPeriod.Frequency.QUARTERLY,
        )
        existing = ActionUpdate.objects.filter(action=action, period=period).first()
        if existing is not None:
            existing.action = action
            return existing
        latest = action.updates.order_by("-period__start_date").first()
        return ActionUpdate(
            action=action, period=period, progress=latest.progress if latest else action.progress
        )


class UpdateEditView(UpdateMixin, TemplateView):
    """The quarterly update form: progress, milestones completed, commentary, next steps."""

    template_name = "delivery/update_form.html"

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        update = self.get_update()
        form = UpdateForm(
            action=update.action,
            initial={
                "progress": update.progress,
                "commentary": update.commentary,
                "next_steps": update.next_steps,
                "milestones_completed": list(update.milestones_completed.all())
                if update.pk
                else [],
            },
        )
        return self.render_to_response(self.context(update, form))

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        update = self.get_update()
        if not permissions.can_edit_action(request.user, update.action):
            raise PermissionDenied("Only the action's lead officer or a manager can update it.")
        form = UpdateForm(request.POST, action=update.action)
        if form.is_valid():
            data = services.UpdateData(
                progress=form.cleaned_data["progress"],
                commentary=form.cleaned_data["commentary"],
                next_steps=form.cleaned_data["next_steps"],
                milestones_completed=list(form.cleaned_data["milestones_completed"]),
            )
            try:
                saved = services.action_update_save(
                    update=update, data=data, user=request.user, submit="submit" in request.POST
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if saved.status == ActionUpdate.Status.SUBMITTED:
                    messages.success(
                        request,
                        f"The {saved.period.label} update for {saved.action.code} has been "
                        "submitted for approval.",
                    )
                    return redirect("delivery:my_actions")
                messages.success(request, "Your draft has been saved.")
                return redirect(saved.get_absolute_url())
        return self.render_to_response(self.context(update, form))

    def context(self, update, form):  # type: ignore[no-untyped-def]
        action, user = update.action, self.request.user
        return self.get_context_data(
            action=action,
            period=update.period,
            update=update,
            form=form,
            status=action.status_on(timezone.localdate()),
            window=return_window(self.organisation, update.period),
            editable=update.status == ActionUpdate.Status.DRAFT
            and permissions.can_edit_action(user, action),
            can_approve=update.status == ActionUpdate.Status.SUBMITTED
            and permissions.can_approve_action_update(user, action),
            send_back_form=SendBackForm(prefix="send_back"),
            milestones=action.milestones.all(),
            completed=list(update.milestones_completed.all()) if update.pk else [],
            history=history_for(update) if update.pk else [],
            breadcrumbs=action_crumbs(action, (f"Update for {update.period.label}", None)),
        )


class UpdateDecisionView(UpdateMixin, View):
    """Approve an update, or send it back to the lead officer."""

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        update = self.get_update()
        decision = kwargs["decision"]
        if update.pk is None or decision not in {"approve", "send-back"}:
            raise Http404("There is no such update.")
        try:
            if decision == "approve":
                services.action_update_approve(update=update, user=request.user)
                messages.success(request, f"The update for {update} has been approved.")
            else:
                services.action_update_send_back(
                    update=update,
                    user=request.user,
                    reason=request.POST.get("send_back-reason", ""),
                )
                messages.success(request, f"The update for {update} has been sent back.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(update.get_absolute_url())
        return redirect(reverse("delivery:update_approvals"))


class UpdateApprovalsView(OrganisationMemberMixin, TemplateView):
    """The head of service's queue: submitted action updates to approve, in bulk."""

    template_name = "delivery/update_approvals.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            updates=selectors.updates_awaiting_approval(self.request.user, self.organisation),
            breadcrumbs=crumbs(
                ("Actions", reverse("delivery:action_list")), ("Action updates to approve", None)
            ),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        chosen = {int(pk) for pk in request.POST.getlist("updates") if pk.isdigit()}
        if not chosen:
            messages.error(request, "Select the updates to approve.")
            return redirect("delivery:update_approvals")
        approved = 0
        for update in selectors.updates_awaiting_approval(request.user, self.organisation):
            if update.pk in chosen:
                services.action_update_approve(update=update, user=request.user)
                approved += 1
        messages.success(request, f"{approved} update{'s' if approved != 1 else ''} approved.")
        return redirect("delivery:update_approvals")


urlpatterns = [
    path("actions/mine/", MyActionsView.as_view(), name="my_actions"),
    path("actions/updates/approvals/", UpdateApprovalsView.as_view(), name="update_approvals"),
    path("actions/<int:pk>/updates/<int:period_pk>/", UpdateEditView.as_view(), name="update_edit"),
    path(
        "actions/<int:pk>/updates/<int:period_pk>/<str:decision>/",
        UpdateDecisionView.as_view(),
        name="update_decision",
    ),
]
