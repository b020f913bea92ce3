"""Document numbers such as （2026）红司调字第12号, race-free per org, year and kind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F

from core.models import DocumentSequence


@dataclass(frozen=True)
class NumberKind:
    """A numbered document kind; ``word`` is the character before 字, e.g. 调 for 调解文书."""

    code: str
    word: str
    label: str


NUMBER_KINDS: dict[str, NumberKind] = {}


def register_number_kind(kind: NumberKind) -> None:
    NUMBER_KINDS[kind.code] = kind


register_number_kind(NumberKind("person_sheet", "登", "人员信息登记表"))


def next_number(*, org: Any, kind: str, year: int) -> int:
    """Reserve the next number. The increment is one UPDATE, so two writers never get the same number
    (PostgreSQL row lock; SQLite's single writer)."""
    with transaction.atomic():
        updated = DocumentSequence.objects.filter(org=org, year=year, kind=kind).update(last_number=F("last_number") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    DocumentSequence.objects.create(org=org, year=year, kind=kind, last_number=1)
                    return 1
            except IntegrityError:
                DocumentSequence.objects.filter(org=org, year=year, kind=kind).update(last_number=F("last_number") + 1)
        return DocumentSequence.objects.get(org=org, year=year, kind=kind).last_number


def format_number(*, org: Any, kind: str, year: int, number: int) -> str:
    word = NUMBER_KINDS[kind].word
    return f"（{year}）{org.doc_abbr}{word}字第{number}号"


def document_number_issue(*, org: Any, kind: str, year: int) -> str:
    if kind not in NUMBER_KINDS:
        raise ValueError(f"unregistered document number kind {kind!r}")
    return format_number(org=org, kind=kind, year=year, number=next_number(org=org, kind=kind, year=year))
