"""安置帮教 services: the 衔接 rules (必接必送), the 帮教期, the visit clocks, and bad input that saves nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.deadlines import open_deadlines_for
from core.errors import SifasuoError, ValidationFailed
from core.models import AuditEvent, WorkEvent
from resettlement import services
from resettlement.models import Released
from resettlement.tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def kinds(released: Released) -> dict[str, dt.date]:
    return {d.kind: d.due_date for d in open_deadlines_for(released)}


def events(released: Released) -> list[str]:
    return list(WorkEvent.objects.filter(object_id=str(released.pk), event_type__startswith="resettlement.")
                .order_by("id").values_list("event_type", flat=True))


def test_registering_a_notice_opens_the_handover_clock_and_the_five_year_period(personas):
    r = factories.released(personas, release_date=TODAY + dt.timedelta(days=20), notice_date=TODAY)
    assert r.status == "pending" and r.period_years == 5
    assert r.period_end == services.years_after(TODAY + dt.timedelta(days=20), 5)
    assert set(kinds(r)) == {"resettlement.handover"}
    assert kinds(r)["resettlement.handover"] >= r.release_date + dt.timedelta(days=7)
    assert events(r) == ["resettlement.notice"]


def test_a_key_subject_is_due_on_the_day_of_release_and_must_be_collected(personas):
    release = TODAY - dt.timedelta(days=1)
    r = factories.released(personas, release_date=release, key_subject=True, key_ground="涉毒累犯")
    assert kinds(r)["resettlement.handover"] == release
    assert r.risk_level == "high"
    with pytest.raises(ValidationFailed, match="必接必送"):
        services.handover_record(actor=personas.owner, released=r, date=release, method="family", collected_by="其母")
    r.refresh_from_db()
    assert r.status == "pending" and not r.returned_date
    services.handover_record(actor=personas.owner, released=r, date=release, method="collected", collected_by="张所长、派出所民警")
    assert r.status == "active"


def test_handover_starts_the_first_visit_within_seven_days_and_the_period_clock(personas):
    r = factories.received(personas, day=TODAY)
    due = kinds(r)
    assert "resettlement.handover" not in due
    assert TODAY + dt.timedelta(days=7) <= due["resettlement.visit"] <= TODAY + dt.timedelta(days=12)  # holidays extend it
    assert due["resettlement.period"] == r.period_end
    assert events(r) == ["resettlement.notice", "resettlement.handover"]


def test_a_visit_closes_the_due_one_and_schedules_the_next_by_risk_level(personas):
    r = factories.received(personas)
    services.risk_assess(actor=personas.owner, released=r, level="high", reason="暴力犯罪，家庭关系紧张")
    services.visit_record(actor=personas.owner, released=r, date=TODAY, kind="home", content="在家，情绪稳定")
    visits = list(open_deadlines_for(r, "resettlement.visit"))
    assert len(visits) == 1 and visits[0].title.startswith("定期走访")
    assert TODAY + dt.timedelta(days=30) <= visits[0].due_date <= TODAY + dt.timedelta(days=36)
    assert events(r)[-2:] == ["resettlement.screening", "resettlement.visit"]


def test_bad_input_gives_a_clear_message_and_saves_nothing(personas):
    before = Released.objects.count(), AuditEvent.objects.count(), WorkEvent.objects.count()
    with pytest.raises(ValidationFailed, match="列为重点帮教对象的，请填写理由"):
        factories.released(personas, key_subject=True)
    with pytest.raises(ValidationFailed, match="原判刑期"):
        factories.released(personas, sentence=" ")
    assert (Released.objects.count(), AuditEvent.objects.count(), WorkEvent.objects.count()) == before
    r = factories.received(personas, day=TODAY - dt.timedelta(days=2))
    count = r.visits.count()
    with pytest.raises(ValidationFailed, match="走访日期不能早于衔接日期"):
        services.visit_record(actor=personas.owner, released=r, date=TODAY - dt.timedelta(days=5), kind="home", content="走访")
    with pytest.raises(ValidationFailed, match="不能早于释放日期"):
        r2 = factories.released(personas, name="周立强")
        services.handover_record(actor=personas.owner, released=r2, date=r2.release_date - dt.timedelta(days=1), method="self")
    assert r.visits.count() == count


def test_the_same_person_is_not_registered_twice_while_open(personas):
    from core.testing import valid_id_number

    number = valid_id_number(birth="19770707", seq="515")
    services.released_register(actor=personas.owner, org=personas.office, person=factories.person(id_number=number),
                               data=factories.data())
    with pytest.raises(ValidationFailed, match="已在本所安置帮教名册中"):
        services.released_register(actor=personas.owner, org=personas.office, person=factories.person(id_number=number),
                                   data=factories.data())


def test_help_that_places_the_person_counts_for_the_placement_rate(personas):
    r = factories.received(personas)
    services.assistance_record(actor=personas.owner, released=r, date=TODAY, kind="training", content="电焊技能培训")
    r.refresh_from_db()
    assert not r.placed
    services.assistance_record(actor=personas.owner, released=r, date=TODAY, kind="employment", content="到农机合作社务工")
    r.refresh_from_db()
    assert r.placed


def test_loss_of_contact_ends_with_a_visit_that_meets_the_person(personas):
    r = factories.received(personas)
    services.contact_lost(actor=personas.owner, released=r, date=TODAY, note="电话关机，已通报派出所协查")
    assert r.out_of_contact_since == TODAY
    services.visit_record(actor=personas.owner, released=r, date=TODAY, kind="talk", content="已找到本人，在外地务工", met=True)
    r.refresh_from_db()
    assert r.out_of_contact_since is None
    assert "resettlement.lost_contact" in events(r)


def test_reoffending_needs_the_new_offence_ends_the_period_and_closes_every_clock(personas):
    r = factories.received(personas)
    with pytest.raises(ValidationFailed, match="新的罪名"):
        services.released_end(actor=personas.owner, released=r, reason="reoffended", date=TODAY)
    services.released_end(actor=personas.owner, released=r, reason="reoffended", date=TODAY, reoffence="盗窃罪")
    assert r.status == "ended" and not open_deadlines_for(r).exists()
    assert events(r)[-2:] == ["resettlement.ended", "resettlement.reoffended"]


def test_the_period_cannot_end_as_expired_early_but_ends_by_itself_when_it_runs_out(personas):
    r = factories.received(personas)
    with pytest.raises(ValidationFailed, match="届满之日起才能按期满结束"):
        services.released_end(actor=personas.owner, released=r, reason="expired", date=TODAY)
    assert services.periods_close() == 0
    # Five years on: a person released five years ago today.
    Released.objects.filter(pk=r.pk).update(release_date=services.years_after(TODAY, -5), period_end=TODAY)
    assert services.periods_close() == 1
    r.refresh_from_db()
    assert (r.status, r.end_reason, r.ended_date) == ("ended", "expired", TODAY)
    assert not open_deadlines_for(r).exists()


def test_the_period_for_people_leaving_corrections_is_a_setting(personas):
    from core.models import Parameter

    Parameter.objects.create(key="resettlement.period_years.correction_ended", value="3", label="解除社区矫正人员帮教期（年）")
    r = factories.released(personas, category="correction_ended", prison="西屯街道司法所", sentence="缓刑二年")
    assert r.period_years == 3 and r.period_end == services.years_after(r.release_date, 3)


def test_years_after_keeps_the_day_or_takes_the_end_of_february():
    assert services.years_after(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)
    assert services.years_after(dt.date(2026, 10, 8), 5) == dt.date(2031, 10, 8)


def test_people_out_of_contact_raise_the_warning_for_their_office(personas):
    from supervision.models import EarlyWarning, WarningRule
    from supervision.services import warnings_evaluate

    rule = WarningRule.objects.get(code="YJ06")
    assert rule.evaluator == "released_out_of_contact"
    r = factories.received(personas, name="孙海涛", day=TODAY - dt.timedelta(days=6))
    services.contact_lost(actor=personas.owner, released=r, date=TODAY - dt.timedelta(days=4), note="电话关机，已通报派出所协查")
    factories.received(personas, name="周立强")  # in contact
    warnings_evaluate(today=TODAY)
    warning = EarlyWarning.objects.get(rule=rule)
    assert warning.org == personas.office and "孙海涛" in warning.facts and "周立强" not in warning.facts


def _sheet(rows):
    from io import BytesIO

    from openpyxl import load_workbook

    from core.imports import template_bytes
    from resettlement.imports import COLUMNS

    wb = load_workbook(BytesIO(template_bytes(title="刑满释放人员通知导入模板", columns=COLUMNS, example=[])))
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def test_import_of_prison_notices_is_all_or_nothing_with_a_row_report(personas):
    from core.testing import valid_id_number
    from resettlement.imports import released_import

    release = (TODAY + dt.timedelta(days=20)).isoformat()
    good = ["吴国庆", valid_id_number(birth="19820101", seq="211"), "", "刑满释放人员", "盗窃罪", "有期徒刑二年", "内蒙古自治区赤峰监狱",
            release, TODAY.isoformat(), "否", ""]
    bad_id = ["郑立", "150402198201012110", "", "", "诈骗罪", "有期徒刑三年", "内蒙古自治区赤峰监狱", release, "", "否", ""]
    key_no_ground = ["冯强", valid_id_number(birth="19850505", seq="311"), "", "", "抢劫罪", "有期徒刑五年", "内蒙古自治区赤峰监狱",
                     release, "", "是", ""]
    report = released_import(actor=personas.owner, org=personas.office, content=_sheet([good, bad_id, key_no_ground]),
                             update_existing=False)
    assert not report.ok and report.error_count == 2 and not Released.objects.exists()
    messages = {e.key: e.message for e in report.errors}
    assert "校验位" in messages["郑立"] and "请填写理由" in messages["冯强"]
    report = released_import(actor=personas.owner, org=personas.office, content=_sheet([good]), update_existing=False)
    assert report.ok and report.created == 1
    assert Released.objects.get().person.name == "吴国庆"


def test_the_help_group_takes_members_with_tasks_and_checks_the_input(personas):
    r = factories.received(personas)
    member = services.group_member_add(actor=personas.owner, released=r, name="李村主任", role="cadre", task="帮助联系就业",
                                       phone="13904761111")
    with pytest.raises(ValidationFailed, match="帮教任务"):
        services.group_member_add(actor=personas.owner, released=r, name="孙秀兰", role="family", task="")
    with pytest.raises(ValidationFailed):
        services.group_member_add(actor=personas.owner, released=r, name="孙秀兰", role="family", task="陪伴", phone="1390476")
    assert list(r.group.values_list("name", flat=True)) == ["李村主任"]
    services.group_member_remove(actor=personas.owner, member=member)
    assert not r.group.exists()
    assert AuditEvent.objects.filter(summary__startswith="帮教小组移除成员 李村主任").exists()


def test_a_missed_visit_is_overdue_work_with_its_owner_in_the_general_warning(personas):
    from core.deadlines import deadlines_refresh
    from core.models import Deadline
    from supervision.warnings import deadlines_overdue

    r = factories.received(personas, name="孙海涛")
    visit = Deadline.objects.get(kind="resettlement.visit", object_id=str(r.pk))
    later = visit.due_date + dt.timedelta(days=3)
    deadlines_refresh(today=later)
    visit.refresh_from_db()
    assert visit.state == "overdue" and visit.owner == personas.owner
    facts = " ".join(f.facts for f in deadlines_overdue({"min_count": 1}, later).findings)
    assert "首次走访：孙海涛" in facts


def test_the_county_registers_a_prison_notice_for_the_office_whose_head_answers_for_it(personas):
    """The prison sends the notice to the county bureau, which passes it to the office of the registered residence
    (综治委〔1999〕5号): the county may register it for an office it supervises (an act of supervision, not a case
    write); the person is registered in the office's registry and the office's head owns the 衔接 clock."""
    r = factories.released(personas, actor=personas.supervisor, release_date=TODAY + dt.timedelta(days=20), notice_date=TODAY)
    assert r.org == personas.office and r.person.org == personas.office and r.officer == personas.head
    clock = open_deadlines_for(r).get(kind="resettlement.handover")
    assert clock.owner == personas.head
    # Outside its data scope it may not (another county's office).
    with pytest.raises(SifasuoError):
        factories.released(personas, actor=personas.supervisor, org=personas.other_office, name="冯外县")
    assert not Released.objects.filter(person__name="冯外县").exists()
