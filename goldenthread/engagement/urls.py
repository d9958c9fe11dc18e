from django.urls import path

from goldenthread.engagement import views

app_name = "engagement"

urlpatterns = [
    path("engagement/", views.IndexView.as_view(), name="index"),
    path(
        "engagement/consultations/add/",
        views.ConsultationFormView.as_view(),
        name="consultation_add",
    ),
    path(
        "engagement/consultations/<int:pk>/",
        views.ConsultationDetailView.as_view(),
        name="consultation_detail",
    ),
    path(
        "engagement/consultations/<int:pk>/edit/",
        views.ConsultationFormView.as_view(),
        name="consultation_edit",
    ),
    path(
        "engagement/consultations/<int:pk>/results/add/",
        views.ResultFormView.as_view(),
        name="result_add",
    ),
    path(
        "engagement/consultations/<int:pk>/you-said-we-did/add/",
        views.YouSaidWeDidFormView.as_view(),
        name="response_add",
    ),
    path("engagement/complaints/", views.ComplaintListView.as_view(), name="complaint_list"),
    path("engagement/complaints/add/", views.ComplaintFormView.as_view(), name="complaint_add"),
    path(
        "engagement/complaints/<int:pk>/",
        views.ComplaintDetailView.as_view(),
        name="complaint_detail",
    ),
    path(
        "engagement/complaints/<int:pk>/edit/",
        views.ComplaintFormView.as_view(),
        name="complaint_edit",
    ),
    path(
        "engagement/complaints/export.xlsx",
        views.ComplaintExportView.as_view(),
        {"fmt": "xlsx"},
        name="complaint_xlsx",
    ),
    path(
        "engagement/complaints/export.csv",
        views.ComplaintExportView.as_view(),
        {"fmt": "csv"},
        name="complaint_csv",
    ),
    path(
        "engagement/complaints/import/",
        views.ComplaintImportView.as_view(),
        name="complaint_import",
    ),
    path("engagement/complaints/figures/", views.FiguresView.as_view(), name="figures"),
    path("engagement/complaints/figures/feeds/add/", views.FeedFormView.as_view(), name="feed_add"),
    path("engagement/commendations/", views.CommendationFeedView.as_view(), name="commendations"),
    path("engagement/evidence/", views.EvidenceListView.as_view(), name="evidence_list"),
    path("engagement/evidence/add/", views.EvidenceFormView.as_view(), name="evidence_add"),
    path(
        "engagement/evidence/<int:pk>/", views.EvidenceDetailView.as_view(), name="evidence_detail"
    ),
    path(
        "engagement/evidence/<int:pk>/edit/", views.EvidenceFormView.as_view(), name="evidence_edit"
    ),
]
