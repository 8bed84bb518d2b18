"""Keys that put two records of one person side by side, made for a whole file at once.

Names are folded (full-width to half-width, case, and spaces, dots and other
punctuation dropped: 张 三, 张·三 and ＺＨＡＮＧ　ＳＡＮ fold like 张三 and zhangsan),
then turned into simplified characters with OpenCC (張偉 → 张伟) and read as
toneless pinyin (张伟 → zhangwei). Phones become their digits without the
mainland country code; ID numbers their 18-character form (an old 15-digit
number is written out as its 18-digit one).

A million names cost one call each for Unicode folding, OpenCC and a pinyin
translation table (one pinyin lookup per distinct character), not a million.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Hashable, Sequence
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray
from stdnum.cn import ric

# Dots people put in foreign and minority names, as typed on different keyboards:
# the middle dot · (U+00B7), bullet •, katakana middle dot ・ (and its half-width ･),
# hyphenation point ‧, bullet and dot operators ∙ ⋅, and the full stop.
DOTS = "·•・･‧∙⋅.．"
# Between names of a batch: a character no stored or typed name can hold (control
# characters are refused on input); checked after splitting all the same.
_SEPARATOR = "\x00"
_CONVERTER_LOCK = threading.Lock()
Ints = NDArray[np.int64]
_CHUNK = 4096


@cache
def _dropped() -> re.Pattern[str]:
    """Characters a name folds away: spaces, separators, punctuation, dots (basic plane)."""
    found = [
        ch for ch in map(chr, range(0x10000))
        if ch.isspace() or unicodedata.category(ch)[0] in "ZP" or ch in DOTS
    ]
    return re.compile("[" + "".join(re.escape(ch) for ch in found) + "]")


def _nfkc(names: Sequence[str]) -> str:
    """The names joined by the separator, NFKC-normalised where they are not already.

    Checked a few thousand names at a time, so a file of plain Chinese names is not
    rewritten character by character for the few full-width ones among them.
    """
    parts = []
    for start in range(0, len(names), _CHUNK):
        chunk = _SEPARATOR.join(names[start:start + _CHUNK])
        if not unicodedata.is_normalized("NFKC", chunk):
            chunk = unicodedata.normalize("NFKC", chunk)
        parts.append(chunk)
    return _SEPARATOR.join(parts)


def fold_names(names: Sequence[str]) -> list[str]:
    """Each name NFKC-folded, case-folded, without spaces, dots or punctuation."""
    dropped = _dropped()
    # The separator is a control character, not punctuation: it survives the folding.
    parts = dropped.sub("", _nfkc(names).casefold()).split(_SEPARATOR)
    if len(parts) == len(names):
        return parts
    return [dropped.sub("", unicodedata.normalize("NFKC", n).casefold()) for n in names]


@cache
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s.json")


def simplified(folded: Sequence[str]) -> list[str]:
    """Folded names in simplified characters (traditional ones converted with OpenCC)."""
    converter = _t2s()
    # Folded names hold no newline (spaces are folded away), so one call converts them all.
    with _CONVERTER_LOCK:
        parts = str(converter.convert("\n".join(folded))).split("\n")
        if len(parts) == len(folded):
            return parts
        return [str(converter.convert(name)) for name in folded]


_PINYIN: dict[int, str] = {}


def pinyin(names: Sequence[str]) -> list[str]:
    """Toneless pinyin of each (simplified, folded) name; other characters kept as they are."""
    joined = "\n".join(names)
    new = {ch for ch in set(joined) if ord(ch) not in _PINYIN and _is_han(ch)}
    if new:
        from pypinyin import Style, lazy_pinyin

        for ch in new:
            _PINYIN[ord(ch)] = "".join(lazy_pinyin(ch, style=Style.NORMAL))
    parts = joined.translate(_PINYIN).split("\n")
    if len(parts) == len(names):
        return parts
    return [name.translate(_PINYIN) for name in names]


def _is_han(ch: str) -> bool:
    code = ord(ch)
    return 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF


def phone_key(value: str | None) -> str | None:
    """The digits of a stored or typed phone, without the mainland country code.

    ``0755-12345678``, ``+86 755 1234 5678`` and ``075512345678`` give one key;
    so do ``13800138000`` and ``+86 138 0013 8000``; ``+852 9123 4567`` keeps its
    country code (85291234567). Fewer than five digits: None.
    """
    if not value:
        return None
    if len(value) == 11 and value.isascii() and value.isdigit():
        return value  # a mainland mobile as stored: most of any file
    text = unicodedata.normalize("NFKC", value).strip()
    digits = "".join(ch for ch in text if "0" <= ch <= "9")
    international = text.startswith("+") or digits.startswith("00")
    if international:
        digits = digits.lstrip("0")
        if digits.startswith("86"):
            digits = digits[2:]
            # Abroad a landline drops its trunk 0; at home it is written with it.
            if digits and not digits.startswith("1"):
                digits = "0" + digits
    elif len(digits) == 13 and digits.startswith("861"):
        digits = digits[2:]
    return digits if len(digits) >= 5 else None


def id_key(value: str | None) -> str | None:
    """The ID number's key, or None when empty.

    A resident ID is upper-cased with spaces dropped; an old 15-digit one becomes the
    18-digit number it was replaced by (19 before its birth year, a new check digit).
    Other documents (a passport number) are their letters and digits, upper-cased.
    """
    if not value:
        return None
    text = compact_id(value)
    if not text.isascii():
        return None
    if is_old_id(text):
        body = text[:6] + "19" + text[6:]
        return body + ric.calc_check_digit(body + "0")
    return text if len(text) >= 6 else None


def compact_id(value: str) -> str:
    """An ID number as typed, upper-cased, with only its letters and digits."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", value).upper() if ch.isalnum())


def is_old_id(value: str) -> bool:
    """An old 15-digit resident ID number (issued before 1999)."""
    return len(value) == 15 and value.isdigit() and value.isascii()


def _hashes(values: Sequence[Hashable | None]) -> tuple[Ints, NDArray[np.bool_]]:
    """Python's hash of each value, and which values are there at all (not None, not "")."""
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=len(values))
    return hashes, (hashes != hash(None)) & (hashes != hash(""))


def factorize(values: Sequence[Hashable | None]) -> Ints:
    """Each value as a small integer (equal values, equal integers); None and "" as -1.

    By hashing and sorting (numpy) rather than a dictionary: a dictionary of a million
    distinct names misses the processor's caches at every step and is several times
    slower. Two different values with the same 64-bit hash would share a code; that
    only makes one more candidate pair, which the scoring then looks at properly.
    """
    hashes, present = _hashes(values)
    codes = np.full(len(values), -1, dtype=np.int64)
    codes[present] = np.unique(hashes[present], return_inverse=True)[1]
    return codes


def distinct(values: Sequence[Hashable]) -> tuple[list[int], Ints]:
    """Where each distinct value first occurs, and for every value the number of its kind
    (``values[firsts[k]]`` is the k-th distinct value)."""
    hashes = np.fromiter(map(hash, values), dtype=np.int64, count=len(values))
    _unique, firsts, kinds = np.unique(hashes, return_index=True, return_inverse=True)
    return firsts.tolist(), kinds
