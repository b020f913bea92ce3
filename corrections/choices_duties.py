"""Fixed enumerations of the daily supervision of 社区矫正: obligations, requests, 电子定位, 脱管 and 考核奖惩
(社区矫正法 第二十三条至第三十一条、第二十八条)."""

from django.db import models


class ObligationKind(models.TextChoices):
    """履行事项: what a subject owes under the plan or the management level's contact standard."""

    REPORT = "report", "报到"
    WRITTEN_REPORT = "written_report", "书面报告"
    EDUCATION = "education", "教育学习"
    COMMUNITY_SERVICE = "community_service", "公益活动"
    TALK = "talk", "个别谈话"
    VISIT = "visit", "走访"
    INFO_CHECK = "info_check", "信息化核查"
    HEALTH_REPORT = "health_report", "病情复查"
    OTHER = "other", "其他"


# The subject fulfils these on the phone page: a check-in (time and place) or a written report with an optional photo.
CHECKIN_KINDS = (ObligationKind.REPORT, ObligationKind.INFO_CHECK)
REPORT_KINDS = (ObligationKind.WRITTEN_REPORT, ObligationKind.HEALTH_REPORT)
# Counted in hours per month (education 社区矫正法 第三十六条; 公益活动 第四十二条), the rest in occurrences.
HOURS_KINDS = (ObligationKind.EDUCATION, ObligationKind.COMMUNITY_SERVICE)


class ObligationStatus(models.TextChoices):
    PENDING = "pending", "待履行"
    DONE = "done", "已履行"
    MISSED = "missed", "未履行"
    EXCUSED = "excused", "免除"


class Level(models.TextChoices):
    """管理等级 by default (分类管理, 实施办法 第二十一条 — article number UNCONFIRMED)."""

    STRICT = "strict", "严管"
    NORMAL = "normal", "普管"
    LENIENT = "lenient", "宽管"


class RequestKind(models.TextChoices):
    """Requests under 社区矫正法 第二十三条、第二十七条: 外出, 会客, 迁居 and 变更执行地."""

    TRAVEL = "travel", "外出"
    VISITOR = "visitor", "会客"
    MOVE = "move", "迁居"
    TRANSFER = "transfer", "变更执行地"


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审批"
    REFERRED = "referred", "已报县级社区矫正机构审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "不予批准"
    RETURNED = "returned", "已销假"


class MonitoringTrigger(models.TextChoices):
    """The only five cases in which 电子定位装置 may be used (社区矫正法 第二十九条第一款)."""

    BAN_ORDER = "ban_order", "违反人民法院禁止令"
    LEFT_AREA = "left_area", "无正当理由，未经批准离开所居住的市、县"
    REFUSED_REPORT = "refused_report", "拒不按照规定报告自己的活动情况，被给予警告"
    PUBLIC_SECURITY = "public_security", "违反监督管理规定，被给予治安管理处罚"
    REVOCATION = "revocation", "拟提请撤销缓刑、假释或者暂予监外执行收监执行"


class AlertKind(models.TextChoices):
    OUT_OF_AREA = "out_of_area", "越界"
    TAMPER = "tamper", "拆卸、破坏装置"
    OFFLINE = "offline", "信号中断"
    LOW_BATTERY = "low_battery", "电量不足"


class SanctionKind(models.TextChoices):
    """考核奖惩 (社区矫正法 第二十八条): one reward and the penalties in rising order of severity."""

    PRAISE = "praise", "表扬"
    ADMONITION = "admonition", "训诫"
    WARNING = "warning", "警告"
    PUBLIC_SECURITY = "public_security", "提请治安管理处罚"
    REVOKE_PROBATION = "revoke_probation", "提请撤销缓刑"
    REVOKE_PAROLE = "revoke_parole", "提请撤销假释"
    IMPRISON = "imprison", "提请收监执行"


class ReviewResult(models.TextChoices):
    GOOD = "good", "合格"
    FAIR = "fair", "基本合格"
    POOR = "poor", "不合格"


class ReoffenceNature(models.TextChoices):
    """重新违法犯罪的性质: a breach of the law punished outside the criminal law (治安管理处罚法 等) or a new crime
    (刑法 第七十七条第一款、第八十六条第一款)."""

    ILLEGAL = "illegal", "违法"
    CRIME = "crime", "犯罪"


class ReoffenceOutcome(models.TextChoices):
    """How the new offence is being or was dealt with: by the police (治安管理处罚, 刑事强制措施), or by the proposal of
    the corrections agency to the court or the deciding organ (社区矫正法 第二十八条、第四十六条、第四十九条)."""

    PENDING = "pending", "处理中"
    PUBLIC_SECURITY = "public_security", "治安管理处罚"
    COERCIVE = "coercive", "被采取刑事强制措施"
    REVOKE_PROBATION = "revoke_probation", "提请撤销缓刑"
    REVOKE_PAROLE = "revoke_parole", "提请撤销假释"
    IMPRISON = "imprison", "提请收监执行"
    OTHER = "other", "其他"


class TransferStatus(models.TextChoices):
    """变更执行地 (社区矫正法 第二十七条第二款; 实施办法 第三十条、第三十一条): decided, handed over to the new place
    (the subject and the file move), reported at the new place."""

    APPROVED = "approved", "已决定变更，待交接"
    HANDED_OVER = "handed_over", "已交接，待报到"
    REPORTED = "reported", "已到新执行地报到"
    CANCELLED = "cancelled", "已撤销（未交接）"
