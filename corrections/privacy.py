"""Confidentiality of minors' files (社区矫正法 第五十四条: 未成年社区矫正对象的身份信息应当予以保密，档案信息不得提供给任何
单位或者个人). The owning office works with the full name; anyone else inside the data scope (county and city corrections
staff, auditors) sees a minor's name masked on lists, exports and the file page. Every view of a file is logged
(``audit_record`` with the 查阅 summary) and searchable in 操作日志."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from corrections.models import minor_at_offence


def masked_name(name: str) -> str:
    """陈小明 → 陈**: the surname only."""
    return name[:1] + "*" * max(len(name) - 1, 1) if name else name


def office_ids(user: Any) -> set[int]:
    """The orgs the user works at (one query); a minor's name is shown in full only to the owning office."""
    from accounts.models import Membership

    if getattr(user, "is_superuser", False):
        return set()
    return set(Membership.objects.filter(user=user, is_active=True).values_list("org_id", flat=True))


def must_mask(subject: Any, offices: set[int]) -> bool:
    return subject.org_id not in offices and minor_at_offence(subject.person, subject.effective_date)


def mask_minors(subjects: Iterable[Any], user: Any) -> Iterable[Any]:
    """The subjects with a minor's name masked in memory (never saved) for a viewer outside the owning office."""
    offices = office_ids(user)
    for subject in subjects:
        if must_mask(subject, offices):
            subject.person.name = masked_name(subject.person.name)
            subject.person.id_number_masked = ""
        yield subject


def request_offices(request: Any) -> set[int]:
    """``office_ids`` of the request's user, read once per request (an API page of subjects asks for every row)."""
    offices = getattr(request, "corrections_office_ids", None)
    if offices is None:
        offices = office_ids(request.user)
        request.corrections_office_ids = offices
    return offices
