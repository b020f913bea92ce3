"""Rendering a .docx template with docxtpl; values are XML-escaped (autoescape) so a name such as
``A&B <c>`` cannot break the document or inject markup."""

from __future__ import annotations

import dataclasses
from io import BytesIO
from pathlib import Path
from typing import Any

from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage
from jinja2 import Environment, Template


class Picture:
    """A picture placeholder value (a chart rendered as PNG); ``render_docx`` places it inline at ``width_mm``.
    Deliberately not a dataclass, so ``dataclasses.asdict`` hands it over whole."""

    def __init__(self, content: bytes, *, width_mm: float = 150) -> None:
        self.content = content
        self.width_mm = width_mm


class CachingEnvironment(Environment):
    """A Jinja environment that compiles each template part once: docxtpl hands over the same XML of a template on
    every render, and compiling it is a third of the render time."""

    MAX_TEMPLATES = 128

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: dict[str, Template] = {}

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Template:
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        found = self._compiled.get(source)
        if found is None:
            if len(self._compiled) >= self.MAX_TEMPLATES:
                self._compiled.pop(next(iter(self._compiled)))
            found = self._compiled[source] = super().from_string(source)
        return found


JINJA = CachingEnvironment()

# A document prints only what is known: a value the record lacks is a line to fill in by hand, never a word that
# reads as a fact (无, 未说明, 0.00, a default 民族).
BLANK = "＿＿＿＿＿＿"


def known(value: object) -> str:
    """The value as printed, or the blank line when the record lacks it (None, "" or whitespace)."""
    shown = "" if value is None else str(value).strip()
    return shown or BLANK


def context_values(context: Any) -> dict[str, Any]:
    """The template placeholders of a kind's typed context (a dataclass); ``None`` prints as empty."""
    values = dataclasses.asdict(context) if dataclasses.is_dataclass(context) and not isinstance(context, type) else dict(context)
    return {key: ("" if value is None else value) for key, value in values.items()}


def render_docx(template: Path, context: Any) -> bytes:
    doc = DocxTemplate(str(template))
    values = {
        key: InlineImage(doc, BytesIO(value.content), width=Mm(value.width_mm)) if isinstance(value, Picture) else value
        for key, value in context_values(context).items()
    }
    doc.render(values, jinja_env=JINJA, autoescape=True)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
