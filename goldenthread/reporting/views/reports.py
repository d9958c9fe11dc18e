"""Reports: the list of reports on offer, each report as a page, and its downloads."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from goldenthread.accounts.models import Committee
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.reporting import services
from goldenthread.reporting.catalogue import REPORTS, ReportError, report_build, report_resolve
from goldenthread.reporting.render import FORMATS
from goldenthread.reporting.render.html import report_context
from goldenthread.reporting.views.common import crumbs, request_from_query
from goldenthread.strategy.models import ReportingPeriod


class ReportListView(OrganisationMemberMixin, TemplateView):
    template_name = "reporting/report_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        periods = ReportingPeriod.objects.filter(
            organisation=self.organisation, frequency__in=["quarterly", "annual"]
        ).order_by("-start_date")
        return super().get_context_data(
            reports=REPORTS.values(),
            quarters=[p for p in periods if p.frequency == "quarterly"],
            halves=[p for p in periods if p.frequency == "quarterly" and p.number in (2, 4)],
            years=[p for p in periods if p.frequency == "annual"],
            committees=Committee.objects.filter(organisation=self.organisation).order_by("name"),
            breadcrumbs=crumbs(("Reports", None)),
            **kwargs,
        )


def _kind(key: str) -> str:
    if key not in REPORTS:
        raise Http404("There is no such report.")
    return key


class ReportView(OrganisationMemberMixin, View):
    """The report as a page, with links to download it in each format."""

    def get(self, request, kind):  # type: ignore[no-untyped-def]
        asked = request_from_query(_kind(kind), request)
        try:
            resolved = report_resolve(self.organisation, asked)
        except ReportError as error:
            return render(
                request,
                "reporting/report_error.html",
                {
                    "message": str(error),
                    "report": REPORTS[kind],
                    "breadcrumbs": crumbs(
                        ("Reports", reverse("reporting:report_list")), ("Error", None)
                    ),
                },
                status=400,
            )
        report = report_build(self.organisation, resolved)
        query = resolved.request.as_query()
        download = reverse("reporting:report_download", args=[kind])
        context = report_context(report, document=False)
        context.update(
            resolved=resolved,
            downloads=[
                (chosen, f"{download}?{urlencode({**query, 'format': chosen.key})}")
                for chosen in FORMATS.values()
            ],
            breadcrumbs=crumbs(
                ("Reports", reverse("reporting:report_list")), (resolved.title, None)
            ),
        )
        return render(request, "reporting/report_page.html", context)


class ReportDownloadView(OrganisationMemberMixin, View):
    """Starts making the file and shows its progress page. A link, so it works without
    JavaScript; asking twice while one is being made gives the same run."""

    def get(self, request, kind):  # type: ignore[no-untyped-def]
        chosen = request.GET.get("format", "")
        if chosen not in FORMATS:
            raise Http404("There is no such format.")
        try:
            resolved = report_resolve(self.organisation, request_from_query(_kind(kind), request))
        except ReportError as error:
            raise Http404(str(error)) from error
        run = services.report_run_request(
            organisation=self.organisation, user=request.user, resolved=resolved, fmt=chosen
        )
        return redirect(run)


urlpatterns = [
    path("reports/", ReportListView.as_view(), name="report_list"),
    path("reports/<slug:kind>/", ReportView.as_view(), name="report"),
    path("reports/<slug:kind>/download/", ReportDownloadView.as_view(), name="report_download"),
]
