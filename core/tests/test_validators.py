from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ValidationFailed
from core.validators import (
    mask_id_number,
    validate_credit_code,
    validate_id_number,
    validate_phone,
    validate_upload,
)


@pytest.mark.parametrize("number", ["11010519491231002X", "440524188001010014", "11010519491231002x"])
def test_known_valid_id_numbers(number):
    info = validate_id_number(number)
    assert info.number == number.upper()


def test_id_number_tells_sex_birth_and_region():
    info = validate_id_number("11010519491231002X")
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.sex == "2"  # 17th digit 2 is even
    assert info.region_code == "110105"
    assert info.masked == "110105********002X"


def test_fifteen_digit_number_is_converted():
    info = validate_id_number("110105491231002")
    assert info.number == "11010519491231002X"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("", "请填写身份证号码"),
        ("1101051949123100", "应为18位（现在是16位）"),
        ("11010519491231002A", "最后一位是数字或X"),
        ("99010519491231002X", "不是有效的省级行政区划代码"),
        ("110105194913310025", "不存在"),
        ("110105194912310021", "校验位错误"),
    ],
)
def test_bad_id_numbers_have_specific_messages(raw, message):
    with pytest.raises(ValidationFailed, match=message):
        validate_id_number(raw)


def test_future_birth_date_rejected():
    with pytest.raises(ValidationFailed, match="晚于今天"):
        validate_id_number("110105203001010011", today=dt.date(2026, 11, 22))


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B"])
def test_valid_credit_codes(code):
    assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    ("code", "message"),
    [("91350100M000100Y44", "校验位错误"), ("91350100M000100YO3", "不允许的字符"), ("9135", "应为18位")],
)
def test_bad_credit_codes(code, message):
    with pytest.raises(ValidationFailed, match=message):
        validate_credit_code(code)


@pytest.mark.parametrize("phone", ["13912345678", "0476-8888888", "04768888888", "12348", "+8613912345678"])
def test_valid_phones(phone):
    assert validate_phone(phone)


@pytest.mark.parametrize("phone", ["1391234567", "23912345678", "abc", "476-888"])
def test_bad_phones(phone):
    with pytest.raises(ValidationFailed, match="电话号码格式不正确"):
        validate_phone(phone)


def test_mask_keeps_region_and_last_four():
    assert mask_id_number("150402198001011234") == "150402********1234"


def test_upload_wrong_type_rejected():
    f = SimpleUploadedFile("a.exe", b"MZ\x90\x00")
    with pytest.raises(ValidationFailed, match="不支持的文件类型"):
        validate_upload(f, allowed=(".xlsx",))


def test_upload_renamed_file_rejected():
    f = SimpleUploadedFile("a.pdf", b"not a pdf at all")
    with pytest.raises(ValidationFailed, match="文件内容与扩展名"):
        validate_upload(f, allowed=(".pdf",))


def test_upload_oversize_rejected():
    f = SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2048)
    with pytest.raises(ValidationFailed, match="文件过大"):
        validate_upload(f, allowed=(".pdf",), max_bytes=1024)


def test_upload_text_must_be_utf8():
    f = SimpleUploadedFile("a.txt", "调解员：你好".encode("gbk"))
    with pytest.raises(ValidationFailed, match="UTF-8"):
        validate_upload(f, allowed=(".txt",))
    ok = SimpleUploadedFile("a.txt", "调解员：你好".encode())
    validate_upload(ok, allowed=(".txt",))
