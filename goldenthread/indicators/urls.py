from goldenthread.indicators.views import excel, indicators, quality, returns

app_name = "indicators"

urlpatterns = [
    *indicators.urlpatterns,
    *returns.urlpatterns,
    *excel.urlpatterns,
    *quality.urlpatterns,
]
