"""Generic list page: scoped queryset → FilterSet → table with pagination → Excel export.
Every module's list page is a subclass that names its selector, filter, table and columns."""

from __future__ import annotations

import sys
from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import EmptyPage
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tables2 import RequestConfig

from core.audit import audit_record
from core.errors import ValidationFailed
from core.exports import Column, workbook_bytes, xlsx_response
from core.idsearch import ID_NUMBER_PARAM, id_number_to_key

PAGE_SIZES = (10, 20, 50, 100)
FILTER_AUTO_ID = "filter_%s"


def page_number(request: HttpRequest) -> int:
    """The ``?page=`` the list shows: a positive whole number. A number past the last page shows the last page
    (django-tables2's convention, kind to a link kept from before rows were removed); anything else is refused with
    a message that says what a page number is."""
    value = request.GET.get("page", "1").strip()
    digits = value.lstrip("0") if value.isascii() and value.isdigit() else ""
    if not digits:
        raise ValidationFailed(f"页码“{value[:20]}”无效：页码应为从 1 开始的整数，请使用列表下方的翻页链接", field="page")
    return int(digits) if len(digits) <= 18 else sys.maxsize  # a longer number is past the last page of any list


def page_size(request: HttpRequest) -> int:
    """The ``?per_page=`` the list shows: one of ``PAGE_SIZES``, otherwise the default of 20."""
    value = request.GET.get("per_page", "")
    return int(value) if value in {str(size) for size in PAGE_SIZES} else 20


class ScopedListView(LoginRequiredMixin):
    """GET renders the page (or only the table for htmx); ``?export=xlsx`` downloads the filtered rows."""

    model: Any = None
    filterset_class: Any = None
    table_class: Any = None
    title = ""
    template_name = "core/list.html"
    create_url_name = ""
    import_url_name = ""
    # The orgs the user may file a new record in (user → Org queryset), e.g. the offices among the orgs it may
    # write; without one, the add permission alone offers 新增. A bureau that supervises offices but files none of
    # their cases is then not offered a button that could only answer 403.
    create_orgs: Any = None
    export_columns: list[Column] = []
    export_filename = ""
    breadcrumbs: list[tuple[str, str]] = []
    # The fields the table reads (``QuerySet.only``), when it shows few of a wide model's columns: building 50 whole
    # rows cost more than printing them. Left empty, rows are loaded whole. The export keeps its own full rows.
    table_only: tuple[str, ...] = ()
    # The module's selector (user → the scoped rows with the joins and prefetches the table shows); without one,
    # the model's rows the user may see.
    selector: Any = None
    # What the export's columns read beyond the table (``select_related``), e.g. the org's name and the address.
    export_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        """The scoped rows: the declared ``selector``, or ``visible_to``; a module may override this."""
        selector = type(self).selector  # read from the class: a plain function, not bound to the view
        if selector is not None:
            return selector(request.user)  # type: ignore[no-any-return]
        return self.model._default_manager.visible_to(request.user, "view")

    @classmethod
    def as_view(cls) -> Any:
        def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            self = cls()
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if request.method == "POST":
                return self.post(request)
            return self.get(request)

        view.view_class = cls  # type: ignore[attr-defined]
        return view

    def can_create(self, request: HttpRequest) -> bool:
        create_orgs = type(self).create_orgs  # read from the class: a plain function, not bound to the view
        return create_orgs is None or bool(create_orgs(request.user).exists())

    def post(self, request: HttpRequest) -> HttpResponse:
        """The filter form posts (so a typed ID number never enters a URL): redirect to the list's address with the
        filters in the query string and the ID number replaced by its key (core/idsearch.py)."""
        return self.redirect_with_id_key(request, request.POST)

    def redirect_with_id_key(self, request: HttpRequest, params: QueryDict) -> HttpResponse:
        query = id_number_to_key(params).urlencode()
        return HttpResponseRedirect(f"{request.path}?{query}" if query else request.path, status=303)

    def get(self, request: HttpRequest) -> HttpResponse:
        if ID_NUMBER_PARAM in request.GET:  # an old link or a hand-typed address: take the number out of the URL
            return self.redirect_with_id_key(request, request.GET)
        perm = f"{self.model._meta.app_label}.view_{self.model._meta.model_name}"
        if not request.user.has_perm(perm):
            raise PermissionDenied(f"您没有查看{self.model._meta.verbose_name}的权限")
        filterset = self.filterset_class(request.GET or None, queryset=self.get_queryset(request), request=request)
        # The create/edit dialogs open on the same page with Django's default ``id_<name>`` ids: the filter form
        # gets its own prefix so that no HTML id appears twice and every label points at its own field.
        filterset.form.auto_id = FILTER_AUTO_ID
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
        if request.GET.get("export") == "xlsx":
            return self.export(request, self.ordered(request, qs))
        table = self.table_class(qs.only(*self.table_only) if self.table_only else qs)
        RequestConfig(request, paginate=False).configure(table)  # the sort; the page is chosen here
        try:
            table.paginate(page=page_number(request), per_page=page_size(request))
        except EmptyPage:  # past the last page: the last page, as django-tables2 does
            table.page = table.paginator.page(table.paginator.num_pages)
        add_perm = f"{self.model._meta.app_label}.add_{self.model._meta.model_name}"
        context = {
            "title": self.title,
            "filter": filterset,
            "table": table,
            "can_add": request.user.has_perm(add_perm) and self.can_create(request),
            "create_url": reverse(self.create_url_name) if self.create_url_name else "",
            "import_url": reverse(self.import_url_name) if self.import_url_name else "",
            "breadcrumbs": self.breadcrumbs or [(self.title, "")],
            "page_sizes": PAGE_SIZES,
            # On a phone the filter form is folded behind its button, which says when a filter is in force.
            "filters_active": any(request.GET.get(name) for name in filterset.form.fields),
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
        if self.export_related:
            qs = qs.select_related(*self.export_related)
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
