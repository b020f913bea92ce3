"""Text messages to a subject's phone (the phone page's one-time login code, reminders before an obligation).

``sms_sender()`` returns the sender the setting ``CORRECTIONS_SMS_BACKEND`` names: ``log`` (the default) writes the
message to the server log — for development and for offices without an SMS contract, staff read the code to the
subject from the log — and ``http`` posts it to an SMS gateway. The log line never carries the subject's ID number
and the phone number is masked by the log handlers (core/logging.py).

The gateway protocol: ``POST CORRECTIONS_SMS_URL`` with the JSON body ``{"phone", "content", "timestamp"}`` and the
headers ``X-Api-Key`` (``CORRECTIONS_SMS_KEY``) and ``X-Signature`` = hex HMAC-SHA256 under ``CORRECTIONS_SMS_SECRET``
of ``"<timestamp>\\n<body>"``; the gateway answers ``{"code": 0, "id": ...}`` when it accepted the message, or a
non-zero ``code`` with a ``message``."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
from typing import Protocol

from django.conf import settings

from core.errors import ValidationFailed

logger = logging.getLogger("corrections.sms")


class SmsError(ValidationFailed):
    """The message could not be sent; the Chinese message says what to do."""

    code = "sms_failed"


class SmsSender(Protocol):
    def send(self, phone: str, content: str) -> str:
        """Send ``content`` to ``phone``; return the gateway's message id ("" when there is none)."""


class LogSmsSender:
    """The built-in sender: the message goes to the server log (INFO, logger ``corrections.sms``)."""

    def send(self, phone: str, content: str) -> str:
        logger.info("短信（未接入短信平台，写入日志）发往 %s：%s", phone, content)
        return ""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), f"{timestamp}\n".encode() + body, hashlib.sha256).hexdigest()


class HttpSmsSender:
    """The SMS gateway client of the protocol above."""

    def __init__(self, url: str, key: str, secret: str, timeout: float = 5.0) -> None:
        if not url or not secret:
            raise SmsError("短信平台未配置：请在部署环境中设置 CORRECTIONS_SMS_URL 和 CORRECTIONS_SMS_SECRET，"
                           "或把 CORRECTIONS_SMS_BACKEND 设为 log")
        self.url, self.key, self.secret, self.timeout = url, key, secret, timeout

    def send(self, phone: str, content: str) -> str:
        timestamp = int(time.time())
        body = json.dumps({"phone": phone, "content": content, "timestamp": timestamp}, ensure_ascii=False).encode()
        request = urllib.request.Request(self.url, data=body, method="POST", headers={  # noqa: S310 - the configured gateway URL
            "Content-Type": "application/json; charset=utf-8", "X-Api-Key": self.key,
            "X-Signature": sign(self.secret, timestamp, body),
        })
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - the configured gateway URL
                answer = json.loads(response.read().decode() or "{}")
        except urllib.error.HTTPError as exc:
            raise SmsError(f"短信平台拒绝了发送请求（HTTP {exc.code}），请稍后重试或联系系统管理员") from None
        except (urllib.error.URLError, TimeoutError, ValueError):
            raise SmsError("短信平台暂时无法连接，请稍后重试；急需时请到司法所办理") from None
        if answer.get("code") != 0:
            raise SmsError(f"短信发送失败：{answer.get('message') or '短信平台未说明原因'}，请稍后重试")
        return str(answer.get("id", ""))


def sms_sender() -> SmsSender:
    backend = getattr(settings, "CORRECTIONS_SMS_BACKEND", "log")
    if backend == "http":
        return HttpSmsSender(settings.CORRECTIONS_SMS_URL, settings.CORRECTIONS_SMS_KEY, settings.CORRECTIONS_SMS_SECRET)
    return LogSmsSender()
