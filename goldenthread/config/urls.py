from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from goldenthread.strategy import views as strategy_views

urlpatterns = [
    path("", strategy_views.HomeView.as_view(), name="home"),
    path("", include("goldenthread.accounts.urls")),
    path("", include("goldenthread.strategy.urls")),
    path("", include("goldenthread.indicators.urls")),
    path("", include("goldenthread.delivery.urls")),
    path("", include("goldenthread.risks.urls")),
    path("", include("goldenthread.benchmarking.urls")),
    path("", include("goldenthread.reporting.urls")),
    path("", include("goldenthread.engagement.urls")),
    path("", include("goldenthread.challenge.urls")),
    path("", include("goldenthread.publishing.urls")),
    path("", include("goldenthread.api.urls")),
    path("", include("goldenthread.finance.urls")),
    path("", include("goldenthread.people.urls")),
    path("", include("goldenthread.views")),
    path("admin/", admin.site.urls),
]

if settings.USE_OIDC:
    # Signing in with a council account: oidc/authenticate/ and oidc/callback/ (see
    # config/django/oidc.py). First, so no other pattern can take the addresses.
    urlpatterns.insert(0, path("oidc/", include("mozilla_django_oidc.urls")))

# An unhandled exception: the web's error page, or a problem document under /api/.
handler500 = "goldenthread.api.problems.server_error"

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
