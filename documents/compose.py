"""Merging generated documents into one Word file (a 卷宗: cover, index and the case's documents in order).

Each document starts on a new page and carries a bookmark at its first paragraph, so an index can point at it
with a ``PAGEREF`` field: Word and LibreOffice compute the real page number when they lay the file out (the
file asks Word to refresh its fields on opening; LibreOffice does so when printing or converting to PDF). The
merged file has page numbers in the footer (GB/T 9704-2012 7.5: 4号 半角宋体阿拉伯数字, 数字左右各放一条一字线).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from copy import deepcopy
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docxcompose.composer import Composer

# GB/T 9704-2012: 22 lines of 28 characters on an A4 page; an estimate until Word or LibreOffice lays it out.
CHARS_PER_PAGE = 22 * 28


def bookmark_name(sequence: int) -> str:
    return f"doc_{sequence}"


def _bookmark(paragraph: Paragraph, name: str, bookmark_id: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    ppr = paragraph._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def _field_runs(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """Append a complex field (``w:fldChar`` begin / instruction / separate / cached result / end) to the paragraph,
    with the font of the paragraph's first run."""
    template = paragraph.runs[0]._r.rPr if paragraph.runs else None

    def run(child: BaseOxmlElement) -> None:
        r = OxmlElement("w:r")
        if template is not None:
            r.append(_copy(template))
        r.append(child)
        paragraph._p.append(r)

    def char(kind: str) -> BaseOxmlElement:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    text = OxmlElement("w:t")
    text.text = cached
    run(char("begin"))
    run(instr)
    run(char("separate"))
    run(text)
    run(char("end"))


def _copy(element: BaseOxmlElement) -> BaseOxmlElement:
    return deepcopy(element)


def pageref(paragraph: Paragraph, sequence: int, cached: int) -> None:
    """Replace the paragraph's text with a page reference to document ``sequence`` of the merged file."""
    for r in paragraph.runs[1:]:
        r._r.getparent().remove(r._r)
    if paragraph.runs:
        paragraph.runs[0].text = ""
    _field_runs(paragraph, f"PAGEREF {bookmark_name(sequence)} \\h", str(cached))


def estimated_pages(document: DocumentObject) -> int:
    """Pages of one document by its amount of text (each paragraph at least one line); explicit page breaks count."""
    body = document.element.body
    lines = 0
    for p in body.iter(qn("w:p")):
        text = "".join(t.text or "" for t in p.iter(qn("w:t")))
        lines += max(1, math.ceil(len(text) / 28))
    breaks = sum(1 for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page")
    return max(1, math.ceil(lines * 28 / CHARS_PER_PAGE)) + breaks


def _page_number_footer(document: DocumentObject) -> None:
    footer = document.sections[0].footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dash = paragraph.add_run("— ")
    dash.font.size, dash.font.name = Pt(14), "宋体"
    _field_runs(paragraph, "PAGE", "1")
    tail = paragraph.add_run(" —")
    tail.font.size, tail.font.name = Pt(14), "宋体"


def _update_fields_on_open(document: DocumentObject) -> None:
    settings = document.settings.element
    element = settings.find(qn("w:updateFields"))
    if element is None:
        element = OxmlElement("w:updateFields")
        settings.append(element)
    element.set(qn("w:val"), "true")


def open_docx(content: bytes) -> DocumentObject:
    return Document(BytesIO(content))


def merge_documents(documents: Sequence[DocumentObject]) -> bytes:
    """One file from ``documents`` in order: document *n* (counted from 1) starts on a new page at bookmark
    ``doc_n``. The first document's page setup applies to the whole file."""
    if not documents:
        raise ValueError("nothing to merge")
    for sequence, document in enumerate(documents, start=1):
        first = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
        if sequence > 1:
            first.paragraph_format.page_break_before = True
        _bookmark(first, bookmark_name(sequence), 1000 + sequence)
    master = documents[0]
    _page_number_footer(master)
    _update_fields_on_open(master)
    composer = Composer(master)
    for document in documents[1:]:
        composer.append(document)
    buffer = BytesIO()
    composer.save(buffer)
    return buffer.getvalue()
