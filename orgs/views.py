"""机构管理: the org tree the user may see (read-only here; structural changes go through the admin and
the org services), and each org's members."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from core.access import access_object, require_perm
from core.http import AuthedRequest
from core.lists import ScopedListView
from orgs.filtersets import OrgFilterSet
from orgs.models import Org
from orgs.selectors import org_members
from orgs.tables import OrgTable


class OrgListView(ScopedListView):
    model = Org
    filterset_class = OrgFilterSet
    table_class = OrgTable
    title = "机构管理"
    export_filename = "机构"
    export_columns = [
        ("机构编码", lambda o: o.code),
        ("名称", lambda o: o.name),
        ("简称", lambda o: o.short_name),
        ("类型", lambda o: o.get_kind_display()),
        ("行政区划", lambda o: o.region.name),
        ("文书代字", lambda o: o.doc_abbr),
        ("地址", lambda o: o.address),
        ("电话", lambda o: o.phone),
        ("人员数", lambda o: o.member_count),
        ("状态", lambda o: "启用" if o.is_active else "停用"),
    ]
    breadcrumbs = [("系统管理", ""), ("机构管理", "")]

    def get_queryset(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        return (
            Org.objects.visible_to(request.user, "view")
            .select_related("region")
            .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
            .order_by("path")
        )


@login_required
def org_detail(request: AuthedRequest, code: str) -> HttpResponse:
    require_perm(request.user, "orgs.view_org", what="查看机构")
    org = access_object(request.user, Org, code=code)
    parent = Org.objects.filter(path=org.path[: -Org.steplen]).first() if org.depth > 1 else None
    children = (
        Org.objects.visible_to(request.user, "view").filter(path__startswith=org.path, depth=org.depth + 1)
        .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
    )
    members, manageable = org_members(request.user, org)
    return render(request, "orgs/org_detail.html", {
        "title": org.name, "org": org, "parent": parent, "children": children, "members": members,
        "linked_user_ids": manageable,
        "breadcrumbs": [("系统管理", ""), ("机构管理", reverse("orgs:list")), (org.name, "")],
    })
