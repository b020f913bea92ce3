"""代收代办统计表 of 统计报表: per unit in the period, the 行政复议申请 received (by 申请方式), forwarded and their outcome
at the 复议机构 (受理、不予受理 and each kind of 复议决定, 行政复议法 第六十三条至第六十九条), and the 公证代办 and
劳动人事争议仲裁 referrals taken in, forwarded and concluded."""

from __future__ import annotations

from django.db.models import Count, Q

from agency.choices import CaseKind, ReviewDecision, ReviewForm
from agency.models import AgencyCase, ReviewApplication
from reports.registry import Column, Figures, ReportQuery, ReportTable


def agency_columns() -> list[Column]:
    return [
        Column("review.received", "代收复议申请（件）", "行政复议"),
        *(Column(f"review.form.{code}", label, "行政复议") for code, label in ReviewForm.choices),
        Column("review.late", "超过六十日有正当理由（件）", "行政复议"),
        Column("review.forwarded", "已转交（件）", "行政复议"),
        Column("review.accepted", "复议机构受理（件）", "行政复议"),
        Column("review.not_accepted", "不予受理（件）", "行政复议"),
        *(Column(f"review.decision.{code}", label, "复议决定") for code, label in ReviewDecision.choices),
        *(Column(f"case.{code}", f"{label}（件）", "公证仲裁代办") for code, label in CaseKind.choices),
        Column("case.forwarded", "已转交（件）", "公证仲裁代办"),
        Column("case.done", "已办结（件）", "公证仲裁代办"),
    ]


def _rows(queryset, query: ReportQuery, counts: dict) -> Figures:  # type: ignore[no-untyped-def]
    aliases = {f"m{i}": (key, aggregate) for i, (key, aggregate) in enumerate(counts.items())}
    rows = (queryset.annotate(unit=query.unit_key()).values("unit")
            .annotate(**{alias: aggregate for alias, (_, aggregate) in aliases.items()}).order_by())
    return {item["unit"]: {key: item[alias] for alias, (key, _) in aliases.items()} for item in rows}


def agency_figures(query: ReportQuery) -> Figures:
    """Two GROUP BY unit queries: the applications received in the period, and the 代办 taken in in the period."""
    start, end = query.period.range
    reviews = (ReviewApplication.objects.visible_to(query.user, "view")
               .filter(org__path__startswith=query.org.path, received_at__date__range=(start, end)))
    counts = {"review.received": Count("pk")}
    counts |= {f"review.form.{code}": Count("pk", filter=Q(form=code)) for code in ReviewForm.values}
    counts |= {"review.late": Count("pk", filter=~Q(late_reason="")),
               "review.forwarded": Count("pk", filter=Q(forwarded_date__isnull=False)),
               "review.accepted": Count("pk", filter=Q(status__in=["accepted", "decided"])),
               "review.not_accepted": Count("pk", filter=Q(status="not_accepted"))}
    counts |= {f"review.decision.{code}": Count("pk", filter=Q(decision=code)) for code in ReviewDecision.values}
    figures = _rows(reviews, query, counts)
    cases = (AgencyCase.objects.visible_to(query.user, "view")
             .filter(org__path__startswith=query.org.path, received_date__range=(start, end)))
    case_counts = {f"case.{code}": Count("pk", filter=Q(kind=code)) for code in CaseKind.values}
    case_counts |= {"case.forwarded": Count("pk", filter=Q(forwarded_date__isnull=False)),
                    "case.done": Count("pk", filter=Q(status="done"))}
    for unit, values in _rows(cases, query, case_counts).items():
        figures.setdefault(unit, {}).update(values)
    return figures


REPORT_TABLES = [
    ReportTable(
        code="agency", title="代收代办统计表", perm="agency.view_reviewapplication",
        columns=agency_columns, figures=agency_figures, order=27,
        notes=("行政复议按收件日期统计，公证仲裁代办按受托日期统计；受理和决定结果为截至统计时登记的情况。",),
    ),
]
