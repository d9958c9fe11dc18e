from django.urls import path

from goldenthread.strategy import views

app_name = "strategy"

urlpatterns = [
    path("framework/", views.FrameworkView.as_view(), name="framework"),
    path("framework/edit/", views.FrameworkEditView.as_view(), name="framework_edit"),
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path("plans/", views.PlanListView.as_view(), name="plan_list"),
    path("plans/add/", views.PlanCreateView.as_view(), name="plan_create"),
    path("plans/<int:pk>/", views.PlanDetailView.as_view(), name="plan_detail"),
    path("plans/<int:pk>/edit/", views.PlanEditView.as_view(), name="plan_edit"),
    path("plans/<int:pk>/approve/", views.PlanApproveView.as_view(), name="plan_approve"),
    path(
        "plans/<int:pk>/new-version/", views.PlanNewVersionView.as_view(), name="plan_new_version"
    ),
    path("themes/add/", views.ThemeFormView.as_view(), name="theme_create"),
    path("themes/<int:pk>/", views.ThemeDetailView.as_view(), name="theme_detail"),
    path("themes/<int:pk>/edit/", views.ThemeFormView.as_view(), name="theme_edit"),
    path("objectives/", views.ObjectiveListView.as_view(), name="objective_list"),
    path("objectives/add/", views.ObjectiveFormView.as_view(), name="objective_create"),
    path("objectives/<int:pk>/", views.ObjectiveDetailView.as_view(), name="objective_detail"),
    path("objectives/<int:pk>/edit/", views.ObjectiveFormView.as_view(), name="objective_edit"),
    path(
        "objectives/<int:pk>/links/",
        views.ObjectiveLinkAddView.as_view(),
        name="objective_link_add",
    ),
    path(
        "objectives/<int:pk>/links/<int:parent_pk>/remove/",
        views.ObjectiveLinkRemoveView.as_view(),
        name="objective_link_remove",
    ),
    path(
        "objectives/<int:pk>/thread/", views.ObjectiveThreadView.as_view(), name="objective_thread"
    ),
    path(
        "objectives/<int:pk>/thread.svg",
        views.ObjectiveThreadSvgView.as_view(),
        name="objective_thread_svg",
    ),
]
