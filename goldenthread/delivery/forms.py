from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.delivery.models import Action, Milestone, RecoveryPlan
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import Objective, Plan, Theme

ACTION_PLAN_KINDS = [
    Plan.Kind.DELIVERY_PLAN,
    Plan.Kind.DIRECTORATE_PLAN,
    Plan.Kind.SERVICE_PLAN,
    Plan.Kind.TEAM_PLAN,
]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ValidationError on the form: each message on the field it names, or
    at the top when the form has no such field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class ActionForm(GovukModelForm):
    objectives = forms.ModelMultipleChoiceField(
        label="Objectives it delivers",
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hangs the action on the golden thread (direct links).",
    )
    indicators = forms.ModelMultipleChoiceField(
        label="Indicators it exists to move",
        queryset=Indicator.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Action
        fields = [
            "code",
            "title",
            "description",
            "plan",
            "theme",
            "lead",
            "org_unit",
            "start_date",
            "due_date",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "start_date": forms.DateInput(),
            "due_date": forms.DateInput(),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["plan"].queryset = Plan.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, kind__in=ACTION_PLAN_KINDS
        )
        fields["theme"].queryset = Theme.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        fields["lead"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        ).order_by("first_name", "last_name")
        fields["org_unit"].queryset = OrgUnit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        fields["objectives"].queryset = Objective.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).select_related("plan")
        fields["indicators"].queryset = Indicator.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, is_active=True
        )
        if self.instance.pk:
            fields["objectives"].initial = list(
                self.instance.objective_links.values_list("objective_id", flat=True)
            )
            fields["indicators"].initial = list(
                self.instance.indicator_links.values_list("indicator_id", flat=True)
            )


class MilestoneForm(GovukModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_date"]
        widgets = {"due_date": forms.DateInput()}


class CompleteForm(GovukForm):
    completed_on = forms.DateField(
        label="Completed on", widget=forms.DateInput(), initial=timezone.localdate
    )


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why is the action being cancelled?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DeferForm(GovukForm):
    new_due_date = forms.DateField(label="New due date", widget=forms.DateInput())
    reason = forms.CharField(
        label="Why is the action being deferred?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The original due date is kept and shown beside the new one.",
    )


class UpdateForm(GovukForm):
    progress = forms.IntegerField(
        label="Progress (%)",
        min_value=0,
        max_value=100,
        help_text="How much of the action is done, from 0 to 100.",
        error_messages={
            "required": "Enter the progress, as a percentage from 0 to 100.",
            "invalid": "Progress is a percentage: enter a number from 0 to 100.",
            "min_value": "Progress is a percentage: enter a number from 0 to 100.",
            "max_value": "Progress is a percentage: enter a number from 0 to 100.",
        },
    )
    milestones_completed = forms.ModelMultipleChoiceField(
        label="Milestones completed this quarter",
        queryset=Milestone.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    commentary = forms.CharField(
        label="Commentary",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What was done this quarter and what it achieved. Needed to submit.",
    )
    next_steps = forms.CharField(
        label="Next steps",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Needed when the action is at risk, off track or overdue.",
    )

    def __init__(self, *args, action: Action, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["milestones_completed"].queryset = action.milestones.filter(  # type: ignore[attr-defined]
            completed_on__isnull=True
        )


class SendBackForm(GovukForm):
    reason = forms.CharField(
        label="Why are you sending it back?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The lead officer sees this when they open the update.",
    )


class RecoveryPlanForm(GovukForm):
    reason = forms.ChoiceField(
        label="Why is a recovery plan needed?",
        choices=RecoveryPlan.Reason.choices,
        widget=forms.RadioSelect,
    )
    summary = forms.CharField(
        label="Summary",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text="What has gone wrong, why, and how the actions will bring it back on track.",
    )


class RecoveryCloseForm(GovukForm):
    note = forms.CharField(
        label="Why is the recovery plan being closed?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
