"""Layouts of the 人民调解 document set (司法部《人民调解文书格式》, 2010, as used in local versions; field lists in
the research notes §2.4) and of the 司法确认 application package (人民调解法 第三十三条; 民事诉讼法 第二百零五条;
最高人民法院关于人民调解协议司法确认程序的若干规定 第三条). Written to ``mediation/doc_templates/`` by
``python -m documents.build_templates``; the placeholders are the fields of the contexts in ``mediation/documents.py``."""

from __future__ import annotations

from documents.blocks import Fields, Grid, Layout, Lines, PageBreak, Para, Signatures, Title
from documents.build_templates import WU_HAO, Field

BLANK = "＿＿＿＿＿＿＿＿"
DIR = "mediation/doc_templates"

APPLICATION = Layout("人民调解申请书", f"{DIR}/application.docx", (
    Lines("applicant_lines", indent=False, align="left"),
    Lines("respondent_lines", indent=False, align="left"),
    Para("", label="纠纷简要情况：", space_before=6),
    Lines("fact_lines"),
    Para("", label="申请事项："),
    Lines("claim_lines"),
    Para("申请人已知悉人民调解的性质、原则和效力以及当事人在调解活动中享有的权利和应当履行的义务，"
         "自愿申请{{ committee }}调解上述纠纷。", indent=True, space_before=6),
    Para("此致", indent=True),
    Para("{{ committee }}"),
    Signatures((("申请人（签名、盖章或按指印）：", BLANK), ("", "{{ received_on }}"))),
))

ACCEPTANCE = Layout("人民调解受理登记表", f"{DIR}/acceptance.docx", (
    Fields((
        Field("受理编号", "{{ case_number }}"),
        Field("受理日期", "{{ accepted_on }}"),
        Field("纠纷名称", "{{ title }}", span=2),
        Field("纠纷类型", "{{ category }}"),
        Field("案件来源", "{{ source }}"),
        Field("申 请 人", "{{ applicants }}"),
        Field("被申请人", "{{ respondents }}"),
        Field("涉及金额", "{{ amount }}"),
        Field("涉及人数", "{{ people_count }}"),
        Field("纠纷简要情况", "{{ facts }}", span=2, height_mm=30),
        Field("申请事项", "{{ claims }}", span=2, height_mm=18),
        Field("受理意见", "经当事人同意，{{ committee }}受理并调解{{ applicants }}与{{ respondents }}之间的纠纷。", span=2, height_mm=16),
        Field("当事人选择的调解员", "{{ requested_mediators }}", span=2),
        Field("调解员", "{{ mediators }}（{{ mediator_choice }}）", span=2),
    )),
    Signatures((("当事人（签名）：", BLANK), ("登记人：", "{{ registrar }}"), ("", "{{ seal }}"), ("", "{{ accepted_on }}"))),
))

NOTICE = Layout("人民调解当事人权利义务告知书", f"{DIR}/notice.docx", (
    Para("{{ parties }}：", align="left"),
    Para("你（们）申请调解（或同意调解）的{{ title }}，由{{ committee }}依照《中华人民共和国人民调解法》进行调解。"
         "根据该法及司法部《人民调解工作若干规定》第三十条，现将人民调解的性质、原则、效力和当事人的权利义务告知如下：", indent=True),
    Para("", label="一、人民调解的性质和原则"),
    Para("人民调解是人民调解委员会通过说服、疏导等方法，促使当事人在平等协商基础上自愿达成调解协议，解决民间纠纷的活动（第二条）。"
         "调解应当在当事人自愿、平等的基础上进行，不违背法律、法规和国家政策，不得因调解而阻止当事人依法通过仲裁、行政、司法等途径维护自己的权利（第三条）。"
         "人民调解委员会调解民间纠纷，不收取任何费用（第四条）。", indent=True),
    Para("", label="二、当事人享有的权利（第二十三条）"),
    Para("（一）选择或者接受人民调解员；（二）接受调解、拒绝调解或者要求终止调解；（三）要求调解公开进行或者不公开进行；"
         "（四）自主表达意愿、自愿达成调解协议。", indent=True),
    Para("", label="三、当事人应当履行的义务（第二十四条）"),
    Para("（一）如实陈述纠纷事实；（二）遵守调解现场秩序，尊重人民调解员；（三）尊重对方当事人行使权利。", indent=True),
    Para("", label="四、调解协议的效力"),
    Para("经人民调解委员会调解达成的调解协议，具有法律约束力，当事人应当按照约定履行（第三十一条）。"
         "双方当事人认为有必要的，可以自调解协议生效之日起三十日内共同向人民法院申请司法确认（第三十三条）。"
         "调解不成的，人民调解员应当终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利（第二十六条）。", indent=True),
    Para("以上内容，当事人已知悉。", indent=True, space_before=6),
    Signatures((("当事人（签名）：", BLANK), ("", "{{ seal }}"), ("", "{{ issued_on }}"))),
))

INVESTIGATION = Layout("人民调解调查记录", f"{DIR}/investigation.docx", (
    Fields((
        Field("事　　由", "{{ title }}", span=2),
        Field("受理编号", "{{ case_number }}", span=2),
        Field("调查时间", "{{ date }}"),
        Field("调查地点", "{{ place }}"),
        Field("调 查 人", "{{ investigators }}"),
        Field("被调查人", "{{ respondent }}"),
        Field("调查内容", "{{ content }}", span=2, height_mm=85),
    )),
    Signatures((("被调查人（签名）：", BLANK), ("调查人（签名）：", BLANK))),
))

SESSION = Layout("人民调解记录", f"{DIR}/session.docx", (
    Fields((
        Field("事　　由", "{{ title }}", span=2),
        Field("受理编号", "{{ case_number }}"),
        Field("调解次数", "第{{ sequence }}次"),
        Field("调解时间", "{{ date }}"),
        Field("调解地点", "{{ place }}"),
        Field("当 事 人", "{{ parties }}", span=2),
        Field("主持调解员", "{{ hosts }}"),
        Field("记 录 人", "{{ recorder }}"),
        Field("参 加 人", "{{ attendees }}", span=2),
        Field("联合调解单位", "{{ joint_bodies }}", span=2),
        Field("调解方式", "{{ publicity }}", span=2),
        Field("调解情况", "{{ record }}", span=2, height_mm=45),
    )),
    Signatures((("当事人（签名）：", BLANK), ("人民调解员（签名）：", BLANK), ("记录人（签名）：", BLANK), ("", "{{ seal }}"))),
))

AGREEMENT = Layout("人民调解协议书", f"{DIR}/agreement.docx", (
    Lines("party_lines", indent=False, align="left"),
    Para("", label="纠纷主要事实、争议事项：", space_before=6),
    Lines("fact_lines"),
    Para("", label="各方当事人的责任："),
    Lines("responsibility_lines"),
    Para("", label="经调解，各方当事人自愿达成如下协议："),
    Lines("content_lines"),
    Para("", label="履行方式、时限："),
    Lines("performance_lines"),
    Grid("items", (
        ("序号", 14, "{{ row.seq }}"), ("履行人", 28, "{{ row.obligor }}"), ("履行内容", 58, "{{ row.description }}"),
        ("金额（元）", 28, "{{ row.amount }}"), ("履行期限", 28, "{{ row.due }}"),
    )),
    Para("协议金额：{{ amount }}。", indent=True, space_before=6),
    Para("本协议自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效（《中华人民共和国人民调解法》第二十九条），"
         "具有法律约束力，当事人应当按照约定履行（第三十一条）。双方当事人认为有必要的，可以自本协议生效之日起三十日内共同向人民法院申请司法确认（第三十三条）。",
         indent=True),
    Para("本协议一式{{ copies }}份，当事人各执一份，人民调解委员会留存一份。", indent=True),
    Lines("signature_lines", indent=False, align="right"),
    Signatures((("人民调解员（签名）：", BLANK), ("记录人（签名）：", BLANK), ("", "{{ seal }}"), ("", "{{ signed_on }}"))),
))

ORAL_AGREEMENT = Layout("口头调解协议登记表", f"{DIR}/oral_agreement.docx", (
    Fields((
        Field("达成日期", "{{ signed_on }}", span=2),
        Field("纠纷名称", "{{ title }}", span=2),
        Field("当 事 人", "{{ parties }}", span=2),
        Field("纠纷主要事实、争议事项", "{{ facts }}", span=2, height_mm=30),
        Field("协议内容", "{{ content }}", span=2, height_mm=30),
        Field("履行方式、期限", "{{ performance }}", span=2, height_mm=18),
        Field("协议金额", "{{ amount }}"),
        Field("生效日期", "{{ effective_on }}"),
        Field("人民调解员", "{{ mediators }}"),
        Field("登 记 人", "{{ registrar }}"),
        Field("说　　明", "口头调解协议自各方当事人达成协议之日起生效（《中华人民共和国人民调解法》第三十条），"
              "人民调解员应当记录协议内容（第二十八条）。", span=2, height_mm=14),
    )),
    Signatures((("当事人（签名）：", BLANK), ("", "{{ seal }}"), ("", "{{ issued_on }}"))),
))

FOLLOWUP = Layout("人民调解回访记录", f"{DIR}/followup.docx", (
    Fields((
        Field("回访事由", "{{ title }}", span=2),
        Field("调解协议编号", "{{ agreement_number }}"),
        Field("回访时间", "{{ date }}"),
        Field("回访对象", "{{ visited }}"),
        Field("回 访 人", "{{ visitor }}"),
        Field("履行情况", "{{ performance }}"),
        Field("满 意 度", "{{ satisfaction }}"),
        Field("新的矛盾隐患", "{{ risk }}", span=2),
        Field("回访情况", "{{ situation }}", span=2, height_mm=70),
    )),
    Signatures((("回访人（签名）：", BLANK), ("", "{{ date }}"))),
))

COVER = Layout("人民调解卷宗", f"{DIR}/cover.docx", (
    Para("{{ committee }}", align="center", space_before=24),
    Para("", space_before=24),
    Fields((
        Field("卷　　名", "{{ title }}", span=2, height_mm=18),
        Field("卷　　号", "{{ case_number }}", span=2, height_mm=14),
        Field("人民调解员", "{{ mediators }}", span=2, height_mm=14),
        Field("调解日期", "{{ period }}", span=2, height_mm=14),
        Field("立 卷 人", "{{ filer }}"),
        Field("立卷日期", "{{ issued_on }}"),
        Field("保管期限", ""),
        Field("备　　注", ""),
    )),
))

INDEX = Layout("卷内目录", f"{DIR}/index.docx", (
    Para("{{ case_number }}", label="卷号：", align="left"),
    Grid("rows", (
        ("顺序号", 12, "{{ row.seq }}"), ("文件名称", 44, "{{ row.name }}"), ("文号", 54, "{{ row.number }}"),
        ("日期", 22, "{{ row.date }}"), ("页号", 12, "{{ row.page }}"), ("备注", 12, "{{ row.note }}"),
    ), size=WU_HAO),
    Signatures((("立卷人：", "{{ filer }}"), ("", "{{ issued_on }}"))),
))

CONFIRMATION = Layout("司法确认申请书", f"{DIR}/confirmation.docx", (
    Lines("applicant_lines", indent=False, align="left"),
    Para("", label="请求事项：", space_before=6),
    Para("确认申请人于{{ signed_on }}经{{ committee }}主持调解达成的人民调解协议（协议编号：{{ agreement_number }}）有效。", indent=True),
    Para("", label="事实和理由："),
    Para("申请人之间因{{ title }}发生纠纷，{{ committee }}于{{ accepted_on }}受理（受理编号：{{ case_number }}），"
         "经人民调解员{{ mediators }}主持调解，各方于{{ signed_on }}达成调解协议，协议自{{ effective_on }}起生效。协议主要内容如下：",
         indent=True),
    # Each clause of the agreement is its own paragraph, as in the 人民调解协议书 itself.
    Lines("content_lines"),
    Para("申请人依照《中华人民共和国人民调解法》第三十三条、《中华人民共和国民事诉讼法》第二百零五条的规定，"
         "自调解协议生效之日起三十日内（{{ deadline }}前）共同申请司法确认。申请人出于解决纠纷的目的自愿达成该协议，"
         "协议内容是各方真实意思表示，不存在恶意串通、规避法律的情形；申请人保证如实陈述，提交的证明材料真实、合法"
         "（《最高人民法院关于人民调解协议司法确认程序的若干规定》第六条）。", indent=True),
    Para("此致", indent=True),
    Para("＿＿＿＿＿＿＿＿人民法院（当事人住所地、标的物所在地或者调解组织所在地的基层人民法院）"),
    Para("", label="附：", space_before=6),
    Lines("attachment_lines"),
    Lines("signature_lines", indent=False, align="right"),
    Para("年　　月　　日", align="right"),
    PageBreak(),
    Title("调解组织主持调解的证明"),
    Para("兹证明：{{ parties }}之间的{{ title }}，由{{ committee }}于{{ accepted_on }}依法受理（受理编号：{{ case_number }}），"
         "经人民调解员{{ mediators }}主持调解，于{{ signed_on }}达成人民调解协议（协议编号：{{ agreement_number }}）。"
         "该协议已由各方当事人签名（盖章或按指印）、人民调解员签名并加盖本委员会印章，自{{ effective_on }}起生效。", indent=True),
    Para("特此证明。", indent=True),
    Signatures((("", "{{ seal }}"), ("", "{{ issued_on }}"))),
))

LAYOUTS = (APPLICATION, ACCEPTANCE, NOTICE, INVESTIGATION, SESSION, AGREEMENT, ORAL_AGREEMENT, FOLLOWUP, COVER, INDEX,
           CONFIRMATION)
