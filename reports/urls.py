from django.urls import path, register_converter

from reports import views


class FormatConverter:
    regex = "xlsx|docx"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "report_format")

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("<slug:code>/<str:org>/<str:period>/", views.report_table, name="table"),
    path("<slug:code>/<str:org>/<str:period>/<report_format:fmt>/", views.report_download, name="download"),
]
