"""Returns: an officer's to-do list and return form, the approver's queue, and completion."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.selectors import sharing_organisation, unit_descendants
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.history import history_for
from goldenthread.indicators import judging, selectors, services
from goldenthread.indicators.forms import ReturnForm, SendBackForm
from goldenthread.indicators.models import IndicatorReturn, ReturnEvidence, Target
from goldenthread.indicators.views.common import (
    RAG_LABELS,
    crumbs,
    indicator_for,
    period_from_request,
    quarters_for,
)
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
    "locked": "Published",
}


class MyReturnsView(OrganisationMemberMixin, TemplateView):
    """The officer's to-do list: every return they enter for the periods now open."""

    template_name = "indicators/my_returns.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        today = timezone.localdate()
        indicators = selectors.indicators_entered_by(self.request.user, self.organisation)
        periods = sharing_organisation(
            selectors.periods_open_for_returns(self.organisation, today), self.organisation
        )
        tasks = selectors.return_tasks(indicators, periods)
        rows = [(task, task.state(today)) for task in tasks]
        order = [
            "sent_back",
            "overdue",
            "due_soon",
            "open",
            "draft",
            "not_open",
            "submitted",
            "approved",
            "locked",
        ]
        rows.sort(
            key=lambda pair: (order.index(pair[1]), pair[0].window.deadline, pair[0].indicator.code)
        )
        awaiting = selectors.returns_awaiting_approval(self.request.user, self.organisation)
        return super().get_context_data(
            rows=rows,
            state_labels=STATE_LABELS,
            outstanding=sum(
                1
                for _task, state in rows
                if state in {"sent_back", "overdue", "due_soon", "open", "draft"}
            ),
            awaiting=awaiting,
            today=today,
            breadcrumbs=crumbs(("My returns", None)),
            **kwargs,
        )


class ReturnMixin(OrganisationMemberMixin):
    def get_return(self) -> IndicatorReturn:
        indicator = indicator_for(self.organisation, self.kwargs["pk"])
        period = get_object_or_404(
            ReportingPeriod, pk=self.kwargs["period_pk"], organisation=self.organisation
        )
        existing = IndicatorReturn.objects.filter(indicator=indicator, period=period).first()
        return existing or IndicatorReturn(indicator=indicator, period=period)


class ReturnEditView(ReturnMixin, TemplateView):
    """The return form: value (or narrative), commentary, remedial action, data quality."""

    template_name = "indicators/return_form.html"

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        indicator_return = self.get_return()
        form = ReturnForm(instance=indicator_return, indicator=indicator_return.indicator)
        return self.render_to_response(self.context(indicator_return, form))

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        indicator_return = self.get_return()
        indicator = indicator_return.indicator
        if not permissions.can_enter_return(request.user, indicator):
            raise PermissionDenied(
                "You are not the lead officer or a named updater for this indicator."
            )
        form = ReturnForm(request.POST, instance=indicator_return, indicator=indicator)
        if form.is_valid():
            fields = services.ReturnData.__dataclass_fields__
            data = services.ReturnData(
                **{name: value for name, value in form.cleaned_data.items() if name in fields}
            )
            try:
                with transaction.atomic():
                    saved = (
                        services.return_save(
                            indicator_return=form.instance,
                            data=data,
                            user=request.user,
                            submit="submit" in request.POST,
                        )
                        if form.check_current()
                        else None
                    )
            except ValidationError as error:
                form.add_error(None, error)
            except IntegrityError:
                # Someone else made this return at the same moment: theirs stands; show it.
                indicator_return = self.get_return()
                form.report_conflict(indicator_return)
                return self.render_to_response(self.context(indicator_return, form))
            else:
                if saved is None:  # someone else saved it first: show both versions
                    return self.render_to_response(self.context(indicator_return, form))
                upload = request.FILES.get("evidence")
                if upload is not None:
                    ReturnEvidence.objects.create(
                        indicator_return=saved,
                        file=upload,
                        description=upload.name,
                        uploaded_by=request.user,
                    )
                if saved.status == IndicatorReturn.Status.SUBMITTED:
                    messages.success(
                        request,
                        f"{indicator.code} for {saved.period} has been submitted for approval.",
                    )
                    return redirect("indicators:my_returns")
                messages.success(request, "Your draft has been saved.")
                return redirect(saved.get_absolute_url())
        return self.render_to_response(self.context(indicator_return, form))

    def context(self, indicator_return, form):  # type: ignore[no-untyped-def]
        indicator = indicator_return.indicator
        period = indicator_return.period
        target = judging.target_in_force(
            list(Target.objects.filter(indicator=indicator, period=period)), None
        )
        performance = selectors.performance_for(
            [indicator], period, include_unapproved=True, history_points=8
        )[indicator.pk]
        window = selectors.return_window(self.organisation, period)
        return self.get_context_data(
            indicator=indicator,
            period=period,
            indicator_return=indicator_return,
            form=form,
            target=target,
            target_text=_target_text(indicator, target),
            recent=[p for p in performance.points if p.period != period][-6:],
            window=window,
            editable=indicator_return.status == IndicatorReturn.Status.DRAFT
            and permissions.can_enter_return(self.request.user, indicator),
            can_approve=indicator_return.status == IndicatorReturn.Status.SUBMITTED
            and permissions.can_approve_return(self.request.user, indicator),
            can_reopen=indicator_return.status == IndicatorReturn.Status.APPROVED
            and permissions.can_approve_return(self.request.user, indicator),
            send_back_form=SendBackForm(prefix="send_back"),
            evidence=indicator_return.evidence.all() if indicator_return.pk else [],
            history=history_for(indicator_return) if indicator_return.pk else [],
            rag_labels=RAG_LABELS,
            breadcrumbs=crumbs(
                ("My returns", reverse("indicators:my_returns")),
                (f"{indicator.code} {period.label}", None),
            ),
        )


def _target_text(indicator, target) -> str:  # type: ignore[no-untyped-def]
    if target is None:
        return "No target is set for this period."
    rule = judging.target_rule(indicator, target)
    if rule is None:
        return "No target is set for this period."
    if indicator.polarity == "band":
        return (
            f"Between {indicator.format_value(rule.lower)} and {indicator.format_value(rule.upper)}"
        )
    direction = {"higher": "at least", "lower": "at most"}.get(indicator.polarity, "")
    text = f"{direction} {indicator.format_value(rule)}".strip()
    if target.tolerance is not None:
        amount = (
            f"{target.tolerance.normalize()}%"
            if target.tolerance_is_percentage
            else indicator.format_value(target.tolerance)
        )
        text += f" (amber within {amount})"
    return text


class ReturnDecisionView(ReturnMixin, View):
    """Approve, send back or reopen a return."""

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        indicator_return = self.get_return()
        action = kwargs["action"]
        if action not in {"approve", "send-back", "reopen"}:
            raise Http404("Unknown action.")
        try:
            if action == "approve":
                services.return_approve(indicator_return=indicator_return, user=request.user)
                messages.success(request, f"{indicator_return} has been approved.")
            elif action == "send-back":
                services.return_send_back(
                    indicator_return=indicator_return,
                    user=request.user,
                    reason=request.POST.get("send_back-reason", ""),
                )
                messages.success(request, f"{indicator_return} has been sent back to the officer.")
            else:
                services.return_reopen(
                    indicator_return=indicator_return,
                    user=request.user,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, f"{indicator_return} has been reopened for correction.")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(indicator_return.get_absolute_url())
        return redirect(request.POST.get("next") or reverse("indicators:approvals"))


class ApprovalsView(OrganisationMemberMixin, TemplateView):
    """The head of service's queue: submitted returns to approve or send back, in bulk."""

    template_name = "indicators/approvals.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        awaiting = selectors.returns_awaiting_approval(self.request.user, self.organisation)
        by_period: dict[int, list] = {}
        for indicator_return in awaiting:
            by_period.setdefault(indicator_return.period_id, []).append(indicator_return)
        judged = {}
        for group in by_period.values():
            performance = selectors.performance_for(
                [r.indicator for r in group], group[0].period, include_unapproved=True
            )
            for indicator_return in group:
                judged[indicator_return.pk] = performance[indicator_return.indicator_id]
        return super().get_context_data(
            rows=[(r, judged[r.pk]) for r in awaiting],
            breadcrumbs=crumbs(("Approvals", None)),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        chosen = {int(pk) for pk in request.POST.getlist("returns") if pk.isdigit()}
        if not chosen:
            messages.error(request, "Select the returns to approve.")
            return redirect("indicators:approvals")
        approved = 0
        for indicator_return in selectors.returns_awaiting_approval(
            request.user, self.organisation
        ):
            if indicator_return.pk in chosen:
                services.return_approve(indicator_return=indicator_return, user=request.user)
                approved += 1
        messages.success(request, f"{approved} return{'s' if approved != 1 else ''} approved.")
        return redirect("indicators:approvals")


class CompletionView(OrganisationMemberMixin, TemplateView):
    """How far each service has got with the period's returns."""

    template_name = "indicators/completion.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        period = period_from_request(self.request, self.organisation)
        unit_id = self.request.GET.get("unit", "")
        unit_ids = unit_descendants(self.organisation, int(unit_id)) if unit_id.isdigit() else None
        rows = selectors.completion_for(
            self.organisation, period, timezone.localdate(), unit_ids=unit_ids
        )
        totals = selectors.Completion(unit="All services")
        for row in rows:
            for name in ["expected", "not_started", "draft", "submitted", "approved", "late"]:
                setattr(totals, name, getattr(totals, name) + getattr(row, name))
        return super().get_context_data(
            period=period,
            periods=quarters_for(self.organisation),
            window=selectors.return_window(self.organisation, period),
            rows=rows,
            totals=totals,
            breadcrumbs=crumbs(("Returns completion", None)),
            **kwargs,
        )


urlpatterns = [
    path("returns/", MyReturnsView.as_view(), name="my_returns"),
    path("returns/approvals/", ApprovalsView.as_view(), name="approvals"),
    path("returns/completion/", CompletionView.as_view(), name="completion"),
    path(
        "indicators/<int:pk>/returns/<int:period_pk>/", ReturnEditView.as_view(), name="return_edit"
    ),
    path(
        "indicators/<int:pk>/returns/<int:period_pk>/<str:action>/",
        ReturnDecisionView.as_view(),
        name="return_decision",
    ),
]
