"""Validators for Chinese identifiers and uploads, each failing with a Chinese message that
says how to fix the input."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from core.errors import ValidationFailed

# GB 11643-1999 (ISO 7064 MOD 11-2): weights W_i = 2^(18-i) mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
# GB/T 2260 province codes (11-65), 71 台湾, 81/82 香港/澳门 (港澳台居民居住证 uses 81-83).
_PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
}


@dataclass(frozen=True)
class IdNumberInfo:
    """What a valid 公民身份号码 tells: normalised 18-digit number, birth date, sex and address code."""

    number: str
    birth_date: dt.date
    sex: str  # "1" 男, "2" 女 (GB/T 2261.1)
    region_code: str

    @property
    def masked(self) -> str:
        return mask_id_number(self.number)


def id_check_char(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def mask_id_number(number: str) -> str:
    """Show the address code and the last four characters only: 150402********123X."""
    if len(number) != 18:
        return "*" * len(number)
    return number[:6] + "*" * 8 + number[-4:]


def validate_id_number(raw: str, *, today: dt.date | None = None) -> IdNumberInfo:
    """Validate a 公民身份号码 (GB 11643-1999); 15-digit numbers (GB 11643-1989) are converted."""
    value = (raw or "").strip().replace(" ", "").upper()
    if not value:
        raise ValidationFailed("请填写身份证号码", field="id_number")
    if len(value) == 15:
        if not value.isdigit():
            raise ValidationFailed("15位身份证号码只能由数字组成，请核对", field="id_number")
        body = value[:6] + "19" + value[6:]
        value = body + id_check_char(body)
        converted = True
    else:
        converted = False
    if len(value) != 18:
        raise ValidationFailed(f"身份证号码应为18位（现在是{len(value)}位），请核对", field="id_number")
    if not re.fullmatch(r"\d{17}[\dX]", value):
        raise ValidationFailed("身份证号码前17位必须是数字，最后一位是数字或X，请核对", field="id_number")
    if value[:2] not in _PROVINCE_CODES:
        raise ValidationFailed(f"身份证号码前两位“{value[:2]}”不是有效的省级行政区划代码，请核对", field="id_number")
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValidationFailed(
            f"身份证号码中的出生日期“{value[6:14]}”不存在，请核对第7至14位", field="id_number"
        ) from None
    today = today or dt.date.today()
    if birth > today:
        raise ValidationFailed("身份证号码中的出生日期晚于今天，请核对第7至14位", field="id_number")
    if birth.year < 1880:
        raise ValidationFailed("身份证号码中的出生年份早于1880年，请核对第7至10位", field="id_number")
    if not converted and id_check_char(value[:17]) != value[17]:
        raise ValidationFailed("身份证号码校验位错误，请核对最后一位", field="id_number")
    sex = "1" if int(value[16]) % 2 == 1 else "2"
    return IdNumberInfo(number=value, birth_date=birth, sex=sex, region_code=value[:6])


# GB 32100-2015 统一社会信用代码: 31-symbol alphabet (no I, O, S, V, Z), weights 3^(i-1) mod 31.
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def validate_credit_code(raw: str) -> str:
    """Validate a 统一社会信用代码 (GB 32100-2015): charset and check character only; the
    department and category codes in positions 1-2 are not rejected (the list has grown)."""
    value = (raw or "").strip().upper()
    if len(value) != 18:
        raise ValidationFailed(f"统一社会信用代码应为18位（现在是{len(value)}位），请核对", field="credit_code")
    if not re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}", value):
        raise ValidationFailed(
            "统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z），第3至8位应为数字，请核对", field="credit_code"
        )
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(value[:17], CREDIT_WEIGHTS, strict=True))
    check = 31 - total % 31
    if check == 31:
        check = 0
    if CREDIT_CHARSET[check] != value[17]:
        raise ValidationFailed("统一社会信用代码校验位错误，请核对最后一位", field="credit_code")
    return value


_MOBILE = re.compile(r"1[3-9]\d{9}")
_LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(-\d{1,6})?")
_SERVICE = re.compile(r"(12\d{3}|400-?\d{3}-?\d{4})")


def validate_phone(raw: str) -> str:
    """Mobile (11 digits from 13-19), landline with area code (0476-8888888) or a service number (12348)."""
    value = (raw or "").strip().replace(" ", "")
    if value.startswith("+86"):
        value = value[3:]
    if _MOBILE.fullmatch(value) or _LANDLINE.fullmatch(value) or _SERVICE.fullmatch(value):
        return value
    raise ValidationFailed(
        "电话号码格式不正确：手机号为以1开头的11位数字，固定电话请带区号（如 0476-8888888）", field="phone"
    )


def validate_not_future(value: dt.date, *, label: str, today: dt.date | None = None) -> dt.date:
    if value > (today or dt.date.today()):
        raise ValidationFailed(f"{label}不能晚于今天，请核对")
    return value


# Extension → magic-number prefixes. A file must match both its name and its content.
UPLOAD_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".txt": (),
    ".json": (),
}


def validate_upload(upload: UploadedFile, *, allowed: tuple[str, ...], max_bytes: int | None = None) -> None:
    """Check an upload's size, extension and content signature before anything is stored."""
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    name = upload.name or ""
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in allowed:
        raise ValidationFailed(f"不支持的文件类型“{ext or '无扩展名'}”，请上传 {'、'.join(allowed)} 格式的文件", field="file")
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationFailed(
            f"文件过大（{upload.size / 1024 / 1024:.1f} MB），单个文件不能超过 {max_bytes / 1024 / 1024:.0f} MB", field="file"
        )
    if upload.size == 0:
        raise ValidationFailed("文件是空的，请重新选择文件", field="file")
    signatures = UPLOAD_TYPES.get(ext, ())
    head = upload.read(16)
    upload.seek(0)
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise ValidationFailed(f"文件内容与扩展名“{ext}”不符，请确认文件没有损坏或被改名", field="file")
    if ext in {".txt", ".json"}:
        try:
            upload.read().decode("utf-8")
        except UnicodeDecodeError:
            raise ValidationFailed("文本文件须为 UTF-8 编码，请另存为 UTF-8 后再上传", field="file") from None
        finally:
            upload.seek(0)
