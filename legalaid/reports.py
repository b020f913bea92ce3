"""法律援助统计表 of 统计报表: applications the offices received in the period, by what became of them, by channel and
by the hardship basis (法律援助法 第四十一条、第四十二条、第三十二条). ``accepted`` is the figure the 司法所工作综合统计表
borrows as 受理申请（件）."""

from __future__ import annotations

from django.db.models import Count, Q

from legalaid.choices import CHECK_EXEMPT, Channel, HardshipBasis, Status
from legalaid.models import Application
from reports.registry import Column, Figures, ReportQuery, ReportTable


def legal_aid_columns() -> list[Column]:
    return [
        Column("accepted", "受理申请（件）"),
        *(Column(f"status.{code}", label, "办理状态") for code, label in Status.choices),
        *(Column(f"channel.{code}", label, "申请方式") for code, label in Channel.choices),
        Column("hardship.statement", "如实说明经济困难", "经济困难依据"),
        Column("hardship.exempt", "免予核查", "经济困难依据"),
        Column("hardship.not_required", "不受经济困难条件限制", "经济困难依据"),
        Column("criminal", "刑事案件"),
        Column("urgent", "紧急"),
    ]


def legal_aid_figures(query: ReportQuery) -> Figures:
    """One GROUP BY unit query with a filtered count per column."""
    counts = {"accepted": Count("pk")}
    counts |= {f"status.{code}": Count("pk", filter=Q(status=code)) for code in Status.values}
    counts |= {f"channel.{code}": Count("pk", filter=Q(channel=code)) for code in Channel.values}
    counts |= {
        "hardship.statement": Count("pk", filter=Q(hardship_basis=HardshipBasis.STATEMENT)),
        "hardship.exempt": Count("pk", filter=Q(hardship_basis__in=CHECK_EXEMPT)),
        "hardship.not_required": Count("pk", filter=Q(hardship_basis=HardshipBasis.NOT_REQUIRED)),
        "criminal": Count("pk", filter=Q(is_criminal=True)),
        "urgent": Count("pk", filter=Q(is_urgent=True)),
    }
    aliases = {f"m{i}": (key, aggregate) for i, (key, aggregate) in enumerate(counts.items())}
    rows = (
        Application.objects.visible_to(query.user, "view")
        .filter(org__path__startswith=query.org.path, received_date__range=query.period.range)
        .annotate(unit=query.unit_key()).values("unit")
        .annotate(**{alias: aggregate for alias, (_, aggregate) in aliases.items()}).order_by()
    )
    return {item["unit"]: {key: item[alias] for alias, (key, _) in aliases.items()} for item in rows}


REPORT_TABLES = [
    ReportTable(
        code="legal_aid", title="法律援助统计表", perm="legalaid.view_application",
        columns=legal_aid_columns, figures=legal_aid_figures, order=25,
        notes=("按接收日期统计司法所（法律援助工作站）接收的法律援助申请；办理状态为统计时的状态。",
               "是否给予法律援助由法律援助机构审查决定（法律援助法 第四十三条），不在本表统计。"),
    ),
]
