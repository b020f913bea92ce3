"""解除与终止 (社区矫正法 第四十四条、第四十五条): the 期满鉴定, the hand-over to 安置帮教, the discharge documents; a
terminated correction hands nobody over. Both close the 期满解除 clock (see test_release.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.errors import ValidationFailed
from core.models import WorkEvent
from corrections import discharge
from corrections.documents import discharge_missing, subject_context
from corrections.models import Handover
from corrections.services import subject_release
from corrections.tests import factories

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


def _ending(personas, days_left: int):
    effective = TODAY - dt.timedelta(days=90)
    return factories.subject(personas, effective_date=effective, start_date=effective, end_date=TODAY + dt.timedelta(days=days_left),
                             reported_date=effective + dt.timedelta(days=2))


def test_appraisal_in_the_last_month_then_handover_after_discharge(personas):
    early = _ending(personas, 60)
    with pytest.raises(ValidationFailed, match="期满前一个月内才进行期满鉴定"):
        discharge.handover_record(actor=personas.owner, subject=early, data=discharge.HandoverInput(appraisal="表现良好"))
    subject = factories.subject(personas, name="赵丽", effective_date=TODAY - dt.timedelta(days=100),
                                start_date=TODAY - dt.timedelta(days=100), end_date=TODAY - dt.timedelta(days=1),
                                reported_date=TODAY - dt.timedelta(days=98))
    with pytest.raises(ValidationFailed, match="请先办理解除"):
        discharge.handover_record(actor=personas.owner, subject=subject, data=discharge.HandoverInput(
            appraisal="表现良好", handed_to="安置帮教工作站", handover_date=TODAY))
    assert "解除社区矫正后才能生成" in discharge_missing(subject)
    subject_release(actor=personas.owner, subject=subject, reason="expiry", date=TODAY)
    subject.refresh_from_db()
    assert discharge_missing(subject) == "请先登记期满鉴定意见"
    with pytest.raises(ValidationFailed, match="请填写接收安置帮教的单位"):
        discharge.handover_record(actor=personas.owner, subject=subject, data=discharge.HandoverInput(
            appraisal="表现良好", handover_date=TODAY))
    discharge.handover_record(actor=personas.owner, subject=subject, data=discharge.HandoverInput(
        appraisal="遵守监督管理规定，积极参加公益活动。", needs="就业", handed_to="西屯街道安置帮教工作站", handover_date=TODAY,
        announced_date=TODAY))
    subject.refresh_from_db()
    handover = Handover.objects.get(subject=subject)
    assert handover.handed_to == "西屯街道安置帮教工作站" and discharge_missing(subject) == ""
    ctx = subject_context(subject, org=subject.org, number="n", issued_on=TODAY, actor=personas.owner)
    assert ctx.consequence == "缓刑考验期满，原判刑罚不再执行。" and "积极参加公益活动" in ctx.appraisal
    assert WorkEvent.objects.filter(event_type="corrections.appraised", object_id=str(subject.pk)).count() == 1


def test_terminated_correction_has_no_handover(personas):
    subject = factories.subject(personas)
    subject_release(actor=personas.owner, subject=subject, reason="probation_revoked", date=TODAY, note="撤销缓刑裁定")
    with pytest.raises(ValidationFailed, match="已终止"):
        discharge.handover_record(actor=personas.owner, subject=subject, data=discharge.HandoverInput(appraisal="x"))
    assert "解除社区矫正后才能生成" in discharge_missing(subject)
