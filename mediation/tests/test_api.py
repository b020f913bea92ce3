"""人民调解 over the API: a dispute driven through its whole life cycle with a personal access token, the
OpenAPI document, scoping, and bad input that must give a Chinese message and save nothing."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.calendar import add_calendar_days
from core.models import AuditEvent, Deadline, WorkEvent
from core.testing import TokenApi, token_api, valid_id_number
from mediation.choices import Status
from mediation.models import Agreement, Dispute, DisputeStep, MediationSession
from mediation.services import dispute_accept
from mediation.tests import factories
from people.models import Person

pytestmark = pytest.mark.django_db

BASE = "/api/v1/mediation"
TODAY = dt.date.today()
APPLICANT_ID = valid_id_number(seq="521")


def _api(user: Any, password: str) -> TokenApi:
    return token_api(user, password, base=BASE, name="台账同步")


def _registration(personas: Any, **extra: Any) -> dict[str, Any]:
    return {
        "org": personas.committee.code, "title": "王春花与赵铁柱相邻漏水纠纷", "category": "neighbour", "source": "application",
        "received_date": (TODAY - dt.timedelta(days=12)).isoformat(), "facts": "赵铁柱家卫生间漏水，致楼下王春花家天花板受损。",
        "claims": "修复漏水并赔偿损失3000元", "amount": "3000", "people_count": 2,
        "parties": [
            {"role": "applicant", "name": "王春花", "id_number": APPLICANT_ID, "phone": "13900001111", "claim": "赔偿损失3000元"},
            {"role": "respondent", "name": "赵铁柱", "phone": "13900002222"},
        ],
        **extra,
    }


def _day(days_ago: int) -> str:
    return (TODAY - dt.timedelta(days=days_ago)).isoformat()


def test_a_dispute_goes_through_its_whole_life_cycle_over_the_api(personas, password):
    mediator = factories.mediator(personas, "赵调解")
    api = _api(personas.owner, password)

    # 登记 at the village committee, by a client holding only a token.
    r = api.post("/disputes", _registration(personas))
    assert r.status_code == 201, r.content
    body = r.json()
    uuid = body["uuid"]
    assert (body["status"], body["status_display"], body["level"]) == ("lead", "待受理", "village")
    assert body["org_code"] == personas.committee.code and body["category_display"] == "邻里纠纷"
    applicant = next(p for p in body["parties"] if p["role"] == "applicant")
    assert applicant["name"] == "王春花" and applicant["id_number_masked"] == APPLICANT_ID[:6] + "********" + APPLICANT_ID[-4:]
    assert APPLICANT_ID not in r.content.decode()
    assert Person.objects.filter(name="王春花", phone="13900001111").exists()

    # The list uses the page's filters.
    assert [d["uuid"] for d in api.get("/disputes", {"status": "lead", "q": "王春花"}).json()["items"]] == [uuid]
    assert api.get("/disputes", {"status": "accepted"}).json()["count"] == 0

    # 升级调处 from the committee to the office, then 受理 there with a mediator of the township.
    r = api.post(f"/disputes/{uuid}/escalate", {"to_org": personas.office.code, "reason": "村调委会两次调解未果"})
    assert r.status_code == 200, r.content
    assert (r.json()["org_code"], r.json()["level"]) == (personas.office.code, "office")
    r = api.post(f"/disputes/{uuid}/accept", {"accepted_date": _day(10), "mediators": [str(mediator.uuid)]})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["status"] == "accepted" and body["number"].startswith(f"（{(TODAY - dt.timedelta(days=10)).year}）")
    assert [m["name"] for m in body["mediators"]] == ["赵调解"]
    assert [d["kind"] for d in body["deadlines"]] == ["mediation.conclude"]

    # 防民转刑, 调查, 调解.
    assert api.post(f"/disputes/{uuid}/risk", {"date": _day(9), "note": "双方在楼道争吵"}).json()["may_turn_criminal"] is True
    r = api.post(f"/disputes/{uuid}/investigations", {"date": _day(9), "place": "赵铁柱家卫生间", "investigators": "赵调解",
                                                       "respondent": "物业经理孙某", "content": "防水层破损，确为漏水源头。"})
    assert r.status_code == 201 and r.json()["investigations"][0]["respondent"] == "物业经理孙某"
    record = "申请人王春花：要求赔偿3000元。\n被申请人赵铁柱：最多2000元。"
    r = api.post(f"/disputes/{uuid}/sessions", {"date": _day(8), "place": "西屯街道司法所调解室", "hosts": "赵调解",
                                                 "attendees": "物业经理孙某", "record": record})
    assert r.status_code == 201 and r.json()["status"] == "mediating"
    assert r.json()["sessions"][0]["record"].startswith("申请人王春花：")

    # 协议 with one performance item; the 30-day 司法确认 window opens.
    respondent_id = next(p["id"] for p in r.json()["parties"] if p["role"] == "respondent")
    r = api.post(f"/disputes/{uuid}/agreement", {
        "kind": "written", "signed_date": _day(7), "facts": "漏水致楼下天花板受损。", "content": "一、赵铁柱修复防水层；二、赵铁柱赔偿2500元。",
        "performance_method": "微信转账", "amount": "2500",
        "items": [{"obligor_party_id": respondent_id, "description": "赔偿损失", "amount": "2500", "due_date": _day(2)}]})
    assert r.status_code == 201, r.content
    agreement = r.json()["agreement"]
    assert r.json()["status"] == "agreed" and r.json()["outcome"] == "written"
    assert agreement["copies"] == 3 and Decimal(agreement["amount"]) == Decimal(2500)
    # 人民调解法 第三十三条: 三十日 from the agreement's effect; 民事诉讼法 第八十五条: a last day on a rest day moves to the next working day
    assert agreement["confirmation_deadline"] == add_calendar_days(TODAY - dt.timedelta(days=7), 30).isoformat()
    (item,) = agreement["items"]
    assert (item["obligor_name"], item["performed_date"]) == ("赵铁柱", None)

    # 司法确认, 履行, 回访, 结案, 归档.
    assert api.post(f"/disputes/{uuid}/confirmation", {"applied_date": _day(5)}).json()["agreement"]["confirmation_applied"] == _day(5)
    r = api.post(f"/disputes/{uuid}/performance", {"item": item["id"], "performed_date": _day(3)})
    assert r.json()["status"] == "performed" and r.json()["agreement"]["items"][0]["performed_date"] == _day(3)
    r = api.post(f"/disputes/{uuid}/followups", {"date": _day(1), "visitor": "赵调解", "visited": "王春花", "performance": "full",
                                                  "satisfaction": "satisfied", "situation": "已修复，款已付清。"})
    assert r.status_code == 201 and r.json()["followups"][0]["satisfaction_display"] == "满意"
    assert api.post(f"/disputes/{uuid}/close", {"date": _day(1)}).json()["status"] == "closed"
    r = api.post(f"/disputes/{uuid}/archive", {})
    assert r.status_code == 200 and r.json()["status"] == "archived" and r.json()["archived_date"] == TODAY.isoformat()

    detail = api.get(f"/disputes/{uuid}").json()
    # The timeline is in date order; the escalation was dated the day it was made (today).
    assert [s["kind"] for s in detail["steps"]] == [
        "register", "accept", "assign", "risk", "investigate", "session", "agreement", "confirm", "perform", "followup",
        "close", "escalate", "archive"]
    assert detail["deadlines"] == []
    dispute = Dispute.objects.get(uuid=uuid)
    events = set(WorkEvent.objects.filter(object_id=str(dispute.pk)).values_list("event_type", flat=True))
    assert {"mediation.dispute_registered", "mediation.dispute_accepted", "mediation.agreement_written", "mediation.followup",
            "mediation.dispute_closed", "mediation.dispute_archived"} <= events
    assert AuditEvent.objects.filter(actor=personas.owner, object_id=str(dispute.pk)).count() >= 10


def test_rejection_with_its_legal_reason_then_archive(personas, password):
    api = _api(personas.owner, password)
    uuid = api.post("/disputes", _registration(personas)).json()["uuid"]

    r = api.post(f"/disputes/{uuid}/reject", {"reason": "other_authority", "date": _day(1)})
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["reject_reason_display"]) == ("rejected", "已被人民法院、公安机关或其他行政机关受理或者解决")
    assert api.post(f"/disputes/{uuid}/archive", {"date": TODAY.isoformat()}).json()["status"] == "archived"


def test_failed_mediation_is_terminated_with_the_routes_told_then_followed_up(personas, password):
    api = _api(personas.owner, password)
    dispute = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=TODAY - dt.timedelta(days=5))

    r = api.post(f"/disputes/{dispute.uuid}/fail", {"date": _day(1), "routes": "已告知当事人可以向人民法院提起诉讼。"})
    assert r.status_code == 200 and (r.json()["status"], r.json()["outcome_display"]) == ("failed", "调解不成")
    assert r.json()["failure_routes"] == "已告知当事人可以向人民法院提起诉讼。"
    assert not Deadline.objects.filter(object_id=str(dispute.pk), kind="mediation.conclude", status="open").exists()
    r = api.post(f"/disputes/{dispute.uuid}/followups", {"visitor": "张明", "visited": "王大山", "performance": "none",
                                                          "satisfaction": "basic", "situation": "已起诉。", "risk_found": True})
    assert r.status_code == 201
    assert api.post(f"/disputes/{dispute.uuid}/close", {}).json()["status"] == "closed"


def test_edit_changes_only_the_given_fields_and_only_while_open(personas, password):
    api = _api(personas.owner, password)
    dispute = factories.dispute(personas)
    r = api.send("patch", f"/disputes/{dispute.uuid}", {"title": "王大山与李二河宅基地界址纠纷", "amount": "4500.50"})
    assert r.status_code == 200, r.content
    assert r.json()["title"] == "王大山与李二河宅基地界址纠纷" and Decimal(r.json()["amount"]) == Decimal("4500.50")
    assert r.json()["facts"] == dispute.facts
    dispute.status = Status.CLOSED
    dispute.save(update_fields=["status"])
    r = api.send("patch", f"/disputes/{dispute.uuid}", {"title": "再改"})
    assert r.status_code == 400 and r.json()["message"] == "该纠纷当前为“已结案”，不能修改基本情况"
    assert Dispute.objects.get(pk=dispute.pk).title == "王大山与李二河宅基地界址纠纷"


# --- bad input: a Chinese message naming the field, and nothing saved ------------------------------------------------


def _nothing_saved(before: tuple[int, int, int]) -> bool:
    return (Dispute.objects.count(), Person.objects.count(), AuditEvent.objects.count()) == before


@pytest.mark.parametrize(
    ("change", "status", "field", "message"),
    [
        ({"parties": [{"role": "applicant", "name": "王春花", "id_number": APPLICANT_ID}]}, 400, "parties",
         "至少需要一名申请人和一名被申请人"),
        ({"parties": [{"role": "applicant", "name": "王春花", "id_number": APPLICANT_ID},
                      {"role": "respondent", "name": "赵铁柱", "id_number": APPLICANT_ID[:17] + ("0" if APPLICANT_ID[17] != "0" else "1")}]},
         400, "parties.1.id_number", "第2位当事人的身份证号码校验位错误，请核对最后一位"),
        # Fixed legal enumerations are enums in the schema: another code is refused before anything is looked up.
        ({"parties": [{"role": "plaintiff", "name": "王春花"}]}, 422, "parties.0.role",
         "“parties.0.role”取值不在允许范围内，应为 'applicant', 'respondent' or 'third'"),
        ({"category": "alien"}, 400, "category", "请选择纠纷类型"),
        ({"source": "rumour"}, 422, "source", "“source”取值不在允许范围内，应为 'application', 'initiative', 'grid', 'police', "
         "'court', 'government' or 'hotline'"),
        ({"received_date": (TODAY + dt.timedelta(days=1)).isoformat()}, 400, "received_date", "登记日期不能晚于今天，请核对"),
        ({"received_date": "2026/13/01"}, 422, "received_date", "“received_date”日期格式应为 YYYY-MM-DD"),
        ({"amount": "-1"}, 400, "amount", "涉及金额不能为负数"),
        ({"amount": "三千"}, 422, "amount", "“amount”应为数字"),
        ({"amount": "12.345"}, 422, "amount", "“amount”小数位数过多（金额最多两位小数）"),
        ({"title": "   "}, 400, "title", "请填写纠纷名称"),
        ({"titel": "错别字"}, 422, "titel", "“titel”不允许的字段"),
        ({"org": "150403001"}, 404, None, "未找到该机构，或您无权查看"),  # another county's office
    ],
)
def test_bad_registration_gives_a_chinese_message_and_saves_nothing(personas, password, change, status, field, message):
    api = _api(personas.owner, password)
    before = (Dispute.objects.count(), Person.objects.count(), AuditEvent.objects.count())

    r = api.post("/disputes", {**_registration(personas), **change})

    assert r.status_code == status, r.content
    body = r.json()
    assert body["field"] == field
    assert body["message"] == message
    assert _nothing_saved(before)


def test_every_error_of_a_registration_is_answered_at_once(personas, password):
    api = _api(personas.owner, password)
    before = (Dispute.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    wrong = APPLICANT_ID[:17] + ("0" if APPLICANT_ID[17] != "0" else "1")
    r = api.post("/disputes", {**_registration(personas), "parties": [
        {"role": "applicant", "name": "王春花", "id_number": wrong, "phone": "1234"},
        {"role": "respondent", "name": "赵铁柱", "id_number": wrong}]})
    assert r.status_code == 400, r.content
    errors = [(e["field"], e["message"]) for e in r.json()["errors"]]
    assert errors == [
        ("parties.0.id_number", "第1位当事人的身份证号码校验位错误，请核对最后一位"),
        ("parties.0.phone", "第1位当事人的电话号码格式不正确：手机号为以1开头的11位数字，固定电话请带区号（如 0476-8888888）"),
        ("parties.1.id_number", "第2位当事人的身份证号码校验位错误，请核对最后一位"),
    ]
    assert r.json()["field"] == "parties.0.id_number"
    assert _nothing_saved(before)


def test_every_error_of_the_case_itself_is_answered_at_once(personas, password):
    api = _api(personas.owner, password)
    r = api.post("/disputes", {**_registration(personas), "title": " ", "amount": "-5", "category": "alien",
                               "received_date": (TODAY + dt.timedelta(days=1)).isoformat()})
    assert r.status_code == 400, r.content
    assert [e["field"] for e in r.json()["errors"]] == ["title", "category", "received_date", "amount"]
    assert r.json()["message"] == "请填写纠纷名称；请选择纠纷类型；登记日期不能晚于今天，请核对；涉及金额不能为负数"


def test_bad_steps_give_a_chinese_message_and_change_nothing(personas, password):
    api = _api(personas.owner, password)
    dispute = factories.dispute(personas)
    lead = f"/disputes/{dispute.uuid}"

    def refused(path: str, body: dict[str, Any], field: str | None, message: str) -> None:
        steps, audits = DisputeStep.objects.count(), AuditEvent.objects.count()
        r = api.post(path, body)
        assert r.status_code == 400, r.content
        assert (r.json()["code"], r.json()["field"], r.json()["message"]) == ("invalid", field, message)
        assert (DisputeStep.objects.count(), AuditEvent.objects.count()) == (steps, audits)

    refused(f"{lead}/accept", {"accepted_date": (TODAY + dt.timedelta(days=2)).isoformat()}, "accepted_date",
            "受理日期不能晚于今天，请核对")  # at its field since the date rules are collected (accept_check)
    refused(f"{lead}/accept", {"mediators": ["6f1c0e1e-0000-4000-8000-000000000000"]}, "mediators",
            "调解员“6f1c0e1e-0000-4000-8000-000000000000”不存在或不在您的管理范围内，请通过调解员列表接口查询")
    refused(f"{lead}/sessions", {"place": "调解室", "hosts": "赵调解", "record": "开始"}, None, "该纠纷当前为“待受理”，不能记录调解")
    refused(f"{lead}/escalate", {"to_org": personas.other_office.code, "reason": "上交"}, "to_org",
            f"只能提交给上级调解组织或司法所，可选：{personas.county.code}（红山区司法局）")
    assert Dispute.objects.get(pk=dispute.pk).status == Status.LEAD

    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=TODAY - dt.timedelta(days=5))
    respondent = dispute.parties.get(role="respondent")
    refused(f"{lead}/agreement", {"kind": "written", "signed_date": _day(1), "facts": "事实", "content": "内容",
                                  "items": [{"obligor_party_id": respondent.pk, "description": "付款", "due_date": _day(3)}]},
            "items", f"履行期限 {_day(3)} 早于协议日期，请核对")
    refused(f"{lead}/followups", {"visitor": "张明", "visited": "王大山", "performance": "full", "satisfaction": "satisfied",
                                  "situation": "好"}, None, "该纠纷当前为“已受理”，不能回访")
    refused(f"{lead}/fail", {"routes": "  "}, "routes", "请填写已告知当事人的其他解决途径（如仲裁、行政、诉讼）")
    assert not Agreement.objects.exists() and not MediationSession.objects.exists()
    for path, body, field in ((f"{lead}/reject", {"reason": "dislike"}, "reason"),
                              (f"{lead}/agreement", {"kind": "handshake", "facts": "事实", "content": "内容"}, "kind")):
        r = api.post(path, body)  # a fixed enumeration: the schema refuses another code and names the allowed ones
        assert r.status_code == 422 and r.json()["field"] == field and "应为 '" in r.json()["message"]
    r = api.post(f"{lead}/sessions", {"place": "调解室", "hosts": "赵调解"})
    assert r.status_code == 422 and r.json()["field"] == "record" and r.json()["message"] == "“record”缺少必填项"


def test_registration_org_must_be_a_committee_or_office_the_user_may_write_in(personas, password):
    before = (Dispute.objects.count(), Person.objects.count(), AuditEvent.objects.count())
    r = _api(personas.supervisor, password).post("/disputes", _registration(personas, org=personas.county.code))
    assert r.status_code == 400 and r.json()["message"] == "“红山区司法局”不是人民调解委员会或司法所，请填写受理纠纷的调解组织"
    r = _api(personas.readonly, password).post("/disputes", _registration(personas))
    assert r.status_code == 403 and r.json()["message"] == "您没有登记矛盾纠纷的权限"
    assert (Dispute.objects.count(), Person.objects.count()) == before[:2]


def test_readonly_gets_403_outsider_404_anonymous_401_and_nothing_changes(personas, password):
    dispute = factories.dispute(personas)
    readonly, outsider = _api(personas.readonly, password), _api(personas.outsider, password)
    before = (DisputeStep.objects.count(), AuditEvent.objects.count())
    body = {"accepted_date": TODAY.isoformat()}
    r = readonly.post(f"/disputes/{dispute.uuid}/accept", body)
    assert r.status_code == 403 and r.json()["message"] == "您没有修改该矛盾纠纷的权限"
    r = outsider.post(f"/disputes/{dispute.uuid}/accept", body)
    assert r.status_code == 404 and r.json()["code"] == "not_found"
    r = Client().post(f"{BASE}/disputes/{dispute.uuid}/accept", json.dumps(body), content_type="application/json")
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    assert (DisputeStep.objects.count(), AuditEvent.objects.count()) == before
    assert Dispute.objects.get(pk=dispute.pk).status == Status.LEAD


# --- reads --------------------------------------------------------------------------------------------------------


def test_list_is_scoped_and_its_query_count_does_not_grow_with_rows(personas, password):
    api = _api(personas.owner, password)
    factories.dispute(personas)
    api.get("/disputes")
    with CaptureQueriesContext(connection) as one:
        assert api.get("/disputes").json()["count"] == 1
    for i in range(6):
        factories.dispute(personas, title=f"第{i}起纠纷")
    with CaptureQueriesContext(connection) as many:
        assert api.get("/disputes").json()["count"] == 7
    assert len(many) == len(one)
    assert _api(personas.outsider, password).get("/disputes").json() == {"items": [], "count": 0}
    assert _api(personas.supervisor, password).get("/disputes").json()["count"] == 7
    r = api.get("/disputes", {"date_from": "昨天"})
    assert r.status_code == 422 and r.json()["field"] == "date_from"
    r = api.get("/disputes", {"status": "sleeping"})
    assert r.status_code == 422 and r.json()["field"] == "status" and "'mediating'" in r.json()["message"]


def test_committees_and_mediators(personas, password):
    mediator = factories.mediator(personas, "孙调解", org=personas.committee)
    mediator.person.sex = "1"  # a man (the factory's ID numbers run in sequence across tests, so the sex is set here)
    mediator.person.save()
    api = _api(personas.owner, password)

    (committee,) = api.get("/committees").json()["items"]
    assert (committee["code"], committee["member_count"], committee["women_count"]) == (personas.committee.code, 1, 0)
    assert api.get("/committees", {"without_women": True}).json()["count"] == 1
    detail = api.get(f"/committees/{personas.committee.code}").json()
    assert [m["name"] for m in detail["members"]] == ["孙调解"]
    assert "没有女性委员（人民调解法 第八条：人民调解委员会应当有妇女成员）" in detail["warnings"]
    assert api.get(f"/committees/{personas.office.code}").status_code == 404  # an office is not a committee
    assert (committee["committee_type"], committee["committee_type_display"], committee["term_end"]) == (None, "未登记", None)
    assert "尚未登记调委会类型和本届任期，请点击“编辑调委会信息”补充" in detail["warnings"]

    from mediation.services import CommitteeProfileInput, committee_profile_save

    committee_profile_save(actor=personas.owner, committee=personas.committee, data=CommitteeProfileInput(
        committee_type="trade", trade="医疗", established=dt.date(2015, 5, 4), term_start=dt.date(2024, 3, 1)))
    (committee,) = api.get("/committees").json()["items"]
    assert (committee["committee_type"], committee["trade"], committee["term_end"]) == ("trade", "医疗", "2027-03-01")
    assert committee["committee_type_display"] == "行业性、专业性调委会（医疗）"
    detail = api.get(f"/committees/{personas.committee.code}").json()
    assert (detail["established"], detail["term_start"]) == ("2015-05-04", "2024-03-01")

    assert [m["uuid"] for m in api.get("/mediators", {"name": "孙"}).json()["items"]] == [str(mediator.uuid)]
    body = api.get(f"/mediators/{mediator.uuid}").json()
    assert (body["org_code"], body["position_display"]) == (personas.committee.code, "委员")
    assert (body["cases_handled"], body["cases_mediated"], body["success_rate"]) == (0, 0, None)
    assert _api(personas.outsider, password).get(f"/mediators/{mediator.uuid}").status_code == 404


def test_openapi_document_describes_the_mediation_endpoints(client):
    doc = client.get("/api/v1/openapi.json").json()
    operations = {op["operationId"]: (method, path, op) for path, ops in doc["paths"].items() for method, op in ops.items()}
    expected = {
        "dispute_list": ("get", "/disputes"), "dispute_register": ("post", "/disputes"), "dispute_detail": ("get", "/disputes/{uuid}"),
        "dispute_update": ("patch", "/disputes/{uuid}"), "dispute_accept": ("post", "/disputes/{uuid}/accept"),
        "dispute_reject": ("post", "/disputes/{uuid}/reject"), "dispute_assign": ("post", "/disputes/{uuid}/assign"),
        "dispute_escalate": ("post", "/disputes/{uuid}/escalate"), "dispute_report_risk": ("post", "/disputes/{uuid}/risk"),
        "dispute_investigation": ("post", "/disputes/{uuid}/investigations"), "dispute_session": ("post", "/disputes/{uuid}/sessions"),
        "dispute_agreement": ("post", "/disputes/{uuid}/agreement"), "dispute_fail": ("post", "/disputes/{uuid}/fail"),
        "dispute_performance": ("post", "/disputes/{uuid}/performance"),
        "dispute_confirmation": ("post", "/disputes/{uuid}/confirmation"), "dispute_followup": ("post", "/disputes/{uuid}/followups"),
        "dispute_close": ("post", "/disputes/{uuid}/close"), "dispute_archive": ("post", "/disputes/{uuid}/archive"),
        "mediator_list": ("get", "/mediators"), "mediator_detail": ("get", "/mediators/{uuid}"),
        "committee_list": ("get", "/committees"), "committee_detail": ("get", "/committees/{code}"),
        "expert_list": ("get", "/experts"),
    }
    for operation_id, (method, path) in expected.items():
        found_method, found_path, op = operations[operation_id]
        assert (found_method, found_path) == (method, "/api/v1/mediation" + path), operation_id
        assert op["tags"] == ["人民调解"] and any("\u4e00" <= ch <= "\u9fff" for ch in op["summary"]), operation_id
        if method == "post":
            assert {"400", "403", "404"} <= set(op["responses"]), operation_id
    list_params = {p["name"] for p in operations["dispute_list"][2]["parameters"]}
    assert {"q", "status", "category", "mediator", "date_from", "date_to", "overdue", "limit", "offset"} <= list_params
    schemas = doc["components"]["schemas"]
    assert "不予受理事由" in schemas["RejectIn"]["properties"]["reason"]["description"]
    assert schemas["DisputeRegisterIn"]["additionalProperties"] is False
    assert "id_number" not in schemas["PartyOut"]["properties"] and "id_number_masked" in schemas["PartyOut"]["properties"]


def test_expert_pool_lists_the_scope_and_the_bureaus_above_with_the_page_filters(personas, password):
    from mediation.services import expert_add

    own = expert_add(actor=personas.owner, org=personas.office, name="周律师", kind="lawyer", speciality="婚姻家庭、继承",
                     phone="13900000003")
    county = expert_add(actor=personas.supervisor, org=personas.county, name="吴法官", kind="retired_judge", speciality="土地权属")
    expert_add(actor=personas.outsider, org=personas.other_office, name="郑专家", kind="industry", speciality="医疗")

    body = _api(personas.owner, password).get("/experts").json()
    assert body["count"] == 2 and {e["name"] for e in body["items"]} == {"周律师", "吴法官"}
    row = next(e for e in body["items"] if e["uuid"] == str(own.uuid))
    assert (row["kind"], row["kind_display"], row["org_code"], row["phone"], row["is_active"]) == (
        "lawyer", "律师", personas.office.code, "13900000003", True)
    filtered = _api(personas.owner, password).get("/experts", {"kind": "retired_judge", "speciality": "土地"}).json()
    assert [e["uuid"] for e in filtered["items"]] == [str(county.uuid)]
    bad = _api(personas.owner, password).get("/experts", {"kind": "astrologer"})
    assert bad.status_code == 422 and bad.json()["field"] == "kind"

    assert {e["name"] for e in _api(personas.supervisor, password).get("/experts").json()["items"]} == {"周律师", "吴法官"}
    assert {e["name"] for e in _api(personas.readonly, password).get("/experts").json()["items"]} == {"周律师", "吴法官"}
    assert {e["name"] for e in _api(personas.outsider, password).get("/experts").json()["items"]} == {"郑专家"}
    assert Client().get(BASE + "/experts").status_code == 401


def test_transcript_proposes_the_session_and_agreement_bodies_which_then_save(personas, password):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mediation.tests.test_transcript_upload import _transcript

    api = _api(personas.owner, password)
    dispute = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=TODAY - dt.timedelta(days=2))
    before = (MediationSession.objects.count(), Agreement.objects.count())
    r = api.client.post(f"{BASE}/disputes/{dispute.uuid}/transcript", {"file": SimpleUploadedFile("笔录.txt", _transcript())},
                        **api.headers)
    assert r.status_code == 200, r.content
    proposal = r.json()
    assert proposal["session"]["hosts"] == "赵调解" and "宅基地" in proposal["session"]["record"]
    agreement = proposal["agreement"]
    assert agreement["kind"] == "written" and Decimal(agreement["amount"]) == 2000 and "拆除" in agreement["content"]
    assert (MediationSession.objects.count(), Agreement.objects.count()) == before  # nothing saved yet

    assert api.post(f"/disputes/{dispute.uuid}/sessions", proposal["session"]).status_code == 201
    assert api.post(f"/disputes/{dispute.uuid}/agreement", agreement).status_code == 201, "the proposal is a valid body"


def test_statistics_count_what_the_page_counts(personas, password):
    dispute = factories.dispute(personas)
    dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=TODAY)
    body = _api(personas.supervisor, password).get("/statistics", {"group_by": "office"}).json()
    total = body["rows"][-1]
    assert body["group_by"] == "office" and total["values"]["accepted"] == 1
    assert [r["label"] for r in body["rows"] if r["values"]["accepted"]] == ["西屯街道司法所", total["label"]]
    refused = _api(personas.supervisor, password).get("/statistics", {"period": "custom"})
    assert refused.status_code == 400 and refused.json()["message"] == "自定义期间请填写开始日期和结束日期"
