"""A small client for an office's own large-language-model server, spoken to over the OpenAI-compatible
``/v1/chat/completions`` protocol (vLLM, Ollama, Xinference, a provincial 政务大模型 gateway …).

The platform never downloads model weights; an office that has such a server sets ``LLM_BASE_URL`` (and, if the
server needs them, ``LLM_API_KEY`` and ``LLM_MODEL``). With ``LLM_BASE_URL`` empty every caller keeps its built-in,
rule-based result.

    llm_enabled() -> bool
    chat_json(system, user) -> dict      # raises core.errors.ServiceUnavailable with a Chinese message

Only the standard library is used, so the client works wherever the platform runs.
"""

from __future__ import annotations

import ipaddress
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from typing import Any

from django.conf import settings

from core.errors import ServiceUnavailable

_FENCE = re.compile(r"^```[a-zA-Z]*\s*|\s*```$")


def llm_enabled() -> bool:
    return bool(getattr(settings, "LLM_BASE_URL", "").strip())


def _endpoint(base_url: str) -> str:
    """Accept ``http://host:8000``, ``http://host:8000/v1`` or the full ``…/chat/completions`` address."""
    base = base_url.strip().rstrip("/")
    if base.endswith("/chat/completions"):
        return base
    if base.endswith("/v1"):
        return base + "/chat/completions"
    return base + "/v1/chat/completions"


def _opener(url: str) -> urllib.request.OpenerDirector:
    """Environment proxies are honoured, except for a server on this machine (a proxy cannot reach it)."""
    host = urllib.parse.urlsplit(url).hostname or ""
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    return urllib.request.build_opener(urllib.request.ProxyHandler({})) if loopback else urllib.request.build_opener()


def _post(url: str, payload: dict[str, Any], timeout: float) -> tuple[int, bytes]:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    api_key = getattr(settings, "LLM_API_KEY", "")
    if api_key:
        headers["Authorization"] = f"Bearer {api_key}"
    # The scheme was checked in chat_json: only http and https reach this point.
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener(url).open(request, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()
    except TimeoutError:
        raise ServiceUnavailable(f"智能提取服务在 {timeout:g} 秒内没有响应") from None
    except (urllib.error.URLError, OSError) as exc:
        raise ServiceUnavailable(f"无法连接智能提取服务（{getattr(exc, 'reason', exc)}），请检查 LLM_BASE_URL 设置") from None


def parse_json_reply(text: str) -> dict[str, Any]:
    """The model's reply as a JSON object, tolerating ```json fences and words around the object."""
    cleaned = _FENCE.sub("", text.strip())
    try:
        value = json.loads(cleaned)
    except json.JSONDecodeError:
        start, end = cleaned.find("{"), cleaned.rfind("}")
        if start < 0 or end <= start:
            raise ServiceUnavailable("智能提取服务的回复不是 JSON 格式") from None
        try:
            value = json.loads(cleaned[start : end + 1])
        except json.JSONDecodeError:
            raise ServiceUnavailable("智能提取服务的回复不是有效的 JSON") from None
    if not isinstance(value, dict):
        raise ServiceUnavailable("智能提取服务的回复不是 JSON 对象")
    return value


def chat_json(system: str, user: str, *, timeout: float | None = None) -> dict[str, Any]:
    """Ask the configured model for a JSON object (``response_format: json_object``) and return it parsed.

    Servers that reject ``response_format`` with HTTP 400 are asked once more without it; the system prompt
    already asks for JSON."""
    if not llm_enabled():
        raise ServiceUnavailable("未配置智能提取服务（LLM_BASE_URL 为空）")
    url = _endpoint(settings.LLM_BASE_URL)
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise ServiceUnavailable("LLM_BASE_URL 必须以 http:// 或 https:// 开头")
    timeout = timeout if timeout is not None else float(getattr(settings, "LLM_TIMEOUT_SECONDS", 30))
    payload: dict[str, Any] = {
        "model": getattr(settings, "LLM_MODEL", "") or "default",
        "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }
    status, body = _post(url, payload, timeout)
    if status == 400:
        payload.pop("response_format")
        status, body = _post(url, payload, timeout)
    if status != 200:
        raise ServiceUnavailable(f"智能提取服务返回错误（HTTP {status}）")
    try:
        reply = json.loads(body.decode("utf-8"))
        content = reply["choices"][0]["message"]["content"]
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, IndexError, TypeError):
        raise ServiceUnavailable("智能提取服务的回复格式不符合 chat/completions 协议") from None
    if not isinstance(content, str):
        raise ServiceUnavailable("智能提取服务的回复没有文本内容")
    return parse_json_reply(content)
