"""Responses at the edges of the site: the API answers JSON for every error, and a signed-in user's pages are never
kept in a cache.

django-ninja answers errors raised inside its endpoints (``core.api.install_error_handlers``); a path under ``/api/``
that matches no endpoint, a method an endpoint does not take, a CSRF failure or an unexpected exception is answered by
Django itself, with an HTML page meant for a browser. An API client must be able to read every answer as JSON."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import patch_cache_control

API_PREFIX = "/api/"

# status → (code, message) of the JSON body; the message says what the client can do about it.
_API_ERRORS = {
    400: ("bad_request", "请求不正确，请检查请求地址、参数和请求内容"),
    401: ("unauthenticated", "请先登录，或在请求头中提供有效的访问令牌（Authorization: Bearer <令牌>）"),
    403: ("forbidden", "没有权限执行此操作；修改类请求还须带 CSRF 令牌或改用访问令牌"),
    404: ("not_found", "接口地址不存在，请对照 /api/v1/docs 检查请求地址"),
    405: ("method_not_allowed", "该接口不支持此请求方法"),
    413: ("too_large", "请求内容过大"),
    429: ("too_many_requests", "请求过于频繁，请稍后再试"),
    500: ("server_error", "服务器内部错误，已记录日志；请稍后重试，或联系系统管理员"),
    502: ("bad_gateway", "服务暂时不可用，请稍后重试"),
    503: ("unavailable", "服务暂时不可用，请稍后重试"),
}
# Headers of the original answer that tell the client how to go on.
_KEPT_HEADERS = ("Allow", "WWW-Authenticate", "Retry-After")


def api_error_response(status: int, *, allow: str = "") -> JsonResponse:
    """``{code, message, field}`` — the body every API error has — for a bare HTTP status."""
    code, message = _API_ERRORS.get(status, (f"http_{status}", "请求未能完成"))
    if status == 405 and allow:
        message = f"该接口不支持此请求方法，可用的方法：{allow}"
    return JsonResponse({"code": code, "message": message, "field": None}, status=status, json_dumps_params={"ensure_ascii": False})


class ApiJsonErrorMiddleware:
    """Outermost middleware: an error answer under ``/api/`` that is not JSON is replaced by the JSON body for its
    status (Django has already logged the exception behind a 500)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code < 400 or not request.path.startswith(API_PREFIX):
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        replaced = api_error_response(response.status_code, allow=response.get("Allow", ""))
        for header in _KEPT_HEADERS:
            if header in response:
                replaced[header] = response[header]
        for name, cookie in response.cookies.items():
            replaced.cookies[name] = cookie
        return replaced


class PrivateCacheMiddleware:
    """``Cache-Control: no-store, private`` on every answer to a signed-in user (a session or an API token): a
    shared computer's browser cache or a proxy must not keep pages with personal data. Placed before the
    authentication middleware so that it sees the user the request ended with."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
