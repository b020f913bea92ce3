from django.urls import path

from consultation import views

app_name = "consultation"
urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="consultation_list"),
    path("new/", views.consultation_create, name="consultation_create"),
    path("new/transcript/", views.consultation_create_transcript, name="consultation_create_transcript"),
    path("<uuid:uuid>/", views.ConsultationDetailView.as_view(), name="consultation_detail"),
    path("<uuid:uuid>/edit/", views.consultation_edit, name="consultation_edit"),
    path("<uuid:uuid>/transcript/", views.consultation_transcript, name="consultation_transcript"),
    path("<uuid:uuid>/convert/", views.consultation_convert, name="consultation_convert"),
]
