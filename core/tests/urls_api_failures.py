"""The project's URLs plus two API paths that fail below django-ninja, as a broken middleware or view would."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import path

from sifasuo.urls import urlpatterns as project_urlpatterns


def _crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("出错了")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [path("api/v1/test-crash", _crash), path("api/v1/test-forbidden", _forbidden), *project_urlpatterns]
