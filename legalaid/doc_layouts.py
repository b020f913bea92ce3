"""Layout of the 法律援助申请表 (the application the 司法所 fills in with the applicant and forwards to the 法律援助机构;
fields after the national 法律援助格式文书 and 法律援助法 第四十一条、第四十二条 for the hardship part). Written to
``legalaid/doc_templates/`` by ``python -m documents.build_templates``; placeholders are the fields of
``legalaid.documents.ApplicationFormContext``."""

from __future__ import annotations

from documents.blocks import Fields, Layout, Lines, Para, Signatures
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

# 给予法律援助决定书 and 不予法律援助决定书 (法律援助法 第四十三条; the refusal in writing with its reasons and the
# 异议 route of 第四十九条).
GRANT_DECISION = Layout("给予法律援助决定书", "legalaid/doc_templates/legal_aid_grant.docx", (
    Para("{{ applicant_line }}：", align="left"),
    Para("你于{{ received_date }}向本机构提出的法律援助申请（申请事项：{{ matter }}），经审查，符合《中华人民共和国法律援助法》"
         "{{ articles }}规定的条件，本机构决定给予法律援助。", indent=True),
    Para("本机构将自本决定作出之日起三日内指派法律援助人员为你提供法律援助（《中华人民共和国法律援助法》第四十三条）。"
         "{{ advance }}", indent=True),
    Para("受援人应当向法律援助人员如实陈述与法律援助事项有关的情况，及时提供证据材料，协助、配合办理法律援助事项；"
         "以欺骗或者其他不正当手段获得法律援助的，将终止法律援助并依法承担责任（第五十四条、第四十八条、第六十四条）。",
         indent=True),
    Signatures((("", "{{ centre }}（公章）"), ("", "{{ issued_on }}"))),
))

REFUSAL_DECISION = Layout("不予法律援助决定书", "legalaid/doc_templates/legal_aid_refusal.docx", (
    Para("{{ applicant_line }}：", align="left"),
    Para("你于{{ received_date }}向本机构提出的法律援助申请（申请事项：{{ matter }}），经审查，本机构决定不予法律援助。"
         "理由如下：", indent=True),
    Lines("reason_lines"),
    Para("你如对本决定有异议，可以向{{ department }}提出。{{ department }}将自收到异议之日起五日内进行审查，作出维持本决定"
         "或者责令本机构改正的决定；对维持决定不服的，可以依法申请行政复议或者提起行政诉讼（《中华人民共和国法律援助法》"
         "第四十九条）。", indent=True),
    Signatures((("", "{{ centre }}（公章）"), ("", "{{ issued_on }}"))),
))

# 指派通知书 to the provider's 律师事务所 or 基层法律服务所 (法律援助法 第四十三条、第三十六条; 第十六条: they must take the
# assigned case), and the 告知书 telling the recipient who will help and what the law asks of both (第五十四条、第五十五条).
ASSIGNMENT_NOTICE = Layout("指派通知书", "legalaid/doc_templates/legal_aid_assignment_notice.docx", (
    Para("{{ firm }}：", align="left"),
    Para("根据《中华人民共和国法律援助法》{{ articles }}的规定，本机构决定对{{ recipient }}（{{ matter }}）提供法律援助，"
         "现指派你所{{ provider_kind }}{{ provider }}（执业证号：{{ licence_number }}）承办。{{ authority_line }}", indent=True),
    Para("请承办人员自接受指派之日起及时会见受援人、开展工作，依法维护受援人合法权益；不得向受援人收取任何财物"
         "（第二十一条、第二十二条）。法律援助事项办理结束后，应当及时向本机构报告，提交有关法律文书的副本或者复印件、"
         "办理情况报告等材料（第五十条）。", indent=True),
    Signatures((("", "{{ centre }}（公章）"), ("", "{{ issued_on }}"))),
))

RECIPIENT_NOTICE = Layout("法律援助告知书", "legalaid/doc_templates/legal_aid_recipient_notice.docx", (
    Para("{{ recipient }}：", align="left"),
    Para("本机构已指派{{ firm }}{{ provider_kind }}{{ provider }}（联系电话：{{ phone }}）为你{{ service }}。", indent=True),
    Para("你有权了解法律援助事项的办理情况；法律援助人员未依法履行职责的，你可以请求本机构更换法律援助人员"
         "（《中华人民共和国法律援助法》第五十五条）。", indent=True),
    Para("你应当如实陈述与法律援助事项有关的情况，及时提供证据材料，协助、配合办理法律援助事项（第五十四条）。"
         "有以欺骗或者其他不正当手段获得法律援助、故意隐瞒重要事实或者提供虚假证据、自行委托律师等情形的，"
         "本机构将终止法律援助（第四十八条）。", indent=True),
    Signatures((("受援人（签名）：", "＿＿＿＿＿＿＿＿"), ("", "{{ centre }}（公章）"), ("", "{{ issued_on }}"))),
))

LAYOUTS = (APPLICATION_FORM, GRANT_DECISION, REFUSAL_DECISION, ASSIGNMENT_NOTICE, RECIPIENT_NOTICE)
