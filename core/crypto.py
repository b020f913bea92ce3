"""Field encryption (Fernet) and keyed hashes for sensitive identifiers."""

from __future__ import annotations

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode())


def encrypt_text(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()
    except InvalidToken as exc:  # wrong key: never fall back to showing ciphertext
        raise ValueError("无法解密：加密密钥与数据不匹配，请检查 FIELD_ENCRYPTION_KEY 设置") from exc


def keyed_hash(value: str, *, purpose: str = "id") -> str:
    """HMAC-SHA256 of ``value``; equal inputs give equal hashes, so it supports exact lookup."""
    key = f"{purpose}:{settings.ID_HASH_KEY}".encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()
