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
]
