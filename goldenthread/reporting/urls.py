from goldenthread.reporting.views import dashboards, reports, runs

app_name = "reporting"

urlpatterns = [
    *dashboards.urlpatterns,
    *runs.urlpatterns,
    *reports.urlpatterns,
]
