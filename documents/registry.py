"""文书类型登记: each module declares the documents it can generate in ``<app>/documents.py`` as
``DOCUMENT_KINDS``; the registry is filled when the apps are ready (like the ledger's event types)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model

from core.discovery import app_modules
from core.errors import NotFound


@dataclass(frozen=True)
class DocumentKind:
    """A document the platform can generate from one record.

    ``template_path`` is the .docx template relative to the project directory (authored by
    ``documents/build_templates.py``); ``version`` is stamped on every generated copy so a document can
    always be traced to the template it came from; ``number_kind`` is the ``core.numbering`` kind that
    issues its 文号; ``model`` is the source record's ``app_label.ModelName`` (an ``OrgOwnedModel``: found by its ``uuid``,
    the document belongs to its ``org``); ``context_builder(target,
    org=, number=, issued_on=, actor=)`` returns a dataclass whose fields are the template's placeholders;
    ``button_label`` is the short text of the generate button (default 生成 + label);
    ``issuer(target)``, when given, names the org whose 文号 series numbers the document (a 督办函 kept by the
    office it is sent to carries the county bureau's number); ``perm``, when given, is a permission the actor needs
    beyond ``documents.add_generateddocument`` (only a supervising bureau may issue a 督办函).

    A kind written once per sub-record of the target (one 调查记录 per investigation of a dispute) names them with
    ``parts(target)``, a queryset; the document still belongs to the target, remembers the part, and the context
    builder receives it as ``part=``. ``missing(target, part)`` says, in Chinese, what the record still lacks for
    this document ("" when it can be generated): the button is hidden and generation refused with that message
    before any number is issued. ``renderer(kind, context)`` replaces the plain template render (a case file that
    merges several documents). ``in_panel=False`` keeps the button out of the record's document panel, for kinds
    whose button sits next to the matching section of the page.
    """

    code: str
    label: str
    template_path: str
    version: str
    number_kind: str
    context_builder: Callable[..., Any]
    model: str
    button_label: str = ""
    parts: Callable[[Any], Any] | None = None
    missing: Callable[[Any, Any], str] | None = None
    renderer: Callable[[DocumentKind, Any], bytes] | None = None
    in_panel: bool = True
    issuer: Callable[[Any], Any] | None = None
    perm: str = ""

    @property
    def action_label(self) -> str:
        """The text of the generate button on the record's page."""
        return self.button_label or f"生成{self.label}"

    @property
    def template_file(self) -> Path:
        return Path(settings.BASE_DIR) / self.template_path

    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)

    def title_for(self, target: Model, part: Model | None = None) -> str:
        return f"{self.label}（{target}，{part}）" if part is not None else f"{self.label}（{target}）"

    def missing_for(self, target: Model, part: Model | None = None) -> str:
        """What the record lacks for this document, or "" when it is ready."""
        return self.missing(target, part) if self.missing else ""


DOCUMENT_KINDS: dict[str, DocumentKind] = {}


def register_kind(kind: DocumentKind) -> None:
    existing = DOCUMENT_KINDS.get(kind.code)
    if existing and existing != kind:
        raise ValueError(f"document kind {kind.code} declared twice with different meanings")
    DOCUMENT_KINDS[kind.code] = kind


def register_kinds_from_apps() -> None:
    for module in app_modules("documents"):
        for kind in getattr(module, "DOCUMENT_KINDS", ()):
            register_kind(kind)


def kind_get(code: str) -> DocumentKind:
    try:
        return DOCUMENT_KINDS[code]
    except KeyError:
        raise NotFound(f"没有“{code}”这种文书，请从记录的详情页选择要生成的文书") from None


def kinds_for_model(model: type[Model], *, panel_only: bool = False) -> list[DocumentKind]:
    label = model._meta.label
    return [k for k in DOCUMENT_KINDS.values() if k.model == label and (k.in_panel or not panel_only)]


def kind_label(code: str) -> str:
    kind = DOCUMENT_KINDS.get(code)
    return kind.label if kind else code
