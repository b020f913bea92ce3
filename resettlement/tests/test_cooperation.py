"""安置帮教 between offices and with 社区矫正: 双列管 (both offices see and record, the registered-residence office keeps
the clocks), 协查 (a request to another office, its reply clock and queue), 积分 (the administrator's points table) and
the automatic intake of people whose 社区矫正 ended."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Membership
from core.deadlines import open_deadlines_for
from core.errors import AccessDenied, ValidationFailed
from core.models import AuditEvent, WorkEvent
from core.testing import make_user, token_api
from resettlement import services
from resettlement.models import AssistRequest, PointsItem, Released
from resettlement.tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def co_user(personas):
    """Staff of 三中街街道司法所, the office of the person's actual residence."""
    return make_user("office_150402002", org=personas.sibling_office, role="office_staff", full_name="周居住")


def _co_managed(personas):
    r = factories.received(personas)
    return services.co_manage_set(actor=personas.owner, released=r, co_org=personas.sibling_office, note="现居三中街某小区")


# --- 双列管 -------------------------------------------------------------------------------------------------------


def test_both_offices_see_and_record_visits_the_registered_office_keeps_the_clocks(personas, co_user):
    r = _co_managed(personas)
    assert Released.objects.visible_to(co_user).filter(pk=r.pk).exists()
    assert not Released.objects.visible_to(personas.outsider).filter(pk=r.pk).exists()
    services.visit_record(actor=co_user, released=r, date=TODAY, kind="home", content="在居住地见到本人，在物流公司上班")
    services.visit_record(actor=personas.owner, released=r, date=TODAY, kind="phone", content="电话联系，情况稳定")
    visits = WorkEvent.objects.filter(event_type="resettlement.visit", object_id=str(r.pk))
    assert sorted(visits.values_list("org_id", flat=True)) == sorted([personas.sibling_office.pk, personas.office.pk])
    clock = open_deadlines_for(r, "resettlement.visit").get()
    assert clock.org_id == personas.office.pk and clock.title == "定期走访：孙海涛"
    # What stays with the office of the registered residence.
    for step in (lambda: services.released_end(actor=co_user, released=r, reason="died", date=TODAY),
                 lambda: services.risk_assess(actor=co_user, released=r, level="low", reason="稳定"),
                 lambda: services.co_manage_set(actor=co_user, released=r, co_org=None)):
        with pytest.raises(AccessDenied, match="户籍地西屯街道司法所"):
            step()
    # Ending 双列管 takes the record out of the residence office's scope.
    services.co_manage_set(actor=personas.owner, released=r, co_org=None)
    assert not Released.objects.visible_to(co_user).filter(pk=r.pk).exists()


def test_co_management_rules(personas):
    r = factories.received(personas)
    with pytest.raises(ValidationFailed, match="不需要双列管"):
        services.co_manage_set(actor=personas.owner, released=r, co_org=personas.office, note="x")
    with pytest.raises(ValidationFailed, match="不是在用的司法所"):
        services.co_manage_set(actor=personas.owner, released=r, co_org=personas.county, note="x")
    with pytest.raises(ValidationFailed, match="请填写双列管说明"):
        services.co_manage_set(actor=personas.owner, released=r, co_org=personas.sibling_office)
    r.refresh_from_db()
    assert r.co_org is None


def test_pages_for_both_offices_and_an_outsider(personas, co_user, login):
    r = _co_managed(personas)
    url = r.get_absolute_url()
    own = login(personas.owner).get(url).content.decode()
    assert "双列管：三中街街道司法所" in own and 'data-action="end"' in own
    c = login(co_user)
    page = c.get(url).content.decode()
    assert "双列管：三中街街道司法所" in page and 'data-action="visit"' in page
    assert 'data-action="end"' not in page and 'data-action="risk"' not in page
    assert "孙海涛" in c.get("/resettlement/").content.decode()
    ok = c.post(url + "visit/", {"date": TODAY.isoformat(), "kind": "home", "met": "on", "content": "在居住地见到本人"},
                HTTP_HX_REQUEST="true")
    assert ok.status_code == 204
    refused = c.post(url + "end/", {"reason": "died", "date": TODAY.isoformat()}, HTTP_HX_REQUEST="true")
    # Ending is the 户籍地 office's act: a refusal, 403 as in the API, the dialog saying why.
    assert refused.status_code == 403 and "户籍地" in refused.content.decode()
    outsider = login(personas.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url + "visit/", {"date": TODAY.isoformat(), "kind": "home", "met": "on", "content": "x"},
                         HTTP_HX_REQUEST="true").status_code == 404
    assert r.visits.count() == 1


def test_co_management_over_the_api(personas, co_user, password):
    r = factories.received(personas)
    owner = token_api(personas.owner, password, base="/api/v1/resettlement", name="帮教同步")
    body = owner.post(f"/released/{r.uuid}/co-manage", {"co_org": personas.sibling_office.code, "co_note": "现居三中街"}).json()
    assert body["co_org_name"] == "三中街街道司法所"
    co = token_api(co_user, password, base="/api/v1/resettlement", name="帮教同步")
    assert co.get(f"/released/{r.uuid}").status_code == 200
    assert co.post(f"/released/{r.uuid}/visits", {"content": "在居住地见到本人"}).status_code == 201
    assert co.post(f"/released/{r.uuid}/end", {"reason": "died"}).status_code == 403
    outsider = token_api(personas.outsider, password, base="/api/v1/resettlement", name="帮教同步")
    assert outsider.get(f"/released/{r.uuid}").status_code == 404
    assert outsider.post(f"/released/{r.uuid}/visits", {"content": "x"}).status_code == 404


# --- 协查 ----------------------------------------------------------------------------------------------------------


def test_assist_request_queue_reply_clock_and_ledger(personas, co_user):
    r = factories.released(personas)  # released ten days ago, never received
    with pytest.raises(ValidationFailed, match="未登记失联"):
        services.assist_request(actor=personas.owner, released=r, to_org=personas.sibling_office, reason="missing", details="x")
    with pytest.raises(ValidationFailed, match="不能向本所发起协查"):
        services.assist_request(actor=personas.owner, released=r, to_org=personas.office, reason="not_received", details="x")
    with pytest.raises(ValidationFailed, match="请填写协查事项"):
        services.assist_request(actor=personas.owner, released=r, to_org=personas.sibling_office, reason="not_received", details=" ")
    req = services.assist_request(actor=personas.owner, released=r, to_org=personas.sibling_office, reason="not_received",
                                  details="家属称其在三中街一带打工")
    assert req.org == personas.office and req.status == "open"
    clock = open_deadlines_for(req, "resettlement.assist_reply").get()
    assert clock.org == personas.sibling_office and clock.due_date == req.due_date > TODAY
    with pytest.raises(ValidationFailed, match="请勿重复发起"):
        services.assist_request(actor=personas.owner, released=r, to_org=personas.sibling_office, reason="not_received", details="y")
    # The receiving office sees the request (not the person's file); the outsider sees neither.
    assert AssistRequest.objects.visible_to(co_user).filter(pk=req.pk).exists()
    assert not Released.objects.visible_to(co_user).filter(pk=r.pk).exists()
    assert not AssistRequest.objects.visible_to(personas.outsider).filter(pk=req.pk).exists()
    with pytest.raises(AccessDenied, match="由该单位回复"):
        services.assist_reply(actor=personas.owner, request=req, result="found", reply="x")
    with pytest.raises(ValidationFailed, match="不能早于协查发出日期"):
        services.assist_reply(actor=co_user, request=req, result="found", reply="x", date=TODAY - dt.timedelta(days=30))
    services.assist_reply(actor=co_user, request=req, result="found", reply="现住三中街某小区，电话 139…，已告知其到户籍地司法所报到")
    req.refresh_from_db()
    assert req.status == "answered" and req.result == "found" and req.replied_by == co_user
    assert not open_deadlines_for(req).exists()
    events = dict(WorkEvent.objects.filter(event_type__startswith="resettlement.assist").values_list("event_type", "org_id"))
    assert events == {"resettlement.assist_requested": personas.office.pk, "resettlement.assist_replied": personas.sibling_office.pk}
    assert AuditEvent.objects.filter(summary="回复安置帮教协查 孙海涛：已查到", actor=co_user).exists()


def test_reply_days_are_an_admin_parameter(personas):
    from core.calendar import add_working_days
    from core.models import Parameter

    Parameter.objects.create(key="resettlement.assist_reply_days", value="3", label="协查回复期限（工作日）")
    r = factories.released(personas)
    req = services.assist_request(actor=personas.owner, released=r, to_org=personas.county, reason="not_received", details="线索")
    assert req.due_date == add_working_days(req.sent_date, 3)


def test_missing_person_assist_over_the_pages_and_the_excel_list(personas, co_user, login):
    r = factories.received(personas)
    services.contact_lost(actor=personas.owner, released=r, date=TODAY, note="电话关机")
    c = login(personas.owner)
    assert 'data-action="assist"' in c.get(r.get_absolute_url()).content.decode()
    ok = c.post(r.get_absolute_url() + "assist/", {"to_org": personas.sibling_office.pk, "reason": "missing",
                                                    "details": "其姐住三中街", "date": TODAY.isoformat()}, HTTP_HX_REQUEST="true")
    assert ok.status_code == 204, ok.content.decode()
    req = AssistRequest.objects.get()
    co = login(co_user)
    queue = co.get("/resettlement/assist/").content.decode()
    assert "孙海涛" in queue
    detail = co.get(req.get_absolute_url()).content.decode()
    assert 'data-action="reply"' in detail and r.person.id_number_masked in detail and "帮教档案" not in detail
    assert 'data-action="reply"' not in c.get(req.get_absolute_url()).content.decode()
    bad = co.post(req.get_absolute_url() + "reply/", {"result": "found", "reply": "", "date": TODAY.isoformat()}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422
    done = co.post(req.get_absolute_url() + "reply/", {"result": "not_found", "reply": "走访其姐，近三月未见", "date": TODAY.isoformat()},
                   HTTP_HX_REQUEST="true")
    assert done.status_code == 204
    sheet = load_workbook(BytesIO(c.get("/resettlement/assist/?export=xlsx").content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and rows[0][0] == "孙海涛" and "未查到" in rows[0] and r.person.id_number_masked in rows[0]
    assert login(personas.outsider).get(req.get_absolute_url()).status_code == 404
    assert "孙海涛" not in login(personas.outsider).get("/resettlement/assist/").content.decode()


def test_assist_over_the_api(personas, co_user, password):
    r = factories.released(personas)
    owner = token_api(personas.owner, password, base="/api/v1/resettlement", name="帮教同步")
    created = owner.post(f"/released/{r.uuid}/assist", {"to_org": personas.sibling_office.code, "reason": "not_received",
                                                         "details": "家属称在三中街打工"})
    assert created.status_code == 201, created.content
    uuid = created.json()["uuid"]
    co = token_api(co_user, password, base="/api/v1/resettlement", name="帮教同步")
    assert [a["uuid"] for a in co.get("/assist").json()["items"]] == [uuid]
    assert owner.post(f"/assist/{uuid}/reply", {"result": "found", "reply": "x"}).status_code == 403
    replied = co.post(f"/assist/{uuid}/reply", {"result": "found", "reply": "现住三中街"})
    assert replied.status_code == 200 and replied.json()["status"] == "answered"
    assert owner.get(f"/released/{r.uuid}").json()["assist_requests"][0]["result"] == "found"
    outsider = token_api(personas.outsider, password, base="/api/v1/resettlement", name="帮教同步")
    assert outsider.get(f"/assist/{uuid}").status_code == 404


# --- 积分 ----------------------------------------------------------------------------------------------------------


def test_points_earned_and_exchanged_within_the_balance(personas):
    r = factories.received(personas)
    earn = PointsItem.objects.get(name="参加公益活动")
    redeem = PointsItem.objects.get(name="兑换生活用品")
    with pytest.raises(ValidationFailed, match="现有积分 0 分，不足以兑换"):
        services.points_record(actor=personas.owner, released=r, item=redeem, date=TODAY)
    for _ in range(5):
        services.points_record(actor=personas.owner, released=r, item=earn, date=TODAY, note="社区清扫")
    entry = services.points_record(actor=personas.owner, released=r, item=redeem, date=TODAY)
    assert entry.points == -redeem.points and services.points_balance(r) == 5 * earn.points - redeem.points
    assert WorkEvent.objects.filter(event_type="resettlement.points", object_id=str(r.pk)).count() == 6
    earn.is_active = False
    earn.save()
    with pytest.raises(ValidationFailed, match="在用的积分项目"):
        services.points_record(actor=personas.owner, released=r, item=earn, date=TODAY)


def test_points_over_the_page_and_the_api(personas, login, password):
    r = factories.received(personas)
    item = PointsItem.objects.get(name="参加教育学习")
    c = login(personas.owner)
    assert c.post(r.get_absolute_url() + "points/", {"item": item.pk, "date": TODAY.isoformat()}, HTTP_HX_REQUEST="true").status_code == 204
    assert f"现有 {item.points} 分" in c.get(r.get_absolute_url()).content.decode()
    api = token_api(personas.owner, password, base="/api/v1/resettlement", name="帮教同步")
    assert item.pk in [i["id"] for i in api.get("/points-items").json()]
    body = api.post(f"/released/{r.uuid}/points", {"item": item.pk}).json()
    assert body["points_balance"] == 2 * item.points and len(body["points"]) == 2


# --- 解除社区矫正 → 安置帮教 --------------------------------------------------------------------------------------


def _discharged(personas):
    from corrections.services import subject_release
    from corrections.tests import factories as corrections_factories

    effective = TODAY - dt.timedelta(days=100)
    subject = corrections_factories.subject(personas, name="赵丽", effective_date=effective, start_date=effective,
                                            end_date=TODAY - dt.timedelta(days=1), reported_date=effective + dt.timedelta(days=2))
    subject_release(actor=personas.owner, subject=subject, reason="expiry", date=TODAY)
    subject.refresh_from_db()
    return subject


def test_discharged_subject_handed_over_enters_the_register_once(personas):
    from corrections import discharge

    subject = _discharged(personas)
    discharge.handover_record(actor=personas.owner, subject=subject, data=discharge.HandoverInput(appraisal="表现良好"))
    assert not Released.objects.exists()  # the appraisal alone hands nobody over
    discharge.handover_record(actor=personas.owner, subject=subject, data=discharge.HandoverInput(
        appraisal="遵守规定，积极参加公益活动", needs="就业", handed_to="西屯街道安置帮教工作站", handover_date=TODAY))
    r = Released.objects.get()
    assert (r.category, r.status, r.handover_method, r.correction_subject, r.person) == (
        "correction_ended", "active", "transfer", subject, subject.person)
    assert r.release_date == subject.ended_date and r.returned_date == TODAY and r.org == subject.org
    assert r.period_end == services.years_after(subject.ended_date, services.period_years("correction_ended"))
    assert set(open_deadlines_for(r).values_list("kind", flat=True)) == {"resettlement.visit", "resettlement.period"}
    assert WorkEvent.objects.filter(event_type="resettlement.handover", object_id=str(r.pk)).count() == 1
    # Saving the hand-over again takes nobody twice.
    discharge.handover_record(actor=personas.owner, subject=subject, data=discharge.HandoverInput(
        appraisal="遵守规定", handed_to="西屯街道安置帮教工作站", handover_date=TODAY))
    assert Released.objects.count() == 1


def test_intake_needs_no_resettlement_permission_of_the_corrections_user(personas):
    """A user whose role covers 社区矫正 only still completes the hand-over; the intake is the system's."""
    from django.contrib.auth.models import Permission

    from corrections import discharge

    subject = _discharged(personas)
    role = Membership.objects.get(user=personas.owner).role
    role.permissions.remove(*Permission.objects.filter(content_type__app_label="resettlement"))
    from accounts.scope import clear_cache

    clear_cache(personas.owner)
    discharge.handover_record(actor=personas.owner, subject=subject, data=discharge.HandoverInput(
        appraisal="表现良好", handed_to="安置帮教工作站", handover_date=TODAY))
    assert Released.objects.filter(correction_subject=subject, status="active").exists()
