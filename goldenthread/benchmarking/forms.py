import re
from decimal import Decimal

from django import forms
from django.db.models import Q

from goldenthread.accounts.models import Organisation
from goldenthread.benchmarking.models import ComparatorGroup, ComparatorTarget, ExternalMetric
from goldenthread.forms import GovukForm, GovukModelForm
from goldenthread.indicators.models import Indicator
from goldenthread.strategy.models import ReportingPeriod

CODE_IN_BRACKETS = re.compile(r"\(([EWSN]\d{8})\)\s*$")


def council_line(organisation: Organisation) -> str:
    return f"{organisation.name} ({organisation.gss_code})"


class MetricChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ExternalMetric) -> str:  # type: ignore[override]
        return f"{obj.code} {obj.title} ({obj.source})"


class ComparatorGroupForm(GovukModelForm):
    """A group the council chooses itself. Councils are typed or pasted one a line."""

    councils = forms.CharField(
        label="Councils",
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="One a line, by name or GSS code: Stockton-on-Tees Borough Council, or "
        "E06000004.",
    )

    class Meta:
        model = ComparatorGroup
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["councils"].initial = "\n".join(
                council_line(member) for member in self.instance.members.order_by("name")
            )

    def clean_councils(self) -> list[Organisation]:
        lines = [line.strip() for line in self.cleaned_data["councils"].splitlines()]
        wanted = [line for line in lines if line]
        councils = Organisation.objects.exclude(gss_code__isnull=True).exclude(gss_code="")
        found, unknown = [], []
        for line in wanted:
            in_brackets = CODE_IN_BRACKETS.search(line)
            code = in_brackets.group(1) if in_brackets else line.upper()
            match = councils.filter(
                Q(gss_code=code) | Q(name__iexact=line) | Q(short_name__iexact=line)
            ).first()
            if match is None:
                unknown.append(line)
            elif match not in found:
                found.append(match)
        if unknown:
            raise forms.ValidationError(
                f"No council is called or has the GSS code: {'; '.join(unknown)}."
            )
        if not found:
            raise forms.ValidationError("Enter at least one council.")
        return found


class MetricLinkForm(GovukForm):
    indicator = forms.ModelChoiceField(label="Your indicator", queryset=Indicator.objects.none())
    metric = MetricChoiceField(
        label="Published metric with the same definition",
        queryset=ExternalMetric.objects.select_related("source"),
    )
    group = forms.ModelChoiceField(
        label="Compare with",
        queryset=ComparatorGroup.objects.none(),
        required=False,
        help_text="Leave blank to use the family group or nearest neighbours.",
    )

    def __init__(self, *args, indicators, groups, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators  # type: ignore[attr-defined]
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class ComparatorTargetForm(GovukForm):
    period = forms.ModelChoiceField(label="Period", queryset=ReportingPeriod.objects.none())
    metric = MetricChoiceField(label="Published metric", queryset=ExternalMetric.objects.none())
    statistic = forms.ChoiceField(
        label="Statistic",
        choices=ComparatorTarget.Statistic.choices,
        help_text="The top quartile threshold is the upper quartile when higher is better and "
        "the lower quartile when lower is better.",
    )
    group = forms.ModelChoiceField(
        label="Comparator group",
        queryset=ComparatorGroup.objects.none(),
        required=False,
        help_text="Needed for a group's median, average or quartiles.",
    )
    margin = forms.DecimalField(
        label="Margin",
        min_value=Decimal(0),
        initial=Decimal(0),
        help_text="How much better than the statistic, in the metric's unit. 0 means at or "
        "better than it.",
    )
    tolerance = forms.DecimalField(label="Amber tolerance", min_value=Decimal(0), required=False)
    tolerance_is_percentage = forms.BooleanField(
        label="The tolerance is a percentage of the target", required=False
    )
    reason = forms.CharField(
        label="Reason for the revision",
        required=False,
        max_length=300,
        help_text="Needed when the period already has a target.",
    )

    def __init__(self, *args, indicator: Indicator, groups, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.filter(  # type: ignore[attr-defined]
            organisation=indicator.organisation, frequency__in=[indicator.frequency, "annual"]
        ).order_by("-start_date")
        self.fields["metric"].queryset = ExternalMetric.objects.filter(  # type: ignore[attr-defined]
            indicator_links__indicator=indicator
        ).select_related("source")
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]
