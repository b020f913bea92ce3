"""Writes to the people registry (人员信息库), private by construction.

A ``Person`` row belongs to the org that registered it and holds what that org's users typed. The registry is not
one list shared by every office: what a user learns about a person is bounded by ``Person.objects.visible_to(user)``
(个人信息保护法 第十条、第二十八条 — an ID number and a community-corrections record are sensitive information).

- Every lookup by 公民身份号码 (a party typed into a case form, the Excel import's "update existing", the duplicate
  checks) searches only the rows the user can see, and reuses a row only inside the registering org. A number that is
  registered elsewhere is not mentioned, not filled in and not refused: the user's own row is created with what the
  user typed. So the ID number is unique per registering org within what its users see, not across the platform,
  and no database constraint says more (a constraint would answer "exists" for rows the user cannot see).
- The same natural person may therefore have a row in each office. The keyed hash recognises them; a service that
  needs it (a 双列管 or recidivism check) may compare hashes across orgs but never shows the other row. A user whose
  scope covers both rows may merge them (``person_merge``).
- A citizen's online application (no platform user) is never matched at all: it records what the citizen typed,
  owned by the receiving office, which merges it with its own record after checking the applicant's identity.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import ForeignObjectRel, Q, QuerySet

from core.audit import audit_record, diff, snapshot
from core.crypto import encrypt_text, keyed_hash
from core.deadlines import deadlines_close_for
from core.errors import DuplicateRecord, ErrorCollector, NeedsConfirmation, NotFound, ValidationFailed
from core.ledger import ledger_record
from core.services import ensure_in_scope
from core.validators import IdNumberInfo, validate_id_number, validate_phone
from documents.models import GeneratedDocument
from people.models import Person

INFO_CHECK = "people.info_check"


@dataclass
class PersonInput:
    name: str
    sex: str = "9"
    ethnicity: str = ""
    birth_date: dt.date | None = None
    id_number: str = ""
    phone: str = ""
    region: Any = None
    address_detail: str = ""
    note: str = ""
    # The user's answer to "this ID number is registered under another name": the same natural person (link the row,
    # record the contact details typed here). Only ``person_find_or_create`` reads it.
    same_person: bool = False


def possible_duplicates(*, actor: Any, name: str, birth_date: dt.date | None, exclude_pk: int | None = None) -> list[Person]:
    """Visible people with the same name and birth date: probably the same natural person."""
    if not birth_date or actor is None:
        return []
    qs = Person.objects.visible_to(actor, "view").filter(name=name.strip(), birth_date=birth_date)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs.select_related("org")[:5])


def _visible_with_number(actor: Any, number_hash: str) -> QuerySet[Person]:
    """The rows with this ID number (its keyed hash) that ``actor`` may see; none for a citizen (no platform user)."""
    if actor is None or not number_hash:
        return Person.objects.none()
    return Person.objects.visible_to(actor, "view").filter(id_number_hash=number_hash).order_by("pk")


def person_duplicates(*, actor: Any, person: Person) -> list[Person]:
    """Other rows the actor may change that are probably the same natural person as ``person``: the same ID number,
    or no ID number on one side and the same name and birth date. Only these can be offered for merging."""
    same = Q(id_number_hash=person.id_number_hash) if person.id_number_hash else Q(pk__in=[])
    if person.birth_date:
        twin = Q(name=person.name, birth_date=person.birth_date)
        same |= twin & (Q(id_number_hash="") if person.id_number_hash else Q())
    qs = Person.objects.visible_to(actor, "change").filter(same).exclude(pk=person.pk).select_related("org")
    return list(qs.order_by("pk")[:20])


def _clean(data: PersonInput) -> tuple[PersonInput, IdNumberInfo | None]:
    """Check what was typed about a person; every problem is reported at once, each at its field
    (``ValidationErrors``), so the user corrects them in one round."""
    errors = ErrorCollector()
    data.name = (data.name or "").strip()
    if not data.name:
        errors.add("请填写姓名", field="name")
    elif len(data.name) > 50:
        errors.add("姓名不能超过50个字", field="name")
    info = None
    if (data.id_number or "").strip():
        with errors.check(field="id_number"):
            info = validate_id_number(data.id_number)
    if info:
        birth_differs = bool(data.birth_date) and data.birth_date != info.birth_date
        sex_differs = data.sex in ("1", "2") and data.sex != info.sex
        if birth_differs:
            errors.add(f"出生日期与身份证号码不一致（号码中为 {info.birth_date:%Y-%m-%d}），请核对", field="birth_date")
        if sex_differs:
            errors.add("性别与身份证号码第17位不一致（奇数为男，偶数为女），请核对", field="sex")
        if not (birth_differs or sex_differs):
            data.birth_date, data.sex = info.birth_date, info.sex
    if data.birth_date and data.birth_date > dt.date.today():
        errors.add("出生日期不能晚于今天，请核对", field="birth_date")
    if data.phone:
        with errors.check(field="phone"):
            data.phone = validate_phone(data.phone)
    errors.raise_if_any()
    return data, info


def person_input_check(data: PersonInput) -> None:
    """Raise every problem of what was typed about a person (``ValidationErrors``) without saving anything: a form
    calls it while it is cleaned so that these errors come in the same round as its own."""
    _clean(PersonInput(**vars(data)))


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


def _check_unique_id(*, actor: Any, org: Any, number_hash: str, masked: str, exclude_pk: int | None = None) -> None:
    """One row per ID number in a registering org, among the rows the actor can see (see the module docstring)."""
    found = _visible_with_number(actor, number_hash).filter(org=org)
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    same = found.first()
    if same is not None:
        raise DuplicateRecord(
            f"身份证号码 {masked} 已在{org}登记（{same.name}），同一单位对同一人只登记一次；请在人员信息库中使用已有记录",
            field="id_number",
        )


def _warn_twins(*, actor: Any, org: Any, data: PersonInput, info: IdNumberInfo | None) -> None:
    """Ask before registering a second row for a person the actor can already see elsewhere."""
    twins = list(_visible_with_number(actor, keyed_hash(info.number)).select_related("org")[:1]) if info else []
    if twins and info:
        raise DuplicateRecord(
            f"{twins[0].org}已登记身份证号码 {info.masked} 的人员（{twins[0].name}），是同一人；"
            f"如确需在{org}另行登记一条记录，请勾选“确认另行登记”后再保存",
            code="possible_duplicate",
            field="confirm_duplicate",
        )
    twins = possible_duplicates(actor=actor, name=data.name, birth_date=data.birth_date)
    if twins:
        raise DuplicateRecord(
            f"已有同名且出生日期相同的人员（{twins[0].name}，{twins[0].org}），可能是同一人；"
            "如确认不是同一人，请勾选“确认另行登记”后再保存",
            code="possible_duplicate",
            field="confirm_duplicate",
        )


@transaction.atomic
def person_create(*, actor: Any, org: Any, data: PersonInput, confirm_duplicate: bool = False, ip_address: str | None = None,
                  action: str = "add") -> Person:
    """登记人员 in ``org`` with exactly what the actor typed (``actor`` is None for a citizen's online application).
    ``action="supervise"``: registered by the bureau for an office in an act of supervision (see ``writable_orgs``)."""
    data, info = _clean(data)
    if info:
        _check_unique_id(actor=actor, org=org, number_hash=keyed_hash(info.number), masked=info.masked)
    if not confirm_duplicate:
        _warn_twins(actor=actor, org=org, data=data, info=info)
    person = Person(org=org, created_by=actor)
    _apply(person, data, info)
    person.save()
    if actor is not None:  # None only for a citizen's own online application (no platform user)
        ensure_in_scope(actor=actor, obj=person, action=action)
    audit_record(actor=actor, action="create", summary=f"登记人员 {person.name}", obj=person, after=snapshot(person), ip_address=ip_address)
    ledger_record(org=org, actor=actor, event_type="people.person_registered", target=person, note=person.name)
    return person


@transaction.atomic
def person_update(*, actor: Any, person: Person, data: PersonInput, org: Any = None, ip_address: str | None = None) -> Person:
    before = snapshot(person)
    data, info = _clean(data)
    keep_id = not (data.id_number or "").strip() and person.id_number_hash
    if info or (keep_id and org is not None and org.pk != person.org_id):
        _check_unique_id(actor=actor, org=org or person.org, exclude_pk=person.pk,
                         number_hash=keyed_hash(info.number) if info else person.id_number_hash,
                         masked=info.masked if info else person.id_number_masked)
    if not keep_id:
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
    # Saving the person's information again is the 人员信息核对 (住址、联系电话) its clock asked for.
    deadlines_close_for(target=person, kind=INFO_CHECK)
    return person


@transaction.atomic
def person_reveal_id_number(*, actor: Any, person: Person, ip_address: str | None = None) -> str:
    """Show the full ID number; an audited action (个人信息保护法 第二十八条、第五十一条)."""
    number = person.reveal_id_number()
    audit_record(actor=actor, action="reveal", summary=f"查看 {person.name} 的完整身份证号码", obj=person, ip_address=ip_address)
    return number


def _same_name(a: str, b: str) -> bool:
    return "".join((a or "").split()) == "".join((b or "").split())


def _confirm_same_person(*, actor: Any, person: Person, data: PersonInput, masked: str) -> Person:
    """No silent identity merge: the registered row is reused under another name only when the user said it is the
    same natural person (``data.same_person``); then the phone typed now is recorded on the row (the one it replaces
    stays in the audit entry), so that reminders and tracking reach the person where the person is now."""
    if not data.same_person:
        raise NeedsConfirmation(
            f"身份证号码 {masked} 已登记为另一姓名（{person.name}），与所填姓名“{data.name.strip()}”不同；"
            "如是同一人，请选择“同一人，更新联系方式”后再保存；如录入有误，请改正姓名或身份证号码",
            field="id_number",
        )
    return person_same_person_record(actor=actor, person=person, typed_name=data.name, phone=data.phone)


IMPORT_IDENTITY_HINT = "请核实：同一人的请按已登记的姓名填写，或在页面上逐条登记并确认“同一人”；录入有误的请改正后重新导入"


def for_import(exc: NeedsConfirmation) -> ValidationFailed:
    """The same question in an import's row report, where no choice can be offered: the fact, and what to do."""
    fact = exc.message.split("；如是同一人")[0]
    return ValidationFailed(f"{fact}；{IMPORT_IDENTITY_HINT}", field=exc.field)


def person_same_person_record(*, actor: Any, person: Person, typed_name: str, phone: str,
                              ip_address: str | None = None) -> Person:
    """Record that ``typed_name`` (on a form or an online application) names the registered ``person``: the phone
    given then, if any, becomes the person's (the one it replaces stays in the audit entry's “before”)."""
    before = snapshot(person)
    phone = validate_phone(phone) if phone else ""
    if phone and phone != person.phone:
        person.phone = phone
        person.save(update_fields=["phone", "updated_at"])
    old, new = diff(before, snapshot(person))
    audit_record(actor=actor, action="update", obj=person, before=old, after=new, ip_address=ip_address,
                 summary=f"确认同一人：所填姓名“{typed_name.strip()}”与登记姓名“{person.name}”为同一人"
                         + ("，更新联系电话" if new else ""))
    return person


@transaction.atomic
def person_find_or_create(*, actor: Any, org: Any, data: PersonInput, action: str = "add") -> Person:
    """The row for this ID number that ``actor`` can see in the registering ``org``, or a new row there with what the
    actor typed: a party typed into a case form is registered once per office. A row of another org, or one the actor
    cannot see, is never reused, filled in or mentioned. A citizen (``actor`` None) always gets a new row.

    A visible row registered under another name is not reused silently: ``NeedsConfirmation`` at ``id_number`` asks
    the user whether it is the same person (``data.same_person``, then the phone typed is recorded on the row) or a
    typing error to correct (个人信息保护法 第八条: personal information is kept accurate)."""
    person_input_check(data)  # every problem of what was typed at once, before any lookup
    if actor is not None and (data.id_number or "").strip():
        info = validate_id_number(data.id_number)
        existing = _visible_with_number(actor, keyed_hash(info.number)).filter(org=org).first()
        if existing is not None:
            if not _same_name(existing.name, data.name):
                return _confirm_same_person(actor=actor, person=existing, data=data, masked=info.masked)
            return existing
    return person_create(actor=actor, org=org, data=data, confirm_duplicate=True, action=action)


def registered_under_other_name(person: Person) -> Person | None:
    """The oldest other row of ``person``'s registering org with the same ID number under another name, if any: a
    citizen's online application that names a person the office knows otherwise (身份待核实). For the office's own
    check only; never shown to the citizen."""
    if not person.id_number_hash:
        return None
    rows = Person.objects.filter(org_id=person.org_id, id_number_hash=person.id_number_hash).exclude(pk=person.pk).order_by("pk")
    return next((row for row in rows if not _same_name(row.name, person.name)), None)


def _dependents() -> list[tuple[Any, str]]:
    """(model, field name) of every foreign key to a person: the business records of every module, found through
    Django's documented model ``_meta`` API so the registry needs not import the modules above it."""
    # include_hidden: the business modules name their links ``related_name="+"`` (no reverse accessor on Person).
    return [(rel.related_model, rel.field.name) for rel in Person._meta.get_fields(include_hidden=True)
            if isinstance(rel, ForeignObjectRel) and (rel.one_to_many or rel.one_to_one)]


def _merge_conflict(model: Any, field: str, keep: Person, drop: Person) -> str:
    """The name of a record that both people belong to under a uniqueness rule (e.g. both parties of one dispute)."""
    for constraint in model._meta.constraints:
        fields = list(getattr(constraint, "fields", ()))
        if field not in fields:
            continue
        others = [f for f in fields if f != field]
        manager = model._default_manager
        kept = set(manager.filter(**{field: keep}).values_list(*others))
        if kept and kept & set(manager.filter(**{field: drop}).values_list(*others)):
            return str(model._meta.verbose_name)
    return ""


@transaction.atomic
def person_merge(*, actor: Any, keep: Person, drop: Person, ip_address: str | None = None) -> Person:
    """合并重复人员: two rows of the same natural person become ``keep``; every business record of ``drop`` now
    names ``keep`` and ``drop`` is deleted. Only for an actor who may change both rows: a row outside the actor's
    scope is "not found", as everywhere else."""
    changeable = Person.objects.visible_to(actor, "change")
    if keep.pk == drop.pk or not changeable.filter(pk__in=[keep.pk, drop.pk]).count() == 2:
        raise NotFound("未找到要合并的人员，或您无权修改")
    if keep.id_number_hash and drop.id_number_hash and keep.id_number_hash != drop.id_number_hash:
        raise ValidationFailed("两人的身份证号码不同，不是同一人，不能合并", field="other")
    for model, field in _dependents():
        clash = _merge_conflict(model, field, keep, drop)
        if clash:
            raise ValidationFailed(f"两人同时出现在同一{clash}中，不能合并；请先在该{clash}中去掉重复的一人", field="other")
    before_keep, before_drop = snapshot(keep), snapshot(drop)
    if not keep.id_number_hash and drop.id_number_hash:
        keep.id_number_encrypted, keep.id_number_hash = drop.id_number_encrypted, drop.id_number_hash
        keep.id_number_masked = drop.id_number_masked
        keep.save(update_fields=["id_number_encrypted", "id_number_hash", "id_number_masked", "updated_at"])
    moved = 0
    for model, field in _dependents():
        moved += model._default_manager.filter(**{field: drop}).update(**{field: keep})
    # 人员信息登记表 and other documents generated from the dropped row stay on file, now under the kept person.
    moved += GeneratedDocument.objects.filter(content_type=ContentType.objects.get_for_model(Person),
                                              object_id=str(drop.pk)).update(object_id=str(keep.pk))
    summary = f"合并重复人员：{drop.name}（{drop.org}登记）并入 {keep.name}（{keep.org}登记），转移业务记录 {moved} 条"
    old, new = diff(before_keep, snapshot(keep))
    audit_record(actor=actor, action="update", summary=summary, obj=keep, before=old, after=new, ip_address=ip_address)
    audit_record(actor=actor, action="delete", summary=summary, obj=drop, before=before_drop, ip_address=ip_address)
    drop.delete()
    ensure_in_scope(actor=actor, obj=keep, action="change")
    return keep
