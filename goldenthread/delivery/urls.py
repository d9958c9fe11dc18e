from goldenthread.delivery.views import actions, recovery, updates

app_name = "delivery"

urlpatterns = [
    *updates.urlpatterns,
    *actions.urlpatterns,
    *recovery.urlpatterns,
]
