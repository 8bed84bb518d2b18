"""Phone numbers: checked and stored in one form, masked for display, flagged when unusual.

Mainland numbers are stored as the counter has always stored them: a mobile as
its 11 digits ("13800138000"), a landline with its area code ("0571-87654321"),
and "+86 …" folds into those forms. A number with another country code is
stored in E.164 ("+85291234567"), so the same number typed two ways is one
number. The phonenumbers library decides only what the ITU rules decide (the
country code exists, at most 15 digits); what its tables think of the rest of a
number is a warning (``phone_warning``), never a refusal: its tables lag real
numbering plans, and a shop's member really has the number they gave.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from crm_desktop.models.errors import ValidationError

if TYPE_CHECKING:
    from phonenumbers import PhoneNumber

# ASCII digits only: "\d" alone also matches Arabic-Indic and other scripts' digits.
_MOBILE = re.compile(r"1[3-9]\d{9}", re.ASCII)
_STORED_MOBILE = re.compile(r"1\d{10}", re.ASCII)
_STORED_LANDLINE = re.compile(r"(0\d{2,3})-(\d{7,8})", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-()（）]")
# Abroad people also write "+1 415.555.0100"; dots stay an error in a mainland number.
_FOREIGN_SEPARATORS = re.compile(r"[\s\-()（）.]")
_MIN_NATIONAL_DIGITS = 4  # Niue and Saint Helena have numbers this short
_MAX_E164_DIGITS = 15  # ITU-T E.164: country code and number together

_MAINLAND_RULE_ZH = "电话号码不正确：手机号是 1 开头的 11 位数字，座机请带区号（如 010-12345678）"
_MAINLAND_RULE_EN = (
    "Not a valid phone number: a mobile has 11 digits starting with 1; a landline needs its "
    "area code (e.g. 010-12345678)"
)


def _err(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"invalid.{field}", zh, en, field=field)


def _compact(value: object) -> str:
    """The typed value folded to ASCII without spaces, dashes or brackets."""
    if isinstance(value, float):
        if not value.is_integer():
            return repr(value)
        value = int(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if text.endswith(".0"):
        text = text[:-2]  # a spreadsheet number read as text: 13800138000.0
    if text.startswith(("+", "00")):
        text = _FOREIGN_SEPARATORS.sub("", text)
        return "+" + text[2:] if text.startswith("00") else text
    return _SEPARATORS.sub("", text)


def check_phone(value: object, field: str = "phone") -> str | None:
    """A phone as stored: a mainland mobile ("13800138000"), a landline with its area code
    ("0755-12345678"), or a number from abroad with its country code ("+85291234567").

    "+86"/"0086" numbers take the mainland forms; "00852 …" is "+852 …". None when empty.
    """
    if value is None or str(value).strip() == "":
        return None
    text = _compact(value)
    if text.startswith("+") and not text.startswith("+86"):
        return _foreign(text, field)
    international = text.startswith("+86")
    if international:
        text = text[3:]
    elif len(text) == 13 and text.startswith("861"):
        text = text[2:]
    if _MOBILE.fullmatch(text):
        return text
    # "+86 755 1234 5678": the country code replaces the landline's leading 0.
    landline = _landline(text) or (_landline("0" + text) if international else None)
    if landline:
        return landline
    if international or text[:1] in ("", "0", "1"):
        raise _err(field, _MAINLAND_RULE_ZH + "。", _MAINLAND_RULE_EN + ".")
    # Neither 0 nor 1 in front: most likely a local number from abroad (91234567 in Hong Kong).
    raise _err(
        field,
        _MAINLAND_RULE_ZH + "；境外号码请以 + 和国家或地区代码开头（如 +852 9123 4567）。",
        _MAINLAND_RULE_EN + "; a number from abroad starts with + and its country code "
        "(e.g. +852 9123 4567).",
    )


def _landline(digits: str) -> str | None:
    if len(digits) < 2 or not (digits.isascii() and digits.isdigit()) \
            or not digits.startswith("0") or digits.startswith("00"):
        return None  # a lone "0" is where typing a landline starts
    area_len = 3 if digits[1] in "12" else 4
    area, local = digits[:area_len], digits[area_len:]
    if not (7 <= len(local) <= 8) or local.startswith("0"):
        return None
    return f"{area}-{local}"


def _foreign(text: str, field: str) -> str:
    """"+" and digits to E.164, refused only when no country has that code or it is too long."""
    import phonenumbers

    digits = text[1:]
    if not (digits.isascii() and digits.isdigit()):
        raise _err(
            field,
            "境外号码只能是 + 加国家或地区代码和数字，不要写分机号或文字（如 +852 9123 4567）。",
            "A number from abroad is + with the country code and digits only, no extension or "
            "words (e.g. +852 9123 4567).",
        )
    try:
        parsed = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not _country_exists(parsed.country_code or 0):
        raise _err(
            field,
            "号码开头的国家或地区代码不存在，请核对（如香港 +852、美国 +1）。",
            "No country has the code this number starts with; please check it (e.g. Hong Kong "
            "+852, USA +1).",
        )
    stored = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    national = len(stored) - 1 - len(str(parsed.country_code or ""))
    if national < _MIN_NATIONAL_DIGITS or len(stored) - 1 > _MAX_E164_DIGITS:
        raise _err(
            field,
            "境外号码位数不对：国家或地区代码后面至少 4 位，连代码一共最多 15 位。",
            "A number from abroad has at least 4 digits after its country code and at most 15 "
            "digits in all.",
        )
    return stored


def _country_exists(code: int) -> bool:
    import phonenumbers

    return code in phonenumbers.COUNTRY_CODE_TO_REGION_CODE


def _country_code(e164: str) -> str:
    """The country code at the start of an E.164 number ("+85291234567" → "852")."""
    import phonenumbers

    digits = e164.lstrip("+")
    for length in (1, 2, 3):  # country codes are prefix-free
        if int(digits[:length] or 0) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
            return digits[:length]
    return digits[:3]


def mask_phone(phone: str | None) -> str | None:
    """138****5678 for mobiles; landlines keep the area code and numbers from abroad the
    country code, each with the last four digits ("0755-****5678", "+852****4567")."""
    if not phone:
        return phone
    if len(phone) == 11 and phone.isdigit():
        return phone[:3] + "****" + phone[-4:]
    if phone.startswith("+") and phone[1:].isdigit():
        code = _country_code(phone)
        hidden = len(phone) - 1 - len(code) - 4
        return f"+{code}{'*' * max(hidden, 0)}{phone[-4:]}"
    area, _, local = phone.rpartition("-")
    if area and len(local) > 4:
        return f"{area}-{'*' * (len(local) - 4)}{local[-4:]}"
    return "****"


def phone_warning(stored: str) -> tuple[str, str] | None:
    """(Chinese, English) when a stored phone looks unusual, else None.

    A mainland mobile whose prefix no operator uses (12x, 10x, 140 …), a landline the
    numbering plan does not know, a number from abroad its country does not hand out,
    or a value in none of the stored forms. A warning asks the user to check; the
    number stays as it is.
    """
    if not stored:
        return None
    if _STORED_MOBILE.fullmatch(stored):
        # Mainland validity depends on the leading digits only: one answer per 号段.
        if _cn_valid(stored[:7] + "0000"):
            return None
        return (
            f"这个手机号的号段 {stored[:3]} 不存在，可能输错了，请核对。",
            f"No operator uses the mobile prefix {stored[:3]}; the number may be mistyped. "
            "Please check it.",
        )
    landline = _STORED_LANDLINE.fullmatch(stored)
    if landline:
        if _cn_valid(landline[1] + landline[2][:-4] + "0000"):
            return None
        return (
            "这个座机号码看起来不太常见，请核对区号和号码。",
            "This landline number looks unusual; please check the area code and the number.",
        )
    if stored.startswith("+") and stored[1:].isdigit():
        if _foreign_valid(stored):
            return None
        return (
            f"这个 +{_country_code(stored)} 号码看起来不太常见，请核对。",
            f"This +{_country_code(stored)} number looks unusual; please check it.",
        )
    return (
        "这个号码的写法无法识别，请核对后重新输入。",
        "This phone number is in no form the program knows; please check it and enter it again.",
    )


@lru_cache(maxsize=65536)
def _cn_valid(digits: str) -> bool:
    """Whether a mainland number as dialled at home (mobile, or 0 + area + local) is valid."""
    import phonenumbers

    # Built directly rather than parsed: parsing "179…" reads it as a carrier's
    # international prefix, and costs ten times as much.
    number = phonenumbers.PhoneNumber(country_code=86, national_number=int(digits.lstrip("0")))
    return bool(phonenumbers.is_valid_number(number))


@lru_cache(maxsize=4096)
def _foreign_valid(e164: str) -> bool:
    import phonenumbers

    try:
        parsed: PhoneNumber = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(parsed))
