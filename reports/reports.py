"""司法所工作综合统计表: the headline figure of every line of work on one sheet, each taken from its module's own
table. Lines of work whose module is not in use yet (安置帮教) show 不适用 until that module declares the table named
here in its ``reports.py``:

- ``corrections``: table ``corrections_register`` with the count ``in_register`` (在册社区矫正对象 at the period's end, people; declared);
- ``resettlement``: table ``resettlement_register`` with the count ``in_register`` (在册安置帮教对象, people);
- ``legal_aid``: table ``legal_aid`` with the count ``accepted`` (受理法律援助申请, cases; declared).
"""

from __future__ import annotations

from reports.registry import ColumnRef, Figures, ReportQuery, ReportTable, borrowed_figures

OVERVIEW_COLUMNS = [
    ColumnRef("mediation", "mediation_work", "accepted", "受理纠纷（件）", "人民调解"),
    ColumnRef("mediation", "mediation_work", "success", "调解成功（件）", "人民调解"),
    ColumnRef("mediation", "mediation_work", "amount", "协议涉及金额（元）", "人民调解", kind="amount"),
    ColumnRef("consultation", "consultation", "total", "解答咨询（件）", "法律咨询"),
    ColumnRef("worklog", "worklog_completion", "rate", "完成率", "工作日志", kind="rate", rate_of=("confirmed", "expected")),
    ColumnRef("corrections", "corrections_register", "in_register", "期末在册矫正对象（人）", "社区矫正"),
    ColumnRef("resettlement", "resettlement_register", "in_register", "在册帮教对象（人）", "安置帮教"),
    ColumnRef("legal_aid", "legal_aid", "accepted", "受理申请（件）", "法律援助"),
]


def overview_figures(query: ReportQuery) -> Figures:
    return borrowed_figures(query, OVERVIEW_COLUMNS)


REPORT_TABLES = [
    ReportTable(
        code="overview", title="司法所工作综合统计表", perm="core.view_workevent",
        columns=lambda: list(OVERVIEW_COLUMNS), figures=overview_figures, order=1,
        notes=(
            "各项数字取自对应业务模块的统计表，统计口径见各表说明。",
            "“不适用”表示平台尚未启用该项业务的模块，没有可统计的记录；请勿以0代替上报。",
        ),
    ),
]
