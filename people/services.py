"""Writes to the people registry."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from core.audit import audit_record, diff, snapshot
from core.crypto import encrypt_text, keyed_hash
from core.errors import DuplicateRecord, ValidationFailed
from core.ledger import ledger_record
from core.services import ensure_in_scope
from core.validators import IdNumberInfo, validate_id_number, validate_phone
from people.models import Person


@dataclass
class PersonInput:
    name: str
    sex: str = "9"
    ethnicity: str = "01"
    birth_date: dt.date | None = None
    id_number: str = ""
    phone: str = ""
    region: Any = None
    address_detail: str = ""
    note: str = ""


def possible_duplicates(*, actor: Any, name: str, birth_date: dt.date | None, exclude_pk: int | None = None) -> list[Person]:
    """Visible people with the same name and birth date: probably the same natural person."""
    if not birth_date:
        return []
    qs = Person.objects.visible_to(actor, "view").filter(name=name.strip(), birth_date=birth_date)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.select_related("org")[:5])


def _clean(data: PersonInput) -> tuple[PersonInput, IdNumberInfo | None]:
    data.name = (data.name or "").strip()
    if not data.name:
        raise ValidationFailed("请填写姓名", field="name")
    if len(data.name) > 50:
        raise ValidationFailed("姓名不能超过50个字", field="name")
    info = validate_id_number(data.id_number) if (data.id_number or "").strip() else None
    if info:
        if data.birth_date and data.birth_date != info.birth_date:
            raise ValidationFailed(
                f"出生日期与身份证号码不一致（号码中为 {info.birth_date:%Y-%m-%d}），请核对", field="birth_date"
            )
        if data.sex in ("1", "2") and data.sex != info.sex:
            raise ValidationFailed("性别与身份证号码第17位不一致（奇数为男，偶数为女），请核对", field="sex")
        data.birth_date, data.sex = info.birth_date, info.sex
    if data.birth_date and data.birth_date > dt.date.today():
        raise ValidationFailed("出生日期不能晚于今天，请核对", field="birth_date")
    if data.phone:
        data.phone = validate_phone(data.phone)
    return data, info


def _apply(person: Person, data: PersonInput, info: IdNumberInfo | None) -> None:
    person.name, person.sex, person.ethnicity = data.name, data.sex, data.ethnicity
    person.birth_date, person.phone = data.birth_date, data.phone
    person.region, person.address_detail, person.note = data.region, data.address_detail, data.note
    if info:
        person.id_number_encrypted = encrypt_text(info.number)
        person.id_number_hash = keyed_hash(info.number)
        person.id_number_masked = info.masked
    else:
        person.id_number_encrypted = person.id_number_hash = person.id_number_masked = ""


def _check_unique_id(info: IdNumberInfo | None, *, exclude_pk: int | None = None) -> None:
    if not info:
        return
    qs = Person.objects.filter(id_number_hash=keyed_hash(info.number))
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if qs.exists():
        # Do not say who or where: the existing record may lie outside the user's scope.
        raise DuplicateRecord(
            f"身份证号码 {info.masked} 已在人员信息库中登记，同一自然人只登记一次；请在列表中按身份证号码查找并使用已有记录",
            field="id_number",
        )


@transaction.atomic
def person_create(*, actor: Any, org: Any, data: PersonInput, confirm_duplicate: bool = False, ip_address: str | None = None) -> Person:
    data, info = _clean(data)
    _check_unique_id(info)
    if not confirm_duplicate:
        twins = possible_duplicates(actor=actor, name=data.name, birth_date=data.birth_date)
        if twins:
            raise DuplicateRecord(
                f"已有同名且出生日期相同的人员（{twins[0].name}，{twins[0].org}），可能是同一人；"
                "如确认不是同一人，请勾选“确认不是同一人”后再保存",
                code="possible_duplicate",
                field="confirm_duplicate",
            )
    person = Person(org=org, created_by=actor)
    _apply(person, data, info)
    person.save()
    if actor is not None:  # None only for a citizen's own online application (no platform user)
        ensure_in_scope(actor=actor, obj=person, action="add")
    audit_record(actor=actor, action="create", summary=f"登记人员 {person.name}", obj=person, after=snapshot(person), ip_address=ip_address)
    ledger_record(org=org, actor=actor, event_type="people.person_registered", target=person, note=person.name)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, data: PersonInput, org: Any = None, ip_address: str | None = None) -> Person:
    before = snapshot(person)
    data, info = _clean(data)
    keep_id = not (data.id_number or "").strip() and person.id_number_hash
    if not keep_id:
        _check_unique_id(info, exclude_pk=person.pk)
        _apply(person, data, info)
    else:
        encrypted, hashed, masked = person.id_number_encrypted, person.id_number_hash, person.id_number_masked
        _apply(person, data, None)
        person.id_number_encrypted, person.id_number_hash, person.id_number_masked = encrypted, hashed, masked
    if org is not None:
        person.org = org
    person.save()
    ensure_in_scope(actor=actor, obj=person, action="change")
    old, new = diff(before, snapshot(person))
    if new:
        audit_record(actor=actor, action="update", summary=f"修改人员 {person.name}", obj=person, before=old, after=new, ip_address=ip_address)
    return person


@transaction.atomic
def person_reveal_id_number(*, actor: Any, person: Person, ip_address: str | None = None) -> str:
    """Show the full ID number; an audited action (个人信息保护法 第二十八条、第五十一条)."""
    number = person.reveal_id_number()
    audit_record(actor=actor, action="reveal", summary=f"查看 {person.name} 的完整身份证号码", obj=person, ip_address=ip_address)
    return number


@transaction.atomic
def person_find_or_create(*, actor: Any, org: Any, data: PersonInput) -> Person:
    """The registry's record for this ID number, or a new one: a party typed into a case form is
    registered once and shared by every module (no duplicate natural persons)."""
    if (data.id_number or "").strip():
        info = validate_id_number(data.id_number)
        existing = Person.objects.filter(id_number_hash=keyed_hash(info.number)).first()
        if existing is not None:
            return existing
    return person_create(actor=actor, org=org, data=data, confirm_duplicate=True)
