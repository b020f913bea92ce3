"""Fixed enumerations of 法律援助申请 received at a 司法所 (法律援助法 第十三条: the 法律援助机构 may set up 工作站 to
receive applications nearby; in practice they sit in the 司法所). The matters are a dictionary (码表
``legal_aid_matter``) because provinces add items (第三十一条第九项、第三十二条第五项)."""

from django.db import models
from django.db.models import TextChoices


class Channel(models.TextChoices):
    """申请方式."""

    WINDOW = "window", "窗口申请"
    ONLINE = "online", "网上申请"
    CONSULTATION = "consultation", "转自法律咨询"
    # 通知辩护/通知代理 (法律援助法 第二十五条、第二十八条、第三十六条): no application by the person; the court,
    # procuratorate or police notify the 法律援助机构, which assigns a lawyer within three days.
    NOTICE = "notice", "办案机关通知"


class Status(models.TextChoices):
    """办理状态. The office receives and forwards; the 法律援助机构's review (第四十三条: decide within seven days,
    assign within three) adds its states after FORWARDED when that module is built."""

    RECEIVED = "received", "已接收待转交"
    FORWARDED = "forwarded", "已转交法律援助机构"
    NOT_ACCEPTED = "not_accepted", "不予受理"
    # Registered at the 法律援助机构 itself (a direct application at its window, or a 通知辩护): never at an office.
    AT_CENTRE = "at_centre", "法律援助机构直接受理"


class HardshipBasis(models.TextChoices):
    """经济困难依据: a statement the 机构 checks (第四十一条), a group exempt from the check on proof (第四十二条), or a
    matter without the hardship condition (第三十二条; 第二十四条 “经济困难或者其他原因” for a defence)."""

    STATEMENT = "statement", "如实说明经济困难状况（个人诚信承诺）"
    MINIMUM_LIVING = "minimum_living", "最低生活保障对象"
    DESTITUTE = "destitute", "特困供养人员"
    OTHER_AID = "other_aid", "其他社会救助、司法救助或者优抚对象"
    NO_INCOME = "no_income", "无固定生活来源的未成年人、老年人、残疾人"
    MIGRANT_WORKER = "migrant_worker", "申请支付劳动报酬或者工伤事故人身损害赔偿的进城务工人员"
    NOT_REQUIRED = "not_required", "不受经济困难条件限制"


# 法律援助法 第四十二条: with supporting material these applicants are exempt from the hardship check.
CHECK_EXEMPT = frozenset({HardshipBasis.MINIMUM_LIVING, HardshipBasis.DESTITUTE, HardshipBasis.OTHER_AID,
                          HardshipBasis.NO_INCOME, HardshipBasis.MIGRANT_WORKER})
# 第四十二条第三项 covers only wage claims and 工伤 injury claims of migrant workers.
MIGRANT_WORKER_MATTERS = frozenset({"labour", "personal_injury"})
# Matters of the 码表 loaded by migration 0002 that need no economic hardship: 第三十二条 (一)–(四), and a defence for
# which 第二十四条 also admits “其他原因”. Codes are stable; their labels are editable.
NO_HARDSHIP_MATTERS = frozenset({"martyr", "heroic_act", "retrial_compensation", "abuse_victim", "criminal_defence"})
# 第二十四条、第二十九条: the criminal matters of that 码表.
CRIMINAL_MATTERS = frozenset({"criminal_defence", "criminal_victim"})


class ReviewSource(TextChoices):
    """How a matter reached the 法律援助机构's queue."""

    FORWARDED = "forwarded", "司法所转交"
    DIRECT = "direct", "直接申请"
    NOTICE = "notice", "通知辩护/通知代理"


class ReviewStatus(TextChoices):
    """审查状态 at the 法律援助机构 (法律援助法 第四十三条、第四十四条、第四十九条)."""

    REVIEWING = "reviewing", "审查中"
    AWAITING_MATERIALS = "awaiting_materials", "待补充材料"
    GRANTED = "granted", "决定给予，待指派"
    REFUSED = "refused", "决定不予法律援助"
    WITHDRAWN = "withdrawn", "视为撤回"
    ASSIGNED = "assigned", "已指派"


OPEN_REVIEW = frozenset({ReviewStatus.REVIEWING, ReviewStatus.AWAITING_MATERIALS})


class NotifyingAuthority(TextChoices):
    """办案机关 that notify the 法律援助机构 (第三十六条)."""

    POLICE = "police", "公安机关"
    PROCURATORATE = "procuratorate", "人民检察院"
    COURT = "court", "人民法院"


class ObjectionResult(TextChoices):
    """司法行政部门's decision on an 异议 (第四十九条第二款)."""

    UPHELD = "upheld", "维持法律援助机构的决定"
    CORRECTED = "corrected", "责令法律援助机构改正"


class HardshipTest(TextChoices):
    """What the eligibility helper finds about the hardship condition."""

    REQUIRED = "required", "须审查经济困难状况（第三十一条、第四十一条）"
    EXEMPT = "exempt", "免予核查经济困难状况（第四十二条）"
    NOT_APPLICABLE = "not_applicable", "不受经济困难条件限制（第三十二条等）"


class ProviderKind(TextChoices):
    """法律援助人员 (法律援助法 第二条、第十四条、第十六条): who the 机构 may assign."""

    LAWYER = "lawyer", "律师"
    GRASSROOTS = "grassroots", "基层法律服务工作者"
    DUTY_LAWYER = "duty_lawyer", "值班律师"


class AssignmentStatus(TextChoices):
    """法律援助案件办理状态: from the 指派 to the 结案 (第五十条) or the 终止 (第四十八条)."""

    HANDLING = "handling", "承办中"
    ENDED = "ended", "案件已办结，待提交结案材料"
    CLOSED = "closed", "已结案"
    TERMINATED = "terminated", "终止法律援助"
    REPLACED = "replaced", "已更换法律援助人员"


OPEN_ASSIGNMENT = frozenset({AssignmentStatus.HANDLING, AssignmentStatus.ENDED})


class ProgressKind(TextChoices):
    """办案进展: what the provider reports to the 机构 (法律援助法 第五十条 reporting, 第五十四条 the recipient's
    cooperation)."""

    MEETING = "meeting", "会见"
    FILE_READING = "file_reading", "阅卷"
    INVESTIGATION = "investigation", "调查取证"
    FILING = "filing", "立案"
    MEDIATION = "mediation", "调解、和解"
    HEARING = "hearing", "开庭"
    JUDGMENT = "judgment", "裁判、裁决"
    OTHER = "other", "其他"


class TerminationGround(TextChoices):
    """终止法律援助的情形 (法律援助法 第四十八条第一款 (一)–(八))."""

    DECEPTION = "deception", "（一）受援人以欺骗或者其他不正当手段获得法律援助"
    CONCEALMENT = "concealment", "（二）受援人故意隐瞒与案件有关的重要事实或者提供虚假证据"
    ILLEGAL_USE = "illegal_use", "（三）受援人利用法律援助从事违法活动"
    NO_LONGER_ELIGIBLE = "no_longer_eligible", "（四）受援人的经济状况发生变化，不再符合法律援助条件"
    CASE_ENDED = "case_ended", "（五）案件终止审理或者已经被撤销"
    OWN_COUNSEL = "own_counsel", "（六）受援人自行委托律师或者其他代理人"
    RECIPIENT_REQUEST = "recipient_request", "（七）受援人有正当理由要求终止法律援助"
    OTHER_LAW = "other_law", "（八）法律法规规定的其他情形"


class QualityGrade(TextChoices):
    """案件质量评查等次 (法律援助法 第五十七条: the 司法行政部门 supervises the quality of aid; the four grades are
    the usual 评查 scale, local practice)."""

    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class Satisfaction(TextChoices):
    """受援人回访满意度."""

    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
