"""Reading an uploaded transcript, for every module that prefills a record from one (调解笔录, 咨询笔录 …): the upload's
type and size, its text encoding, and a speech recogniser's JSON output as (speaker, text) rows. What the speakers
said, and who they are, is for each module to interpret."""

from __future__ import annotations

import json
from typing import Any

from core.errors import ValidationFailed

# A typed 笔录 of a long session is a few dozen KB; a recogniser's JSON with word timings a few hundred.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
UPLOAD_EXTENSIONS = ("txt", "json")
# The keys recognisers (FunASR, Whisper, iFlytek, Alibaba, Tencent …) put a segment's text and its speaker under.
TEXT_KEYS = ("text", "content", "sentence", "transcript")
SPEAKER_KEYS = ("speaker", "spk", "speaker_id", "speakerid", "role", "name", "channel_id", "channelid")


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
    """The text of a file: UTF-8 (with or without BOM) or UTF-16; a GBK file is refused with how to convert it."""
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


def json_rows(data: Any) -> list[Any] | None:
    """The list of segments in a recogniser's output: a list, or the list under segments/sentences/… of an object
    (FunASR's ``sentence_info`` of each result included); None when there is none."""
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


def json_speech(text: str) -> list[tuple[Any, str]]:
    """(speaker as the file gives it — a label, a number — or None, the segment's text) of every segment of a
    recogniser's JSON that says something, in order. A file that is not JSON, or has no list of segment objects, is
    refused with what to fix."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(f"转写文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列附近有误），请确认文件完整后再上传",
                               field="file") from None
    rows = json_rows(data)
    if rows is None:
        raise ValidationFailed("无法识别转写文件的结构：应为 [{\"speaker\": …, \"text\": …}] 列表，或含 segments、sentences 的对象",
                               field="file")
    speech: list[tuple[Any, str]] = []
    for row in rows:
        if not isinstance(row, dict):
            raise ValidationFailed("转写文件中每一段都应是含 speaker 和 text 的对象", field="file")
        lowered = {str(k).lower(): v for k, v in row.items()}
        body = next((lowered[k] for k in TEXT_KEYS if isinstance(lowered.get(k), str)), "").strip()
        speaker = next((lowered[k] for k in SPEAKER_KEYS if lowered.get(k) not in (None, "")), None)
        if body:
            speech.append((speaker, body))
    return speech
