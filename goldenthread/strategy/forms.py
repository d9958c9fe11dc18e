from django import forms
from django.forms import inlineformset_factory

from goldenthread.accounts.models import Committee, Organisation, OrgUnit, User
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.strategy.models import (
    CoreValue,
    Framework,
    LinkKind,
    ManagementPrinciple,
    Objective,
    Plan,
    Theme,
)


class OrganisationScopedForm(GovukModelForm):
    """Limits every choice of unit, person, plan or theme to the organisation's own."""

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        scoped = {
            "org_unit": OrgUnit.objects.filter(organisation=organisation),
            "owner": User.objects.filter(organisation=organisation, is_active=True),
            "plan": Plan.objects.filter(organisation=organisation),
            "theme": Theme.objects.filter(organisation=organisation).select_related("plan"),
            "committees": Committee.objects.filter(organisation=organisation),
        }
        for name, queryset in scoped.items():
            if name in self.fields:
                self.fields[name].queryset = queryset  # type: ignore[attr-defined]


class FrameworkForm(GovukModelForm):
    class Meta:
        model = Framework
        fields = ["vision", "policy_context", "purpose_statement"]
        widgets = {"vision": forms.Textarea(attrs={"rows": 3})}


CoreValueFormSet = inlineformset_factory(
    Framework,
    CoreValue,
    form=GovukModelForm,
    fields=["title", "key_phrase", "description", "order"],
    extra=1,
    can_delete=True,
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
)
ManagementPrincipleFormSet = inlineformset_factory(
    Framework,
    ManagementPrinciple,
    form=GovukModelForm,
    fields=["title", "description", "order"],
    extra=1,
    can_delete=True,
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
)


class PlanForm(OrganisationScopedForm):
    class Meta:
        model = Plan
        fields = [
            "kind",
            "title",
            "summary",
            "org_unit",
            "owner",
            "start_date",
            "end_date",
            "is_statutory",
            *Plan.BUSINESS_PLAN_FIELDS,
        ]
        widgets = {
            "start_date": forms.DateInput(),
            "end_date": forms.DateInput(),
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ["summary", *Plan.BUSINESS_PLAN_FIELDS]
            },
        }


class PlanApproveForm(GovukForm):
    approved_by = forms.CharField(
        label="Approved by", max_length=200, help_text="For example Cabinet, or Council."
    )
    approved_on = forms.DateField(label="Approved on", widget=forms.DateInput())


class ThemeForm(OrganisationScopedForm):
    class Meta:
        model = Theme
        fields = ["plan", "title", "slug", "statement", "order", "committees"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 2}),
            "committees": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = self.fields["plan"].queryset.filter(  # type: ignore[attr-defined]
            kind__in=[Plan.Kind.COMMUNITY_PLAN, Plan.Kind.COUNCIL_PLAN]
        )


class ObjectiveForm(OrganisationScopedForm):
    class Meta:
        model = Objective
        fields = [
            "plan",
            "theme",
            "code",
            "title",
            "description",
            "success_measure",
            "owner",
            "org_unit",
            "partners",
            "due_date",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "partners": forms.Textarea(attrs={"rows": 2}),
            "due_date": forms.DateInput(),
        }

    def clean(self):  # type: ignore[no-untyped-def]
        cleaned = super().clean()
        theme, plan = cleaned.get("theme"), cleaned.get("plan")
        top_level = plan and plan.kind in {Plan.Kind.COUNCIL_PLAN, Plan.Kind.COMMUNITY_PLAN}
        if theme and top_level and theme.plan_id != plan.pk:
            self.add_error("theme", f"Choose a theme of “{plan}”.")
        return cleaned


class ObjectiveLinkForm(GovukForm):
    parent = forms.ModelChoiceField(
        label="Contributes to",
        queryset=Objective.objects.none(),
        help_text="The objective above this one in the golden thread.",
    )
    kind = forms.ChoiceField(
        label="Kind of link",
        choices=LinkKind.choices,
        widget=forms.RadioSelect,
        initial=LinkKind.DIRECT,
        help_text="Direct: this objective delivers the one above. Contributory: one of several "
        "influences, as the council is for unemployment.",
    )

    def __init__(self, *args, objective: Objective, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (  # type: ignore[attr-defined]
            Objective.objects.filter(organisation=objective.organisation)
            .exclude(pk=objective.pk)
            .select_related("plan")
            .order_by("plan__kind", "title")
        )
        self.fields["parent"].label_from_instance = (  # type: ignore[attr-defined]
            lambda o: f"{o.title} ({o.plan.get_kind_display()})"
        )
