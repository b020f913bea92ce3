"""法律咨询统计表 of 统计报表: questions answered per unit in the period, by channel, follow-up and topic
(公共法律服务 statistics; topics are the 码表 ``consultation_topic``)."""

from __future__ import annotations

from django.db.models import Count, Q

from consultation.choices import Channel, FollowUp
from consultation.models import Consultation
from core.dictionaries import dict_choices
from reports.registry import Column, Figures, ReportQuery, ReportTable

_FOLLOW_UPS = [(code, label) for code, label in FollowUp.choices if code != FollowUp.NONE]


def consultation_columns() -> list[Column]:
    return [
        Column("total", "咨询总数（件）"),
        *(Column(f"channel.{code}", label, "咨询方式") for code, label in Channel.choices),
        *(Column(f"follow_up.{code}", label, "后续处理") for code, label in _FOLLOW_UPS),
        *(Column(f"topic.{code}", label, "咨询类别") for code, label in dict_choices("consultation_topic")),
    ]


def consultation_figures(query: ReportQuery) -> Figures:
    """One GROUP BY unit query with a filtered count per channel, follow-up and topic."""
    counts = {"total": Count("pk")}
    counts |= {f"channel.{code}": Count("pk", filter=Q(channel=code)) for code in Channel.values}
    counts |= {f"follow_up.{code}": Count("pk", filter=Q(follow_up=code)) for code, _ in _FOLLOW_UPS}
    counts |= {f"topic.{code}": Count("pk", filter=Q(topic=code)) for code, _ in dict_choices("consultation_topic")}
    aliases = {f"m{i}": (key, aggregate) for i, (key, aggregate) in enumerate(counts.items())}
    rows = (
        Consultation.objects.visible_to(query.user, "view")
        .filter(org__path__startswith=query.org.path, date__range=query.period.range)
        .annotate(unit=query.unit_key()).values("unit")
        .annotate(**{alias: aggregate for alias, (_, aggregate) in aliases.items()}).order_by()
    )
    return {item["unit"]: {key: item[alias] for alias, (key, _) in aliases.items()} for item in rows}


REPORT_TABLES = [
    ReportTable(
        code="consultation", title="法律咨询统计表", perm="consultation.view_consultation",
        columns=consultation_columns, figures=consultation_figures, order=20,
        notes=("按咨询日期统计；咨询类别按码表“法律咨询类别”，已停用类别的咨询只计入咨询总数。",),
    ),
]
