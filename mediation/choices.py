"""Fixed legal enumerations of 人民调解 (人民调解法, 人民调解工作若干规定). Dispute categories are a
dictionary (码表 ``dispute_category``) because provinces differ."""

from django.db import models


class Source(models.TextChoices):
    """案件来源: 人民调解法 第十七条 (申请 / 主动调解), 第十八条 (法院、公安告知或移送)."""

    APPLICATION = "application", "当事人申请"
    INITIATIVE = "initiative", "调委会主动调解"
    GRID = "grid", "网格员上报"
    POLICE = "police", "公安机关移送"
    COURT = "court", "人民法院委托/委派"
    GOVERNMENT = "government", "政府部门移交"
    HOTLINE = "hotline", "12345热线转办"


class Status(models.TextChoices):
    """The life cycle of a dispute record."""

    LEAD = "lead", "待受理"
    REJECTED = "rejected", "不予受理"
    ACCEPTED = "accepted", "已受理"
    MEDIATING = "mediating", "调解中"
    AGREED = "agreed", "已达成协议"
    FAILED = "failed", "调解不成"
    PERFORMED = "performed", "已履行"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"


OPEN_STATUSES = (Status.LEAD, Status.ACCEPTED, Status.MEDIATING)


class RejectReason(models.TextChoices):
    """不予受理的法定事由: 人民调解工作若干规定 第二十二条; 人民调解法 第十七条 (一方明确拒绝)."""

    OTHER_AUTHORITY = "other_authority", "已被人民法院、公安机关或其他行政机关受理或者解决"
    PARTY_REFUSES = "party_refuses", "一方当事人明确拒绝调解"
    OUT_OF_SCOPE = "out_of_scope", "法律、法规规定只能由专门机关管辖处理或者禁止调解"


class Level(models.TextChoices):
    """分级调处: a dispute moves up when the lower level cannot resolve it."""

    VILLAGE = "village", "村（居）调委会"
    OFFICE = "office", "乡镇（街道）调委会 / 司法所"
    JOINT = "joint", "联合调解（公安、法院、相关部门）"


class PartyRole(models.TextChoices):
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    THIRD = "third", "第三人"


class Outcome(models.TextChoices):
    """人民调解法 第二十八条: a written or an oral agreement; 第二十六条: 调解不成 ends mediation."""

    WRITTEN = "written", "书面协议"
    ORAL = "oral", "口头协议"
    FAILED = "failed", "调解不成"


class CommitteeType(models.TextChoices):
    """人民调解法 第八条、第三十四条: where a 调委会 is set up."""

    VILLAGE = "village", "村民委员会调委会"
    COMMUNITY = "community", "居民委员会调委会"
    TOWNSHIP = "township", "乡镇（街道）调委会"
    ENTERPRISE = "enterprise", "企事业单位调委会"
    TRADE = "trade", "行业性、专业性调委会"


class ExpertKind(models.TextChoices):
    LAWYER = "lawyer", "律师"
    JUDGE = "retired_judge", "退休法官"
    PROSECUTOR = "retired_prosecutor", "退休检察官"
    INDUSTRY = "industry", "行业专家"
    SCHOLAR = "scholar", "法学专家"
    OTHER = "other", "其他"


class MemberPosition(models.TextChoices):
    """人民调解法 第八条: 主任一人, 必要时副主任若干人, 委员."""

    CHAIR = "chair", "主任"
    VICE_CHAIR = "vice_chair", "副主任"
    MEMBER = "member", "委员"


class UnperformedRoute(models.TextChoices):
    """未履行事项的后续处理: the 调委会 supervises performance (人民调解法 第三十一条); an obligation not performed is
    resolved by telling the parties their route (第三十二条 起诉), by the parties' 司法确认 application (第三十三条), or by
    a suit already filed."""

    NEXT_STEP = "next_step", "未履行，已告知当事人后续途径"
    CONFIRMATION = "confirmation", "已申请司法确认"
    LITIGATION = "litigation", "已向人民法院起诉"
