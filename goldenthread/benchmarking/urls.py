from django.urls import path

from goldenthread.benchmarking import views

app_name = "benchmarking"

urlpatterns = [
    path("benchmarking/", views.IndexView.as_view(), name="index"),
    path("benchmarking/metrics/<int:pk>/", views.MetricDetailView.as_view(), name="metric_detail"),
    path("benchmarking/groups/", views.GroupListView.as_view(), name="group_list"),
    path("benchmarking/groups/add/", views.GroupFormView.as_view(), name="group_create"),
    path("benchmarking/groups/standard/", views.GroupStandardView.as_view(), name="group_standard"),
    path("benchmarking/groups/<int:pk>/", views.GroupDetailView.as_view(), name="group_detail"),
    path("benchmarking/groups/<int:pk>/edit/", views.GroupFormView.as_view(), name="group_edit"),
    path("benchmarking/links/add/", views.MetricLinkView.as_view(), name="link_create"),
    path(
        "benchmarking/indicators/<int:pk>/comparator-target/",
        views.ComparatorTargetView.as_view(),
        name="target_create",
    ),
]
