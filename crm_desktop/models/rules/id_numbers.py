"""Resident ID numbers (居民身份证号码), checked against python-stdnum's ``cn.ric``.

The check digit (GB 11643) is stdnum's ``calc_check_digit`` and the area codes
(地区码) are stdnum's table of every code that has existed; each refusal names
the part that is wrong: length, check digit, birth date or area code.

``ric.validate`` itself is not called for every number: it costs ~300 µs a number
here (it re-normalises the text and searches the table each time), 30 s over a
100,000-row import; the same parts with the table looked up once per area code
cost ~10 µs. Its verdict is the same but in one place, on purpose: stdnum refuses
an area code that did not exist yet in the birth year, yet a number takes the
code of where it was first issued, years after birth (福田区, 440304, exists since
1990; people born there in 1980 carry it). Here a code that ever existed is
enough. The residence permits of Taiwan residents (830000, missing from stdnum's
table) and the 2023 foreigners' permanent residence cards (9 + province +
nationality) have the same shape and are accepted. 15-digit numbers (before
1999) stay refused, as before: stdnum does not read them either, and every
holder has had 18 digits since.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from functools import lru_cache
from typing import Any

from crm_desktop.models.errors import ValidationError

# 港澳台居民居住证: Hong Kong and Macao are in stdnum's table, Taiwan is not.
_PERMIT_AREAS = ("830000",)
_FOREIGNER = "9"  # 外国人永久居留身份证 (2023): 9, province, nationality (3 digits)


def _err(zh: str, en: str) -> ValidationError:
    return ValidationError("invalid.id_number", zh, en, field="id_number")


def _length_error() -> ValidationError:
    return _err("身份证号应为 18 位：17 位数字加一位数字或 X。",
                "An ID number has 18 characters: 17 digits and a digit or X.")


# GB 11643's weights: 2^(17 - i) mod 11 for the i-th of the 17 digits.
_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))


def id_check_digit(first17: str) -> str:
    """The check digit (0–9 or X) that completes the 17 digits ``first17``."""
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        # stdnum's formula without its per-call import and base-13 parse (an import checks
        # one number per ID cell); tests/models/test_check_fast_paths.py holds them equal.
        check = (12 - sum(map(int.__mul__, map(int, first17), _WEIGHTS)) % 11) % 11
        return "X" if check == 10 else str(check)
    from stdnum.cn import ric

    return str(ric.calc_check_digit(first17 + "0"))  # stdnum ignores the last character


def check_id_number(value: object, today: date | None = None) -> str | None:
    """An 18-character resident ID number in upper case, or a refusal naming the wrong part.

    Checked in this order: 17 digits and a digit or X, the birth date (digits 7–14:
    a real day, from 1900, not after ``today``), the area code (first 6 digits) and
    the check digit. A number cell is refused: Excel keeps 15 digits, the rest is lost.
    """
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise _err(
            "身份证号被存成了数字，末尾几位已经丢失。请把该列设为“文本”格式后重新输入。",
            "The ID number was stored as a number and its last digits are lost. Format the "
            "column as text and enter it again.",
        )
    text = unicodedata.normalize("NFKC", str(value)).strip().upper().replace(" ", "")
    if len(text) == 15 and text.isdigit():
        raise _err("这是 15 位旧身份证号，请输入 18 位身份证号。",
                   "This is an old 15-digit ID number; please enter the 18-digit one.")
    if len(text) != 18 or not text.isascii() or not text[:17].isdigit() \
            or text[17] not in "0123456789X":
        raise _length_error()
    # The most specific finding first: a date or an area that cannot be points at
    # the digits to look at; a wrong check digit only says that some digit is off.
    try:
        born = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise _bad_birth_date() from None
    if born.year < 1900:
        raise _bad_birth_date()
    if born > (today or date.today()):
        raise _err("身份证号中的出生日期是将来的日期，请核对。",
                   "The birth date inside the ID number is in the future; please check it.")
    if not area_code_exists(text[:6]):
        raise _err("身份证号前 6 位的地区码不存在，请核对。",
                   "The area code (the first 6 digits) of the ID number does not exist; please "
                   "check it.")
    if id_check_digit(text[:17]) != text[17]:
        raise _err("身份证号校验位不对，可能有一位输错了，请核对。",
                   "The ID number's check digit does not match; a digit may be mistyped.")
    return text


def _bad_birth_date() -> ValidationError:
    return _err("身份证号中的出生日期不存在，请核对。",
                "The birth date inside the ID number does not exist; please check it.")


@lru_cache(maxsize=8192)
def area_code_exists(code: str) -> bool:
    """True when a county-level area code (地区码) has existed, per stdnum's table or its city."""
    if code in _PERMIT_AREAS:
        return True
    if code.startswith(_FOREIGNER):
        return _province_exists(code[1:3])
    if any(props.get("county") for _part, props in _areas().info(code)):
        return True
    # A county newer than stdnum's table (杭州临平区 330113, 2021) under a known city.
    return code[4:] != "00" and any(
        props.get("county") for _part, props in _areas().info(code[:4] + "00")
    )


def _province_exists(code: str) -> bool:
    return any(props.get("province") for _part, props in _areas().info(code + "0000")[:1])


def _areas() -> Any:
    """stdnum's table of area codes (loaded on first use, about 0.4 s)."""
    from stdnum import numdb

    return numdb.get("cn/loc")
