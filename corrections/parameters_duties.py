"""Administrator-editable rules of the daily supervision of 社区矫正 (系统管理 → 系统参数). The national rules leave
these to the provinces or were not confirmed from the text of the 实施办法 (its article numbers below are UNCONFIRMED);
the defaults follow the research notes (design/research/community-corrections-and-risk.md §1.6, §1.7, §1.10, §1.11)."""

from __future__ import annotations

from core.parameters import ParameterSpec
from corrections.choices_duties import Level, ObligationKind

# 外出审批 (实施办法 第二十六条至第二十八条, UNCONFIRMED): the 司法所 approves up to seven days on delegation, the county
# agency beyond; one approval at most thirty days; more than thirty days within two months needs the level above.
LEAVE_OFFICE_DAYS = ParameterSpec("corrections.leave_office_days", 7, "司法所可批准的外出天数（日）",
                                  "实施办法：七日以内由司法所批准，超过七日报县级社区矫正机构（条文号待核）")
LEAVE_MAX_DAYS = ParameterSpec("corrections.leave_max_days", 30, "一次外出最长天数（日）", "实施办法：每次批准外出不超过三十日（待核）")
LEAVE_PER_MONTH = ParameterSpec("corrections.leave_per_month", 2, "每月外出申请次数上限（次）", "各地做法，默认每月不超过二次（未经统一规定）")
LEAVE_TWO_MONTH_DAYS = ParameterSpec("corrections.leave_two_month_days", 30, "二个月内累计外出天数上限（日）",
                                     "实施办法：二个月内累计超过三十日的报上一级社区矫正机构（待核）")
LEAVE_NOTICE_DAYS = ParameterSpec("corrections.leave_notice_days", 3, "外出应提前申请天数（日）", "实施办法：一般提前三日申请（待核）")

# 脱管 thresholds (温州司法局权责清单, matching 实施办法 第三十四条、第三十五条、第四十六条): out of contact up to ten
# days → 训诫; more than ten days → 警告; more than one month without good reason → 提请撤销缓刑、假释 or 收监执行.
ABSCOND_WARNING_DAYS = ParameterSpec("corrections.abscond_warning_days", 10, "脱管超过该天数建议警告（日）",
                                     "实施办法 第三十五条：失去联系超过十日的，给予警告（条文号待核）")
ABSCOND_REVOKE_DAYS = ParameterSpec("corrections.abscond_revoke_days", 30, "脱管超过该天数建议提请撤销（日）",
                                    "实施办法 第四十六条：脱离监管超过一个月的，提请撤销缓刑（条文号待核）")
MISSED_ADMONITION = ParameterSpec("corrections.missed_admonition", 2, "三十日内未履行事项达到该数建议训诫（项）",
                                  "实施办法 第三十四条：不按规定参加教育学习等活动，经教育仍不改正的（待核）")
PRAISE_MONTHS = ParameterSpec("corrections.praise_months", 6, "建议表扬所需最短矫正时间（月）", "实施办法 第三十三条（待核）")
PRAISE_GOOD_REVIEWS = ParameterSpec("corrections.praise_good_reviews", 3, "建议表扬所需连续合格的月度考核（次）", "本地工作要求")
REMIND_DAYS = ParameterSpec("corrections.remind_days", 1, "履行事项到期前提醒（日）", "本地工作要求")
REVIEW_FAIR_RATE = ParameterSpec("corrections.review_fair_rate", 80, "考核基本合格的履行率（%）",
                                 "本地工作要求：未履行一项且履行率达到该值为基本合格")

# Contact standards per management level (分类管理, 实施办法 第二十一条 UNCONFIRMED; the 严管 row from a provincial
# 分类管理办法: weekly report in person and in writing, weekly individual education, at least 12 hours a month of
# study and of 公益活动; the 普管 and 宽管 rows are typical practice, UNCONFIRMED): times a month, hours a month for
# education and 公益活动, and times a quarter for home visits.
_STANDARD = {
    Level.STRICT: {ObligationKind.REPORT: 4, ObligationKind.WRITTEN_REPORT: 4, ObligationKind.TALK: 4, ObligationKind.EDUCATION: 12,
                   ObligationKind.COMMUNITY_SERVICE: 12, ObligationKind.INFO_CHECK: 4, ObligationKind.VISIT: 3},
    Level.NORMAL: {ObligationKind.REPORT: 2, ObligationKind.WRITTEN_REPORT: 2, ObligationKind.TALK: 2, ObligationKind.EDUCATION: 8,
                   ObligationKind.COMMUNITY_SERVICE: 8, ObligationKind.INFO_CHECK: 2, ObligationKind.VISIT: 2},
    Level.LENIENT: {ObligationKind.REPORT: 1, ObligationKind.WRITTEN_REPORT: 1, ObligationKind.TALK: 1, ObligationKind.EDUCATION: 8,
                    ObligationKind.COMMUNITY_SERVICE: 8, ObligationKind.INFO_CHECK: 1, ObligationKind.VISIT: 1},
}


def _unit(kind: str) -> str:
    if kind in (ObligationKind.EDUCATION, ObligationKind.COMMUNITY_SERVICE):
        return "每月时数"
    return "每季度次数" if kind == ObligationKind.VISIT else "每月次数"


LEVEL_STANDARDS: dict[tuple[str, str], ParameterSpec] = {
    (level, kind): ParameterSpec(f"corrections.standard.{level}.{kind}", value,
                                 f"{Level(level).label}：{ObligationKind(kind).label}{_unit(kind)}", "分类管理默认标准（待核，可按本省规定调整）")
    for level, row in _STANDARD.items() for kind, value in row.items()
}

# 变更执行地 (实施办法 第三十条、第三十一条; the 2020 wording is not held here): the subject reports to the new place
# within seven days of receiving the decision — the figure of the 2012 实施办法 第十四条 as well.
# The county agency hands the legal documents and the file over to the new place within five days of deciding the change
# (2020 实施办法 第三十条 as usually quoted; the 2012 rules gave 3 working days): UNCONFIRMED, an editable default.
TRANSFER_HANDOVER_DAYS = ParameterSpec("corrections.transfer_handover_days", 5, "变更执行地决定后移交档案期限（日）",
                                       "实施办法 第三十条：自作出变更决定之日起五日内将法律文书和档案材料移交新执行地（2020年文本待核；"
                                       "2012年规定为三个工作日）")
TRANSFER_REPORT_DAYS = ParameterSpec("corrections.transfer_report_days", 7, "变更执行地后到新执行地报到期限（日）",
                                     "实施办法 第三十一条：自收到变更执行地决定之日起七日内到新执行地报到（2020年文本待核；"
                                     "2012年实施办法 第十四条同为七日）")
