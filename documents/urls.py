from django.urls import path

from documents import views

app_name = "documents"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="list"),
    path("generate/<slug:kind>/<uuid:uuid>/", views.document_generate, name="generate"),
    path("<uuid:uuid>/download/", views.document_download, name="download"),
    path("<uuid:uuid>/pdf/", views.document_pdf, name="pdf"),
    path("<uuid:uuid>/pdf/request/", views.document_pdf_request, name="pdf_request"),
]
