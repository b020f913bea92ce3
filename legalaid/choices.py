"""Fixed enumerations of 法律援助申请 received at a 司法所 (法律援助法 第十三条: the 法律援助机构 may set up 工作站 to
receive applications nearby; in practice they sit in the 司法所). The matters are a dictionary (码表
``legal_aid_matter``) because provinces add items (第三十一条第九项、第三十二条第五项)."""

from django.db import models


class Channel(models.TextChoices):
    """申请方式."""

    WINDOW = "window", "窗口申请"
    ONLINE = "online", "网上申请"
    CONSULTATION = "consultation", "转自法律咨询"


class Status(models.TextChoices):
    """办理状态. The office receives and forwards; the 法律援助机构's review (第四十三条: decide within seven days,
    assign within three) adds its states after FORWARDED when that module is built."""

    RECEIVED = "received", "已接收待转交"
    FORWARDED = "forwarded", "已转交法律援助机构"
    NOT_ACCEPTED = "not_accepted", "不予受理"


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
