from decimal import Decimal, InvalidOperation

from django import forms

from goldenthread.accounts.models import OrgUnit, User
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.indicators.models import Indicator, IndicatorReturn
from goldenthread.strategy.models import LinkKind, Objective


class IndicatorForm(GovukModelForm):
    """The proforma."""

    objectives = forms.ModelMultipleChoiceField(
        label="Objectives it measures",
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Links the indicator into the golden thread (direct links).",
    )

    class Meta:
        model = Indicator
        fields = [
            "code",
            "title",
            "definition",
            "calculation_method",
            "numerator_label",
            "denominator_label",
            "formula",
            "data_source",
            "data_system",
            "owner",
            "updaters",
            "org_unit",
            "polarity",
            "unit",
            "decimal_places",
            "frequency",
            "aggregation",
            "kind",
            "is_qualitative",
            "is_statutory",
            "in_corporate_basket",
            "geography",
            "baseline_value",
            "baseline_period",
            "past_performance",
            "target_rationale",
            "long_term_target",
            "long_term_target_year",
            "review_date",
            "spc_baseline_points",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "calculation_method": forms.Textarea(attrs={"rows": 2}),
            "past_performance": forms.Textarea(attrs={"rows": 2}),
            "target_rationale": forms.Textarea(attrs={"rows": 2}),
            "review_date": forms.DateInput(),
            "updaters": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        people = User.objects.filter(organisation=organisation, is_active=True)
        self.fields["owner"].queryset = people  # type: ignore[attr-defined]
        self.fields["updaters"].queryset = people  # type: ignore[attr-defined]
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(organisation=organisation)  # type: ignore[attr-defined]
        self.fields["objectives"].queryset = Objective.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation
        ).select_related("plan")
        if self.instance.pk:
            self.fields["objectives"].initial = list(
                self.instance.objective_links.values_list("objective_id", flat=True)
            )


class TargetForm(GovukForm):
    period = forms.ModelChoiceField(label="Period", queryset=None)  # type: ignore[arg-type]
    value = forms.DecimalField(label="Target", required=False, max_digits=18, decimal_places=6)
    band_lower = forms.DecimalField(
        label="Band from", required=False, max_digits=18, decimal_places=6
    )
    band_upper = forms.DecimalField(
        label="Band to", required=False, max_digits=18, decimal_places=6
    )
    tolerance = forms.DecimalField(
        label="Amber tolerance",
        required=False,
        max_digits=18,
        decimal_places=6,
        help_text="How far short of the target still counts as amber. Leave blank for no amber.",
    )
    tolerance_is_percentage = forms.BooleanField(
        label="The tolerance is a percentage of the target", required=False
    )
    comparator = forms.CharField(
        label="Comparator series",
        required=False,
        help_text='For a target relative to a comparator, for example "regional average".',
    )
    reason = forms.CharField(
        label="Reason for the revision",
        required=False,
        help_text="Needed when the period already has a target: the old one is kept.",
    )

    def __init__(self, *args, periods, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]


class ProfileForm(GovukForm):
    year = forms.IntegerField(label="Financial year starting in", min_value=2000, max_value=2100)
    annual = forms.DecimalField(label="Annual target", max_digits=18, decimal_places=6)
    method = forms.ChoiceField(
        label="Profile",
        choices=[("even", "Evenly across the year"), ("seasonal", "Seasonally, by weights")],
        widget=forms.RadioSelect,
        initial="even",
    )
    weights = forms.CharField(
        label="Seasonal weights",
        required=False,
        help_text="One number a period, separated by commas, for example 1, 1, 2, 2.",
    )
    tolerance = forms.DecimalField(
        label="Amber tolerance", required=False, max_digits=18, decimal_places=6
    )
    tolerance_is_percentage = forms.BooleanField(
        label="The tolerance is a percentage of the target", required=False
    )
    reason = forms.CharField(label="Reason", required=False)

    def clean_weights(self):  # type: ignore[no-untyped-def]
        text = self.cleaned_data["weights"].strip()
        if not text:
            return None
        try:
            return [Decimal(part.strip()) for part in text.split(",")]
        except InvalidOperation as error:
            raise forms.ValidationError("Enter numbers separated by commas.") from error


class ReturnForm(GovukModelForm):
    class Meta:
        model = IndicatorReturn
        fields = [
            "value",
            "numerator",
            "denominator",
            "narrative",
            "judgement",
            "commentary",
            "remedial_action",
            "source_quoted",
            "prepared_by",
            "prepared_on",
            "method_followed",
            "outlier_confirmed",
            "outlier_explanation",
        ]
        widgets = {
            "narrative": forms.Textarea(attrs={"rows": 5}),
            "commentary": forms.Textarea(attrs={"rows": 4}),
            "remedial_action": forms.Textarea(attrs={"rows": 3}),
            "outlier_explanation": forms.Textarea(attrs={"rows": 2}),
            "prepared_on": forms.DateInput(),
            "judgement": forms.RadioSelect(),
        }

    def __init__(self, *args, indicator: Indicator, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if indicator.is_qualitative:
            for name in ["value", "numerator", "denominator"]:
                del self.fields[name]
            judgement = self.fields["judgement"]
            judgement.choices = [c for c in judgement.choices if c[0]]  # type: ignore[attr-defined]
        else:
            del self.fields["narrative"]
            del self.fields["judgement"]
            self.fields["value"].label = f"Value ({indicator.get_unit_display()})"
            self.fields["value"].widget.attrs["inputmode"] = "decimal"
            if indicator.numerator_label:
                self.fields["numerator"].label = f"Numerator: {indicator.numerator_label}"
                self.fields["denominator"].label = f"Denominator: {indicator.denominator_label}"
                self.fields["value"].help_text = "Or enter the numerator and denominator."
            else:
                del self.fields["numerator"]
                del self.fields["denominator"]


class SendBackForm(GovukForm):
    reason = forms.CharField(
        label="Why are you sending it back?", widget=forms.Textarea(attrs={"rows": 3})
    )


class LinkObjectiveForm(GovukForm):
    objective = forms.ModelChoiceField(label="Objective", queryset=Objective.objects.none())
    kind = forms.ChoiceField(
        label="Kind of link", choices=LinkKind.choices, widget=forms.RadioSelect, initial="direct"
    )
