from django.urls import path

from goldenthread.challenge import views

app_name = "challenge"

urlpatterns = [
    path("challenge/", views.IndexView.as_view(), name="index"),
    path("challenge/meetings/add/", views.MeetingFormView.as_view(), name="meeting_add"),
    path("challenge/meetings/schedule/", views.ScheduleView.as_view(), name="schedule"),
    path("challenge/meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("challenge/meetings/<int:pk>/edit/", views.MeetingFormView.as_view(), name="meeting_edit"),
    path("challenge/meetings/<int:pk>/choose/", views.ItemChooseView.as_view(), name="item_choose"),
    path("challenge/meetings/<int:pk>/items/add/", views.ItemFormView.as_view(), name="item_add"),
    path(
        "challenge/meetings/<int:pk>/items/<int:item>/",
        views.ItemFormView.as_view(),
        name="item_edit",
    ),
    path(
        "challenge/<source>/<int:pk>/actions/add/",
        views.AgreedActionView.as_view(),
        name="action_add",
    ),
    path("challenge/scrutiny/", views.ScrutinyView.as_view(), name="scrutiny"),
    path("challenge/scrutiny/topics/add/", views.TopicFormView.as_view(), name="topic_add"),
    path(
        "challenge/scrutiny/topics/<int:pk>/edit/", views.TopicFormView.as_view(), name="topic_edit"
    ),
    path("challenge/scrutiny/notes/add/", views.NoteFormView.as_view(), name="note_add"),
    path("challenge/scrutiny/notes/<int:pk>/edit/", views.NoteFormView.as_view(), name="note_edit"),
    path("challenge/best-value/", views.ProgrammeView.as_view(), name="programme"),
    path("challenge/best-value/add/", views.ReviewFormView.as_view(), name="review_add"),
    path("challenge/best-value/<int:pk>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("challenge/best-value/<int:pk>/edit/", views.ReviewFormView.as_view(), name="review_edit"),
    path(
        "challenge/best-value/<int:pk>/complete/",
        views.ReviewCompleteView.as_view(),
        name="review_complete",
    ),
    path("challenge/inspections/", views.InspectionListView.as_view(), name="inspection_list"),
    path("challenge/inspections/add/", views.InspectionFormView.as_view(), name="inspection_add"),
    path(
        "challenge/inspections/<int:pk>/",
        views.InspectionDetailView.as_view(),
        name="inspection_detail",
    ),
    path(
        "challenge/inspections/<int:pk>/edit/",
        views.InspectionFormView.as_view(),
        name="inspection_edit",
    ),
    path("challenge/turning-the-curve/", views.WorksheetListView.as_view(), name="worksheet_list"),
    path(
        "challenge/turning-the-curve/add/", views.WorksheetFormView.as_view(), name="worksheet_add"
    ),
    path(
        "challenge/turning-the-curve/<int:pk>/",
        views.WorksheetDetailView.as_view(),
        name="worksheet_detail",
    ),
    path(
        "challenge/turning-the-curve/<int:pk>/edit/",
        views.WorksheetFormView.as_view(),
        name="worksheet_edit",
    ),
    path(
        "challenge/turning-the-curve/<int:pk>/partners/add/",
        views.PartnerFormView.as_view(),
        name="partner_add",
    ),
]
