from django import forms
from django.core.exceptions import ValidationError

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.finance.models import (
    BudgetLine,
    BudgetReturn,
    CarryForward,
    FinanceSettings,
    SavingsItem,
)
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.strategy.models import Objective, Theme


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's ValidationError on the field it names, else at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class FinanceSettingsForm(GovukModelForm):
    class Meta:
        model = FinanceSettings
        fields = [
            "amber_percent",
            "red_percent",
            "underspend_amber_percent",
            "savings_amber_percent",
            "finance_unit",
        ]

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["finance_unit"].queryset = OrgUnit.objects.filter(organisation=organisation)

    def clean(self):  # type: ignore[no-untyped-def]
        data = super().clean()
        amber, red = data.get("amber_percent"), data.get("red_percent")
        if amber is not None and red is not None and amber > red:
            self.add_error("amber_percent", "The amber threshold must not be above the red one.")
        return data


class BudgetLineForm(GovukModelForm):
    class Meta:
        model = BudgetLine
        fields = ["org_unit", "code", "title", "category", "year", "amount", "theme", "objective"]

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(organisation=organisation)
        self.fields["theme"].queryset = Theme.objects.filter(
            organisation=organisation, plan__kind="council_plan"
        )
        self.fields["objective"].queryset = Objective.objects.filter(organisation=organisation)


class SavingsItemForm(GovukModelForm):
    class Meta:
        model = SavingsItem
        fields = [
            "reference",
            "title",
            "kind",
            "org_unit",
            "year",
            "target",
            "forecast",
            "stage",
            "owner",
            "commentary",
        ]
        widgets = {"commentary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(organisation=organisation)
        self.fields["owner"].queryset = User.objects.filter(organisation=organisation)


class BudgetReturnForm(GovukModelForm):
    class Meta:
        model = BudgetReturn
        fields = ["forecast", "commentary", "management_action"]
        widgets = {
            "commentary": forms.Textarea(attrs={"rows": 5}),
            "management_action": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "forecast": "What the unit expects to have spent, net, by the end of the year.",
            "commentary": "Needed when the forecast is amber or red: the reasons for the variance.",
            "management_action": "Needed when red: what will bring spending back to budget.",
        }


class ReasonForm(GovukForm):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}))


class CarryForwardForm(GovukForm):
    kind = forms.ChoiceField(
        label="Request", choices=CarryForward.Kind.choices, widget=forms.RadioSelect
    )
    amount = forms.DecimalField(label="Amount (£)", max_digits=14, decimal_places=2, min_value=1)
    business_case = forms.CharField(
        label="Business case",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What the money is for, what it delivers next year and the risk if refused.",
    )


class DecisionForm(GovukForm):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Decision note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required to reject.",
    )


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Spreadsheet (XLSX or CSV)",
        help_text="Columns: cost centre, title, unit, category, year, net budget, theme, "
        "objective. Existing lines (same cost centre and year) are updated.",
    )
