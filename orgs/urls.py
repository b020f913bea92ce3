from django.urls import path

from orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.OrgListView.as_view(), name="list"),
    path("<str:code>/", views.org_detail, name="detail"),
]
