"""Authors the .docx templates of the documents engine with python-docx, so every template is reproducible
from code and reviewed as a diff. Run after changing a layout, then commit the .docx files::

    .venv/bin/python -m documents.build_templates

Layout follows the common shape of Chinese official forms (党政机关公文格式 GB/T 9704-2012 for page and
fonts): A4, margins 37/35/28/26 mm, title in 黑体 小二 centred, 文号 top right in 仿宋, a bordered table of
fields with labels in 黑体 and values in 仿宋, and the issuing office and date below. Placeholders are docxtpl
``{{ name }}`` fields, each kept inside one run so Word never splits them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

BASE_DIR = Path(__file__).resolve().parent.parent

# 字号 in points (GB/T 9704: 小二 18, 三号 16, 四号 14, 小四 12, 五号 10.5).
XIAO_ER, SAN_HAO, SI_HAO, XIAO_SI, WU_HAO = Pt(18), Pt(16), Pt(14), Pt(12), Pt(10.5)
HEITI, FANGSONG, SONGTI = "黑体", "仿宋", "宋体"


@dataclass(frozen=True)
class Field:
    """One row item: a label and the placeholder of its value; ``span`` columns of the 4-column grid
    (1 = label + value in half the row, 2 = label + value across the whole row)."""

    label: str
    placeholder: str
    span: int = 1
    height_mm: float = 11


@dataclass(frozen=True)
class FormSpec:
    title: str
    fields: Sequence[Field]
    footer: Sequence[tuple[str, str]]
    path: str


def _font(run_or_style: object, name: str, size: Pt, *, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold = name, size, bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element  # type: ignore[attr-defined]
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _text(paragraph: Paragraph, text: str, font: str, size: Pt, *, bold: bool = False) -> None:
    _font(paragraph.add_run(text), font, size, bold=bold)


def _cell(cell: _Cell, text: str, font: str, size: Pt, *, center: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
    paragraph.paragraph_format.space_before = paragraph.paragraph_format.space_after = Pt(0)
    _text(paragraph, text, font, size)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _borders(table: object) -> None:
    """Single 0.75 pt borders on every edge, written into the table so no style is needed."""
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), "6")
        element.set(qn("w:space"), "0")
        element.set(qn("w:color"), "000000")
        borders.append(element)
    tbl_pr.append(borders)


def _rows(fields: Sequence[Field]) -> list[list[Field]]:
    rows: list[list[Field]] = []
    current: list[Field] = []
    for item in fields:
        if item.span == 2:
            if current:
                rows.append(current)
                current = []
            rows.append([item])
            continue
        current.append(item)
        if len(current) == 2:
            rows.append(current)
            current = []
    if current:
        rows.append(current)
    return rows


def new_document() -> DocumentObject:
    """An empty A4 document with the GB/T 9704 margins and 仿宋 as the body font."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _font(document.styles["Normal"], FANGSONG, SAN_HAO)
    return document


def add_number_and_title(document: DocumentObject, title_text: str) -> None:
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _text(number, "{{ number }}", FANGSONG, SI_HAO)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before, title.paragraph_format.space_after = Pt(12), Pt(18)
    _text(title, title_text, HEITI, XIAO_ER)


def slim(document: DocumentObject) -> None:
    """Leave out what python-docx's default package carries and our templates never use: the thumbnail, the
    custom XML, the second copy of the styles for Word 2010 and every style no paragraph or table names (the default
    styles.xml alone is 350 kB). A template is opened, rendered and written on every generation, so a small package
    keeps generation fast."""
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype.rsplit("/", 1)[-1] in ("stylesWithEffects", "customXml", "numbering"):
            document.part.drop_rel(rid)
    package_rels = document.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)
    styles = document.styles.element
    latent = styles.find(qn("w:latentStyles"))
    if latent is not None:
        styles.remove(latent)
    by_id = {style.get(qn("w:styleId")): style for style in styles.findall(qn("w:style"))}
    body = document.element.xml
    keep = {sid for sid, style in by_id.items() if style.get(qn("w:default")) == "1" or f'w:val="{sid}"' in body}
    pending = list(keep)
    while pending:  # the styles the kept ones are based on or linked to
        style = by_id.get(pending.pop())
        if style is None:
            continue
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            if ref is not None and ref.get(qn("w:val")) not in keep:
                keep.add(ref.get(qn("w:val")))
                pending.append(ref.get(qn("w:val")))
    for sid, style in by_id.items():
        if sid not in keep:
            styles.remove(style)


def build_form(spec: FormSpec, *, base_dir: Path = BASE_DIR) -> Path:
    document = new_document()
    add_number_and_title(document, spec.title)
    add_field_table(document, spec.fields)

    document.add_paragraph()
    for label, placeholder in spec.footer:
        line = document.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _text(line, label, FANGSONG, SI_HAO)
        _text(line, placeholder, FANGSONG, SI_HAO)

    target = base_dir / spec.path
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def add_field_table(document: DocumentObject, fields: Sequence[Field]) -> None:
    """The bordered 4-column grid of labels (黑体 小四) and values (仿宋 四号)."""
    rows = _rows(fields)
    table = document.add_table(rows=len(rows), cols=4)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    widths = (Mm(30), Mm(48), Mm(30), Mm(48))
    for row_items, row in zip(rows, table.rows, strict=True):
        row.height = Mm(max(item.height_mm for item in row_items))
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
        if len(row_items) == 1 and row_items[0].span == 2:
            item = row_items[0]
            _cell(row.cells[0], item.label, HEITI, XIAO_SI, center=True)
            merged = row.cells[1].merge(row.cells[3])
            _cell(merged, item.placeholder, FANGSONG, SI_HAO, center=False)
            continue
        for index, item in enumerate(row_items):
            _cell(row.cells[index * 2], item.label, HEITI, XIAO_SI, center=True)
            _cell(row.cells[index * 2 + 1], item.placeholder, FANGSONG, SI_HAO, center=False)


PERSON_SHEET = FormSpec(
    title="人员信息登记表",
    fields=(
        Field("姓　　名", "{{ name }}"),
        Field("性　　别", "{{ sex }}"),
        Field("民　　族", "{{ ethnicity }}"),
        Field("出生日期", "{{ birth_date }}"),
        Field("公民身份号码", "{{ id_number_masked }}", span=2),
        Field("联系电话", "{{ phone }}"),
        Field("登记单位", "{{ office }}"),
        Field("住　　址", "{{ address }}", span=2, height_mm=16),
        Field("备　　注", "{{ note }}", span=2, height_mm=30),
    ),
    footer=(("登记单位（盖章）：", "{{ office }}"), ("登记人：", "{{ registrar }}"), ("登记日期：", "{{ issued_on }}")),
    path="people/doc_templates/person_sheet.docx",
)

TEMPLATES = (PERSON_SHEET,)
# Modules that author further templates with ``documents.blocks`` (each has ``LAYOUTS`` and is imported only here,
# so the builder runs without Django).
LAYOUT_MODULES = ("mediation.doc_layouts", "consultation.doc_layouts", "legalaid.doc_layouts", "corrections.doc_layouts",
                  "corrections.doc_layouts_duties",
                  "corrections.doc_layouts_plans")


def main() -> None:
    from importlib import import_module

    from documents.blocks import build_layout

    for spec in TEMPLATES:
        print(build_form(spec))
    for module in LAYOUT_MODULES:
        for layout in import_module(module).LAYOUTS:
            print(build_layout(layout))


if __name__ == "__main__":
    main()
