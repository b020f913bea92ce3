"""Turns business errors into the right response: a 404/403 page, a JSON body, or a toast."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from core.errors import AccessDenied, NotFound, SifasuoError


class ErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if isinstance(exc, NotFound):
            raise Http404(exc.message)
        if isinstance(exc, AccessDenied):
            raise PermissionDenied(exc.message)
        if isinstance(exc, SifasuoError):
            if request.path.startswith("/api/"):
                return JsonResponse(exc.as_dict(), status=exc.status)
            if getattr(request, "htmx", False):
                response = HttpResponse(status=exc.status)
                response["HX-Reswap"] = "none"
                response["HX-Trigger"] = json.dumps({"toast": {"level": "danger", "message": exc.message}})
                return response
            return render(request, "core/error.html", {"message": exc.message}, status=exc.status)
        return None
