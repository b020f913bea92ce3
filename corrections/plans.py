"""分类管理与个别化矫正 (社区矫正法 第三条: 分类管理、个别化矫正; 第二十四条: 矫正方案): the subject's structured
basic conditions, the risk/needs assessment with item-level scoring, the management level (严管/普管/宽管) and its
history, re-grading proposals, the strategy library and the one-click 矫正方案.

Scores and proposals are decision support: staff confirm every level and approve every plan; penalties follow the
statutory triggers (社区矫正法 第二十八条), never a score alone. Every write runs in one transaction with its audit
row and, for assessment, grading and plan approval, a ledger entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone
from django_tasks import task

from core.audit import audit_record
from core.errors import ValidationFailed
from core.ledger import ledger_record
from core.services import ensure_in_scope
from corrections.choices import CorrectionType, EndReason, Status
from corrections.models import (
    CorrectionPlan,
    GradeChange,
    ManagementLevel,
    Period,
    PlanMeasure,
    RegradeProposal,
    RiskAssessment,
    RuleSet,
    StrategyMeasure,
    Subject,
    SubjectConditions,
    months_after,
)

ASSESSMENT_EVENT = "corrections.assessment"
GRADING_EVENT = "corrections.classified"
PLAN_EVENT = "corrections.plan_approved"
# A provincial 分类管理办法 (research 1.6): 入矫不满两个月的严管. UNCONFIRMED as a national rule; a default.
INITIAL_MONTHS = 2
FINAL_DAYS = 31  # 解矫教育 in the last month (宜丰县 practice, research 1.6)
STRICT, NORMAL, LENIENT = "strict", "normal", "lenient"
REFUSAL_QUIET_DAYS = 30


# ------------------------------------------------------------------------------------------------ 基本情况


@dataclass(frozen=True)
class Condition:
    """One basic condition of 社区矫正法 第二十四条's list: ``derived`` ones come from the subject's record."""

    key: str
    label: str
    choices: tuple[tuple[str, str], ...]
    derived: bool = False
    help: str = ""

    def label_of(self, value: str) -> str:
        return dict(self.choices).get(value, value or "未填写")


YES_NO = (("no", "否"), ("yes", "是"))
CONDITIONS: tuple[Condition, ...] = (
    Condition("correction_type", "矫正类别", tuple(CorrectionType.choices), derived=True),
    Condition("sex", "性别", (("male", "男"), ("female", "女"), ("unknown", "未登记")), derived=True),
    Condition("age_band", "年龄段", (("minor", "未成年人"), ("young", "18至25岁"), ("adult", "26至59岁"), ("senior", "60岁以上"),
                                    ("unknown", "未登记")), derived=True,
              help="犯罪时未成年、矫正期间年满十八周岁的，仍适用未成年人的规定（社区矫正法 第五十八条）"),
    Condition("term", "矫正期限", (("short", "六个月以下"), ("medium", "六个月至一年"), ("long", "一年至三年"),
                                  ("very_long", "三年以上")), derived=True),
    Condition("stage", "矫正阶段", (("initial", "入矫初期（两个月内）"), ("middle", "常规矫正期"), ("final", "解矫前一个月")),
              derived=True),
    Condition("level", "管理等级", (), derived=True),
    Condition("outside_reason", "暂予监外执行情形", (("na", "不适用"), ("illness", "严重疾病需保外就医"),
                                                   ("pregnancy", "怀孕或正在哺乳自己的婴儿"), ("self_care", "生活不能自理"))),
    Condition("education", "文化程度", (("primary", "小学及以下"), ("junior", "初中"), ("senior", "高中、中专"),
                                      ("college", "大专及以上"))),
    Condition("employment", "就业就学", (("employed", "稳定就业"), ("farming", "务农"), ("casual", "临时务工"),
                                       ("unemployed", "无业"), ("student", "在校学生"), ("retired", "退休"),
                                       ("unable", "丧失劳动能力"))),
    Condition("family_support", "家庭支持", (("good", "家庭和睦、支持矫正"), ("weak", "家庭关系紧张或支持薄弱"),
                                           ("none", "无家庭支持"))),
    Condition("dependants", "抚养赡养", (("none", "无"), ("young_children", "抚养未成年子女"), ("elderly", "赡养老人"),
                                       ("both", "抚养子女并赡养老人"))),
    Condition("residence", "居住情况", (("stable", "有固定住所"), ("unstable", "租住或人户分离"), ("no_fixed", "无固定住所"))),
    Condition("offence_type", "犯罪类型", (("traffic", "危险驾驶、交通肇事"), ("property", "盗窃、诈骗等财产犯罪"),
                                         ("violence", "故意伤害等暴力犯罪"), ("drugs", "毒品犯罪"), ("cyber", "电信网络犯罪"),
                                         ("gambling", "赌博、开设赌场"), ("environment", "资源环境犯罪"),
                                         ("economic", "经济、职务犯罪"), ("other", "其他"))),
    Condition("violent", "暴力犯罪", YES_NO),
    Condition("drug_related", "涉毒", YES_NO),
    Condition("prior_record", "前科情况", (("none", "无前科"), ("prior", "有前科"), ("recidivist", "累犯"))),
    Condition("prohibition_order", "禁止令", (("none", "未宣告禁止令"), ("has", "宣告了禁止令"))),
    Condition("remorse", "悔罪表现", (("good", "认罪悔罪"), ("average", "一般"), ("poor", "不认罪或悔罪不足"))),
    Condition("investigation_opinion", "调查评估意见", (("suitable", "适宜社区矫正"), ("not_done", "未作调查评估"),
                                                      ("unsuitable", "意见为不适宜"))),
    Condition("mental_health", "精神健康", (("normal", "正常"), ("concern", "有心理问题"), ("diagnosed", "确诊精神障碍"))),
    Condition("physical_health", "身体健康", (("good", "健康"), ("chronic", "慢性病"), ("serious", "重病或残疾"))),
    Condition("substance_use", "不良嗜好", (("none", "无"), ("alcohol", "酗酒"), ("drugs", "吸毒史"), ("gambling", "赌博"))),
    Condition("financial_hardship", "生活困难", YES_NO),
    Condition("skill_need", "职业技能需求", YES_NO),
    Condition("psych_test", "心理测试结果", (("normal", "正常"), ("attention", "需关注"), ("abnormal", "异常"),
                                           ("not_tested", "未测试"))),
    Condition("peer_risk", "不良交往", YES_NO),
    Condition("sanctions", "奖惩情况", (("none", "无"), ("commended", "受到表扬"), ("admonished", "训诫一次"),
                                      ("admonished_twice", "训诫两次以上"), ("warned", "警告"),
                                      ("police_penalty", "治安管理处罚"))),
    Condition("review_record", "考核情况", (("none", "尚无考核"), ("good", "连续三个月考核合格以上"), ("poor", "考核不合格"))),
    Condition("e_location", "电子定位", (("no", "未使用"), ("yes", "使用中（社区矫正法 第二十九条）"))),
)
BY_KEY = {c.key: c for c in CONDITIONS}
ENTERED = tuple(c for c in CONDITIONS if not c.derived)
# What an unrecorded condition is taken to be: the value that triggers nothing.
NEUTRAL = {"outside_reason": "na", "education": "", "employment": "", "family_support": "good", "dependants": "none",
           "residence": "stable", "violent": "no", "drug_related": "no", "prior_record": "none", "prohibition_order": "none",
           "remorse": "good", "investigation_opinion": "suitable", "mental_health": "normal", "physical_health": "good",
           "substance_use": "none", "financial_hardship": "no", "skill_need": "no", "psych_test": "not_tested",
           "peer_risk": "no", "sanctions": "none", "review_record": "none", "e_location": "no"}
# The crime's 罪名 suggests the offence type until the office records one.
CRIME_TYPES = (
    (("危险驾驶", "交通肇事"), "traffic"), (("毒品", "容留他人吸毒"), "drugs"),
    (("电信", "信息网络", "帮助信息网络"), "cyber"), (("赌博", "赌场"), "gambling"),
    (("故意伤害", "寻衅滋事", "抢劫", "聚众斗殴", "故意杀人", "强奸"), "violence"),
    (("盗窃", "诈骗", "抢夺", "侵占", "敲诈勒索"), "property"), (("滥伐", "盗伐", "非法占用农用地", "非法狩猎", "污染"), "environment"),
    (("非法吸收公众存款", "集资", "贪污", "受贿", "挪用"), "economic"),
)
VIOLENT_WORDS = ("故意伤害", "寻衅滋事", "抢劫", "聚众斗殴", "故意杀人", "强奸", "绑架")


def offence_type_of(crime: str) -> str:
    for words, code in CRIME_TYPES:
        if any(w in crime for w in words):
            return code
    return "other"


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def derived_conditions(subject: Subject, *, today: dt.date, level: str = "") -> dict[str, str]:
    """The conditions the subject's record holds: type, sex, age band (minor at the offence or now: 第五十八条), term
    length, stage of the term (入矫初期 two months, 解矫前 one month) and the current level."""
    person = subject.person
    age = _age(person.birth_date, subject.effective_date)
    if age is None:
        band = "unknown"
    elif age < 18:
        band = "minor"
    else:
        now = _age(person.birth_date, today) or age
        band = "young" if now <= 25 else "adult" if now < 60 else "senior"
    months = (subject.end_date.year - subject.start_date.year) * 12 + subject.end_date.month - subject.start_date.month + 1
    term = "short" if months <= 6 else "medium" if months <= 12 else "long" if months <= 36 else "very_long"
    if today < months_after(subject.start_date, INITIAL_MONTHS):
        stage = "initial"
    elif (subject.end_date - today).days < FINAL_DAYS:
        stage = "final"
    else:
        stage = "middle"
    sex = {"1": "male", "2": "female"}.get(person.sex, "unknown")
    return {"correction_type": subject.correction_type, "sex": sex, "age_band": band, "term": term, "stage": stage,
            "level": level}


def stored_conditions(subject: Subject) -> dict[str, str]:
    values = SubjectConditions.objects.filter(subject=subject).values_list("values", flat=True).first()
    return dict(values or {})


def subject_conditions(subject: Subject, *, today: dt.date | None = None, level: str | None = None,
                       stored: dict[str, str] | None = None) -> dict[str, str]:
    """All conditions: derived ones, then the recorded ones, then what the 罪名 suggests, then the neutral value."""
    today = today or timezone.localdate()
    if level is None:
        current = current_grade(subject)
        level = current.level.code if current else ""
    values = dict(NEUTRAL)
    values["offence_type"] = offence_type_of(subject.crime)
    values["violent"] = "yes" if any(w in subject.crime for w in VIOLENT_WORDS) else "no"
    values["drug_related"] = "yes" if "毒" in subject.crime else "no"
    if subject.correction_type != CorrectionType.TEMPORARY_OUTSIDE:
        values["outside_reason"] = "na"
    values.update({k: v for k, v in (stored if stored is not None else stored_conditions(subject)).items() if v})
    values.update(derived_conditions(subject, today=today, level=level))
    return values


def condition_value_label(key: str, value: str, levels: dict[str, ManagementLevel] | None = None) -> str:
    if key == "level":
        level = (levels or _levels()).get(value)
        return level.name if level else "未定级"
    return BY_KEY[key].label_of(value)


def clean_conditions(subject: Subject, values: dict[str, Any]) -> dict[str, str]:
    """Only the entered conditions, each one of its choices; 暂予监外执行情形 only for that type."""
    clean: dict[str, str] = {}
    for key, raw in values.items():
        if key not in BY_KEY:
            raise ValidationFailed(f"“{key}”不是矫正对象基本情况的项目；可填写：{'、'.join(c.label for c in ENTERED)}", field=key)
        condition = BY_KEY[key]
        if condition.derived:
            raise ValidationFailed(f"“{condition.label}”由矫正对象档案自动得出，不能直接填写", field=key)
        value = str(raw or "").strip()
        if value and value not in dict(condition.choices):
            raise ValidationFailed(f"“{condition.label}”的取值“{value[:20]}”无效，请选择："
                                   f"{'、'.join(f'{v}（{label}）' for v, label in condition.choices)}", field=key)
        if value:
            clean[key] = value
    reason = clean.get("outside_reason", "na")
    if subject.correction_type == CorrectionType.TEMPORARY_OUTSIDE and reason == "na" and "outside_reason" in values:
        raise ValidationFailed("暂予监外执行的矫正对象须选择暂予监外执行情形：严重疾病、怀孕或哺乳、生活不能自理（刑事诉讼法 第二百六十五条）",
                               field="outside_reason")
    if subject.correction_type != CorrectionType.TEMPORARY_OUTSIDE and reason != "na":
        raise ValidationFailed(f"{subject.person.name}的矫正类别是{subject.get_correction_type_display()}，"
                               "“暂予监外执行情形”应选“不适用”", field="outside_reason")
    return clean


@transaction.atomic
def conditions_update(*, actor: Any, subject: Subject, values: dict[str, Any], repropose: bool = True) -> SubjectConditions:
    """Record the subject's basic conditions (values before and after in the audit row). When they change and an
    approved plan exists, a new draft plan is proposed (矫正方案根据表现等情况相应调整, 社区矫正法 第二十四条)."""
    clean = clean_conditions(subject, values)
    record, _ = SubjectConditions.objects.get_or_create(subject=subject, defaults={"org": subject.org, "created_by": actor})
    before = dict(record.values)
    merged = {**before, **clean}
    for key in values:  # a condition sent empty is cleared
        if key not in clean:
            merged.pop(key, None)
    if merged == before:
        return record
    record.values = merged
    record.save(update_fields=["values", "updated_at"])
    ensure_in_scope(actor=actor, obj=subject, action="change")
    changed = sorted(k for k in set(before) | set(merged) if before.get(k) != merged.get(k))
    audit_record(actor=actor, action="update", obj=subject, summary=f"更新矫正对象基本情况 {subject.person.name}",
                 before={k: before.get(k, "") for k in changed}, after={k: merged.get(k, "") for k in changed})
    if repropose:
        plan_repropose(actor=actor, subject=subject, trigger="基本情况变化：" + "、".join(BY_KEY[k].label for k in changed))
    return record


# ------------------------------------------------------------------------------------------------ 评估与分级


def _levels() -> dict[str, ManagementLevel]:
    return {level.code: level for level in ManagementLevel.objects.all()}


def active_rule_set() -> RuleSet:
    rule_set = RuleSet.objects.filter(active=True).order_by("-effective_from", "-id").first()
    if rule_set is None:
        raise ValidationFailed("没有启用的风险需求评估量表，请系统管理员在管理后台启用一个量表版本")
    return rule_set


@dataclass
class ScoredItem:
    code: str
    domain: str
    question: str
    value: str
    label: str
    points: int


def score(rule_set: RuleSet, answers: dict[str, str]) -> tuple[list[ScoredItem], int]:
    """Each item's answer and its points (the contribution shown on the page) and the total. Every item must be
    answered: a missing answer would silently count as zero risk."""
    scored: list[ScoredItem] = []
    missing = []
    for item in rule_set.items.all():
        value = str(answers.get(item.code, "") or "")
        options = {str(o["value"]): o for o in item.options}
        if not value:
            missing.append(item.question)
            continue
        if value not in options:
            raise ValidationFailed(f"“{item.question}”的选项“{value[:20]}”无效，请选择："
                                   f"{'、'.join(str(o['label']) for o in item.options)}", field=item.code)
        option = options[value]
        scored.append(ScoredItem(item.code, item.domain, item.question, value, str(option["label"]), int(option["points"])))
    if missing:
        raise ValidationFailed(f"还有{len(missing)}个评估题目未作答：{'、'.join(missing[:5])}{'等' if len(missing) > 5 else ''}；"
                               "每一题都须根据核实的情况选择", field="answers")
    unknown = sorted(set(answers) - {i.code for i in rule_set.items.all()})
    if unknown:
        raise ValidationFailed(f"“{'、'.join(unknown)}”不是量表“{rule_set.name}”的题目", field="answers")
    return scored, sum(s.points for s in scored)


def score_band(rule_set: RuleSet, total: int) -> str:
    """The level code the instrument's score bands give for ``total``."""
    return STRICT if total >= rule_set.strict_from else LENIENT if total < rule_set.lenient_below else NORMAL


def suggest_level(rule_set: RuleSet, total: int, conditions: dict[str, str],
                  levels: dict[str, ManagementLevel]) -> tuple[ManagementLevel, list[str]]:
    """The level the score band gives, made stricter by the legal and local rules (分类管理办法: 入矫不满两个月、
    训诫两次以上、警告、治安管理处罚、考核不合格的严管; research 1.6, UNCONFIRMED as national rules). Returns the level
    and the reasons, in words."""
    if total >= rule_set.strict_from:
        code, reasons = STRICT, [f"量表总分{total}分，达到严管分数线{rule_set.strict_from}分"]
    elif total < rule_set.lenient_below:
        code, reasons = LENIENT, [f"量表总分{total}分，低于宽管分数线{rule_set.lenient_below}分"]
    else:
        code, reasons = NORMAL, [f"量表总分{total}分，在{rule_set.lenient_below}至{rule_set.strict_from - 1}分之间"]
    strict_because = []
    if conditions.get("stage") == "initial":
        strict_because.append("入矫不满两个月")
    if conditions.get("sanctions") in ("admonished_twice", "warned", "police_penalty"):
        strict_because.append(f"受到{BY_KEY['sanctions'].label_of(conditions['sanctions'])}")
    if conditions.get("review_record") == "poor":
        strict_because.append("考核不合格")
    if strict_because and code != STRICT:
        code = STRICT
        reasons.append("；".join(strict_because) + "，按分类管理规定实行严管")
    elif strict_because:
        reasons.append("；".join(strict_because))
    if code not in levels:
        raise ValidationFailed(f"管理等级“{code}”未配置，请系统管理员在管理后台恢复默认的管理等级")
    return levels[code], reasons


def current_grade(subject: Subject) -> GradeChange | None:
    return subject.grade_changes.select_related("level").order_by("-effective_date", "-id").first()


def with_current_level(queryset: QuerySet[Subject]) -> QuerySet[Subject]:
    """Annotate each subject with its current level's code, name and colour (one subquery each, no N+1)."""
    latest = GradeChange.objects.filter(subject=OuterRef("pk")).order_by("-effective_date", "-id")
    return queryset.annotate(level_code=Subquery(latest.values("level__code")[:1]), level_name=Subquery(latest.values("level__name")[:1]),
                             level_colour=Subquery(latest.values("level__colour")[:1]))


@dataclass
class AssessmentInput:
    answers: dict[str, str]
    assessed_on: dt.date
    kind: str = RiskAssessment.Kind.INITIAL
    override_level: str = ""
    override_reason: str = ""


def _grade(*, actor: Any, subject: Subject, level: ManagementLevel, source: str, reason: str, date: dt.date,
           assessment: RiskAssessment | None = None, simulated: bool = False) -> GradeChange | None:
    current = current_grade(subject)
    if current is not None and current.level_id == level.pk and source != GradeChange.Source.ASSESSMENT:
        return None
    change = GradeChange.objects.create(org=subject.org, created_by=actor, subject=subject, level=level,
                                        previous=current.level if current else None, source=source, reason=reason[:300],
                                        effective_date=date, assessment=assessment, decided_by=actor)
    if current is None or current.level_id != level.pk:
        audit_record(actor=actor, action="update", obj=subject,
                     summary=f"管理等级{'确定' if current is None else '调整'}为{level.name} {subject.person.name}",
                     before={"level": current.level.name if current else ""}, after={"level": level.name, "reason": reason[:200]})
        ledger_record(org=subject.org, actor=actor, event_type=GRADING_EVENT, target=change, date=date,
                      note=f"{subject.person.name}：{level.name}")
        if current is not None and not simulated:
            plan_repropose(actor=actor, subject=subject, trigger=f"管理等级由{current.level.name}调整为{level.name}")
    return change


@transaction.atomic
def assessment_record(*, actor: Any, subject: Subject, data: AssessmentInput, simulated: bool = False) -> RiskAssessment:
    """风险需求评估: score every item, suggest a level from the band and the rules, accept an override only with a
    reason (professional discretion is recorded), and set the subject's level (a ``GradeChange``)."""
    if subject.status != Status.IN_CORRECTION:
        raise ValidationFailed(f"{subject.person.name} 已{subject.get_status_display()}，不再评估", field="answers")
    if data.kind not in RiskAssessment.Kind.values:
        raise ValidationFailed("请选择评估类型：入矫评估或再评估", field="kind")
    if not data.assessed_on or data.assessed_on > timezone.localdate():
        raise ValidationFailed("请填写评估日期，且不能晚于今天", field="assessed_on")
    if data.assessed_on < subject.reported_date:
        raise ValidationFailed(f"评估日期不能早于报到日期（{subject.reported_date:%Y-%m-%d}）", field="assessed_on")
    rule_set = active_rule_set()
    levels = _levels()
    items, total = score(rule_set, data.answers)
    conditions = subject_conditions(subject, today=data.assessed_on, level="")
    suggested, reasons = suggest_level(rule_set, total, conditions, levels)
    level = suggested
    reason = (data.override_reason or "").strip()
    if data.override_level and data.override_level != suggested.code:
        if data.override_level not in levels:
            raise ValidationFailed(f"管理等级“{data.override_level}”不存在，请选择：{'、'.join(lv.name for lv in levels.values())}",
                                   field="override_level")
        if len(reason) < 4:
            raise ValidationFailed(f"将量表建议的“{suggested.name}”调整为“{levels[data.override_level].name}”须写明理由"
                                   "（如 家庭监护得力、已稳定就业），理由至少4个字", field="override_reason")
        level = levels[data.override_level]
    else:
        reason = ""
    assessment = RiskAssessment.objects.create(
        org=subject.org, created_by=actor, subject=subject, rule_set=rule_set, kind=data.kind, assessed_on=data.assessed_on,
        answers=[vars(i) for i in items], total=total, suggested_level=suggested, level=level, override_reason=reason,
        assessor=actor, simulated=simulated,
    )
    ensure_in_scope(actor=actor, obj=assessment, action="add")
    audit_record(actor=actor, action="create", obj=assessment, after={"total": total, "suggested": suggested.name, "level": level.name,
                                                                       "override_reason": reason},
                 summary=f"{assessment.get_kind_display()} {subject.person.name}：{total}分，{level.name}")
    ledger_record(org=subject.org, actor=actor, event_type=ASSESSMENT_EVENT, target=assessment, date=data.assessed_on,
                  note=subject.person.name)
    why = "；".join(reasons) + (f"；评估人调整为{level.name}：{reason}" if reason else "")
    _grade(actor=actor, subject=subject, level=level, source=GradeChange.Source.ASSESSMENT, reason=why, date=data.assessed_on,
           assessment=assessment, simulated=simulated)
    return assessment


@transaction.atomic
def grade_adjust(*, actor: Any, subject: Subject, level_code: str, reason: str, date: dt.date | None = None) -> GradeChange:
    """人工调整管理等级, with the reason; the change is in the history and the ledger."""
    levels = _levels()
    if level_code not in levels:
        raise ValidationFailed(f"请选择管理等级：{'、'.join(f'{c}（{lv.name}）' for c, lv in levels.items())}", field="level")
    reason = (reason or "").strip()
    if len(reason) < 4:
        raise ValidationFailed("调整管理等级须写明理由（如 受到警告、连续考核合格），理由至少4个字", field="reason")
    current = current_grade(subject)
    if current is not None and current.level.code == level_code:
        raise ValidationFailed(f"{subject.person.name}现在已是{current.level.name}，无需调整", field="level")
    change = _grade(actor=actor, subject=subject, level=levels[level_code], source=GradeChange.Source.MANUAL, reason=reason,
                    date=date or timezone.localdate())
    assert change is not None
    ensure_in_scope(actor=actor, obj=change, action="add")
    return change


# ------------------------------------------------------------------------------------------------ 调整建议


def regrade_suggestion(subject: Subject, conditions: dict[str, str], current: GradeChange | None,
                       levels: dict[str, ManagementLevel], latest: RiskAssessment | None) -> tuple[str, str, str] | None:
    """(level code, source, reason) the rules point to, or None. 入矫初期 严管; 训诫两次以上、警告、治安处罚或考核不合格
    后 严管; after the first two months the assessed level; 连续考核合格且无新的违规 one step looser (a level is lowered
    only on a fresh check of sanctions: ORAS lesson, research 3.4)."""
    if current is None:
        return None
    code = current.level.code
    if conditions["stage"] == "initial" and code != STRICT:
        return STRICT, GradeChange.Source.INITIAL_PERIOD, "入矫不满两个月，按分类管理规定实行严管"
    sanction = conditions.get("sanctions")
    if sanction in ("admonished_twice", "warned", "police_penalty") and code != STRICT:
        return STRICT, GradeChange.Source.PENALTY, f"受到{BY_KEY['sanctions'].label_of(sanction)}，按分类管理规定调整为严管"
    if conditions.get("review_record") == "poor" and code != STRICT:
        return STRICT, GradeChange.Source.PENALTY, "考核不合格，按分类管理规定调整为严管"
    clean = sanction in ("none", "commended")
    if (conditions["stage"] != "initial" and code == STRICT and clean and latest is not None and not latest.overridden
            and current.source in (GradeChange.Source.INITIAL_PERIOD, GradeChange.Source.ASSESSMENT)
            and conditions.get("review_record") != "poor"):
        band = score_band(latest.rule_set, latest.total)
        if band != STRICT:
            return band, GradeChange.Source.INITIAL_PERIOD, (f"入矫已满两个月，无违规记录，按评估总分{latest.total}分"
                                                             f"建议调整为{levels[band].name}")
    if conditions.get("review_record") == "good" and clean and conditions["stage"] != "initial":
        looser = [lv for lv in levels.values() if lv.rank == current.level.rank + 1]
        if looser:
            return looser[0].code, GradeChange.Source.GOOD_RECORD, f"连续三个月考核合格以上、无新的违规记录，建议调整为{looser[0].name}"
    return None


def regrade_scan(*, actor: Any, subjects: QuerySet[Subject], today: dt.date | None = None,
                 progress: Callable[[int, int], None] | None = None) -> int:
    """Propose re-grading for every subject in correction the rules point to (one pending proposal per subject);
    returns how many proposals were made. Each subject in its own transaction, progress every 200."""
    today = today or timezone.localdate()
    levels = _levels()
    ids = list(subjects.filter(status=Status.IN_CORRECTION).values_list("pk", flat=True))
    pending = set(RegradeProposal.objects.filter(status=RegradeProposal.Status.PENDING, subject_id__in=ids)
                  .values_list("subject_id", flat=True))
    # A proposal the office refused is not made again for a month (the same rule would fire at every run).
    refused = set(RegradeProposal.objects.filter(status=RegradeProposal.Status.REJECTED, subject_id__in=ids,
                                                 decided_on__gte=today - dt.timedelta(days=REFUSAL_QUIET_DAYS))
                  .values_list("subject_id", "to_level__code", "source"))
    made = 0
    batch = 200
    for start in range(0, len(ids), batch):
        chunk = [i for i in ids[start:start + batch] if i not in pending]
        rows = Subject.objects.filter(pk__in=chunk).select_related("person", "org", "conditions")
        grades: dict[int, GradeChange] = {}
        for change in GradeChange.objects.filter(subject_id__in=chunk).select_related("level").order_by("subject_id", "effective_date", "id"):
            grades[change.subject_id] = change
        latest: dict[int, RiskAssessment] = {}
        for a in RiskAssessment.objects.filter(subject_id__in=chunk).select_related("level", "suggested_level", "rule_set") \
                .order_by("subject_id", "assessed_on", "id"):
            latest[a.subject_id] = a
        for subject in rows:
            current = grades.get(subject.pk)
            stored = subject.conditions.values if hasattr(subject, "conditions") else {}
            conditions = subject_conditions(subject, today=today, level=current.level.code if current else "", stored=stored)
            suggestion = regrade_suggestion(subject, conditions, current, levels, latest.get(subject.pk))
            if suggestion is None or current is None:
                continue
            code, source, reason = suggestion
            if (subject.pk, code, source) in refused:
                continue
            with transaction.atomic():
                proposal = RegradeProposal.objects.create(org=subject.org, created_by=actor, subject=subject, from_level=current.level,
                                                          to_level=levels[code], source=source, reason=reason, proposed_on=today)
                audit_record(actor=actor, action="create", obj=proposal,
                             summary=f"等级调整建议 {subject.person.name}：{current.level.name}→{levels[code].name}")
            made += 1
        if progress:
            progress(min(start + batch, len(ids)), len(ids))
    return made


@transaction.atomic
def proposal_decide(*, actor: Any, proposal: RegradeProposal, approve: bool, note: str = "") -> RegradeProposal:
    """审批等级调整建议: approval writes the level change with the proposal's reason; refusal needs a reason."""
    if proposal.status != RegradeProposal.Status.PENDING:
        raise ValidationFailed(f"该建议已{proposal.get_status_display()}，不能再次审批", field="approve")
    note = (note or "").strip()
    if not approve and len(note) < 4:
        raise ValidationFailed("不予调整的，须写明理由（至少4个字）", field="note")
    proposal.status = RegradeProposal.Status.APPROVED if approve else RegradeProposal.Status.REJECTED
    proposal.decided_by, proposal.decided_on, proposal.decision_note = actor, timezone.localdate(), note[:300]
    proposal.save(update_fields=["status", "decided_by", "decided_on", "decision_note", "updated_at"])
    ensure_in_scope(actor=actor, obj=proposal, action="change")
    audit_record(actor=actor, action="update", obj=proposal, after={"status": proposal.get_status_display(), "note": note},
                 summary=f"{'批准' if approve else '不予'}等级调整 {proposal.subject.person.name}：{proposal.to_level.name}")
    if approve:
        _grade(actor=actor, subject=proposal.subject, level=proposal.to_level, source=proposal.source,
               reason=proposal.reason + (f"（审批意见：{note}）" if note else ""), date=proposal.decided_on)
    return proposal


# ------------------------------------------------------------------------------------------------ 矫正方案


@dataclass
class MeasureDraft:
    section: str
    obligation: str
    title: str
    count: int | None
    period: str
    hours_per_month: int | None
    legal_basis: str
    triggers: list[dict[str, str]]
    strategy_id: int | None = None
    order: int = 0


def load_library() -> list[StrategyMeasure]:
    return list(StrategyMeasure.objects.filter(active=True).select_related("category"))


def _test(condition: str, values: dict[str, str]) -> tuple[str, str] | None:
    key, _, wanted = condition.partition("=")
    value = values.get(key.strip(), "")
    return (key.strip(), value) if value and value in wanted.split("|") else None


def measure_triggers(measure: StrategyMeasure, values: dict[str, str]) -> list[tuple[str, str]] | None:
    """The conditions that trigger ``measure`` (key, value), or None when it does not apply."""
    if not measure.conditions:
        return None
    hits = [_test(c, values) for c in measure.conditions]
    found = [h for h in hits if h is not None]
    if measure.match == "any":
        return found or None
    return found if len(found) == len(hits) else None


def able_to_work(values: dict[str, str]) -> bool:
    """公益活动 is organised by the subject's strengths (社区矫正法 第四十二条) and only for those able to work."""
    return not (values.get("employment") in ("unable",) or values.get("physical_health") == "serious"
                or values.get("outside_reason") in ("illness", "pregnancy", "self_care") or values.get("age_band") == "senior")


def propose_measures(values: dict[str, str], level: ManagementLevel, library: Iterable[StrategyMeasure]) -> list[MeasureDraft]:
    """The draft measures: the level's contact standards (each triggered by the level), then every library measure
    whose conditions hold, each naming its triggering conditions and legal basis. Pure: no database access."""
    lv = [{"key": "level", "label": "管理等级", "value": level.name}]
    basis = level.basis or "社区矫正法 第二十三条、第二十六条"
    drafts = [
        MeasureDraft("supervision", "报到", "到司法所当面报到，报告遵纪守法、接受监督管理情况", level.reports_count, level.reports_period,
                     None, basis, lv),
        MeasureDraft("supervision", "书面报告", "提交书面思想汇报", level.written_count, level.written_period, None, basis, lv),
        MeasureDraft("supervision", "走访", "矫正小组实地查访（保护矫正对象身份和隐私）", level.visits_count, level.visits_period, None,
                     "社区矫正法 第二十六条", lv),
        MeasureDraft("supervision", "信息化核查", "通过手机定位等方式信息化核查活动情况", level.checks_count, level.checks_period, None,
                     "社区矫正法 第二十六条", lv),
        MeasureDraft("supervision", "", f"外出审批：{level.travel_rule}", None, "", None, "社区矫正法 第二十七条", lv),
        MeasureDraft("education", "个别谈话", "个别教育谈话", level.talks_count, level.talks_period, None, "社区矫正法 第三十六条", lv),
        MeasureDraft("education", "教育学习", "法治、道德等集中教育学习", None, "", level.study_hours, "社区矫正法 第三十六条", lv),
    ]
    if able_to_work(values):
        drafts.append(MeasureDraft("education", "公益活动", "根据个人特长参加公益活动，修复社会关系", None, "", level.service_hours,
                                   "社区矫正法 第四十二条", lv))
    levels_by_code = {level.code: level}
    for order, measure in enumerate(library, start=10):
        hits = measure_triggers(measure, values)
        if hits is None:
            continue
        drafts.append(MeasureDraft(
            measure.section, measure.obligation, measure.title, measure.count, measure.period, measure.hours_per_month,
            measure.legal_basis, [{"key": k, "label": BY_KEY[k].label, "value": condition_value_label(k, v, levels_by_code)} for k, v in hits],
            strategy_id=measure.pk, order=order,
        ))
    return drafts


def _facts(subject: Subject, values: dict[str, str], recorded: set[str]) -> str:
    person = subject.person
    age = _age(person.birth_date, timezone.localdate())
    parts = [f"{person.name}，{BY_KEY['sex'].label_of(values['sex'])}" + (f"，{age}岁" if age is not None else "")]
    parts.append(f"因{subject.crime}被{subject.decision_organ}以{subject.decision_number}判处（决定）{subject.get_correction_type_display()}，"
                 f"矫正期限{subject.period_text}，自{subject.start_date:%Y年%m月%d日}起至{subject.end_date:%Y年%m月%d日}止，"
                 f"于{subject.reported_date:%Y年%m月%d日}报到")
    for key in ("education", "employment", "family_support", "dependants", "residence", "prior_record", "prohibition_order",
                "investigation_opinion"):
        if key in recorded and BY_KEY[key].label_of(values[key]) != "无":
            parts.append(f"{BY_KEY[key].label}：{BY_KEY[key].label_of(values[key])}")
    return "；".join(parts) + "。"


def _assessment_text(assessment: RiskAssessment | None, grade: GradeChange) -> str:
    if assessment is None:
        return f"管理等级：{grade.level.name}（{grade.level.colour_name}），{grade.reason}。"
    top = sorted((a for a in assessment.answers if a["points"]), key=lambda a: -a["points"])[:4]
    risks = "、".join(f"{a['question']}（{a['label']}，{a['points']}分）" for a in top) or "各题均未计分"
    text = (f"{assessment.assessed_on:%Y年%m月%d日}{assessment.get_kind_display()}，量表总分{assessment.total}分，"
            f"主要风险因素：{risks}。量表建议{assessment.suggested_level.name}")
    if assessment.overridden:
        text += f"，评估人调整为{assessment.level.name}，理由：{assessment.override_reason}"
    return text + f"。现管理等级：{grade.level.name}（{grade.level.colour_name}）。"


def _psychology(values: dict[str, str], recorded: set[str]) -> str:
    """Only what the office recorded: an unrecorded condition is not assumed to be fine (it says so, for staff to
    complete), though it triggers no measure."""
    parts = [f"{BY_KEY[k].label}：{BY_KEY[k].label_of(values[k])}" for k in ("psych_test", "mental_health", "remorse") if k in recorded]
    if not parts:
        parts = ["心理测试、精神健康和悔罪表现尚未录入，请在“基本情况”中补充后重新生成"]
    special = []
    if values.get("age_band") == "minor":
        special.append("未成年人，与成年人分别管理，身份信息保密（社区矫正法 第五十二条、第五十四条）")
    if values.get("outside_reason") not in ("", "na"):
        special.append(f"暂予监外执行情形：{BY_KEY['outside_reason'].label_of(values['outside_reason'])}")
    if "physical_health" in recorded and values["physical_health"] != "good":
        special.append(f"身体健康：{BY_KEY['physical_health'].label_of(values['physical_health'])}")
    if "substance_use" in recorded and values["substance_use"] != "none":
        special.append(f"不良嗜好：{BY_KEY['substance_use'].label_of(values['substance_use'])}")
    if values.get("dependants") not in ("", "none"):
        special.append(BY_KEY["dependants"].label_of(values["dependants"]))
    if values.get("financial_hardship") == "yes":
        special.append("生活困难，需要帮扶")
    return "；".join(parts) + "。" + ("特殊情况：" + "；".join(special) + "。" if special else "")


def plan_draft_content(subject: Subject, *, values: dict[str, str], recorded: set[str], grade: GradeChange,
                       assessment: RiskAssessment | None, library: Iterable[StrategyMeasure]) -> tuple[dict[str, str], list[MeasureDraft]]:
    """The four statutory sections and the measures of a draft 矫正方案, computed without writing anything."""
    sections = {"basic_facts": _facts(subject, values, recorded), "assessment_result": _assessment_text(assessment, grade),
                "psychology": _psychology(values, recorded)}
    return sections, propose_measures(values, grade.level, library)


def _write_measures(plan: CorrectionPlan, drafts: list[MeasureDraft]) -> None:
    PlanMeasure.objects.bulk_create([
        PlanMeasure(plan=plan, strategy_id=d.strategy_id, section=d.section, obligation=d.obligation, title=d.title, count=d.count,
                    period=d.period, hours_per_month=d.hours_per_month, legal_basis=d.legal_basis, triggers=d.triggers,
                    sort_order=i)
        for i, d in enumerate(drafts)
    ])


@transaction.atomic
def plan_generate(*, actor: Any, subject: Subject, trigger: str = "入矫制定", library: list[StrategyMeasure] | None = None,
                  today: dt.date | None = None) -> CorrectionPlan:
    """一键生成矫正方案草稿 from the subject's conditions, level, latest assessment and the strategy library. An
    existing draft is regenerated in place (same version); otherwise a new version is drafted."""
    if subject.status != Status.IN_CORRECTION:
        raise ValidationFailed(f"{subject.person.name} 已{subject.get_status_display()}，不再制定矫正方案", field="subject")
    grade = current_grade(subject)
    if grade is None:
        raise ValidationFailed(f"{subject.person.name}尚未确定管理等级：请先进行入矫风险需求评估，再生成矫正方案", field="subject")
    today = today or timezone.localdate()
    stored = stored_conditions(subject)
    values = subject_conditions(subject, today=today, level=grade.level.code, stored=stored)
    assessment = subject.assessments.select_related("level", "suggested_level").order_by("-assessed_on", "-id").first()
    sections, drafts = plan_draft_content(subject, values=values, recorded=set(stored), grade=grade, assessment=assessment,
                                          library=library if library is not None else load_library())
    plan = subject.plans.filter(status=CorrectionPlan.Status.DRAFT).first()
    if plan is None:
        last = subject.plans.order_by("-version").values_list("version", flat=True).first() or 0
        plan = CorrectionPlan(org=subject.org, created_by=actor, subject=subject, version=last + 1)
        action = "create"
    else:
        plan.measures.all().delete()
        action = "update"
    plan.trigger, plan.level, plan.conditions, plan.drafted_on = trigger[:100], grade.level, values, today
    for name, text in sections.items():
        setattr(plan, name, text)
    plan.save()
    _write_measures(plan, drafts)
    ensure_in_scope(actor=actor, obj=plan, action="add")
    audit_record(actor=actor, action=action, obj=plan, summary=f"生成矫正方案草稿 {subject.person.name}（第{plan.version}版，{len(drafts)}项措施）")
    return plan


def plan_repropose(*, actor: Any, subject: Subject, trigger: str) -> CorrectionPlan | None:
    """When the level or the circumstances change and an approved plan is in force, draft the next version for staff
    to review (an existing draft is regenerated)."""
    if not subject.plans.filter(status=CorrectionPlan.Status.APPROVED).exists() or subject.status != Status.IN_CORRECTION:
        return None
    return plan_generate(actor=actor, subject=subject, trigger=trigger)


def _draft(plan: CorrectionPlan) -> None:
    if plan.status != CorrectionPlan.Status.DRAFT:
        raise ValidationFailed(f"第{plan.version}版矫正方案{plan.get_status_display()}，不能修改；如需调整请重新生成草稿", field="status")


@transaction.atomic
def plan_update(*, actor: Any, plan: CorrectionPlan, basic_facts: str, assessment_result: str, psychology: str) -> CorrectionPlan:
    """修改方案草稿的文字部分."""
    _draft(plan)
    for name, value, label in (("basic_facts", basic_facts, "基本情况"), ("assessment_result", assessment_result, "综合评估结果"),
                               ("psychology", psychology, "心理状态和其他特殊情况分析")):
        if not (value or "").strip():
            raise ValidationFailed(f"请填写“{label}”：矫正方案应包括该部分（实施办法 第二十二条）", field=name)
    before = {"basic_facts": plan.basic_facts, "assessment_result": plan.assessment_result, "psychology": plan.psychology}
    plan.basic_facts, plan.assessment_result, plan.psychology = basic_facts.strip(), assessment_result.strip(), psychology.strip()
    plan.save(update_fields=["basic_facts", "assessment_result", "psychology", "updated_at"])
    ensure_in_scope(actor=actor, obj=plan, action="change")
    audit_record(actor=actor, action="update", obj=plan, before=before, summary=f"修改矫正方案草稿 {plan.subject.person.name}",
                 after={"basic_facts": plan.basic_facts, "assessment_result": plan.assessment_result, "psychology": plan.psychology})
    return plan


@dataclass
class MeasureInput:
    section: str
    title: str
    legal_basis: str
    obligation: str = ""
    count: int | None = None
    period: str = ""
    hours_per_month: int | None = None
    note: str = field(default="")


def _clean_measure(data: MeasureInput) -> MeasureInput:
    if data.section not in StrategyMeasure.Section.values:
        raise ValidationFailed("请选择方案部分：监督管理措施、教育矫正措施或帮扶措施", field="section")
    data.title, data.legal_basis = (data.title or "").strip(), (data.legal_basis or "").strip()
    if not data.title:
        raise ValidationFailed("请填写措施内容", field="title")
    if not data.legal_basis:
        raise ValidationFailed("请填写措施的法律依据，如 社区矫正法 第三十六条", field="legal_basis")
    if data.obligation and data.obligation not in StrategyMeasure.Obligation.values:
        raise ValidationFailed(f"排期事项应为：{'、'.join(StrategyMeasure.Obligation.values)}，或留空", field="obligation")
    if data.period and data.period not in Period.values:
        raise ValidationFailed("周期应为每周、每月或每季度", field="period")
    if data.obligation:
        if data.hours_per_month:
            if data.count or data.period:
                raise ValidationFailed("按小时计的措施（如 教育学习、公益活动）只填“小时/月”，不填次数和周期", field="count")
        elif not (data.count and data.period):
            raise ValidationFailed(f"“{data.obligation}”须填写次数和周期（如 每月1次），或每月小时数", field="count")
    return data


@transaction.atomic
def plan_measure_save(*, actor: Any, plan: CorrectionPlan, data: MeasureInput, measure: PlanMeasure | None = None) -> PlanMeasure:
    """增加或修改方案草稿的一项措施; a measure added by staff names no triggering condition but its reason (note)."""
    _draft(plan)
    data = _clean_measure(data)
    creating = measure is None
    if measure is None:
        note = (data.note or "").strip()
        if not note:
            raise ValidationFailed("请说明增加该措施的理由（如 所在村反映其常出入网吧），会写在“触发条件”中", field="note")
        measure = PlanMeasure(plan=plan, sort_order=plan.measures.count(), triggers=[{"key": "staff", "label": "工作人员增加", "value": note[:100]}])
    before = {"title": measure.title, "count": measure.count, "period": measure.period, "hours": measure.hours_per_month}
    for name in ("section", "title", "legal_basis", "obligation", "count", "period", "hours_per_month"):
        setattr(measure, name, getattr(data, name))
    measure.save()
    ensure_in_scope(actor=actor, obj=plan, action="change")
    audit_record(actor=actor, action="create" if creating else "update", obj=plan, before=None if creating else before,
                 after={"title": measure.title, "count": measure.count, "period": measure.period, "hours": measure.hours_per_month},
                 summary=f"{'增加' if creating else '修改'}矫正方案措施 {plan.subject.person.name}：{measure.title}")
    return measure


@transaction.atomic
def plan_measure_remove(*, actor: Any, plan: CorrectionPlan, measure: PlanMeasure) -> None:
    _draft(plan)
    if measure.plan_id != plan.pk:
        raise ValidationFailed("该措施不属于这份矫正方案", field="measure")
    ensure_in_scope(actor=actor, obj=plan, action="change")
    audit_record(actor=actor, action="delete", obj=plan, before={"title": measure.title},
                 summary=f"删除矫正方案措施 {plan.subject.person.name}：{measure.title}")
    measure.delete()


@transaction.atomic
def plan_approve(*, actor: Any, plan: CorrectionPlan, date: dt.date | None = None) -> CorrectionPlan:
    """审批矫正方案: the draft becomes the plan in force, the previous approved version is superseded; the ledger
    counts one approval. Its measures feed the schedule (``plan_obligations``)."""
    _draft(plan)
    if not plan.measures.filter(section=StrategyMeasure.Section.SUPERVISION).exists():
        raise ValidationFailed("矫正方案须有监督管理措施（社区矫正法 第二十四条、实施办法 第二十二条），请增加后再审批", field="measures")
    if not plan.measures.exclude(section=StrategyMeasure.Section.SUPERVISION).exists():
        raise ValidationFailed("矫正方案须有教育帮扶措施（社区矫正法 第三条、第二十四条），请增加后再审批", field="measures")
    date = date or timezone.localdate()
    CorrectionPlan.objects.filter(subject=plan.subject, status=CorrectionPlan.Status.APPROVED).update(
        status=CorrectionPlan.Status.SUPERSEDED, updated_at=timezone.now())
    plan.status, plan.approved_by, plan.approved_on = CorrectionPlan.Status.APPROVED, actor, date
    plan.save(update_fields=["status", "approved_by", "approved_on", "updated_at"])
    ensure_in_scope(actor=actor, obj=plan, action="change")
    audit_record(actor=actor, action="update", obj=plan, after={"status": "已审批"},
                 summary=f"审批矫正方案 {plan.subject.person.name}（第{plan.version}版）")
    ledger_record(org=plan.org, actor=actor, event_type=PLAN_EVENT, target=plan, date=date, note=plan.subject.person.name)
    _schedule(actor=actor, plan=plan, start=date)
    return plan


def _schedule(*, actor: Any, plan: CorrectionPlan, start: dt.date) -> None:
    """The approved plan's scheduled measures become the subject's dated obligations from the approval on (社区矫正法
    第二十四条: the 矫正方案 is carried out); re-approving a new version replaces the pending ones."""
    from corrections.duties import measure_from, obligations_schedule

    measures = plan_obligations(plan)
    if plan.subject.status == Status.IN_CORRECTION and any(measure_from(m) for m in measures):
        obligations_schedule(actor=actor, subject=plan.subject, measures=measures, start=start, end=plan.subject.end_date)


def _frequency(count: int | None, period: str | None) -> str | int | None:
    """A plan measure's ``count`` per ``period`` in the schedule's terms: a weekly or quarterly rhythm, or times a month."""
    if not count or not period:
        return None
    if period == "week":
        return "weekly" if count == 1 else min(31, round(count * 52 / 12))
    if period == "quarter":
        return "quarterly" if count == 1 else ("bimonthly" if count == 2 else max(1, round(count / 3)))
    return count


def plan_obligations(plan: CorrectionPlan) -> list[dict[str, Any]]:
    """The scheduled items of an approved plan, for the schedule: kind (报到、书面报告、教育学习、公益活动、个别谈话、走访、
    信息化核查、病情复查), ``count`` per ``period`` (week / month / quarter) or ``hours_per_month``, title and legal basis.
    Measures without a schedule (帮扶 referrals, rules to observe) are not obligations. A draft or superseded plan
    has none."""
    if plan.status != CorrectionPlan.Status.APPROVED:
        return []
    return [
        {"kind": m.obligation, "count": m.count, "period": m.period or None, "hours_per_month": m.hours_per_month,
         "frequency": None if m.hours_per_month else _frequency(m.count, m.period),
         "title": m.title, "legal_basis": m.legal_basis, "section": m.section, "measure_id": m.pk}
        for m in plan.measures.all().order_by("section", "sort_order", "id") if m.obligation
    ]


# ------------------------------------------------------------------------------------------------ 预警与报表


def subjects_without_plan(*, days: int, today: dt.date) -> dict[int, list[str]]:
    """Subjects in correction reported more than ``days`` ago without an approved plan, by office: 矫正方案应在
    入矫后及时制定 (a local time limit, admin-set: the national rule gives none)."""
    approved = CorrectionPlan.objects.filter(status=CorrectionPlan.Status.APPROVED).values("subject_id")
    rows = (Subject.objects.filter(status=Status.IN_CORRECTION, reported_date__lt=today - dt.timedelta(days=days))
            .exclude(pk__in=approved).values_list("org_id", "person__name").order_by("org_id", "reported_date"))
    found: dict[int, list[str]] = {}
    for org_id, name in rows:
        found.setdefault(org_id, []).append(name)
    return found


VIOLATION_ENDS = (EndReason.PROBATION_REVOKED, EndReason.PAROLE_REVOKED, EndReason.IMPRISONED)
# A recorded 训诫两次以上, 警告 or 治安管理处罚 (社区矫正法 第二十八条) counts as a violation after the initial grade.
VIOLATION_SANCTIONS = ("admonished_twice", "warned", "police_penalty")
MIN_OUTCOMES = 10  # AUC shown only when both groups have at least this many subjects


def auc(scores_positive: list[float], scores_negative: list[float]) -> float | None:
    """Area under the ROC curve (Mann-Whitney: the chance a violator scored higher than a non-violator, ties half)."""
    if not scores_positive or not scores_negative:
        return None
    ordered = sorted([(s, 1) for s in scores_positive] + [(s, 0) for s in scores_negative])
    rank_sum, i = 0.0, 0
    while i < len(ordered):
        j = i
        while j < len(ordered) and ordered[j][0] == ordered[i][0]:
            j += 1
        mid = (i + 1 + j) / 2
        rank_sum += mid * sum(1 for k in range(i, j) if ordered[k][1])
        i = j
    n1, n0 = len(scores_positive), len(scores_negative)
    return (rank_sum - n1 * (n1 + 1) / 2) / (n1 * n0)


def grade_validation(subjects: QuerySet[Subject], *, today: dt.date | None = None) -> dict[str, Any]:
    """分级预测效果: for every subject with an initial assessment, the grade its score band gave and whether a
    violation followed (训诫两次以上、警告 or 治安管理处罚 recorded, a level change because of a penalty or failed 考核,
    or 撤销缓刑/假释、收监执行); counts and rates by grade and AUC of the initial score when there are enough
    outcomes, overall and by sex and age band. ``simulated`` says the figures come from demo data."""
    today = today or timezone.localdate()
    first: dict[int, RiskAssessment] = {}
    for a in (RiskAssessment.objects.filter(subject__in=subjects).select_related("rule_set", "subject__person")
              .order_by("subject_id", "assessed_on", "id")):
        first.setdefault(a.subject_id, a)
    violated = set(GradeChange.objects.filter(subject_id__in=first, source=GradeChange.Source.PENALTY).values_list("subject_id", flat=True))
    violated |= set(Subject.objects.filter(pk__in=first, end_reason__in=VIOLATION_ENDS).values_list("pk", flat=True))
    violated |= {subject_id for subject_id, values in SubjectConditions.objects.filter(subject_id__in=first)
                 .values_list("subject_id", "values") if values.get("sanctions") in VIOLATION_SANCTIONS}
    levels = list(ManagementLevel.objects.all())

    def group(rows: list[RiskAssessment]) -> dict[str, Any]:
        by_level = []
        for level in levels:  # the instrument's band: the 入矫初期 rule makes every new subject 严管 whatever the risk
            mine = [a for a in rows if score_band(a.rule_set, a.total) == level.code]
            bad = sum(1 for a in mine if a.subject_id in violated)
            by_level.append({"level": level.name, "colour": level.colour, "count": len(mine), "violations": bad,
                             "rate": round(100 * bad / len(mine), 1) if mine else None})
        pos = [float(a.total) for a in rows if a.subject_id in violated]
        neg = [float(a.total) for a in rows if a.subject_id not in violated]
        enough = len(pos) >= MIN_OUTCOMES and len(neg) >= MIN_OUTCOMES
        value = auc(pos, neg) if enough else None
        return {"count": len(rows), "violations": len(pos), "by_level": by_level, "auc": round(value, 3) if value is not None else None,
                "enough": enough}

    rows = list(first.values())

    def band(a: RiskAssessment) -> str:
        return derived_conditions(a.subject, today=today)["age_band"]

    sexes = (("male", "男"), ("female", "女"))
    bands = [(c, label) for c, label in BY_KEY["age_band"].choices if c != "unknown"]
    return {
        "overall": group(rows),
        "by_sex": [{"label": label, **group([a for a in rows if {"1": "male", "2": "female"}.get(a.subject.person.sex) == code])}
                   for code, label in sexes],
        "by_age": [{"label": label, **group([a for a in rows if band(a) == code])} for code, label in bands],
        "simulated": any(a.simulated for a in rows),
        "min_outcomes": MIN_OUTCOMES,
    }


REGRADE_LABEL = "生成等级调整建议"


@task()
def regrade_task(*, run_uuid: str, actor_id: int, org_id: int) -> dict[str, int]:
    """Background: propose re-grading for every subject in correction of one office that the actor may change, with
    progress on the run."""
    from django.contrib.auth import get_user_model

    from core.models import TaskRun
    from core.taskruns import taskrun_finish, taskrun_hold, taskrun_progress

    run = TaskRun.objects.get(uuid=run_uuid)
    actor = get_user_model().objects.get(pk=actor_id)
    with taskrun_hold(run):
        taskrun_progress(run, done=0, message="正在核对分类管理规定……")
        made = regrade_scan(actor=actor, subjects=Subject.objects.visible_to(actor, "change").filter(org_id=org_id),
                            progress=lambda done, total: taskrun_progress(run, done=done, total=total, message=f"已核对 {done}/{total} 人"))
        taskrun_finish(run, message=f"核对完成，新提出等级调整建议 {made} 条", result_url="/corrections/regrade/")
    return {"proposals": made}
