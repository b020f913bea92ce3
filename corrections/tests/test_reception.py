"""Before and at reception (社区矫正法 第二十条至第二十五条): the decision organ's notice opens an expected arrival and
the reporting clock; reception closes it; a person not reported raises YJ05 and may be marked 漏管. Reception takes the
禁止令 (none without content: nothing saved), the 暂予监外执行 ground, the 矫正小组 with its rules and the 入矫宣告."""

from __future__ import annotations

import datetime as dt

import pytest

from core.deadlines import open_deadlines_for
from core.errors import ValidationFailed
from core.models import WorkEvent
from corrections import reception
from corrections.choices import ArrivalStatus
from corrections.models import ExpectedArrival, ProhibitionOrder, Subject
from corrections.services import subject_receive
from corrections.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def test_notice_opens_the_reporting_clock_and_reception_closes_it(personas):
    arrival = factories.arrival(personas, effective=TODAY - dt.timedelta(days=3))
    assert arrival.status == ArrivalStatus.EXPECTED and arrival.due_date >= TODAY - dt.timedelta(days=3) + dt.timedelta(days=10)
    assert open_deadlines_for(arrival, reception.DEADLINE).exists()
    person = factories.person(arrival.person.name, id_number=arrival.person.reveal_id_number())
    subject = subject_receive(actor=personas.owner, org=personas.office, person=person, data=factories.data(
        effective_date=arrival.effective_date, start_date=arrival.effective_date, reported_date=TODAY))
    arrival.refresh_from_db()
    assert (arrival.status, arrival.subject) == (ArrivalStatus.RECEIVED, subject)
    assert not open_deadlines_for(arrival, reception.DEADLINE).exists()
    assert WorkEvent.objects.filter(event_type="corrections.file_created", object_id=str(subject.pk)).count() == 1


def test_not_reported_raises_yj05_and_missing_is_counted_for_n01(personas):
    from supervision.rules import EVALUATORS

    late = factories.arrival(personas, name="周晓东", effective=TODAY - dt.timedelta(days=40))
    factories.arrival(personas, name="郑小川")  # still within the ten days
    rule = EVALUATORS["subject_not_reported"]
    findings = rule.evaluate(rule.clean_params({}), TODAY).findings
    assert [f.org_id for f in findings] == [personas.office.pk]
    assert "周晓东" in findings[0].facts and "郑小川" not in findings[0].facts
    with pytest.raises(ValidationFailed, match="请写明查找经过"):
        reception.arrival_mark_missing(actor=personas.owner, arrival=late, note="")
    reception.arrival_mark_missing(actor=personas.owner, arrival=late, note="电话停机，走访住所无人，已请派出所协查")
    late.refresh_from_db()
    assert late.status == ArrivalStatus.MISSING and not open_deadlines_for(late, reception.DEADLINE).exists()
    assert WorkEvent.objects.filter(event_type="corrections.absconded", object_id=str(late.pk)).count() == 1
    assert rule.evaluate(rule.clean_params({}), TODAY).findings == []


def test_missing_before_the_last_day_is_refused(personas):
    arrival = factories.arrival(personas)
    with pytest.raises(ValidationFailed, match="届满后仍未报到的才能认定漏管"):
        reception.arrival_mark_missing(actor=personas.owner, arrival=arrival, note="联系不上")


def test_bad_notice_is_refused(personas):
    with pytest.raises(ValidationFailed, match="收到通知日期不能早于"):
        reception.arrival_notice(actor=personas.owner, org=personas.office, person=factories.person("吴海波"),
                                 data=reception.ArrivalInput(correction_type="probation", decision_organ="赤峰市红山区人民法院",
                                                             decision_number="（2026）内0402刑初1号", effective_date=TODAY,
                                                             notice_date=TODAY - dt.timedelta(days=1)))
    assert not ExpectedArrival.objects.exists()


def test_prohibition_without_content_refuses_the_whole_reception(personas):
    with pytest.raises(ValidationFailed, match="禁止令内容不能为空"):
        subject_receive(actor=personas.owner, org=personas.office, person=factories.person("刘建军"), data=factories.data(),
                        prohibitions=[reception.ProhibitionInput(content="  ")])
    assert not Subject.objects.exists() and not ProhibitionOrder.objects.exists()
    assert not WorkEvent.objects.filter(event_type="corrections.intake").exists()


def test_term_end_before_start_is_refused_in_chinese(personas):
    with pytest.raises(ValidationFailed, match="矫正期限止必须晚于矫正期限起"):
        factories.subject(personas, end_date=TODAY - dt.timedelta(days=30))
    assert not Subject.objects.exists()


def test_reception_with_prohibition_and_temporary_reason(personas):
    effective = TODAY - dt.timedelta(days=5)
    subject = subject_receive(
        actor=personas.owner, org=personas.office, person=factories.person("王秀兰"),
        data=factories.data(correction_type="temporary_outside", crime="非法吸收公众存款罪", effective_date=effective,
                            start_date=effective, end_date=effective + dt.timedelta(days=180)),
        prohibitions=[reception.ProhibitionInput(content="禁止从事集资类经营活动")], temporary_reason="illness")
    assert [p.content for p in subject.prohibitions.all()] == ["禁止从事集资类经营活动"]
    assert subject.reception.get_temporary_reason_display() == "有严重疾病需要保外就医"
    with pytest.raises(ValidationFailed, match="只有暂予监外执行"):
        reception.reception_record(actor=personas.owner, subject=factories.subject(personas), temporary_reason="illness")


def test_team_rules_for_a_woman_and_a_minor(personas):
    from core.testing import valid_id_number
    from people.services import PersonInput

    woman = subject_receive(actor=personas.owner, org=personas.office,
                            person=PersonInput(name="王秀兰", id_number=valid_id_number(birth="19860304", seq="422")),
                            data=factories.data())
    reception.team_member_add(actor=personas.owner, subject=woman, data=reception.MemberInput(name="张军", role="office", sex="1"))
    assert any("应有女性成员" in gap for gap in reception.team_gaps(woman))
    assert not WorkEvent.objects.filter(event_type="corrections.team_formed").exists()
    reception.team_member_add(actor=personas.owner, subject=woman, data=reception.MemberInput(name="李秀英", role="committee", sex="2"))
    assert reception.team_gaps(woman) == []
    assert WorkEvent.objects.filter(event_type="corrections.team_formed", object_id=str(woman.pk)).count() == 1

    birth = TODAY.replace(year=TODAY.year - 17) - dt.timedelta(days=30)
    minor = subject_receive(actor=personas.owner, org=personas.office,
                            person=PersonInput(name="陈小明", id_number=valid_id_number(birth=f"{birth:%Y%m%d}", seq="315")),
                            data=factories.data())
    reception.team_member_add(actor=personas.owner, subject=minor, data=reception.MemberInput(name="张军", role="office", sex="1"))
    assert any("熟悉未成年人身心特点" in gap for gap in reception.team_gaps(minor))
    reception.team_member_add(actor=personas.owner, subject=minor,
                              data=reception.MemberInput(name="团委 刘老师", role="volunteer", sex="2", knows_minors=True))
    assert reception.team_gaps(minor) == []


def test_announcement_document_waits_for_the_team_and_is_private_for_a_minor(personas):
    from core.testing import valid_id_number
    from corrections.documents import announcement_missing, subject_context
    from people.services import PersonInput

    birth = TODAY.replace(year=TODAY.year - 16)
    minor = subject_receive(actor=personas.owner, org=personas.office,
                            person=PersonInput(name="陈小明", id_number=valid_id_number(birth=f"{birth:%Y%m%d}", seq="317")),
                            data=factories.data())
    assert "矫正小组" in announcement_missing(minor)
    reception.team_member_add(actor=personas.owner, subject=minor,
                              data=reception.MemberInput(name="刘老师", role="volunteer", sex="2", knows_minors=True))
    assert announcement_missing(minor) == ""
    ctx = subject_context(minor, org=minor.org, number="n", issued_on=TODAY, actor=personas.owner)
    assert "不公开宣告" in ctx.privacy and "刘老师" in ctx.team


def test_subject_page_shows_the_reception_parts_and_logs_the_view(personas, login):
    from core.models import AuditEvent

    subject = factories.subject(personas)
    c = login(personas.owner)
    r = c.post(f"/corrections/{subject.uuid}/prohibition/", {"content": ""}, HTTP_HX_REQUEST="true")
    assert r.status_code == 422 and "禁止令内容" in r.content.decode()
    assert c.post(f"/corrections/{subject.uuid}/prohibition/", {"content": "禁止进入酒吧"}, HTTP_HX_REQUEST="true").status_code == 204
    page = c.get(subject.get_absolute_url()).content.decode()
    assert "禁止进入酒吧" in page and 'data-testid="team-gap"' in page
    assert AuditEvent.objects.filter(summary="查阅社区矫正对象档案 刘建军", actor=personas.owner).count() == 1
