"""Generic record page: the record the user may see (404 otherwise, the same answer as for a missing one), whether the
user may change it, the breadcrumbs back to its list, and the page built from panels.

A module's page is a ``RecordView`` subclass naming its model, how it reads the record, its title and its panels; a
page that needs a layout of its own names its template and reads the same context (the record under
``object_name``, ``can_change``, ``panels``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


@dataclass(frozen=True)
class Panel:
    """One box of a record page: ``fields`` as (label, attribute path or function of the record) printed as a
    definition list, or ``template`` rendered with the page's context. ``side`` puts it in the narrow right column."""

    title: str
    fields: tuple[tuple[str, str | Callable[[Any], Any]], ...] = ()
    template: str = ""
    side: bool = False

    def rows(self, obj: Any) -> list[tuple[str, Any]]:
        return [(label, value(obj) if callable(value) else _attribute(obj, value)) for label, value in self.fields]


def _attribute(obj: Any, path: str) -> Any:
    """``person.name`` of the record; a ``get_FOO_display`` method is called. None stops the walk."""
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
        if callable(obj) and not isinstance(obj, Model):
            obj = obj()
    return obj


class RecordView:
    """GET shows one record. Declare ``model``, ``list_title`` and ``list_url_name`` (the breadcrumb back), and
    ``panels`` or ``template_name``, and ``heading``; override ``get_object`` to read through the module's selector
    (joins, prefetches) and ``get_context`` for what the page adds."""

    model: Any = None
    lookup = "uuid"
    template_name = "core/detail.html"
    object_name = "obj"
    list_title = ""
    list_url_name = ""
    heading = "{obj}"  # the page's title, with ``{obj…}`` fields of the record
    crumb_text = ""  # the record's last breadcrumb when shorter than the title
    panels: list[Panel] = []

    def get_object(self, request: HttpRequest, value: Any) -> Any:
        """The record the user may see, or None. The default is the model's scoped rows (``visible_to``)."""
        return self.model._default_manager.visible_to(request.user, "view").filter(**{self.lookup: value}).first()

    def title(self, obj: Any) -> str:
        return self.heading.format(obj=obj)

    def crumb(self, obj: Any) -> str:
        return self.crumb_text.format(obj=obj) if self.crumb_text else self.title(obj)

    def get_context(self, request: HttpRequest, obj: Any, *, can_change: bool) -> dict[str, Any]:
        return {}

    @classmethod
    def as_view(cls) -> Any:
        def view(request: HttpRequest, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return cls().get(request, kwargs[cls.lookup])

        view.view_class = cls  # type: ignore[attr-defined]
        return view

    def get(self, request: HttpRequest, value: Any) -> HttpResponse:
        obj = self.get_object(request, value)
        if obj is None:
            raise Http404(f"未找到该{self.model._meta.verbose_name}，或您无权查看")
        can_change = self.model._default_manager.visible_to(request.user, "change").filter(pk=obj.pk).exists()
        list_url = reverse(self.list_url_name) if self.list_url_name else ""
        context = {
            "title": self.title(obj),
            self.object_name: obj,
            "object": obj,
            "can_change": can_change,
            "panels": [(panel, panel.rows(obj)) for panel in self.panels],
            "breadcrumbs": [(self.list_title, list_url), (self.crumb(obj), "")] if self.list_title else [(self.title(obj), "")],
            **self.get_context(request, obj, can_change=can_change),
        }
        return render(request, self.template_name, context)

