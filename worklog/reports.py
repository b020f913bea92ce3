"""工作日志完成情况统计表 of 统计报表: confirmed daily logs against the logs due (staff × working days), per unit;
the same counts as the 日志完成率 page (``worklog.selectors.completion_by_office``)."""

from __future__ import annotations

from reports.registry import Column, Figures, ReportQuery, ReportTable
from worklog.selectors import completion_by_office


def completion_columns() -> list[Column]:
    return [
        Column("staff", "在岗人数（人）"),
        Column("expected", "应填报（人·日）"),
        Column("confirmed", "已确认（篇）"),
        Column("rate", "完成率", kind="rate", rate_of=("confirmed", "expected")),
    ]


def completion_figures(query: ReportQuery) -> Figures:
    out: Figures = {}
    for item in completion_by_office(query.user, start=query.period.start, end=query.period.end):
        path = item["office"].path
        if not path.startswith(query.org.path):
            continue
        row = out.setdefault(path[: query.child_path_length], {"staff": 0, "expected": 0, "confirmed": 0})
        for key in ("staff", "expected", "confirmed"):
            row[key] += item[key]
    return out


REPORT_TABLES = [
    ReportTable(
        code="worklog_completion", title="工作日志完成情况统计表", perm="worklog.view_worklog",
        columns=completion_columns, figures=completion_figures, order=30,
        notes=("应填报＝司法所在岗工作人员数×统计期间的法定工作日数；已确认含已审阅的日志；完成率＝已确认÷应填报。",),
    ),
]
