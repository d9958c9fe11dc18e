from django import forms
from django.core.exceptions import ValidationError

from goldenthread.accounts.models import Organisation
from goldenthread.delivery.models import Action
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.indicators.models import Indicator
from goldenthread.people.models import AppraisalObjective, RatingLevel, TrainingNeed
from goldenthread.strategy.models import Objective, Plan

LINKABLE_PLANS = [Plan.Kind.SERVICE_PLAN, Plan.Kind.TEAM_PLAN, Plan.Kind.DIRECTORATE_PLAN]


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class AppraisalObjectiveForm(GovukModelForm):
    class Meta:
        model = AppraisalObjective
        fields = ["title", "success_measure", "due_date", "objective", "indicator", "action"]
        widgets = {"due_date": forms.DateInput()}
        help_texts = {
            "objective": "Choose one of: a team or service objective, an indicator or an action.",
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = Objective.objects.filter(
            organisation=organisation, plan__kind__in=LINKABLE_PLANS
        ).select_related("plan")
        self.fields["indicator"].queryset = Indicator.objects.filter(
            organisation=organisation, is_active=True
        )
        self.fields["action"].queryset = Action.objects.filter(organisation=organisation)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        chosen = [name for name in ("objective", "indicator", "action") if data.get(name)]
        if len(chosen) != 1:
            self.add_error(
                "objective",
                "Link the objective to exactly one team or service objective, indicator or "
                "action, so it hangs on the golden thread.",
            )
        return data


class TrainingNeedForm(GovukForm):
    category = forms.ChoiceField(label="Category", choices=TrainingNeed.Category.choices)
    description = forms.CharField(label="Training or development need", max_length=300)
    priority = forms.ChoiceField(
        label="Priority",
        choices=TrainingNeed.Priority.choices,
        initial=TrainingNeed.Priority.MEDIUM,
        widget=forms.RadioSelect,
    )


class AgreeForm(GovukForm):
    on = forms.DateField(label="Agreed on", widget=forms.DateInput())


class ReviewForm(GovukForm):
    """A review: the summary and overall rating, then progress (and rating) per objective."""

    held_on = forms.DateField(label="Held on", widget=forms.DateInput())
    summary = forms.CharField(label="Manager's summary", widget=forms.Textarea(attrs={"rows": 4}))
    rating = forms.ModelChoiceField(
        label="Overall rating", queryset=RatingLevel.objects.none(), required=False
    )
    employee_comments = forms.CharField(
        label="Employee's comments", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisation: Organisation, objectives, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        scale = RatingLevel.objects.filter(organisation=organisation)
        self.fields["rating"].queryset = scale
        self.objectives = list(objectives)
        for objective in self.objectives:
            self.fields[f"progress_{objective.pk}"] = forms.CharField(
                label=f"Progress: {objective.title}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "class": "govuk-textarea"}),
            )
            self.fields[f"rating_{objective.pk}"] = forms.ModelChoiceField(
                label=f"Rating: {objective.title}",
                queryset=scale,
                required=False,
                widget=forms.Select(attrs={"class": "govuk-select"}),
            )

    def progress(self) -> dict:
        return {
            objective.pk: (
                self.cleaned_data.get(f"progress_{objective.pk}", ""),
                self.cleaned_data.get(f"rating_{objective.pk}"),
            )
            for objective in self.objectives
        }
