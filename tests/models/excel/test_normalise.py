"""Cell values as real spreadsheets hold them, turned into clean fields or refused with a reason."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.excel import normalise as norm


@pytest.mark.parametrize(
    ("cell", "phone"),
    [
        (13812345678.0, "13812345678"),  # a number cell, as calamine gives it
        (13812345678, "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),  # full-width digits
        ("13812345678.0", "13812345678"),  # a number saved as text with a trailing .0
        ("0755-12345678", "0755-12345678"),
        ("075512345678", "0755-12345678"),
        ("(010) 8765 4321", "010-87654321"),
        (" ", None),
        ("", None),
    ],
)
def test_phones_in_every_shape_become_one_form(cell: object, phone: str | None) -> None:
    assert norm.phone(cell) == phone


@pytest.mark.parametrize("cell", ["12345", "1381234567", 1.3812345678e15, "phone", 13812345678.5])
def test_impossible_phones_are_refused_with_the_rule(cell: object) -> None:
    with pytest.raises(ValidationError) as caught:
        norm.phone(cell)
    assert "手机号是 1 开头的 11 位数字" in str(caught.value)


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        (datetime(1990, 1, 2, 0, 0), date(1990, 1, 2)),
        (date(1990, 1, 2), date(1990, 1, 2)),
        (32875.0, date(1990, 1, 2)),  # a bare Excel serial
        ("32875", date(1990, 1, 2)),
        ("1990/1/2", date(1990, 1, 2)),
        ("1990-01-02", date(1990, 1, 2)),
        ("1990.1.2", date(1990, 1, 2)),
        ("1990年1月2日", date(1990, 1, 2)),
        ("19900102", date(1990, 1, 2)),
        (19900102.0, date(1990, 1, 2)),  # yyyymmdd typed as a number
        ("1990-01-02 00:00:00", date(1990, 1, 2)),
        ("２０２０／３／４", date(2020, 3, 4)),
    ],
)
def test_dates_in_every_shape(cell: object, day: date) -> None:
    assert norm.day(cell) == day


def test_timestamps_keep_the_time_of_day() -> None:
    assert norm.timestamp("2024-03-05 14:30") == datetime(2024, 3, 5, 14, 30)
    assert norm.timestamp(45356.5) == datetime(2024, 3, 5, 12, 0)


@pytest.mark.parametrize(("cell", "words"), [
    ("1990-02-30", "这个日期不存在"),
    ("去年", "日期无法识别"),
    ("1/2/90", "日期无法识别"),
    (True, "日期无法识别"),
])
def test_bad_dates_are_refused(cell: object, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        norm.day(cell)
    assert words in str(caught.value)


def test_a_future_birthday_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        norm.birthday("2999-01-01")
    assert "生日不能是将来的日期" in str(caught.value)


@pytest.mark.parametrize(
    ("cell", "fen"),
    [(1234.5, 123450), ("¥1,234.50", 123450), ("￥88", 8800), ("1234.50元", 123450),
     (0, 0), ("0.01", 1), (99999.99, 9999999), ("", None)],
)
def test_money_as_numbers_or_text(cell: object, fen: int | None) -> None:
    assert norm.money_fen(cell, "balance") == fen


@pytest.mark.parametrize(("cell", "words"), [
    ("-5", "不能是负数"),
    (-5.0, "不能是负数"),
    ("12.345", "最多两位小数"),
    ("十块", "金额不是数字"),
    (0.1 + 0.2, "最多两位小数"),
])
def test_bad_money_is_refused(cell: object, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        norm.money_fen(cell, "balance")
    assert words in str(caught.value)


@pytest.mark.parametrize(("cell", "gender"), [
    ("男", "M"), ("女", "F"), ("M", "M"), ("f", "F"), ("男性", "M"), ("女性", "F"),
    ("Male", "M"), ("未知", None), ("", None),
])
def test_genders(cell: str, gender: str | None) -> None:
    assert norm.gender(cell) == gender


def test_an_unknown_gender_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        norm.gender("X")
    assert "性别请填“男”或“女”" in str(caught.value)


@pytest.mark.parametrize(("cell", "number"), [
    (880001.0, "880001"), ("880001", "880001"), ("8800 0100 0012", "880001000012"),
    ("a-1001", "A1001"), ("８８０００１", "880001"), ("880001.0", "880001"),
])
def test_card_numbers_from_numbers_or_text(cell: object, number: str) -> None:
    assert norm.card_number(cell) == number


def test_a_card_number_too_long_for_a_number_cell_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        norm.card_number(1.2345678901234567e18)
    assert "设为“文本”格式" in str(caught.value)


def test_an_id_number_stored_as_a_number_is_refused_with_advice() -> None:
    with pytest.raises(ValidationError) as caught:
        norm.id_number(110105194912310020.0)
    assert "身份证号被存成了数字" in str(caught.value)
    assert "文本" in str(caught.value)
    assert norm.id_number("11010519491231002x") == "11010519491231002X"


def test_rare_characters_and_emoji_are_kept() -> None:
    assert norm.name("  𠮷田😀 ") == "𠮷田😀"
    assert norm.text("生日快乐🎂", "notes", 100) == "生日快乐🎂"


@pytest.mark.parametrize(("cell", "points"), [(200.0, 200), ("1,000", 1000), ("", None), (0, 0)])
def test_points(cell: object, points: int | None) -> None:
    assert norm.whole_number(cell, "points") == points


@pytest.mark.parametrize(("cell", "words"), [(-3, "不能是负数"), (2.5, "整数"), ("很多", "整数")])
def test_bad_points(cell: object, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        norm.whole_number(cell, "points")
    assert words in str(caught.value)


@pytest.mark.parametrize(("cell", "method"), [
    ("现金", "cash"), ("微信", "wechat"), ("支付宝", "alipay"), ("刷卡", "bank_card"),
    ("储值卡", "stored_value"), ("WeChat Pay", "wechat"), ("", "other"),
])
def test_payment_methods(cell: str, method: str) -> None:
    assert norm.payment_method(cell) == method
