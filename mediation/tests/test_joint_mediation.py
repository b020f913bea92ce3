"""联合调解: a dispute escalated to joint or township mediation names the bodies taking part (派出所、人民法庭、信访、
人社、住建 …); they are stored, shown on the case page and in the 调解记录, and every change is kept in the history."""

from __future__ import annotations

import datetime as dt
import json
from io import BytesIO

import pytest
from django.test import Client
from docx import Document

from core.errors import ValidationFailed
from core.models import AuditEvent, WorkEvent
from documents.services import document_generate
from mediation.choices import Level
from mediation.models import Dispute
from mediation.services import dispute_accept, dispute_escalate, dispute_joint_mediation, session_record
from mediation.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _accepted(personas, **kw) -> Dispute:
    dispute = factories.dispute(personas, **kw)
    return dispute_accept(actor=personas.owner, dispute=dispute, accepted_date=TODAY - dt.timedelta(days=10))


def _joint_events(dispute: Dispute) -> int:
    return WorkEvent.objects.filter(event_type="mediation.joint_mediation", object_id=str(dispute.pk)).count()


def test_escalating_with_bodies_makes_a_township_joint_mediation(personas):
    dispute = factories.dispute(personas, org=personas.committee)
    dispute_escalate(actor=personas.owner, dispute=dispute, to_org=personas.office, reason="村调委会调解未果，涉及治安",
                     joint_bodies=["西屯派出所", " 红山区人民法院西屯法庭 ", "西屯派出所"])
    dispute.refresh_from_db()
    assert dispute.org == personas.office and dispute.level == Level.JOINT
    assert dispute.joint_bodies == ["西屯派出所", "红山区人民法院西屯法庭"]
    assert dispute.steps.get(kind="escalate").summary.endswith("；联合调解单位：西屯派出所、红山区人民法院西屯法庭")
    audit = AuditEvent.objects.filter(summary__startswith="升级调处").get()
    assert audit.before["level"] == "village" and audit.after["joint_bodies"] == ["西屯派出所", "红山区人民法院西屯法庭"]
    assert _joint_events(dispute) == 1


def test_escalating_without_bodies_stays_office_level(personas):
    dispute = factories.dispute(personas, org=personas.committee)
    dispute_escalate(actor=personas.owner, dispute=dispute, to_org=personas.office, reason="村调委会调解未果")
    dispute.refresh_from_db()
    assert (dispute.level, dispute.joint_bodies, _joint_events(dispute)) == (Level.OFFICE, [], 0)


def test_changing_the_bodies_keeps_each_version_in_the_history(personas):
    dispute = _accepted(personas)
    dispute_joint_mediation(actor=personas.owner, dispute=dispute, bodies=["派出所", "信访办"], note="双方情绪激动")
    dispute_joint_mediation(actor=personas.owner, dispute=dispute, bodies=["派出所", "信访办", "住建局"])
    dispute.refresh_from_db()
    assert dispute.level == Level.JOINT and dispute.joint_bodies == ["派出所", "信访办", "住建局"]
    assert [s.summary for s in dispute.steps.filter(kind="joint")] == [
        "组织联合调解：派出所、信访办（双方情绪激动）", "调整联合调解单位：派出所、信访办、住建局"]
    audits = list(AuditEvent.objects.filter(summary__startswith="联合调解").order_by("id"))
    assert [a.before["joint_bodies"] for a in audits] == [[], ["派出所", "信访办"]]
    assert _joint_events(dispute) == 1  # the ledger counts one joint mediation, not each change of its list


@pytest.mark.parametrize(("bodies", "message"), [
    ([], "请填写参加联合调解的单位"),
    (["、 "], "请填写参加联合调解的单位"),
    (["红山区人民政府" * 5], "超过30个字"),
    ([f"单位{i}" for i in range(11)], "最多10个"),
])
def test_bad_bodies_are_refused_with_a_chinese_message(personas, bodies, message):
    dispute = _accepted(personas)
    with pytest.raises(ValidationFailed, match=message):
        dispute_joint_mediation(actor=personas.owner, dispute=dispute, bodies=[b.strip("、 ") for b in bodies])
    dispute.refresh_from_db()
    assert dispute.level == Level.OFFICE and dispute.joint_bodies == []


def test_session_keeps_the_bodies_of_its_day_and_the_document_shows_them(personas):
    dispute = _accepted(personas)
    dispute_joint_mediation(actor=personas.owner, dispute=dispute, bodies=["派出所", "人民法庭"])
    session = session_record(actor=personas.owner, dispute=dispute, date=TODAY, place="司法所调解室", hosts="赵调解",
                             record="派出所民警、法庭法官共同参加调解。")
    dispute_joint_mediation(actor=personas.owner, dispute=dispute, bodies=["派出所", "人民法庭", "人社局"])
    session.refresh_from_db()
    assert session.joint_bodies == ["派出所", "人民法庭"]
    document = document_generate(actor=personas.owner, kind="mediation_session", target=dispute, org=dispute.org, part=session)
    with document.file.open("rb") as handle:
        cells = [cell.text for table in Document(BytesIO(handle.read())).tables for row in table.rows for cell in row.cells]
    assert cells[cells.index("联合调解单位") + 1] == "派出所、人民法庭"


def test_joint_dialog_records_bodies_and_the_page_shows_them(personas, login):
    dispute = _accepted(personas)
    c = login(personas.owner)
    url = f"/mediation/disputes/{dispute.uuid}/joint/"
    assert 'data-action="joint"' in c.get(dispute.get_absolute_url()).content.decode()
    bad = c.post(url, {"joint_bodies": "，、"}, **HX)
    assert bad.status_code == 422 and "请填写参加联合调解的单位" in bad.content.decode()
    assert c.post(url, {"joint_bodies": "派出所、人民法庭，信访办"}, **HX).status_code == 204
    assert c.get(url, **HX).context["form"].initial["joint_bodies"] == "派出所、人民法庭、信访办"
    same = c.post(url, {"joint_bodies": "派出所、人民法庭、信访办"}, **HX)
    assert same.status_code == 422 and "没有变化" in same.content.decode()
    page = c.get(dispute.get_absolute_url()).content.decode()
    assert "派出所、人民法庭、信访办" in page and "联合调解（公安、法院、相关部门）" in page and "组织联合调解：" in page


def test_escalate_dialog_takes_the_bodies(personas, login):
    dispute = factories.dispute(personas, org=personas.committee)
    r = login(personas.owner).post(f"/mediation/disputes/{dispute.uuid}/escalate/", {
        "to_org": personas.office.pk, "reason": "涉及工程款", "joint_bodies": "住建局；人社局"}, **HX)
    assert r.status_code == 204
    dispute.refresh_from_db()
    assert dispute.level == Level.JOINT and dispute.joint_bodies == ["住建局", "人社局"]


def test_personas_on_the_joint_dialog(personas, login, client):
    dispute = _accepted(personas)
    url = f"/mediation/disputes/{dispute.uuid}/joint/"
    assert client.post(url, {"joint_bodies": "派出所"}).status_code == 302
    assert login(personas.outsider).post(url, {"joint_bodies": "派出所"}, **HX).status_code == 404
    assert login(personas.readonly).post(url, {"joint_bodies": "派出所"}, **HX).status_code == 403
    assert Dispute.objects.get(pk=dispute.pk).joint_bodies == []
    # The county reads and supervises the office's case but does not write it (办案范围): 403, nothing saved.
    assert login(personas.supervisor).post(url, {"joint_bodies": "派出所"}, **HX).status_code == 403
    assert login(personas.owner).post(url, {"joint_bodies": "派出所、信访办"}, **HX).status_code == 204
    assert Dispute.objects.get(pk=dispute.pk).joint_bodies == ["派出所", "信访办"]


def test_api_escalation_with_bodies(personas, password):
    token = Client().post("/api/v1/auth/token", json.dumps({"username": personas.owner.username, "password": password, "name": "t"}),
                          content_type="application/json").json()["token"]
    dispute = factories.dispute(personas, org=personas.committee)
    r = Client().post(f"/api/v1/mediation/disputes/{dispute.uuid}/escalate",
                      json.dumps({"to_org": personas.office.code, "reason": "村调委会调解未果", "joint_bodies": ["派出所", "人民法庭"]}),
                      content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert r.status_code == 200, r.content
    assert (r.json()["level"], r.json()["joint_bodies"]) == ("joint", ["派出所", "人民法庭"])
