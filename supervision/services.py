"""Writes of 预警督办: the periodic evaluation of the warning rules, closing a warning, and the 督办 loop —
issue (with its numbered document) → receive → rectify (整改反馈 with evidence) → verify (销号) or send back.
Each write runs in one transaction with its audit entry, ledger entry and deadline change."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership
from core.audit import audit_record
from core.deadlines import deadline_open, deadlines_close_for
from core.errors import AccessDenied, ValidationFailed
from core.ledger import ledger_record
from core.models import Notification
from core.services import ensure_in_scope
from core.validators import validate_upload
from orgs.models import Org
from supervision.choices import IssueDocument, ItemStatus, StepKind, WarningStatus
from supervision.models import EarlyWarning, Feedback, FeedbackAttachment, PeriodReport, SupervisionItem, SupervisionStep, WarningRule
from supervision.rules import EVALUATORS, not_connected

ISSUE_PERM = "supervision.issue_supervisionitem"
RECTIFY_PERM = "supervision.rectify_supervisionitem"
DEADLINE_RECTIFY = "supervision.rectify"
ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx")
MAX_ATTACHMENTS = 10
BUREAU_KINDS = (Org.Kind.COUNTY_BUREAU, Org.Kind.CITY_BUREAU)


# ------------------------------------------------------------------------------------------------------ warnings


def office_head(office: Org) -> Any:
    """The office's 所长, who answers for its warnings and 督办 (None when the post is vacant)."""
    from accounts.models import User

    head = office_heads([office.pk]).get(office.pk)
    return User.objects.filter(pk=head).first() if head else None


def office_heads(org_ids: list[int]) -> dict[int, int]:
    """org id → the user id of its 所长 (the first active one)."""
    heads: dict[int, int] = {}
    rows = (Membership.objects.filter(org_id__in=org_ids, is_active=True, user__is_active=True, role__code="office_head")
            .order_by("id").values_list("org_id", "user_id"))
    for org_id, user_id in rows:
        heads.setdefault(org_id, user_id)
    return heads


def _warning_note(warning: EarlyWarning, rule: WarningRule, *, reopened: bool = False) -> Notification:
    assert warning.owner_id is not None  # only called for warnings with an owner
    word = "再次触发" if reopened else "新增"
    return Notification(user_id=warning.owner_id, level="danger" if rule.level == "red" else "warning",
                        title=f"{word}{warning.get_level_display()}：{rule.name}（{warning.period}）"[:200],
                        link=warning.get_absolute_url())


@transaction.atomic
def rule_evaluate(*, rule: WarningRule, today: dt.date) -> dict[str, int]:
    """Run one rule: create a warning for each new finding (one per office, rule and period), refresh the facts of
    open ones, reopen one whose condition returned unless the bureau already closed it after 督办 (销号 is final for
    the period), close open ones of the period whose condition has cleared, and notify each office head. A rule
over data the platform does not hold yet (``rules.PLANNED``, 未接入) does nothing."""
    evaluator = EVALUATORS.get(rule.evaluator)
    planned = not_connected(rule.evaluator)
    if planned is not None:
        return {"not_connected": 1}  # no data to judge: no warning is raised and none is closed
    if evaluator is None:
        raise ValidationFailed(f"预警规则 {rule.code} 的检测方法“{rule.evaluator}”不存在，请在 系统管理 → 预警规则 中改正")
    result = evaluator.evaluate(evaluator.clean_params(rule.params), today)
    existing = {w.org_id: w for w in EarlyWarning.objects.filter(rule=rule, period=result.period)}
    heads = office_heads([f.org_id for f in result.findings if f.org_id not in existing])
    counts = {"created": 0, "updated": 0, "reopened": 0, "closed": 0}
    notes: list[Notification] = []
    new: list[EarlyWarning] = []
    seen: set[int] = set()
    for finding in result.findings:
        seen.add(finding.org_id)
        warning = existing.get(finding.org_id)
        if warning is None:
            new.append(EarlyWarning(org_id=finding.org_id, rule=rule, level=rule.level, period=result.period, facts=finding.facts,
                                    value=finding.value, detected_on=today, last_seen_on=today, owner_id=heads.get(finding.org_id)))
            continue
        if warning.status == WarningStatus.CLOSED:
            if warning.items.exists():
                continue  # handled through 督办 and verified: not raised again for the same period
            warning.status, warning.closed_on, warning.close_reason, warning.detected_on = WarningStatus.OPEN, None, "", today
            counts["reopened"] += 1
            if warning.owner_id:
                notes.append(_warning_note(warning, rule, reopened=True))
        else:
            counts["updated"] += 1
        warning.facts, warning.value, warning.level, warning.last_seen_on = finding.facts, finding.value, rule.level, today
        warning.save()
    EarlyWarning.objects.bulk_create(new)
    counts["created"] = len(new)
    notes.extend(_warning_note(w, rule) for w in new if w.owner_id)
    cleared = [w.pk for w in existing.values() if w.status == WarningStatus.OPEN and w.org_id not in seen]
    counts["closed"] = EarlyWarning.objects.filter(pk__in=cleared).update(
        status=WarningStatus.CLOSED, closed_on=today, close_reason="预警条件已消除（系统自动关闭）", updated_at=timezone.now())
    Notification.objects.bulk_create(notes)
    return counts


def warnings_evaluate(*, today: dt.date | None = None) -> dict[str, dict[str, int]]:
    """Periodic: every enabled rule in turn (one transaction each, so one faulty rule cannot hold back the others)."""
    today = today or timezone.localdate()
    report: dict[str, dict[str, int]] = {}
    for rule in WarningRule.objects.filter(enabled=True).order_by("sort_order", "code"):
        try:
            report[rule.code] = rule_evaluate(rule=rule, today=today)
        except (ValidationFailed, ValueError) as exc:
            report[rule.code] = {"error": 1}
            audit_record(actor=None, action="other", summary=f"预警规则 {rule.code} 未能执行：{exc}")
    return report


@transaction.atomic
def warning_close(*, actor: Any, warning: EarlyWarning, reason: str) -> EarlyWarning:
    """The bureau closes a warning by hand (核实为误报、已另行处理), always with a reason."""
    if not actor.has_perm(ISSUE_PERM):
        raise AccessDenied("只有上级司法局可以关闭预警")
    if warning.status != WarningStatus.OPEN:
        raise ValidationFailed("该预警已关闭")
    if not reason.strip():
        raise ValidationFailed("请填写关闭原因（如 核实为误报、已另行处理）", field="reason")
    warning.status, warning.closed_on, warning.close_reason = WarningStatus.CLOSED, timezone.localdate(), reason.strip()[:200]
    warning.save()
    audit_record(actor=actor, action="update", summary=f"关闭预警 {warning}：{reason.strip()}"[:200], obj=warning)
    return warning


# ------------------------------------------------------------------------------------------------------ 督办


def _bureaus_above(org: Org) -> list[Org]:
    """The bureaus above ``org``, top first (one query over the path prefixes)."""
    prefixes = [org.path[:n] for n in range(Org.steplen, len(org.path), Org.steplen)]
    return list(Org.objects.filter(path__in=prefixes, kind__in=BUREAU_KINDS).order_by("depth"))


def issuing_bureau(actor: Any, office: Org) -> Org:
    """The bureau in whose name ``actor`` supervises ``office``: the nearest bureau above the office that the actor
    belongs to (a county staff member issues as the county, city staff as the city)."""
    from accounts.scope import grants_for

    bureaus = _bureaus_above(office)
    mine = {g.org_id for g in grants_for(actor)}
    for bureau in reversed(bureaus):
        if bureau.pk in mine:
            return bureau
    if getattr(actor, "is_superuser", False) and bureaus:
        return bureaus[-1]
    raise AccessDenied(f"您不是{office.name}的上级司法局工作人员，不能下发督办")


def supervising_bureau(org: Org) -> Org:
    """The org whose 文号 series numbers a report about ``org``: the org itself if it is a bureau, else the nearest
    bureau above it."""
    if org.kind in BUREAU_KINDS:
        return org
    bureaus = _bureaus_above(org)
    if not bureaus:
        raise ValidationFailed(f"{org.name}没有上级司法局，不能出具报告")
    return bureaus[-1]


@dataclass(frozen=True)
class IssueInput:
    doc_kind: str
    title: str
    facts: str
    requirements: str
    due_date: dt.date
    meeting_time: str = ""
    meeting_place: str = ""


def default_due_date(today: dt.date) -> dt.date:
    """The deadline offered when issuing: ten working days (the bureau may change it)."""
    from core import calendar

    return calendar.add_working_days(today, 10)


def issue_defaults(warning: EarlyWarning) -> dict[str, Any]:
    """What a 督办 issued from ``warning`` says unless the bureau rewrites it (the dialog's prefill, and what the API
    uses for fields left out): the warning's facts, the rule's advice as the first requirement, ten working days."""
    evaluator = EVALUATORS.get(warning.rule.evaluator)
    advice = evaluator.advice if evaluator and evaluator.advice else "立即核查，逐项整改"
    return {
        "title": f"{warning.org.name}{warning.rule.name}（{warning.period}）",
        "facts": warning.facts,
        "requirements": f"{advice}。\n查明问题原因，明确责任人和整改时限。\n整改完成后通过数字司法所平台报送整改情况及佐证材料。",
        "due_date": default_due_date(timezone.localdate()),
        "doc_kind": IssueDocument.LETTER,
    }


def _step(item: SupervisionItem, *, kind: str, actor: Any, org: Any, note: str = "") -> None:
    SupervisionStep.objects.create(item=item, kind=kind, actor=actor if getattr(actor, "pk", None) else None, org=org, note=note[:300])


def _check_issue(data: IssueInput, today: dt.date) -> None:
    if data.doc_kind not in IssueDocument.values:
        raise ValidationFailed("请选择督办文书", field="doc_kind")
    for name, label in (("title", "督办事项"), ("facts", "问题事实"), ("requirements", "整改要求")):
        if not getattr(data, name).strip():
            raise ValidationFailed(f"请填写{label}", field=name)
    if data.due_date <= today:
        raise ValidationFailed(f"整改期限须晚于今天（{today:%Y-%m-%d}），请给司法所留出整改时间", field="due_date")
    if data.doc_kind == IssueDocument.INTERVIEW and not (data.meeting_time.strip() and data.meeting_place.strip()):
        raise ValidationFailed("约谈通知书须写明约谈时间和地点", field="meeting_time")


@transaction.atomic
def item_issue(*, actor: Any, office: Org, data: IssueInput, warning: EarlyWarning | None = None,
               ip_address: str | None = None) -> SupervisionItem:
    """下发督办: the item, its numbered document (in the bureau's 文号 series, kept with the office), the office's
    rectification clock and a notice to the office head."""
    from documents.services import document_generate

    if not actor.has_perm(ISSUE_PERM):
        raise AccessDenied("只有上级司法局可以下发督办")
    if office.kind != Org.Kind.OFFICE:
        raise ValidationFailed("督办事项只能下发给司法所")
    if warning is not None and warning.status != WarningStatus.OPEN:
        raise ValidationFailed(f"该预警已关闭（{warning.close_reason}），不能再据此下发督办")
    today = timezone.localdate()
    _check_issue(data, today)
    bureau = issuing_bureau(actor, office)
    item = SupervisionItem.objects.create(
        org=office, created_by=actor, issuing_org=bureau, warning=warning, doc_kind=data.doc_kind, title=data.title.strip()[:200],
        facts=data.facts.strip(), requirements=data.requirements.strip(), due_date=data.due_date,
        meeting_time=data.meeting_time.strip(), meeting_place=data.meeting_place.strip(), issued_on=today,
    )
    ensure_in_scope(actor=actor, obj=item, action="add")
    document = document_generate(actor=actor, kind=data.doc_kind, target=item, org=office, ip_address=ip_address)
    item.document, item.number = document, document.number
    item.save(update_fields=["document", "number", "updated_at"])
    head = office_head(office)
    deadline_open(org=office, owner=head, kind=DEADLINE_RECTIFY, title=f"督办整改：{item.title}", start_date=today,
                  due_date=data.due_date, target=item, link=item.get_absolute_url(), basis=f"{bureau.name}{document.number}")
    _step(item, kind=StepKind.ISSUED, actor=actor, org=bureau,
          note=f"{item.get_doc_kind_display()} {document.number}，整改期限 {data.due_date:%Y-%m-%d}")
    audit_record(actor=actor, action="create", summary=f"下发督办 {office.name}：{item.title}（{document.number}）", obj=item,
                 ip_address=ip_address)
    ledger_record(org=bureau, actor=actor, event_type="supervision.item_issued", target=item, note=document.number)
    if head:
        Notification.objects.create(user=head, level="danger", title=f"{bureau.name}下发{item.get_doc_kind_display()}：{item.title}"[:200],
                                    link=item.get_absolute_url())
    return item


def _check_office_actor(actor: Any, item: SupervisionItem, what: str) -> None:
    if not actor.has_perm(RECTIFY_PERM):
        raise AccessDenied(f"只有被督办的司法所可以{what}")


@transaction.atomic
def item_receive(*, actor: Any, item: SupervisionItem) -> SupervisionItem:
    """签收: the office confirms it has the document and starts rectifying."""
    _check_office_actor(actor, item, "签收")
    if item.status != ItemStatus.ISSUED:
        raise ValidationFailed(f"该督办事项{item.get_status_display()}，无需再签收")
    item.status, item.received_at, item.received_by = ItemStatus.RECEIVED, timezone.now(), actor
    item.save()
    _step(item, kind=StepKind.RECEIVED, actor=actor, org=item.org)
    audit_record(actor=actor, action="update", summary=f"签收督办事项 {item.title}", obj=item)
    ledger_record(org=item.org, actor=actor, event_type="supervision.item_received", target=item)
    return item


@transaction.atomic
def item_rectify(*, actor: Any, item: SupervisionItem, text: str, files: list[UploadedFile] | None = None) -> Feedback:
    """整改反馈: what the office did, with evidence files; the clock stops and the bureau is asked to verify."""
    _check_office_actor(actor, item, "报送整改反馈")
    if item.status == ItemStatus.ISSUED:
        raise ValidationFailed("请先签收该督办事项，再报送整改情况")
    if item.status != ItemStatus.RECEIVED:
        raise ValidationFailed(f"该督办事项{item.get_status_display()}，不能再报送整改情况")
    if len(text.strip()) < 10:
        raise ValidationFailed("请具体填写整改措施及成效（不少于10个字），空泛的反馈会被退回", field="text")
    files = files or []
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationFailed(f"佐证材料最多{MAX_ATTACHMENTS}个文件，请合并后上传", field="files")
    for upload in files:
        try:
            validate_upload(upload, allowed=ATTACHMENT_TYPES)
        except ValidationFailed as exc:
            raise ValidationFailed(f"{upload.name}：{exc.message}", field="files") from None
    feedback = Feedback.objects.create(item=item, text=text.strip(), submitted_by=actor)
    stored: list[str] = []
    try:  # files are written before the commit: a failure removes them again, so nothing partial stays behind
        for upload in files:
            attachment = FeedbackAttachment(feedback=feedback, name=(upload.name or "附件")[:200], size=upload.size or 0)
            attachment.file.save(f"{attachment.uuid}{_ext(upload.name)}", upload, save=True)
            stored.append(str(attachment.file.name))
        item.status = ItemStatus.RECTIFIED
        item.save()
        deadlines_close_for(target=item, kind=DEADLINE_RECTIFY)
        _step(item, kind=StepKind.RECTIFIED, actor=actor, org=item.org, note=f"佐证材料{len(files)}份" if files else "")
        audit_record(actor=actor, action="update", summary=f"报送整改反馈 {item.title}", obj=item, after={"text": text.strip()[:200]})
        ledger_record(org=item.org, actor=actor, event_type="supervision.item_rectified", target=item)
        if item.created_by_id:
            Notification.objects.create(user_id=item.created_by_id, level="info", link=item.get_absolute_url(),
                                        title=f"{item.org.name}已报送整改反馈：{item.title}"[:200])
    except Exception:
        for name in stored:
            FeedbackAttachment.file.field.storage.delete(name)
        raise
    return feedback


def _ext(name: str | None) -> str:
    return ("." + name.rsplit(".", 1)[-1].lower()) if name and "." in name else ""


@transaction.atomic
def item_verify(*, actor: Any, item: SupervisionItem, accept: bool, note: str = "", new_due_date: dt.date | None = None) -> SupervisionItem:
    """核查: 销号 closes the item (and its warning); 退回 reopens rectification with a new deadline and the reason."""
    if not actor.has_perm(ISSUE_PERM):
        raise AccessDenied("只有上级司法局可以核查销号")
    if item.status != ItemStatus.RECTIFIED:
        raise ValidationFailed("只有已报送整改反馈的督办事项才能核查")
    feedback = item.latest_feedback
    today = timezone.localdate()
    if not accept:
        if not note.strip():
            raise ValidationFailed("退回时请写明退回原因和需补充的整改内容", field="note")
        if new_due_date is None:
            raise ValidationFailed("退回时请重新确定整改期限", field="new_due_date")
        if new_due_date <= today:
            raise ValidationFailed(f"新的整改期限须晚于今天（{today:%Y-%m-%d}）", field="new_due_date")
    now = timezone.now()
    if feedback is not None:
        feedback.verdict = Feedback.Verdict.ACCEPTED if accept else Feedback.Verdict.RETURNED
        feedback.review_note, feedback.reviewed_by, feedback.reviewed_at = note.strip()[:300], actor, now
        feedback.save()
    head = office_head(item.org)
    if accept:
        item.status, item.verified_at, item.verified_by = ItemStatus.VERIFIED, now, actor
        item.save()
        if item.warning_id:
            EarlyWarning.objects.filter(pk=item.warning_id, status=WarningStatus.OPEN).update(
                status=WarningStatus.CLOSED, closed_on=today, close_reason=f"督办事项{item.number}已核查销号", updated_at=now)
        _step(item, kind=StepKind.VERIFIED, actor=actor, org=item.issuing_org, note=note)
        audit_record(actor=actor, action="update", summary=f"督办事项核查销号 {item.title}", obj=item)
        ledger_record(org=item.issuing_org, actor=actor, event_type="supervision.item_verified", target=item)
        message = f"督办事项已销号：{item.title}"
    else:
        assert new_due_date is not None
        item.status, item.due_date, item.return_count = ItemStatus.RECEIVED, new_due_date, item.return_count + 1
        item.save()
        deadline_open(org=item.org, owner=head, kind=DEADLINE_RECTIFY, title=f"督办整改（退回）：{item.title}", start_date=today,
                      due_date=new_due_date, target=item, link=item.get_absolute_url(), basis=f"{item.issuing_org.name}退回重新整改")
        _step(item, kind=StepKind.RETURNED, actor=actor, org=item.issuing_org, note=f"{note.strip()}；新的整改期限 {new_due_date:%Y-%m-%d}")
        audit_record(actor=actor, action="update", summary=f"退回整改反馈 {item.title}：{note.strip()}"[:200], obj=item)
        ledger_record(org=item.issuing_org, actor=actor, event_type="supervision.item_returned", target=item)
        message = f"整改反馈被退回：{item.title}（{note.strip()}）"
    if head:
        Notification.objects.create(user=head, level="success" if accept else "danger", title=message[:200], link=item.get_absolute_url())
    return item


# ------------------------------------------------------------------------------------------------------ 报告


@transaction.atomic
def report_create(*, actor: Any, org: Org, start: dt.date, end: dt.date) -> PeriodReport:
    """A 统计报告 of ``org`` for a period; its documents are generated from its page."""
    if end < start:
        raise ValidationFailed("统计期的结束日期不能早于开始日期", field="period_end")
    if start > timezone.localdate():
        raise ValidationFailed("统计期尚未开始，请选择今天以前的日期", field="period_start")
    if (end - start).days > 366:
        raise ValidationFailed("统计期不能超过一年，请分期统计", field="period_end")
    if org.kind not in (Org.Kind.OFFICE, *BUREAU_KINDS):
        raise ValidationFailed("只能为司法所或司法局出具统计报告", field="org")
    report = PeriodReport.objects.create(org=org, created_by=actor, issuing_org=supervising_bureau(org), period_start=start, period_end=end)
    ensure_in_scope(actor=actor, obj=report, action="add")
    audit_record(actor=actor, action="create", summary=f"新建统计报告 {report}", obj=report)
    return report


