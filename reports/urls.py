from django.urls import path, re_path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("<slug:code>/<str:org>/<str:period>/", views.report_table, name="table"),
    re_path(r"^(?P<code>[-\w]+)/(?P<org>[^/]+)/(?P<period>[^/]+)/(?P<fmt>xlsx|docx)/$", views.report_download, name="download"),
]
