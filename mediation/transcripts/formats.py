"""Transcript formats: a typed 笔录 with speaker labels, or a speech recogniser's JSON segments, read into
``Segment`` rows with each speaker's role (调解员, 申请人, 被申请人, 第三人, 记录员) and name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.errors import ValidationFailed
from core.transcripts import decode_text, json_speech

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
NUMBERED_SPEAKER = re.compile(r"^(?:说话人|发言人|讲话人|角色|speaker|spk)\s*_?(\d{1,2})$", re.IGNORECASE)
HEADER_KEYS = {
    "时间": "date", "调解时间": "date", "日期": "date", "地点": "place", "调解地点": "place", "事由": "subject", "案由": "subject",
    "纠纷名称": "subject", "参加人": "attendees", "参加人员": "attendees", "在场人": "attendees", "其他参加人": "attendees",
}
_CJK = "\u4e00-\u9fff"
NAME_PATTERN = rf"[{_CJK}·]{{2,4}}"
_LABEL_LINE = re.compile(r"^\s*(?P<label>[^：:\s]{1,8}(?:\s{0,3}[^：:\s]{1,8}){0,2}?)\s*[：:]\s*(?P<text>.*)$")
_NAME_LIST = re.compile(rf"^{NAME_PATTERN}(?:\s*[、，,；;和]\s*{NAME_PATTERN})*[。.]?$")
_PARTY_INFO = re.compile(rf"^({NAME_PATTERN})[，,、\s]+(?:男|女)")
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
FILLERS = re.compile(r"呃+[，,、\s]*|(?:^|(?<=[，,。、！？!?\s]))(?:(?:额|嗯|啊|唔)+|那个|这个|就是说|然后呢)[，,、\s]+")

_MEDIATOR_CUES = ("调解", "告知", "权利义务", "你们双方", "双方", "请申请人", "请被申请人", "协议如下", "经调解", "大家", "司法所", "调委会",
                  "下面由", "你先说", "你来说", "陈述")
@dataclass
class Segment:
    """One speaker's turn: ``speaker`` as labelled, ``role`` one of mediator/applicant/respondent/third/recorder/unknown,
    ``name`` the person's name when known. ``header`` marks the 时间/地点/参加人 lines at the top of a 笔录."""

    speaker: str
    role: str
    text: str
    name: str = ""
    header: bool = False


# ---------------------------------------------------------------------------------------------------------------
# Parsing


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
            role = speaker_role(first)
            if role is not None and re.fullmatch(NAME_PATTERN, second):
                return role, second
        return None
    for word, role in _ROLE_WORDS:
        if label.startswith(word):
            rest = label[len(word):]
            if not rest or re.fullmatch(rf"{NAME_PATTERN}|[0-9一二三]", rest):
                return role, rest if not re.fullmatch(r"[0-9一二三]", rest) else ""
            return None
    return None


def speaker_role(word: str) -> str | None:
    return next((role for w, role in _ROLE_WORDS if w == word), None)


def _parse_text(text: str) -> list[Segment]:
    lines = [line.rstrip() for line in text.split("\n")]
    labelled: list[tuple[int, str, str]] = []
    for number, line in enumerate(lines):
        match = _LABEL_LINE.match(line)
        if match:
            labelled.append((number, re.sub(r"\s+", "", match["label"]), match["text"].strip()))
    known_names = _names_introduced(labelled)
    invited = "、".join(body for _, label, body in labelled if HEADER_KEYS.get(label) == "attendees")
    segments: list[Segment] = []
    starts: dict[int, Segment] = {}
    for number, label, body in labelled:
        in_header = not any(not s.header for s in starts.values())
        if label in HEADER_KEYS and in_header:
            starts[number] = Segment(speaker=label, role=UNKNOWN, text=body, header=True)
            continue
        parsed = _split_label(label)
        numbered = NUMBERED_SPEAKER.match(label)
        if parsed is not None:
            role, name = parsed
            info = _PARTY_INFO.match(body) if in_header and not name else None
            header = in_header and (_is_name_list(body) or info is not None)
            starts[number] = Segment(speaker=label, role=role, text=body, name=name or (info[1] if info else ""), header=header)
        elif numbered:
            starts[number] = Segment(speaker=f"说话人{numbered[1]}", role=UNKNOWN, text=body)
        elif label in known_names:
            starts[number] = Segment(speaker=label, role=known_names[label], text=body, name=label)
        elif invited and re.fullmatch(NAME_PATTERN, label) and _is_surname_start(label) and label in invited:
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


def without_notes(text: str) -> str:
    """A header value without the notes in brackets: 韩宝山（工人代表） → 韩宝山."""
    return re.sub(r"\s*[（(][^）)]{0,20}[）)]", "", text).strip()


def _is_name_list(text: str) -> bool:
    text = without_notes(text)
    return bool(_NAME_LIST.match(text)) and text.rstrip("。.") not in _NOT_NAMES and all(map(_is_surname_start, split_names(text)))


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
            for name in split_names(body) or [_PARTY_INFO.match(body)[1]]:  # type: ignore[index]
                add(name, parsed[0])
    for _, _, body in labelled:
        for role, name in role_mentions(body):
            add(canonical_name(name, names), role)
    return names


def canonical_name(name: str, known: Iterable[str]) -> str:
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


def role_mentions(text: str) -> list[tuple[str, str]]:
    """(role, name) pairs spoken in the text: 申请人张三、被申请人李四、第三人王某某."""
    found = []
    for match in re.finditer(rf"(被申请人|申请人|第三人|调解员|记录员)[:：]?\s*([{_CJK}]{{2,4}})", text):
        name = _clean_name(match[2])
        if name and _is_surname_start(name):
            found.append((speaker_role(match[1]) or UNKNOWN, name))
    return found


def _self_introduction(text: str) -> tuple[str, str]:
    """(role, name) from "我叫张三" / "我是申请人张三" / "我是被申请人" / "我是张三，"; empty strings when absent."""
    match = re.search(rf"我(?:是|就是)(被申请人|申请人|第三人|调解员|记录员)\s*([{_CJK}]{{2,4}})?", text)
    if match:
        name = _clean_name(match[2] or "")
        return speaker_role(match[1]) or UNKNOWN, name if _is_surname_start(name) else ""
    match = re.search(rf"我叫\s*([{_CJK}]{{2,4}})", text) or re.search(rf"我是([{_CJK}]{{2,3}})[，,。]", text)
    if match:
        name = _clean_name(match[1])
        if _is_surname_start(name):
            return "", name
    return "", ""


def _parse_json(text: str) -> list[Segment]:
    segments: list[Segment] = []
    for speaker, body in json_speech(text):
        segment = _json_segment(speaker, body)
        if segments and (segments[-1].speaker == segment.speaker or (segment.header and speaker is None)):
            # The same speaker goes on, or an unlabelled line continues the previous turn.
            joiner = "" if segments[-1].text.endswith(("。", "？", "！", "，", "?", "!", ",")) else "，"
            segments[-1].text += joiner + segment.text
        elif not (segment.header and speaker is None):
            segments.append(segment)
    return segments


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
    numbered = NUMBERED_SPEAKER.match(label)
    if numbered:
        return Segment(speaker=f"说话人{numbered[1]}", role=UNKNOWN, text=body)
    parsed = _split_label(label)
    if parsed:
        return Segment(speaker=label, role=parsed[0], text=body, name=parsed[1])
    return Segment(speaker=label, role=UNKNOWN, text=body, name=label if re.fullmatch(NAME_PATTERN, label) else "")


def _infer_roles(segments: list[Segment]) -> None:
    """Fill roles and names the labels did not give: self-introductions, the mediator calling on a party, the words a
    mediator uses, and bare names introduced elsewhere with a role."""
    speech = [s for s in segments if not s.header]
    names: dict[str, str] = {}
    for s in segments:
        if s.name and s.role in (*PARTY_ROLES, MEDIATOR, RECORDER):
            names.setdefault(s.name, s.role)
        for role, name in role_mentions(s.text):
            names.setdefault(name, role)
    by_speaker: dict[str, dict[str, str]] = {}
    for s in speech:
        info = by_speaker.setdefault(s.speaker, {"role": s.role, "name": s.name})
        role, name = _self_introduction(s.text)
        if role and info["role"] == UNKNOWN:
            info["role"] = role
        if name and not info["name"]:
            info["name"] = canonical_name(name, names)
        if info["role"] == UNKNOWN and info["name"] in names:
            info["role"] = names[info["name"]]
    for s in speech:  # a bare-name speaker introduced with a role elsewhere
        info = by_speaker[s.speaker]
        if info["role"] == UNKNOWN and s.speaker in names:
            info["role"], info["name"] = names[s.speaker], s.speaker
    unknown = [spk for spk, info in by_speaker.items() if info["role"] == UNKNOWN and NUMBERED_SPEAKER.match(spk)]
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
            info["role"] = speaker_role(role_word) or UNKNOWN
            name = _clean_name(tail)
            if not info["name"] and _is_surname_start(name):
                info["name"] = canonical_name(name, names)
    remaining = [spk for spk in unknown if by_speaker[spk]["role"] == UNKNOWN]
    taken = {info["role"] for info in by_speaker.values()}
    for spk in remaining:  # in order of first speaking: the applicant usually speaks first
        for role in (APPLICANT, RESPONDENT):
            if role not in taken:
                by_speaker[spk]["role"] = role
                taken.add(role)
                break


def split_names(text: str) -> list[str]:
    return [n for n in re.split(r"[、，,；;和\s]+", without_notes(text).rstrip("。.")) if re.fullmatch(NAME_PATTERN, n)]
