"""Forms for engagement pages; every write they collect goes through `services`."""

from django import forms

from goldenthread.accounts.models import Organisation, OrgUnit, User
from goldenthread.engagement.models import (
    Complaint,
    ComplaintFeed,
    Consultation,
    ConsultationResult,
    NeedsEvidence,
    YouSaidWeDid,
)
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import Objective, ReportingPeriod


def scope(form: forms.BaseForm, organisation: Organisation) -> None:
    """Limits each choice of a related record to the organisation's own."""
    querysets = {
        "org_unit": OrgUnit.objects.filter(organisation=organisation).order_by("name"),
        "lead": User.objects.filter(organisation=organisation, is_active=True).order_by(
            "first_name", "last_name"
        ),
        "indicator": Indicator.objects.filter(organisation=organisation, is_active=True),
        "period": ReportingPeriod.objects.filter(organisation=organisation).order_by("-start_date"),
        "consultation": Consultation.objects.filter(organisation=organisation),
        "objectives": Objective.objects.filter(organisation=organisation).select_related("plan"),
    }
    for name, queryset in querysets.items():
        if name in form.fields:
            form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class ScopedModelForm(GovukModelForm):
    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        scope(self, organisation)


DATE = forms.DateInput()
TEXT = forms.Textarea(attrs={"rows": 4})


class ConsultationForm(ScopedModelForm):
    class Meta:
        model = Consultation
        fields = [
            "title",
            "kind",
            "org_unit",
            "lead",
            "start_date",
            "end_date",
            "audience",
            "method",
            "responses",
            "key_findings",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "key_findings": TEXT}


class ResultForm(ScopedModelForm):
    submit = forms.BooleanField(
        label="Submit the value for approval now",
        required=False,
        help_text="Leave unticked to save it as a draft return the lead officer can finish.",
    )

    class Meta:
        model = ConsultationResult
        fields = ["question", "indicator", "period", "answered", "counted"]
        help_texts = {
            "indicator": "A percentage indicator; the share counted becomes its value.",
        }


class YouSaidWeDidForm(GovukModelForm):
    class Meta:
        model = YouSaidWeDid
        fields = ["you_said", "we_did"]
        widgets = {"you_said": TEXT, "we_did": TEXT}


class ComplaintForm(ScopedModelForm):
    class Meta:
        model = Complaint
        fields = [
            "reference",
            "kind",
            "org_unit",
            "received_on",
            "category",
            "summary",
            "outcome",
            "responded_on",
            "learning",
            "staff_named",
        ]
        widgets = {
            "received_on": DATE,
            "responded_on": DATE,
            "summary": TEXT,
            "learning": TEXT,
            "kind": forms.RadioSelect,
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, kind__in=["service", "team"]
        ).order_by("name")


class ComplaintFeedForm(ScopedModelForm):
    class Meta:
        model = ComplaintFeed
        fields = ["indicator", "measure", "org_unit", "target_days"]


class FiguresForm(GovukForm):
    period = forms.ModelChoiceField(
        label="Quarter", queryset=ReportingPeriod.objects.none(), empty_label=None
    )

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, frequency=ReportingPeriod.Frequency.QUARTERLY
        ).order_by("-start_date")


class ImportForm(GovukForm):
    file = forms.FileField(
        label="CSV file",
        help_text="The columns of the complaints export. Nothing is saved unless every row is "
        "correct.",
    )


class EvidenceForm(ScopedModelForm):
    objectives = forms.ModelMultipleChoiceField(
        label="Objectives it informs",
        queryset=Objective.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text="Hangs the evidence on the golden thread.",
    )
    link = forms.URLField(label="Web address", required=False, assume_scheme="https")

    class Meta:
        model = NeedsEvidence
        fields = ["title", "kind", "publisher", "published_on", "link", "summary", "consultation"]
        widgets = {"published_on": DATE, "summary": TEXT}

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, organisation=organisation, **kwargs)
        if self.instance.pk:
            self.initial["objectives"] = [
                link.objective_id for link in self.instance.objective_links.all()
            ]
