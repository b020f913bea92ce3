"""Layouts of the 社区矫正 documents (the common national formats as seen in practice: 调查评估意见书 with 文号, addressee,
period of investigation, facts, 评估意见 and 抄送; 入矫宣告书; 期满鉴定表; 解除社区矫正宣告书; 解除社区矫正证明书).
Written to ``corrections/doc_templates/`` by ``python -m documents.build_templates``; placeholders are the fields of
the context dataclasses in ``corrections.documents``."""

from __future__ import annotations

from documents.blocks import Fields, Layout, Lines, Para, Signatures
from documents.build_templates import Field

INVESTIGATION_OPINION = Layout("调查评估意见书", "corrections/doc_templates/investigation_opinion.docx", (
    Para("{{ addressee }}：", align="left"),
    Para("受你单位委托（{{ case_number }}），我局于{{ received_date }}至{{ opinion_date }}对{{ person_line }}进行了调查评估。"
         "现将调查评估情况报告如下：", indent=True),
    Para("", label="一、调查情况", space_before=6),
    Lines("finding_lines"),
    Para("", label="二、评估意见"),
    Para("经调查评估，{{ person_name }}{{ opinion }}。", indent=True),
    Lines("reason_lines"),
    Signatures((("", "{{ agency }}（公章）"), ("承办：", "{{ office }}"), ("", "{{ issued_on }}"))),
    Para("抄送：{{ copy_to }}", align="left", space_before=12),
))

ANNOUNCEMENT = Layout("社区矫正宣告书", "corrections/doc_templates/announcement.docx", (
    Para("{{ privacy }}", align="left"),
    Fields((
        Field("社区矫正对象", "{{ name }}"),
        Field("性　　别", "{{ sex }}"),
        Field("矫正类别", "{{ correction_type }}"),
        Field("罪　　名", "{{ crime }}"),
        Field("决定机关及文号", "{{ decision }}", span=2),
        Field("矫正期限", "{{ period }}", span=2),
        Field("禁止令内容", "{{ prohibitions }}", span=2, height_mm=16),
        Field("矫正小组成员", "{{ team }}", span=2, height_mm=16),
    )),
    Para("", label="宣告事项：", space_before=6),
    Lines("rule_lines"),
    Signatures((("宣告人：", "{{ announcer }}"), ("", "{{ office }}"), ("宣告日期：", "{{ issued_on }}"),
                ("社区矫正对象（签名）：", "＿＿＿＿＿＿＿＿"))),
))

APPRAISAL = Layout("社区矫正期满鉴定表", "corrections/doc_templates/appraisal.docx", (
    Fields((
        Field("姓　　名", "{{ name }}"),
        Field("性　　别", "{{ sex }}"),
        Field("矫正类别", "{{ correction_type }}"),
        Field("罪　　名", "{{ crime }}"),
        Field("矫正期限", "{{ period }}", span=2),
        Field("司法所鉴定意见", "{{ appraisal }}", span=2, height_mm=60),
        Field("帮扶需求", "{{ needs }}", span=2),
        Field("安置帮教衔接", "{{ handed_to }}", span=2),
    )),
    Signatures((("司法所（公章）：", "{{ office }}"), ("", "{{ issued_on }}"))),
))

DISCHARGE_ANNOUNCEMENT = Layout("解除社区矫正宣告书", "corrections/doc_templates/discharge_announcement.docx", (
    Para("社区矫正对象{{ name }}，{{ sex }}，{{ crime }}，经{{ decision }}，{{ correction_type }}，矫正期限{{ period }}。", indent=True),
    Para("{{ name }}在社区矫正期间的表现：{{ appraisal }}", indent=True),
    Para("依照《中华人民共和国社区矫正法》第四十四条的规定，现宣告：{{ name }}的社区矫正期限于{{ ended_on }}届满，"
         "依法解除社区矫正。{{ consequence }}", indent=True),
    Signatures((("", "{{ agency }}（公章）"), ("", "{{ issued_on }}"))),
))

DISCHARGE_CERTIFICATE = Layout("解除社区矫正证明书", "corrections/doc_templates/discharge_certificate.docx", (
    Para("社区矫正对象{{ name }}，{{ sex }}，公民身份号码{{ id_number_masked }}，因犯{{ crime }}，经{{ decision }}，"
         "{{ correction_type }}，矫正期限自{{ start }}起至{{ end }}止。", indent=True),
    Para("{{ name }}的社区矫正期限已于{{ ended_on }}届满，依照《中华人民共和国社区矫正法》第四十四条的规定，"
         "解除社区矫正。特此证明。", indent=True),
    Signatures((("", "{{ agency }}（公章）"), ("", "{{ issued_on }}"))),
    Para("抄送：{{ copy_to }}", align="left", space_before=12),
))

LAYOUTS = (INVESTIGATION_OPINION, ANNOUNCEMENT, APPRAISAL, DISCHARGE_ANNOUNCEMENT, DISCHARGE_CERTIFICATE)
