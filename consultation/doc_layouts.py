"""Layout of the 法律咨询登记表 (the office's record of one consultation, 公共法律服务). Written to
``consultation/doc_templates/`` by ``python -m documents.build_templates``; placeholders are the fields of
``consultation.documents.ConsultationSheetContext``."""

from __future__ import annotations

from documents.blocks import Fields, Layout, Signatures
from documents.build_templates import Field

SHEET = Layout("法律咨询登记表", "consultation/doc_templates/consultation_sheet.docx", (
    Fields((
        Field("登记编号", "{{ consultation_number }}"),
        Field("咨询日期", "{{ date }}"),
        Field("咨 询 人", "{{ name }}"),
        Field("性　　别", "{{ sex }}"),
        Field("联系电话", "{{ phone }}"),
        Field("咨询方式", "{{ channel }}"),
        Field("公民身份号码", "{{ id_number_masked }}", span=2),
        Field("咨询类别", "{{ topic }}", span=2),
        Field("咨询问题", "{{ question }}", span=2, height_mm=45),
        Field("解答意见", "{{ answer }}", span=2, height_mm=45),
        Field("引用法条", "{{ laws }}", span=2, height_mm=18),
        Field("后续处理", "{{ follow_up }}"),
        Field("转介单位", "{{ referred_to }}"),
        Field("接 待 人", "{{ handler }}"),
        Field("用　　时", "{{ duration }}"),
    )),
    Signatures((("咨询人（签名）：", "＿＿＿＿＿＿＿＿"), ("接待单位：", "{{ office }}"), ("", "{{ issued_on }}"))),
))

LAYOUTS = (SHEET,)
