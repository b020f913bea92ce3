"""Fixed enumerations of 法律咨询 (公共法律服务: 司法所 answers questions in person, by phone, online and on the
12348 hotline). Topics are a dictionary (码表 ``consultation_topic``) because provinces count them differently."""

from django.db import models


class Channel(models.TextChoices):
    """咨询方式."""

    WALK_IN = "walk_in", "来访"
    PHONE = "phone", "电话"
    ONLINE = "online", "网上"
    VIDEO = "video", "视频"
    HOTLINE = "hotline", "12348热线"


class FollowUp(models.TextChoices):
    """后续处理: most questions end with the answer; some become a dispute, a legal-aid application or a referral."""

    NONE = "none", "无需后续"
    DISPUTE = "dispute", "转为矛盾纠纷"
    LEGAL_AID = "legal_aid", "转为法律援助申请"
    REFERRED = "referred", "转介其他部门"
