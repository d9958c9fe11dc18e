from django import forms

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.delivery.models import Action
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.risks.models import (
    IMPACT_NAMES,
    LIKELIHOOD_NAMES,
    Control,
    Register,
    Risk,
    RiskCategory,
)
from goldenthread.strategy.models import Objective

LIKELIHOOD_CHOICES = [("", "Choose")] + [(n, f"{n} {name}") for n, name in LIKELIHOOD_NAMES.items()]
IMPACT_CHOICES = [("", "Choose")] + [(n, f"{n} {name}") for n, name in IMPACT_NAMES.items()]
LIKELIHOOD_FIELDS = ["inherent_likelihood", "residual_likelihood", "target_likelihood"]
IMPACT_FIELDS = ["inherent_impact", "residual_impact", "target_impact"]


class RiskForm(GovukModelForm):
    """A risk or opportunity: what, why, who, and its scores."""

    objectives = forms.ModelMultipleChoiceField(
        label="Objectives it affects",
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hangs the risk on the golden thread (direct links).",
    )

    class Meta:
        model = Risk
        fields = [
            "kind",
            "reference",
            "title",
            "cause",
            "event",
            "consequence",
            "owner",
            "org_unit",
            "category",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "target_likelihood",
            "target_impact",
            "target_date",
            "identified_on",
            "status",
            "closed_on",
            "closure_reason",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "cause": forms.Textarea(attrs={"rows": 3}),
            "event": forms.Textarea(attrs={"rows": 3}),
            "consequence": forms.Textarea(attrs={"rows": 3}),
            "closure_reason": forms.Textarea(attrs={"rows": 2}),
            "target_date": forms.DateInput(),
            "identified_on": forms.DateInput(),
            "closed_on": forms.DateInput(),
            **{name: forms.Select(choices=LIKELIHOOD_CHOICES) for name in LIKELIHOOD_FIELDS},
            **{name: forms.Select(choices=IMPACT_CHOICES) for name in IMPACT_FIELDS},
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["owner"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        )
        fields["org_unit"].queryset = OrgUnit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        fields["category"].queryset = RiskCategory.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        fields["objectives"].queryset = Objective.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).select_related("plan")
        if self.instance.pk:
            fields["objectives"].initial = list(
                self.instance.objective_links.values_list("objective_id", flat=True)
            )


class ControlForm(GovukModelForm):
    class Meta:
        model = Control
        fields = ["description", "effectiveness"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "effectiveness": forms.RadioSelect,
        }


class MitigatingActionForm(GovukModelForm):
    """A further mitigating action: a delivery action whose source is the risk."""

    class Meta:
        model = Action
        fields = ["code", "title", "description", "lead", "org_unit", "start_date", "due_date"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(),
            "due_date": forms.DateInput(),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        )
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]


class EscalateForm(GovukForm):
    reason = forms.CharField(
        label="Why is the risk being escalated to the corporate register?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the risk is being escalated."},
    )


class DeEscalateForm(GovukForm):
    reason = forms.CharField(
        label="Why is the risk coming off the corporate register?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why the risk is being de-escalated."},
    )
    to_register = forms.ModelChoiceField(
        label="Register it moves to",
        queryset=Register.objects.none(),
        error_messages={"required": "Choose the register the risk moves to."},
    )

    def __init__(self, *args, risk: Risk, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if risk.escalated_from_id:
            del self.fields["to_register"]  # it goes back where it came from
        else:
            self.fields["to_register"].queryset = Register.objects.filter(  # type: ignore[attr-defined]
                organisation=risk.organisation
            ).exclude(kind=Register.Kind.CORPORATE)


class ReviewForm(GovukForm):
    likelihood = forms.TypedChoiceField(
        label="Residual likelihood now",
        choices=LIKELIHOOD_CHOICES,
        coerce=int,
        error_messages={"required": "Choose the likelihood."},
    )
    impact = forms.TypedChoiceField(
        label="Residual impact now",
        choices=IMPACT_CHOICES,
        coerce=int,
        error_messages={"required": "Choose the impact."},
    )
    reason = forms.CharField(
        label="Why the score has changed, or why it stands",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the score changes.",
    )
    control_changes = forms.CharField(
        label="Changes to the controls this quarter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SubmitForm(GovukForm):
    commentary = forms.CharField(
        label="Summary for the quarter",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The main changes and concerns, for the senior management team.",
    )


class SendBackForm(GovukForm):
    reason = forms.CharField(
        label="Why is the return being sent back?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the return is being sent back."},
    )


class SmtReviewForm(GovukForm):
    reviewed_on = forms.DateField(
        label="Date of the senior management team's review",
        widget=forms.DateInput(),
        error_messages={"required": "Enter the date of the review.", "invalid": "Enter a date."},
    )
    outcome = forms.CharField(
        label="Outcome",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Record what the senior management team decided."},
    )


class AuditCommitteeForm(GovukForm):
    approved_on = forms.DateField(
        label="Date the audit committee approved it",
        widget=forms.DateInput(),
        error_messages={"required": "Enter the date of approval.", "invalid": "Enter a date."},
    )
