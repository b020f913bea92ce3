from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="list"),
    path("new/", views.person_create, name="create"),
    path("import/", views.person_import, name="import"),
    path("import/template/", views.person_import_template, name="import_template"),
    path("<uuid:uuid>/", views.PersonDetailView.as_view(), name="detail"),
    path("<uuid:uuid>/edit/", views.person_edit, name="edit"),
    path("<uuid:uuid>/reveal/", views.person_reveal, name="reveal"),
    path("<uuid:uuid>/merge/", views.person_merge, name="merge"),
]
