"""Data quality: the exception report per service, and internal audit's samples of returns."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from goldenthread.accounts import permissions
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.forms import GovukForm
from goldenthread.history import history_for
from goldenthread.indicators import quality
from goldenthread.indicators.models import AuditCheck, AuditSample
from goldenthread.indicators.views.common import crumbs, period_from_request
from goldenthread.strategy.models import ReportingPeriod

# Forms -----------------------------------------------------------------------------------


class AuditSampleForm(GovukForm):
    period = forms.ModelChoiceField(
        label="Reporting period",
        queryset=ReportingPeriod.objects.none(),
        empty_label=None,
        help_text="Approved returns for this period, and for the months within a quarter.",
        error_messages={"required": "Choose the reporting period to sample."},
    )
    size = forms.IntegerField(
        label="Number of returns to sample",
        min_value=1,
        max_value=500,
        initial=10,
        error_messages={
            "required": "Enter the number of returns to sample.",
            "invalid": "Enter the number of returns as a whole number, like 10.",
            "min_value": "The sample must have at least 1 return.",
            "max_value": "Sample at most 500 returns at a time.",
        },
    )
    seed = forms.IntegerField(
        label="Random seed",
        required=False,
        min_value=0,
        max_value=2**63 - 1,
        help_text="Leave blank for a new draw. Enter the seed of an earlier sample to repeat it.",
        error_messages={
            "invalid": "Enter the seed as a whole number, or leave it blank.",
            "min_value": "The seed cannot be negative.",
            "max_value": "The seed is too large: copy it from an earlier sample.",
        },
    )

    def __init__(self, *args, organisation, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = ReportingPeriod.objects.filter(
            organisation=organisation,
            frequency__in=["quarterly", "annual"],
            end_date__lt=timezone.localdate(),
        ).order_by("-end_date", "-frequency")


class AuditCheckForm(GovukForm):
    result = forms.ChoiceField(
        label="Result",
        choices=[("", "Choose a result")]
        + [c for c in AuditCheck.Result.choices if c[0] != AuditCheck.Result.PENDING],
        error_messages={"required": "Choose the result of the check."},
    )
    finding = forms.CharField(
        label="Finding",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you compared the figure with, and any discrepancy.",
    )

    def __init__(self, *args, check: AuditCheck, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs.setdefault("prefix", f"check-{check.pk}")
        if "data" not in kwargs and not args and check.result != AuditCheck.Result.PENDING:
            kwargs.setdefault("initial", {"result": check.result, "finding": check.finding})
        super().__init__(*args, **kwargs)
        # Each row's fields are named after its return, so labels make sense out of context.
        subject = str(check.indicator_return)
        self.fields["result"].label = f"Result for {subject}"
        self.fields["finding"].label = f"Finding for {subject}"


# Views -----------------------------------------------------------------------------------


class DataQualityView(OrganisationMemberMixin, TemplateView):
    """The exception report: performance admins, auditors and senior leaders see every
    service; heads of service see their own."""

    template_name = "indicators/quality/data_quality.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        user, organisation = self.request.user, self.organisation
        unit_ids = permissions.data_quality_units(user, organisation)
        if unit_ids is not None and not unit_ids:
            raise PermissionDenied("The data quality report is for heads of service and auditors.")
        today = timezone.localdate()
        period = period_from_request(self.request, organisation)
        rows = quality.exception_report(organisation, period, today=today, unit_ids=unit_ids)
        return super().get_context_data(
            period=period,
            periods=ReportingPeriod.objects.filter(
                organisation=organisation,
                frequency__in=["quarterly", "annual"],
                start_date__lte=today,
            ).order_by("-end_date", "-frequency"),
            rows=rows,
            kinds=quality.EXCEPTION_KINDS,
            total=sum(len(row.exceptions) for row in rows),
            all_services=unit_ids is None,
            can_audit=permissions.can_audit(user, organisation),
            breadcrumbs=crumbs(("Data quality", None)),
            **kwargs,
        )


class AuditorMixin(OrganisationMemberMixin):
    """Internal auditors and performance admins only."""

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        user = request.user
        if user.is_authenticated and not permissions.can_audit(user, request.organisation):
            raise PermissionDenied(
                "Audit samples are for internal auditors and performance admins."
            )
        return super().dispatch(request, *args, **kwargs)


def audit_crumbs(*pairs: tuple[str, str | None]) -> list[dict]:
    return crumbs(
        ("Data quality", reverse("indicators:data_quality")),
        ("Audit samples", reverse("indicators:audit_sample_list")),
        *pairs,
    )


class AuditSampleListView(AuditorMixin, TemplateView):
    template_name = "indicators/quality/audit_sample_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            samples=quality.audit_samples_for(self.organisation),
            breadcrumbs=crumbs(
                ("Data quality", reverse("indicators:data_quality")), ("Audit samples", None)
            ),
            **kwargs,
        )


class AuditSampleCreateView(AuditorMixin, FormView):
    template_name = "indicators/quality/audit_sample_form.html"
    form_class = AuditSampleForm

    def get_form_kwargs(self):  # type: ignore[no-untyped-def]
        return {**super().get_form_kwargs(), "organisation": self.organisation}

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(breadcrumbs=audit_crumbs(("Draw a sample", None)), **kwargs)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        try:
            sample = quality.audit_sample_draw(
                organisation=self.organisation,
                user=self.request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        returns = f"{sample.size} return{'s' if sample.size != 1 else ''}"
        messages.success(
            self.request, f"{returns} sampled for {sample.period} (seed {sample.seed})."
        )
        return redirect("indicators:audit_sample_detail", pk=sample.pk)


class AuditSampleDetailView(AuditorMixin, TemplateView):
    """Each sampled return with its value, source and preparer, and a form to record the check."""

    template_name = "indicators/quality/audit_sample_detail.html"

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        sample = get_object_or_404(
            AuditSample.objects.select_related("period", "drawn_by"),
            pk=kwargs["pk"],
            organisation=self.organisation,
        )
        return self.render_to_response(sample_context(self, sample))


def sample_context(
    view: TemplateView, sample: AuditSample, bound: AuditCheckForm | None = None
) -> dict:
    """The sample page's context; `bound` is a row's form that failed, shown with its errors."""
    rows = []
    for check in quality.audit_checks_for(sample):
        form = bound if bound is not None and bound.prefix == f"check-{check.pk}" else None
        rows.append((check, form or AuditCheckForm(check=check)))
    return view.get_context_data(
        sample=sample,
        rows=rows,
        form=bound,
        checked=sum(1 for check, _form in rows if check.result != AuditCheck.Result.PENDING),
        history=history_for(sample),
        breadcrumbs=audit_crumbs((f"{sample.period} sample", None)),
    )


class AuditCheckRecordView(AuditorMixin, TemplateView):
    template_name = AuditSampleDetailView.template_name
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        check = get_object_or_404(
            AuditCheck.objects.select_related(
                "sample__organisation", "sample__period", "indicator_return__indicator"
            ),
            pk=kwargs["pk"],
            sample__organisation=self.organisation,
        )
        form = AuditCheckForm(request.POST, check=check)
        if form.is_valid():
            try:
                quality.audit_check_record(check=check, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"The check of {check.indicator_return} is recorded.")
                url = reverse("indicators:audit_sample_detail", args=[check.sample_id])
                return redirect(f"{url}#check-{check.pk}")
        return self.render_to_response(sample_context(self, check.sample, form))


urlpatterns = [
    path("data-quality/", DataQualityView.as_view(), name="data_quality"),
    path("data-quality/audit/", AuditSampleListView.as_view(), name="audit_sample_list"),
    path("data-quality/audit/new/", AuditSampleCreateView.as_view(), name="audit_sample_create"),
    path(
        "data-quality/audit/<int:pk>/",
        AuditSampleDetailView.as_view(),
        name="audit_sample_detail",
    ),
    path(
        "data-quality/audit/checks/<int:pk>/",
        AuditCheckRecordView.as_view(),
        name="audit_check_record",
    ),
]
