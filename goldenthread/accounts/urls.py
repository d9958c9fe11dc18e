from django.urls import path

from goldenthread.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("organisation/", views.UnitTreeView.as_view(), name="unit_tree"),
    path("organisation/units/<int:pk>/", views.UnitDetailView.as_view(), name="unit_detail"),
    path("committees/", views.CommitteeListView.as_view(), name="committee_list"),
    path("committees/<slug:slug>/", views.CommitteeDetailView.as_view(), name="committee_detail"),
]
