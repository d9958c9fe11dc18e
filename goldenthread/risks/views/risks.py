"""One risk: its page, adding and changing it, its controls, and escalating it to the
corporate register and back."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils import timezone
from django.views.generic import TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.delivery.models import Action
from goldenthread.delivery.services import action_save
from goldenthread.history import history_for
from goldenthread.risks import selectors, services
from goldenthread.risks.charts import score_history_chart
from goldenthread.risks.forms import (
    ControlForm,
    DeEscalateForm,
    EscalateForm,
    MitigatingActionForm,
    RiskForm,
)
from goldenthread.risks.models import Risk
from goldenthread.risks.views.common import crumbs, register_for, risk_for


class RiskDetailView(OrganisationMemberMixin, TemplateView):
    """Cause, event and consequence; scores; controls; mitigating actions; the thread;
    escalations; reviews with the score history chart and its table; the change history."""

    template_name = "risks/risk_detail.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        risk = risk_for(self.organisation, self.kwargs["pk"])
        bands = selectors.score_bands_for(self.organisation)
        [row] = selectors.rows_for([risk], bands)
        history = selectors.score_history(risk)
        today = timezone.localdate()
        actions = risk.actions.select_related("lead", "org_unit").prefetch_related("milestones")
        user = self.request.user
        return super().get_context_data(
            risk=risk,
            row=row,
            controls=risk.controls.all(),
            actions=[(action, action.status_on(today)) for action in actions],
            objective_links=risk.objective_links.select_related("objective__plan"),
            escalations=risk.escalations.select_related(
                "from_register", "to_register", "decided_by"
            ),
            score_history=history,
            chart=score_history_chart(risk, history, bands),
            history=history_for(risk),
            can_edit=permissions.can_edit_risk(user, risk),
            can_add_action=risk.is_open
            and permissions.can_edit_risk(user, risk)
            and permissions.can_add_action(user, self.organisation),
            can_escalate=risk.is_open
            and not risk.register.is_corporate
            and permissions.can_escalate_risk(user, risk),
            can_de_escalate=risk.register.is_corporate
            and permissions.can_de_escalate_risk(user, risk),
            breadcrumbs=crumbs(
                (risk.register.name, risk.register.get_absolute_url()), (risk.reference, None)
            ),
            **kwargs,
        )


class FormPageView(OrganisationMemberMixin, TemplateView):
    template_name = "risks/form.html"


class RiskFormView(FormPageView):
    """Adds a risk to a register (`register_pk`) or changes one (`pk`)."""

    def get_risk(self) -> Risk:
        if "pk" in self.kwargs:
            risk = risk_for(self.organisation, self.kwargs["pk"])
            if not permissions.can_edit_risk(self.request.user, risk):
                raise PermissionDenied("Only the risk's owner or a manager over it can change it.")
            return risk
        register = register_for(self.organisation, self.kwargs["register_pk"])
        if not permissions.can_add_risk(self.request.user, register):
            raise PermissionDenied("You cannot add risks to this register.")
        return Risk(organisation=self.organisation, register=register)

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        risk = self.get_risk()
        form = RiskForm(instance=risk, organisation=self.organisation)
        return self.render_to_response(self.context(risk, form))

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        risk = self.get_risk()
        form = RiskForm(request.POST, instance=risk, organisation=self.organisation)
        if form.is_valid():
            kinds = (
                dict(risk.objective_links.values_list("objective_id", "kind")) if risk.pk else {}
            )
            objectives = [
                (objective, kinds.get(objective.pk, "direct"))
                for objective in form.cleaned_data["objectives"]
            ]
            try:
                saved = services.risk_save(
                    risk=form.instance, user=request.user, objectives=objectives
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{saved.reference} has been saved.")
                return redirect(saved.get_absolute_url())
        return self.render_to_response(self.context(risk, form))

    def context(self, risk: Risk, form: RiskForm):  # type: ignore[no-untyped-def]
        if risk.pk:
            heading, caption = f"Change {risk.reference}", risk.title
            trail = [(risk.reference, risk.get_absolute_url()), ("Change", None)]
        else:
            heading, caption = "Add a risk or opportunity", risk.register.name
            trail = [(risk.register.name, risk.register.get_absolute_url()), ("Add", None)]
        return self.get_context_data(
            form=form,
            heading=heading,
            caption=caption,
            submit_label="Save",
            cancel_url=risk.get_absolute_url() if risk.pk else risk.register.get_absolute_url(),
            breadcrumbs=crumbs(*trail),
        )


class RiskActionView(FormPageView):
    """A form about one risk that calls one service: a control, an escalation...

    Each subclass sets `form_class` and `heading`, and says who is `allowed(risk)` and how
    to `act(risk, form)`: call the service and return the message for the risk page.
    """

    submit_label = "Save"
    intro = ""

    def make_form(self, risk: Risk, data=None):  # type: ignore[no-untyped-def]
        return self.form_class(data)

    def get_allowed_risk(self) -> Risk:
        risk = risk_for(self.organisation, self.kwargs["pk"])
        if not self.allowed(risk):
            raise PermissionDenied("You cannot do this to this risk.")
        return risk

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        risk = self.get_allowed_risk()
        return self.render_to_response(self.context(risk, self.make_form(risk)))

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        risk = self.get_allowed_risk()
        form = self.make_form(risk, request.POST)
        if form.is_valid():
            try:
                message = self.act(risk, form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, message)
                return redirect(risk.get_absolute_url())
        return self.render_to_response(self.context(risk, form))

    def context(self, risk: Risk, form):  # type: ignore[no-untyped-def]
        return self.get_context_data(
            form=form,
            risk=risk,
            heading=self.heading,
            caption=str(risk),
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=risk.get_absolute_url(),
            breadcrumbs=crumbs((risk.reference, risk.get_absolute_url()), (self.heading, None)),
        )


class ControlAddView(RiskActionView):
    form_class = ControlForm
    heading = "Add a control"
    submit_label = "Add the control"

    def allowed(self, risk: Risk) -> bool:
        return permissions.can_edit_risk(self.request.user, risk)

    def act(self, risk: Risk, form) -> str:  # type: ignore[no-untyped-def]
        services.control_add(
            risk=risk,
            description=form.cleaned_data["description"],
            effectiveness=form.cleaned_data["effectiveness"],
            user=self.request.user,
        )
        return "The control has been added."


class MitigatingActionAddView(RiskActionView):
    heading = "Add a mitigating action"
    submit_label = "Add the action"
    intro = (
        "A further action to bring the risk down to its target score. It is followed up like "
        "any other action, with quarterly updates."
    )

    def allowed(self, risk: Risk) -> bool:
        user = self.request.user
        return permissions.can_edit_risk(user, risk) and permissions.can_add_action(
            user, risk.organisation
        )

    def make_form(self, risk: Risk, data=None):  # type: ignore[no-untyped-def]
        initial = {
            "lead": risk.owner_id,
            "org_unit": risk.org_unit_id,
            "start_date": timezone.localdate(),
            "due_date": risk.target_date,
        }
        return MitigatingActionForm(data, organisation=risk.organisation, initial=initial)

    def act(self, risk: Risk, form) -> str:  # type: ignore[no-untyped-def]
        action = form.save(commit=False)
        action.organisation = risk.organisation
        action.source_kind = Action.SourceKind.RISK
        action_save(action=action, user=self.request.user, source=risk)
        return f"{action.code} has been added as a mitigating action."


class EscalateView(RiskActionView):
    form_class = EscalateForm
    heading = "Escalate to the corporate register"
    submit_label = "Escalate the risk"
    intro = (
        "The risk moves to the corporate register, where the senior management team will "
        "manage it. Its directorate keeps reviewing it in the quarterly risk return, and it "
        "goes back to its own register when it is de-escalated."
    )

    def allowed(self, risk: Risk) -> bool:
        return permissions.can_escalate_risk(self.request.user, risk)

    def act(self, risk: Risk, form) -> str:  # type: ignore[no-untyped-def]
        services.risk_escalate(
            risk=risk, user=self.request.user, reason=form.cleaned_data["reason"]
        )
        return f"{risk.reference} has been escalated to the corporate register."


class DeEscalateView(RiskActionView):
    form_class = DeEscalateForm
    heading = "De-escalate from the corporate register"
    submit_label = "De-escalate the risk"

    def allowed(self, risk: Risk) -> bool:
        return permissions.can_de_escalate_risk(self.request.user, risk)

    def make_form(self, risk: Risk, data=None):  # type: ignore[no-untyped-def]
        return DeEscalateForm(data, risk=risk)

    def context(self, risk: Risk, form):  # type: ignore[no-untyped-def]
        context = super().context(risk, form)
        if risk.escalated_from:
            context["intro"] = f"The risk goes back to the {risk.escalated_from}."
        return context

    def act(self, risk: Risk, form) -> str:  # type: ignore[no-untyped-def]
        escalation = services.risk_de_escalate(
            risk=risk,
            user=self.request.user,
            reason=form.cleaned_data["reason"],
            to_register=form.cleaned_data.get("to_register"),
        )
        return f"{risk.reference} has been moved to the {escalation.to_register}."


urlpatterns = [
    path("risks/<int:pk>/", RiskDetailView.as_view(), name="risk_detail"),
    path("risks/<int:pk>/edit/", RiskFormView.as_view(), name="risk_edit"),
    path("risks/registers/<int:register_pk>/add/", RiskFormView.as_view(), name="risk_create"),
    path("risks/<int:pk>/controls/add/", ControlAddView.as_view(), name="control_add"),
    path("risks/<int:pk>/actions/add/", MitigatingActionAddView.as_view(), name="action_add"),
    path("risks/<int:pk>/escalate/", EscalateView.as_view(), name="risk_escalate"),
    path("risks/<int:pk>/de-escalate/", DeEscalateView.as_view(), name="risk_de_escalate"),
]
