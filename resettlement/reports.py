"""安置帮教统计表 of 统计报表, in the sections of the provincial form (刑释人员情况 / 衔接 / 安置 / 帮教): who is on
the register at the end of the period, who was released in it and how many of them were received (衔接率), how many
重点帮教对象 were collected at the gate (必接必送率), how many on the register are placed (安置率) and how many
re-offended (重新犯罪率). Formulas are standard usage (定义未经全国统一): 衔接率 = 已衔接 ÷ 本期释放; 安置率 = 已安置 ÷
在册; 重新犯罪率 = 帮教期内重新犯罪人数 ÷ 在册."""

from __future__ import annotations

from django.db.models import Count, Q

from reports.registry import Column, Figures, ReportQuery, ReportTable
from resettlement.choices import EndReason, HandoverMethod
from resettlement.models import Released


def register_columns() -> list[Column]:
    return [
        Column("in_register", "在册（人）", "刑释人员情况"),
        Column("released", "本期释放（人）", "刑释人员情况"),
        Column("connected", "已衔接（人）", "衔接"),
        Column("connection_rate", "衔接率", "衔接", kind="rate", rate_of=("connected", "released")),
        Column("key_released", "重点对象释放（人）", "衔接"),
        Column("key_collected", "其中接回（人）", "衔接"),
        Column("collection_rate", "必接必送率", "衔接", kind="rate", rate_of=("key_collected", "key_released")),
        Column("placed", "已安置（人）", "安置"),
        Column("placement_rate", "安置率", "安置", kind="rate", rate_of=("placed", "in_register")),
        Column("reoffended", "重新犯罪（人）", "帮教"),
        Column("reoffence_rate", "重新犯罪率", "帮教", kind="rate", rate_of=("reoffended", "in_register")),
    ]


def register_figures(query: ReportQuery) -> Figures:
    """One GROUP BY unit query with a filtered count per column; 在册 is the state at the end of the period."""
    start, end = query.period.start, query.period.end
    on_register = Q(returned_date__lte=end) & (Q(ended_date__isnull=True) | Q(ended_date__gt=end))
    released = Q(release_date__range=(start, end))
    connected = released & Q(returned_date__isnull=False, returned_date__lte=end)
    counts = {
        "in_register": Count("pk", filter=on_register),
        "released": Count("pk", filter=released),
        "connected": Count("pk", filter=connected),
        "key_released": Count("pk", filter=released & Q(key_subject=True)),
        "key_collected": Count("pk", filter=connected & Q(key_subject=True, handover_method=HandoverMethod.COLLECTED)),
        "placed": Count("pk", filter=on_register & Q(placed=True)),
        "reoffended": Count("pk", filter=Q(end_reason=EndReason.REOFFENDED, ended_date__range=(start, end))),
    }
    aliases = {f"m{i}": (key, aggregate) for i, (key, aggregate) in enumerate(counts.items())}
    rows = (
        Released.objects.visible_to(query.user, "view")
        .filter(org__path__startswith=query.org.path, release_date__lte=end)
        .annotate(unit=query.unit_key()).values("unit")
        .annotate(**{alias: aggregate for alias, (_, aggregate) in aliases.items()}).order_by()
    )
    return {item["unit"]: {key: item[alias] for alias, (key, _) in aliases.items()} for item in rows}


REPORT_TABLES = [
    ReportTable(
        code="resettlement_register", title="安置帮教工作统计表", perm="resettlement.view_released",
        columns=register_columns, figures=register_figures, order=40,
        notes=(
            "在册：期末已衔接、帮教期未结束的人员；本期释放：释放日期在本期的人员（含尚未衔接的）。",
            "衔接率 = 已衔接 ÷ 本期释放；必接必送率 = 重点对象中接回的 ÷ 重点对象释放；安置率 = 已安置 ÷ 在册；"
            "重新犯罪率 = 本期重新犯罪 ÷ 在册（口径为通行做法，未经全国统一）。",
        ),
    ),
]
