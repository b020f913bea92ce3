"""Excel import of the prisons' 刑满释放人员通知 (a county receives them in batches and hands them to the offices of
the registered residence): every row goes through ``released_register``, all or nothing, with a row-level report."""

from __future__ import annotations

from typing import Any

from core.errors import NeedsConfirmation, ValidationFailed
from core.imports import ImportColumn, ImportReport, as_date, as_text, import_all_or_nothing, read_rows
from people.services import PersonInput, for_import
from resettlement.choices import Category
from resettlement.services import ReleasedInput, released_register

COLUMNS = [
    ImportColumn("姓名", "name", required=True, max_length=50),
    ImportColumn("身份证号码", "id_number", required=True, note="18位；衔接须核实身份", max_length=30),
    ImportColumn("联系电话", "phone", max_length=20),
    ImportColumn("对象类别", "category", note="刑满释放人员 / 解除社区矫正人员；不填为刑满释放人员", max_length=20),
    ImportColumn("原罪名", "crime", required=True, max_length=200),
    ImportColumn("原判刑期", "sentence", required=True, note="如 有期徒刑三年六个月", max_length=60),
    ImportColumn("服刑场所", "prison", required=True, max_length=100),
    ImportColumn("释放日期", "release_date", required=True, note="如 2026-12-31", max_length=20),
    ImportColumn("收到通知日期", "notice_date", note="如 2026-11-30；不填为释放后发现", max_length=20),
    ImportColumn("重点帮教对象", "key_subject", note="是 / 否；不填为否", max_length=5),
    ImportColumn("列为重点的理由", "key_ground", note="重点帮教对象必填", max_length=200),
]
EXAMPLE = ["张三", "11010519491231002X", "13912345678", "刑满释放人员", "盗窃罪", "有期徒刑三年", "内蒙古自治区赤峰监狱",
           "2026-12-31", "2026-11-30", "否", ""]

_CATEGORY = {label: code for code, label in Category.choices}
_YES_NO = {"是": True, "否": False, "": False}


def _to_inputs(record: dict[str, Any]) -> tuple[PersonInput, ReleasedInput]:
    category = as_text(record.get("category")) or Category.RELEASED.label
    if category not in _CATEGORY:
        raise ValidationFailed(f"对象类别“{category}”无法识别，请填写 刑满释放人员 或 解除社区矫正人员")
    key = as_text(record.get("key_subject"))
    if key not in _YES_NO:
        raise ValidationFailed(f"重点帮教对象“{key}”无法识别，请填写 是 或 否")
    person = PersonInput(name=as_text(record.get("name")), id_number=as_text(record.get("id_number")),
                         phone=as_text(record.get("phone")))
    data = ReleasedInput(
        category=_CATEGORY[category], crime=as_text(record.get("crime")), sentence=as_text(record.get("sentence")),
        prison=as_text(record.get("prison")), release_date=as_date(record.get("release_date"), label="释放日期"),
        notice_date=as_date(record.get("notice_date"), label="收到通知日期"), key_subject=_YES_NO[key],
        key_ground=as_text(record.get("key_ground")),
    )
    return person, data


def released_import(*, actor: Any, org: Any, content: bytes, update_existing: bool, progress: Any = None) -> ImportReport:
    """``update_existing`` does not apply: a release is registered once; a person already on the office's register is
    reported as a faulty row."""
    rows = read_rows(content, COLUMNS)

    def handle(record: dict[str, Any]) -> str:
        person, data = _to_inputs(record)
        try:
            released_register(actor=actor, org=org, person=person, data=data)
        except NeedsConfirmation as exc:
            raise for_import(exc) from None
        return "created"

    def key_of(record: dict[str, Any]) -> str:
        return as_text(record.get("name")) or "（未填姓名）"

    return import_all_or_nothing(rows, key_of=key_of, handle=handle, progress=progress)
