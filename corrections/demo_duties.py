"""Demo 日常监管: for each subject in correction, the management level's schedule from the start of the term (at most
six months back) to a month ahead, and months of fulfilment — check-ins near the office on most report days, written
reports, talks, visits, study and 公益活动 hours — with the occasional miss; the monthly 考核 of every past month;
some trips approved and returned; now and then a 脱管 found after a few days and the 训诫 it led to; in some offices a
subject under 电子定位 with the alerts the positioning system pushed, and a 脱管 still being searched for.

History is written in bulk (the check-ins, the fulfilled items and their ledger entries), as ``core.demo`` does for the
simulated ledger; decisions that generate documents and every 考核 go through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from core.ledger import ledger_days_changed
from core.models import WorkEvent
from corrections import duties
from corrections.choices import Status
from corrections.choices_duties import CHECKIN_KINDS, HOURS_KINDS, REPORT_KINDS, ObligationStatus
from corrections.models import CheckIn, Obligation, Subject, months_after

MISS_SHARE = 0.04  # about one item in twenty-five is missed
# Near the centre of 赤峰市红山区; check-ins scatter a few hundred metres around it.
CENTRE = (Decimal("42.2586"), Decimal("118.8869"))
REPORTS = ["本周遵纪守法，按时参加教育学习和公益活动，在单位正常上班，无外出。",
           "本周在家务农，按时到司法所报到，参加了社区组织的法治讲座，思想稳定。",
           "本周工作正常，家庭和睦；按要求参加了公益劳动，没有与案件相关人员接触。"]


def _at(day: dt.date, rng: Any) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59))))


def seed_subject_duties(ctx: Any, subject: Subject, officer: Any) -> int:
    """The schedule and its fulfilment up to yesterday for one subject; returns the number of check-ins written."""
    rng, today = ctx.rng, ctx.today
    start = max(subject.start_date, months_after(today.replace(day=1), -5))
    level = "strict" if (today - subject.start_date).days < 60 else rng.choice(["normal", "normal", "lenient"])
    duties.schedule_by_level(actor=officer, subject=subject, level=level, start=start, end=today + dt.timedelta(days=30))
    past = list(subject.obligations.filter(due_date__lt=today, status=ObligationStatus.PENDING))
    checkins: list[CheckIn] = []
    events: list[WorkEvent] = []
    obligation_type = ContentType.objects.get_for_model(Obligation)
    for o in past:
        if rng.random() < MISS_SHARE:
            o.status = ObligationStatus.MISSED
            events.append(WorkEvent(org_id=subject.org_id, event_type=duties.EV_MISSED, date=o.due_date, content_type=obligation_type,
                                    object_id=str(o.pk), note=f"{subject.person.name} {o.title}"[:200]))
            continue
        day = o.window_start + dt.timedelta(days=rng.randint(0, (o.due_date - o.window_start).days))
        o.status, o.done_date = ObligationStatus.DONE, day
        if o.kind in CHECKIN_KINDS or o.kind in REPORT_KINDS:
            report = o.kind in REPORT_KINDS
            checkins.append(CheckIn(org_id=subject.org_id, subject=subject, obligation=o, at=_at(day, rng), is_report=report,
                                    text=rng.choice(REPORTS) if report else "",
                                    latitude=None if report else CENTRE[0] + Decimal(rng.randint(-400, 400)) / 100000,
                                    longitude=None if report else CENTRE[1] + Decimal(rng.randint(-400, 400)) / 100000,
                                    accuracy=None if report else rng.randint(10, 60)))
            o.note = "手机端提交书面报告" if report else "手机端签到"
        else:
            o.done_hours = o.hours or Decimal(0)
            o.note = {"talk": "个别谈话：了解近期思想、工作和家庭情况", "visit": "走访家庭，家属反映表现正常",
                      "info_check": "信息化核查正常"}.get(o.kind, "按要求完成") if o.kind not in HOURS_KINDS else "参加集中学习或公益活动"
            events.append(WorkEvent(org_id=subject.org_id, actor=officer, event_type=duties.measure_event(o.kind), date=day,
                                    content_type=obligation_type, object_id=str(o.pk), note=f"{subject.person.name} {o.get_kind_display()}"))
    Obligation.objects.bulk_update(past, ["status", "done_date", "done_hours", "note"], batch_size=500)
    created = CheckIn.objects.bulk_create(checkins, batch_size=500)
    checkin_type = ContentType.objects.get_for_model(CheckIn)
    events += [WorkEvent(org_id=subject.org_id, event_type=duties.EV_REPORT if c.is_report else duties.EV_CHECKIN,
                         date=timezone.localdate(c.at), content_type=checkin_type, object_id=str(c.pk), note=subject.person.name)
               for c in created]
    WorkEvent.objects.bulk_create(events, batch_size=1000)
    ledger_days_changed({(e.org_id, e.date) for e in events})
    month = start.replace(day=1)
    while months_after(month, 1) <= today:
        duties.review_record(actor=None, subject=subject, period=f"{month:%Y-%m}")
        month = months_after(month, 1)
    return len(created)


def _episodes(ctx: Any, subject: Subject, officer: Any) -> None:
    """A trip approved and returned; sometimes a short 脱管, found, and the 训诫 the platform then suggests."""
    rng, today = ctx.rng, ctx.today
    start = today - dt.timedelta(days=rng.randint(20, 50))
    if start > subject.start_date + dt.timedelta(days=10):
        trip = duties.request_submit(actor=officer, subject=subject, data=duties.RequestInput(
            kind="travel", reason=rng.choice(["赴赤峰市医院复查", "参加亲属婚礼", "赴呼和浩特参与民事诉讼"]), destination="内蒙古自治区",
            start_date=start, end_date=start + dt.timedelta(days=rng.randint(1, 5)), applied_date=start - dt.timedelta(days=3)))
        duties.request_decide(actor=officer, request=trip, approve=True, note="理由正当，同意", date=start - dt.timedelta(days=2))
        duties.request_return(actor=officer, request=trip, date=trip.end_date)
    if rng.random() < 0.15 and (today - subject.start_date).days > 40:
        lost = today - dt.timedelta(days=rng.randint(15, 35))
        episode = duties.abscond_register(actor=officer, subject=subject, lost_date=lost, steps="电话联系未接通；走访其家属")
        duties.abscond_found(actor=officer, abscond=episode, found_date=lost + dt.timedelta(days=rng.randint(2, 8)),
                             result="外出打工手机欠费停机，未及时报告")
        advice = next((s for s in duties.sanction_suggestions(subject, today=today) if s.kind == "admonition"), None)
        if advice is not None:
            duties.sanction_decide(actor=officer, subject=subject, data=duties.SanctionInput(
                kind=advice.kind, facts=advice.reason, basis=advice.basis, decision_date=episode.found_date or today, suggested=True))


def _positioning(ctx: Any, subject: Subject, officer: Any) -> None:
    """电子定位 for a subject who left the county without approval (社区矫正法 第二十九条第一款第（二）项), approved for
    under three months, and the alerts the positioning system pushed since — 越界 among them — each handled."""
    rng, today = ctx.rng, ctx.today
    start = max(subject.start_date, today - dt.timedelta(days=rng.randint(10, 40)))
    monitoring = duties.monitoring_start(actor=officer, subject=subject, data=duties.MonitoringInput(
        trigger="left_area", facts="未经批准离开所居住的县（区）三日，经查找返回", approver="旗县区司法局负责人",
        approval_date=start, start_date=start, end_date=start + dt.timedelta(days=80), device=f"DW-{subject.uuid.hex[:10].upper()}"))
    for i in range(rng.randint(1, 3)):
        day = start + dt.timedelta(days=rng.randint(0, max(0, (today - start).days - 1)))
        alert, _ = duties.location_alert_receive(data=duties.AlertInput(
            alert_id=f"DEMO-{subject.uuid.hex[:12]}-{i}", device=monitoring.device, kind="out_of_area" if i == 0 else rng.choice(
                ["out_of_area", "offline", "low_battery"]), occurred_at=_at(day, rng), detail="定位系统推送"))
        duties.location_alert_handle(actor=officer, alert=alert, date=min(day + dt.timedelta(days=1), today),
                                     handling="电话核实并要求立即返回，已返回居住地")


def _lost_now(ctx: Any, subject: Subject, officer: Any) -> None:
    """A 脱管 still open: contact lost a few days ago, the search under way (社区矫正法 第三十条)."""
    lost = max(subject.start_date, ctx.today - dt.timedelta(days=ctx.rng.randint(1, 6)))
    duties.abscond_register(actor=officer, subject=subject, lost_date=lost, steps="电话联系未接通；走访其家属和工作单位；已通报派出所协查")


def seed_duties(ctx: Any) -> None:
    """Per office, in one transaction each: the daily supervision of every subject in correction."""
    with ctx.stage("社区矫正日常监管", len(ctx.offices)) as tick:
        for i, office in enumerate(ctx.offices, start=1):
            subjects = list(Subject.objects.filter(org=office, status=Status.IN_CORRECTION).select_related("person", "officer", "org"))
            with transaction.atomic():
                for n, subject in enumerate(subjects):
                    officer = subject.officer or (ctx.office_users.get(office.pk) or [None])[0]
                    seed_subject_duties(ctx, subject, officer)
                    if n == 0:
                        _episodes(ctx, subject, officer)
                    elif n == 1 and ctx.rng.random() < 0.5:
                        _positioning(ctx, subject, officer)
                    elif n == 2 and ctx.rng.random() < 0.25:
                        _lost_now(ctx, subject, officer)
            tick(i)
