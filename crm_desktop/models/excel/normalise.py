"""Turn what real spreadsheet cells hold into clean field values, or refuse with a reason.

Cells arrive as text, floats (a phone typed as a number comes back 13812345678.0),
date cells, bare Excel serial numbers or text dates. Each function returns the
clean value (None for an empty cell) or raises ValidationError whose sentence
the import report shows next to the row number and the column. Dates, phones,
ID numbers and amounts are read by the same rules as a typed form
(``rules.validation``); this module adds what only cells need.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.payment_words import PAYMENT_LABELS as PAYMENT_LABELS  # re-exported
from crm_desktop.models.rules.validation import (
    MAX_AMOUNT_FEN,
    check_email,
    check_id_number,
    check_name,
    check_phone,
    check_points,
    clean_text,
    fold,
    parse_amount_fen,
    parse_date,
    parse_timestamp,
    parse_when,
)

_CARD_TEXT = re.compile(r"[0-9A-Z]{4,32}")
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_CENTS = re.compile(r"\d{1,7}(\.\d{1,2})?")


def _err(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"invalid.{field}", zh, en, field=field)


def is_blank(value: object) -> bool:
    """True for an empty cell: None, "" or only spaces."""
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: object) -> str:
    """A cell as text: whole floats without ".0", dates as YYYY-MM-DD."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M:%S")
            if value.time() != time()
            else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def text(value: object, field: str, max_len: int) -> str | None:
    """Free text (address, notes …): trimmed, control characters and overlong text refused."""
    if isinstance(value, str):
        trimmed = value.strip()
        # isprintable() is False for every control, format, private-use or unassigned
        # character, so the careful per-character check runs only when one may be there.
        if trimmed.isprintable() and len(trimmed) <= max_len:
            return trimmed or None
    if is_blank(value):
        return None
    return clean_text(as_text(value), field, max_len)


def name(value: object) -> str:
    """A name; 𠮷 and emoji are kept as they are."""
    found = text(value, "name", 100)
    return found if found is not None else check_name(None)


def phone(value: object, field: str = "phone") -> str | None:
    """A mobile or landline from a number, text with spaces/dashes/+86 or full-width digits."""
    if type(value) is float and 13e9 <= value < 2e10 and value.is_integer():
        digits = str(int(value))
        if _MOBILE.fullmatch(digits):
            return digits
    elif type(value) is str and len(value) == 11 and _MOBILE.fullmatch(value):
        return value
    if is_blank(value):
        return None
    if isinstance(value, float) and not value.is_integer():
        return check_phone(repr(value), field)
    return check_phone(value, field)


def card_number(value: object) -> str | None:
    """A card number from text or a number; a number too long to have kept its digits is refused."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        if not value.is_integer() or value >= 1e15:
            raise _err(
                "card_number",
                "卡号被存成了数字，位数太多的部分已经丢失。请把该列设为“文本”格式后重新输入。",
                "The card number was stored as a number and has lost digits. Format the column "
                "as text and enter it again.",
            )
        return str(int(value))
    if type(value) is str and value.isascii() and value.isalnum() and 4 <= len(value) <= 32:
        return value.upper()
    # The same form the counter's scanner lookup uses: no spaces or dashes, upper case.
    folded = re.sub(r"[\s\-]", "", fold(str(value))).upper()
    if folded.endswith(".0") and folded[:-2].isdigit():
        folded = folded[:-2]
    if not _CARD_TEXT.fullmatch(folded):
        raise _err(
            "card_number",
            "卡号只能由 4 到 32 位数字或字母组成。",
            "A card number has 4 to 32 digits or letters.",
        )
    return folded


def timestamp(value: object, field: str = "date") -> datetime | None:
    """A date and time from a date cell, an Excel serial (with fraction) or text."""
    return parse_timestamp(value, field)


def when(value: object, field: str = "date") -> date | datetime | None:
    """A ``date`` for a value without a time of day (a date-only cell), else a ``datetime``."""
    return parse_when(value, field)


def day(value: object, field: str = "date") -> date | None:
    """A date (the time of day, if any, dropped)."""
    if type(value) is date:
        return value
    return parse_date(value, field)


def birthday(value: object, today: date | None = None) -> date | None:
    """A birthday: a real date, not in the future."""
    found = day(value, "birthday")
    if found is not None and found > (today or date.today()):
        raise _err("birthday", "生日不能是将来的日期。", "A birthday cannot be in the future.")
    return found


def money_fen(value: object, field: str) -> int | None:
    """Money as fen from a number or text like "¥1,234.50" / "1234.50元"; negatives refused."""
    if type(value) is float and value >= 0:
        shown = repr(value)
        if _CENTS.fullmatch(shown):
            # At most two decimals in its shortest form: exact in fen after rounding.
            return check_fen_bounds(round(value * 100), field)
    if is_blank(value):
        return None
    if isinstance(value, bool | date | time | timedelta):
        return parse_amount_fen("x", field)
    return parse_amount_fen(value, field)


def check_fen_bounds(fen: int, field: str) -> int:
    if fen > MAX_AMOUNT_FEN:
        return parse_amount_fen(fen / 100, field)  # raises with the usual sentence
    return fen


def whole_number(value: object, field: str) -> int | None:
    """Points or visits: a whole number, not negative ("1,200" and 1200.0 accepted)."""
    if is_blank(value):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise _err(field, "必须是整数。", "Must be a whole number.")
        value = int(value)
    elif isinstance(value, str):
        value = fold(value).strip().replace(",", "")
    return check_points(value, field)


_GENDERS = {
    "男": "M",
    "男性": "M",
    "m": "M",
    "male": "M",
    "先生": "M",
    "男士": "M",
    "女": "F",
    "女性": "F",
    "f": "F",
    "female": "F",
    "女士": "F",
    "小姐": "F",
}
_UNKNOWN_GENDER = {"未知", "保密", "unknown", "-", "—"}


def gender(value: object) -> str | None:
    """M or F from 男/女/男性/女性/M/F/male/female; 未知 or empty means not known."""
    if is_blank(value):
        return None
    folded = fold(str(value)).strip().lower()
    if folded in _UNKNOWN_GENDER:
        return None
    found = _GENDERS.get(folded)
    if found is None:
        raise _err(
            "gender",
            "性别请填“男”或“女”（也可写 M/F），不清楚可以留空。",
            "Gender must be male or female (M/F), or left empty.",
        )
    return found


def id_number(value: object) -> str | None:
    """An 18-digit ID number; one stored as a number is refused with advice to use text."""
    if is_blank(value):
        return None
    return check_id_number(value)


def email(value: object) -> str | None:
    if is_blank(value):
        return None
    return check_email(as_text(value))


_PAYMENT_WORDS = {
    "储值": "stored_value",
    "储值卡": "stored_value",
    "会员卡": "stored_value",
    "余额": "stored_value",
    "卡内余额": "stored_value",
    "会员余额": "stored_value",
    "storedvalue": "stored_value",
    "现金": "cash",
    "cash": "cash",
    "微信": "wechat",
    "微信支付": "wechat",
    "wechat": "wechat",
    "wechatpay": "wechat",
    "支付宝": "alipay",
    "alipay": "alipay",
    "银行卡": "bank_card",
    "刷卡": "bank_card",
    "银联": "bank_card",
    "pos": "bank_card",
    "信用卡": "bank_card",
    "借记卡": "bank_card",
    "bankcard": "bank_card",
    "card": "bank_card",
    "次卡": "count",
    "计次": "count",
    "计次卡": "count",
    "count": "count",
    "其他": "other",
    "其它": "other",
    "other": "other",
}


def payment_method(value: object) -> str:
    """The payment method code from its Chinese or English name; empty means other."""
    if is_blank(value):
        return "other"
    folded = re.sub(r"[\s_]", "", fold(str(value)).strip().lower())
    found = _PAYMENT_WORDS.get(folded)
    if found is None:
        raise _err(
            "payment_method",
            "支付方式无法识别：请写现金、微信、支付宝、银行卡、储值卡或其他。",
            "Unknown payment method: use cash, WeChat, Alipay, bank card, stored value or other.",
        )
    return found
