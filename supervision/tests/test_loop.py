"""The 督办 loop: the county issues (with a numbered document, a clock and a notice to the office head), the office
receives and rectifies with evidence, the county verifies (销号, closing the warning) or sends it back with a new
deadline. A step by the wrong side or in the wrong state is refused in Chinese and saves nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.errors import AccessDenied, ValidationFailed
from core.models import AuditEvent, Deadline, Notification, WorkEvent
from supervision.choices import ItemStatus, StepKind, WarningStatus
from supervision.models import Feedback, FeedbackAttachment, SupervisionItem, SupervisionStep
from supervision.services import DEADLINE_RECTIFY, item_issue, item_receive, item_rectify, item_verify, warning_close
from supervision.tests import factories

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
FEEDBACK = "已逐件清理超期事项，2项均已办结并补录台账。"
PNG = b"\x89PNG\r\n\x1a\n" + b"0" * 64


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"


def _state() -> tuple[Any, ...]:
    """Everything a refused step must leave as it was."""
    return (list(SupervisionItem.objects.values_list("status", "due_date", "return_count")), SupervisionStep.objects.count(),
            Feedback.objects.count(), FeedbackAttachment.objects.count(), AuditEvent.objects.count(), WorkEvent.objects.count(),
            list(Deadline.objects.values_list("status", "due_date")))


def test_full_loop_issued_received_rectified_verified(personas):
    warning = factories.warning(personas)
    item = factories.item(personas, source=warning)

    assert item.status == ItemStatus.ISSUED and item.issuing_org == personas.county and item.org == personas.office
    clock = Deadline.objects.get(kind=DEADLINE_RECTIFY)
    assert (clock.status, clock.due_date, clock.owner, clock.org) == (Deadline.Status.OPEN, item.due_date, personas.head, personas.office)
    assert Notification.objects.filter(user=personas.head, title__startswith="红山区司法局下发督办函").exists()
    assert WorkEvent.objects.filter(event_type="supervision.item_issued", org=personas.county).count() == 1

    item_receive(actor=personas.owner, item=item)
    assert item.status == ItemStatus.RECEIVED and item.received_by == personas.owner

    feedback = item_rectify(actor=personas.owner, item=item, text=FEEDBACK, files=[SimpleUploadedFile("整改照片.png", PNG)])
    assert item.status == ItemStatus.RECTIFIED and feedback.attachments.get().name == "整改照片.png"
    clock.refresh_from_db()
    assert clock.status == Deadline.Status.DONE
    assert Notification.objects.filter(user=personas.supervisor, title__startswith="西屯街道司法所已报送整改反馈").exists()

    item_verify(actor=personas.supervisor, item=item, accept=True, note="核查属实")
    item.refresh_from_db()
    warning.refresh_from_db()
    assert item.status == ItemStatus.VERIFIED and item.verified_by == personas.supervisor
    assert warning.status == WarningStatus.CLOSED and warning.close_reason == f"督办事项{item.number}已核查销号"
    feedback.refresh_from_db()
    assert feedback.verdict == Feedback.Verdict.ACCEPTED and feedback.reviewed_by == personas.supervisor
    assert list(item.steps.values_list("kind", flat=True)) == [StepKind.ISSUED, StepKind.RECEIVED, StepKind.RECTIFIED, StepKind.VERIFIED]
    assert set(WorkEvent.objects.filter(event_type__startswith="supervision.").values_list("event_type", flat=True)) == {
        "supervision.item_issued", "supervision.item_received", "supervision.item_rectified", "supervision.item_verified"}
    assert Notification.objects.filter(user=personas.head, title=f"督办事项已销号：{item.title}").exists()


def test_returned_feedback_reopens_rectification_with_a_new_deadline(personas):
    item = factories.item(personas)
    item_receive(actor=personas.head, item=item)
    item_rectify(actor=personas.head, item=item, text=FEEDBACK)
    new_due = TODAY + dt.timedelta(days=7)

    item_verify(actor=personas.supervisor, item=item, accept=False, note="缺少佐证材料，请补充办结记录", new_due_date=new_due)

    item.refresh_from_db()
    assert item.status == ItemStatus.RECEIVED and item.due_date == new_due and item.return_count == 1
    assert Deadline.objects.get(kind=DEADLINE_RECTIFY, status=Deadline.Status.OPEN).due_date == new_due
    assert item.feedbacks.get().verdict == Feedback.Verdict.RETURNED
    assert item.warning.status == WarningStatus.OPEN
    # the office answers again and the county closes it
    item_rectify(actor=personas.head, item=item, text="已补充办结记录和台账截图，详见佐证材料。")
    item_verify(actor=personas.supervisor, item=item, accept=True)
    assert item.status == ItemStatus.VERIFIED and item.feedbacks.count() == 2


@pytest.mark.parametrize(("step", "message"), [
    ("rectify", "请先签收该督办事项，再报送整改情况"),
    ("verify", "只有已报送整改反馈的督办事项才能核查"),
])
def test_steps_out_of_order_are_refused_in_chinese_and_save_nothing(personas, step, message):
    item = factories.item(personas)
    before = _state()
    with pytest.raises(ValidationFailed, match=message):
        if step == "rectify":
            item_rectify(actor=personas.head, item=item, text=FEEDBACK)
        else:
            item_verify(actor=personas.supervisor, item=item, accept=True)
    assert _state() == before


def test_receiving_twice_and_rectifying_a_closed_item_are_refused(personas):
    item = factories.item(personas)
    item_receive(actor=personas.head, item=item)
    with pytest.raises(ValidationFailed, match="该督办事项整改中，无需再签收"):
        item_receive(actor=personas.head, item=item)
    item_rectify(actor=personas.head, item=item, text=FEEDBACK)
    item_verify(actor=personas.supervisor, item=item, accept=True)
    before = _state()
    with pytest.raises(ValidationFailed, match="该督办事项已销号，不能再报送整改情况"):
        item_rectify(actor=personas.head, item=item, text=FEEDBACK)
    with pytest.raises(ValidationFailed, match="只有已报送整改反馈的督办事项才能核查"):
        item_verify(actor=personas.supervisor, item=item, accept=True)
    assert _state() == before


def test_each_side_may_take_only_its_own_steps(personas):
    item = factories.item(personas)
    with pytest.raises(AccessDenied, match="只有被督办的司法所可以签收"):
        item_receive(actor=personas.supervisor, item=item)
    item_receive(actor=personas.head, item=item)
    item_rectify(actor=personas.head, item=item, text=FEEDBACK)
    before = _state()
    with pytest.raises(AccessDenied, match="只有上级司法局可以核查销号"):
        item_verify(actor=personas.head, item=item, accept=True)
    with pytest.raises(AccessDenied, match="只有上级司法局可以下发督办"):
        item_issue(actor=personas.head, office=personas.sibling_office, data=factories.issue_data())
    with pytest.raises(AccessDenied, match="不是平庄镇司法所的上级司法局工作人员"):
        item_issue(actor=personas.supervisor, office=personas.other_office, data=factories.issue_data())
    assert _state() == before


@pytest.mark.parametrize(("change", "message"), [
    ({"due_date": TODAY}, "整改期限须晚于今天"),
    ({"facts": "  "}, "请填写问题事实"),
    ({"doc_kind": "supervision_feedback"}, "请选择督办文书"),
    ({"doc_kind": "supervision_interview"}, "约谈通知书须写明约谈时间和地点"),
])
def test_issue_input_is_checked_before_anything_is_saved(personas, change, message):
    before = _state()
    with pytest.raises(ValidationFailed, match=message):
        item_issue(actor=personas.supervisor, office=personas.office, data=factories.issue_data(**change))
    assert _state() == before and not SupervisionItem.objects.exists()


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"text": "已整改"}, "请具体填写整改措施及成效"),
    ({"text": FEEDBACK, "files": [SimpleUploadedFile("说明.exe", b"MZ" + b"0" * 64)]}, "说明.exe"),
])
def test_feedback_is_checked_and_a_refusal_stores_no_file(personas, kwargs, message, settings):
    item = item_receive(actor=personas.head, item=factories.item(personas))
    before = _state()
    with pytest.raises(ValidationFailed, match=message):
        item_rectify(actor=personas.head, item=item, **kwargs)
    assert _state() == before
    stored = settings.MEDIA_ROOT / "supervision"
    assert not stored.exists() or not any(stored.rglob("*.*"))


def test_returning_needs_a_reason_and_a_later_deadline(personas):
    item = factories.item(personas)
    item_receive(actor=personas.head, item=item)
    item_rectify(actor=personas.head, item=item, text=FEEDBACK)
    before = _state()
    with pytest.raises(ValidationFailed, match="退回时请写明退回原因"):
        item_verify(actor=personas.supervisor, item=item, accept=False, new_due_date=TODAY + dt.timedelta(days=5))
    with pytest.raises(ValidationFailed, match="退回时请重新确定整改期限"):
        item_verify(actor=personas.supervisor, item=item, accept=False, note="材料不全")
    with pytest.raises(ValidationFailed, match="新的整改期限须晚于今天"):
        item_verify(actor=personas.supervisor, item=item, accept=False, note="材料不全", new_due_date=TODAY)
    assert _state() == before


def test_county_closes_a_warning_by_hand_with_a_reason(personas):
    warning = factories.warning(personas)
    with pytest.raises(AccessDenied):
        warning_close(actor=personas.head, warning=warning, reason="误报")
    with pytest.raises(ValidationFailed, match="请填写关闭原因"):
        warning_close(actor=personas.supervisor, warning=warning, reason=" ")
    warning_close(actor=personas.supervisor, warning=warning, reason="核实为误报")
    warning.refresh_from_db()
    assert warning.status == WarningStatus.CLOSED and warning.close_reason == "核实为误报"
    with pytest.raises(ValidationFailed, match="该预警已关闭"):
        warning_close(actor=personas.supervisor, warning=warning, reason="再次关闭")
