"""笔录/转写 → 调解记录 and a proposed 调解协议.

A mediator uploads the typed 调解笔录 (.txt) or the output of a speech-recognition server (.json); the platform
reads who said what, drafts the 调解记录 (人民调解法 第二十七条) and, when the parties settled, the 调解协议
(第二十九条: 当事人, 纠纷事实, 协议内容, 履行方式和期限). Nothing is saved here: the drafts become the initial
values of the existing dialogs and the mediator confirms them there.

Public functions, in the order a view calls them::

    segments = parse_transcript(read_upload(upload), upload.name)  # list[Segment]; ValidationFailed with a Chinese message
    proposal = extract(segments, reference_date=session_date, use_llm=llm_enabled())
    SessionForm(initial=proposal.session_fields())               # date, hosts, recorder, attendees, record
    AgreementForm(initial=proposal.agreement_fields([(p.pk, p.person.name, p.role) for p in parties]), parties=parties)
    proposal.agreed, proposal.notes                              # show the notes above the dialog

``find_amounts`` (5,000元 · 伍仟元 · 1.5万元 · 三千五) and ``find_deadlines`` (2026年12月31日前 · 十日内 · 本月底 · 下周五)
are public too, for other drafts that read money and dates out of Chinese text.

``parse_transcript`` accepts plain text with speaker labels at the start of a line (``调解员王五：``, ``申请人：``,
``被申请人李四:``, ``张三：`` once 张三 was introduced with a role, ``说话人1：``) and JSON (a list of
``{"speaker", "text"}``, ``{"segments": [...]}``, or recogniser output with numeric speakers such as
``{"sentences": [{"spk": 0, "text": ...}]}``; roles of numeric speakers are inferred from what they say).

``extract`` is rule-based and offline. With ``use_llm=True`` and ``LLM_BASE_URL`` set it also asks the office's
model server (``core.llm``) and keeps whatever of the model's answer passes validation; if the server fails it
keeps the built-in result and says so in ``proposal.notes``.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import ServiceUnavailable, ValidationFailed

MEDIATOR, APPLICANT, RESPONDENT, THIRD, RECORDER, UNKNOWN = "mediator", "applicant", "respondent", "third", "recorder", "unknown"
PARTY_ROLES = (APPLICANT, RESPONDENT, THIRD)
ROLE_LABELS = {MEDIATOR: "调解员", APPLICANT: "申请人", RESPONDENT: "被申请人", THIRD: "第三人", RECORDER: "记录员", UNKNOWN: ""}

# Speaker labels, longest first so that 被申请人 wins over 申请人 and 人民调解员 over 调解员.
_ROLE_WORDS: list[tuple[str, str]] = sorted(
    [
        ("人民调解员", MEDIATOR), ("调解员", MEDIATOR), ("主持调解员", MEDIATOR), ("主持人", MEDIATOR), ("调委会主任", MEDIATOR),
        ("司法所长", MEDIATOR), ("司法所所长", MEDIATOR), ("司法助理员", MEDIATOR), ("调解主持人", MEDIATOR),
        ("记录员", RECORDER), ("记录人", RECORDER), ("书记员", RECORDER),
        ("被申请人", RESPONDENT), ("申请人", APPLICANT), ("第三人", THIRD), ("当事人", UNKNOWN),
    ],
    key=lambda pair: -len(pair[0]),
)
# People invited to a session (人民调解法 第二十条): they speak, and belong in the 参加人 line of the record.
_ATTENDEE_WORDS = ("村主任", "村支书", "村干部", "网格员", "律师", "民警", "社区民警", "专家", "亲属", "邻居", "见证人", "代理人", "委托代理人")
_NUMBERED_SPEAKER = re.compile(r"^(?:说话人|发言人|讲话人|角色|speaker|spk)\s*_?(\d{1,2})$", re.IGNORECASE)
_HEADER_KEYS = {
    "时间": "date", "调解时间": "date", "日期": "date", "地点": "place", "调解地点": "place", "事由": "subject", "案由": "subject",
    "纠纷名称": "subject", "参加人": "attendees", "参加人员": "attendees", "在场人": "attendees", "其他参加人": "attendees",
}
_CJK = "\u4e00-\u9fff"
_NAME = rf"[{_CJK}·]{{2,4}}"
_LABEL_LINE = re.compile(r"^\s*(?P<label>[^：:\s]{1,8}(?:\s{0,3}[^：:\s]{1,8}){0,2}?)\s*[：:]\s*(?P<text>.*)$")
_NAME_LIST = re.compile(rf"^{_NAME}(?:\s*[、，,；;和]\s*{_NAME})*[。.]?$")
_PARTY_INFO = re.compile(rf"^({_NAME})[，,、\s]+(?:男|女)")
_NOT_NAMES = {
    "同意", "可以", "好的", "没有", "不行", "是的", "对的", "明白", "清楚", "知道", "不同意", "谢谢", "不是", "对对", "行吧", "没问题",
    "我同意", "我不同意", "好吧", "听清楚了", "知道了", "明白了", "没有意见", "不签", "我不签", "谢谢你",
}
# 百家姓: the common surnames, to tell "我是张三" (a name) from "我是说" (not one).
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏"
    "韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申"
    "欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_DOUBLE_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "夏侯", "公孙", "长孙", "宇文", "尉迟", "呼延")
# Characters that end a name when a 3-character candidate was cut out of running speech ("申请人张三你先说").
_AFTER_NAME = set("你我他她说先的是和与跟对在也就要请同提称讲陈表已都还们有今没不会把给向这那了吗呢吧啊于应将自从每再所即并且及家欠借等方")
_FILLERS = re.compile(r"呃+[，,、\s]*|(?:^|(?<=[，,。、！？!?\s]))(?:(?:额|嗯|啊|唔)+|那个|这个|就是说|然后呢)[，,、\s]+")

_MEDIATOR_CUES = ("调解", "告知", "权利义务", "你们双方", "双方", "请申请人", "请被申请人", "协议如下", "经调解", "大家", "司法所", "调委会",
                  "下面由", "你先说", "你来说", "陈述")
_AGREEMENT_CUES = re.compile(r"双方(?:均|都|一致)?同意|达成(?:一致|如下|以下|了?协议|共识)|协议如下|经调解|自愿达成|协议内容|调解协议")
_FAILURE_CUES = re.compile(r"调解不成|调解未成|未能达成|无法达成|没有达成|不能达成|终止调解|调解终止|调解失败|分歧(?:较大|太大)")
_REFUSAL = re.compile(r"不同意|拒绝|不接受|不签|不可能给|一分钱(?:也|都)不|没得谈|法院见|去法院告")
_REFUSAL_NEGATED = re.compile(r"(?:没有|没|无)(?:什么)?(?:不同意|拒绝|不接受)")
_ASSENT = re.compile(r"^(?:行|好|好的|可以|同意|没问题|那行)[，,]")  # "行，但是得写进协议里": agreeing, not claiming
_CLAIM_CUES = re.compile(r"要求|请求|希望|必须|最多|顶多|只同意|只愿意?|赔偿|赔|归还|还钱|还我|退还|返还|支付|拆除|恢复|道歉|补偿|给我|搬走|停止")
_CLAUSE_MARK = re.compile(r"(?:^|(?<=[\s。；;：:]))"
                          r"(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）])")

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5,
              "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
_NUM_CHARS = "0-9０-９.．,，零〇一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬点"
_AMOUNT = re.compile(rf"(?P<num>[{_NUM_CHARS}]*[0-9０-９零〇一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬])"
                     r"\s*(?:元|块钱|块(?![地田石砖板木瓦])|圆)")
_TOTAL_CUES = re.compile(r"共计|合计|总计|一共|总共|共")

_PAYMENT_METHODS = (
    (re.compile(r"一次性"), "一次性"),
    (re.compile(r"分[一二两三四五六七八九十\d]+期|分期"), "分期"),
    (re.compile(r"现金"), "现金"),
    (re.compile(r"银行转账|银行卡|转账到.{0,6}卡|银行汇款|汇款"), "银行转账"),
    (re.compile(r"微信"), "微信转账"),
    (re.compile(r"支付宝"), "支付宝转账"),
)
_PAY_VERBS = re.compile(r"支付|付清|付给|给付|偿还|归还|还清|还给|赔偿|补偿|转账|转给|给|付|还|"
                        r"拆除|拆|恢复|修复|修缮|改回|改正|搬离|迁出|腾退|道歉|清理|清除|移除|移走|交付|退还|返还")
_TARGET_MARK = set("向给与和跟替对")
_SETTLE = re.compile(r"付清|付款|支付|给付|转账|汇款|还清|结清|给清")
_OTHER_DUTIES = re.compile(r"拆除|拆|恢复|修复|修缮|改回|改正|搬离|迁出|腾退|道歉|清理|清除|移除|移走|交付|交还|退还|返还")

_CN_DATE_NUM = r"[0-9０-９〇零一二三四五六七八九十]"
_ABS_DATE = re.compile(
    rf"(?:(?P<y>(?:19|20)\d{{2}}|[二〇零一三四五六七八九]{{4}})\s*年)?\s*(?P<m>{_CN_DATE_NUM}{{1,3}})\s*月\s*(?P<d>{_CN_DATE_NUM}{{1,3}})\s*[日号]"
)
_ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
_REL_PERIOD = re.compile(
    r"(?P<n>[0-9０-９零一二两三四五六七八九十百半]+)\s*(?P<unit>个?工作日|日|天|个?星期|周|个月|个半月|月|年)\s*(?:之内|以内|内)"
)
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_REL_DAY = re.compile(r"(?P<week>下下?周|下下?个?星期|本周|这周|这个?星期|本星期)(?P<wd>[一二三四五六日天])"
                      r"|(?P<mrel>本|这个?|下下?个?)月(?P<mday>[0-9０-９一二三四五六七八九十]{1,3})\s*[日号]"
                      r"|(?:(?P<mnum>[0-9一二三四五六七八九十]{1,3})月|(?P<month>本月|这个?月|当月|下个?月|月))(?:底|末)"
                      r"|(?P<year>今年|本年|年)(?:底|末)|(?P<day>当场|当天|当日|今天|明天|后天)")


@dataclass
class Segment:
    """One speaker's turn: ``speaker`` as labelled, ``role`` one of mediator/applicant/respondent/third/recorder/unknown,
    ``name`` the person's name when known. ``header`` marks the 时间/地点/参加人 lines at the top of a 笔录."""

    speaker: str
    role: str
    text: str
    name: str = ""
    header: bool = False


@dataclass
class ProposedParty:
    name: str
    role: str
    claims: list[str] = field(default_factory=list)


@dataclass
class ProposedItem:
    """One 履行事项: who performs, for whom, what, how much and by when (``due_text`` as spoken)."""

    obligor: str
    description: str
    amount: Decimal = Decimal(0)
    due_date: dt.date | None = None
    due_text: str = ""
    obligee: str = ""


@dataclass
class TranscriptProposal:
    """What the transcript says, mapped onto the 调解记录 and 调解协议 dialogs. Nothing here is saved."""

    reference_date: dt.date
    segments: list[Segment]
    hosts: list[str] = field(default_factory=list)
    recorder: str = ""
    attendees: list[str] = field(default_factory=list)
    place: str = ""
    parties: list[ProposedParty] = field(default_factory=list)
    facts: str = ""
    agreed: bool = False
    oral: bool = False
    clauses: list[str] = field(default_factory=list)
    amount: Decimal = Decimal(0)
    payment_methods: list[str] = field(default_factory=list)
    items: list[ProposedItem] = field(default_factory=list)
    record_text: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def performance_method(self) -> str:
        return "，".join(self.payment_methods)

    def party(self, role: str) -> ProposedParty | None:
        return next((p for p in self.parties if p.role == role), None)

    def session_fields(self) -> dict[str, Any]:
        """Initial values of ``mediation.forms.SessionForm``."""
        fields: dict[str, Any] = {"date": self.reference_date, "hosts": "、".join(self.hosts), "recorder": self.recorder,
                                  "attendees": "、".join(self.attendees), "record": self.record_text}
        if self.place:
            fields["place"] = self.place
        return fields

    def agreement_fields(self, parties: Iterable[tuple[int, str, str]]) -> dict[str, Any]:
        """Initial values of ``mediation.forms.AgreementForm``; ``parties`` are the dispute's (DisputeParty id, name, role).

        An obligor is matched by name, else by role when that role has one party; an item whose obligor matches no
        party is left out of the items (its clause stays in the content) and a note says so. Each party's claims that
        the facts do not already quote are added to them as the 争议事项 (人民调解法 第二十九条: 纠纷的主要事实、争议事项)."""
        known = list(parties)
        for party in self.parties:
            if known and not any(name == party.name for _, name, _ in known):
                self._note(f"笔录中的{ROLE_LABELS[party.role]}“{party.name}”不是本纠纷登记的当事人，请核对姓名或先补充当事人")
        fields: dict[str, Any] = {
            "kind": "oral" if self.oral else "written", "signed_date": self.reference_date, "facts": self._facts_with_claims(),
            "content": "\n".join(self.clauses), "performance_method": self.performance_method, "amount": self.amount or None,
        }
        role_of = {p.name: p.role for p in self.parties} | {label: role for role, label in ROLE_LABELS.items() if role in PARTY_ROLES}
        slot = 0
        for item in self.items:
            party_id = _match_party(known, item.obligor, role_of.get(item.obligor, ""))
            if party_id is None or item.due_date is None:
                self._note(f"履行事项“{item.description}”的{'履行人' if party_id is None else '期限'}无法确定，请在协议中手工填写")
                continue
            if slot == 3:
                self._note("协议有三项以上履行事项，对话框只预填了前三项，其余请在协议内容中核对")
                break
            slot += 1
            fields.update({f"item{slot}_obligor": str(party_id), f"item{slot}_description": item.description[:200],
                           f"item{slot}_amount": item.amount or None, f"item{slot}_due": item.due_date})
        return fields

    def _facts_with_claims(self) -> str:
        disputed = []
        for party in self.parties:
            claims = [c.rstrip("。；;，,") for c in party.claims if c.rstrip("。；;，,") not in self.facts]
            if claims:
                disputed.append(f"{ROLE_LABELS[party.role]}{party.name}主张：{'；'.join(claims)}")
        return self.facts + (f"\n争议事项：{'。'.join(disputed)}。" if disputed else "")

    def _note(self, text: str) -> None:
        if text not in self.notes:
            self.notes.append(text)


def _match_party(parties: list[tuple[int, str, str]], name: str, role: str) -> int | None:
    for party_id, party_name, _ in parties:
        if name and party_name == name:
            return party_id
    same_role = [party_id for party_id, _, party_role in parties if role and party_role == role]
    return same_role[0] if len(same_role) == 1 else None


# ---------------------------------------------------------------------------------------------------------------
# Parsing


# A typed 笔录 of a long session is a few dozen KB; a recogniser's JSON with word timings a few hundred.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_EXTENSIONS = ("txt", "json")


def read_upload(upload: Any) -> bytes:
    """The bytes of an uploaded 笔录 after checking its type and size (before anything is parsed)."""
    name = getattr(upload, "name", "") or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in UPLOAD_EXTENSIONS:
        raise ValidationFailed(f"不支持“{('.' + ext) if ext else '无扩展名'}”格式的笔录，请上传 .txt 文本或语音转写的 .json 文件",
                               field="file")
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationFailed(f"笔录文件过大（{size / 1024 / 1024:.1f} MB），不能超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB；"
                               "请只上传本次调解的笔录", field="file")
    content: bytes = upload.read()
    if not content.strip():
        raise ValidationFailed("笔录文件是空的，请选择有内容的笔录文件", field="file")
    return content


def decode_text(content: bytes | str) -> str:
    if isinstance(content, str):
        return content
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        content.decode("gb18030")
    except UnicodeDecodeError:
        raise ValidationFailed("笔录文件无法识别为文本，请上传 UTF-8 编码的 .txt 或 .json 文件", field="file") from None
    raise ValidationFailed("笔录文件是 GBK（GB2312）编码，请用记事本打开后“另存为”UTF-8 编码再上传", field="file")


def parse_transcript(content: bytes | str, filename: str) -> list[Segment]:
    """Read a 笔录 (.txt with speaker labels) or a speech-recognition result (.json) into speaker turns."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if ext not in ("txt", "json", "text", ""):
        raise ValidationFailed(f"不支持“.{ext}”格式的笔录，请上传 .txt 文本或语音转写的 .json 文件", field="file")
    text = decode_text(content).replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    if not text.strip():
        raise ValidationFailed("笔录文件是空的，请选择有内容的笔录文件", field="file")
    stripped = text.lstrip()
    if ext == "json" or (ext != "txt" and stripped[:1] in "[{"):
        segments = _parse_json(stripped)
    else:
        segments = _parse_text(text)
    if not any(not s.header for s in segments):
        raise ValidationFailed("笔录中没有识别到说话人标记，请在每段话前注明“调解员：”“申请人：”等身份后再上传", field="file")
    _infer_roles(segments)
    return segments


def _split_label(label: str) -> tuple[str, str] | None:
    """(role, name) for a speaker label, or None when the label is not one."""
    label = re.sub(r"\s+", "", label)
    bracket = re.fullmatch(r"(?P<a>[^（(]+)[（(](?P<b>[^)）]+)[)）]", label)
    if bracket:  # 张三（申请人） or 申请人（张三）
        for first, second in ((bracket["b"], bracket["a"]), (bracket["a"], bracket["b"])):
            role = _role_word(first)
            if role is not None and re.fullmatch(_NAME, second):
                return role, second
        return None
    for word, role in _ROLE_WORDS:
        if label.startswith(word):
            rest = label[len(word):]
            if not rest or re.fullmatch(rf"{_NAME}|[0-9一二三]", rest):
                return role, rest if not re.fullmatch(r"[0-9一二三]", rest) else ""
            return None
    return None


def _role_word(word: str) -> str | None:
    return next((role for w, role in _ROLE_WORDS if w == word), None)


def _parse_text(text: str) -> list[Segment]:
    lines = [line.rstrip() for line in text.split("\n")]
    labelled: list[tuple[int, str, str]] = []
    for number, line in enumerate(lines):
        match = _LABEL_LINE.match(line)
        if match:
            labelled.append((number, re.sub(r"\s+", "", match["label"]), match["text"].strip()))
    known_names = _names_introduced(labelled)
    invited = "、".join(body for _, label, body in labelled if _HEADER_KEYS.get(label) == "attendees")
    segments: list[Segment] = []
    starts: dict[int, Segment] = {}
    for number, label, body in labelled:
        in_header = not any(not s.header for s in starts.values())
        if label in _HEADER_KEYS and in_header:
            starts[number] = Segment(speaker=label, role=UNKNOWN, text=body, header=True)
            continue
        parsed = _split_label(label)
        numbered = _NUMBERED_SPEAKER.match(label)
        if parsed is not None:
            role, name = parsed
            info = _PARTY_INFO.match(body) if in_header and not name else None
            header = in_header and (_is_name_list(body) or info is not None)
            starts[number] = Segment(speaker=label, role=role, text=body, name=name or (info[1] if info else ""), header=header)
        elif numbered:
            starts[number] = Segment(speaker=f"说话人{numbered[1]}", role=UNKNOWN, text=body)
        elif label in known_names:
            starts[number] = Segment(speaker=label, role=known_names[label], text=body, name=label)
        elif invited and re.fullmatch(_NAME, label) and _is_surname_start(label) and label in invited:
            starts[number] = Segment(speaker=label, role=UNKNOWN, text=body, name=label)
        elif label in _ATTENDEE_WORDS or any(label.endswith(w) for w in _ATTENDEE_WORDS if len(label) <= len(w) + 4):
            starts[number] = Segment(speaker=label, role=UNKNOWN, text=body)
    current: Segment | None = None
    for number, line in enumerate(lines):
        if number in starts:
            current = starts[number]
            segments.append(current)
        elif line.strip() and current is not None and not current.header:
            current.text = f"{current.text}\n{line.strip()}" if current.text else line.strip()
    return [s for s in segments if s.text or s.header]


def _without_notes(text: str) -> str:
    """A header value without the notes in brackets: 韩宝山（工人代表） → 韩宝山."""
    return re.sub(r"\s*[（(][^）)]{0,20}[）)]", "", text).strip()


def _is_name_list(text: str) -> bool:
    text = _without_notes(text)
    return bool(_NAME_LIST.match(text)) and text.rstrip("。.") not in _NOT_NAMES and all(map(_is_surname_start, _split_names(text)))


def _names_introduced(labelled: list[tuple[int, str, str]]) -> dict[str, str]:
    """Names given a role anywhere in the 笔录: in a label (申请人张三：), a header (申请人：张三) or speech."""
    names: dict[str, str] = {}

    def add(name: str, role: str) -> None:
        if names.get(name, UNKNOWN) == UNKNOWN:
            names[name] = role

    for _, label, body in labelled:
        parsed = _split_label(label)
        if parsed and parsed[1]:
            add(parsed[1], parsed[0])
        if parsed and not parsed[1] and (_is_name_list(body) or _PARTY_INFO.match(body)):
            for name in _split_names(body) or [_PARTY_INFO.match(body)[1]]:  # type: ignore[index]
                add(name, parsed[0])
    for _, _, body in labelled:
        for role, name in _role_mentions(body):
            add(_canonical(name, names), role)
    return names


def _canonical(name: str, known: Iterable[str]) -> str:
    """A name cut from speech as the known name it stands for: 李四家 → 李四 when 李四 is known, 张 → 张三丰."""
    known = list(known)
    if name in known:
        return name
    return next((k for k in known if len(k) >= 2 and (name.startswith(k) or k.startswith(name))), name)


def _clean_name(candidate: str) -> str:
    """Cut a name out of running speech: 2 characters, or 3 when the third is not a function word."""
    if len(candidate) >= 3 and candidate[2] not in _AFTER_NAME and candidate[1] not in _AFTER_NAME:
        return candidate[:3]
    return candidate[:2] if len(candidate) >= 2 and candidate[1] not in _AFTER_NAME else ""


def _is_surname_start(name: str) -> bool:
    return bool(name) and (name[0] in _SURNAMES or name.startswith(_DOUBLE_SURNAMES))


def _role_mentions(text: str) -> list[tuple[str, str]]:
    """(role, name) pairs spoken in the text: 申请人张三、被申请人李四、第三人王某某."""
    found = []
    for match in re.finditer(rf"(被申请人|申请人|第三人|调解员|记录员)[:：]?\s*([{_CJK}]{{2,4}})", text):
        name = _clean_name(match[2])
        if name and _is_surname_start(name):
            found.append((_role_word(match[1]) or UNKNOWN, name))
    return found


def _self_introduction(text: str) -> tuple[str, str]:
    """(role, name) from "我叫张三" / "我是申请人张三" / "我是被申请人" / "我是张三，"; empty strings when absent."""
    match = re.search(rf"我(?:是|就是)(被申请人|申请人|第三人|调解员|记录员)\s*([{_CJK}]{{2,4}})?", text)
    if match:
        name = _clean_name(match[2] or "")
        return _role_word(match[1]) or UNKNOWN, name if _is_surname_start(name) else ""
    match = re.search(rf"我叫\s*([{_CJK}]{{2,4}})", text) or re.search(rf"我是([{_CJK}]{{2,3}})[，,。]", text)
    if match:
        name = _clean_name(match[1])
        if _is_surname_start(name):
            return "", name
    return "", ""


def _parse_json(text: str) -> list[Segment]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(f"转写文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列附近有误），请确认文件完整后再上传",
                               field="file") from None
    rows = json_rows(data)
    if rows is None:
        raise ValidationFailed("无法识别转写文件的结构：应为 [{\"speaker\": …, \"text\": …}] 列表，或含 segments、sentences 的对象",
                               field="file")
    segments: list[Segment] = []
    for row in rows:
        if not isinstance(row, dict):
            raise ValidationFailed("转写文件中每一段都应是含 speaker 和 text 的对象", field="file")
        lowered = {str(k).lower(): v for k, v in row.items()}
        body = next((lowered[k] for k in ("text", "content", "sentence", "transcript") if isinstance(lowered.get(k), str)), "")
        speaker = next((lowered[k] for k in ("speaker", "spk", "speaker_id", "speakerid", "role", "name", "channel_id", "channelid")
                        if lowered.get(k) not in (None, "")), None)
        body = body.strip()
        if not body:
            continue
        segment = _json_segment(speaker, body)
        if segments and (segments[-1].speaker == segment.speaker or (segment.header and speaker is None)):
            # The same speaker goes on, or an unlabelled line continues the previous turn.
            joiner = "" if segments[-1].text.endswith(("。", "？", "！", "，", "?", "!", ",")) else "，"
            segments[-1].text += joiner + segment.text
        elif not (segment.header and speaker is None):
            segments.append(segment)
    return segments


def json_rows(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        if data and all(isinstance(r, dict) and any(str(k).lower() == "sentence_info" for k in r) for r in data):
            return [s for r in data for s in next(v for k, v in r.items() if str(k).lower() == "sentence_info")]
        return data
    if isinstance(data, dict):
        for key, value in data.items():
            if str(key).lower() in ("segments", "sentences", "sentence_info", "utterances", "paragraphs", "result", "results"):
                rows = json_rows(value)
                if rows is not None:
                    return rows
    return None


def _json_segment(speaker: Any, body: str) -> Segment:
    if speaker is None:
        # A line of a recogniser that kept the spoken label inside the text ("调解员：…").
        match = _LABEL_LINE.match(body)
        parsed = _split_label(match["label"]) if match else None
        if match and parsed:
            return Segment(speaker=re.sub(r"\s+", "", match["label"]), role=parsed[0], text=match["text"].strip(), name=parsed[1])
        return Segment(speaker="", role=UNKNOWN, text=body, header=True)
    label = re.sub(r"\s+", "", str(speaker)).rstrip("：:")
    if isinstance(speaker, int) or label.isdigit():
        return Segment(speaker=f"说话人{int(label) + 1}", role=UNKNOWN, text=body)
    numbered = _NUMBERED_SPEAKER.match(label)
    if numbered:
        return Segment(speaker=f"说话人{numbered[1]}", role=UNKNOWN, text=body)
    parsed = _split_label(label)
    if parsed:
        return Segment(speaker=label, role=parsed[0], text=body, name=parsed[1])
    return Segment(speaker=label, role=UNKNOWN, text=body, name=label if re.fullmatch(_NAME, label) else "")


def _infer_roles(segments: list[Segment]) -> None:
    """Fill roles and names the labels did not give: self-introductions, the mediator calling on a party, the words a
    mediator uses, and bare names introduced elsewhere with a role."""
    speech = [s for s in segments if not s.header]
    names: dict[str, str] = {}
    for s in segments:
        if s.name and s.role in (*PARTY_ROLES, MEDIATOR, RECORDER):
            names.setdefault(s.name, s.role)
        for role, name in _role_mentions(s.text):
            names.setdefault(name, role)
    by_speaker: dict[str, dict[str, str]] = {}
    for s in speech:
        info = by_speaker.setdefault(s.speaker, {"role": s.role, "name": s.name})
        role, name = _self_introduction(s.text)
        if role and info["role"] == UNKNOWN:
            info["role"] = role
        if name and not info["name"]:
            info["name"] = _canonical(name, names)
        if info["role"] == UNKNOWN and info["name"] in names:
            info["role"] = names[info["name"]]
    for s in speech:  # a bare-name speaker introduced with a role elsewhere
        info = by_speaker[s.speaker]
        if info["role"] == UNKNOWN and s.speaker in names:
            info["role"], info["name"] = names[s.speaker], s.speaker
    unknown = [spk for spk, info in by_speaker.items() if info["role"] == UNKNOWN and _NUMBERED_SPEAKER.match(spk)]
    if unknown:
        _infer_numbered(speech, by_speaker, unknown, names)
    for s in speech:
        info = by_speaker[s.speaker]
        s.role = info["role"]
        s.name = s.name or info["name"]


def _infer_numbered(speech: list[Segment], by_speaker: dict[str, dict[str, str]], unknown: list[str], names: dict[str, str]) -> None:
    if not any(info["role"] == MEDIATOR for info in by_speaker.values()):
        scores = {spk: sum(s.text.count(cue) for s in speech if s.speaker == spk for cue in _MEDIATOR_CUES) for spk in unknown}
        best = max(scores, key=lambda spk: scores[spk])
        if scores[best] > 0:
            by_speaker[best]["role"] = MEDIATOR
    # The mediator calls on a party ("请申请人张三先说"); the next other speaker is that party.
    for index, s in enumerate(speech[:-1]):
        if by_speaker[s.speaker]["role"] != MEDIATOR:
            continue
        called = re.findall(rf"(被申请人|申请人|第三人)([{_CJK}]{{0,4}})[^。？！?!]{{0,8}}(?:说|讲|陈述|谈|介绍|回答|发表)", s.text)
        if not called:
            continue
        role_word, tail = called[0]
        following = next((n for n in speech[index + 1:] if n.speaker != s.speaker), None)
        if following is None:
            continue
        info = by_speaker[following.speaker]
        if info["role"] == UNKNOWN:
            info["role"] = _role_word(role_word) or UNKNOWN
            name = _clean_name(tail)
            if not info["name"] and _is_surname_start(name):
                info["name"] = _canonical(name, names)
    remaining = [spk for spk in unknown if by_speaker[spk]["role"] == UNKNOWN]
    taken = {info["role"] for info in by_speaker.values()}
    for spk in remaining:  # in order of first speaking: the applicant usually speaks first
        for role in (APPLICANT, RESPONDENT):
            if role not in taken:
                by_speaker[spk]["role"] = role
                taken.add(role)
                break


# ---------------------------------------------------------------------------------------------------------------
# Numbers, amounts and dates


def parse_number(text: str) -> Decimal | None:
    """Arabic or Chinese numerals, capital forms and colloquial ones: 5,000 · 1.5万 · 伍仟 · 两万 · 三千五百 · 三千五 · 一万二."""
    raw = text.strip().replace(",", "").replace("，", "").replace("．", ".").replace("点", ".")
    raw = raw.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not raw:
        return None
    try:
        if re.fullmatch(r"\d+(?:\.\d+)?", raw):
            return Decimal(raw)
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿]+)", raw)
        if match:
            value = Decimal(match[1])
            for unit in match[2]:
                value *= _CN_UNITS.get(unit) or _CN_BIG[unit]
            return value
        match = re.fullmatch(r"(\d+)万(\d+)千?", raw)  # 1万5千, 1万5
        if match:
            return Decimal(match[1]) * 10_000 + Decimal(match[2]) * (1000 if len(match[2]) == 1 else 1)
        return _chinese_integer(raw)
    except (InvalidOperation, KeyError):
        return None


def _chinese_integer(raw: str) -> Decimal | None:
    if not raw or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch not in _CN_BIG for ch in raw):
        return None
    if all(ch in _CN_DIGITS for ch in raw) and len(raw) > 1:  # 二〇二六 read digit by digit
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in raw))
    total, section, digit, last_unit = 0, 0, None, 0
    for ch in raw:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            big = _CN_BIG[ch]
            section += digit or 0
            total += section * big
            section, digit, last_unit = 0, None, big
    if digit is not None:
        # 三千五 = 3500, 一万二 = 12000: a trailing digit counts in the unit below the last one.
        section += digit * (last_unit // 10) if last_unit >= 10 and raw[-2] not in "零〇" else digit
    return Decimal(total + section)


def find_amounts(text: str) -> list[tuple[int, int, Decimal]]:
    """(start, end, amount in 元) of every sum of money in the text."""
    found = []
    for match in _AMOUNT.finditer(text):
        value = parse_number(match["num"].lstrip(".,，．"))
        if value is not None and value > 0:
            found.append((match.start(), match.end(), value))
    return found


def _add_days(start: dt.date, days: int) -> dt.date:
    """民法典 第二百零一条 (the first day is not counted) and 第二百零三条 (a period ending on a holiday ends on the
    next working day), through the platform's working-day calendar."""
    from core.calendar import add_calendar_days

    return add_calendar_days(start, days)


def _add_months(start: dt.date, months: int) -> dt.date:
    from core.calendar import add_months

    return add_months(start, months)


def _date_number(text: str) -> int:
    value = parse_number(text)
    if value is None:
        raise ValueError(text)
    return int(value)


def find_deadlines(text: str, reference_date: dt.date) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every deadline in the text: absolute dates, periods (十日内, 一个月内) counted from
    ``reference_date``, and named days (本月底, 下周五, 当场)."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern in (_ISO_DATE, _ABS_DATE):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e, _ in found):
                continue
            try:
                month, day = _date_number(match["m"]), _date_number(match["d"])
                year = _date_number(match["y"]) if match["y"] else reference_date.year
                value = dt.date(year, month, day)
            except ValueError:
                continue
            if not match["y"] and value < reference_date:  # 12月31日 said in January of the next year
                value = value.replace(year=value.year + 1)
            found.append((match.start(), match.end(), value))
    for match in _REL_PERIOD.finditer(text):
        n_text, unit = match["n"], match["unit"]
        if n_text == "半":
            count = Decimal("0.5")
        else:
            parsed = parse_number(n_text)
            if parsed is None:
                continue
            count = parsed
        if any(s <= match.start() < e for s, e, _ in found) or (unit == "年" and count > 10) or count > 366:
            continue
        if "工作日" in unit:
            from core.calendar import add_working_days

            value = add_working_days(reference_date, int(count))
        elif unit in ("日", "天"):
            value = _add_days(reference_date, int(count))
        elif "星期" in unit or unit == "周":
            value = _add_days(reference_date, int(count * 7))
        elif unit == "个半月":
            value = _add_days(_add_months(reference_date, int(count)), 15)
        elif unit in ("个月", "月"):
            value = _add_days(reference_date, 15) if count == Decimal("0.5") else _add_months(reference_date, int(count))
        else:
            value = _add_months(reference_date, int(count * 12))
        found.append((match.start(), match.end(), value))
    for match in _REL_DAY.finditer(text):
        try:
            found.append((match.start(), match.end(), _named_day(match, reference_date)))
        except ValueError:
            continue
    return sorted(found)


def _named_day(match: re.Match[str], ref: dt.date) -> dt.date:
    if match["week"]:
        weeks = match["week"].count("下")
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=weeks)
        return monday + dt.timedelta(days=_WEEKDAYS[match["wd"]])
    if match["mrel"]:  # 下个月15号, 本月20日
        months = match["mrel"].count("下")
        year, month = ref.year + (ref.month - 1 + months) // 12, (ref.month - 1 + months) % 12 + 1
        return dt.date(year, month, _date_number(match["mday"]))
    if match["mnum"]:
        month = _date_number(match["mnum"])
        year = ref.year if month >= ref.month else ref.year + 1
        return dt.date(year, month, _calendar.monthrange(year, month)[1])
    if match["month"]:
        year, month = (ref.year, ref.month) if "下" not in match["month"] else (ref.year + ref.month // 12, ref.month % 12 + 1)
        return dt.date(year, month, _calendar.monthrange(year, month)[1])
    if match["year"]:
        return dt.date(ref.year, 12, 31)
    return ref + dt.timedelta(days={"明天": 1, "后天": 2}.get(match["day"], 0))


# ---------------------------------------------------------------------------------------------------------------
# Extraction


def _clean(text: str) -> str:
    text = re.sub(r"(那个|就是|这个)(?:[，,、\s]*\1)+", r"\1", text)
    text = _FILLERS.sub("", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def _sentences(text: str) -> list[str]:
    """Sentences of a turn; a line that ends on a comma goes on in the next line ("要求他月底前把钱全给了，⏎不给…")."""
    return [s.strip().replace("\n", "") for s in re.split(r"(?<=[。！？!?；;])|(?<![，,、：:])\n", text) if s.strip()]


def _speaker_title(s: Segment) -> str:
    label = ROLE_LABELS.get(s.role, "")
    if not label:
        return s.speaker or "其他参加人"
    return f"{label}{s.name}"


def extract(segments: list[Segment], *, reference_date: dt.date | None = None, use_llm: bool = False) -> TranscriptProposal:
    """Draft the 调解记录 and the 调解协议 from the turns of a transcript.

    ``reference_date`` is the session date that relative deadlines (十日内, 本月底) count from; without it the
    transcript's 时间 line is used, else today."""
    header = {(_HEADER_KEYS.get(s.speaker) or s.role): s.text for s in segments if s.header}
    ref = reference_date or _header_date(header.get("date", "")) or _today()
    speech = [s for s in segments if not s.header]
    proposal = TranscriptProposal(reference_date=ref, segments=segments)
    proposal.place = header.get("place", "")[:100]
    _collect_people(proposal, segments)
    proposal.record_text = _record_text(segments, header)
    proposal.facts = _facts(proposal, speech, header.get("subject", ""))
    _agreement(proposal, speech)
    if use_llm:
        _improve_with_llm(proposal)
    return proposal


def _today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


def _header_date(text: str) -> dt.date | None:
    for pattern in (_ISO_DATE, _ABS_DATE):
        match = pattern.search(text)
        if match and match["y"]:
            try:
                return dt.date(_date_number(match["y"]), _date_number(match["m"]), _date_number(match["d"]))
            except ValueError:
                return None
    return None


def _split_names(text: str) -> list[str]:
    return [n for n in re.split(r"[、，,；;和\s]+", _without_notes(text).rstrip("。.")) if re.fullmatch(_NAME, n)]


def _collect_people(proposal: TranscriptProposal, segments: list[Segment]) -> None:
    def add(bucket: list[str], name: str) -> None:
        if name and name not in bucket:
            bucket.append(name)

    parties: dict[str, ProposedParty] = {}
    for s in segments:
        if s.header and _HEADER_KEYS.get(s.speaker) == "attendees":  # "村主任赵某、律师刘某"
            for entry in re.split(r"[、，,；;\s]+", s.text.rstrip("。.")):
                add(proposal.attendees, entry[:30])
            continue
        names = ([s.name] if s.name else _split_names(s.text)) if s.header else [s.name]
        note = re.search(r"[（(]([^）)]{0,20}代表[^）)]{0,20})[）)]", s.text) if s.header and s.role in PARTY_ROLES else None
        if note and len(names) == 1:  # 申请人：韩宝山（工人代表）
            proposal._note(f"笔录中{ROLE_LABELS[s.role]}{names[0]}注明为“{note[1]}”，如其代表其他当事人参加调解，"
                           "请在纠纷中补充其他当事人并核对授权委托书")
        for name in names:
            if s.role == MEDIATOR:
                add(proposal.hosts, name)
            elif s.role == RECORDER and name:
                proposal.recorder = proposal.recorder or name
            elif s.role in PARTY_ROLES and name and name not in parties:
                parties[name] = ProposedParty(name=name, role=s.role)
        speaker = s.name or s.speaker
        if (not s.header and s.role == UNKNOWN and speaker and not _NUMBERED_SPEAKER.match(speaker)
                and not any(speaker in entry for entry in proposal.attendees)):  # 李德胜 is 前进村村主任李德胜 of the 参加人 line
            add(proposal.attendees, speaker)
    for s in segments:  # parties only named in speech ("被申请人李四家的墙"), after the labelled ones
        for role, name in _role_mentions(s.text):
            name = _canonical(name, parties)
            if role in PARTY_ROLES and name not in parties and not any(p.role == role for p in parties.values()):
                parties[name] = ProposedParty(name=name, role=role)
    proposal.parties = sorted(parties.values(), key=lambda p: PARTY_ROLES.index(p.role))
    for s in segments:
        if s.header or s.role not in PARTY_ROLES:
            continue
        party = parties.get(s.name) or next((p for p in proposal.parties if p.role == s.role), None)
        if party is None:
            continue
        for sentence in _sentences(_clean(s.text)):
            sentence = sentence.rstrip("，,、")
            if (_CLAIM_CUES.search(sentence) and not sentence.endswith(("？", "?")) and not _ASSENT.match(sentence)
                    and sentence not in party.claims and len(party.claims) < 4):
                party.claims.append(sentence)
    if any(_NUMBERED_SPEAKER.match(s.speaker) for s in segments):
        proposal._note("转写文件只标注了说话人编号，各人的身份是根据发言内容推断的，请核对")
    if not proposal.hosts:
        proposal._note("笔录中没有主持调解员的姓名，请在“主持调解员”一栏填写")
    if not proposal.party(APPLICANT) or not proposal.party(RESPONDENT):
        proposal._note("没有从笔录中识别出申请人和被申请人的姓名，请在表单中核对当事人")


def _record_text(segments: list[Segment], header: dict[str, str]) -> str:
    """The 调解情况 of the 调解记录: one paragraph per turn. 时间、地点、调解员、记录人 and 参加人 have their own fields
    in the dialog and are left out here."""
    lines = [f"事由：{header['subject']}"] if header.get("subject") else []
    for s in segments:
        text = _clean(s.text).replace("\n", "")
        if not s.header and text:
            lines.append(f"{_speaker_title(s)}：{text}")
    return "\n".join(lines)


def _facts(proposal: TranscriptProposal, speech: list[Segment], subject: str) -> str:
    parts = []
    applicant, respondent = proposal.party(APPLICANT), proposal.party(RESPONDENT)
    if not subject:
        for s in speech:
            match = re.search(r"(?:就|关于|因|针对|调解(?!员))([^，。；,]{2,30}?纠纷)", s.text) if s.role == MEDIATOR else None
            if match:
                subject = match[1]
                break
    if subject and applicant and respondent:
        subject = re.sub(rf"^.*?{respondent.name}(?:之间)?的?", "", subject) or subject
        parts.append(f"申请人{applicant.name}与被申请人{respondent.name}因{subject}申请调解。")
    elif subject:
        parts.append(f"{subject}。")
    for role in PARTY_ROLES:
        first = next((s for s in speech if s.role == role and len(_clean(s.text)) >= 8), None)
        if first is None:
            continue
        summary = ""
        for sentence in _sentences(_clean(first.text)):
            if summary and len(summary) + len(sentence) > 150:
                break
            summary += sentence
        summary = summary[:150].replace("\n", "").rstrip("，,")
        parts.append(f"{ROLE_LABELS[role]}{first.name}称：{summary}{'' if summary.endswith(('。', '！', '？')) else '。'}")
    return "".join(parts)


def _refuses(s: Segment) -> bool:
    return s.role in PARTY_ROLES and bool(_REFUSAL.search(s.text)) and not _REFUSAL_NEGATED.search(s.text)


def _agreement(proposal: TranscriptProposal, speech: list[Segment]) -> None:
    """Find the agreement the mediator read out and decide whether the parties accepted it (人民调解法 第二十六条:
    调解不成的应当终止调解)."""
    clauses: list[str] = []
    read_at = -1
    for index in reversed(range(len(speech))):
        s = speech[index]
        if s.role == MEDIATOR and _AGREEMENT_CUES.search(s.text):
            clauses = _clauses(speech, index)
            if clauses:
                read_at = index
                break
    last_failure = max((i for i, s in enumerate(speech) if s.role in (MEDIATOR, RECORDER) and _FAILURE_CUES.search(s.text)), default=-1)
    refused_after = [s for s in speech[read_at + 1:] if _refuses(s)] if read_at >= 0 else []
    proposal.oral = any("口头协议" in s.text for s in speech if s.role == MEDIATOR)
    if last_failure > read_at:
        proposal.agreed = False
        proposal._note("笔录记载调解不成，可使用“调解不成”对话框终止调解并告知当事人其他解决途径")
    elif refused_after:
        proposal.agreed = False
        names = "、".join(dict.fromkeys(_speaker_title(s) for s in refused_after))
        proposal._note(f"{names}在宣读协议内容后表示不同意，未达成协议")
    elif clauses:
        proposal.agreed = True
    else:
        proposal.agreed = False
        if any(_refuses(s) for s in speech[-6:]):
            proposal._note("当事人拒绝调解方案，未达成协议")
        else:
            proposal._note("笔录中没有找到协议内容（如“经调解，双方自愿达成如下协议”），未生成协议草稿")
    proposal.clauses = clauses
    agreement_text = "\n".join(clauses)
    proposal.payment_methods = [label for pattern, label in _PAYMENT_METHODS if pattern.search(agreement_text)]
    proposal.items, totals = _items(proposal, clauses)
    if any(item.description.endswith("（第2期）") for item in proposal.items):  # 本周五前付一万五，剩余的下月15号前付清
        methods = {*proposal.payment_methods, "分期"}
        proposal.payment_methods = [label for _, label in _PAYMENT_METHODS if label in methods]
    paid = sum((item.amount for item in proposal.items), Decimal(0))
    proposal.amount = max(totals) if totals else (paid or max((v for c in clauses for _, _, v in find_amounts(c)), default=Decimal(0)))


def _mentions_deadline(text: str) -> bool:
    return any(p.search(text) for p in (_ISO_DATE, _ABS_DATE, _REL_PERIOD, _REL_DAY))


def _clauses(speech: list[Segment], start: int) -> list[str]:
    """The agreement the mediator read out: numbered clauses when there are any, else the sentences after the cue."""
    text = speech[start].text
    cue = _AGREEMENT_CUES.search(text)
    tail = text[cue.start():] if cue else text
    # A mediator who reads the clauses over several turns goes on until a party speaks.
    for s in speech[start + 1:]:
        if s.role != MEDIATOR:
            break
        if _CLAUSE_MARK.search(s.text):
            tail += "\n" + s.text
    marks = list(_CLAUSE_MARK.finditer(tail))
    if marks:
        pieces = [tail[m.end():(marks[i + 1].start() if i + 1 < len(marks) else len(tail))] for i, m in enumerate(marks)]
        clauses = [_drop_question(_clean(p).replace("\n", "")).strip(" ，,；;") for p in pieces]
    else:
        body = re.sub(r"^.*?(?:协议如下|如下协议|以下协议|达成一致|同意)[：:，,]?", "", tail, count=1, flags=re.S)
        clauses = [_clean(s).strip(" ，,；;") for s in _sentences(body) if not s.endswith(("？", "?"))]
        clauses = [c for c in clauses if len(c) >= 6 and (find_amounts(c) or _mentions_deadline(c) or _PAY_VERBS.search(c))]
    return [f"{_CN_ORDINALS[i] if i < len(_CN_ORDINALS) else i + 1}、{c.rstrip('。')}。" for i, c in enumerate(c for c in clauses if c)]


_CN_ORDINALS = "一二三四五六七八九十"


def _drop_question(clause: str) -> str:
    """Cut the mediator's closing question ("双方有没有意见？") off the last clause."""
    sentences = _sentences(clause)
    while sentences and (sentences[-1].endswith(("？", "?")) or re.search(r"有没有意见|是否同意|听清楚了|没意见吧|请.{0,6}签字", sentences[-1])):
        sentences.pop()
    return "".join(sentences)


def _party_mentions(text: str, proposal: TranscriptProposal) -> list[tuple[int, str]]:
    """(position, party) of every mention of a party, by name or by role word; a role without a known name stands
    for itself ("被申请人")."""
    mentions: set[tuple[int, str]] = set()
    for party in proposal.parties:
        mentions.update((m.start(), party.name) for m in re.finditer(re.escape(party.name), text))
    for match in re.finditer(r"被申请人|申请人|第三人", text):
        if match[0] == "申请人" and match.start() and text[match.start() - 1] == "被":
            continue
        named = proposal.party(_role_word(match[0]) or UNKNOWN)
        mentions.add((match.start(), named.name if named else match[0]))
    return sorted(mentions)


def _obligor_in(text: str, proposal: TranscriptProposal) -> tuple[str, str]:
    """(obligor, obligee) in a clause: the party named before the verb of performance, not after 向/给 (the payee)."""
    verb = _PAY_VERBS.search(text)
    mentions = _party_mentions(text, proposal)
    if not verb or not mentions:
        return "", ""
    obligor = obligee = ""
    for position, name in mentions:
        before = text[position - 1] if position else ""
        if before in _TARGET_MARK or position > verb.start():
            obligee = obligee or name
        elif not obligor:
            obligor = name
    return obligor, "" if obligee == obligor else obligee


def _items(proposal: TranscriptProposal, clauses: list[str]) -> tuple[list[ProposedItem], list[Decimal]]:
    """The 履行事项 of the agreement and any totals it states (共计一万元, or one sum that adds up the instalments)."""
    items: list[ProposedItem] = []
    totals: list[Decimal] = []
    for clause in clauses:
        body = re.sub(r"^[一二三四五六七八九十\d]+、", "", clause)
        clause_obligor, clause_obligee = _obligor_in(body, proposal)
        clause_deadlines = find_deadlines(body, proposal.reference_date)
        clause_items: list[ProposedItem] = []
        parts = [p for p in re.split(r"[，,；;。：:]", body) if p.strip()]
        plain_amounts = [a for p in parts for a in find_amounts(p) if not _TOTAL_CUES.search(p[max(0, a[0] - 4):a[0]])]
        for part in parts:
            found = find_amounts(part)
            amounts = [a for a in found if not _TOTAL_CUES.search(part[max(0, a[0] - 4):a[0]])]
            totals.extend(v for a in found if a not in amounts for v in (a[2],))
            if found and not amounts and not plain_amounts:  # "当场赔偿…共计一千五百元": the total is the one payment
                amounts = found
            deadlines = find_deadlines(part, proposal.reference_date)
            if not _PAY_VERBS.search(part) or not (amounts or deadlines):
                continue
            previous = clause_items[-1] if clause_items else None
            if previous and previous.amount and not amounts and _SETTLE.search(part) and not _OTHER_DUTIES.search(part):
                # "返还彩礼款叁万伍仟元，于9月30日前通过银行转账一次性付清": the terms of the payment just named
                if deadlines:
                    previous.due_date, previous.due_text = deadlines[-1][2], part[deadlines[-1][0]:deadlines[-1][1]]
                continue
            obligor, obligee = _obligor_in(part, proposal)
            obligor = obligor or (previous.obligor if previous else clause_obligor)
            obligee = obligee or (previous.obligee if previous else clause_obligee)
            if deadlines:
                due, due_text = deadlines[-1][2], part[deadlines[-1][0]:deadlines[-1][1]]
            elif len(clause_deadlines) == 1:
                due, due_text = clause_deadlines[0][2], body[clause_deadlines[0][0]:clause_deadlines[0][1]]
            else:
                due, due_text = None, ""
            for _, _, value in amounts or [(0, 0, Decimal(0))]:
                description = "" if value else _clean(part).strip()
                clause_items.append(ProposedItem(obligor=obligor, obligee=obligee, amount=value, description=description,
                                                 due_date=due, due_text=due_text))
        money = [i for i in clause_items if i.amount]
        whole = next((i for i in money if len(money) >= 3 and i.amount == sum(o.amount for o in money if o is not i)), None)
        if whole is not None:  # "归还借款一万元，…前付五千元，…前付剩余的五千元": the first sum is the total
            clause_items.remove(whole)
            money.remove(whole)
            totals.append(whole.amount)
        for number, item in enumerate(money, start=1):
            instalment = f"（第{number}期）" if len(money) > 1 else ""
            item.description = f"{item.obligor}{'向' + item.obligee if item.obligee else ''}支付{_money(item.amount)}{instalment}"
        for item in clause_items:
            if not item.amount and item.obligor and item.obligor not in item.description[:8]:
                item.description = f"{item.obligor}{item.description}"
        items.extend(clause_items)
    for item in items:
        if not item.obligor:
            proposal._note(f"没有识别出“{item.description}”由哪一方履行，请核对")
        if item.due_date is None:
            proposal._note(f"“{item.description}”没有明确的履行期限，请补充")
    return items, totals


def _money(value: Decimal) -> str:
    return f"{value.normalize():f}元" if value == value.to_integral() else f"{value:.2f}元"


# ---------------------------------------------------------------------------------------------------------------
# Optional improvement by the office's model server


_LLM_SYSTEM = """你是基层司法所人民调解工作的助手。根据调解笔录，提取调解记录和调解协议所需的信息，只输出一个 JSON 对象，不要输出其他文字。
JSON 结构：
{"parties": [{"name": "姓名", "role": "applicant|respondent|third", "claims": ["该当事人的主张"]}],
 "facts": "纠纷主要事实和争议事项（150字以内）",
 "agreed": true 或 false（是否达成调解协议）,
 "clauses": ["协议条款，按宣读顺序"],
 "amount": 协议总金额（数字，单位元，没有则为 0）,
 "payment_methods": ["现金|银行转账|微信转账|支付宝转账|分期|一次性"],
 "items": [{"obligor": "履行人姓名", "obligee": "权利人姓名", "description": "履行内容", "amount": 数字, "due_date": "YYYY-MM-DD"}]}
相对期限（如“十日内”）从参考日期起算。只使用笔录中出现的信息，不要编造。"""


def _improve_with_llm(proposal: TranscriptProposal) -> None:
    from core.llm import chat_json, llm_enabled

    if not llm_enabled():
        proposal._note("未配置智能提取服务，已使用内置规则提取")
        return
    draft = {
        "parties": [{"name": p.name, "role": p.role, "claims": p.claims} for p in proposal.parties], "facts": proposal.facts,
        "agreed": proposal.agreed, "clauses": proposal.clauses, "amount": str(proposal.amount),
        "payment_methods": proposal.payment_methods,
        "items": [{"obligor": i.obligor, "obligee": i.obligee, "description": i.description, "amount": str(i.amount),
                   "due_date": i.due_date.isoformat() if i.due_date else ""} for i in proposal.items],
    }
    user = (f"参考日期：{proposal.reference_date.isoformat()}\n\n调解笔录：\n{proposal.record_text}\n\n"
            f"内置规则的初步提取结果（请核对、补全、改正）：\n{json.dumps(draft, ensure_ascii=False)}")
    try:
        reply = chat_json(_LLM_SYSTEM, user)
        changed = _merge_llm(proposal, reply)
    except ServiceUnavailable:
        proposal._note("智能提取服务不可用，已使用内置规则提取")
        return
    if changed:
        proposal._note(f"已由智能提取服务补充：{'、'.join(changed)}，请逐项核对")


def _merge_llm(proposal: TranscriptProposal, reply: dict[str, Any]) -> list[str]:
    """Take each part of the model's answer that passes validation; names must occur in the transcript (a model must
    not invent a party), dates must be real dates, amounts non-negative numbers. A reply with no usable part counts
    as a failure."""
    source = "\n".join(s.text for s in proposal.segments) + "\n" + "\n".join(s.speaker for s in proposal.segments)
    changed: list[str] = []
    parties = []
    for row in reply.get("parties") or []:
        if isinstance(row, dict) and isinstance(row.get("name"), str) and row.get("role") in PARTY_ROLES and row["name"] in source:
            claims = [c for c in row.get("claims") or [] if isinstance(c, str) and c.strip()]
            parties.append(ProposedParty(name=row["name"].strip(), role=row["role"], claims=claims[:4]))
    if parties and {p.role for p in parties} >= {APPLICANT, RESPONDENT}:
        proposal.parties = sorted(parties, key=lambda p: PARTY_ROLES.index(p.role))
        changed.append("当事人")
    if isinstance(reply.get("facts"), str) and reply["facts"].strip():
        proposal.facts = reply["facts"].strip()
        changed.append("纠纷事实")
    if isinstance(reply.get("agreed"), bool):
        proposal.agreed = reply["agreed"]
    clauses = [c.strip() for c in reply.get("clauses") or [] if isinstance(c, str) and c.strip()]
    if clauses:
        proposal.clauses = [c if re.match(r"^[一二三四五六七八九十]+、", c) else f"{_CN_ORDINALS[i % 10]}、{c}" for i, c in enumerate(clauses)]
        changed.append("协议条款")
    amount = _decimal(reply.get("amount"))
    if amount is not None:
        proposal.amount = amount
        changed.append("协议金额")
    methods = [m for m in reply.get("payment_methods") or [] if m in {label for _, label in _PAYMENT_METHODS}]
    if methods:
        proposal.payment_methods = methods
    names = {p.name for p in proposal.parties}
    items = []
    for row in reply.get("items") or []:
        if not isinstance(row, dict) or row.get("obligor") not in names or not isinstance(row.get("description"), str):
            continue
        try:
            due = dt.date.fromisoformat(str(row.get("due_date")))
        except ValueError:
            due = None
        items.append(ProposedItem(obligor=row["obligor"], obligee=str(row["obligee"]) if row.get("obligee") in names else "",
                                  description=row["description"].strip()[:200], amount=_decimal(row.get("amount")) or Decimal(0),
                                  due_date=due))
    if items:
        proposal.items = items
        changed.append("履行事项")
    if not changed:
        raise ServiceUnavailable("智能提取服务的回复中没有可用的内容")
    return changed


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        number = Decimal(str(value).replace(",", "").replace("元", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() and number >= 0 else None
