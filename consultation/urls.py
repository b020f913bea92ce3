from django.urls import path

from consultation import views

app_name = "consultation"
urlpatterns = [
    path("", views.ConsultationListView.as_view(), name="consultation_list"),
    path("new/", views.consultation_create, name="consultation_create"),
    path("<uuid:uuid>/", views.consultation_detail, name="consultation_detail"),
    path("<uuid:uuid>/edit/", views.consultation_edit, name="consultation_edit"),
    path("<uuid:uuid>/convert/", views.consultation_convert, name="consultation_convert"),
]
