"""人员信息库: one record per natural person, shared by every module."""

from __future__ import annotations

from django.db import models

from core.crypto import decrypt_text
from core.models import OrgOwnedModel
from people.choices import ETHNICITY_CHOICES, Sex


class Person(OrgOwnedModel):
    """A natural person as registered by one org (party, applicant, subject …), holding what that org recorded. The
    公民身份号码 is sensitive personal information (个人信息保护法 第二十八条): stored encrypted, shown masked, and
    looked up by its keyed hash only among the rows the user may see — unique per registering org within a user's
    scope, not across the platform (see ``people.services``)."""

    name = models.CharField("姓名", max_length=50, db_index=True)
    sex = models.CharField("性别", max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    # No default: a 民族 nobody recorded stays empty, so forms printed from the record leave it to be filled in.
    ethnicity = models.CharField("民族", max_length=2, choices=ETHNICITY_CHOICES, blank=True, default="")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number_encrypted = models.TextField("身份证号码（密文）", blank=True)
    # Not unique: each org keeps its own row of a person (see people.services); indexed for the scoped lookups.
    id_number_hash = models.CharField("身份证号码（检索摘要）", max_length=64, blank=True, db_index=True)
    id_number_masked = models.CharField("身份证号码", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    region = models.ForeignKey(
        "orgs.Region", verbose_name="住址区划", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    address_detail = models.CharField("详细地址", max_length=200, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["-created_at", "-id"]
        permissions = [("reveal_idnumber", "查看完整身份证号码")]
        indexes = [
            # The 人员信息库 list: the data scope selects by org, and the page is sorted by 登记时间.
            models.Index(fields=["org", "created_at"], name="person_org_created"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/people/{self.uuid}/"

    def reveal_id_number(self) -> str:
        """The full number; call only through ``person_reveal_id_number``, which audits it."""
        return decrypt_text(self.id_number_encrypted) if self.id_number_encrypted else ""

    @property
    def address_full(self) -> str:
        return f"{self.region.name if self.region_id and self.region else ''}{self.address_detail}"
