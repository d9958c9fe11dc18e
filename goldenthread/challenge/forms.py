"""Forms for challenge pages; every write they collect goes through `services`."""

from django import forms

from goldenthread.accounts.models import Committee, Organisation, OrgUnit, User
from goldenthread.challenge.models import (
    BestValueReview,
    ChallengeItem,
    CurvePartner,
    CurveWorksheet,
    Inspection,
    Meeting,
    MonitorNote,
    ScrutinyTopic,
)
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import ReportingPeriod

DATE = forms.DateInput()
TEXT = forms.Textarea(attrs={"rows": 4})


def people(organisation: Organisation):  # type: ignore[no-untyped-def]
    return User.objects.filter(organisation=organisation, is_active=True).order_by(
        "first_name", "last_name"
    )


def scope(form: forms.BaseForm, organisation: Organisation) -> None:
    """Limits each choice of a related record to the organisation's own."""
    querysets = {
        "org_unit": OrgUnit.objects.filter(organisation=organisation).order_by("name"),
        "committee": Committee.objects.filter(organisation=organisation),
        "chair": people(organisation),
        "lead": people(organisation),
        "lead_member": people(organisation),
        "indicator": Indicator.objects.filter(
            organisation=organisation, is_active=True, is_qualitative=False
        ),
        "period": ReportingPeriod.objects.filter(
            organisation=organisation, frequency="quarterly"
        ).order_by("-start_date"),
    }
    for name, queryset in querysets.items():
        if name in form.fields:
            form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class ScopedModelForm(GovukModelForm):
    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        scope(self, organisation)


class MeetingForm(ScopedModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "title", "held_on", "committee", "org_unit", "chair", "notes"]
        widgets = {"held_on": DATE, "notes": forms.Textarea(attrs={"rows": 8})}


class ScheduleForm(GovukForm):
    kind = forms.ChoiceField(
        label="Type",
        choices=[c for c in Meeting.Kind.choices if c[0] != Meeting.Kind.SCRUTINY],
    )
    first_on = forms.DateField(label="Date of the first clinic", widget=forms.DateInput())
    count = forms.IntegerField(
        label="Clinics a year", min_value=1, max_value=12, initial=3,
        help_text="Spread evenly through the twelve months from the first.",
    )  # fmt: skip


class ItemForm(GovukModelForm):
    class Meta:
        model = ChallengeItem
        fields = ["title", "reason", "discussion", "root_cause"]
        widgets = {"discussion": TEXT, "root_cause": TEXT}
        labels = {"reason": "Why it is on the agenda"}


class AgreedActionForm(GovukForm):
    title = forms.CharField(label="Action agreed", max_length=300)
    description = forms.CharField(label="Details", required=False, widget=TEXT)
    lead = forms.ModelChoiceField(label="Owner", queryset=User.objects.none())
    org_unit = forms.ModelChoiceField(
        label="Responsible unit", queryset=OrgUnit.objects.none(), required=False
    )
    due_date = forms.DateField(label="Due by", widget=forms.DateInput())

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        scope(self, organisation)


class ScrutinyTopicForm(ScopedModelForm):
    class Meta:
        model = ScrutinyTopic
        fields = ["committee", "topic", "scope", "lead_member", "planned_for", "status", "outcome"]
        widgets = {"planned_for": DATE, "scope": TEXT, "outcome": TEXT}


class MonitorNoteForm(ScopedModelForm):
    class Meta:
        model = MonitorNote
        fields = ["committee", "written_on", "period", "indicator", "note"]
        widgets = {"written_on": DATE, "note": forms.Textarea(attrs={"rows": 6})}


class ReviewForm(ScopedModelForm):
    class Meta:
        model = BestValueReview
        fields = [
            "org_unit",
            "title",
            "lead",
            "started_on",
            "challenge",
            "consult",
            "compare",
            "compete",
            "findings",
        ]
        widgets = {
            "started_on": DATE,
            "challenge": TEXT,
            "consult": TEXT,
            "compare": TEXT,
            "compete": TEXT,
            "findings": TEXT,
        }

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["org_unit"].queryset = OrgUnit.objects.filter(  # type: ignore[attr-defined]
            organisation=organisation, kind="service"
        ).order_by("name")


class InspectionForm(ScopedModelForm):
    class Meta:
        model = Inspection
        fields = ["kind", "title", "body", "org_unit", "reported_on", "judgement", "summary"]
        widgets = {"reported_on": DATE, "summary": TEXT}


class WorksheetForm(ScopedModelForm):
    class Meta:
        model = CurveWorksheet
        fields = ["indicator", "story", "what_works"]
        widgets = {"story": TEXT, "what_works": TEXT}

    def __init__(self, *args, organisation: Organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, organisation=organisation, **kwargs)
        if self.instance.pk:
            del self.fields["indicator"]  # a worksheet stays with its indicator


class PartnerForm(GovukModelForm):
    class Meta:
        model = CurvePartner
        fields = ["name", "role"]
