"""Chinese numbers, sums of money and dates in running text, for every module that reads Chinese (笔录, 协议, 申请):

``parse_number`` — Arabic or Chinese numerals, capital and colloquial forms (5,000 · 1.5万 · 伍仟 · 两万 · 三千五);
``find_amounts`` — every sum of money with its position (5,000元 · 伍仟元 · 1.5万元 · 三千五块);
``find_deadlines`` — every deadline with its position: absolute dates (2026年12月31日前), periods counted from a
reference date (十日内 · 一个月内 · 三个工作日内, through the working-day calendar) and named days (本月底 · 下周五 · 当场).
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
import re
from decimal import Decimal, InvalidOperation

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "俩": 2, "三": 3, "叁": 3, "四": 4, "肆": 4, "五": 5, "伍": 5,
              "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
_NUM_CHARS = "0-9０-９.．,，零〇一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬点"
_AMOUNT = re.compile(rf"(?P<num>[{_NUM_CHARS}]*[0-9０-９零〇一二两俩三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬])"
                     r"\s*(?:元|块钱|块(?![地田石砖板木瓦])|圆)")

_CN_DATE_NUM = r"[0-9０-９〇零一二三四五六七八九十]"
ABS_DATE = re.compile(
    rf"(?:(?P<y>(?:19|20)\d{{2}}|[二〇零一三四五六七八九]{{4}})\s*年)?\s*(?P<m>{_CN_DATE_NUM}{{1,3}})\s*月\s*(?P<d>{_CN_DATE_NUM}{{1,3}})\s*[日号]"
)
ISO_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")
REL_PERIOD = re.compile(
    r"(?P<n>[0-9０-９零一二两三四五六七八九十百半]+)\s*(?P<unit>个?工作日|日|天|个?星期|周|个月|个半月|月|年)\s*(?:之内|以内|内)"
)
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
REL_DAY = re.compile(r"(?P<week>下下?周|下下?个?星期|本周|这周|这个?星期|本星期)(?P<wd>[一二三四五六日天])"
                      r"|(?P<mrel>本|这个?|下下?个?)月(?P<mday>[0-9０-９一二三四五六七八九十]{1,3})\s*[日号]"
                      r"|(?:(?P<mnum>[0-9一二三四五六七八九十]{1,3})月|(?P<month>本月|这个?月|当月|下个?月|月))(?:底|末)"
                      r"|(?P<year>今年|本年|年)(?:底|末)|(?P<day>当场|当天|当日|今天|明天|后天)")


def parse_number(text: str) -> Decimal | None:
    """Arabic or Chinese numerals, capital forms and colloquial ones: 5,000 · 1.5万 · 伍仟 · 两万 · 三千五百 · 三千五 · 一万二."""
    raw = text.strip().replace(",", "").replace("，", "").replace("．", ".").replace("点", ".")
    raw = raw.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if not raw:
        return None
    try:
        if re.fullmatch(r"\d+(?:\.\d+)?", raw):
            return Decimal(raw)
        match = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千万亿]+)", raw)
        if match:
            value = Decimal(match[1])
            for unit in match[2]:
                value *= _CN_UNITS.get(unit) or _CN_BIG[unit]
            return value
        match = re.fullmatch(r"(\d+)万(\d+)千?", raw)  # 1万5千, 1万5
        if match:
            return Decimal(match[1]) * 10_000 + Decimal(match[2]) * (1000 if len(match[2]) == 1 else 1)
        return _chinese_integer(raw)
    except (InvalidOperation, KeyError):
        return None


def _chinese_integer(raw: str) -> Decimal | None:
    if not raw or any(ch not in _CN_DIGITS and ch not in _CN_UNITS and ch not in _CN_BIG for ch in raw):
        return None
    if all(ch in _CN_DIGITS for ch in raw) and len(raw) > 1:  # 二〇二六 read digit by digit
        return Decimal("".join(str(_CN_DIGITS[ch]) for ch in raw))
    total, section, digit, last_unit = 0, 0, None, 0
    for ch in raw:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            unit = _CN_UNITS[ch]
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            big = _CN_BIG[ch]
            section += digit or 0
            total += section * big
            section, digit, last_unit = 0, None, big
    if digit is not None:
        # 三千五 = 3500, 一万二 = 12000: a trailing digit counts in the unit below the last one.
        section += digit * (last_unit // 10) if last_unit >= 10 and raw[-2] not in "零〇" else digit
    return Decimal(total + section)


def find_amounts(text: str) -> list[tuple[int, int, Decimal]]:
    """(start, end, amount in 元) of every sum of money in the text."""
    found = []
    for match in _AMOUNT.finditer(text):
        value = parse_number(match["num"].lstrip(".,，．"))
        if value is not None and value > 0:
            found.append((match.start(), match.end(), value))
    return found


def _add_days(start: dt.date, days: int) -> dt.date:
    """民法典 第二百零一条 (the first day is not counted) and 第二百零三条 (a period ending on a holiday ends on the
    next working day), through the platform's working-day calendar."""
    from core.calendar import add_calendar_days

    return add_calendar_days(start, days)


def _add_months(start: dt.date, months: int) -> dt.date:
    from core.calendar import add_months

    return add_months(start, months)


def date_number(text: str) -> int:
    value = parse_number(text)
    if value is None:
        raise ValueError(text)
    return int(value)


def find_deadlines(text: str, reference_date: dt.date) -> list[tuple[int, int, dt.date]]:
    """(start, end, date) of every deadline in the text: absolute dates, periods (十日内, 一个月内) counted from
    ``reference_date``, and named days (本月底, 下周五, 当场)."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern in (ISO_DATE, ABS_DATE):
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e, _ in found):
                continue
            try:
                month, day = date_number(match["m"]), date_number(match["d"])
                year = date_number(match["y"]) if match["y"] else reference_date.year
                value = dt.date(year, month, day)
            except ValueError:
                continue
            if not match["y"] and value < reference_date:  # 12月31日 said in January of the next year
                value = value.replace(year=value.year + 1)
            found.append((match.start(), match.end(), value))
    for match in REL_PERIOD.finditer(text):
        n_text, unit = match["n"], match["unit"]
        if n_text == "半":
            count = Decimal("0.5")
        else:
            parsed = parse_number(n_text)
            if parsed is None:
                continue
            count = parsed
        if any(s <= match.start() < e for s, e, _ in found) or (unit == "年" and count > 10) or count > 366:
            continue
        if "工作日" in unit:
            from core.calendar import add_working_days

            value = add_working_days(reference_date, int(count))
        elif unit in ("日", "天"):
            value = _add_days(reference_date, int(count))
        elif "星期" in unit or unit == "周":
            value = _add_days(reference_date, int(count * 7))
        elif unit == "个半月":
            value = _add_days(_add_months(reference_date, int(count)), 15)
        elif unit in ("个月", "月"):
            value = _add_days(reference_date, 15) if count == Decimal("0.5") else _add_months(reference_date, int(count))
        else:
            value = _add_months(reference_date, int(count * 12))
        found.append((match.start(), match.end(), value))
    for match in REL_DAY.finditer(text):
        try:
            found.append((match.start(), match.end(), _named_day(match, reference_date)))
        except ValueError:
            continue
    return sorted(found)


def _named_day(match: re.Match[str], ref: dt.date) -> dt.date:
    if match["week"]:
        weeks = match["week"].count("下")
        monday = ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=weeks)
        return monday + dt.timedelta(days=_WEEKDAYS[match["wd"]])
    if match["mrel"]:  # 下个月15号, 本月20日
        months = match["mrel"].count("下")
        year, month = ref.year + (ref.month - 1 + months) // 12, (ref.month - 1 + months) % 12 + 1
        return dt.date(year, month, date_number(match["mday"]))
    if match["mnum"]:
        month = date_number(match["mnum"])
        year = ref.year if month >= ref.month else ref.year + 1
        return dt.date(year, month, _calendar.monthrange(year, month)[1])
    if match["month"]:
        year, month = (ref.year, ref.month) if "下" not in match["month"] else (ref.year + ref.month // 12, ref.month % 12 + 1)
        return dt.date(year, month, _calendar.monthrange(year, month)[1])
    if match["year"]:
        return dt.date(ref.year, 12, 31)
    return ref + dt.timedelta(days={"明天": 1, "后天": 2}.get(match["day"], 0))
