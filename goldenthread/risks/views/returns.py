"""Quarterly risk returns: the quarter's returns, one return (owners' reviews, what changed,
submission, sign-off, the senior management team and audit committee), and the review form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.history import history_for
from goldenthread.indicators.selectors import return_window
from goldenthread.indicators.views.common import period_from_request, quarters_for
from goldenthread.risks import selectors, services
from goldenthread.risks.forms import (
    AuditCommitteeForm,
    ReviewForm,
    SendBackForm,
    SmtReviewForm,
    SubmitForm,
)
from goldenthread.risks.models import RiskReturn
from goldenthread.risks.views.common import crumbs, register_for, risk_for
from goldenthread.strategy.models import ReportingPeriod

STATE_LABELS = {
    "not_open": "Not open yet",
    "open": "To do",
    "due_soon": "Due soon",
    "overdue": "Overdue",
    "draft": "In progress",
    "sent_back": "Sent back",
    "submitted": "Awaiting approval",
    "approved": "Approved",
}


class ReturnListView(OrganisationMemberMixin, TemplateView):
    """The quarter's risk returns: one for the corporate register and each directorate."""

    template_name = "risks/return_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        period = period_from_request(self.request, self.organisation)
        if period.frequency != ReportingPeriod.Frequency.QUARTERLY:
            raise Http404("Risk returns are made for quarters.")
        today = timezone.localdate()
        tasks = selectors.return_tasks(self.organisation, [period])
        return super().get_context_data(
            period=period,
            periods=quarters_for(self.organisation),
            window=return_window(self.organisation, period),
            rows=[(task, STATE_LABELS[task.state(today)]) for task in tasks],
            breadcrumbs=crumbs(("Quarterly risk returns", None)),
            **kwargs,
        )


class ReturnMixin(OrganisationMemberMixin):
    def get_return(self) -> RiskReturn:
        register = register_for(self.organisation, self.kwargs["register_pk"])
        period = get_object_or_404(
            ReportingPeriod,
            pk=self.kwargs["period_pk"],
            organisation=self.organisation,
            frequency=ReportingPeriod.Frequency.QUARTERLY,
        )
        if register.kind not in selectors.RETURNABLE:
            raise Http404("Service registers are reviewed in their directorate's return.")
        return selectors.risk_return_for(register, period)


class ReturnDetailView(ReturnMixin, TemplateView):
    """The return: each risk with its review, what changed, and the decisions to make."""

    template_name = "risks/return_detail.html"

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.render_to_response(self.context(self.get_return()))

    def context(self, risk_return: RiskReturn, **forms):  # type: ignore[no-untyped-def]
        register, period = risk_return.register, risk_return.period
        user = self.request.user
        bands = selectors.score_bands_for(self.organisation)
        risks = list(selectors.risks_for_return(register, period))
        reviews = (
            {review.risk_id: review for review in risk_return.reviews.select_related("reviewed_by")}
            if risk_return.pk
            else {}
        )
        editable = risk_return.is_editable
        rows = [
            (
                row,
                reviews.get(row.risk.pk),
                editable and row.risk.is_open and permissions.can_edit_risk(user, row.risk),
            )
            for row in selectors.rows_for(risks, bands)
        ]
        status = risk_return.status
        governance = (
            status == RiskReturn.Status.APPROVED
            and permissions.can_record_risk_governance(user, self.organisation)
        )
        form = next((f for f in forms.values() if f.errors), None)
        return self.get_context_data(
            risk_return=risk_return,
            register=register,
            period=period,
            window=return_window(self.organisation, period),
            rows=rows,
            reviewed=sum(1 for _row, review, _can in rows if review),
            to_review=sum(1 for row, _review, _can in rows if row.risk.is_open),
            changes=selectors.risk_return_changes(risk_return),
            can_submit=editable and permissions.can_submit_risk_return(user, risk_return),
            can_approve=status == RiskReturn.Status.SUBMITTED
            and permissions.can_approve_risk_return(user, risk_return),
            can_record_smt=governance and risk_return.smt_reviewed_on is None,
            can_record_audit_committee=governance
            and risk_return.smt_reviewed_on is not None
            and risk_return.audit_committee_approved_on is None,
            submit_form=forms.get("submit") or SubmitForm(prefix="submit"),
            send_back_form=forms.get("send-back") or SendBackForm(prefix="send_back"),
            smt_form=forms.get("smt-review") or SmtReviewForm(prefix="smt"),
            audit_committee_form=forms.get("audit-committee") or AuditCommitteeForm(prefix="ac"),
            form=form,
            history=history_for(risk_return) if risk_return.pk else [],
            breadcrumbs=crumbs(
                (
                    "Quarterly risk returns",
                    reverse("risks:return_list") + f"?period={period.label}",
                ),
                (f"{register.name} {period.label}", None),
            ),
        )


class ReturnDecisionView(ReturnDetailView):
    """Submit, approve, send back, or record the senior management team's review or the audit
    committee's approval. Problems show on the return page, by the form that had them."""

    FORMS = {
        "submit": (SubmitForm, "submit"),
        "approve": (None, ""),
        "send-back": (SendBackForm, "send_back"),
        "smt-review": (SmtReviewForm, "smt"),
        "audit-committee": (AuditCommitteeForm, "ac"),
    }

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        action = kwargs["action"]
        if action not in self.FORMS:
            raise Http404("Unknown action.")
        risk_return = self.get_return()
        if risk_return.pk is None and action != "submit":
            raise Http404("Nobody has started this return yet.")
        form_class, prefix = self.FORMS[action]
        form = form_class(request.POST, prefix=prefix) if form_class else None
        if form is None or form.is_valid():
            data = form.cleaned_data if form else {}
            try:
                message = self.act(action, risk_return, data)
            except ValidationError as error:
                if form is None:
                    messages.error(request, " ".join(error.messages))
                    return redirect(risk_return.get_absolute_url())
                form.add_error(None, error)
            else:
                messages.success(request, message)
                return redirect(risk_return.get_absolute_url())
        return self.render_to_response(self.context(risk_return, **{action: form}))

    def act(self, action: str, risk_return: RiskReturn, data: dict) -> str:
        user = self.request.user
        name = f"The {risk_return.register} return for {risk_return.period.label}"
        if action == "submit":
            services.risk_return_submit(
                risk_return=risk_return, user=user, commentary=data["commentary"]
            )
            return f"{name} has been submitted for approval."
        if action == "approve":
            services.risk_return_approve(risk_return=risk_return, user=user)
            return f"{name} has been approved."
        if action == "send-back":
            services.risk_return_send_back(
                risk_return=risk_return, user=user, reason=data["reason"]
            )
            return f"{name} has been sent back."
        if action == "smt-review":
            services.risk_return_record_smt_review(
                risk_return=risk_return,
                user=user,
                reviewed_on=data["reviewed_on"],
                outcome=data["outcome"],
            )
            return "The senior management team's review has been recorded."
        services.risk_return_record_audit_committee(
            risk_return=risk_return, user=user, approved_on=data["approved_on"]
        )
        return "The audit committee's approval has been recorded."


class ReviewEditView(ReturnMixin, TemplateView):
    """The owner's review of one risk for the quarter."""

    template_name = "risks/review_form.html"

    def get_review_target(self):  # type: ignore[no-untyped-def]
        risk_return = self.get_return()
        risk = risk_for(self.organisation, self.kwargs["risk_pk"])
        covered = selectors.risks_for_return(risk_return.register, risk_return.period)
        if not covered.filter(pk=risk.pk).exists():
            raise Http404("This risk is not in this return.")
        review = risk_return.reviews.filter(risk=risk).first() if risk_return.pk else None
        return risk_return, risk, review

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        risk_return, risk, review = self.get_review_target()
        form = ReviewForm(
            initial={
                "likelihood": review.likelihood if review else risk.residual_likelihood,
                "impact": review.impact if review else risk.residual_impact,
                "reason": review.reason if review else "",
                "control_changes": review.control_changes if review else "",
            }
        )
        return self.render_to_response(self.context(risk_return, risk, review, form))

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        risk_return, risk, review = self.get_review_target()
        if not permissions.can_edit_risk(request.user, risk):
            raise PermissionDenied("Only the risk's owner or a manager over it can review it.")
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.risk_review_save(
                    risk_return=risk_return, risk=risk, user=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Your review of {risk.reference} has been saved.")
                return redirect(
                    reverse(
                        "risks:return_detail", args=[risk_return.register_id, risk_return.period_id]
                    )
                )
        return self.render_to_response(self.context(risk_return, risk, review, form))

    def context(self, risk_return, risk, review, form):  # type: ignore[no-untyped-def]
        bands = selectors.score_bands_for(self.organisation)
        [row] = selectors.rows_for([risk], bands)
        return_url = reverse(
            "risks:return_detail", args=[risk_return.register_id, risk_return.period_id]
        )
        return self.get_context_data(
            risk_return=risk_return,
            risk=risk,
            row=row,
            review=review,
            form=form,
            controls=risk.controls.all(),
            earlier=[p for p in selectors.score_history(risk) if p.period != risk_return.period],
            editable=risk_return.is_editable
            and risk.is_open
            and permissions.can_edit_risk(self.request.user, risk),
            return_url=return_url,
            breadcrumbs=crumbs(
                ("Quarterly risk returns", reverse("risks:return_list")),
                (f"{risk_return.register.name} {risk_return.period.label}", return_url),
                (risk.reference, None),
            ),
        )


urlpatterns = [
    path("risks/returns/", ReturnListView.as_view(), name="return_list"),
    path(
        "risks/returns/<int:register_pk>/<int:period_pk>/",
        ReturnDetailView.as_view(),
        name="return_detail",
    ),
    path(
        "risks/returns/<int:register_pk>/<int:period_pk>/risks/<int:risk_pk>/",
        ReviewEditView.as_view(),
        name="review_edit",
    ),
    path(
        "risks/returns/<int:register_pk>/<int:period_pk>/<str:action>/",
        ReturnDecisionView.as_view(),
        name="return_decision",
    ),
]
