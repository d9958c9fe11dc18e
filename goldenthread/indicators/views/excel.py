"""My returns as a spreadsheet: download the officer's pre-filled workbook (or CSV) for a
period, fill it in offline, and upload it. The upload saves through the same service as the
return form, all or nothing, and lists every problem by sheet, row and column."""

import io

from django import forms
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.views import View
from django.views.generic import TemplateView

from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.forms import GovukForm
from goldenthread.indicators import excel, importers, selectors
from goldenthread.indicators.views.common import crumbs
from goldenthread.strategy.models import ReportingPeriod

MAX_UPLOAD_BYTES = 10 * 2**20
CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class ReturnsUploadForm(GovukForm):
    file = forms.FileField(
        label="Returns workbook or CSV file",
        help_text="The workbook (.xlsx) or CSV you downloaded here, filled in. Nothing is saved "
        "unless every row is right.",
    )
    submit = forms.BooleanField(
        label="Submit every filled-in return for approval",
        required=False,
        help_text="Otherwise each return is saved as a draft, unless its Submit cell says Yes.",
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                "The file is larger than 10 MB; a returns workbook is far smaller. Load "
                "historical values with the values import instead."
            )
        return upload


def open_quarters(organisation) -> list[ReportingPeriod]:  # type: ignore[no-untyped-def]
    """The quarters whose returns are open now, latest first: what an officer fills in."""
    periods = selectors.periods_open_for_returns(organisation, timezone.localdate())
    return sorted(
        (p for p in periods if p.frequency == ReportingPeriod.Frequency.QUARTERLY),
        key=lambda p: p.start_date,
        reverse=True,
    )


class ReturnsSpreadsheetView(OrganisationMemberMixin, TemplateView):
    """Download my returns as a workbook or CSV, and upload them filled in."""

    template_name = "indicators/excel/returns_spreadsheet.html"

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        return self.render_to_response(self.context(ReturnsUploadForm(), None))

    def post(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        form = ReturnsUploadForm(request.POST, request.FILES)
        result = None
        if form.is_valid():
            upload = form.cleaned_data["file"]
            result = importers.returns_import(
                data=upload.read(),
                filename=upload.name,
                organisation=self.organisation,
                user=request.user,
                submit=form.cleaned_data["submit"],
            )
        return self.render_to_response(self.context(form, result))

    def context(self, form, result):  # type: ignore[no-untyped-def]
        quarters = open_quarters(self.organisation)
        mine = selectors.indicators_entered_by(self.request.user, self.organisation)
        saved_rows = [
            (
                saved,
                saved.get_judgement_display()
                if saved.indicator.is_qualitative
                else saved.indicator.format_value(saved.value),
            )
            for saved in (result.changed if result is not None and result.ok else [])
        ]
        return self.get_context_data(
            form=form,
            result=result,
            saved_rows=saved_rows,
            quarters=quarters,
            has_indicators=mine.exists(),
            breadcrumbs=crumbs(
                ("My returns", reverse("indicators:my_returns")),
                ("Download or upload as Excel", None),
            ),
        )


class ReturnsDownloadView(OrganisationMemberMixin, View):
    """The signed-in officer's returns for a period, as XLSX or CSV."""

    def get(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        kind = kwargs["kind"]
        if kind not in CONTENT_TYPES:
            raise Http404("Download as xlsx or csv.")
        label = request.GET.get("period", "")
        period = ReportingPeriod.objects.filter(organisation=self.organisation, label=label).first()
        if period is None:
            raise Http404(f"There is no reporting period {label}.")
        user = request.user
        lines = excel.return_lines(
            excel.indicators_for_returns(self.organisation, owner=user), period
        )
        if kind == "xlsx":
            out = io.BytesIO()
            excel.returns_workbook(
                lines=lines,
                organisation=self.organisation,
                period=period,
                out=out,
                by_owner=False,
                exported_for=user.get_full_name() or user.username,
            )
            content: bytes = out.getvalue()
        else:
            text = io.StringIO(newline="")
            excel.returns_csv(lines=lines, out=text)
            content = text.getvalue().encode("utf-8-sig")
        response = HttpResponse(content, content_type=CONTENT_TYPES[kind])
        filename = excel.export_filename(period, kind)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


urlpatterns = [
    path("returns/excel/", ReturnsSpreadsheetView.as_view(), name="returns_spreadsheet"),
    path(
        "returns/excel/download.<str:kind>",
        ReturnsDownloadView.as_view(),
        name="returns_download",
    ),
]
