"""Writes of the 千分制: validating and publishing a standard, reviewers' scores and adjustments."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from assessment.models import Adjustment, ManualScore, Part, Rule, Standard, StandardItem, num
from core.audit import audit_record
from core.errors import AccessDenied, ValidationFailed

TOTAL_POINTS = Decimal(1000)


def standard_problems(standard: Standard) -> list[str]:
    """Why a standard may not be published (empty when it is sound)."""
    items = list(standard.items.all())
    problems = []
    positive = sum((i.max_points for i in items if i.part != Part.NEGATIVE), Decimal(0))
    if positive != TOTAL_POINTS:
        problems.append(f"除负面清单外各项分值合计应为1000分，现为{num(positive)}分，请调整分值")
    codes = [i.code for i in items]
    if len(codes) != len(set(codes)):
        problems.append("考核项目编号有重复")
    for i in items:
        if i.max_points <= 0:
            problems.append(f"{i.code} 分值必须大于0")
        if i.rule in (Rule.COUNT, Rule.RATE, Rule.DEDUCT_COUNT) and not i.event_types:
            problems.append(f"{i.code} 为自动计分项目，须指定台账事项")
        if i.rule == Rule.RATE and (not i.denominator or not i.threshold):
            problems.append(f"{i.code} 为比率项目，须指定分母事项和达标比率")
        if i.rule == Rule.DEDUCT_COUNT and not i.per_unit:
            problems.append(f"{i.code} 为自动扣分项目，须指定每件扣分")
        if (i.part == Part.NEGATIVE) != (i.rule in (Rule.DEDUCT_COUNT, Rule.DEDUCT_MANUAL)):
            problems.append(f"{i.code} 扣分方式只能用于负面清单，负面清单只能用扣分方式")
    return problems


def _check_manager(actor: Any) -> None:
    if not actor.has_perm("assessment.manage_standard"):
        raise AccessDenied("您没有维护考核标准的权限（由市局或系统管理员维护）")


def _check_draft(standard: Standard) -> None:
    """Read the status afresh (and lock the row): a caller's copy may predate its publication."""
    if Standard.objects.select_for_update().values_list("status", flat=True).get(pk=standard.pk) != Standard.Status.DRAFT:
        raise ValidationFailed("已发布的考核标准不能修改；请点“新建版本”复制后修改，再发布新版本")


@transaction.atomic
def standard_new_version(*, actor: Any, source: Standard, year: int) -> Standard:
    """A draft copy of ``source`` for ``year`` (the next version number of that year), items and all."""
    _check_manager(actor)
    if not 2000 <= year <= timezone.localdate().year + 5:
        raise ValidationFailed(f"年度应在2000年至{timezone.localdate().year + 5}年之间", field="year")
    if Standard.objects.filter(year=year, status=Standard.Status.DRAFT).exists():
        raise ValidationFailed(f"{year}年度已有未发布的草稿，请先修改并发布该草稿", field="year")
    version = (Standard.objects.filter(year=year).order_by("-version").values_list("version", flat=True).first() or 0) + 1
    name = source.name.replace(str(source.year), str(year)) if str(source.year) in source.name else f"{year}年度{source.name}"
    standard = Standard.objects.create(year=year, version=version, name=name[:100], status=Standard.Status.DRAFT,
                                       note=f"复制自{source}")
    StandardItem.objects.bulk_create([
        StandardItem(standard=standard, code=i.code, part=i.part, name=i.name, max_points=i.max_points, rule=i.rule,
                     event_types=i.event_types, denominator=i.denominator, target_per_month=i.target_per_month,
                     threshold=i.threshold, per_unit=i.per_unit, basis=i.basis, sort_order=i.sort_order)
        for i in source.items.all()
    ])
    audit_record(actor=actor, action="create", summary=f"新建考核标准 {standard}（复制自{source}）", obj=standard)
    return standard


ITEM_FIELDS = ("part", "name", "max_points", "rule", "event_types", "denominator", "target_per_month", "threshold", "per_unit",
               "basis", "sort_order")


@transaction.atomic
def standard_item_update(*, actor: Any, item: StandardItem, data: dict[str, Any]) -> StandardItem:
    """Edit one item of a draft; the whole standard is checked only when it is published."""
    _check_manager(actor)
    _check_draft(item.standard)
    before = {f: getattr(item, f) for f in ITEM_FIELDS}
    for f in ITEM_FIELDS:
        if f in data:
            setattr(item, f, data[f])
    if item.max_points is None or item.max_points <= 0:
        raise ValidationFailed("分值必须大于0", field="max_points")
    item.save()
    changed = {f: str(getattr(item, f)) for f in ITEM_FIELDS if getattr(item, f) != before[f]}
    audit_record(actor=actor, action="update", summary=f"修改考核项目 {item.standard.year}年第{item.standard.version}版 {item.code}"[:200],
                 obj=item.standard, before={f: str(before[f]) for f in changed}, after=changed)
    return item


@transaction.atomic
def standard_publish(*, actor: Any, standard: Standard) -> Standard:
    """Publish a draft: from then on it scores every office for its year and is frozen."""
    _check_manager(actor)
    _check_draft(standard)
    problems = standard_problems(standard)
    if problems:
        raise ValidationFailed("考核标准不能发布：" + "；".join(problems))
    in_use = Standard.objects.filter(year=standard.year, status=Standard.Status.PUBLISHED).exclude(pk=standard.pk)
    if ManualScore.objects.filter(item__standard__in=in_use).exists() or Adjustment.objects.filter(item__standard__in=in_use).exists():
        # The scores already given rest on the items of the version in force; a new version would silently drop them.
        raise ValidationFailed(f"{standard.year}年度已按现行版本开展了人工评分或复核调整，不能再发布新版本；请新建下一年度的考核标准")
    standard.status = Standard.Status.PUBLISHED
    standard.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="update", summary=f"发布考核标准 {standard}", obj=standard)
    return standard


def _check_period(start: dt.date, end: dt.date) -> None:
    if end < start:
        raise ValidationFailed("考核期的结束日期不能早于开始日期")
    if start > timezone.localdate():
        raise ValidationFailed("考核期尚未开始，不能评分")


def _check_reviewer(actor: Any, office: Any) -> None:
    from orgs.models import Org

    if not actor.has_perm("assessment.score_office"):
        raise AccessDenied("您没有考核评分的权限（由县级以上司法局评分）")
    if not Org.objects.visible_to(actor, "view").filter(pk=office.pk).exists():
        raise AccessDenied("该司法所不在您的管理范围内")


@transaction.atomic
def manual_score_record(*, actor: Any, office: Any, item: StandardItem, start: dt.date, end: dt.date, points: Decimal,
                        evidence: str) -> ManualScore:
    """人工评分 (or 扣分) with evidence; the score may not exceed the item's points."""
    _check_reviewer(actor, office)
    _check_period(start, end)
    if item.standard.status != Standard.Status.PUBLISHED:
        raise ValidationFailed("该考核标准尚未发布，不能评分")
    if item.rule not in (Rule.MANUAL, Rule.DEDUCT_MANUAL):
        raise ValidationFailed(f"{item.code} 由台账自动计分，不能人工评分；如需更正请使用“复核调整”并写明理由")
    if not evidence.strip():
        raise ValidationFailed("请填写评分依据和佐证材料", field="evidence")
    if points < 0:
        raise ValidationFailed("请填写正数；扣分项目填写扣分数即可", field="points")
    if points > item.max_points:
        raise ValidationFailed(f"{item.code} 满分（最多扣）{num(item.max_points)}分，填写的{num(points)}分超出上限", field="points")
    signed = -points if item.rule == Rule.DEDUCT_MANUAL else points
    existing = ManualScore.objects.filter(org=office, item=item, period_start=start, period_end=end)
    existing.delete()
    score = ManualScore.objects.create(org=office, created_by=actor, item=item, period_start=start, period_end=end,
                                       points=signed, evidence=evidence.strip())
    audit_record(actor=actor, action="create", summary=f"考核评分 {office} {item.code} {num(signed)}分", obj=score, org=office,
                 after={"points": str(signed), "evidence": evidence.strip()[:200]})
    return score


@transaction.atomic
def score_adjust(*, actor: Any, office: Any, item: StandardItem, start: dt.date, end: dt.date, delta: Decimal, reason: str) -> Adjustment:
    """复核调整: a reviewer corrects an item's score for an office, always with a reason."""
    _check_reviewer(actor, office)
    _check_period(start, end)
    if not reason.strip():
        raise ValidationFailed("请填写调整理由", field="reason")
    if delta == 0:
        raise ValidationFailed("调整分值不能为0", field="delta")
    if abs(delta) > item.max_points:
        raise ValidationFailed(f"调整分值不能超过该项分值{num(item.max_points)}分", field="delta")
    adjustment = Adjustment.objects.create(org=office, created_by=actor, item=item, period_start=start, period_end=end,
                                           delta=delta, reason=reason.strip())
    audit_record(actor=actor, action="update", summary=f"考核复核调整 {office} {item.code} {num(delta, sign=True)}分", obj=adjustment, org=office,
                 after={"delta": str(delta), "reason": reason.strip()})
    return adjustment
