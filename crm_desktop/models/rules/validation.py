"""Checks and normalisation of what people type or files contain.

Each ``check_*`` returns the normalised value or raises ValidationError with one
sentence in Chinese and English that says what is wrong and how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from crm_desktop.models.errors import ValidationError

MAX_AMOUNT_FEN = 100_000_000  # ¥1,000,000.00 in one action is beyond any shop's counter
MAX_POINTS = 100_000_000
_MOBILE = re.compile(r"1[3-9]\d{9}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
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


def _digits_only(value: object) -> str:
    if isinstance(value, float):
        if value != int(value):
            return str(value)
        value = int(value)
    text = fold(str(value)).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return re.sub(r"[\s\-()（）]", "", text)


def check_phone(value: object, field: str = "phone") -> str | None:
    """A mainland mobile (11 digits) or a landline with area code ("0755-12345678")."""
    if value is None or str(value).strip() == "":
        return None
    text = _digits_only(value)
    international = False
    for prefix in ("+86", "0086"):
        if text.startswith(prefix):
            text = text[len(prefix):]
            international = True
    if len(text) == 13 and text.startswith("861"):
        text = text[2:]
    if _MOBILE.fullmatch(text):
        return text
    # "+86 755 1234 5678": the country code replaces the landline's leading 0.
    landline = _landline(text) or (_landline("0" + text) if international else None)
    if landline:
        return landline
    raise _err(
        field,
        "电话号码不正确：手机号是 1 开头的 11 位数字，座机请带区号（如 010-12345678）。",
        "Not a valid phone number: a mobile has 11 digits starting with 1; a landline needs "
        "its area code (e.g. 010-12345678).",
    )


def _landline(digits: str) -> str | None:
    if len(digits) < 2 or not digits.isdigit() or not digits.startswith("0") \
            or digits.startswith("00"):
        return None  # a lone "0" is where typing a landline starts
    area_len = 3 if digits[1] in "12" else 4
    area, local = digits[:area_len], digits[area_len:]
    if not (7 <= len(local) <= 8) or local.startswith("0"):
        return None
    return f"{area}-{local}"


def phone_search_key(value: str) -> str:
    """Digits of a phone as stored, for prefix and suffix searches ("0755-123" → "0755123")."""
    return value.replace("-", "")


def check_email(value: object) -> str | None:
    text = clean_text(value, "email", 120)
    if text is None:
        return None
    text = fold(text)
    if not _EMAIL.fullmatch(text):
        raise _err("email", "邮箱格式不正确，例如 name@example.com。",
                   "Not a valid email address, e.g. name@example.com.")
    return text.lower()


def id_check_digit(first17: str) -> str:
    total = sum(int(d) * w for d, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def check_id_number(value: object, today: date | None = None) -> str | None:
    """The 18-digit resident ID number: digits, a real birth date and the check digit."""
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _err(
            "id_number",
            "身份证号被存成了数字，末尾几位已经丢失。请把该列设为“文本”格式后重新输入。",
            "The ID number was stored as a number and its last digits are lost. Format the "
            "column as text and enter it again.",
        )
    text = fold(str(value)).strip().upper().replace(" ", "")
    if len(text) == 15 and text.isdigit():
        raise _err("id_number", "这是 15 位旧身份证号，请输入 18 位身份证号。",
                   "This is an old 15-digit ID number; please enter the 18-digit one.")
    if len(text) != 18 or not text[:17].isdigit() or not (text[17].isdigit() or text[17] == "X"):
        raise _err("id_number", "身份证号应为 18 位：17 位数字加一位数字或 X。",
                   "An ID number has 18 characters: 17 digits and a digit or X.")
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        born = None
    if born is None or born > (today or date.today()) or born.year < 1900:
        raise _err("id_number", "身份证号中的出生日期不存在，请核对。",
                   "The birth date inside the ID number does not exist; please check it.")
    if id_check_digit(text[:17]) != text[17]:
        raise _err("id_number", "身份证号校验位不对，可能有一位输错了，请核对。",
                   "The ID number's check digit does not match; a digit may be mistyped.")
    return text


def mask_phone(phone: str | None) -> str | None:
    """138****5678 for mobiles; landlines keep the area code and the last four digits."""
    if not phone:
        return phone
    if len(phone) == 11 and phone.isdigit():
        return phone[:3] + "****" + phone[-4:]
    area, _, local = phone.rpartition("-")
    if area and len(local) > 4:
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    return "****"


def mask_id_number(id_number: str | None) -> str | None:
    if not id_number:
        return id_number
    return id_number[:3] + "*" * (len(id_number) - 7) + id_number[-4:]


_DATE_DIGITS = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_TEXT = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T][\d:.]+)?"
)
_EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object, field: str = "date") -> date | None:
    """A date from a date, text (1990-01-05, 1990/1/5, 1990年1月5日, 19900105) or an Excel serial.

    Empty means None; text that is not a date, or a date that does not exist
    (1990-02-30), is refused with a sentence saying how to write it.
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if value != int(value):
            raise _bad_date(field)
        number = int(value)
        if number < 100_000 and number > 0:
            return _EXCEL_EPOCH + timedelta(days=number)
        value = str(number)
    text = fold(str(value)).strip()
    if not text:
        return None
    match = _DATE_DIGITS.fullmatch(text) or _DATE_TEXT.fullmatch(text)
    if match is None:
        raise _bad_date(field)
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise _err(field, "这个日期不存在，请核对年月日。",
                   "That date does not exist; check the year, month and day.") from None


def _bad_date(field: str) -> ValidationError:
    return _err(field, "日期格式不正确，请写成 1990-01-05 这样的形式。",
                "Not a valid date; write it like 1990-01-05.")


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


def parse_amount_fen(value: object, field: str = "amount", *, allow_zero: bool = True) -> int:
    """Money typed or imported as yuan ("¥1,234.50", "1234.5元", 88) to integer fen.

    Refuses negatives, more than two decimals, text that is not a number and amounts
    beyond ``MAX_AMOUNT_FEN``. Floats are read through their shortest decimal form, so
    a value like 0.1 + 0.2 is refused rather than silently rounded.
    """
    if isinstance(value, bool) or value is None:
        raise _err(field, "请填写金额。", "Please enter an amount.")
    # A float is read through its shortest decimal form, so 0.1 + 0.2 shows its true tail.
    text = repr(value) if isinstance(value, float) else fold(str(value)).strip()
    text = text.replace(",", "").replace("¥", "").replace("￥", "").replace("元", "")
    text = text.replace("RMB", "").replace("CNY", "").strip()
    try:
        amount = Decimal(text)
    except InvalidOperation:
        amount = None
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
    try:
        points = int(fold(str(value)).strip()) if not isinstance(value, int) else value
    except ValueError:
        points = None
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
