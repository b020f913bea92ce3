"""身份证号码 search without the number in any URL.

The list's filter form posts the number (``id_number``); ``ScopedListView`` answers with a redirect to the same list
with the number's keyed hash (``id_key``) in its place, so the address bar, the history, the export link and every
request log hold only the hash. The hash is the one the records keep (``core.crypto.keyed_hash``, keyed by
``ID_HASH_KEY``): it cannot be turned back into the number without that key, and it finds the record by an exact,
indexed lookup. 个人信息保护法 第五十一条: technical measures against leaks of personal information."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.crypto import keyed_hash
from core.errors import ValidationFailed
from core.validators import validate_id_number

ID_NUMBER_PARAM = "id_number"
ID_KEY_PARAM = "id_key"
ID_KEY_PATTERN = r"^[0-9a-f]{64}$"
_ID_KEY_RE = re.compile(ID_KEY_PATTERN)


def id_number_key(value: str) -> str:
    """The lookup key of an ID number as typed: a valid number is normalised first (a lower-case x, spaces), anything
    else is hashed as typed and so finds nothing."""
    text = (value or "").strip()
    try:
        text = validate_id_number(text).number
    except ValidationFailed:
        text = text.upper()
    return keyed_hash(text)


def id_number_to_key(params: QueryDict) -> QueryDict:
    """A list's query with the typed ID number replaced by its key, empty fields and the CSRF token left out."""
    query = QueryDict(mutable=True)
    for name, values in params.lists():
        kept = [v for v in values if v != ""]
        if name in (ID_NUMBER_PARAM, "csrfmiddlewaretoken") or not kept:
            continue
        query.setlist(name, kept)
    number = params.get(ID_NUMBER_PARAM, "").strip()
    if number:
        query[ID_KEY_PARAM] = id_number_key(number)
    return query


class IdNumberKeyWidget(forms.TextInput):
    """An empty text box named ``id_number`` for a new number, and the current key, if any, in a hidden input so
    that changing another filter keeps it (重置 clears it)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, attrs)
        if value:
            final["placeholder"] = "已按身份证号码筛选；输入新号码可更换"
        box = format_html('<input type="text" name="{}" autocomplete="off"{}>', ID_NUMBER_PARAM, flatatt(final))
        if value:
            box += format_html('<input type="hidden" name="{}" value="{}">', name, value)
        return box

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)


class IdNumberKeyFilter(django_filters.CharFilter):
    """身份证号码 exact search by the number's keyed hash; ``field_name`` is the path to the ``id_number_hash`` of the
    person the list is about (``person__id_number_hash`` …). Declared as ``id_key`` on a FilterSet; the API
    takes the same key (``POST /api/v1/id-key`` makes one)."""

    def __init__(self, *, field_name: str, label: str = "身份证号码", distinct: bool = False) -> None:
        widget = IdNumberKeyWidget(attrs={"class": "form-control form-control-sm", "placeholder": "完整号码精确查找"})
        super().__init__(field_name=field_name, label=label, widget=widget, distinct=distinct)

    def filter(self, qs: QuerySet, value: str) -> QuerySet:
        value = (value or "").strip()
        if not value:
            return qs
        if not _ID_KEY_RE.match(value):
            return qs.none()
        qs = qs.filter(**{self.field_name: value})
        return qs.distinct() if self.distinct else qs
