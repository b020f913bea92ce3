from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from core.views import healthz
from sifasuo.api import api

admin.site.site_header = "数字司法所 系统管理"
admin.site.site_title = "数字司法所"
admin.site.index_title = "系统管理"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without a <link rel="icon"> (JSON, files): the same icon as base.html.
    path("favicon.ico", RedirectView.as_view(url=static("core/favicon.ico"), permanent=True)),
    path("api/v1/", api.urls),
    path("accounts/", include("accounts.urls")),
    path("orgs/", include("orgs.urls")),
    path("people/", include("people.urls")),
    path("mediation/", include("mediation.urls")),
    path("consultation/", include("consultation.urls")),
    path("corrections/", include("corrections.urls")),
    path("resettlement/", include("resettlement.urls")),
    path("legalaid/", include("legalaid.urls")),
    path("agency/", include("agency.urls")),
    path("portal/", include("portal.urls")),
    path("worklog/", include("worklog.urls")),
    path("assessment/", include("assessment.urls")),
    path("documents/", include("documents.urls")),
    path("supervision/", include("supervision.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
    path("", include("core.urls")),
]
