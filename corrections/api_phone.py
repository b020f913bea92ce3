"""社区矫正对象手机端 over the API (/api/v1/corrections/me/…): everything the subject's phone page offers, for an app.

The subject signs in as on the page — the ID number, then the one-time code sent to the registered phone — and
receives an access token of its own kind (``corrections.phone``); every other route takes that token as
``Authorization: Bearer sjz_…`` and answers about the token's subject only: another subject's obligation or record
is not found (404), exactly like a missing one. A staff member's login session or personal access token does not
open these routes (401): the routes are the subject's, not the office's.

The subject's own location is returned to the subject alone; the office's lists never serve coordinates
(社区矫正法 第二十九条第三款)."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_lib
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.security import HttpBearer

from core.api import ErrorOut, In, Unauthenticated
from core.errors import NotFound
from core.forms import client_ip
from corrections import duties, phone
from corrections.models import CheckIn, Obligation, Subject, SubjectToken

PHONE_LOGIN_AGAIN = "手机端登录已失效或令牌无效，请用身份证号码和短信验证码重新登录（Authorization: Bearer <手机端令牌>）"


class SubjectTokenAuth(HttpBearer):
    """``Authorization: Bearer sjz_…``: the token a subject receives at login (corrections.phone). The token's
    subject is ``request.auth``; a staff token, a staff session or no token at all is refused with 401."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header, "")
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.openapi_scheme or not token.strip():
            raise Unauthenticated(PHONE_LOGIN_AGAIN, code="phone_login_required")
        return self.authenticate(request, token)

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not phone.is_phone_token(token):
            raise Unauthenticated("手机端接口只接受社区矫正对象登录后取得的令牌，工作人员的访问令牌不能使用；"
                                  "工作人员请使用 /api/v1/corrections/ 下的其他接口", code="not_subject_token")
        found = phone.token_subject(token)
        if found is None:
            raise Unauthenticated(PHONE_LOGIN_AGAIN, code="phone_login_expired")
        request.phone_token = found[1]  # type: ignore[attr-defined]
        return found[0]


router = Router(tags=["社区矫正对象手机端"], auth=SubjectTokenAuth())
SUBJECT_ERRORS: dict[int, Any] = {401: ErrorOut}


def _me(request: HttpRequest) -> Subject:
    return request.auth  # type: ignore[return-value, attr-defined]


# --------------------------------------------------------------------------------------------------- sign in


class PhoneCodeIn(In):
    id_number: str = Field(..., max_length=18, description="身份证号码")


class PhoneCodeOut(Schema):
    message: str = Field(..., description="无论号码是否属于在矫对象，答复都相同，避免借此查询他人是否在矫")


@router.post("/me/code", auth=None, response={200: PhoneCodeOut, 400: ErrorOut}, summary="获取手机端登录验证码")
def phone_code_send(request: HttpRequest, payload: PhoneCodeIn) -> dict[str, str]:
    """向登记的手机号码发送六位验证码（10分钟内有效）。同一号码每小时至多三次，同一网络地址每小时至多十次。"""
    return {"message": phone.code_request(id_number=payload.id_number, ip_address=client_ip(request))}


class PhoneLoginIn(In):
    id_number: str = Field(..., max_length=18, description="身份证号码")
    code: str = Field(..., max_length=6, description="短信验证码（六位数字）")


class PhoneLoginOut(Schema):
    token: str = Field(..., description="手机端令牌，只在此时返回一次；之后的请求放在 Authorization: Bearer 请求头中")
    idle_minutes: int = Field(..., description="连续多少分钟不使用即失效")
    expires_at: dt.datetime = Field(..., description="最迟失效时间")
    name: str


@router.post("/me/login", auth=None, response={201: PhoneLoginOut, 400: ErrorOut}, summary="手机端登录")
def phone_login(request: HttpRequest, payload: PhoneLoginIn) -> Status:
    """以身份证号码和短信验证码登录，取得手机端令牌。验证码错误或过期时答复 400（“验证码不正确或已过期”），
    连续五次错误后该验证码作废。"""
    issued = phone.token_login(id_number=payload.id_number, code=payload.code)
    return Status(201, {"token": issued.token, "idle_minutes": phone.IDLE_MINUTES, "expires_at": issued.record.expires_at,
                        "name": issued.record.subject.person.name})


class PhoneLogoutOut(Schema):
    revoked: bool


@router.post("/me/logout", response={200: PhoneLogoutOut, **SUBJECT_ERRORS}, summary="手机端退出登录")
def phone_logout(request: HttpRequest) -> dict[str, bool]:
    """注销本次登录的令牌，之后用它的请求答复 401。"""
    token: SubjectToken = request.phone_token  # type: ignore[attr-defined]
    phone.token_revoke(token)
    return {"revoked": True}


# ------------------------------------------------------------------------------------------------------ reads


class PhoneProfileOut(Schema):
    name: str
    org_name: str = Field(..., description="负责日常监督管理的司法所")
    correction_type: str
    correction_type_display: str
    start_date: dt.date = Field(..., description="矫正期限起")
    end_date: dt.date = Field(..., description="矫正期限止")
    officer_name: str = Field(..., description="矫正责任人（未指定时为空）")


@router.get("/me", response={200: PhoneProfileOut, **SUBJECT_ERRORS}, summary="手机端：我的矫正信息")
def phone_profile(request: HttpRequest) -> dict[str, Any]:
    s = _me(request)
    return {"name": s.person.name, "org_name": s.org.name, "correction_type": s.correction_type,
            "correction_type_display": s.get_correction_type_display(), "start_date": s.start_date, "end_date": s.end_date,
            "officer_name": s.officer.display_name if s.officer else ""}


class PhoneObligationOut(Schema):
    uuid: uuid_lib.UUID
    kind: str
    kind_display: str
    title: str
    window_start: dt.date = Field(..., description="可以履行的第一天")
    due_date: dt.date = Field(..., description="截止日期")
    hours: Decimal | None = Field(None, description="应完成时数（教育学习、公益活动）")
    done_hours: Decimal
    status: str = Field(..., description="pending 待履行、done 已履行、missed 未履行")
    status_display: str
    done_date: dt.date | None = None
    basis: str

    @staticmethod
    def resolve_kind_display(obj: Obligation) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_display(obj: Obligation) -> str:
        return obj.get_status_display()


class PhoneTripOut(Schema):
    kind_display: str
    destination: str
    start_date: dt.date
    end_date: dt.date

    @staticmethod
    def resolve_kind_display(obj: Any) -> str:
        return obj.get_kind_display()  # type: ignore[no-any-return]


class PhoneTodayOut(Schema):
    date: dt.date
    checkin_due: PhoneObligationOut | None = Field(None, description="今天可以签到的事项；没有时为 null，签到会被拒绝")
    report_due: PhoneObligationOut | None = Field(None, description="今天可以提交的书面报告或病情复查报告事项")
    items: list[PhoneObligationOut] = Field(..., description="今天在履行期间内、尚未履行的全部事项")
    next_checkin: PhoneObligationOut | None = Field(None, description="下一次签到的事项（从哪天起）")
    next_report: PhoneObligationOut | None = Field(None, description="下一次书面报告的事项")
    approved_trips: list[PhoneTripOut] = Field(..., description="已批准、尚未结束的外出等申请")


@router.get("/me/today", response={200: PhoneTodayOut, **SUBJECT_ERRORS}, summary="手机端：今日事项")
def phone_today(request: HttpRequest) -> dict[str, Any]:
    """今天要签到、要报告的事项，以及下一次签到和报告的日期。"""
    s = _me(request)
    today = timezone.localdate()
    view = phone.today_view(s, today=today)
    return {"date": today, "checkin_due": view.checkin_due, "report_due": view.report_due, "items": view.items,
            "next_checkin": view.next_checkin, "next_report": view.next_report,
            "approved_trips": list(phone.approved_trips(s, today=today))}


class PhoneScheduleFilters(Schema):
    date_from: dt.date | None = Field(None, description="截止日期不早于（默认七日前）")
    date_to: dt.date | None = Field(None, description="起始日期不晚于（默认三十一日后）")


@router.get("/me/obligations", response={200: list[PhoneObligationOut], 400: ErrorOut, **SUBJECT_ERRORS}, summary="手机端：我的矫正事项")
def phone_obligation_list(request: HttpRequest, filters: Query[PhoneScheduleFilters]) -> list[Obligation]:
    """本人的履行事项（报到、书面报告、教育学习、公益活动……），默认为七日前到三十一日后，免除的不列；一次最多四百日。"""
    return list(phone.schedule(_me(request), today=timezone.localdate(), date_from=filters.date_from, date_to=filters.date_to))


@router.get("/me/obligations/{uuid}", response={200: PhoneObligationOut, 404: ErrorOut, **SUBJECT_ERRORS},
            summary="手机端：一项矫正事项")
def phone_obligation_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> Obligation:
    found = phone.own_obligation(_me(request), uuid)
    if found is None:
        raise NotFound("未找到该事项")
    return found


class PhoneRecordOut(Schema):
    uuid: uuid_lib.UUID
    at: dt.datetime
    is_report: bool = Field(..., description="true：书面报告；false：签到")
    obligation_title: str = Field(..., description="对应的事项；计划外的报告为空")
    latitude: Decimal | None = Field(None, description="本人签到时提供的位置（只返回给本人）")
    longitude: Decimal | None = None
    has_photo: bool
    text: str

    @staticmethod
    def resolve_obligation_title(obj: CheckIn) -> str:
        return obj.obligation.title if obj.obligation else ""

    @staticmethod
    def resolve_has_photo(obj: CheckIn) -> bool:
        return bool(obj.photo)


@router.get("/me/records", response={200: list[PhoneRecordOut], **SUBJECT_ERRORS}, summary="手机端：我的签到和报告")
def phone_record_list(request: HttpRequest) -> list[CheckIn]:
    """本人最近五十条签到和书面报告，新的在前。"""
    return list(phone.own_records(_me(request))[:50])


@router.get("/me/records/{uuid}", response={200: PhoneRecordOut, 404: ErrorOut, **SUBJECT_ERRORS}, summary="手机端：一条签到或报告")
def phone_record_detail(request: HttpRequest, uuid: uuid_lib.UUID) -> CheckIn:
    found = phone.own_record(_me(request), uuid)
    if found is None:
        raise NotFound("未找到该记录")
    return found


# ----------------------------------------------------------------------------------------------------- writes


class PhoneCheckinIn(Schema):
    latitude: Decimal | None = Field(None, description="纬度（浏览器或手机定位）")
    longitude: Decimal | None = Field(None, description="经度")
    accuracy: int | None = Field(None, ge=0, description="定位精度（米）")


@router.post("/me/checkins", response={201: PhoneRecordOut, 400: ErrorOut, **SUBJECT_ERRORS}, summary="手机端签到")
def phone_checkin(request: HttpRequest, data: Form[PhoneCheckinIn], photo: UploadedFile | None = File(None)) -> Status:
    """为今天的报到或信息化核查签到（multipart/form-data：位置和可选的现场照片，JPG 或 PNG，不超过 5MB）。
    今天没有需要签到的事项时答复 400，并说明下一次签到的时间。"""
    record = duties.checkin_record(subject=_me(request), latitude=data.latitude, longitude=data.longitude, accuracy=data.accuracy,
                                   photo=photo)
    return Status(201, record)


class PhoneReportIn(Schema):
    text: str = Field(..., max_length=5000, description="报告内容（不少于10个字）：遵纪守法、接受监督管理、参加教育学习和公益活动的情况")


@router.post("/me/reports", response={201: PhoneRecordOut, 400: ErrorOut, **SUBJECT_ERRORS}, summary="手机端提交书面报告")
def phone_report(request: HttpRequest, data: Form[PhoneReportIn], photo: UploadedFile | None = File(None)) -> Status:
    """提交思想汇报或书面报告（multipart/form-data，可附一张照片）。在书面报告或病情复查的履行期间内提交的，
    记为该事项已履行；其他时间提交的作为计划外报告保存，并通知矫正责任人。"""
    return Status(201, duties.report_submit(subject=_me(request), text=data.text, photo=photo))
