"""Dashboards: corporate, theme, committee, directorate or service, and "my" indicators."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.generic import TemplateView

from goldenthread.accounts.models import Committee, OrgUnit
from goldenthread.accounts.views import OrganisationMemberMixin
from goldenthread.indicators.views.common import period_from_request, quarters_for
from goldenthread.reporting import selectors
from goldenthread.reporting.catalogue import ReportRequest
from goldenthread.reporting.dashboards import Filters, dashboard_for
from goldenthread.reporting.sections import Scope
from goldenthread.reporting.views.common import crumbs
from goldenthread.strategy.models import Theme
from goldenthread.templatetags.performance import DIRECTION, RAG


class DashboardView(OrganisationMemberMixin, TemplateView):
    """The corporate dashboard; the others say which scope they show."""

    template_name = "reporting/dashboard.html"
    heading = "Corporate dashboard"

    def scope(self) -> tuple[Scope, dict[str, object]]:
        """The scope, and how the same scope is asked for as a report."""
        return selectors.scope_council(self.organisation), {}

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        period = period_from_request(self.request, self.organisation)
        scope, report_scope = self.scope()
        filters = Filters.from_query(self.request.GET.dict())
        report = ReportRequest(kind="quarterly", period=period.label, **report_scope)
        report_url = reverse("reporting:report", args=["quarterly"])
        return super().get_context_data(
            heading=self.heading,
            scope=scope,
            period=period,
            periods=quarters_for(self.organisation),
            dashboard=dashboard_for(self.organisation, period, scope, filters),
            rag_choices=RAG.items(),
            direction_choices=DIRECTION.items(),
            report_url=f"{report_url}?{urlencode(report.as_query())}",
            breadcrumbs=crumbs(
                ("Dashboards", reverse("reporting:dashboard_list")), (self.heading, None)
            ),
            **kwargs,
        )


class ThemeDashboardView(DashboardView):
    def scope(self) -> tuple[Scope, dict[str, object]]:
        theme = get_object_or_404(Theme, organisation=self.organisation, pk=self.kwargs["pk"])
        self.heading = f"Theme: {theme.title}"
        return selectors.scope_theme(theme), {"theme": theme.pk}


class CommitteeDashboardView(DashboardView):
    def scope(self) -> tuple[Scope, dict[str, object]]:
        committee = get_object_or_404(
            Committee, organisation=self.organisation, slug=self.kwargs["slug"]
        )
        self.heading = committee.name
        return selectors.scope_committee(committee), {"committee": committee.slug}


class UnitDashboardView(DashboardView):
    """A directorate, service or team with the units below it."""

    def scope(self) -> tuple[Scope, dict[str, object]]:
        unit = get_object_or_404(
            OrgUnit.objects.select_related("organisation"),
            organisation=self.organisation,
            pk=self.kwargs["pk"],
        )
        self.heading = f"{unit.get_kind_display().split(' /')[0]}: {unit.name}"
        return selectors.scope_unit(unit), {"unit": unit.pk}


class MyDashboardView(DashboardView):
    heading = "My indicators"

    def scope(self) -> tuple[Scope, dict[str, object]]:
        return selectors.scope_person(self.request.user), {"person": self.request.user.pk}  # type: ignore[arg-type]


class DashboardListView(OrganisationMemberMixin, TemplateView):
    """Every dashboard on offer."""

    template_name = "reporting/dashboard_list.html"

    def get_context_data(self, **kwargs):  # type: ignore[no-untyped-def]
        return super().get_context_data(
            themes=Theme.objects.filter(organisation=self.organisation)
            .exclude(plan__status="superseded")
            .order_by("order", "title"),
            committees=Committee.objects.filter(organisation=self.organisation).order_by("name"),
            units=OrgUnit.objects.filter(
                organisation=self.organisation, kind__in=["directorate", "service"]
            ).order_by("kind", "name"),
            breadcrumbs=crumbs(("Dashboards", None)),
            **kwargs,
        )


urlpatterns = [
    path("dashboards/", DashboardView.as_view(), name="dashboard"),
    path("dashboards/all/", DashboardListView.as_view(), name="dashboard_list"),
    path("dashboards/mine/", MyDashboardView.as_view(), name="my_dashboard"),
    path("dashboards/themes/<int:pk>/", ThemeDashboardView.as_view(), name="theme_dashboard"),
    path(
        "dashboards/committees/<slug:slug>/",
        CommitteeDashboardView.as_view(),
        name="committee_dashboard",
    ),
    path("dashboards/units/<int:pk>/", UnitDashboardView.as_view(), name="unit_dashboard"),
]
