"""One error hierarchy: every error a user can see carries a code and a Chinese message
that says how to fix the input."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class SifasuoError(Exception):
    """Base of every business error; ``message`` is shown to the user as is."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "field": self.field}


class ValidationFailed(SifasuoError):
    """The input breaks a rule; nothing was saved."""

    code = "invalid"
    status = 400


class DuplicateRecord(ValidationFailed):
    """The record already exists (e.g. the same ID number)."""

    code = "duplicate"
    status = 409


class NeedsConfirmation(ValidationFailed):
    """The input may be right, but only the user can tell: e.g. an ID number already registered in the user's scope
    under another name (same person with new contact details, or a typing error?). Nothing was saved; the form shows
    the question at the field, and the request is repeated with the user's answer (``same_person``)."""

    code = "needs_confirmation"
    status = 409


class AccessDenied(SifasuoError):
    """The user may see the object but not perform this action on it (HTTP 403)."""

    code = "forbidden"
    status = 403


class NotFound(SifasuoError):
    """The object does not exist or lies outside the user's data scope (HTTP 404)."""

    code = "not_found"
    status = 404


class ScopeViolation(AccessDenied):
    """A write would move a record outside the writer's data scope; the write is rolled back."""

    code = "scope_violation"


class ServiceUnavailable(SifasuoError):
    """An optional outside program or service (LibreOffice, an LLM endpoint) is not available."""

    code = "unavailable"
    status = 503


class ValidationErrors(ValidationFailed):
    """Several input errors found in one round, each at its field; nothing was saved.

    ``message`` joins them (for a caller that shows one line), ``field`` is the first one's, ``errors`` holds each;
    a form puts each at its field (``core.forms.attach_error``) and the API lists them all in ``errors``."""

    errors: list[SifasuoError]

    def __init__(self, errors: list[SifasuoError]) -> None:
        flat = [item for error in errors for item in (error.errors if isinstance(error, ValidationErrors) else [error])]
        super().__init__("；".join(e.message for e in flat), field=flat[0].field if flat else None)
        self.errors = flat
        if flat and all(e.status == 409 for e in flat):
            self.status = 409  # only duplicates: the client sees the same answer as for one duplicate
            self.code = flat[0].code

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "errors": [{"field": e.field, "message": e.message, "code": e.code} for e in self.errors]}


# The subject words a party's name goes in front of: 身份证号码 → 被申请人的身份证号码.
_PARTY_SUBJECTS = ("身份证号码", "电话号码", "联系电话", "出生日期", "性别", "姓名")


def for_party(party: str, message: str) -> str:
    """Name the party in a message about one of its fields: "身份证号码校验位错误" → "被申请人的身份证号码校验位错误"."""
    if not party:
        return message
    positions = [(message.find(word), word) for word in _PARTY_SUBJECTS if word in message]
    if not positions:
        return f"{party}：{message}"
    at, _word = min(positions)
    return f"{message[:at]}{party}的{message[at:]}"


class ErrorCollector:
    """Gathers every input error of one request so that the user sees them all at once, each at its field.

    ``with errors.check(field="applicant_id_number", party="申请人"): validate_id_number(x)`` records a
    ``ValidationFailed`` raised inside (moved to the form's field, the party named in the message) and carries on;
    ``errors.raise_if_any()`` raises them together as one ``ValidationErrors``. Errors other than validation ones
    (403, 404) pass through at once: they are not the user's input to correct."""

    def __init__(self) -> None:
        self.errors: list[SifasuoError] = []

    def add(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        """Record an error; a field that has one already keeps only its first (correct that one first)."""
        if field is None or field not in self.fields():
            self.errors.append(ValidationFailed(message, field=field, code=code))

    def fields(self) -> set[str]:
        return {e.field for e in self.errors if e.field}

    @contextmanager
    def check(self, *, field: str | None = None, prefix: str = "", party: str = "") -> Iterator[None]:
        """Record a validation error raised inside. ``field`` replaces the error's field; ``prefix`` is put in front
        of it instead (``applicant_`` + ``id_number``), for a service that validates one party of a larger form."""
        try:
            yield
        except ValidationFailed as exc:
            for error in exc.errors if isinstance(exc, ValidationErrors) else [exc]:
                where = field or (f"{prefix}{error.field}" if prefix and error.field else error.field)
                if where == error.field and not party:
                    self.errors.append(error)
                else:  # the same kind of error (a duplicate stays a duplicate), at the form's field
                    self.errors.append(type(error)(for_party(party, error.message), field=where, code=error.code))

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_if_any(self) -> None:
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ValidationErrors(self.errors)
