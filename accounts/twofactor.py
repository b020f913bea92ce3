"""TOTP two-factor authentication (django-otp): optional for everyone, mandatory for roles that require it."""

from __future__ import annotations

from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django_otp.plugins.otp_totp.models import TOTPDevice


def needs_2fa(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_needs_2fa", None)
    if cached is None:
        cached = bool(user.is_superuser) or user.memberships.filter(is_active=True, role__requires_2fa=True).exists()
        user._needs_2fa = cached
    return cached


def has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being set up, created on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = BytesIO()
    image.save(buf)
    return buf.getvalue().decode()


def verify(user: Any, token: str, *, confirmed: bool = True) -> TOTPDevice | None:
    token = (token or "").strip()
    if not token.isdigit():
        return None
    for device in TOTPDevice.objects.filter(user=user, confirmed=confirmed):
        if device.verify_token(token):
            return device
    return None
