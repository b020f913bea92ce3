"""Layout of the 社区矫正方案 (社区矫正法 第二十四条; 实施办法 第二十二条 lists its parts: 基本情况、综合评估结果、心理状态
和其他特殊情况分析、监督管理措施和教育帮扶措施). Written to ``corrections/doc_templates/`` by
``python -m documents.build_templates``; placeholders are the fields of ``corrections.documents.PlanContext``."""

from __future__ import annotations

from documents.blocks import Fields, Grid, Layout, Lines, Para, Signatures
from documents.build_templates import Field

DIR = "corrections/doc_templates"

MEASURE_COLUMNS = (("序号", 12, "{{ row.seq }}"), ("措施", 56, "{{ row.title }}"), ("频次或时长", 26, "{{ row.frequency }}"),
                   ("触发条件", 36, "{{ row.triggers }}"), ("法律依据", 26, "{{ row.basis }}"))

PLAN = Layout("社区矫正方案", f"{DIR}/correction_plan.docx", (
    Fields((
        Field("姓　　名", "{{ name }}"),
        Field("性　　别", "{{ sex }}"),
        Field("矫正类别", "{{ correction_type }}"),
        Field("管理等级", "{{ level }}"),
        Field("罪　　名", "{{ crime }}", span=2),
        Field("矫正期限", "{{ term }}", span=2),
        Field("方案版本", "{{ version }}"),
        Field("制定原因", "{{ trigger }}"),
    )),
    Para("", label="一、基本情况", space_before=8),
    Lines("fact_lines"),
    Para("", label="二、综合评估结果"),
    Lines("assessment_lines"),
    Para("", label="三、心理状态和其他特殊情况分析"),
    Lines("psychology_lines"),
    Para("", label="四、监督管理措施"),
    Grid("supervision", MEASURE_COLUMNS),
    Para("", label="五、教育矫正措施", space_before=6),
    Grid("education", MEASURE_COLUMNS),
    Para("", label="六、帮扶措施", space_before=6),
    Grid("assistance", MEASURE_COLUMNS),
    Para("本方案根据社区矫正对象的表现、管理等级和基本情况的变化相应调整（《中华人民共和国社区矫正法》第二十四条）。", indent=True,
         space_before=6),
    Signatures((("矫正责任人：", "{{ officer }}"), ("审批人：", "{{ approver }}"), ("", "{{ office }}"), ("", "{{ approved_on }}"))),
))

LAYOUTS = (PLAN,)
