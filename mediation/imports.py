"""Excel import of the 矛盾纠纷台账: new disputes go through ``dispute_register`` (and ``dispute_accept`` when a
受理日期 is given); with "update existing", rows whose 受理编号 matches a visible dispute update its basic data."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings

from core.dictionaries import dict_choices
from core.errors import NeedsConfirmation, ValidationFailed
from core.imports import ImportColumn, ImportReport, as_date, as_text, import_all_or_nothing, read_rows
from mediation.choices import PartyRole, Source
from mediation.models import Dispute
from mediation.services import DisputeInput, PartyInput, dispute_accept, dispute_register, dispute_update
from orgs.selectors import registering_office
from people.services import PersonInput, for_import, person_find_or_create

COLUMNS = [
    ImportColumn("受理编号", "number", note="更新已有纠纷时按此编号匹配；新登记的纠纷留空", max_length=40),
    ImportColumn("纠纷名称", "title", required=True, max_length=100),
    ImportColumn("纠纷类型", "category", required=True, note="如 婚姻家庭纠纷、邻里纠纷（见 码表 矛盾纠纷类型）", max_length=40),
    ImportColumn("案件来源", "source", note="当事人申请、调委会主动调解、网格员上报、公安机关移送、人民法院委托/委派、政府部门移交、12345热线转办",
                 max_length=20),
    ImportColumn("登记日期", "received_date", required=True, note="如 2026-03-01", max_length=20),
    ImportColumn("受理日期", "accepted_date", note="填写则同时受理", max_length=20),
    ImportColumn("纠纷简要情况", "facts", required=True),
    ImportColumn("申请事项", "claims"),
    ImportColumn("申请人姓名", "applicant_name", required=True, max_length=50),
    ImportColumn("申请人身份证号码", "applicant_id_number", max_length=30),
    ImportColumn("申请人联系电话", "applicant_phone", max_length=20),
    ImportColumn("被申请人姓名", "respondent_name", required=True, max_length=50),
    ImportColumn("被申请人身份证号码", "respondent_id_number", max_length=30),
    ImportColumn("被申请人联系电话", "respondent_phone", max_length=20),
    ImportColumn("涉及金额（元）", "amount", max_length=20),
    ImportColumn("涉及人数", "people_count", max_length=10),
    ImportColumn("群体性纠纷", "is_group", note="是/否", max_length=5),
    ImportColumn("可能民转刑", "may_turn_criminal", note="是/否", max_length=5),
]
EXAMPLE = ["", "王某与李某宅基地纠纷", "房屋宅基地纠纷", "当事人申请", "2026-03-01", "2026-03-02", "双方因宅基地界址发生争执。",
           "拆除占地围墙", "王某", "", "13900000001", "李某", "", "", "3000", "2", "否", "否"]

_SOURCES = {label: code for code, label in Source.choices}
# A dispute row writes about ten times what a person row does (two parties, the dispute, its steps, number, deadline,
# audit and ledger rows: 16 ms against 1.4 ms a row on SQLite), and an import writes all its rows in one transaction:
# a tenth of the row limit keeps that transaction as short as a full people import. On SQLite that transaction holds
# the database's only write lock, and other users' writes give up after the 20 s busy timeout: 2,000 rows (about 32 s)
# would make them fail. The cost is the services' own work, not SQL (about 22 statements and their ORM calls a row:
# two person_create with their scope checks, audit and ledger rows, dispute_register, dispute_accept with its number
# and deadline), so more rows need the write outside one long transaction (stage the rows, then swap them in), not a
# larger factor.
ROW_WRITE_COST = 10


def _bool(value: Any, label: str) -> bool:
    text = as_text(value)
    if text in ("", "否", "0", "N", "n", "无"):
        return False
    if text in ("是", "1", "Y", "y", "有"):
        return True
    raise ValidationFailed(f"{label}“{text}”无法识别，请填写 是 或 否")


def _decimal(value: Any, label: str) -> Decimal:
    text = as_text(value).replace(",", "")
    if not text:
        return Decimal(0)
    try:
        result = Decimal(text)
    except InvalidOperation:
        raise ValidationFailed(f"{label}“{text}”不是数字") from None
    if result < 0:
        raise ValidationFailed(f"{label}不能为负数")
    return result


def dispute_import(*, actor: Any, org: Any, content: bytes, update_existing: bool, progress: Any = None) -> ImportReport:
    registering_org = registering_office(org)
    rows = read_rows(content, COLUMNS, max_rows=settings.IMPORT_MAX_ROWS // ROW_WRITE_COST)
    categories = {label: code for code, label in dict_choices("dispute_category")}

    def handle(r: dict[str, Any]) -> str:
        category_label = as_text(r.get("category"))
        category = categories.get(category_label) or categories.get(category_label + "纠纷")
        if not category:
            raise ValidationFailed(f"纠纷类型“{category_label}”不在码表中，请按 码表 矛盾纠纷类型 填写")
        source_label = as_text(r.get("source")) or "当事人申请"
        if source_label not in _SOURCES:
            raise ValidationFailed(f"案件来源“{source_label}”无法识别")
        received = as_date(r.get("received_date"), label="登记日期")
        if received is None:
            raise ValidationFailed("请填写登记日期")
        common: dict[str, Any] = {
            "title": as_text(r.get("title")), "category": category, "facts": as_text(r.get("facts")),
            "claims": as_text(r.get("claims")), "amount": _decimal(r.get("amount"), "涉及金额"),
            "people_count": int(_decimal(r.get("people_count"), "涉及人数") or 2),
            "is_group": _bool(r.get("is_group"), "群体性纠纷"), "may_turn_criminal": _bool(r.get("may_turn_criminal"), "可能民转刑"),
            "source": _SOURCES[source_label],
        }
        number = as_text(r.get("number"))
        if number:
            existing = Dispute.objects.visible_to(actor, "view").filter(number=number).first()
            if existing is None:
                raise ValidationFailed(f"受理编号“{number}”不存在或不在您的管理范围内")
            if not update_existing:
                raise ValidationFailed("该受理编号已存在；如需更新，请勾选“更新已经存在的数据”")
            if not Dispute.objects.visible_to(actor, "change").filter(pk=existing.pk).exists():
                raise ValidationFailed("您没有修改该纠纷的权限")
            dispute_update(actor=actor, dispute=existing, changes=common)
            return "updated"
        parties = []
        for role, prefix in ((PartyRole.APPLICANT, "applicant"), (PartyRole.RESPONDENT, "respondent")):
            try:
                person = person_find_or_create(actor=actor, org=registering_org, data=PersonInput(
                    name=as_text(r.get(f"{prefix}_name")), id_number=as_text(r.get(f"{prefix}_id_number")),
                    phone=as_text(r.get(f"{prefix}_phone"))))
            except NeedsConfirmation as exc:
                raise for_import(exc) from None
            parties.append(PartyInput(person=person, role=role))
        dispute = dispute_register(actor=actor, org=org, data=DisputeInput(received_date=received, parties=parties, **common))
        accepted = as_date(r.get("accepted_date"), label="受理日期")
        if accepted:
            dispute_accept(actor=actor, dispute=dispute, accepted_date=accepted)
        return "created"

    return import_all_or_nothing(rows, key_of=lambda r: as_text(r.get("title")) or "（未填纠纷名称）", handle=handle, progress=progress)
