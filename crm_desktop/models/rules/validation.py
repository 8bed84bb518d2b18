"""Checks and normalisation of what people type or files contain.

Each ``check_*`` returns the normalised value or raises ValidationError with one
sentence in Chinese and English that says what is wrong and how to fix it. Dates,
typed or imported, all go through ``parse_when``. Phones (``phones``) and resident
ID numbers (``id_numbers``) have their own modules and are offered here too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.rules.id_numbers import check_id_number as check_id_number
from crm_desktop.models.rules.id_numbers import id_check_digit as id_check_digit
from crm_desktop.models.rules.phones import check_phone as check_phone
from crm_desktop.models.rules.phones import mask_phone as mask_phone
from crm_desktop.models.rules.phones import phone_warning as phone_warning

MAX_AMOUNT_FEN = 100_000_000  # ¥1,000,000.00 in one action is beyond any shop's counter
MAX_POINTS = 100_000_000
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_ZWJ = "\u200d"
_TAG_BLACK_FLAG = "\U0001f3f4"
# What may sit on either side of a zero-width joiner inside one emoji: the symbols
# themselves, skin tones (Sk), the emoji presentation selector (Mn) and emoji newer
# than this Python's Unicode tables (Cn, above the basic plane).
_EMOJI_PART = {"So", "Sk", "Mn", "Me", "Cn"}


def _err(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"invalid.{field}", zh, en, field=field)


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (NFKC)."""
    return unicodedata.normalize("NFKC", text)


def clean_text(value: object, field: str, max_len: int) -> str | None:
    """Trim a free-text value; None when empty; refuse control characters and overlong text."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    if _has_invisible_control(text):
        raise _err(field, "内容里有不可见的控制字符，请删掉后再输入。",
                   "The text contains invisible control characters; remove them.")
    if len(text) > max_len:
        raise _err(field, f"内容太长：最多 {max_len} 个字。",
                   f"Too long: at most {max_len} characters.")
    return text


def _has_invisible_control(text: str) -> bool:
    """True when the text holds a character nobody can see or that can disguise text.

    Refused: control codes (tab and newline aside), format characters such as
    zero-width spaces and direction overrides, lone surrogates and noncharacters.
    Kept: the joiner inside an emoji sequence such as a family (👨‍👩‍👧), the tag
    characters of a regional flag (🏴 + tags), private-use characters (shops' own
    rare-name glyphs) and characters newer than this Python's tables (new emoji and
    CJK extensions): people type them, and they are as visible as any other.
    """
    if text.isascii() and text.isprintable():
        return False  # the common case (codes, emails): space to "~" holds none of them
    in_flag_tags = False
    for index, ch in enumerate(text):
        code = ord(ch)
        kind = unicodedata.category(ch)
        if ch == _TAG_BLACK_FLAG:
            in_flag_tags = True
            continue
        if 0xE0020 <= code <= 0xE007F:
            if not in_flag_tags:
                return True
            in_flag_tags = code != 0xE007F
            continue
        in_flag_tags = False
        if ch in "\n\t":
            continue
        if ch == _ZWJ:
            if not _joins_emoji(text, index):
                return True
        elif kind in ("Cc", "Cf", "Cs") or (kind == "Cn" and _unassigned_for_good(code)):
            return True
    return False


def _joins_emoji(text: str, index: int) -> bool:
    if index == 0 or index == len(text) - 1:
        return False
    before, after = text[index - 1], text[index + 1]
    return all(
        ch != _ZWJ and unicodedata.category(ch) in _EMOJI_PART for ch in (before, after)
    )


def _unassigned_for_good(code: int) -> bool:
    """Noncharacters, and gaps in the basic plane (new characters arrive above it)."""
    return code <= 0xFFFF or 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def check_name(value: object) -> str:
    name = clean_text(value, "name", 100)
    if name is None:
        raise _err("name", "请填写姓名。", "Please enter a name.")
    return name


def check_email(value: object) -> str | None:
    text = clean_text(value, "email", 120)
    if text is None:
        return None
    text = fold(text)
    if not _EMAIL.fullmatch(text):
        raise _err("email", "邮箱格式不正确，例如 name@example.com。",
                   "Not a valid email address, e.g. name@example.com.")
    return text.lower()


def mask_id_number(id_number: str | None) -> str | None:
    if not id_number:
        return id_number
    return id_number[:3] + "*" * (len(id_number) - 7) + id_number[-4:]


_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:(?:[ T]+|(?<=日))(\d{1,2})[:：时](\d{1,2})(?:[:：分](\d{1,2})(?:\.\d+)?秒?|分)?)?"
)
_SERIAL_TEXT = re.compile(r"\d{1,7}(?:\.\d+)?")
_MAX_SERIAL = 2_958_465  # 9999-12-31
# Excel's day 60 is 1900-02-29, a day that never was (kept from Lotus 1-2-3): days 1–59
# count from 1899-12-31, every later day from 1899-12-30.
_FAKE_LEAP_DAY = 60
_EARLY_EPOCH = datetime(1899, 12, 31)
_EXCEL_EPOCH = datetime(1899, 12, 30)


def parse_date(value: object, field: str = "date") -> date | None:
    """A date from what a form or a spreadsheet gives; the time of day, if any, is dropped.

    Read: date and datetime cells, text (1990-01-05, 1990/1/5, 1990.1.5, 1990年1月5日,
    19900105, with or without a time), yyyymmdd typed as a number and Excel serial
    numbers (a date cell without its date format). Empty means None. Text that is
    not a date, a year alone, or a date that does not exist (1990-02-30, Excel's
    1900-02-29) is refused with a sentence saying how to write it.
    """
    found = parse_when(value, field)
    return found.date() if isinstance(found, datetime) else found


def parse_timestamp(value: object, field: str = "date") -> datetime | None:
    """A date and time, read like ``parse_date``; a date without a time is its midnight."""
    found = parse_when(value, field)
    if found is None or isinstance(found, datetime):
        return found
    return datetime(found.year, found.month, found.day)


def parse_when(value: object, field: str = "date") -> date | datetime | None:
    """A ``date`` when the value holds no time of day (a date cell, a datetime at 00:00,
    a whole serial, text without a time), else a ``datetime``: the one parser behind
    ``parse_date`` and ``parse_timestamp``, for callers that treat a day differently
    from a moment (a card issued "2023-03-30" was issued that day, not at midnight)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date() if value.time() == time() else value
    if isinstance(value, date):
        return value
    if isinstance(value, bool | time | timedelta):
        raise _bad_date(field)
    if isinstance(value, int | float):
        return _from_number(value, field)
    text = fold(str(value)).strip()
    if not text:
        return None
    match = _DATE_DIGITS.fullmatch(text) or _DATE_TEXT.fullmatch(text)
    if match is not None:
        return _from_parts(field, match.groups())
    if _SERIAL_TEXT.fullmatch(text):
        return _from_number(float(text), field)
    raise _bad_date(field)


def _from_number(number: float, field: str) -> date | datetime:
    """yyyymmdd typed as a number, or an Excel serial (a fraction is the time of day)."""
    whole = float(number).is_integer()
    if whole and 19_000_101 <= number <= 21_001_231:
        return _from_parts(field, _DATE_DIGITS.fullmatch(str(int(number))).groups())  # type: ignore[union-attr]
    if whole and 1900 <= number <= 2100:
        raise _err(field, "只有年份，请写出完整的日期，如 1990-01-05。",
                   "Only a year is given; write the whole date, e.g. 1990-01-05.")
    if not 1 <= number < _MAX_SERIAL + 1:  # also refuses NaN
        raise _bad_date(field)
    if int(number) == _FAKE_LEAP_DAY:
        raise _err(field, "Excel 日期序号 60 表示 1900 年 2 月 29 日，这一天并不存在，请核对。",
                   "Excel's date number 60 stands for 29 February 1900, a day that never "
                   "existed; please check it.")
    epoch = _EARLY_EPOCH if number < _FAKE_LEAP_DAY else _EXCEL_EPOCH
    try:
        # Whole seconds: 14:30 is stored as 0.6041666…, which is not exact in binary.
        found = epoch + timedelta(seconds=round(number * 86_400))
    except OverflowError:  # a fraction of a second before the year 10000
        raise _bad_date(field) from None
    return found.date() if found.time() == time() else found


def _from_parts(field: str, parts: Sequence[str | None]) -> date | datetime:
    year, month, day, hour, minute, second = ([int(p) if p else 0 for p in parts] + [0] * 6)[:6]
    if year < 1900:
        raise _err(field, "日期早于 1900 年，请核对。", "The date is before 1900; please check it.")
    try:
        if hour == minute == second == 0:
            return date(year, month, day)
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        raise _no_such_date(field) from None


def _no_such_date(field: str) -> ValidationError:
    return _err(field, "这个日期不存在（例如 2 月 30 日），请核对年月日。",
                "That date does not exist (e.g. 30 February); check the year, month and day.")


def _bad_date(field: str) -> ValidationError:
    return _err(field, "日期无法识别，请写成 1990-01-05、1990/1/5 或 1990年1月5日 这样的形式。",
                "The date cannot be read; write it like 1990-01-05, 1990/1/5 or 1990年1月5日.")


_GENDERS = {"m": "M", "male": "M", "男": "M", "f": "F", "female": "F", "女": "F"}


def check_gender(value: object) -> str | None:
    """M or F from M/F, male/female or 男/女; empty or 未知 means not known."""
    text = clean_text(value, "gender", 10)
    if text is None or text in ("未知", "unknown"):
        return None
    gender = _GENDERS.get(fold(text).lower())
    if gender is None:
        raise _err("gender", "性别请填“男”或“女”，不清楚可以留空。",
                   "Gender must be male or female, or left empty.")
    return gender


def check_choice(
    value: object, field: str, labels: dict[str, str], what_zh: str, what_en: str
) -> str | None:
    """One code of ``labels`` (code → Chinese label), given as the code or its Chinese label."""
    text = clean_text(value, field, 40)
    if text is None:
        return None
    folded = fold(text).lower()
    for code, label in labels.items():
        if folded in (code, label):
            return code
    raise _err(
        field,
        f"{what_zh}只能是：{'、'.join(labels.values())}。",
        f"{what_en} must be one of: {', '.join(labels)}.",
    )


def check_birthday(value: object, today: date | None = None) -> date | None:
    """A birthday (date or text such as 1990-1-5), not in the future and not before 1900."""
    value = parse_date(value, "birthday")
    if value is None:
        return None
    if value > (today or date.today()):
        raise _err("birthday", "生日不能是将来的日期。", "A birthday cannot be in the future.")
    if value.year < 1900:
        raise _err("birthday", "生日早于 1900 年，请核对。", "The birthday is before 1900; please check.")
    return value


_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)", re.ASCII)
_EXPONENT = re.compile(r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)[eE][-+]?\d+", re.ASCII)
_WHOLE_NUMBER = re.compile(r"[-+]?\d+", re.ASCII)


def parse_amount_fen(value: object, field: str = "amount", *, allow_zero: bool = True) -> int:
    """Money typed or imported as yuan ("¥1,234.50", "1234.5元", 88) to integer fen.

    Refuses negatives, more than two decimals, text that is not a plain number (also
    "1e6": scientific notation in text is a spreadsheet's way of hiding digits, never
    what a cashier meant) and amounts beyond ``MAX_AMOUNT_FEN``. Floats are read
    through their shortest decimal form, so a value like 0.1 + 0.2 is refused rather
    than silently rounded; a float cell may show an exponent there (1e-05) and is read.
    """
    if isinstance(value, bool) or value is None:
        raise _err(field, "请填写金额。", "Please enter an amount.")
    amount: Decimal | None = None
    if isinstance(value, Decimal | float):
        # A float is read through its shortest decimal form, so 0.1 + 0.2 shows its true tail.
        amount = Decimal(repr(value)) if isinstance(value, float) else value
    else:
        text = fold(str(value)).strip()
        text = text.replace(",", "").replace("¥", "").replace("元", "")
        text = text.replace("RMB", "").replace("CNY", "").strip()
        if _PLAIN_NUMBER.fullmatch(text):
            amount = Decimal(text)
        elif _EXPONENT.fullmatch(text):
            raise _err(field, "金额请写成普通数字，如 1000000（不要写成 1e6 这样的科学计数法）。",
                       "Write the amount as a plain number, e.g. 1000000 (not in scientific "
                       "notation such as 1e6).")
    if amount is None or not amount.is_finite():
        raise _err(field, "金额不是数字，请输入如 100 或 88.50。",
                   "The amount is not a number; enter e.g. 100 or 88.50.")
    if amount < 0:
        raise _err(field, "金额不能是负数。", "The amount cannot be negative.")
    # Before quantize: 1e30 has more digits than Decimal's context and would raise there.
    if amount > Decimal(MAX_AMOUNT_FEN) / 100:
        raise _err(field, "金额超出上限（单笔最多 1,000,000 元）。",
                   "The amount is too large (at most 1,000,000 yuan at a time).")
    if amount != amount.quantize(Decimal("0.01")):
        raise _err(field, "金额最多两位小数（精确到分）。", "An amount has at most two decimals.")
    fen = int(amount * 100)
    if fen > MAX_AMOUNT_FEN:
        raise _err(field, "金额超出上限（单笔最多 1,000,000 元）。",
                   "The amount is too large (at most 1,000,000 yuan at a time).")
    if fen == 0 and not allow_zero:
        raise _err(field, "金额必须大于 0。", "The amount must be more than 0.")
    return fen


def format_fen(amount_fen: int) -> str:
    """Fen as yuan with two decimals and thousands separators: 123450 → "1,234.50"."""
    sign = "-" if amount_fen < 0 else ""
    yuan, fen = divmod(abs(amount_fen), 100)
    return f"{sign}{yuan:,}.{fen:02d}"


def check_points(value: object, field: str = "points") -> int:
    """A whole number of points (or visits, counts): not negative, at most ``MAX_POINTS``."""
    points: int | None = value if isinstance(value, int) else None
    if not isinstance(value, int):
        text = fold(str(value)).strip()
        if _EXPONENT.fullmatch(text):
            raise _err(field, "请写成普通整数，如 1000000（不要写成 1e6 这样的科学计数法）。",
                       "Write a plain whole number, e.g. 1000000 (not in scientific notation "
                       "such as 1e6).")
        points = int(text) if _WHOLE_NUMBER.fullmatch(text) else None
    if points is None or isinstance(value, bool):
        raise _err(field, "积分必须是整数。", "Points must be a whole number.")
    if points < 0:
        raise _err(field, "积分不能是负数。", "Points cannot be negative.")
    if points > MAX_POINTS:
        raise _err(field, "积分超出上限。", "Too many points.")
    return points


def check_username(value: str) -> str:
    name = (value or "").strip()
    if not re.fullmatch(r"[\w.\-@]{1,64}", name):
        raise _err("username", "用户名只能包含字母、数字、汉字和 . - _ @，最多 64 个字符。",
                   "A user name may contain letters, digits, Chinese characters and . - _ @, "
                   "up to 64 characters.")
    return name


def check_password(value: str) -> str:
    if value is None or len(value) < 6:
        raise _err("password", "密码至少 6 个字符。", "A password needs at least 6 characters.")
    if len(value) > 256:
        raise _err("password", "密码太长（最多 256 个字符）。", "The password is too long (256 at most).")
    return value
