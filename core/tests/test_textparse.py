"""core.textparse: the numbers, sums of money and dates any module reads out of Chinese text (笔录, 协议, 申请).
The transcript drafts of 人民调解 have their own cases in mediation/tests/test_transcripts.py; these are others."""

import datetime as dt
from decimal import Decimal

import pytest

from core.models import CalendarOverride
from core.textparse import find_amounts, find_deadlines, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("3", 3), ("３０", 30), ("2.5万", 25000), ("十", 10), ("十二", 12), ("一百零八", 108), ("贰佰", 200), ("两千零二十", 2020),
     ("一亿", 100_000_000), ("三万五", 35000), ("二〇二六", 2026), ("1万2", 12000), ("5点5", Decimal("5.5"))],
)
def test_numbers_in_arabic_chinese_capital_and_colloquial_forms(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "元", "三块", "abc", "一二三块"])
def test_text_that_is_not_a_number_gives_none(text):
    assert parse_number(text) is None


def test_every_sum_in_a_sentence_with_its_position():
    text = "本金一万元，利息1,200元，共计一万一千二百元"
    found = find_amounts(text)
    assert [value for _, _, value in found] == [Decimal(10000), Decimal(1200), Decimal(11200)]
    assert [text[start:end] for start, end, _ in found] == ["一万元", "1,200元", "一万一千二百元"]


def test_counted_things_are_not_money():
    assert find_amounts("两块砖和三块木板") == []
    assert find_amounts("零元") == []  # nothing owed is not an amount


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("三个工作日内", dt.date(2026, 6, 4)),  # Monday 2026-06-01 + 3 working days
        ("半个月内", dt.date(2026, 6, 16)),
        ("一个半月内", dt.date(2026, 7, 16)),
        ("一年内", dt.date(2027, 6, 1)),
        ("6月30日前", dt.date(2026, 6, 30)),
        ("下个月15号", dt.date(2026, 7, 15)),
        ("8月底", dt.date(2026, 8, 31)),
        ("当场", dt.date(2026, 6, 1)),
    ],
)
def test_deadlines_counted_from_the_reference_date(db, text, due):
    assert [value for _, _, value in find_deadlines(text, dt.date(2026, 6, 1))] == [due]


def test_impossible_dates_and_absurd_periods_are_skipped(db):
    assert find_deadlines("2月30日前", dt.date(2026, 1, 5)) == []
    assert find_deadlines("五百天内", dt.date(2026, 1, 5)) == []
    assert find_deadlines("二十年内", dt.date(2026, 1, 5)) == []


def test_a_period_that_ends_on_a_rest_day_moves_to_the_next_working_day(db):
    # 民法典 第二百零三条; the rest days are administrator overrides so the test does not depend on the package's data.
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(date=dt.date(2026, 2, day), is_workday=False, note="春节") for day in range(15, 22)]
        + [CalendarOverride(date=dt.date(2026, 2, 22), is_workday=True, note="春节后调休上班")]
    )
    assert [value for _, _, value in find_deadlines("七日内", dt.date(2026, 2, 10))] == [dt.date(2026, 2, 22)]
