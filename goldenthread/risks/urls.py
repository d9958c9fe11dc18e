from goldenthread.risks.views import registers, returns, risks

app_name = "risks"

urlpatterns = [*registers.urlpatterns, *risks.urlpatterns, *returns.urlpatterns]
