"""咨询笔录 → 法律咨询登记: the questions of the person who came (咨询人/当事人) become 咨询问题, the replies of the
office's staff or the lawyer on duty become 解答意见, and the laws they cite become 引用法条. Nothing is saved here;
the fields prefill the consultation dialog and the staff member confirms them.

The file is read and checked like a 调解笔录 (``core.transcripts``: ``read_upload``, ``decode_text``, ``json_speech``): plain text
with a speaker label at the start of a line (``咨询人张三：``, ``工作人员：``, ``律师：``, or ``问：``/``答：``) or JSON
segments with ``speaker`` and ``text``. When a recogniser only numbered the speakers, the one who asks more
questions is taken for the 咨询人 and a note says so."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.errors import ValidationFailed
from core.transcripts import decode_text, json_speech

ASKER, ANSWERER = "asker", "answerer"
# Longest first, so 司法所工作人员 wins over 工作人员 and 值班律师 over 律师.
_ROLE_WORDS = sorted(
    [(w, ASKER) for w in ("咨询人", "来访人", "来访群众", "来电人", "群众", "当事人", "申请人", "求助人", "问")]
    + [(w, ANSWERER) for w in ("司法所工作人员", "工作人员", "值班律师", "律师", "法律顾问", "基层法律服务工作者", "法律服务工作者",
                               "司法助理员", "接待人", "司法所长", "所长", "人民调解员", "调解员", "答")],
    key=lambda pair: -len(pair[0]),
)
_NAME = r"[\u4e00-\u9fff·]{2,4}"
_LABEL_LINE = re.compile(r"^\s*(?P<label>[^：:\s]{1,12})\s*[：:]\s*(?P<text>.*)$")
_NUMBERED = re.compile(r"^(?:说话人|发言人|speaker|spk)?\s*_?(\d{1,2})$", re.IGNORECASE)
_QUESTION_CUES = re.compile(r"[？?]|吗|怎么办|能不能|可不可以|可以吗|该怎么|咋办|请问")
# 《中华人民共和国民法典》第一千一百二十七条 · 《劳动合同法》第八十二条 · 民法典第一千零七十九条
_CITATION = re.compile(r"(?:《(?P<title>[^》]{2,40})》|(?P<bare>民法典))\s*第(?P<article>[零〇一二三四五六七八九十百千0-9]+)条")
_NATIONAL_LAW = re.compile(r"^[\u4e00-\u9fff]{1,20}(?:法|法典)$")
# Greetings and thanks carry no question or answer: "您好，请讲。" "好的，谢谢。"
_SMALL_TALK = re.compile(r"^(?:(?:您好|你好|好的?|嗯|行|明白了?|知道了|清楚了|谢谢(?:你|您)?|再见|请讲|请说|有什么事|有什么可以帮您)"
                         r"[，,。！!？?\s]*)+$")


@dataclass
class Turn:
    role: str  # ASKER, ANSWERER or "" (a header line such as 时间：, or an unlabelled speaker)
    speaker: str
    text: str
    name: str = ""


@dataclass
class ConsultationProposal:
    """What a consultation transcript says, mapped onto the consultation dialog. Nothing here is saved."""

    name: str = ""
    question: str = ""
    answer: str = ""
    laws_cited: str = ""
    notes: list[str] = field(default_factory=list)

    def form_fields(self) -> dict[str, str]:
        """Initial values of ``consultation.forms.ConsultationFields`` (and ``name`` of the create dialog)."""
        fields = {"question": self.question, "answer": self.answer, "laws_cited": self.laws_cited}
        if self.name:
            fields["name"] = self.name
        return fields


def _role_of(label: str) -> tuple[str, str] | None:
    """(role, name) of a speaker label, or None when the label is not a speaker (时间、地点 …)."""
    label = re.sub(r"\s+", "", label).rstrip("：:")
    bracket = re.fullmatch(rf"(?P<name>{_NAME})[（(](?P<word>[^)）]+)[)）]", label)
    if bracket:  # 张三（咨询人）
        found = _role_of(bracket["word"])
        return (found[0], bracket["name"]) if found else None
    for word, role in _ROLE_WORDS:
        if label.startswith(word):
            rest = label[len(word):]
            if not rest or (len(word) > 1 and re.fullmatch(_NAME, rest)):
                return role, rest
            return None
    return None


def _text_turns(text: str) -> list[Turn]:
    turns: list[Turn] = []
    current: Turn | None = None
    for line in text.split("\n"):
        match = _LABEL_LINE.match(line)
        found = _role_of(match["label"]) if match else None
        if match and found:
            current = Turn(role=found[0], speaker=match["label"], text=match["text"].strip(), name=found[1])
            turns.append(current)
        elif match and not turns:
            current = None  # a header line at the top (时间：…、地点：…)
        elif line.strip() and current is not None:
            current.text = f"{current.text}\n{line.strip()}" if current.text else line.strip()
    return turns


def _json_turns(text: str) -> list[Turn]:
    turns: list[Turn] = []
    for value, body in json_speech(text):
        speaker = "" if value is None else str(value)
        found = _role_of(speaker) if speaker else None
        numbered = _NUMBERED.match(speaker.strip())
        if found:
            turns.append(Turn(role=found[0], speaker=speaker, text=body, name=found[1]))
        elif numbered:
            turns.append(Turn(role="", speaker=f"说话人{numbered[1]}", text=body))
    return turns


def _assign_numbered(turns: list[Turn], notes: list[str]) -> None:
    """Two numbered speakers: the one who asks more questions is the 咨询人."""
    speakers = list(dict.fromkeys(t.speaker for t in turns if not t.role))
    if not speakers or any(t.role for t in turns):
        return
    questions = {s: sum(len(_QUESTION_CUES.findall(t.text)) for t in turns if t.speaker == s) for s in speakers}
    asker = max(speakers, key=lambda s: questions[s])
    for turn in turns:
        turn.role = ASKER if turn.speaker == asker else ANSWERER
    notes.append("转写文件只标注了说话人编号，咨询人和解答人是根据发言内容推断的，请核对")


def _law_title(title: str) -> str:
    title = title.strip()
    if not title.startswith("中华人民共和国") and _NATIONAL_LAW.match(title):
        return f"中华人民共和国{title}"
    return title


def laws_in(text: str) -> list[str]:
    """The articles cited in ``text``, one per entry as the 引用法条 field writes them (中华人民共和国民法典 第一千零七十九条)."""
    found: list[str] = []
    for match in _CITATION.finditer(text):
        citation = f"{_law_title(match['title'] or match['bare'])} 第{match['article']}条"
        if citation not in found:
            found.append(citation)
    return found


def consultation_proposal(content: bytes | str, filename: str) -> ConsultationProposal:
    """Read a consultation transcript: the 咨询人's turns → question, the staff's or lawyer's turns → answer."""
    text = decode_text(content).replace("\r\n", "\n").replace("\r", "\n").replace("\u3000", " ")
    if not text.strip():
        raise ValidationFailed("笔录文件是空的，请选择有内容的笔录文件", field="file")
    is_json = filename.lower().endswith(".json") or text.lstrip()[:1] in "[{"
    turns = _json_turns(text.strip()) if is_json else _text_turns(text)
    proposal = ConsultationProposal()
    _assign_numbered(turns, proposal.notes)
    if not turns:
        raise ValidationFailed("笔录中没有识别到说话人标记，请在每段话前注明“咨询人：”“工作人员：”“律师：”（或“问：”“答：”）后再上传",
                               field="file")
    asked = [t for t in turns if t.role == ASKER]
    answered = [t for t in turns if t.role == ANSWERER]
    if not asked:
        raise ValidationFailed("笔录中没有咨询人的发言，请用“咨询人：”或“当事人：”标明群众说的话后再上传", field="file")
    proposal.name = next((t.name for t in asked if t.name), "")
    proposal.question = "\n".join(t.text for t in asked if t.text and not _SMALL_TALK.match(t.text))
    proposal.answer = "\n".join(t.text for t in answered if t.text and not _SMALL_TALK.match(t.text))
    proposal.laws_cited = "\n".join(laws_in(proposal.answer))
    if not answered:
        proposal.notes.append("笔录中没有工作人员或律师的解答，请在“解答意见”中填写")
    return proposal
