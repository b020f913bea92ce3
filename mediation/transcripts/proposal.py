"""The proposal builder: from a transcript's segments to the drafted 调解记录 (人民调解法 第二十七条) and, when the
parties settled, the 调解协议 (第二十九条: 当事人, 纠纷事实, 协议内容, 履行方式和期限); rule-based and offline, optionally
improved by the office's model server."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from core.errors import ServiceUnavailable
from core.textparse import ABS_DATE, ISO_DATE, REL_DAY, REL_PERIOD, date_number, find_amounts, find_deadlines
from mediation.transcripts.formats import (
    APPLICANT,
    FILLERS,
    HEADER_KEYS,
    MEDIATOR,
    NUMBERED_SPEAKER,
    PARTY_ROLES,
    RECORDER,
    RESPONDENT,
    ROLE_LABELS,
    UNKNOWN,
    Segment,
    canonical_name,
    role_mentions,
    speaker_role,
    split_names,
)

_AGREEMENT_CUES = re.compile(r"双方(?:均|都|一致)?同意|达成(?:一致|如下|以下|了?协议|共识)|协议如下|经调解|自愿达成|协议内容|调解协议")
_FAILURE_CUES = re.compile(r"调解不成|调解未成|未能达成|无法达成|没有达成|不能达成|终止调解|调解终止|调解失败|分歧(?:较大|太大)")
_REFUSAL = re.compile(r"不同意|拒绝|不接受|不签|不可能给|一分钱(?:也|都)不|没得谈|法院见|去法院告")
_REFUSAL_NEGATED = re.compile(r"(?:没有|没|无)(?:什么)?(?:不同意|拒绝|不接受)")
_ASSENT = re.compile(r"^(?:行|好|好的|可以|同意|没问题|那行)[，,]")  # "行，但是得写进协议里": agreeing, not claiming
_CLAIM_CUES = re.compile(r"要求|请求|希望|必须|最多|顶多|只同意|只愿意?|赔偿|赔|归还|还钱|还我|退还|返还|支付|拆除|恢复|道歉|补偿|给我|搬走|停止")
_CLAUSE_MARK = re.compile(r"(?:^|(?<=[\s。；;：:]))"
                          r"(?:[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)|[（(][一二三四五六七八九十\d]{1,3}[)）])")
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
# Extraction


def _clean(text: str) -> str:
    text = re.sub(r"(那个|就是|这个)(?:[，,、\s]*\1)+", r"\1", text)
    text = FILLERS.sub("", text)
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
    header = {(HEADER_KEYS.get(s.speaker) or s.role): s.text for s in segments if s.header}
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
    for pattern in (ISO_DATE, ABS_DATE):
        match = pattern.search(text)
        if match and match["y"]:
            try:
                return dt.date(date_number(match["y"]), date_number(match["m"]), date_number(match["d"]))
            except ValueError:
                return None
    return None


def _collect_people(proposal: TranscriptProposal, segments: list[Segment]) -> None:
    def add(bucket: list[str], name: str) -> None:
        if name and name not in bucket:
            bucket.append(name)

    parties: dict[str, ProposedParty] = {}
    for s in segments:
        if s.header and HEADER_KEYS.get(s.speaker) == "attendees":  # "村主任赵某、律师刘某"
            for entry in re.split(r"[、，,；;\s]+", s.text.rstrip("。.")):
                add(proposal.attendees, entry[:30])
            continue
        names = ([s.name] if s.name else split_names(s.text)) if s.header else [s.name]
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
        if (not s.header and s.role == UNKNOWN and speaker and not NUMBERED_SPEAKER.match(speaker)
                and not any(speaker in entry for entry in proposal.attendees)):  # 李德胜 is 前进村村主任李德胜 of the 参加人 line
            add(proposal.attendees, speaker)
    for s in segments:  # parties only named in speech ("被申请人李四家的墙"), after the labelled ones
        for role, name in role_mentions(s.text):
            name = canonical_name(name, parties)
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
    if any(NUMBERED_SPEAKER.match(s.speaker) for s in segments):
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
    return any(p.search(text) for p in (ISO_DATE, ABS_DATE, REL_PERIOD, REL_DAY))


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
        named = proposal.party(speaker_role(match[0]) or UNKNOWN)
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
