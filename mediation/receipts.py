"""网上申请的查询凭证: how a citizen follows an online application without an account.

The citizen keeps the receipt code shown after applying and proves the application is theirs with the phone number or
the ID number given on THAT application — not the ones the people registry holds, which may be another office's or
may change after staff confirm the person (个人信息保护法 第五十一条: technical measures against unauthorised access).
Only keyed hashes of the two are kept on the dispute (``core.crypto.keyed_hash``, keyed by ``ID_HASH_KEY``; the ID
number through ``core.idsearch.id_number_key``, the lookup key of the whole platform). The lookup compares hashes in
constant time and gives one answer for every failure, so a wrong code, a wrong phone and a wrong ID number cannot be
told apart."""

from __future__ import annotations

import hmac

from core.crypto import keyed_hash
from core.errors import ValidationFailed
from core.idsearch import id_number_key
from core.validators import validate_phone
from mediation.models import Dispute

PHONE_PURPOSE = "receipt-phone"
# A key nothing can match: compared when no application has the code, so that a miss takes as long as a hit.
_NO_KEY = "0" * 64


def phone_key(phone: str) -> str:
    """The keyed hash of a phone number as the application form normalises it (spaces and dashes dropped)."""
    text = (phone or "").strip()
    if not text:
        return ""
    try:
        text = validate_phone(text)
    except ValidationFailed:
        pass  # hashed as typed: it matches nothing an application stored
    return keyed_hash(text, purpose=PHONE_PURPOSE)


def id_key(number: str) -> str:
    return id_number_key(number) if (number or "").strip() else ""


def _same(stored: str, given: str) -> bool:
    return hmac.compare_digest(stored or _NO_KEY, given or "") and bool(stored)


def receipt_find(code: str, contact: str) -> Dispute | None:
    """The online application with this receipt code whose applicant gave ``contact`` as phone or ID number, or None."""
    code = (code or "").strip().upper()
    dispute = Dispute.objects.filter(receipt_code=code).first() if code else None
    stored_phone = dispute.receipt_phone_key if dispute else _NO_KEY
    stored_id = dispute.receipt_id_key if dispute else _NO_KEY
    by_phone = _same(stored_phone, phone_key(contact))
    by_id = _same(stored_id, id_key(contact))
    return dispute if dispute is not None and (by_phone or by_id) else None
