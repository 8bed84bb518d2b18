"""Every validation rule with values a clerk types or a spreadsheet delivers, good and bad."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.language import set_language
from crm_desktop.models.rules.validation import (
    check_birthday,
    check_choice,
    check_email,
    check_gender,
    check_id_number,
    check_name,
    check_phone,
    check_points,
    format_fen,
    id_check_digit,
    mask_id_number,
    mask_phone,
    parse_amount_fen,
    parse_date,
)
from crm_desktop.models.services.customer_records import CustomerInput, clean_customer_input

TODAY = date(2026, 6, 1)


def _valid_id(first17: str) -> str:
    return first17 + id_check_digit(first17)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13800138000", "13800138000"),
        ("+86 138 0013 8000", "13800138000"),
        ("+86-138-0013-8000", "13800138000"),
        ("0086 13800138000", "13800138000"),
        ("8613800138000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("１３８　００１３　８０００", "13800138000"),  # full-width digits and space
        ("13800138000.0", "13800138000"),  # a spreadsheet number read as text
        (13800138000.0, "13800138000"),  # python-calamine gives floats
        (13800138000, "13800138000"),  # openpyxl gives ints
        ("010-12345678", "010-12345678"),
        ("0755 1234567", "0755-1234567"),
        ("(0755)12345678", "0755-12345678"),
        ("（021）8765 4321", "021-87654321"),
        ("+86 755 1234 5678", "0755-12345678"),
    ],
)
def test_phone_numbers_are_normalised_however_they_are_written(typed: object, stored: str) -> None:
    assert check_phone(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["12345", "23800138000", "1380013800", "138001380001", "12345678", "abc", "010-0123456",
     "12800138000", 13800138000.5, "138OO138000"],
)
def test_bad_phone_numbers_say_what_a_phone_looks_like(typed: object) -> None:
    with pytest.raises(ValidationError) as refused:
        check_phone(typed)
    assert "手机号是 1 开头的 11 位数字" in str(refused.value)
    assert "区号" in str(refused.value)
    assert refused.value.field == "phone"


def test_empty_phone_is_no_phone() -> None:
    assert check_phone(None) is None
    assert check_phone("  ") is None


def test_id_number_with_a_good_check_digit_is_kept_in_upper_case() -> None:
    assert check_id_number("11010519491231002x", TODAY) == "11010519491231002X"
    good = _valid_id("44030419900101123")
    assert check_id_number(f" {good} ", TODAY) == good


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("110105194912310021", "校验位不对"),
        ("110105491231002", "15 位旧身份证号"),
        (_valid_id("11010519900230123"), "出生日期不存在"),  # 30 February
        (_valid_id("11010520990101123"), "出生日期是将来的日期"),  # born in the future
        (_valid_id("00000019900101123"), "地区码不存在"),  # a good check digit is not enough
        (110105194912310020, "存成了数字"),
        (1.10105194912310e17, "存成了数字"),
        ("11010519491231", "应为 18 位"),
        ("1101051949123100AX", "应为 18 位"),
    ],
)
def test_bad_id_numbers_are_refused_with_the_reason(value: object, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        check_id_number(value, TODAY)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("a.b@example.com", "a.b@example.com"), ("ZS@Example.COM", "zs@example.com"),
     ("ｚｓ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zs@example.com"), (" 王@例子.cn ", "王@例子.cn")],
)
def test_good_emails(typed: str, stored: str) -> None:
    assert check_email(typed) == stored


@pytest.mark.parametrize("typed", ["name@example", "name.example.com", "a@@b.com", "a b@c.com"])
def test_bad_emails_show_an_example(typed: str) -> None:
    with pytest.raises(ValidationError, match="name@example.com"):
        check_email(typed)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1990-01-05", date(1990, 1, 5)),
        ("1990/1/5", date(1990, 1, 5)),
        ("1990年1月5日", date(1990, 1, 5)),
        ("19900105", date(1990, 1, 5)),
        (19900105, date(1990, 1, 5)),
        (32878, date(1990, 1, 5)),  # an Excel date serial without a date format
        (datetime(1990, 1, 5, 0, 0), date(1990, 1, 5)),
        ("1990-01-05 00:00:00", date(1990, 1, 5)),
        ("", None),
    ],
)
def test_birthdays_are_read_from_what_forms_and_spreadsheets_give(
    typed: object, expected: date | None
) -> None:
    assert check_birthday(typed, TODAY) == expected


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        (date(2026, 6, 2), "不能是将来的日期"),
        ("2030-01-01", "不能是将来的日期"),
        ("1890-01-01", "早于 1900 年"),
        ("1990-02-30", "日期不存在"),
        ("下个月", "1990-01-05"),
        ("5/1/1990", "1990-01-05"),
    ],
)
def test_bad_birthdays_are_refused(typed: object, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        check_birthday(typed, TODAY)


def test_parse_date_names_the_field_it_refuses() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_date("soon", "expires_on")
    assert refused.value.field == "expires_on"


@pytest.mark.parametrize(
    ("typed", "fen"),
    [
        ("¥1,234.50", 123450),
        ("1234.50元", 123450),
        ("￥ 88", 8800),
        ("１２３４．５", 123450),
        (88, 8800),
        (12.5, 1250),
        ("0.01", 1),
        ("1000000", 100_000_000),
        ("0", 0),
    ],
)
def test_amounts_become_integer_fen(typed: object, fen: int) -> None:
    assert parse_amount_fen(typed) == fen


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        (0.1 + 0.2, "最多两位小数"),  # 0.30000000000000004, never silently rounded
        ("1.005", "最多两位小数"),
        ("-5", "不能是负数"),
        ("¥-1,000.00", "不能是负数"),
        ("1000000.01", "超出上限"),
        ("1e9", "普通数字"),  # scientific notation in text is refused, whatever its size
        ("一百", "不是数字"),
        ("NaN", "不是数字"),
        ("", "不是数字"),
        (None, "请填写金额"),
    ],
)
def test_bad_amounts_are_refused(typed: object, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        parse_amount_fen(typed)


def test_a_zero_amount_can_be_refused_where_it_makes_no_sense() -> None:
    with pytest.raises(ValidationError, match="必须大于 0"):
        parse_amount_fen("0.00", "top_up", allow_zero=False)


def test_fen_are_shown_as_yuan_with_separators() -> None:
    assert format_fen(123450) == "1,234.50"
    assert format_fen(-5) == "-0.05"
    assert format_fen(0) == "0.00"


def test_points_are_whole_non_negative_numbers() -> None:
    assert check_points("１２０") == 120
    for bad, words in (("1.5", "整数"), (-1, "负数"), (True, "整数"), (10**9, "上限")):
        with pytest.raises(ValidationError, match=words):
            check_points(bad)


def test_names_are_trimmed_and_required_and_kept_as_typed() -> None:
    assert check_name("  张三 ") == "张三"
    for name in ("𠮷野家", "王😀", "Robert'); DROP TABLE customers;--"):
        assert check_name(name) == name
    with pytest.raises(ValidationError, match="请填写姓名"):
        check_name("   ")
    with pytest.raises(ValidationError, match="控制字符"):
        check_name("张\x07三")
    with pytest.raises(ValidationError, match="最多 100 个字"):
        check_name("张" * 101)


@pytest.mark.parametrize("name", [
    "王👨\u200d👩\u200d👧",  # a family: three emoji held together by zero-width joiners
    "李🏳️\u200d🌈",  # flag + variation selector + joiner + rainbow
    "赵👍🏽",  # skin tone modifier
    "钱🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # Scotland's flag
    "孙\U0001fae8",  # an emoji newer than the Unicode tables of some Pythons
    "周\U0002ebf0",  # a CJK Extension I character (a rare name character)
    "吴\ue000",  # a private-use glyph a shop made for a rare name character
    "郑1️⃣",  # keycap sequence
])
def test_emoji_sequences_and_new_characters_are_names_as_typed(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize("bad", [
    "张\u200d三",  # a joiner between letters hides nothing but still cannot be seen
    "\u200d王",
    "王\u202e五",  # right-to-left override disguises the text around it
    "王\ufeff",  # byte-order mark
    "王\U000e0067",  # a tag character outside a flag
    "王\uffff",  # a noncharacter
])
def test_invisible_format_characters_are_still_refused(bad: str) -> None:
    with pytest.raises(ValidationError, match="控制字符"):
        check_name(bad)


def test_gender_and_choices_accept_codes_and_chinese_labels() -> None:
    assert [check_gender(g) for g in ("男", "F", "female", "", "未知")] == ["M", "F", "F", None, None]
    with pytest.raises(ValidationError, match="男”或“女"):
        check_gender("x")
    labels = {"walk_in": "到店", "referral": "转介绍"}
    assert check_choice("转介绍", "source", labels, "客户来源", "Source") == "referral"
    assert check_choice("WALK_IN", "source", labels, "客户来源", "Source") == "walk_in"
    with pytest.raises(ValidationError, match="客户来源只能是：到店、转介绍"):
        check_choice("朋友圈", "source", labels, "客户来源", "Source")


def test_masks_hide_the_middle_of_phone_and_id_numbers() -> None:
    assert mask_phone("13800138000") == "138****8000"
    assert mask_phone("0755-12345678") == "0755-****5678"
    assert mask_phone(None) is None
    assert mask_id_number("11010519491231002X") == "110***********002X"


def test_customer_input_rules_between_fields() -> None:
    with pytest.raises(ValidationError, match="同意渠道只能是"):
        clean_customer_input(CustomerInput(name="甲", marketing_consent=True,
                                           consent_channel="飞鸽传书"))
    values = clean_customer_input(CustomerInput(
        name="乙", marketing_consent=True, consent_channel="微信", phone="13800138000",
        phone2="138 0013 8000", source="问卷", need_type="品质敏感", kind="个人",
    ))
    assert (values["consent_channel"], values["source"], values["need_type"]) == (
        "wechat", "questionnaire", "quality")
    assert values["phone2"] is None  # the same number twice is kept once
    withdrawn = clean_customer_input(CustomerInput(name="丙", consent_channel="wechat",
                                                   consent_at=datetime(2025, 1, 1)))
    assert (withdrawn["consent_channel"], withdrawn["consent_at"]) == (None, None)


def test_messages_come_in_english_too() -> None:
    set_language("en")
    with pytest.raises(ValidationError, match="at most two decimals"):
        parse_amount_fen("1.005")
    with pytest.raises(ValidationError, match="check digit"):
        check_id_number("110105194912310021", TODAY)
