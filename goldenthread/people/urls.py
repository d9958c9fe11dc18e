from goldenthread.people.views import urlpatterns as urlpatterns

app_name = "people"
