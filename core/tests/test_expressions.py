"""``CompiledSQL`` is ``RawSQL`` with the identity Django would work out (core/expressions.py)."""

from __future__ import annotations

from django.db.models import IntegerField
from django.db.models.expressions import Expression, RawSQL

from core.expressions import CompiledSQL
from people.models import Person


def _django_identity(expression: RawSQL) -> tuple:
    return Expression.__dict__["identity"].real_func(expression)  # type: ignore[no-any-return]


def test_identity_is_django_s():
    for args, kwargs in [
        (("SELECT 1", ("a%",)), {}),
        (("SELECT %s", [1, [2, 3]]), {"output_field": IntegerField()}),
        (("SELECT 1", ()), {"output_field": Person._meta.get_field("name")}),
    ]:
        ours = CompiledSQL(*args, **kwargs)
        assert ours.identity == _django_identity(ours)
        assert hash(ours) == hash(CompiledSQL(*args, **kwargs))
        assert ours == CompiledSQL(*args, **kwargs) and ours != CompiledSQL("SELECT 2", args[1], **kwargs)
    assert CompiledSQL("SELECT 1", ()).copy().identity == CompiledSQL("SELECT 1", ()).identity
