"""Turns business errors into the right response: a 404/403 page, a JSON body, or a toast; hands views the user
object itself."""

from __future__ import annotations

import json
from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.functional import LazyObject, empty

from core.errors import AccessDenied, NotFound, SifasuoError


class EvaluatedUserMiddleware:
    """``request.user`` as the user object itself instead of the lazy wrappers of the authentication and OTP
    middlewares (placed after both). The middlewares before the view read the user on every request anyway; after
    that each attribute a view, a selector or the page shell reads through a wrapper cost two Python calls — on a
    list page, which checks permissions, works out the data scope and builds the menu, over a hundred."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        while isinstance(user, LazyObject):
            if user._wrapped is empty:  # type: ignore[attr-defined]
                user._setup()  # type: ignore[attr-defined]
            user = user._wrapped  # type: ignore[attr-defined]
        if user is not None:
            request.user = user
        return self.get_response(request)


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
