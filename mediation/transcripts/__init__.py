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

The package has two parts: ``formats`` (the transcript formats below, read into ``Segment`` rows) and ``proposal``
(the drafts). What every module that reads transcripts or Chinese text shares lives in core and is re-exported here:
the upload's checks, its encoding and a recogniser's JSON rows (``core.transcripts``: ``read_upload``,
``decode_text``, ``json_rows``), and the reading of Chinese numbers, sums of money and dates (``core.textparse``:
``parse_number``, ``find_amounts``, ``find_deadlines``).

``parse_transcript`` accepts plain text with speaker labels at the start of a line (``调解员王五：``, ``申请人：``,
``被申请人李四:``, ``张三：`` once 张三 was introduced with a role, ``说话人1：``) and JSON (a list of
``{"speaker", "text"}``, ``{"segments": [...]}``, or recogniser output with numeric speakers such as
``{"sentences": [{"spk": 0, "text": ...}]}``; roles of numeric speakers are inferred from what they say).

``extract`` is rule-based and offline. With ``use_llm=True`` and ``LLM_BASE_URL`` set it also asks the office's
model server (``core.llm``) and keeps whatever of the model's answer passes validation; if the server fails it
keeps the built-in result and says so in ``proposal.notes``.
"""

from core.textparse import find_amounts, find_deadlines, parse_number
from core.transcripts import MAX_UPLOAD_BYTES, UPLOAD_EXTENSIONS, decode_text, json_rows, read_upload
from mediation.transcripts.formats import (
    APPLICANT,
    MEDIATOR,
    PARTY_ROLES,
    RECORDER,
    RESPONDENT,
    ROLE_LABELS,
    THIRD,
    UNKNOWN,
    Segment,
    parse_transcript,
)
from mediation.transcripts.proposal import ProposedItem, ProposedParty, TranscriptProposal, extract

__all__ = [
    "APPLICANT", "MAX_UPLOAD_BYTES", "MEDIATOR", "PARTY_ROLES", "RECORDER", "RESPONDENT", "ROLE_LABELS", "THIRD", "UNKNOWN",
    "UPLOAD_EXTENSIONS", "ProposedItem", "ProposedParty", "Segment", "TranscriptProposal", "decode_text", "extract",
    "find_amounts", "find_deadlines", "json_rows", "parse_number", "parse_transcript", "read_upload",
]
