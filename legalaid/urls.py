from django.urls import path

from legalaid import views

app_name = "legalaid"
urlpatterns = [
    path("", views.ApplicationListView.as_view(), name="application_list"),
    path("new/", views.application_create, name="application_create"),
    path("from-consultation/<uuid:uuid>/", views.application_from_consultation, name="application_from_consultation"),
    path("<uuid:uuid>/", views.ApplicationDetailView.as_view(), name="application_detail"),
    path("<uuid:uuid>/edit/", views.application_edit, name="application_edit"),
    path("<uuid:uuid>/forward/", views.application_forward, name="application_forward"),
    path("<uuid:uuid>/not-accept/", views.application_not_accept, name="application_not_accept"),
    path("centre/", views.ReviewListView.as_view(), name="review_list"),
    path("centre/new/", views.review_create, name="review_create"),
    path("centre/notice/", views.notice_create, name="notice_create"),
    path("centre/<uuid:uuid>/", views.ReviewDetailView.as_view(), name="review_detail"),
    path("centre/<uuid:uuid>/materials/", views.review_materials, name="review_materials"),
    path("centre/<uuid:uuid>/materials-received/", views.review_materials_received, name="review_materials_received"),
    path("centre/<uuid:uuid>/advance/", views.review_advance, name="review_advance"),
    path("centre/<uuid:uuid>/decide/", views.review_decide, name="review_decide"),
    path("centre/<uuid:uuid>/assign/", views.review_assign, name="review_assign"),
    path("centre/<uuid:uuid>/objection/", views.review_objection, name="review_objection"),
    path("centre/<uuid:uuid>/objection-decide/", views.review_objection_decide, name="review_objection_decide"),
    path("providers/", views.ProviderListView.as_view(), name="provider_list"),
    path("providers/new/", views.provider_create, name="provider_create"),
    path("providers/<uuid:uuid>/", views.ProviderDetailView.as_view(), name="provider_detail"),
    path("providers/<uuid:uuid>/edit/", views.provider_edit, name="provider_edit"),
    path("cases/", views.AssignmentListView.as_view(), name="assignment_list"),
    path("cases/<uuid:uuid>/", views.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("cases/<uuid:uuid>/progress/", views.assignment_progress, name="assignment_progress"),
    path("cases/<uuid:uuid>/end/", views.assignment_end, name="assignment_end"),
    path("cases/<uuid:uuid>/close/", views.assignment_close, name="assignment_close"),
    path("cases/<uuid:uuid>/terminate/", views.assignment_terminate, name="assignment_terminate"),
    path("cases/<uuid:uuid>/quality/", views.assignment_quality, name="assignment_quality"),
    path("cases/<uuid:uuid>/visit/", views.assignment_visit, name="assignment_visit"),
    path("cases/<uuid:uuid>/change-provider/", views.assignment_change, name="assignment_change"),
]
