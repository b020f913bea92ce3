"""分类管理与矫正方案 in the browser (pages and dialogs) and over the API: the one-click plan, transparent scoring,
refusals in Chinese with nothing saved, the document, the lists with their exports and constant query counts, the
background re-grading and the prediction report."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document
from openpyxl import load_workbook

from core.models import AuditEvent, TaskRun
from core.testing import token_api
from corrections import plans
from corrections.models import CorrectionPlan, GradeChange, RegradeProposal, RiskAssessment, months_after
from corrections.tests import plan_factories as pf
from documents.services import document_generate

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
BASE = "/api/v1/corrections"


def _form_answers(level: str = "low") -> dict[str, str]:
    return {f"item_{k}": v for k, v in pf.answers(level).items()}


def test_the_office_records_conditions_assesses_generates_edits_and_approves_in_the_browser(personas, login):
    c = login(personas.owner)
    subject = pf.receive(personas, "李秀梅", female=True)
    page = c.get(f"/corrections/{subject.uuid}/grading/").content.decode()
    assert "分级管理与矫正方案" in page and "未定级" in page and page.count("</tr>") >= 27
    assert AuditEvent.objects.filter(summary__startswith="查阅社区矫正对象分级与矫正方案").exists()
    assert "分级与矫正方案" in c.get(subject.get_absolute_url()).content.decode()

    r = c.post(f"/corrections/{subject.uuid}/conditions/", {"dependants": "young_children", "financial_hardship": "yes"},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 204

    form = c.get(f"/corrections/{subject.uuid}/assess/", HTTP_HX_REQUEST="true").content.decode()
    assert "既往犯罪记录" in form and "（5分）" in form
    r = c.post(f"/corrections/{subject.uuid}/assess/", {"kind": "initial", "assessed_on": TODAY.isoformat(), **_form_answers(),
                                                        "override_level": "normal", "override_reason": ""}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "须写明理由" in r.content.decode() and not RiskAssessment.objects.exists()
    r = c.post(f"/corrections/{subject.uuid}/assess/", {"kind": "initial", "assessed_on": TODAY.isoformat(), **_form_answers()},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 204
    assessment = RiskAssessment.objects.get()
    detail = c.get(assessment.get_absolute_url()).content.decode()
    assert "逐题得分" in detail and "既往犯罪记录" in detail and "无前科" in detail

    r = c.post(f"/corrections/{subject.uuid}/plan/generate/")
    plan = CorrectionPlan.objects.get()
    assert r.status_code == 302 and r["Location"] == plan.get_absolute_url()
    page = c.get(plan.get_absolute_url()).content.decode()
    assert "一、基本情况" in page and "四、监督管理措施" in page and "矫正小组中应有女性成员" in page
    assert "性别：女" in page and "社区矫正法 第二十五条" in page and "抚养赡养：抚养未成年子女" in page

    measure = plan.measures.get(strategy__code="family_time")
    assert c.post(f"/corrections/plans/{plan.uuid}/measures/{measure.pk}/remove/").status_code == 302
    r = c.post(f"/corrections/plans/{plan.uuid}/measures/add/", {"section": "assistance", "title": "协调托育服务",
                                                                   "legal_basis": "社区矫正法 第三十八条", "note": ""},
               HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "说明增加该措施的理由" in r.content.decode()
    assert c.post(f"/corrections/plans/{plan.uuid}/approve/").status_code == 302
    plan.refresh_from_db()
    assert plan.status == "approved" and not plan.measures.filter(strategy__code="family_time").exists()
    page = c.get(plan.get_absolute_url()).content.decode()
    assert "生成矫正方案文书" in page and "排期事项" in page


def test_the_plan_document_prints_the_sections_and_every_measure_with_its_basis(personas):
    subject = pf.ill_outside(personas)
    pf.assess(personas, subject)
    plan = plans.plan_approve(actor=personas.owner, plan=plans.plan_generate(actor=personas.owner, subject=subject))
    document = document_generate(actor=personas.owner, kind="correction_plan", target=plan, org=personas.office)
    with document.file.open("rb") as handle:
        docx = Document(BytesIO(handle.read()))
    text = "\n".join([p.text for p in docx.paragraphs] + [cell.text for t in docx.tables for row in t.rows for cell in row.cells])
    assert "社区矫正方案" in text and "钱德福" in text and "三、心理状态和其他特殊情况分析" in text
    assert "每三个月提交省级人民政府指定医院的病情复查情况" in text and "季度1次" in text
    assert "暂予监外执行情形：严重疾病需保外就医" in text and "社区矫正法 第二十三条" in text


def test_a_draft_cannot_be_printed(personas):
    from core.errors import ValidationFailed

    subject = pf.drunk_driver(personas)
    pf.assess(personas, subject)
    plan = plans.plan_generate(actor=personas.owner, subject=subject)
    with pytest.raises(ValidationFailed, match="审批后才能生成"):
        document_generate(actor=personas.owner, kind="correction_plan", target=plan, org=personas.office)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_lists_export_to_excel_and_cost_the_same_queries_for_one_row_or_many(personas, login):
    c = login(personas.owner)
    first = pf.drunk_driver(personas)
    pf.assess(personas, first)
    plans.plan_generate(actor=personas.owner, subject=first)
    urls = ("/corrections/plans/", "/corrections/grades/", "/corrections/regrade/")
    for url in urls:
        _queries(c, url)  # the first request fills the session's caches (menu, permissions)
    counts = {url: _queries(c, url) for url in urls}
    for builder in (pf.minor, pf.mother, pf.drug_parolee, pf.ill_outside):
        s = builder(personas)
        pf.assess(personas, s)
        plans.plan_generate(actor=personas.owner, subject=s)
    for url, count in counts.items():
        assert _queries(c, url) == count, url
    r = c.get("/corrections/plans/?export=xlsx")
    sheet = load_workbook(BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("姓名", "版本", "状态", "管理等级")
    assert {"赵永刚", "小刚", "李秀梅"} <= {v for row in rows for v in row}
    grades = load_workbook(BytesIO(c.get("/corrections/grades/?export=xlsx").content)).active
    assert any("严管" in str(v) for row in grades.iter_rows(values_only=True) for v in row)


def test_regrading_runs_as_a_task_with_progress_and_staff_approve_in_the_list(personas, login):
    c = login(personas.owner)
    effective = TODAY - dt.timedelta(days=100)
    subject = pf.receive(personas, "吴国庆", effective_date=effective, start_date=effective, reported_date=effective + dt.timedelta(days=2),
                         end_date=months_after(effective, 24) - dt.timedelta(days=1))
    pf.assess(personas, subject, on=effective + dt.timedelta(days=3))
    assert "生成调整建议" in c.get("/corrections/regrade/").content.decode()
    r = c.post("/corrections/regrade/run/", {"org": personas.office.pk})
    run = TaskRun.objects.get(label=plans.REGRADE_LABEL)
    assert r.status_code == 200 and run.status == "done" and "1 条" in run.message and 'data-status="done"' in r.content.decode()
    proposal = RegradeProposal.objects.get()
    listing = c.get("/corrections/regrade/").content.decode()
    assert "吴国庆" in listing and "入矫已满两个月" in listing
    table = c.get("/corrections/regrade/", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="list-table")
    assert table.status_code == 200 and "吴国庆" in table.content.decode() and "生成调整建议" not in table.content.decode()
    r = c.post(f"/corrections/regrade/{proposal.uuid}/decide/", {"approve": "0", "note": ""}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "须写明理由" in r.content.decode()
    assert c.post(f"/corrections/regrade/{proposal.uuid}/decide/", {"approve": "1", "note": "同意"},
                  HTTP_HX_REQUEST="true").status_code == 204
    assert plans.current_grade(subject).level.code == "lenient"
    outsider = login(personas.outsider)
    assert outsider.post("/corrections/regrade/run/", {"org": personas.office.pk}).status_code == 404


def test_the_validation_report_counts_by_grade_and_says_when_data_are_simulated(personas, login):
    c = login(personas.supervisor)
    subject = pf.drug_parolee(personas)
    pf.assess(personas, subject, "high")
    page = c.get("/corrections/validation/").content.decode()
    assert "分级预测效果" in page and "结果数不足" in page and 'data-testid="simulated"' not in page
    RiskAssessment.objects.update(simulated=True)
    page = c.get("/corrections/validation/").content.decode()
    assert 'data-testid="simulated"' in page and "模拟" in page


def test_standards_page_shows_levels_and_the_library(personas, login):
    page = login(personas.readonly).get("/corrections/standards/").content.decode()
    assert "严管" in page and "每周1次" in page and "待核实" in page and "未成年人" in page and "社区矫正法 第五十二条" in page


def test_api_one_click_plan_refusals_in_chinese_and_obligations(personas, password):
    api = token_api(personas.owner, password, base=BASE, name="方案同步")
    subject = pf.drug_parolee(personas)
    r = api.post(f"/subjects/{subject.uuid}/plans", {})
    assert r.status_code == 400 and "请先进行入矫风险需求评估" in r.json()["message"]
    rule = api.get("/rule-set").json()
    answers = {item["code"]: item["options"][0]["value"] for item in rule["items"]}
    r = api.post(f"/subjects/{subject.uuid}/assessments", {"answers": answers, "override_level": "normal"})
    assert r.status_code == 400 and r.json()["field"] == "override_reason" and "须写明理由" in r.json()["message"]
    assert not RiskAssessment.objects.exists()
    r = api.post(f"/subjects/{subject.uuid}/assessments", {"answers": answers})
    assert r.status_code == 201 and r.json()["level"] == "strict" and len(r.json()["answers"]) == len(rule["items"])
    assert all("points" in a for a in r.json()["answers"])
    r = api.post(f"/subjects/{subject.uuid}/plans", {})
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "draft" and all(m["triggers"] and m["legal_basis"] for m in body["measures"])
    assert {"drug_test", "job_guidance"} <= {m["strategy"] for m in body["measures"]}
    assert api.get(f"/plans/{body['uuid']}/obligations").json() == []
    assert api.post(f"/plans/{body['uuid']}/approve", {}).json()["status"] == "approved"
    obligations = api.get(f"/plans/{body['uuid']}/obligations").json()
    assert {"报到", "书面报告", "教育学习", "公益活动", "个别谈话", "走访", "信息化核查"} <= {o["kind"] for o in obligations}
    conditions = api.get(f"/subjects/{subject.uuid}/conditions").json()
    assert len(conditions) >= 27 and {c["key"] for c in conditions if c["derived"]} >= {"sex", "age_band", "stage", "level"}
    r = api.send("put", f"/subjects/{subject.uuid}/conditions", {"values": {"education": "phd"}})
    assert r.status_code == 400 and "无效" in r.json()["message"]
    grades = api.get("/grades").json()
    assert grades["count"] == 1 and grades["items"][0]["level"] == "strict"
    assert GradeChange.objects.count() == 1
    levels = api.get("/levels").json()
    assert [lv["name"] for lv in levels] == ["严管", "普管", "宽管"] and levels[0]["reports"] == "每周1次"
    assert len(api.get("/strategies").json()) == 48
    assert api.get("/validation").json()["overall"]["count"] == 1


def test_the_plan_warning_names_subjects_without_an_approved_plan(personas):
    from supervision.warnings import plans_not_approved

    effective = TODAY - dt.timedelta(days=60)
    subject = pf.receive(personas, "郑光明", effective_date=effective, start_date=effective, reported_date=effective + dt.timedelta(days=2),
                         end_date=months_after(effective, 24) - dt.timedelta(days=1))
    result = plans_not_approved({"days": 30}, TODAY)
    assert [f.org_id for f in result.findings] == [personas.office.pk] and "郑光明" in result.findings[0].facts
    pf.assess(personas, subject)
    plans.plan_approve(actor=personas.owner, plan=plans.plan_generate(actor=personas.owner, subject=subject))
    assert plans_not_approved({"days": 30}, TODAY).findings == []
