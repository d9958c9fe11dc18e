"""A report file being made: its progress page, its status as JSON (for the optional script
that updates the page) and the file itself."""

from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.reporting.models import ReportRun
from goldenthread.reporting.views.common import crumbs


class RunMixin(OrganisationMemberMixin):
    def run(self) -> ReportRun:
        return get_object_or_404(
            ReportRun,
            pk=self.kwargs["pk"],
            organisation=self.organisation,  # type: ignore[attr-defined]
        )


def status_of(run: ReportRun) -> dict:
    done = run.status == ReportRun.Status.DONE
    return {
        "status": "failed" if run.is_stale else run.status,
        "label": "Failed" if run.is_stale else run.get_status_display(),
        "message": "This report stopped before it was ready: ask for it again."
        if run.is_stale
        else (run.error or run.message),
        "steps_done": run.steps_done,
        "steps_total": run.steps_total,
        "percent": run.percent,
        "file_url": reverse("reporting:run_file", args=[run.pk]) if done else "",
        "filename": run.filename,
    }


class RunView(RunMixin, TemplateView):
    template_name = "reporting/run.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        run = self.run()
        return super().get_context_data(
            run=run,
            state=status_of(run),
            breadcrumbs=crumbs(("Reports", reverse("reporting:report_list")), (run.title, None)),
            **kwargs,
        )


class RunStatusView(RunMixin, View):
    def get(self, request, pk):  # type: ignore[no-untyped-def]
        response = JsonResponse(status_of(self.run()))
        response["Cache-Control"] = "no-store"
        return response


class RunFileView(RunMixin, View):
    def get(self, request, pk):  # type: ignore[no-untyped-def]
        run = self.run()
        if run.status != ReportRun.Status.DONE or not run.file:
            raise Http404("This report is not ready yet.")
        return FileResponse(run.file.open("rb"), as_attachment=True, filename=run.filename)


urlpatterns = [
    path("reports/runs/<uuid:pk>/", RunView.as_view(), name="run"),
    path("reports/runs/<uuid:pk>/status/", RunStatusView.as_view(), name="run_status"),
    path("reports/runs/<uuid:pk>/file/", RunFileView.as_view(), name="run_file"),
]
