"""The public site: no sign-in, and only what has been published. Every page and download
is drawn from a frozen version (checked against its hash); a period, version, file or
indicator that was never published is a 404."""

import logging
from pathlib import Path

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views import View
from django.views.generic import TemplateView

from goldenthread.accounts.models import Organisation
from goldenthread.charts import chart_table_rows
from goldenthread.publishing import opendata, selectors
from goldenthread.publishing.services import TamperedError
from goldenthread.reporting.figures import figure_svg, series_of
from goldenthread.reporting.render.html import report_context

logger = logging.getLogger(__name__)
SCHEMA = Path(__file__).resolve().parent.parent / "schema.json"
REPORT_FILE_TYPES = ("html", "pdf")


class PublicMixin:
    """The organisation named in the address, shown with its own branding."""

    kwargs: dict

    def dispatch(self, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.organisation = get_object_or_404(Organisation, slug=kwargs["org"])
        try:
            return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]
        except TamperedError as error:
            # Never show content that no longer matches what was published.
            logger.error("Published content failed its hash check: %s", error)
            raise Http404("Not found") from error

    def published(self, number: int | None = None) -> selectors.Published:
        found = selectors.published_version(self.organisation, self.kwargs["label"], number)
        if found is None:
            raise Http404("This period has not been published.")
        return found

    def crumbs(self, *pairs: tuple[str, str | None]) -> list[dict]:
        home = reverse("publishing:public_home", args=[self.organisation.slug])
        return [{"text": self.organisation.name, "href": home}] + [
            {"text": text, "href": href} for text, href in pairs
        ]

    def base_context(self) -> dict:
        return {"organisation": self.organisation, "public": True}


def downloads(organisation: Organisation, published: selectors.Published) -> list[dict]:
    version = published.version
    label = published.label
    files = [
        {
            "stem": key.rsplit(".", 1)[0],
            "title": meta["title"],
            "format": key.rsplit(".", 1)[1].upper(),
            "href": reverse(
                "publishing:public_file", args=[organisation.slug, label, version.number, key]
            ),
        }
        for key, meta in sorted(published.data["files"].items())
        if key.rsplit(".", 1)[1] in REPORT_FILE_TYPES
    ]
    for fmt in ("csv", "json"):
        files.append(
            {
                "stem": "",
                "title": f"Open data for {label}, version {version.number}",
                "format": fmt.upper(),
                "href": reverse(
                    "publishing:public_open_data_version",
                    args=[organisation.slug, label, version.number, fmt],
                ),
            }
        )
    return files


def reports(organisation: Organisation, published: selectors.Published) -> list[dict]:
    return [
        {
            "title": meta["title"],
            "href": reverse(
                "publishing:public_report",
                args=[
                    organisation.slug,
                    published.label,
                    published.version.number,
                    key.removesuffix(".json"),
                ],
            ),
        }
        for key, meta in sorted(
            published.data["files"].items(), key=lambda pair: (pair[0] != "annual.json", pair[0])
        )
        if key.endswith(".json")
    ]


def period_context(organisation: Organisation, published: selectors.Published) -> dict:
    report = selectors.published_report(published, "quarterly")
    return {
        "published": published,
        "data": published.data,
        "counts": published.counts,
        "theme_counts": published.theme_counts(),
        "directions": sorted(published.directions().items()),
        "sections": [
            (section.title, [b for b in section.blocks if hasattr(b, "value_text")])
            for section in (report.sections if report else ())
            if any(hasattr(b, "value_text") for b in section.blocks)
        ],
        "versions": selectors.versions_of(organisation, published.label),
        "downloads": downloads(organisation, published),
        "reports": reports(organisation, published),
    }


class PublicHomeView(PublicMixin, TemplateView):
    """The latest published period, and every period published."""

    template_name = "publishing/public/home.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        latest = selectors.latest_published(self.organisation)
        context = super().get_context_data(
            **self.base_context(),
            publications=selectors.publications(self.organisation),
            latest=latest,
            **kwargs,
        )
        if latest is not None:
            context.update(period_context(self.organisation, latest))
        return context


class PublicPeriodView(PublicMixin, TemplateView):
    """A published period: its latest version, or an earlier one by number."""

    template_name = "publishing/public/period.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        published = self.published(self.kwargs.get("number"))
        return super().get_context_data(
            **self.base_context(),
            **period_context(self.organisation, published),
            breadcrumbs=self.crumbs((published.data["period"]["name"], None)),
            **kwargs,
        )


class PublicReportView(PublicMixin, TemplateView):
    """A published report as a page, drawn from its frozen data."""

    template_name = "publishing/public/report.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        published = self.published(self.kwargs["number"])
        report = selectors.published_report(published, self.kwargs["key"])
        if report is None:
            raise Http404("There is no such published report.")
        context = report_context(report, document=False)
        period_url = reverse(
            "publishing:public_version",
            args=[self.organisation.slug, published.label, published.version.number],
        )
        return super().get_context_data(
            **self.base_context(),
            **context,
            published=published,
            downloads=[
                d
                for d in downloads(self.organisation, published)
                if d["stem"] == self.kwargs["key"]
            ],
            breadcrumbs=self.crumbs(
                (published.data["period"]["name"], period_url), (report.title, None)
            ),
            **kwargs,
        )


class PublicFileView(PublicMixin, View):
    def get(self, request, org, label, number, key):  # type: ignore[no-untyped-def]
        if key.rsplit(".", 1)[-1] not in REPORT_FILE_TYPES:
            raise Http404("There is no such file.")
        file = selectors.published_file(self.published(number), key)
        if file is None:
            raise Http404("There is no such file.")
        response = HttpResponse(bytes(file.content), content_type=file.content_type)
        if not key.endswith(".html"):
            filename = f"{self.organisation.slug}-{label}-v{number}-{key}"
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["X-Content-SHA256"] = file.sha256
        return response


class PublicIndicatorView(PublicMixin, TemplateView):
    """An indicator's published history, with the chart and table as last published."""

    template_name = "publishing/public/indicator.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        history = selectors.indicator_history(self.organisation, self.kwargs["code"])
        if not history:
            raise Http404("This indicator has not been published.")
        latest = history[-1]
        entry = selectors.indicator_entry(latest.published, self.kwargs["code"])
        chart = entry.chart if entry is not None else None
        return super().get_context_data(
            **self.base_context(),
            history=history,
            latest=latest.row,
            entry=entry,
            chart_svg=figure_svg(chart, "public-chart") if chart else "",
            chart_rows=chart_table_rows(series_of(chart)) if chart else [],
            breadcrumbs=self.crumbs((latest.row["indicator_code"], None)),
            **kwargs,
        )


class OpenDataIndexView(PublicMixin, TemplateView):
    template_name = "publishing/public/open_data.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        slug = self.organisation.slug
        return super().get_context_data(
            **self.base_context(),
            periods=[
                {
                    "publication": publication,
                    "csv": reverse(
                        "publishing:public_open_data", args=[slug, publication.period.label, "csv"]
                    ),
                    "json": reverse(
                        "publishing:public_open_data", args=[slug, publication.period.label, "json"]
                    ),
                }
                for publication in selectors.publications(self.organisation)
            ],
            breadcrumbs=self.crumbs(("Open data", None)),
            **kwargs,
        )


class OpenDataView(PublicMixin, View):
    """A published period's rows as CSV or JSON: the latest version, or one by number."""

    def get(self, request, org, label, fmt, number=None):  # type: ignore[no-untyped-def]
        published = self.published(number)
        stem = f"{self.organisation.slug}-{label}" + (f"-v{number}" if number else "")
        if fmt == "csv":
            response = HttpResponse(
                opendata.csv_text(published.rows), content_type="text/csv; charset=utf-8"
            )
            response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
        elif fmt == "json":
            response = HttpResponse(
                opendata.json_document(
                    published.data,
                    schema_url=request.build_absolute_uri(reverse("publishing:public_schema")),
                    csv_url=request.build_absolute_uri(
                        reverse("publishing:public_open_data", args=[org, label, "csv"])
                    ),
                ),
                content_type="application/json",
            )
        else:
            raise Http404("There is no such format.")
        response["Access-Control-Allow-Origin"] = "*"
        response["X-Content-SHA256"] = published.version.content_hash
        return response


class NationalCsvView(View):
    """Every organisation's latest published period as one CSV, streamed a row at a time."""

    http_method_names = ["get", "head", "options"]

    def get(self, request):  # type: ignore[no-untyped-def]
        response = StreamingHttpResponse(
            opendata.csv_lines(selectors.national_rows()), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="national-latest-published.csv"'
        response["Access-Control-Allow-Origin"] = "*"
        return response


class SchemaView(View):
    """The JSON Schema of the open data."""

    http_method_names = ["get", "head", "options"]

    def get(self, request):  # type: ignore[no-untyped-def]
        response = FileResponse(SCHEMA.open("rb"), content_type="application/schema+json")
        response["Access-Control-Allow-Origin"] = "*"
        return response


urlpatterns = [
    path("public/open-data/national.csv", NationalCsvView.as_view(), name="public_national"),
    path("public/open-data/schema.json", SchemaView.as_view(), name="public_schema"),
    path("public/<slug:org>/", PublicHomeView.as_view(), name="public_home"),
    path(
        "public/<slug:org>/open-data/", OpenDataIndexView.as_view(), name="public_open_data_index"
    ),
    path(
        "public/<slug:org>/open-data/<str:label>-v<int:number>.<str:fmt>",
        OpenDataView.as_view(),
        name="public_open_data_version",
    ),
    path(
        "public/<slug:org>/open-data/<str:label>.<str:fmt>",
        OpenDataView.as_view(),
        name="public_open_data",
    ),
    path(
        "public/<slug:org>/indicators/<str:code>/",
        PublicIndicatorView.as_view(),
        name="public_indicator",
    ),
    path("public/<slug:org>/<str:label>/", PublicPeriodView.as_view(), name="public_period"),
    path(
        "public/<slug:org>/<str:label>/versions/<int:number>/",
        PublicPeriodView.as_view(),
        name="public_version",
    ),
    path(
        "public/<slug:org>/<str:label>/versions/<int:number>/reports/<slug:key>/",
        PublicReportView.as_view(),
        name="public_report",
    ),
    path(
        "public/<slug:org>/<str:label>/versions/<int:number>/files/<str:key>",
        PublicFileView.as_view(),
        name="public_file",
    ),
]
