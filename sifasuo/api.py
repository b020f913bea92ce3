"""The JSON API under ``/api/v1/``: one NinjaAPI, one router per module, OpenAPI at ``openapi.json``."""

from __future__ import annotations

from ninja import NinjaAPI
from ninja.operation import Operation

from accounts.api import router as accounts_router
from accounts.api_auth import SessionAuth, TokenAuth
from consultation.api import router as consultation_router
from core.api import ChineseJSONRenderer, id_key_router, install_error_handlers, tasks_router
from corrections.api import router as corrections_router
from legalaid.api import router as legalaid_router
from mediation.api import router as mediation_router
from orgs.api import router as orgs_router
from people.api import router as people_router
from supervision.api import router as supervision_router


class SifasuoAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Endpoint functions are named uniquely across modules (person_list, org_detail …).
        return operation.view_func.__name__


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
api.add_router("/", orgs_router)
api.add_router("/", id_key_router)
api.add_router("/people", people_router)
api.add_router("/mediation", mediation_router)
api.add_router("/consultation", consultation_router)
api.add_router("/legalaid", legalaid_router)
api.add_router("/corrections", corrections_router)
api.add_router("/supervision", supervision_router)
api.add_router("/tasks", tasks_router)
