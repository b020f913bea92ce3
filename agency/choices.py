"""Fixed enumerations of 代收代办: the 行政复议 applications a 司法所 receives for the county 行政复议机构 (行政复议法
2023) and the 公证/仲裁 matters it helps people take to the 公证处 or 仲裁委."""

from django.db import models


class ReviewForm(models.TextChoices):
    """申请方式 (行政复议法 第二十二条第一款: 书面申请；书面申请有困难的，也可以口头申请)."""

    WRITTEN = "written", "书面申请"
    ORAL = "oral", "口头申请（当场记录笔录）"


class ReviewStatus(models.TextChoices):
    RECEIVED = "received", "已代收待转交"
    FORWARDED = "forwarded", "已转交复议机构"
    ACCEPTED = "accepted", "复议机构已受理"
    NOT_ACCEPTED = "not_accepted", "复议机构不予受理"
    DECIDED = "decided", "已作出复议决定"
    WITHDRAWN = "withdrawn", "申请人撤回"


class ReviewDecision(models.TextChoices):
    """行政复议决定的种类 (行政复议法 第六十三条至第六十九条；调解、和解 第七十三条、第七十四条；终止 第四十一条)."""

    CHANGE = "change", "变更（第六十三条）"
    REVOKE = "revoke", "撤销或者部分撤销（第六十四条）"
    CONFIRM_ILLEGAL = "confirm_illegal", "确认违法（第六十五条）"
    PERFORM = "perform", "责令履行（第六十六条）"
    CONFIRM_VOID = "confirm_void", "确认无效（第六十七条）"
    UPHOLD = "uphold", "维持（第六十八条）"
    DISMISS = "dismiss", "驳回复议请求（第六十九条）"
    MEDIATED = "mediated", "调解结案（第七十三条）"
    TERMINATED = "terminated", "终止行政复议（第四十一条）"


# 行政复议申请书应载明的事项. 行政复议法 第二十二条第三款 names what an oral application's 笔录 records (申请人的基本
# 情况、行政复议请求、申请行政复议的主要事实、理由和时间); 行政复议法实施条例(2007) 第十九条 adds 被申请人的名称 and the
# applicant's 签名或者盖章 for a written one (UNCONFIRMED whether the 2026 实施条例 keeps that article).
REVIEW_CHECKLIST = (
    ("applicant", "申请人的基本情况（姓名、身份证号码、住所、联系方式）", "第二十二条第三款"),
    ("respondent", "被申请人的名称", "实施条例 第十九条"),
    ("request", "行政复议请求", "第二十二条第三款"),
    ("facts", "申请行政复议的主要事实和理由", "第二十二条第三款"),
    ("signature", "申请人签名或者盖章（口头申请为笔录签名确认）", "实施条例 第十九条"),
    ("date", "申请时间", "第二十二条第三款"),
    ("one_act", "一份申请只针对一个行政行为", "第二十二条第四款"),
)
REVIEW_CHECKLIST_KEYS = tuple(key for key, _, _ in REVIEW_CHECKLIST)


class CaseKind(models.TextChoices):
    NOTARY = "notary", "公证代办"
    LABOUR_ARBITRATION = "labour_arbitration", "劳动人事争议仲裁转介"


class CaseStatus(models.TextChoices):
    RECEIVED = "received", "已受托待转交"
    FORWARDED = "forwarded", "已转交"
    DONE = "done", "已办结"
    FAILED = "failed", "未办成"


class GuideKind(models.TextChoices):
    NOTARY = "notary", "公证"
    LABOUR_ARBITRATION = "labour_arbitration", "劳动人事争议仲裁"
    COMMERCIAL_ARBITRATION = "commercial_arbitration", "商事仲裁"
    LAND_ARBITRATION = "land_arbitration", "农村土地承包经营纠纷仲裁"


class ForwardService(models.TextChoices):
    REVIEW = "review", "行政复议申请代收"
    CASE = "case", "公证仲裁代办"
