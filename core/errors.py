"""One error hierarchy: every error a user can see carries a code and a Chinese message
that says how to fix the input."""

from __future__ import annotations


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

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "field": self.field}


class ValidationFailed(SifasuoError):
    """The input breaks a rule; nothing was saved."""

    code = "invalid"
    status = 400


class DuplicateRecord(ValidationFailed):
    """The record already exists (e.g. the same ID number)."""

    code = "duplicate"
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
