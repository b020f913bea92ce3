"""Authors the .docx templates of the ten supervision documents (一表一报告两函三单三书) with python-docx, on the
page and fonts of ``documents/build_templates.py`` (GB/T 9704-2012). Run after changing a layout, then commit the
.docx files::

    .venv/bin/python -m supervision.build_templates

Letters (函、书) print a recipient line, body paragraphs written by ``supervision/documents.py`` and the issuing
bureau; lists (单) are bordered tables; the 统计表 and the 分析报告 repeat rows, sections and charts with docxtpl's
``{%tr %}`` and ``{%p %}`` tags."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from documents.build_templates import (
    BASE_DIR,
    FANGSONG,
    HEITI,
    SAN_HAO,
    SI_HAO,
    WU_HAO,
    XIAO_SI,
    Field,
    FormSpec,
    _borders,
    _cell,
    _text,
    add_field_table,
    add_number_and_title,
    new_document,
    slim,
)

TEMPLATE_DIR = "supervision/doc_templates"


def _page(*, landscape: bool = False) -> DocumentObject:
    """The engine's A4 page (GB/T 9704 margins, 仿宋 body); the 统计表 turns it to landscape for its eleven columns."""
    document = new_document()
    if landscape:
        section = document.sections[0]
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Mm(25), Mm(20), Mm(25), Mm(20)
    return document


def _line(document: DocumentObject, text: str, *, font: str = FANGSONG, size: Pt = SAN_HAO, align: WD_ALIGN_PARAGRAPH | None = None,
          indent: bool = False, bold: bool = False, before: int = 0, after: int = 0) -> None:
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    _text(paragraph, text, font, size, bold=bold)


def _tag(document: DocumentObject, tag: str) -> None:
    """A paragraph holding only a docxtpl block tag (removed when rendered)."""
    document.add_paragraph().add_run(tag)


def _head(document: DocumentObject, title: str) -> None:
    add_number_and_title(document, title)


def _paragraphs(document: DocumentObject, name: str) -> None:
    _tag(document, f"{{%p for para in {name} %}}")
    _line(document, "{{ para }}", indent=True)
    _tag(document, "{%p endfor %}")


def _signature(document: DocumentObject) -> None:
    document.add_paragraph()
    _line(document, "{{ issuer }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    _line(document, "{{ issued_on }}", align=WD_ALIGN_PARAGRAPH.RIGHT)


def _table(document: DocumentObject, columns: Sequence[tuple[str, str, float]], *, rows: str = "rows", total: str = "",
           size: Pt = XIAO_SI) -> None:
    """A bordered table: header, then one row per item of ``rows`` (``{%tr %}``), then an optional total row.
    ``columns`` are (header, attribute, width in mm)."""
    count = 4 + (1 if total else 0)
    table = document.add_table(rows=count, cols=len(columns))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table)
    for index, (header, attr, width) in enumerate(columns):
        cells = [table.rows[r].cells[index] for r in range(count)]
        for cell in cells:
            cell.width = Mm(width)
        _cell(cells[0], header, HEITI, size, center=True)
        _cell(cells[1], f"{{%tr for r in {rows} %}}" if index == 0 else "", FANGSONG, size, center=True)
        _cell(cells[2], f"{{{{ r.{attr} }}}}", FANGSONG, size, center=index != 1 or len(columns) < 4)
        _cell(cells[3], "{%tr endfor %}" if index == 0 else "", FANGSONG, size, center=True)
        if total:
            _cell(cells[4], "合计" if index == 0 else f"{{{{ {total}.{attr} }}}}", HEITI if index == 0 else FANGSONG, size, center=True)


def letter(title: str, code: str, *, table: Sequence[tuple[str, str, float]] = ()) -> Path:
    """函、通知书: 文号, title, recipient, body paragraphs (and a table with closing paragraphs), contact, bureau, date."""
    document = _page()
    _head(document, title)
    _line(document, "{{ recipient }}")
    _paragraphs(document, "paragraphs")
    if table:
        _table(document, table)
        _paragraphs(document, "closing")
    _line(document, "（联系人：{{ contact }}）", indent=True)
    _signature(document)
    return _save(document, code)


def problem_list() -> Path:
    document = _page()
    _head(document, "问题清单")
    _line(document, "被督查单位：{{ office }}　　整改期限：{{ due_date }}", size=SI_HAO, after=6)
    _table(document, [("序号", "seq", 12), ("问题类别", "category", 30), ("等级", "level", 18),
                      ("问题描述", "facts", 58), ("整改要求", "requirement", 38)], size=WU_HAO)
    _line(document, "请逐项整改，整改情况随整改反馈单一并报送{{ issuer }}。", size=SI_HAO, indent=True, before=6)
    _signature(document)
    return _save(document, "supervision_problems")


def statistics_table() -> Path:
    document = _page(landscape=True)
    _head(document, "司法所工作统计表")
    _line(document, "统计单位：{{ org }}　　统计期：{{ period }}", size=SI_HAO, after=6)
    _table(document, [("单位", "name", 46), ("台账事项（件）", "events", 22), ("受理纠纷（件）", "accepted", 22),
                      ("调解成功（件）", "success", 22), ("调解成功率", "rate", 22), ("日志确认（人天）", "worklog_days", 24),
                      ("超期事项（项）", "overdue", 22), ("预警（条）", "warnings", 20), ("红色预警（条）", "red", 22),
                      ("督办事项（件）", "issued", 22), ("已销号（件）", "items_verified", 20)], total="total", size=WU_HAO)
    _line(document, "说明：各项数字均由数字司法所工作台账自动汇总；调解成功率 = 调解成功 ÷（调解成功 + 调解不成）。",
          size=WU_HAO, before=6)
    _line(document, "制表单位：{{ issuer }}　　制表人：{{ contact }}　　制表日期：{{ issued_on }}", size=SI_HAO,
          align=WD_ALIGN_PARAGRAPH.RIGHT, before=6)
    return _save(document, "supervision_stats")


def analysis_report() -> Path:
    document = _page()
    _head(document, "{{ title }}")
    _tag(document, "{%p for s in sections %}")
    _line(document, "{{ s.heading }}", font=HEITI, size=SAN_HAO, indent=True)
    _tag(document, "{%p for para in s.paragraphs %}")
    _line(document, "{{ para }}", indent=True)
    _tag(document, "{%p endfor %}")
    _tag(document, "{%p endfor %}")
    _line(document, "附图", font=HEITI, size=SAN_HAO, indent=True)
    for name in ("chart_events", "chart_rate", "chart_warnings"):
        _line(document, f"{{{{ {name} }}}}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _line(document, "{{ chart_note }}", size=SI_HAO, indent=True)
    _signature(document)
    return _save(document, "supervision_report")


def _save(document: DocumentObject, code: str, *, base_dir: Path = BASE_DIR) -> Path:
    slim(document)
    target = base_dir / TEMPLATE_DIR / f"{code}.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(target))
    return target


def form(spec: FormSpec, code: str) -> Path:
    """单 in the engine's field grid (as ``documents.build_templates.build_form``), slimmed like the others."""
    document = new_document()
    add_number_and_title(document, spec.title)
    add_field_table(document, spec.fields)
    document.add_paragraph()
    for label, placeholder in spec.footer:
        _line(document, label + placeholder, size=SI_HAO, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return _save(document, code)


ASSIGN_SHEET = FormSpec(
    title="交办单",
    fields=(
        Field("交办事项", "{{ title }}", span=2),
        Field("交办单位", "{{ issuer }}"),
        Field("承办单位", "{{ office }}"),
        Field("交办日期", "{{ issued_on }}"),
        Field("办理时限", "{{ due_date }}"),
        Field("问题事实", "{{ facts }}", span=2, height_mm=45),
        Field("办理要求", "{{ requirements }}", span=2, height_mm=35),
        Field("交办人", "{{ contact }}"),
        Field("来源预警", "{{ source }}"),
    ),
    footer=(("交办单位（盖章）：", "{{ issuer }}"),),
    path=f"{TEMPLATE_DIR}/supervision_assign.docx",
)

FEEDBACK_SHEET = FormSpec(
    title="整改反馈单",
    fields=(
        Field("督办事项", "{{ title }}", span=2),
        Field("督办文号", "{{ item_number }}"),
        Field("督办单位", "{{ issuer_name }}"),
        Field("反馈单位", "{{ office }}"),
        Field("整改期限", "{{ due_date }}"),
        Field("存在问题", "{{ facts }}", span=2, height_mm=30),
        Field("整改措施及成效", "{{ feedback }}", span=2, height_mm=50),
        Field("佐证材料", "{{ attachments }}", span=2, height_mm=16),
        Field("反馈人", "{{ submitter }}"),
        Field("反馈日期", "{{ submitted_on }}"),
        Field("核查意见", "{{ review }}", span=2, height_mm=20),
    ),
    footer=(("反馈单位（盖章）：", "{{ office }}"), ("日期：", "{{ issued_on }}")),
    path=f"{TEMPLATE_DIR}/supervision_feedback.docx",
)

ASSESSMENT_TABLE = [("考核部分", "part", 60), ("满分（分）", "full", 45), ("得分（分）", "points", 45)]


def main() -> None:
    print(letter("提示函", "supervision_tip"))
    print(letter("督办函", "supervision_letter"))
    print(letter("整改通知书", "supervision_rectify"))
    print(letter("约谈通知书", "supervision_interview"))
    print(letter("考核结果通知书", "supervision_assess", table=ASSESSMENT_TABLE))
    print(problem_list())
    print(statistics_table())
    print(analysis_report())
    print(form(ASSIGN_SHEET, "supervision_assign"))
    print(form(FEEDBACK_SHEET, "supervision_feedback"))


if __name__ == "__main__":
    main()
