"""社区矫正统计表 of 统计报表: per reporting unit, the 在册 subjects at the end of the period by 矫正类别, sex, minors
(社区矫正法 第五十二条至第五十八条) and management level (分类管理, 实施办法 第二十一条 — article number UNCONFIRMED), the
新接收, 解除 (第四十四条) and 终止 (第四十五条) in the period, the changes of level, the 漏管 found, the 调查评估 (第十八条)
completed in the period with the share issued by the deadline, and the subjects found to have broken the law or
committed a new crime in the period (考核 N03) with the 再犯罪率 (new crimes ÷ the subjects under correction at any time
in the period: 期初在册 plus 新接收, the denominator the research notes propose and publish). ``in_register`` is the figure
the 司法所工作综合统计表 borrows as 在册矫正对象（人）."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import F, OuterRef, Q, Subquery

from corrections.choices import ArrivalStatus, CorrectionType, Status
from corrections.choices_duties import ReoffenceNature
from corrections.models import ExpectedArrival, GradeChange, Investigation, Reoffence, Subject
from reports.registry import Column, Figures, ReportQuery, ReportTable


def _age(birth: dt.date | None, on: dt.date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _levels() -> list[tuple[str, str]]:
    """The configured management levels, strictest first (names are editable, so the columns follow the table)."""
    from corrections.models import ManagementLevel

    return list(ManagementLevel.objects.order_by("rank").values_list("code", "name"))


def register_columns() -> list[Column]:
    return [
        Column("in_register", "在册（人）"),
        *(Column(f"type.{code}", label, "在册按矫正类别") for code, label in CorrectionType.choices),
        Column("sex.male", "男", "在册按性别"),
        Column("sex.female", "女", "在册按性别"),
        Column("minor", "未成年人", "在册"),
        *(Column(f"level.{code}", name, "在册按管理等级") for code, name in _levels()),
        Column("level.none", "未评定", "在册按管理等级"),
        Column("received", "新接收（人）", "本期"),
        Column("discharged", "解除（人）", "本期"),
        Column("terminated", "终止（人）", "本期"),
        Column("missing", "漏管（人）", "本期"),
        Column("level_changes", "调整等级（人次）", "本期管理等级调整"),
        Column("level_up", "从严", "本期管理等级调整"),
        Column("level_down", "从宽", "本期管理等级调整"),
        Column("investigations", "完成调查评估（件）", "调查评估"),
        Column("investigations_on_time", "按期完成（件）", "调查评估"),
        Column("investigations_rate", "按期完成率", "调查评估", kind="rate", rate_of=("investigations_on_time", "investigations")),
        Column("served", "期内在矫（人）", "重新违法犯罪"),
        Column("reoffended_illegal", "重新违法（人）", "重新违法犯罪"),
        Column("reoffended", "重新犯罪（人）", "重新违法犯罪"),
        Column("reoffence_rate", "再犯罪率", "重新违法犯罪", kind="rate", rate_of=("reoffended", "served")),
    ]


def register_figures(query: ReportQuery) -> Figures:
    """Three queries: the subjects touching the period (aggregated here, as 未成年 needs the age at the judgment), the
    arrivals marked 漏管 and the investigations completed in the period."""
    start, end = query.period.range
    out: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(int))
    # The management level in force at the period's end: the latest 等级确定或调整 effective by then.
    level_then = (GradeChange.objects.filter(subject=OuterRef("pk"), effective_date__lte=end).order_by("-effective_date", "-id")
                  .values("level__code")[:1])
    subjects = (
        Subject.objects.visible_to(query.user, "view")
        .filter(org__path__startswith=query.org.path, reported_date__lte=end)
        .filter(Q(ended_date__isnull=True) | Q(ended_date__gte=start))
        .annotate(unit=query.unit_key(), level_then=Subquery(level_then))
        .values_list("unit", "correction_type", "person__sex", "person__birth_date", "effective_date", "reported_date",
                     "ended_date", "status", "level_then")
    )
    for unit, kind, sex, birth, effective, reported, ended, status, level in subjects:
        row = out[unit]
        row["served"] += 1
        if ended is None or ended > end:
            row["in_register"] += 1
            row[f"type.{kind}"] += 1
            row[f"level.{level or 'none'}"] += 1
            if sex == "1":
                row["sex.male"] += 1
            elif sex == "2":
                row["sex.female"] += 1
            age = _age(birth, effective)
            if age is not None and age < 18:  # 第五十八条: still a minor's file after turning eighteen
                row["minor"] += 1
        if start <= reported <= end:
            row["received"] += 1
        if ended is not None and start <= ended <= end:
            row["discharged" if status == Status.DISCHARGED else "terminated"] += 1
    missing = (ExpectedArrival.objects.visible_to(query.user, "view")
               .filter(org__path__startswith=query.org.path, status=ArrivalStatus.MISSING, updated_at__date__range=(start, end))
               .annotate(unit=query.unit_key()).values_list("unit", flat=True))
    for unit in missing:
        out[unit]["missing"] += 1
    changes = (GradeChange.objects.visible_to(query.user, "view")
               .filter(org__path__startswith=query.org.path, effective_date__range=(start, end), previous__isnull=False)
               .exclude(previous=F("level")).annotate(unit=query.unit_key()).values_list("unit", "level__rank", "previous__rank"))
    for unit, rank, before in changes:
        out[unit]["level_changes"] += 1
        out[unit]["level_up" if rank < before else "level_down"] += 1  # rank 1 is the strictest
    done = (Investigation.objects.visible_to(query.user, "view")
            .filter(org__path__startswith=query.org.path, opinion_date__range=(start, end))
            .annotate(unit=query.unit_key()).values_list("unit", "opinion_date", "due_date"))
    for unit, issued, due in done:
        out[unit]["investigations"] += 1
        out[unit]["investigations_on_time"] += int(issued <= due)
    # 重新违法犯罪 discovered in the period, each person once per nature, in the unit of the office that supervised them.
    found = (Reoffence.objects.visible_to(query.user, "view")
             .filter(org__path__startswith=query.org.path, discovered_date__range=(start, end))
             .annotate(unit=query.unit_key()).values_list("unit", "nature", "subject_id").order_by().distinct())
    for unit, nature, _subject in found:
        out[unit]["reoffended" if nature == ReoffenceNature.CRIME else "reoffended_illegal"] += 1
    return {unit: dict(values) for unit, values in out.items()}


REPORT_TABLES = [
    ReportTable(
        code="corrections_register", title="社区矫正统计表", perm="corrections.view_subject",
        columns=register_columns, figures=register_figures, order=30,
        notes=("在册：统计期末仍在矫的社区矫正对象；未成年人按判决、裁定或决定生效时的年龄计算，"
               "年满十八周岁后仍按未成年人统计（社区矫正法 第五十八条）。",
               "解除：矫正期满或被赦免（第四十四条）；终止：撤销缓刑、撤销假释、收监执行或死亡（第四十五条）。",
               "调查评估按出具意见书的日期统计；按期完成指在（经同意延长后的）期限内出具。",
               "在册按管理等级：统计期末有效的管理等级（最近一次评估确定或调整）；未评定指尚未确定管理等级。"
               "本期管理等级调整：统计期间内生效的调整，首次确定不计；从严指调整为更严格的等级。",
               "重新违法犯罪按发现日期统计，同一人同一性质只计一次；再犯罪率 = 重新犯罪人数 ÷ 期内在矫人数（期初在册加本期新接收），"
               "官方口径的分母尚未核实，此处公开计算方法。"),
    ),
]
