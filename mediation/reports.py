"""人民调解 tables of 统计报表 (司法部《人民调解文书格式和统计报表》 as counties fill it): the work table per unit and
the dispute-type table. The dispute figures are the measures of ``mediation.statistics``, so a report and the
调解统计 page always agree."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import Substr

from core.dictionaries import dict_choices
from mediation import statistics
from mediation.models import Dispute, Mediator
from orgs.models import Org
from reports.registry import Column, Figures, ReportQuery, ReportTable

# The columns of the work table taken from the 调解统计 measures, in the order of the paper form.
_WORK_MEASURES = ("accepted", "mediated", "success", "written", "oral", "amount", "criminal", "criminal_people",
                  "petition", "petition_people", "rejected", "confirmation")

NOTES = (
    "受理数按受理日期统计；调解数、调解成功数、协议数和协议涉及金额按调结日期统计（调解成功＝达成书面或口头协议）；"
    "调解成功率＝调解成功数÷调解数。",
    "防止民转刑按报告公安机关日期统计；防止群体性上访为调解成功的群体性纠纷。",
)


def _measure_column(key: str) -> Column:
    m = statistics.MEASURE_BY_KEY[key]
    return Column(key, m.label, m.group, "amount" if m.kind == "amount" else "count")


def _disputes(query: ReportQuery) -> Any:
    return Dispute.objects.visible_to(query.user, "view").filter(org__path__startswith=query.org.path)


def work_columns() -> list[Column]:
    columns = [
        Column("committees", "人民调解委员会（个）"),
        Column("mediators", "合计", "人民调解员（人）"),
        Column("mediators_full_time", "其中专职", "人民调解员（人）"),
    ]
    for key in _WORK_MEASURES:
        columns.append(_measure_column(key))
        if key == statistics.RATE_AFTER:
            columns.append(Column("rate", "调解成功率", kind="rate", rate_of=("success", "mediated")))
    return columns


def work_figures(query: ReportQuery) -> Figures:
    """调委会 and 在任调解员 as they stand today; the dispute measures over the period (one query each)."""
    out: Figures = {}
    committees = (
        Org.objects.visible_to(query.user, "view")
        .filter(path__startswith=query.org.path, kind=Org.Kind.COMMITTEE, is_active=True)
        .annotate(unit=Substr("path", 1, query.child_path_length)).values("unit").annotate(n=Count("pk")).order_by()
    )
    for item in committees:
        out.setdefault(item["unit"], {})["committees"] = item["n"]
    mediators = (
        Mediator.objects.visible_to(query.user, "view").filter(org__path__startswith=query.org.path, is_active=True)
        .annotate(unit=query.unit_key()).values("unit")
        .annotate(n=Count("pk"), full_time=Count("pk", filter=Q(is_full_time=True))).order_by()
    )
    for item in mediators:
        out.setdefault(item["unit"], {}).update(mediators=item["n"], mediators_full_time=item["full_time"])
    for (unit,), values in statistics.measures_by(_disputes(query), query.period.range, unit=query.unit_key()).items():
        out.setdefault(unit, {}).update({key: values[key] for key in _WORK_MEASURES})
    return out


_BY_CATEGORY = (("accepted", "受理"), ("success", "调解成功"), ("amount", "协议金额（元）"))


def category_columns() -> list[Column]:
    groups = [("all", "合计"), *dict_choices("dispute_category")]
    return [
        Column(f"{code}.{key}", label, name, "amount" if key == "amount" else "count")
        for code, name in groups
        for key, label in _BY_CATEGORY
    ]


def category_figures(query: ReportQuery) -> Figures:
    """受理 / 调解成功 / 协议金额 per unit and dispute type, one GROUP BY (unit, category) query."""
    out: Figures = {}
    figures = statistics.measures_by(_disputes(query), query.period.range, unit=query.unit_key(), dispute_type=F("category"))
    for (unit, category), values in figures.items():
        row = out.setdefault(unit, {})
        for key, _ in _BY_CATEGORY:
            row[f"{category}.{key}"] = values[key]
            row[f"all.{key}"] = row.get(f"all.{key}", 0) + values[key]
    return out


REPORT_TABLES = [
    ReportTable(
        code="mediation_work", title="人民调解工作统计表", perm="mediation.view_dispute",
        columns=work_columns, figures=work_figures, order=10,
        notes=(*NOTES, "人民调解委员会和人民调解员为填报日期在册（在任）的数量。"),
    ),
    ReportTable(
        code="mediation_category", title="人民调解纠纷类型统计表", perm="mediation.view_dispute",
        columns=category_columns, figures=category_figures, order=11,
        notes=(NOTES[0], "纠纷类型按码表“矛盾纠纷类型”；已停用类型的纠纷只计入合计栏。"),
    ),
]
