from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny
from rest_framework.routers import SimpleRouter

from goldenthread.api import pages, views

router = SimpleRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("units", views.UnitViewSet, basename="unit")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("objectives", views.ObjectiveViewSet, basename="objective")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("returns", views.ReturnViewSet, basename="return")
router.register("actions", views.ActionViewSet, basename="action")
router.register("action-updates", views.ActionUpdateViewSet, basename="action-update")
router.register("risks", views.RiskViewSet, basename="risk")
router.register("risk-reviews", views.RiskReviewViewSet, basename="risk-review")
router.register("reports", views.ReportViewSet, basename="report")

app_name = "api"

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[AllowAny]),
        name="schema",
    ),
    path("api/docs/", pages.DocsView.as_view(), name="docs"),
    path("account/api-tokens/", pages.TokenListView.as_view(), name="tokens"),
    path("account/api-tokens/new/", pages.TokenCreateView.as_view(), name="token_create"),
    path(
        "account/api-tokens/<int:pk>/revoke/",
        pages.TokenRevokeView.as_view(),
        name="token_revoke",
    ),
    # Anything else under /api/ is a problem document, not an HTML page.
    re_path(r"^api/", views.not_found),
]
