"""The JSON API under ``/api/v1/``: one NinjaAPI, one router per module, OpenAPI at ``openapi.json``."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from accounts.api import admin_router as accounts_admin_router
from accounts.api import router as accounts_router
from accounts.api_auth import SessionAuth, TokenAuth
from agency.api import router as agency_router
from assessment.api import router as assessment_router
from consultation.api import router as consultation_router
from core.api import ChineseJSONRenderer, document_error_answers, id_key_router, install_error_handlers, tasks_router
from core.api import router as core_router
from corrections.api import router as corrections_router
from corrections.api_duties import router as corrections_duties_router
from corrections.api_phone import router as corrections_phone_router
from corrections.api_plans import router as corrections_plans_router
from corrections.api_records import router as corrections_records_router
from dashboard.api import router as dashboard_router
from documents.api import router as documents_router
from legalaid.api import router as legalaid_router
from mediation.api import router as mediation_router
from orgs.api import router as orgs_router
from people.api import router as people_router
from reports.api import router as reports_router
from resettlement.api import router as resettlement_router
from supervision.api import router as supervision_router
from worklog.api import router as worklog_router


class SifasuoAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Endpoint functions are named uniquely across modules (person_list, org_detail …).
        return operation.view_func.__name__

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        document_error_answers(schema)
        return schema


api = SifasuoAPI(
    title="数字司法所 API",
    version="1",
    description="数字司法所业务数据接口。认证：浏览器登录会话（修改类请求须带 CSRF 令牌），"
    "或个人访问令牌（请求头 Authorization: Bearer <令牌>，令牌由 POST /api/v1/auth/token 签发）。",
    auth=[TokenAuth(), SessionAuth()],
    renderer=ChineseJSONRenderer(),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
install_error_handlers(api)

api.add_router("/auth", accounts_router)
api.add_router("/accounts", accounts_admin_router)
api.add_router("/", orgs_router)
api.add_router("/", id_key_router)
api.add_router("/people", people_router)
api.add_router("/mediation", mediation_router)
api.add_router("/consultation", consultation_router)
api.add_router("/legalaid", legalaid_router)
api.add_router("/agency", agency_router)
api.add_router("/corrections", corrections_router)
api.add_router("/resettlement", resettlement_router)
api.add_router("/corrections", corrections_duties_router)
api.add_router("/corrections", corrections_plans_router)
api.add_router("/corrections", corrections_phone_router)
api.add_router("/corrections", corrections_records_router)
api.add_router("/supervision", supervision_router)
api.add_router("/tasks", tasks_router)
api.add_router("/", documents_router)
api.add_router("/", core_router)
api.add_router("/worklog", worklog_router)
api.add_router("/assessment", assessment_router)
api.add_router("/dashboard", dashboard_router)
api.add_router("/reports", reports_router)
