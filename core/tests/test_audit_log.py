"""操作日志: searchable by who, what and when, scoped like every record, exportable."""

import datetime as dt

import pytest
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(personas):
    audit_record(actor=personas.owner, org=personas.office, action="create", summary="登记人员 王五")
    audit_record(actor=personas.head, org=personas.office, action="reveal", summary="查看 王五 的完整身份证号码")
    audit_record(actor=personas.outsider, org=personas.other_office, action="create", summary="登记人员 赵六")
    old = audit_record(actor=personas.owner, org=personas.office, action="update", summary="修改人员 王五")
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=60))


def _summaries(response):
    return [row.record.summary for row in response.context["table"].rows]


def test_search_by_who(personas, events, login):
    c = login(personas.sysadmin)
    assert set(_summaries(c.get("/audit/", {"actor": "张明"}))) == {"登记人员 王五", "修改人员 王五"}
    assert _summaries(c.get("/audit/", {"actor": personas.head.username})) == ["查看 王五 的完整身份证号码"]


def test_search_by_what(personas, events, login):
    c = login(personas.sysadmin)
    assert _summaries(c.get("/audit/", {"action": "reveal"})) == ["查看 王五 的完整身份证号码"]
    assert set(_summaries(c.get("/audit/", {"summary": "赵六"}))) == {"登记人员 赵六"}


def test_search_by_when(personas, events, login):
    c = login(personas.sysadmin)
    recent = _summaries(c.get("/audit/", {"date_from": (timezone.localdate() - dt.timedelta(days=7)).isoformat(), "summary": "王五"}))
    assert set(recent) == {"登记人员 王五", "查看 王五 的完整身份证号码"}
    older = _summaries(c.get("/audit/", {"date_to": (timezone.localdate() - dt.timedelta(days=30)).isoformat()}))
    assert older == ["修改人员 王五"]


def test_office_head_sees_own_office_log_only(personas, events, login):
    r = login(personas.head).get("/audit/")
    assert r.status_code == 200
    shown = set(_summaries(r))
    assert "登记人员 王五" in shown and "登记人员 赵六" not in shown


def test_staff_without_right_gets_403(personas, login):
    assert login(personas.owner).get("/audit/").status_code == 403


def test_export_is_itself_audited(personas, events, login):
    r = login(personas.sysadmin).get("/audit/", {"actor": "张明", "export": "xlsx"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="export", actor=personas.sysadmin, summary="导出操作日志（2条）").exists()
