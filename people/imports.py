"""Excel import of the people registry: every row goes through ``person_create``/``person_update``."""

from __future__ import annotations

from typing import Any

from core.crypto import keyed_hash
from core.errors import ValidationFailed
from core.imports import ImportColumn, ImportReport, as_date, as_text, import_all_or_nothing, read_rows
from core.validators import validate_id_number
from orgs.models import Region
from people.choices import ETHNICITY_CHOICES, Sex
from people.models import Person
from people.services import PersonInput, person_create, person_update

COLUMNS = [
    ImportColumn("姓名", "name", required=True, note="不超过50个字", max_length=50),
    ImportColumn("身份证号码", "id_number", note="18位或15位；同一单位对同一号码只登记一次", max_length=30),
    ImportColumn("性别", "sex", note="男/女；填写身份证号码时可不填", max_length=10),
    ImportColumn("民族", "ethnicity", note="如 汉族、蒙古族；不填则留空", max_length=20),
    ImportColumn("出生日期", "birth_date", note="如 1980-01-31；填写身份证号码时可不填", max_length=20),
    ImportColumn("联系电话", "phone", note="手机号或带区号的固定电话", max_length=20),
    ImportColumn("住址区划代码", "region_code", note="6位旗县区代码或9位乡镇街道代码，如 150402001", max_length=12),
    ImportColumn("详细地址", "address_detail", max_length=200),
    ImportColumn("备注", "note", max_length=200),
]
EXAMPLE = ["张三", "11010519491231002X", "女", "汉族", "1949-12-31", "13912345678", "150402001", "西屯街道一西街1号", ""]

_SEX = {label: code for code, label in Sex.choices}
_ETHNICITY = {label: code for code, label in ETHNICITY_CHOICES}


def _to_input(record: dict[str, Any], regions: dict[str, Region]) -> PersonInput:
    sex_label = as_text(record.get("sex"))
    if sex_label and sex_label not in _SEX:
        raise ValidationFailed(f"性别“{sex_label}”无法识别，请填写 男 或 女")
    ethnicity_label = as_text(record.get("ethnicity"))
    if ethnicity_label and ethnicity_label not in _ETHNICITY:
        if ethnicity_label + "族" in _ETHNICITY:
            ethnicity_label += "族"
        else:
            raise ValidationFailed(f"民族“{ethnicity_label}”无法识别，请填写56个民族的全称，如“蒙古族”")
    region_code = as_text(record.get("region_code"))
    region = None
    if region_code:
        region = regions.get(region_code)
        if region is None:
            raise ValidationFailed(f"住址区划代码“{region_code}”不存在，请填写6位旗县区代码或9位乡镇街道代码")
    return PersonInput(
        name=as_text(record.get("name")),
        id_number=as_text(record.get("id_number")),
        sex=_SEX.get(sex_label, "9"),
        ethnicity=_ETHNICITY.get(ethnicity_label, ""),
        birth_date=as_date(record.get("birth_date"), label="出生日期"),
        phone=as_text(record.get("phone")),
        region=region,
        address_detail=as_text(record.get("address_detail")),
        note=as_text(record.get("note")),
    )


def people_import(*, actor: Any, org: Any, content: bytes, update_existing: bool, progress: Any = None) -> ImportReport:
    rows = read_rows(content, COLUMNS)
    codes = {as_text(r.get("region_code")) for _, r in rows} - {""}
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}

    def handle(record: dict[str, Any]) -> str:
        data = _to_input(record, regions)
        if data.id_number:
            # Matched only among the rows of the import's org that the importer can see: a number registered
            # elsewhere is imported as a new row of this org, and nothing about the other row is reported.
            number = validate_id_number(data.id_number).number
            existing = (Person.objects.visible_to(actor, "view").filter(org=org, id_number_hash=keyed_hash(number))
                        .order_by("pk").first())
            if existing is not None:
                if not update_existing:
                    raise ValidationFailed(f"该身份证号码已在{org}登记（{existing.name}）；如需更新已有人员，请勾选“更新已经存在的数据”")
                if not Person.objects.visible_to(actor, "change").filter(pk=existing.pk).exists():
                    raise ValidationFailed(f"该身份证号码已在{org}登记（{existing.name}），您只能查看、不能修改，请联系登记单位更新")
                person_update(actor=actor, person=existing, data=data)
                return "updated"
        person_create(actor=actor, org=org, data=data, confirm_duplicate=True)
        return "created"

    def key_of(record: dict[str, Any]) -> str:
        return as_text(record.get("name")) or "（未填姓名）"

    return import_all_or_nothing(rows, key_of=key_of, handle=handle, progress=progress)
