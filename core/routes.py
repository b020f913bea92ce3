"""The standard API routes of a module, declared instead of written: a list (the page's filters, limit/offset pages),
a record (404 outside the user's data scope, exactly like a missing one) and an action on a record (404 outside the
scope, 403 when the user may only read it or lacks the permission, then a service call).

Each helper registers one operation on a ``ninja.Router`` through django-ninja's public decorators (``router.get``,
``router.api_operation``, ``ninja.pagination.paginate``) and returns the view function, so that a module can call it
after a write (``return consultation_detail(request, uuid)``). ``name`` is the function's name: the URL name
(``api:<name>``) and the OpenAPI ``operationId``; ``description`` is its docstring, shown in the OpenAPI document.
Business errors need no code here: a service raises ``core.errors`` exceptions and ``core.api`` turns them into
``{code, message, field}`` with their status (400, 403, 404, 409 …); the routes declare those answers in the document.

The view's parameters are given to django-ninja as an ``inspect.Signature`` (Python's documented ``__signature__``
protocol, which ``inspect.signature`` reads): the filter and payload schemas and the path parameter differ per route."""

import inspect
import uuid as uuid_lib
from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from core.access import access_object, require_perm
from core.api import ERRORS_READ, ERRORS_WRITE, ErrorOut, Pagination, filter_queryset
from core.errors import NotFound, ValidationFailed

Selector = Callable[[Any], QuerySet]  # the user → the rows the user may see, joined for the schema
Fetch = Callable[[HttpRequest, Any], Any]  # (request, path value) → the record, or None when it is not visible


def _param(name: str, annotation: Any) -> inspect.Parameter:
    return inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation)


def _declare(view: Callable[..., Any], *, name: str, description: str, params: list[inspect.Parameter]) -> None:
    """Give the view its operation's name, description and parameters (after ``request``)."""
    view.__name__ = view.__qualname__ = name
    view.__doc__ = description or None
    view.__signature__ = inspect.Signature([_param("request", HttpRequest), *params])  # type: ignore[attr-defined]


def _lookup_type(lookup: str) -> type:
    return uuid_lib.UUID if lookup == "uuid" else str


def not_found(model: type[Model], noun: str = "") -> NotFound:
    """The one answer for a record that does not exist and for one outside the user's data scope."""
    return NotFound(f"未找到该{noun or model._meta.verbose_name}，或您无权查看")


def list_route(
    router: Router, path: str, *, name: str, response: Any, filters: type[Schema], filterset: Any, selector: Selector,
    summary: str, description: str = "", order_by: tuple[str, ...] = (), perm: tuple[str, str] | None = None,
) -> Callable[..., QuerySet]:
    """``GET path`` → ``{items, count}``: the user's rows from ``selector``, filtered by the module's FilterSet (the
    one the list page and its export use; an invalid filter is 400), in ``order_by`` order, ``?limit=&offset=`` pages.
    ``perm`` = (permission, what it allows in words) answers 403 to a user without it."""

    def view(request: HttpRequest, filters: Schema) -> QuerySet:
        if perm:
            require_perm(request.user, perm[0], what=perm[1])
        rows = filter_queryset(filterset, filters, selector(request.user), request)
        return rows.order_by(*order_by) if order_by else rows

    _declare(view, name=name, description=description, params=[_param("filters", Query[filters])])  # type: ignore[misc,valid-type]
    answer = list[response] if perm is None else {200: list[response], 403: ErrorOut}
    router.get(path, response=answer, summary=summary, operation_id=name, url_name=name)(paginate(Pagination)(view))
    return view


def detail_route(
    router: Router, path: str, *, name: str, response: Any, model: type[Model], summary: str, description: str = "",
    selector: Selector | None = None, fetch: Fetch | None = None, lookup: str = "uuid", noun: str = "",
) -> Callable[[HttpRequest, Any], Any]:
    """``GET path`` → the record named by the path parameter ``lookup``: ``fetch(request, value)``, or the row of
    ``selector(user)`` with that value; 404 with the same message whether it is missing or outside the scope (``noun``
    names the record in it when the model's name is too general).
    Returns the reader ``record(request, value)``, for a write's answer to show the record as this route does."""
    if (selector is None) == (fetch is None):
        raise TypeError("detail_route needs exactly one of selector= and fetch=")

    def record(request: HttpRequest, value: Any) -> Any:
        obj = fetch(request, value) if fetch else selector(request.user).filter(**{lookup: value}).first()  # type: ignore[misc]
        if obj is None:
            raise not_found(model, noun)
        return obj

    def view(request: HttpRequest, **kwargs: Any) -> Any:
        return record(request, kwargs[lookup])

    _declare(view, name=name, description=description, params=[_param(lookup, _lookup_type(lookup))])
    router.get(path, response={200: response, **ERRORS_READ}, summary=summary, operation_id=name, url_name=name)(view)
    return record


def action_route(
    router: Router, path: str, *, name: str, model: type[Model], run: Callable[..., Any], summary: str,
    description: str = "", response: Any, reader: Callable[[HttpRequest, Any], Any] | None = None,
    answer: Callable[..., Any] | None = None, status: int = 200, payload: type[Schema] | None = None,
    perm: tuple[str, str] | None = None, method: str = "POST", lookup: str = "uuid", action: str = "change",
    errors: dict[int, Any] | None = None,
) -> Callable[..., Any]:
    """``POST path`` (or ``method``) on one record: the record the user may ``action`` (404 outside the scope, 403
    when the user may only read it), ``perm`` = (permission, what it allows in words) or 403, then
    ``run(request, obj, payload)`` — the service call, which raises ``core.errors`` to refuse — and the answer with
    ``status``: ``answer(request, obj, result)``, or the record read again by ``reader`` (what ``detail_route``
    returned: the record as its detail route shows it), or what ``run`` returned. The service's errors leave as
    ``{code, message, field}``."""

    def view(request: HttpRequest, **kwargs: Any) -> Any:
        obj = access_object(request.user, model, action=action, **{lookup: kwargs[lookup]})
        if perm:
            require_perm(request.user, perm[0], what=perm[1])
        result = run(request, obj, kwargs.get("payload"))
        if answer is not None:
            body = answer(request, obj, result)
        else:
            body = reader(request, kwargs[lookup]) if reader is not None else result
        return Status(status, body) if status != 200 else body

    params = [_param(lookup, _lookup_type(lookup))]
    if payload is not None:
        params.append(_param("payload", payload))
    _declare(view, name=name, description=description, params=params)
    router.api_operation([method], path, response={status: response, **(errors or ERRORS_WRITE)}, summary=summary,
                         operation_id=name, url_name=name)(view)
    return view


def changes_given(payload: Schema) -> dict[str, Any]:
    """The fields a PATCH gives, refusing ``null``: a field left out keeps its value, a field given must have one."""
    changes = payload.dict(exclude_unset=True)
    for field, value in changes.items():
        if value is None:
            raise ValidationFailed(f"“{field}”不能为空；不修改的字段请不要放在请求中", field=field)
    return changes
