"""调查评估 (社区矫正法 第十八条): the working-day deadline around National Day and the Spring Festival (调休 Saturdays
count), extension by agreement, interviews, the opinion with its number, 备案 with the county agency that can send it
back, the ledger for 考核 K05/N02, the clock and the warning rule."""

from __future__ import annotations

import datetime as dt

import pytest

from core.deadlines import deadlines_refresh, open_deadlines_for
from core.errors import AccessDenied, ValidationFailed
from core.models import AuditEvent, Deadline, WorkEvent
from corrections import investigations as svc
from corrections.choices import InvestigationStatus
from corrections.models import Investigation
from corrections.tests import factories
from people.services import PersonInput

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _input(**over):
    values = dict(body_type="court", body_name="赤峰市红山区人民法院", case_number="（2025）内0402刑初88号",
                  proposed_type="probation", crime="危险驾驶罪", received_date=dt.date(2025, 9, 26))
    values.update(over)
    return svc.InvestigationInput(**values)


def _register(personas, **over):
    return svc.investigation_register(actor=personas.owner, org=personas.office, person=PersonInput(name="赵国庆"),
                                      data=_input(**over))


@pytest.mark.parametrize(("received", "fast", "due"), [
    # 2025 国庆、中秋: 10月1日至8日放假，9月28日（星期日）、10月11日（星期六）上班.
    (dt.date(2025, 9, 26), False, dt.date(2025, 10, 16)),
    (dt.date(2025, 9, 26), True, dt.date(2025, 10, 10)),
    # 2026 春节: 2月15日至23日放假，2月14日（星期六）、2月28日（星期六）上班.
    (dt.date(2026, 2, 12), False, dt.date(2026, 3, 4)),
    (dt.date(2026, 2, 12), True, dt.date(2026, 2, 26)),
])
def test_deadline_counts_working_days_across_holidays_and_adjusted_workdays(personas, received, fast, due):
    inv = _register(personas, received_date=received, fast_track=fast,
                    body_type="procuratorate" if fast else "court")
    assert inv.due_date == due
    clock = open_deadlines_for(inv, svc.DEADLINE).get()
    assert (clock.start_date, clock.due_date, clock.owner) == (received, due, personas.owner)
    assert "个工作日内完成调查评估" in clock.basis
    assert WorkEvent.objects.filter(event_type=svc.RECEIVED, object_id=str(inv.pk), date=received).count() == 1


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"body_name": "  "}, "body_name", "请填写委托机关名称"),
    ({"case_number": ""}, "case_number", "请填写委托函文号或案号"),
    ({"received_date": TODAY + dt.timedelta(days=1)}, "received_date", "不能晚于今天"),
    ({"body_type": "police", "fast_track": True}, "fast_track", "速裁程序只适用于人民法院、人民检察院"),
    ({"proposed_type": "exile"}, "proposed_type", "请选择拟适用的矫正类别"),
])
def test_bad_commission_is_refused_in_chinese_and_saves_nothing(personas, over, field, message):
    with pytest.raises(ValidationFailed, match=message) as caught:
        _register(personas, **over)
    assert caught.value.field == field
    assert not Investigation.objects.exists() and not Deadline.objects.filter(kind=svc.DEADLINE).exists()


def test_extension_needs_a_reason_a_later_working_day_and_moves_the_clock(personas):
    inv = _register(personas)  # due 2025-10-16
    with pytest.raises(ValidationFailed, match="请写明延期的理由"):
        svc.investigation_extend(actor=personas.owner, investigation=inv, due_date=dt.date(2025, 10, 20), reason=" ")
    with pytest.raises(ValidationFailed, match="须晚于原期限 2025-10-16"):
        svc.investigation_extend(actor=personas.owner, investigation=inv, due_date=dt.date(2025, 10, 15), reason="法院同意")
    with pytest.raises(ValidationFailed, match="不是工作日"):
        svc.investigation_extend(actor=personas.owner, investigation=inv, due_date=dt.date(2025, 10, 18), reason="法院同意")
    with pytest.raises(ValidationFailed, match="最迟为"):
        svc.investigation_extend(actor=personas.owner, investigation=inv, due_date=dt.date(2025, 12, 31), reason="法院同意")
    svc.investigation_extend(actor=personas.owner, investigation=inv, due_date=dt.date(2025, 10, 20), reason="经法院刑庭同意延期")
    inv.refresh_from_db()
    assert inv.due_date == dt.date(2025, 10, 20) and inv.extended_reason == "经法院刑庭同意延期"
    assert open_deadlines_for(inv, svc.DEADLINE).get().due_date == dt.date(2025, 10, 20)


def test_issue_numbers_the_opinion_closes_the_clock_and_counts_for_k05(personas):
    inv = factories.investigation(personas)
    svc.interview_add(actor=personas.owner, investigation=inv, date=TODAY, kind="victim", interviewee="被害人 李某",
                      content="对被告人适用社区矫正无异议。")
    with pytest.raises(ValidationFailed, match="请填写评估意见的理由"):
        svc.investigation_issue(actor=personas.owner, investigation=inv, findings="有固定住所。", opinion="suitable", reasons="",
                                date=TODAY)
    done = svc.investigation_issue(actor=personas.owner, investigation=inv, findings="有固定住所。", opinion="suitable",
                                   reasons="社会危险性小。", date=TODAY)
    assert done.status == InvestigationStatus.ISSUED and done.number == f"（{TODAY.year}）红西司矫调字第1号"
    assert done.on_time is True
    assert not open_deadlines_for(done, svc.DEADLINE).exists()
    assert WorkEvent.objects.filter(event_type="investigation.completed", object_id=str(done.pk)).count() == 1
    assert not WorkEvent.objects.filter(event_type="investigation.overdue").exists()
    with pytest.raises(ValidationFailed, match="不能再修改调查环节"):
        svc.interview_add(actor=personas.owner, investigation=done, date=TODAY, kind="self", interviewee="本人", content="补充")


def test_late_opinion_counts_as_overdue_once_for_n02(personas):
    inv = factories.investigation(personas, received=TODAY - dt.timedelta(days=40))
    deadlines_refresh(today=TODAY)  # the daily task sees the clock overdue and writes the N02 entry
    assert WorkEvent.objects.filter(event_type="investigation.overdue", object_id=str(inv.pk)).count() == 1
    done = svc.investigation_issue(actor=personas.owner, investigation=inv, findings="住所固定。", opinion="unsuitable",
                                   reasons="被害人强烈反对。", date=TODAY)
    assert done.on_time is False
    assert WorkEvent.objects.filter(event_type="investigation.overdue", object_id=str(inv.pk)).count() == 1


def test_late_opinion_without_the_task_still_counts_overdue(personas):
    inv = factories.investigation(personas, received=TODAY - dt.timedelta(days=40))
    svc.investigation_issue(actor=personas.owner, investigation=inv, findings="住所固定。", opinion="suitable", reasons="悔罪。",
                            date=TODAY)
    entry = WorkEvent.objects.get(event_type="investigation.overdue", object_id=str(inv.pk))
    assert entry.date == inv.due_date + dt.timedelta(days=1)


def test_filing_review_by_the_county_only_and_sending_back(personas):
    inv = svc.investigation_submit(actor=personas.owner, investigation=factories.issued(personas))
    with pytest.raises(AccessDenied, match="司法所不能自行备案"):
        svc.investigation_review(actor=personas.owner, investigation=inv, accept=True)
    with pytest.raises(ValidationFailed, match="请写明退回理由"):
        svc.investigation_review(actor=personas.supervisor, investigation=inv, accept=False, note="")
    back = svc.investigation_review(actor=personas.supervisor, investigation=inv, accept=False, note="缺少被害人意见")
    assert back.status == InvestigationStatus.RETURNED
    number = back.number
    again = svc.investigation_issue(actor=personas.owner, investigation=back, findings="补充了被害人意见。", opinion="suitable",
                                    reasons="社会危险性小。", date=TODAY)
    assert again.number != number  # a new document with the next number; the first stays in 文书, counted once
    from documents.models import GeneratedDocument

    assert GeneratedDocument.objects.filter(kind="corrections_investigation", object_id=str(inv.pk)).count() == 2
    assert WorkEvent.objects.filter(event_type="investigation.completed", object_id=str(inv.pk)).count() == 1
    svc.investigation_submit(actor=personas.owner, investigation=again)
    filed = svc.investigation_review(actor=personas.supervisor, investigation=again, accept=True, note="同意备案")
    assert filed.status == InvestigationStatus.FILED and filed.reviewed_date == TODAY
    assert WorkEvent.objects.filter(event_type="investigation.filed", object_id=str(inv.pk)).count() == 1
    assert AuditEvent.objects.filter(summary__startswith="退回调查评估意见书").exists()


def test_warning_before_the_deadline_and_when_overdue(personas):
    from supervision.rules import EVALUATORS

    rule = EVALUATORS["investigation_overdue"]
    late = factories.investigation(personas, name="孙海涛", received=TODAY - dt.timedelta(days=30))
    result = rule.evaluate(rule.clean_params({"days_before": 0}), TODAY)
    assert [f.org_id for f in result.findings] == [personas.office.pk]
    assert "孙海涛" in result.findings[0].facts and "超期1件" in result.findings[0].facts
    svc.investigation_issue(actor=personas.owner, investigation=late, findings="住所固定。", opinion="suitable", reasons="悔罪。",
                            date=TODAY)
    assert rule.evaluate(rule.clean_params({}), TODAY).findings == []
    # Received today: ten working days ahead, inside a warning window of ten working days, outside one of two.
    factories.investigation(personas, name="钱晓峰", received=TODAY)
    assert rule.evaluate(rule.clean_params({"days_before": 2}), TODAY).findings == []
    ahead = rule.evaluate(rule.clean_params({"days_before": 10}), TODAY).findings
    assert len(ahead) == 1 and "钱晓峰" in ahead[0].facts and "超期0件" in ahead[0].facts


def test_opinion_document_prints_the_opinion_and_its_number(personas):
    from documents.services import document_generate

    inv = factories.investigation(personas)
    with pytest.raises(ValidationFailed, match="尚未出具评估意见"):
        document_generate(actor=personas.owner, kind="corrections_investigation", target=inv, org=inv.org)
    inv = svc.investigation_issue(actor=personas.owner, investigation=inv, findings="居所：红旗社区。", opinion="unsuitable",
                                  reasons="无固定住所。", date=TODAY)
    from corrections.documents import opinion_context

    ctx = opinion_context(inv, org=inv.org, number="x", issued_on=TODAY, actor=personas.owner)
    assert ctx.number == "x" and ctx.opinion == "不适宜社区矫正" and ctx.addressee == "赤峰市红山区人民法院"
    assert ctx.copy_to == "红山区人民检察院" and ctx.agency.startswith("红山区司法局")
    assert inv.number == f"（{TODAY.year}）红西司矫调字第1号"
    doc = document_generate(actor=personas.owner, kind="corrections_investigation", target=inv, org=inv.org)
    assert doc.number == f"（{TODAY.year}）红西司矫调字第2号"


def test_pages_register_issue_and_export(personas, login):
    c = login(personas.owner)
    response = c.post("/corrections/investigations/register/", {
        "org": personas.office.pk, "name": "钱晓峰", "body_type": "court", "body_name": "赤峰市红山区人民法院",
        "case_number": "（2026）内0402刑初501号", "proposed_type": "probation", "crime": "危险驾驶罪",
        "received_date": TODAY.isoformat(), "fast_track": "on"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    inv = Investigation.objects.get()
    assert inv.fast_track and inv.due_date > TODAY
    page = c.get(inv.get_absolute_url()).content.decode()
    assert 'data-action="issue"' in page and "速裁" in page
    assert AuditEvent.objects.filter(summary="查阅调查评估 钱晓峰").count() == 1
    export = c.get("/corrections/investigations/?export=xlsx")
    assert export.status_code == 200 and "spreadsheetml" in export["Content-Type"]


def test_api_cycle_and_outsider(personas):
    from core.testing import PASSWORD, token_api

    api = token_api(personas.owner, PASSWORD)
    created = api.post("/api/v1/corrections/investigations", {
        "org": personas.office.code, "name": "钱晓峰", "body_type": "court", "body_name": "赤峰市红山区人民法院",
        "case_number": "（2026）内0402刑初501号", "proposed_type": "probation", "crime": "危险驾驶罪"})
    assert created.status_code == 201, created.content
    uuid = created.json()["uuid"]
    issued = api.post(f"/api/v1/corrections/investigations/{uuid}/issue", {
        "findings": "有固定住所。", "opinion": "suitable", "reasons": "社会危险性小。"})
    assert issued.status_code == 200 and issued.json()["on_time"] is True and issued.json()["number"]
    assert token_api(personas.outsider, PASSWORD).get(f"/api/v1/corrections/investigations/{uuid}").status_code == 404


def test_the_daily_log_prefills_each_step(personas):
    """Every step is a ledger entry of its actor, so the 工作日志 of the day opens with them (item 10)."""
    from worklog.services import worklog_confirm, worklog_open

    inv = factories.investigation(personas, received=TODAY)
    svc.interview_add(actor=personas.owner, investigation=inv, date=TODAY, kind="self", interviewee="孙海涛", content="认罪悔罪。")
    svc.investigation_issue(actor=personas.owner, investigation=inv, findings="住所固定。", opinion="suitable", reasons="悔罪。",
                            date=TODAY)
    factories.arrival(personas, effective=TODAY - dt.timedelta(days=2))  # the notice arrives today
    log = worklog_confirm(actor=personas.owner, log=worklog_open(user=personas.owner, day=TODAY))
    # One line per case and day naming its steps, tagged with the case's latest step.
    lines = dict(log.entries.values_list("event_type", "description"))
    assert {"investigation.completed", "corrections.arrival_noticed"} <= set(lines)
    assert "完成调查评估（出具意见书）" in lines["investigation.completed"]
    assert "登记调查评估委托" in lines["investigation.completed"]
