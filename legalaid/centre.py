"""Writes of the county 法律援助机构 (法律援助法 第十二条): its queue of 法律援助审查 and every step on it.

- A forwarded application enters the queue on the day the office forwards it (the 机构 receives it that day); a direct
  application or a 通知辩护/通知代理 is registered at the 机构 itself.
- 审查 and 决定 within seven days of receipt (第四十三条第一款). The law says 七日, not working days, and the research
  file (judicial-office-business-rules.md §3.3 and its deadline table) lists it as days, so the clock runs in calendar
  days; a period ending on a 法定休假日 ends on the next working day (the rule of 民事诉讼法 第八十五条, applied by
  ``core.calendar.add_calendar_days``).
- 一次性告知 (第四十三条第二款): once, everything missing at once; the review clock stops while the applicant gathers
  the materials (the days already used still count) and runs on from the day they arrive. Without a reply by the date
  set in the notice the application counts as withdrawn (``reviews_withdraw_lapsed``, a daily task). That the waiting
  time is not counted follows the 2023 程序规定 as summarised in the research file; its article number is UNCONFIRMED.
- 先行提供 (第四十四条): in an urgent matter aid starts before the decision; the decision still follows.
- 决定: grant, then assign within three days of the decision; refuse in writing with the reasons (第四十三条第一款).
- 异议 (第四十九条): the applicant may object to the 司法行政部门 that set up the 机构 (the law sets no period for
  the objection itself); that department decides within five days of receiving it — to uphold the refusal or order the
  机构 to correct it, which reopens the review.
- 通知辩护/通知代理 (第三十六条): the 机构 assigns a lawyer within three days of the notice.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.selectors import users_serving_at
from core import calendar
from core.audit import audit_record, diff, snapshot
from core.deadlines import deadline_close, deadline_open, open_deadlines_for
from core.errors import ErrorCollector, ValidationFailed
from core.ledger import ledger_record
from core.services import ensure_in_scope
from legalaid.choices import (
    OPEN_REVIEW,
    Channel,
    HardshipBasis,
    NotifyingAuthority,
    ObjectionResult,
    ReviewSource,
    ReviewStatus,
    Status,
)
from legalaid.eligibility import assess
from legalaid.models import Application, Review
from legalaid.selectors import centre_for
from orgs.models import Org
from people.services import PersonInput, person_find_or_create

DEADLINE_DECIDE = "legalaid.decide"
DEADLINE_MATERIALS = "legalaid.materials_reply"
DEADLINE_ASSIGN = "legalaid.assign"
DEADLINE_OBJECTION = "legalaid.objection"
DECIDE_DAYS = 7  # 第四十三条第一款
ASSIGN_DAYS = 3  # 第四十三条第一款 (after a grant), 第三十六条 (after a notice)
OBJECTION_DAYS = 5  # 第四十九条第二款


def _name(review: Review) -> str:
    return review.application.applicant.name


def _day(value: dt.date | None, *, not_before: dt.date, what: str, field: str = "date") -> dt.date:
    day = value or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed(f"{what}不能晚于今天，请核对", field=field)
    if day < not_before:
        raise ValidationFailed(f"{what}不能早于{not_before:%Y-%m-%d}，请核对", field=field)
    return day


def _open_decide_clock(review: Review, *, start: dt.date, due: dt.date, owner: Any) -> None:
    review.decision_due = due
    deadline_open(org=review.org, owner=owner, kind=DEADLINE_DECIDE, title=f"审查法律援助申请：{_name(review)}",
                  start_date=start, due_date=due, target=review, link=review.get_absolute_url(),
                  basis="自收到法律援助申请之日起七日内作出是否给予法律援助的决定（法律援助法 第四十三条）")


def _open_assign_clock(review: Review, *, start: dt.date, owner: Any, basis: str) -> None:
    deadline_open(org=review.org, owner=owner, kind=DEADLINE_ASSIGN, title=f"指派法律援助人员：{_name(review)}",
                  start_date=start, due_date=calendar.add_calendar_days(start, ASSIGN_DAYS), target=review,
                  link=review.get_absolute_url(), basis=basis)


def _close(review: Review, kind: str, *, cancelled: bool = False) -> None:
    for deadline in open_deadlines_for(review, kind):
        deadline_close(deadline=deadline, cancelled=cancelled)


def review_open(*, actor: Any, application: Application, centre: Org, source: str, received_date: dt.date,
                notifying_authority: str = "", notifying_organ: str = "", notice_number: str = "") -> Review:
    """The application enters the 机构's queue: the seven-day review clock starts on the day of receipt, or for a
    通知 the three-day assignment clock. Called inside the forwarding or registering service's transaction."""
    review = Review.objects.create(
        org=centre, created_by=actor, application=application, source=source, received_date=received_date,
        notifying_authority=notifying_authority, notifying_organ=notifying_organ, notice_number=notice_number,
        reviewer=actor if source != ReviewSource.FORWARDED else None,
    )
    # Who answers for the clock: the registering 机构 user, or for a forwarded application the 机构's first user until
    # a reviewer takes it up, else the county bureau's (an overdue decision needs an owner to warn).
    owner = (review.reviewer or users_serving_at([centre]).order_by("pk").first()
             or users_serving_at([_department(review)]).order_by("pk").first())
    if source == ReviewSource.NOTICE:
        _open_assign_clock(review, start=received_date, owner=owner,
                           basis="收到通知后三日内指派律师并通知办案机关（法律援助法 第三十六条）")
        event = "legal_aid.notice_received"
    else:
        _open_decide_clock(review, start=received_date, due=calendar.add_calendar_days(received_date, DECIDE_DAYS),
                           owner=owner)
        review.save(update_fields=["decision_due"])
        event = "legal_aid.review_received"
    audit_record(actor=actor, action="create", summary=f"法律援助机构收到{'通知' if source == ReviewSource.NOTICE else '申请'} "
                 f"{application.applicant.name}", obj=review, after=snapshot(review))
    ledger_record(org=centre, actor=actor, event_type=event, target=review, date=received_date, note=application.applicant.name)
    return review


def _centre_org(actor: Any, centre: Org) -> Org:
    if centre.kind != Org.Kind.SERVICE_CENTER:
        raise ValidationFailed("请选择县级法律援助机构（公共法律服务中心）", field="org")
    return centre


@transaction.atomic
def review_register_direct(*, actor: Any, centre: Org, applicant: PersonInput, data: Any) -> Review:
    """直接申请: the applicant applies at the 机构's own window (法律援助法 第三十八条). The application is kept at the
    机构 (no office forwards it) and goes straight into the queue."""
    from legalaid.services import _clean

    _centre_org(actor, centre)
    if not (applicant.id_number or "").strip():
        raise ValidationFailed("请填写申请人身份证号码：申请法律援助须提供身份证明", field="id_number")
    data.channel = Channel.WINDOW
    data = _clean(data)
    person = person_find_or_create(actor=actor, org=centre, data=applicant)
    application = Application.objects.create(
        org=centre, created_by=actor, applicant=person, received_date=data.received_date, channel=Channel.WINDOW,
        matter=data.matter, opposing_party=data.opposing_party, facts=data.facts, request=data.request,
        hardship_basis=data.hardship_basis, hardship_detail=data.hardship_detail, is_criminal=data.is_criminal,
        is_urgent=data.is_urgent, urgent_reason=data.urgent_reason, handler=actor, status=Status.AT_CENTRE,
        centre_name=centre.name,
    )
    ensure_in_scope(actor=actor, obj=application, action="add")
    audit_record(actor=actor, action="create", summary=f"法律援助机构接收申请 {person.name}", obj=application,
                 after=snapshot(application))
    review = review_open(actor=actor, application=application, centre=centre, source=ReviewSource.DIRECT,
                         received_date=data.received_date)
    ensure_in_scope(actor=actor, obj=review, action="add")
    return review


@transaction.atomic
def review_register_notice(*, actor: Any, centre: Org, person: PersonInput, authority: str, organ: str,
                           received_date: dt.date | None, facts: str, notice_number: str = "",
                           matter: str = "criminal_defence", life_or_death: bool = False) -> Review:
    """通知辩护/通知代理: the court, procuratorate or police notify the 机构 to assign a lawyer for a suspect or
    defendant without one in the cases of 第二十五条 (minor, blind/deaf/mute, not fully able to recognise his conduct,
    life imprisonment or death …) or a 强制医疗 respondent (第二十八条); the 机构 assigns within three days (第三十六条).
    No hardship test applies and no grant decision is needed. ``life_or_death`` marks one who may be sentenced to
    无期徒刑 or 死刑: only a lawyer with three years' practice may be assigned (第二十六条)."""
    _centre_org(actor, centre)
    errors = ErrorCollector()
    if authority not in NotifyingAuthority.values:
        errors.add("请选择通知机关类别（公安机关、人民检察院或人民法院）", field="authority")
    organ = (organ or "").strip()
    if not organ:
        errors.add("请填写通知机关名称，如 红山区人民法院", field="organ")
    facts = (facts or "").strip()
    if not facts:
        errors.add("请填写通知的情形，如 被告人系未成年人、可能被判处无期徒刑（法律援助法 第二十五条）", field="facts")
    if matter not in ("criminal_defence", "criminal_victim"):
        errors.add("通知辩护、通知代理的事项应为刑事辩护或刑事代理", field="matter")
    day = received_date or timezone.localdate()
    if day > timezone.localdate():
        errors.add("收到通知日期不能晚于今天，请核对", field="received_date")
    registered = None
    if not (person.id_number or "").strip():
        errors.add("请填写犯罪嫌疑人、被告人的身份证号码（见通知书）", field="id_number")
    else:  # the person's errors (a wrong check digit, a number registered under another name) in the same round
        with errors.check():
            registered = person_find_or_create(actor=actor, org=centre, data=person)
    errors.raise_if_any()
    assert registered is not None
    application = Application.objects.create(
        org=centre, created_by=actor, applicant=registered, received_date=day, channel=Channel.NOTICE, matter=matter,
        facts=facts, request="通知法律援助机构指派律师", hardship_basis=HardshipBasis.NOT_REQUIRED, is_criminal=True,
        handler=actor, status=Status.AT_CENTRE, centre_name=centre.name,
    )
    ensure_in_scope(actor=actor, obj=application, action="add")
    review = review_open(actor=actor, application=application, centre=centre, source=ReviewSource.NOTICE,
                         received_date=day, notifying_authority=authority, notifying_organ=organ,
                         notice_number=(notice_number or "").strip())
    if life_or_death:
        review.life_or_death = True
        review.save(update_fields=["life_or_death"])
    ensure_in_scope(actor=actor, obj=review, action="add")
    return review


def forward_to_centre(*, actor: Any, application: Application, day: dt.date) -> Review | None:
    """The office forwards: the county's 法律援助机构, when it works on the platform, receives it that day."""
    centre = centre_for(application.org)
    if centre is None:
        return None
    return review_open(actor=actor, application=application, centre=centre, source=ReviewSource.FORWARDED,
                       received_date=day)


def _require(review: Review, allowed: set[str] | frozenset[str], doing: str) -> None:
    if review.status not in allowed:
        raise ValidationFailed(f"该案件{review.get_status_display()}，不能{doing}")


def _save(review: Review, *, actor: Any, before: dict[str, Any], summary: str, fields: list[str], action: str = "change") -> None:
    """Save, audit; ``action`` "supervise" for the 司法行政部门's acts on the 机构's case (异议, 第四十九条)."""
    review.save(update_fields=[*fields, "updated_at"])
    ensure_in_scope(actor=actor, obj=review, action=action)
    old, new = diff(before, snapshot(review))
    audit_record(actor=actor, action="update", summary=f"{summary} {_name(review)}", obj=review, before=old, after=new)


@transaction.atomic
def review_request_materials(*, actor: Any, review: Review, materials: str, date: dt.date | None = None,
                             reply_due: dt.date | None = None) -> Review:
    """一次性告知 (第四十三条第二款): tell the applicant at once everything to supply or explain. Only once per
    application; the review clock stops until the materials arrive."""
    if review.materials_notice_date is not None:
        raise ValidationFailed("已一次性告知过需补充的材料（法律援助法 第四十三条第二款），不能再次告知")
    _require(review, {ReviewStatus.REVIEWING}, "告知补充材料")
    if review.source == ReviewSource.NOTICE:
        raise ValidationFailed("通知辩护、通知代理无需申请人补充材料，请在三日内指派律师")
    materials = (materials or "").strip()
    errors = ErrorCollector()
    if len(materials) < 4:
        errors.add("请一次写明需要补充的全部材料或需要说明的事项，如 劳动合同或工资欠条、经济困难状况说明", field="materials")
    day = date or timezone.localdate()
    if day > timezone.localdate() or day < review.received_date:
        errors.add(f"告知日期应在收到申请（{review.received_date:%Y-%m-%d}）至今天之间", field="date")
    from django.conf import settings

    due = reply_due or calendar.add_calendar_days(day, settings.LEGALAID_MATERIALS_REPLY_DAYS)
    if due <= day:
        errors.add("补充材料期限应晚于告知日期", field="reply_due")
    errors.raise_if_any()
    before = snapshot(review)
    review.status = ReviewStatus.AWAITING_MATERIALS
    review.materials_requested, review.materials_notice_date, review.materials_reply_due = materials, day, due
    _close(review, DEADLINE_DECIDE, cancelled=True)
    deadline_open(org=review.org, owner=review.reviewer or actor, kind=DEADLINE_MATERIALS,
                  title=f"等待补充材料：{_name(review)}", start_date=day, due_date=due, target=review,
                  link=review.get_absolute_url(),
                  basis="申请人未按要求补充材料或者作出说明的，视为撤回申请（法律援助法 第四十三条第二款）")
    _save(review, actor=actor, before=before, summary="一次性告知补充材料",
          fields=["status", "materials_requested", "materials_notice_date", "materials_reply_due"])
    ledger_record(org=review.org, actor=actor, event_type="legal_aid.materials_requested", target=review, date=day,
                  note=materials)
    return review


@transaction.atomic
def review_materials_receive(*, actor: Any, review: Review, date: dt.date | None = None) -> Review:
    """The applicant supplied the materials: the review clock runs on with the days it had left at the notice."""
    _require(review, {ReviewStatus.AWAITING_MATERIALS}, "登记补齐材料")
    assert review.materials_notice_date is not None and review.decision_due is not None
    day = _day(date, not_before=review.materials_notice_date, what="补齐材料日期")
    left = max((review.decision_due - review.materials_notice_date).days, 1)
    before = snapshot(review)
    review.status, review.materials_received_date = ReviewStatus.REVIEWING, day
    _close(review, DEADLINE_MATERIALS)
    _open_decide_clock(review, start=day, due=calendar.add_calendar_days(day, left), owner=review.reviewer or actor)
    _save(review, actor=actor, before=before, summary="申请人补齐材料",
          fields=["status", "materials_received_date", "decision_due"])
    return review


def reviews_withdraw_lapsed(*, today: dt.date | None = None) -> int:
    """Applications whose reply date passed without the materials count as withdrawn (第四十三条第二款). Daily."""
    today = today or timezone.localdate()
    count = 0
    for review in (Review.objects.filter(status=ReviewStatus.AWAITING_MATERIALS, materials_reply_due__lt=today)
                   .select_related("application__applicant", "org")):
        with transaction.atomic():
            before = snapshot(review)
            review.status, review.withdrawn_date = ReviewStatus.WITHDRAWN, today
            review.save(update_fields=["status", "withdrawn_date", "updated_at"])
            _close(review, DEADLINE_MATERIALS)
            old, new = diff(before, snapshot(review))
            audit_record(actor=None, action="update", summary=f"未按期补充材料，视为撤回申请 {_name(review)}", obj=review,
                         before=old, after=new)
            ledger_record(org=review.org, actor=None, event_type="legal_aid.review_withdrawn", target=review, date=today,
                          note=_name(review))
        count += 1
    return count


@transaction.atomic
def review_advance(*, actor: Any, review: Review, reason: str, provider_name: str, provider_unit: str = "",
                   date: dt.date | None = None) -> Review:
    """先行提供法律援助 (第四十四条): fewer than seven days before a limitation period or time limit runs out, or a
    preservation measure or 先予执行 is needed at once. Aid starts now through the named provider; the decision and
    the paperwork follow within the review period."""
    _require(review, OPEN_REVIEW, "决定先行提供法律援助")
    if review.advance_aid:
        raise ValidationFailed("已决定先行提供法律援助")
    errors = ErrorCollector()
    reason, provider_name = (reason or "").strip(), (provider_name or "").strip()
    if len(reason) < 4:
        errors.add("请写明紧急情形，如 距诉讼时效届满不足七日、需要立即申请财产保全（法律援助法 第四十四条）", field="reason")
    if not provider_name:
        errors.add("请填写先行提供法律援助的律师或基层法律服务工作者", field="provider_name")
    errors.raise_if_any()
    day = _day(date, not_before=review.received_date, what="先行提供日期")
    before = snapshot(review)
    review.advance_aid, review.advance_reason, review.advance_date = True, reason, day
    review.provider_name, review.provider_unit = provider_name, (provider_unit or "").strip()
    _save(review, actor=actor, before=before, summary="先行提供法律援助",
          fields=["advance_aid", "advance_reason", "advance_date", "provider_name", "provider_unit"])
    ledger_record(org=review.org, actor=actor, event_type="legal_aid.advance_aid", target=review, date=day, note=reason)
    return review


@transaction.atomic
def review_decide(*, actor: Any, review: Review, grant: bool, reason: str = "", date: dt.date | None = None,
                  monthly_income: Decimal | None = None, pledge_signed: bool = False) -> Review:
    """给予或不予法律援助的决定 (第四十三条第一款). The eligibility helper's explanation is kept with the decision; a
    refusal needs its reasons in writing (the 不予法律援助决定书 tells the applicant of the 异议 under 第四十九条). A
    grant starts the three-day assignment clock, unless aid was already provided first (第四十四条) by a named
    provider."""
    _require(review, {ReviewStatus.REVIEWING}, "作出决定")
    if review.source == ReviewSource.NOTICE:
        raise ValidationFailed("通知辩护、通知代理无需审查决定，请直接指派律师（法律援助法 第三十六条）")
    reason = (reason or "").strip()
    errors = ErrorCollector()
    if not grant and len(reason) < 6:
        errors.add("不予法律援助须书面说明理由（法律援助法 第四十三条），如 申请人家庭月人均收入高于本省经济困难标准", field="reason")
    if monthly_income is not None and monthly_income < 0:
        errors.add("家庭月人均收入不能为负数", field="monthly_income")
    errors.raise_if_any()
    day = _day(date, not_before=review.materials_received_date or review.received_date, what="决定日期")
    eligibility = assess(review.application, monthly_income=monthly_income, pledge_signed=pledge_signed, org=review.org)
    before = snapshot(review)
    review.decision_date, review.reviewer = day, review.reviewer or actor
    review.monthly_income, review.pledge_signed = monthly_income, pledge_signed
    review.hardship_test, review.eligibility_note = eligibility.test, eligibility.text
    review.refusal_reason = "" if grant else reason
    _close(review, DEADLINE_DECIDE)
    if grant and review.advance_aid and review.provider_name:
        review.status, review.assigned_date = ReviewStatus.ASSIGNED, review.advance_date
    elif grant:
        review.status = ReviewStatus.GRANTED
        _open_assign_clock(review, start=day, owner=review.reviewer or actor,
                           basis="自作出给予法律援助决定之日起三日内指派法律援助人员（法律援助法 第四十三条）")
    else:
        review.status = ReviewStatus.REFUSED
    _save(review, actor=actor, before=before, summary="给予法律援助" if grant else "不予法律援助",
          fields=["status", "decision_date", "reviewer", "monthly_income", "pledge_signed", "hardship_test",
                  "eligibility_note", "refusal_reason", "assigned_date"])
    ledger_record(org=review.org, actor=actor, event_type="legal_aid.review_granted" if grant else "legal_aid.review_refused",
                  target=review, date=day, note=_name(review) if grant else reason)
    application = review.application
    if grant and application.org_id != review.org_id:
        # The office's 工作站 brought the case in (千分制 K10 法律援助案件办理 counts it for the office).
        ledger_record(org=application.org, actor=actor, event_type="legal_aid.case_assisted", target=application,
                      date=day, note=f"{_name(review)}：{review.org.name}决定给予法律援助")
    return review


@transaction.atomic
def review_assign(*, actor: Any, review: Review, provider_name: str, provider_unit: str = "",
                  date: dt.date | None = None) -> Review:
    """指派法律援助人员: within three days of a grant (第四十三条) or of a notice (第三十六条, a lawyer; for a life or
    death case one with three years' practice, 第二十六条)."""
    allowed: set[str] = {ReviewStatus.GRANTED}
    if review.source == ReviewSource.NOTICE:
        allowed.add(ReviewStatus.REVIEWING)
    _require(review, allowed, "指派")
    errors = ErrorCollector()
    provider_name, provider_unit = (provider_name or "").strip(), (provider_unit or "").strip()
    if not provider_name:
        errors.add("请填写指派的律师或基层法律服务工作者姓名", field="provider_name")
    if review.source == ReviewSource.NOTICE and not provider_unit:
        errors.add("通知辩护、通知代理须指派律师（法律援助法 第三十六条），请填写所在律师事务所", field="provider_unit")
    errors.raise_if_any()
    day = _day(date, not_before=review.decision_date or review.received_date, what="指派日期")
    before = snapshot(review)
    review.status, review.provider_name, review.provider_unit, review.assigned_date = (
        ReviewStatus.ASSIGNED, provider_name, provider_unit, day)
    review.reviewer = review.reviewer or actor
    _close(review, DEADLINE_ASSIGN)
    _save(review, actor=actor, before=before, summary="指派法律援助人员",
          fields=["status", "provider_name", "provider_unit", "assigned_date", "reviewer"])
    ledger_record(org=review.org, actor=actor, event_type="legal_aid.assigned", target=review, date=day,
                  note=f"{_name(review)}：{provider_name}")
    return review


def _department(review: Review) -> Org:
    """The 司法行政部门 that set up the 机构 (第四十九条): the county bureau above it."""
    parent = Org.objects.get_parent(review.org)
    return parent if parent is not None else review.org


@transaction.atomic
def review_objection_record(*, actor: Any, review: Review, text: str, date: dt.date | None = None) -> Review:
    """异议 (第四十九条第一款): the applicant objects to the refusal before the 司法行政部门 that set up the 机构,
    which must decide within five days of receiving it."""
    _require(review, {ReviewStatus.REFUSED}, "登记异议")
    if review.objection_date is not None and not review.objection_result:
        raise ValidationFailed("该异议正在审查中")
    text = (text or "").strip()
    if len(text) < 4:
        raise ValidationFailed("请写明申请人的异议及理由", field="text")
    assert review.decision_date is not None
    day = _day(date, not_before=review.decision_date, what="提出异议日期")
    before = snapshot(review)
    review.objection_date, review.objection_text = day, text
    review.objection_result, review.objection_decided_date, review.objection_note = "", None, ""
    department = _department(review)
    deadline_open(org=department, owner=actor, kind=DEADLINE_OBJECTION, title=f"审查法律援助异议：{_name(review)}",
                  start_date=day, due_date=calendar.add_calendar_days(day, OBJECTION_DAYS), target=review,
                  link=review.get_absolute_url(),
                  basis="司法行政部门自收到异议之日起五日内作出维持或者责令改正的决定（法律援助法 第四十九条）")
    _save(review, actor=actor, before=before, summary="登记法律援助异议", action="supervise",
          fields=["objection_date", "objection_text", "objection_result", "objection_decided_date", "objection_note"])
    ledger_record(org=department, actor=actor, event_type="legal_aid.objection_received", target=review, date=day, note=text)
    return review


@transaction.atomic
def review_objection_decide(*, actor: Any, review: Review, result: str, note: str, date: dt.date | None = None) -> Review:
    """The 司法行政部门's decision on the 异议 (第四十九条第二款): uphold the refusal (the applicant may then apply for
    复议 or sue, 第三款) or order the 机构 to correct it, which reopens the review with a new seven-day clock."""
    if review.objection_date is None or review.objection_result:
        raise ValidationFailed("该案件没有待审查的异议")
    errors = ErrorCollector()
    if result not in ObjectionResult.values:
        errors.add("请选择异议审查结果：维持或责令改正", field="result")
    note = (note or "").strip()
    if len(note) < 4:
        errors.add("请写明审查意见", field="note")
    errors.raise_if_any()
    day = _day(date, not_before=review.objection_date, what="异议审查日期")
    before = snapshot(review)
    review.objection_result, review.objection_note, review.objection_decided_date = result, note, day
    _close(review, DEADLINE_OBJECTION)
    fields = ["objection_result", "objection_note", "objection_decided_date"]
    if result == ObjectionResult.CORRECTED:
        review.status, review.decision_date, review.refusal_reason = ReviewStatus.REVIEWING, None, ""
        _open_decide_clock(review, start=day, due=calendar.add_calendar_days(day, DECIDE_DAYS),
                           owner=review.reviewer or actor)
        fields += ["status", "decision_date", "refusal_reason", "decision_due"]
    _save(review, actor=actor, before=before, summary="法律援助异议审查", fields=fields, action="supervise")
    ledger_record(org=_department(review), actor=actor, event_type="legal_aid.objection_decided", target=review, date=day,
                  note=f"{_name(review)}：{review.get_objection_result_display()}")
    return review
