from goldenthread.publishing.views import manage, public

app_name = "publishing"

urlpatterns = [*manage.urlpatterns, *public.urlpatterns]
