"""Query expressions shared by the scoped querysets and the list pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Field
from django.db.models.expressions import RawSQL


class CompiledSQL(RawSQL):
    """``RawSQL`` for SQL that the ORM compiled (a data-scope subquery, a list page's row count), its values bound.

    The compiler hashes and compares every expression of a query by its ``identity``, which Django works out from
    the constructor's signature (``inspect.signature(...).bind_partial``) the first time it is asked — for each new
    expression, so on every scoped query. Here it is the same tuple, built directly."""

    def __init__(self, sql: str, params: Any, output_field: Field | None = None) -> None:
        super().__init__(sql, params, output_field)
        # Expression._identity turns each argument into its hashable form, as Django's own identity does; the
        # django-stubs do not declare it.
        of = self._identity  # type: ignore[attr-defined]
        self.__dict__["identity"] = (type(self), ("sql", of(sql)), ("params", of(params)), ("output_field", of(output_field)))
