from django.urls import path

from corrections import views

app_name = "corrections"
urlpatterns = [
    path("", views.SubjectListView.as_view(), name="subject_list"),
    path("receive/", views.subject_receive, name="subject_receive"),
    path("<uuid:uuid>/", views.subject_detail, name="subject_detail"),
    path("<uuid:uuid>/edit/", views.subject_edit, name="subject_edit"),
    path("<uuid:uuid>/release/", views.subject_release, name="subject_release"),
]
