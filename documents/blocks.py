"""A template as a list of blocks, for documents that are more than one field grid: a 申请书 or 协议书 in prose,
records with a header grid and a body, registers with one row per item. Built with python-docx like
``build_templates.build_form`` and with the same page, fonts and 文号 line; placeholders are docxtpl tags, each
inside one run. Run ``python -m documents.build_templates`` to write the files."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Mm, Pt

from documents.build_templates import (
    BASE_DIR,
    FANGSONG,
    HEITI,
    SI_HAO,
    XIAO_ER,
    XIAO_SI,
    Field,
    _borders,
    _cell,
    _text,
    add_field_table,
    add_number_and_title,
    new_document,
    slim,
)

ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
         "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


@dataclass(frozen=True)
class Para:
    """One paragraph: an optional bold label (黑体) then text (仿宋) that may hold placeholders; ``indent`` is the
    two-character first-line indent of body text."""

    text: str
    label: str = ""
    align: str = "justify"
    indent: bool = False
    size: Pt = SI_HAO
    space_before: float = 0


@dataclass(frozen=True)
class Lines:
    """One paragraph per item of a list placeholder: ``{%p for line in <items> %}`` … ``{{ line }}``."""

    items: str
    indent: bool = True
    align: str = "justify"


@dataclass(frozen=True)
class Title:
    """A further title inside the document (a second document on a new page); 黑体 小二, centred."""

    text: str


@dataclass(frozen=True)
class Grid:
    """A bordered table: a header row and one row per item of ``items`` (``{%tr for row in items %}``); each column
    is (header, width in mm, placeholder using ``row``)."""

    items: str
    columns: Sequence[tuple[str, float, str]]
    size: Pt = XIAO_SI


@dataclass(frozen=True)
class Fields:
    fields: Sequence[Field]


@dataclass(frozen=True)
class Signatures:
    """Right-aligned signature and date lines, a blank line above."""

    lines: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class PageBreak:
    pass


@dataclass(frozen=True)
class Layout:
    title: str
    path: str
    blocks: Sequence[object] = field(default_factory=tuple)


def _para(document: DocumentObject, block: Para) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = ALIGN[block.align]
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(4)
    fmt.space_before = Pt(block.space_before)
    if block.indent:
        fmt.first_line_indent = Pt(block.size.pt * 2)
    if block.label:
        _text(paragraph, block.label, HEITI, block.size)
    if block.text:
        _text(paragraph, block.text, FANGSONG, block.size)


def _lines(document: DocumentObject, block: Lines) -> None:
    for text in (f"{{%p for line in {block.items} %}}", "{{ line }}", "{%p endfor %}"):
        _para(document, Para(text, indent=block.indent and text == "{{ line }}", align=block.align))


def _grid(document: DocumentObject, block: Grid) -> None:
    table = document.add_table(rows=4, cols=len(block.columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    for index, (header, width, placeholder) in enumerate(block.columns):
        table.columns[index].width = Mm(width)
        for row in table.rows:
            row.cells[index].width = Mm(width)
        _cell(table.rows[0].cells[index], header, HEITI, block.size, center=True)
        _cell(table.rows[2].cells[index], placeholder, FANGSONG, block.size, center=index == 0)
    table.rows[0].height = Mm(10)
    table.rows[2].height = Mm(10)
    # docxtpl removes the two marker rows and repeats the row between them.
    _cell(table.rows[1].cells[0], f"{{%tr for row in {block.items} %}}", FANGSONG, block.size, center=False)
    _cell(table.rows[3].cells[0], "{%tr endfor %}", FANGSONG, block.size, center=False)


def _signatures(document: DocumentObject, block: Signatures) -> None:
    document.add_paragraph()
    for label, placeholder in block.lines:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.space_after = Pt(6)
        _text(line, label, FANGSONG, SI_HAO)
        if placeholder:
            _text(line, placeholder, FANGSONG, SI_HAO)


def build_layout(layout: Layout, *, base_dir: Path = BASE_DIR) -> Path:
    document = new_document()
    add_number_and_title(document, layout.title)
    for block in layout.blocks:
        if isinstance(block, Para):
            _para(document, block)
        elif isinstance(block, Lines):
            _lines(document, block)
        elif isinstance(block, Grid):
            _grid(document, block)
        elif isinstance(block, Fields):
            add_field_table(document, block.fields)
        elif isinstance(block, Signatures):
            _signatures(document, block)
        elif isinstance(block, Title):
            title = document.add_paragraph()
            title.alignment = WD_ALIGN_PARAGRAPH.CENTER
            title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(12), Pt(18)
            _text(title, block.text, HEITI, XIAO_ER)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(f"unknown block {block!r}")
    slim(document)
    target = base_dir / layout.path
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target
