from goldenthread.finance.views import urlpatterns as urlpatterns

app_name = "finance"
