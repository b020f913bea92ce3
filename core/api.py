"""Shared plumbing of the JSON API: the error bodies every endpoint returns, limit/offset pagination and FilterSet
reuse, the OpenAPI document's error answers, and the routes of the core pages (messages, task runs, 操作日志).
Authentication (session or personal access token) belongs to ``accounts`` (``accounts/api_auth.py``)."""

import datetime as dt
import uuid as uuid_lib
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Choices, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Router, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.renderers import JSONRenderer
from pydantic import ConfigDict, WithJsonSchema

from core.access import require_perm
from core.errors import SifasuoError, ValidationFailed
from core.filtersets import AuditEventFilterSet
from core.idsearch import ID_KEY_PATTERN, id_number_key
from core.models import AuditEvent, Notification, TaskRun

AuditAction = AuditEvent.Action


class Unauthenticated(SifasuoError):
    """No valid session or access token (HTTP 401)."""

    code = "unauthenticated"
    status = 401


class LockedOut(SifasuoError):
    """Too many failed logins for this username from this address (HTTP 429)."""

    code = "locked_out"
    status = 429


class ChineseJSONRenderer(JSONRenderer):
    """UTF-8 Chinese as is, not as \\u escapes: readable in logs and a third smaller."""

    json_dumps_params = {"ensure_ascii": False}


class ErrorItemOut(Schema):
    """One field at fault and what to correct there."""

    field: str | None
    message: str
    code: str | None = None


class ErrorOut(Schema):
    """The body of every error answer: a machine code, a Chinese message saying how to fix the input, the field at fault.
    When the input has several faults, ``errors`` names each of them (``message`` joins them, ``field`` is the first)."""

    code: str
    message: str
    field: str | None = None
    errors: list[ErrorItemOut] | None = None


class ValidationErrorOut(ErrorOut):
    """A 422 answer: the request does not match the operation's schema; ``errors`` names every field at fault."""

    errors: list[ErrorItemOut]


def choice_schema(choices: type[Choices], *, description: str = "") -> WithJsonSchema:
    """The OpenAPI form of a fixed legal enumeration (a ``TextChoices``): an inline string enum listing its codes.

    Use as ``Annotated[Source, choice_schema(Source)]``: pydantic refuses any other value (422), and the enum stays
    inline, so two enumerations that share a class name (``Status``) cannot overwrite each other in the document."""
    words = "、".join(f"{value}（{label}）" for value, label in choices.choices)
    return WithJsonSchema({"type": "string", "enum": list(choices.values),
                           "description": f"{description}：{words}" if description else words})


class In(Schema):
    """Base of every request body: unknown fields are refused, so a misspelt field is an error and not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class DeadlineOut(Schema):
    """An open statutory or working deadline (core.Deadline) of a record, as every module's detail endpoint shows it."""

    kind: str
    title: str
    due_date: dt.date
    state: str
    state_display: str
    basis: str

    @staticmethod
    def resolve_state_display(obj: Any) -> str:
        return obj.get_state_display()


class IdKeyFilters(Schema):
    """The 身份证号码 filter of a list endpoint: the number's lookup key, never the number (URLs end up in logs)."""

    id_key: str | None = Field(None, pattern=ID_KEY_PATTERN, description="身份证号码查找键（64位十六进制）：用 POST /api/v1/id-key 由号码换取")


class IdNumberIn(In):
    id_number: str = Field(..., max_length=18, description="完整身份证号码")


class IdKeyOut(Schema):
    id_key: str


id_key_router = Router(tags=["身份证号码查找"])


@id_key_router.post("/id-key", response={200: IdKeyOut, 401: ErrorOut}, summary="身份证号码查找键")
def id_key_make(request: HttpRequest, payload: IdNumberIn) -> dict[str, str]:
    """把身份证号码换成查找键，再以 ``?id_key=`` 查询人员、矛盾纠纷、社区矫正对象、法律援助、法律咨询等列表：
    号码只出现在请求体里，不进入网址和访问日志。号码格式不正确时得到的键查不到任何记录。"""
    return {"id_key": id_number_key(payload.id_number)}


# Beyond any real table, and inside every database's integer range (a larger offset used to reach the SQL driver).
MAX_OFFSET = 2**31 - 1


class Pagination(LimitOffsetPagination):
    """``?limit=&offset=`` → ``{items, count}``."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=500, description="每页条数（1–500）")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="跳过的条数（0–2147483647）")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=500, **kwargs)


def filter_queryset(filterset_class: Any, params: Schema, queryset: QuerySet, request: HttpRequest) -> QuerySet:
    """Apply the module's FilterSet (the one the list page and the export use) to ``queryset``."""
    data = {k: v for k, v in params.dict().items() if v not in (None, "")}
    filterset = filterset_class(data, queryset=queryset, request=request)
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise ValidationFailed(f"筛选条件“{field}”无效：{'；'.join(errors)}", field=field)
    return filterset.qs


# Pydantic error types → Chinese. Anything not listed falls back to a generic sentence naming the field.
_PYDANTIC_MESSAGES = {
    "missing": "缺少必填项",
    "string_type": "应为文本",
    "string_too_long": "内容过长",
    "string_too_short": "内容过短",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "uuid_parsing": "应为 UUID 格式的编号",
    "greater_than_equal": "数值过小",
    "less_than_equal": "数值过大",
    "literal_error": "取值不在允许范围内",
    "json_invalid": "请求内容不是有效的 JSON",
    "model_attributes_type": "请求内容应为 JSON 对象",
    "dict_type": "请求内容应为 JSON 对象",
    "extra_forbidden": "不允许的字段",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "decimal_max_digits": "数字位数过多",
    "decimal_max_places": "小数位数过多（金额最多两位小数）",
    "decimal_whole_digits": "整数部分位数过多",
    "list_type": "应为列表",
    "enum": "取值不在允许范围内",
}
_LOCATION_ROOTS = {"body", "query", "path", "payload", "params", "filters", "pagination", "data"}


def _field_of(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if str(p) not in _LOCATION_ROOTS]
    return ".".join(parts)


def validation_error_body(errors: list[dict[str, Any]]) -> dict[str, Any]:
    items = []
    for err in errors:
        field = _field_of(list(err.get("loc", [])))
        words = _PYDANTIC_MESSAGES.get(err.get("type", ""), "格式不正确")
        if err.get("type") in ("enum", "literal_error") and err.get("ctx", {}).get("expected"):
            words += f"，应为 {err['ctx']['expected']}"  # the fixed codes, so the client can correct the value
        items.append({"field": field or None, "message": f"“{field}”{words}" if field else words})
    first = items[0] if items else {"field": None, "message": "请求内容不正确"}
    return {"code": "invalid", "message": first["message"], "field": first["field"], "errors": items}


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error leaves the API as ``{code, message, field}`` with a Chinese message."""

    def business_error(request: HttpRequest, exc: SifasuoError) -> HttpResponse:
        return api.create_response(request, exc.as_dict(), status=exc.status)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        body = Unauthenticated("请先登录，或在请求头中提供有效的访问令牌（Authorization: Bearer <令牌>）").as_dict()
        response = api.create_response(request, body, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return api.create_response(request, validation_error_body(list(exc.errors)), status=422)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        words = {400: "请求不正确", 403: "没有权限", 404: "未找到", 405: "不支持该请求方法", 429: "请求过于频繁，请稍后再试"}
        body = {"code": f"http_{exc.status_code}", "message": words.get(exc.status_code, str(exc)), "field": None}
        return api.create_response(request, body, status=exc.status_code)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return api.create_response(request, {"code": "not_found", "message": "未找到该记录，或您无权查看", "field": None}, status=404)

    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        body = {"code": "forbidden", "message": str(exc) or "没有权限执行此操作", "field": None}
        return api.create_response(request, body, status=403)

    api.add_exception_handler(Http404, not_found)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, permission_denied)  # type: ignore[arg-type]
    api.add_exception_handler(SifasuoError, business_error)  # type: ignore[arg-type]
    api.add_exception_handler(AuthenticationError, unauthenticated)  # type: ignore[arg-type]
    api.add_exception_handler(NinjaValidationError, invalid_input)  # type: ignore[arg-type]
    api.add_exception_handler(HttpError, http_error)  # type: ignore[arg-type]


def file_answer(description: str, *content_types: str) -> dict[str, Any]:
    """``openapi_extra`` of an operation whose success is a file download: the 200 answer with its media types."""
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {"responses": {200: {"description": description, "content": {t: binary for t in content_types}}}}


def _error_ref(name: str) -> dict[str, Any]:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}


FRAMEWORK_ANSWERS = {
    400: "请求不正确（筛选条件无效，或请求体不是 JSON），见 message",
    401: "未登录或访问令牌无效",
    403: "没有权限，或浏览器会话的 CSRF 令牌缺失",
    404: "记录不存在或不在您的数据权限范围内",
    422: "请求参数或请求体不符合接口定义，errors 列出每个有问题的字段",
}
ERRORS_READ: dict[int, Any] = {404: ErrorOut}
# A write that links a person by ID number: the number is registered in the user's scope under another name.
NEEDS_CONFIRMATION: dict[int, Any] = {409: ErrorOut}
SAME_PERSON_HELP = ("确认同一人：所填身份证号码已在本单位人员信息库中登记为另一姓名时，应答为 409（code 为 needs_confirmation，"
                    "field 为该号码的字段）；核实是同一人后带 true 重新提交，即关联已登记的人员并将所填联系电话记入该人员"
                    "（原电话记入操作日志）；录入有误的请改正后再提交")
CONFLICT_ANSWER = ("与已登记的记录冲突，见 code：needs_confirmation 身份证号码已登记为另一姓名（请求体有 same_person 的接口；"
                   "核实是同一人后带 same_person: true 重新提交）；duplicate 或 possible_duplicate 已登记")
ERRORS_WRITE: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut}


def document_error_answers(schema: dict[str, Any]) -> dict[str, Any]:
    """Add to every operation of the OpenAPI document the error answers the framework itself can give, with their
    bodies: 401 to every authenticated one, 403 to every authenticated write (CSRF), 404 to every operation with a
    path parameter, 400 to every operation with query filters (the FilterSet may refuse them) or a body (it may not
    be JSON at all), 422 to every one with
    parameters or a body. Answers an endpoint declares itself (its business errors) are kept as declared."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for model in (ErrorOut, ValidationErrorOut):
        definition = model.model_json_schema(ref_template="#/components/schemas/{model}")
        components.update(definition.pop("$defs", {}))
        components[model.__name__] = definition
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            parameters = operation.get("parameters", [])
            wanted = []
            if operation.get("security"):
                wanted.append(401)
                if method.upper() not in ("GET", "HEAD", "OPTIONS"):
                    wanted.append(403)
            if "{" in path:
                wanted.append(404)
            if any(p.get("in") == "query" for p in parameters) or operation.get("requestBody"):
                wanted.append(400)  # a filter the FilterSet refuses, or a body that is not JSON at all
            for status in wanted:
                if str(status) not in responses and status not in responses:
                    responses[status] = {"description": FRAMEWORK_ANSWERS[status], **_error_ref("ErrorOut")}
            conflict = responses.get(409) or responses.get("409")
            if conflict is not None and conflict.get("description") in ("Conflict", "", None):
                conflict["description"] = CONFLICT_ANSWER
            if parameters or operation.get("requestBody"):
                responses.pop("422", None)
                responses[422] = {"description": FRAMEWORK_ANSWERS[422], **_error_ref("ValidationErrorOut")}
    return schema


# --- 后台任务 (task runs): the progress of an import or a batch job, as its page shows it ----------------------------

tasks_router = Router(tags=["后台任务"])


class ImportRowErrorOut(Schema):
    """One faulty row of an import: its Excel row number, the row's key (姓名, 纠纷名称) or the column at fault, and why."""

    row: int = Field(..., description="Excel 行号（第1行为表头）")
    key: str = Field(..., description="该行的关键字段（如姓名、纠纷名称）或出错的列名")
    message: str = Field(..., description="错误原因及修改方法")


class ImportReportOut(Schema):
    """The outcome of an all-or-nothing Excel import: every row written, or none, with the faulty rows listed."""

    total: int = Field(..., description="数据行数")
    created: int = Field(..., description="新增条数（失败时为0）")
    updated: int = Field(..., description="更新条数（失败时为0）")
    ok: bool = Field(..., description="true：全部导入；false：一条也未导入")
    error_count: int = Field(..., description="有误的行数")
    errors: list[ImportRowErrorOut] = Field(..., description="有误的行（至多列出 IMPORT_MAX_REPORTED_ERRORS 条）")


TaskStatus = TaskRun.Status


class TaskRunOut(Schema):
    """A background task's progress; ``report`` is an import's outcome with its row-level errors (行号、关键字段、原因)."""

    uuid: str
    label: str
    status: Annotated[TaskStatus, choice_schema(TaskStatus, description="任务状态")]
    status_display: str
    percent: int = Field(..., description="进度百分比（0–100）")
    done: int
    total: int
    message: str
    result_url: str
    report: ImportReportOut | None = Field(None, description="导入任务结束后的结果报告；其他任务为 null")


class ImportIn(Schema):
    """The form fields of an Excel import beside the file (multipart/form-data)."""

    org: str = Field(..., max_length=32, description="登记单位的机构编码，须为您有权登记的单位")
    update_existing: bool = Field(False, description="更新已经存在的数据（人员按身份证号码、矛盾纠纷按受理编号匹配）")


IMPORT_ANSWERS: dict[int, Any] = {202: TaskRunOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}
IMPORT_DESCRIPTION = ("上传按导入模板填写的 .xlsx 文件（不超过 IMPORT_MAX_BYTES），在后台导入，应答 202 与后台任务；"
                      "用 GET /api/v1/tasks/{uuid} 查询进度，任务结束后 report 列出每一条有误的行（行号、关键字段、原因）。"
                      "导入全部成功或全部不写入；上传的文件在任务结束（或中断）后删除。")


@tasks_router.get("/{uuid}", response={200: TaskRunOut, 404: ErrorOut}, summary="后台任务进度")
def taskrun_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> dict[str, Any]:
    """A task belongs to the user who started it; to anyone else it does not exist. A task whose worker died is
    reported failed with the reason."""
    from core.taskruns import taskrun_current, taskrun_status

    run = TaskRun.objects.filter(uuid=uuid, user_id=request.user.pk or 0).first()
    if run is None:
        raise Http404("后台任务不存在")
    return taskrun_status(taskrun_current(run))


# ---------------------------------------------------------------------------------------------------------------
# The signed-in user's messages, and the 操作日志: the core pages' routes.

router = Router(tags=["消息与操作日志"])


class NotificationOut(Schema):
    id: int
    level: str
    title: str
    link: str = Field(..., description="相关页面的地址")
    is_read: bool
    created_at: dt.datetime


class ReadOut(Schema):
    marked: int = Field(..., description="本次标为已读的条数")




class AuditEventOut(Schema):
    created_at: dt.datetime
    actor: str
    org_name: str
    action: str
    action_display: str
    summary: str
    ip_address: str | None

    @staticmethod
    def resolve_actor(obj: AuditEvent) -> str:
        return str(obj.actor) if obj.actor else "系统"

    @staticmethod
    def resolve_org_name(obj: AuditEvent) -> str:
        return obj.org.name if obj.org else ""

    @staticmethod
    def resolve_action_display(obj: AuditEvent) -> str:
        return obj.get_action_display()


class AuditFilters(Schema):
    """The filters of the 操作日志 page (core.filtersets.AuditEventFilterSet)."""

    actor: str | None = Field(None, max_length=50, description="操作人姓名或用户名包含")
    action: Annotated[AuditAction, choice_schema(AuditAction, description="操作类型")] | None = None
    summary: str | None = Field(None, max_length=100, description="操作内容包含")
    date_from: dt.date | None = Field(None, description="开始日期")
    date_to: dt.date | None = Field(None, description="结束日期")


def _me(request: HttpRequest) -> Any:
    """The signed-in user (the authentication of every route guarantees one)."""
    return request.user


@router.get("/notifications", response=list[NotificationOut], summary="我的消息提醒")
def notification_list(request: HttpRequest) -> Any:
    """最近100条消息提醒（期限、预警、退回的日志……），新的在前。"""
    return list(Notification.objects.filter(user=_me(request))[:100])


@router.post("/notifications/read", response=ReadOut, summary="全部标为已读")
def notification_read(request: HttpRequest) -> dict[str, int]:
    return {"marked": Notification.objects.filter(user=_me(request), is_read=False).update(is_read=True)}


@router.get("/audit", response={200: list[AuditEventOut], 403: ErrorOut}, summary="操作日志")
@paginate(Pagination)
def audit_list(request: HttpRequest, filters: Query[AuditFilters]) -> QuerySet:
    """数据权限范围内的操作日志，筛选条件与“操作日志”页面相同；须有 core.view_auditevent 权限。"""
    require_perm(request.user, "core.view_auditevent", what="查看操作日志")
    events = AuditEvent.objects.visible_to(request.user, "view").select_related("actor", "org").order_by("-created_at", "-id")
    return filter_queryset(AuditEventFilterSet, filters, events, request)
