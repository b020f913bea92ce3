"""Layout of the 法律援助申请表 (the application the 司法所 fills in with the applicant and forwards to the 法律援助机构;
fields after the national 法律援助格式文书 and 法律援助法 第四十一条、第四十二条 for the hardship part). Written to
``legalaid/doc_templates/`` by ``python -m documents.build_templates``; placeholders are the fields of
``legalaid.documents.ApplicationFormContext``."""

from __future__ import annotations

from documents.blocks import Fields, Layout, Para, Signatures
from documents.build_templates import Field

APPLICATION_FORM = Layout("法律援助申请表", "legalaid/doc_templates/legal_aid_application.docx", (
    Fields((
        Field("申 请 人", "{{ name }}"),
        Field("性　　别", "{{ sex }}"),
        Field("出生日期", "{{ birth_date }}"),
        Field("民　　族", "{{ ethnicity }}"),
        Field("公民身份号码", "{{ id_number_masked }}", span=2),
        Field("联系电话", "{{ phone }}"),
        Field("接收日期", "{{ received_date }}"),
        Field("住　　址", "{{ address }}", span=2),
        Field("申请方式", "{{ channel }}"),
        Field("刑事案件", "{{ criminal }}"),
        Field("申请事项", "{{ matter }}", span=2),
        Field("对方当事人", "{{ opposing_party }}", span=2),
        Field("案情及申请理由", "{{ facts }}", span=2, height_mm=36),
        Field("申请援助事项", "{{ request }}", span=2, height_mm=12),
        Field("经济困难依据", "{{ hardship_basis }}", span=2),
        Field("经济困难状况说明或证明材料", "{{ hardship_detail }}", span=2, height_mm=16),
        Field("紧急情形", "{{ urgent }}", span=2),
        Field("接 待 人", "{{ handler }}"),
        Field("接收单位", "{{ office }}"),
    )),
    Para("本人保证以上所填内容真实。以欺骗或者其他不正当手段获得法律援助的，由司法行政部门责令支付已实施法律援助的费用，"
         "并处三千元以下罚款（《中华人民共和国法律援助法》第六十四条）。", indent=True, space_before=6),
    Signatures((("申请人（签名）：", "＿＿＿＿＿＿＿＿"), ("接收单位：", "{{ office }}"), ("", "{{ issued_on }}"))),
))

LAYOUTS = (APPLICATION_FORM,)
