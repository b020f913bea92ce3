"""Generic list page: scoped queryset → FilterSet → table with pagination → Excel export.
Every module's list page is a subclass that names its selector, filter, table and columns."""

from __future__ import annotations

import copy
from typing import Any

import django_filters
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, get_resolver
from django_filters.filters import FilterMethod, QuerySetRequestMixin
from django_tables2 import RequestConfig

from core.audit import audit_record
from core.exports import Column, workbook_bytes, xlsx_response
from core.menu import reverse_once
from core.pagination import ListPaginator

PAGE_SIZES = (10, 20, 50, 100)
FILTER_AUTO_ID = "filter_%s"


def copy_column(column: Any, memo: dict[int, Any]) -> Any:
    """``Column.__deepcopy__`` (installed by ``CoreConfig.ready``): each table copies its class's columns so that it
    may change them without touching the class — django-tables2 sets attributes on its copies (``visible`` when a
    column is hidden, ``accessor``), and nothing changes the dicts they hold (``attrs``: ``BoundColumn.attrs``
    builds new ones). A copy of the column object is enough for that; a deep copy of every column's attributes,
    verbose names and link settings cost a third of building the table on each list page."""
    clone = object.__new__(type(column))  # copy.copy() without its __reduce_ex__ round trip (columns have no slots)
    clone.__dict__.update(column.__dict__)
    memo[id(column)] = clone
    return clone


def copy_filter(filter_: Any, memo: dict[int, Any]) -> Any:
    """``Filter.__deepcopy__`` (installed by ``CoreConfig.ready``): each FilterSet copies its class's filters, then
    gives each copy its model and parent and, in a page's ``__init__``, its choices (``extra``). A copy of the filter
    with a dict of its own for ``extra`` serves that: the widget in it is copied when the form field is built, the
    form field is built anew for the copy, and a ``method`` is bound to the copy. A deep copy of every widget and
    choice list cost more than the rest of the FilterSet."""
    clone = copy.copy(filter_)
    memo[id(filter_)] = clone
    clone.extra = dict(filter_.extra)
    clone.__dict__.pop("_field", None)
    if isinstance(filter_.__dict__.get("filter"), FilterMethod):
        clone.filter = FilterMethod(clone)
    return clone


_form_classes: dict[type, type] = {}


class ListFilterSet(django_filters.FilterSet):
    """The base of every list page's FilterSet. django-filter builds a new form class for each filterset — a
    field per filter, then ``type()`` — which cost more than validating the form; here the class is built once
    per FilterSet class when its fields cannot differ between instances: the FilterSet neither overrides
    ``__init__`` (where the pages set choices from the 码表) nor ``get_form_class``, and no filter takes a
    callable queryset (chosen per request) or callable choices. Otherwise each instance builds its own, as
    django-filter does."""

    def get_form_class(self) -> Any:
        cls = type(self)
        found = _form_classes.get(cls)
        if found is not None:
            return found
        form_class = super().get_form_class()
        if self._fields_are_static():
            _form_classes[cls] = form_class
            form_class.static_fields = True
        return form_class

    def _fields_are_static(self) -> bool:
        cls = type(self)
        if cls.__init__ is not django_filters.FilterSet.__init__ or cls.get_form_class is not ListFilterSet.get_form_class:
            return False
        for filter_ in self.filters.values():
            if isinstance(filter_, QuerySetRequestMixin) and callable(filter_.queryset):
                return False
            if callable(filter_.extra.get("choices")):
                return False
        return set(self.filters) == set(self.base_filters)


def _sets_a_filter(params: Any, filterset_class: Any) -> bool:
    """Whether the query string holds a field of the filter form: a filter's name, or a part of a field with
    several inputs (``<name>_after``, ``<name>_0``)."""
    names = filterset_class.base_filters
    return any(key in names or any(key.startswith(f"{name}_") for name in names) for key in params)


class ScopedListView(LoginRequiredMixin):
    """GET renders the page (or only the table for htmx); ``?export=xlsx`` downloads the filtered rows."""

    model: Any = None
    filterset_class: Any = None
    table_class: Any = None
    title = ""
    template_name = "core/list.html"
    create_url_name = ""
    import_url_name = ""
    export_columns: list[Column] = []
    export_filename = ""
    breadcrumbs: list[tuple[str, str]] = []
    # The fields the table reads (``QuerySet.only``), when it shows few of a wide model's columns: building 50 whole
    # rows cost more than printing them. Left empty, rows are loaded whole. The export keeps its own full rows.
    table_only: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """The scoped rows; a module overrides this with its selector to add joins and prefetches."""
        return self.model._default_manager.visible_to(request.user, "view")

    @classmethod
    def as_view(cls) -> Any:
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            self = cls()
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            return self.get(request)

        view.view_class = cls  # type: ignore[attr-defined]
        return view

    def get(self, request: HttpRequest) -> HttpResponse:
        perm = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        if not request.user.has_perm(perm):
            raise PermissionDenied(f"您没有查看{self.model._meta.verbose_name}的权限")
        # Bound only when the query string sets one of its filters (the page, page size, sort or export alone do
        # not): an unbound filterset lists the rows as they are, as a bound one with every filter empty does.
        data = request.GET if _sets_a_filter(request.GET, self.filterset_class) else None
        filterset = self.filterset_class(data, queryset=self.get_queryset(request), request=request)
        # The create/edit dialogs open on the same page with Django's default ``id_<name>`` ids: the filter form
        # gets its own prefix so that no HTML id appears twice and every label points at its own field.
        filterset.form.auto_id = FILTER_AUTO_ID
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        if request.GET.get("export") == "xlsx":
            return self.export(request, self.ordered(request, qs))
        data = qs.only(*self.table_only) if self.table_only else qs
        # A table reads a queryset's explicit ordering back into its columns (which header shows ▲/▼); without one,
        # and with none of its own, it starts unordered: said here, it skips working out every column's sort alias.
        unordered = not data.query.order_by and self.table_class._meta.order_by is None
        table = self.table_class(data, order_by=() if unordered else None)
        try:
            per_page = int(request.GET.get("per_page", 20))
        except ValueError:
            per_page = 20
        RequestConfig(request, paginate={"per_page": per_page if per_page in PAGE_SIZES else 20,
                                         "paginator_class": ListPaginator}).configure(table)
        add_perm = f"{self.model._meta.app_label}.add_{self.model._meta.model_name}"
        context = {
            "title": self.title,
            "filter": filterset,
            "table": table,
            "can_add": request.user.has_perm(add_perm),
            "create_url": reverse_once(self.create_url_name) if self.create_url_name else "",
            "import_url": reverse_once(self.import_url_name) if self.import_url_name else "",
            "breadcrumbs": self.breadcrumbs or [(self.title, "")],
            "page_sizes": PAGE_SIZES,
        }
        if getattr(request, "htmx", False) and request.htmx.target == "list-table":  # type: ignore[attr-defined]
            return render(request, f"{self.template_name}#table", context)
        return render(request, self.template_name, context)

    def ordered(self, request: HttpRequest, qs: QuerySet) -> QuerySet:
        """The rows in the order the table shows them: its ``?sort=`` translated by the table's columns (an
        export holds exactly what the filtered, sorted list shows, on every page)."""
        sort = request.GET.getlist("sort")
        if not sort:
            return qs
        table = self.table_class(qs)
        table.order_by = sort
        return table.data.data

    def export(self, request: HttpRequest, qs: QuerySet) -> HttpResponse:
        content = workbook_bytes(title=self.title, columns=self.export_columns, rows=qs.iterator(chunk_size=2000))
        audit_record(actor=request.user, action="export", summary=f"导出{self.title}（{qs.count()}条）", ip_address=request.META.get("REMOTE_ADDR"))
        return xlsx_response(filename=self.export_filename or self.title, content=content)


def list_views() -> list[tuple[str, type[ScopedListView]]]:
    """(``/route``, view class) of every URL pattern served by a ScopedListView, found by walking the URL patterns
    (routes with parameters included): the benchmark's query counts and the list-page tests cover every list this way."""
    found: list[tuple[str, type[ScopedListView]]] = []

    def walk(patterns: list[Any], prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern):
                view_class = getattr(p.callback, "view_class", None)
                if isinstance(view_class, type) and issubclass(view_class, ScopedListView):
                    found.append(("/" + route.lstrip("^").rstrip("$"), view_class))

    walk(get_resolver().url_patterns, "")
    return found


def list_urls() -> list[str]:
    """Every parameter-free list URL, sorted."""
    return sorted({route for route, _ in list_views() if "<" not in route})
