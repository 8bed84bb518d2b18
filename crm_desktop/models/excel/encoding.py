"""Which text encoding a CSV or text export is in, or a refusal that says how to save it as UTF-8.

A shop's file is in one of a few encodings: UTF-8 (with or without BOM),
GB18030/GBK (Simplified Chinese Windows), Big5 (Traditional: Taiwan, Hong Kong)
or UTF-16 (Excel's "Unicode text"). BOMs decide first, then strict UTF-8. Big5
bytes are nearly always valid GBK too, so for the rest charset-normalizer ranks
the candidates and a plausibility check confirms its pick: a reading that turns
the text into private-use characters, kana or rare ideographs loses to one that
reads as common Chinese. When neither reading is clearly right the file is
refused with a sentence that says how to save it as UTF-8: never imported as
mojibake.
"""

from __future__ import annotations

import codecs
import functools
import math
import unicodedata
from dataclasses import dataclass

from crm_desktop.models.errors import ValidationError

# The encodings a Chinese shop's file can be in, as charset-normalizer names them.
CJK_CANDIDATES = ("gb18030", "cp950", "big5hkscs")
_SAMPLE_BYTES = 64 * 1024
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Evidence, in natural-log odds, that a reading is mojibake rather than a shop's text, per
# non-ASCII character: a real member list holds common characters (a rare ideograph in ~3 %
# of them, odd signs almost never), a wrong reading of Chinese bytes a random draw (about a
# third rare ideographs, a fifth kana, private-use or other odd signs).
_COMMON_WEIGHT = math.log(0.6 / 0.97)
_RARE_WEIGHT = math.log(0.3 / 0.03)
_ODD_WEIGHT = math.log(0.2 / 0.002)
# charset-normalizer's pick counts as 10:1 evidence; a reading must win by 1000:1 to be clear.
_LIBRARY_WEIGHT = math.log(10)
_CLEAR = math.log(1000)
# The most a right reading may hold of odd characters (rare ideographs count half).
_PLAUSIBLE = 0.2


@dataclass(frozen=True)
class DecodedText:
    """The text of a file and the codec that read it ("utf-8-sig", "gb18030", "cp950", …)."""

    text: str
    encoding: str


def unclear_encoding(name: str) -> ValidationError:
    """The refusal of a file whose encoding cannot be told for sure."""
    return ValidationError(
        "import.encoding",
        f"无法确定 {name} 的文字编码（可能是 GBK、Big5 或其他编码），为避免把姓名导成乱码，已拒绝导入。"
        "请在 Excel 中打开它，选择“另存为”→“CSV UTF-8（逗号分隔）”（WPS：“另存为”→ 文件类型选"
        "“CSV UTF-8”或 .xlsx），再导入保存后的文件。",
        f"The text encoding of {name} cannot be told for sure (it may be GBK, Big5 or another "
        "one); it was not imported so that names do not turn into garbage. Open it in Excel, "
        'choose Save As → "CSV UTF-8 (Comma delimited)" (WPS: Save As → "CSV UTF-8" or .xlsx) '
        "and import the saved file.",
        field="file",
    )


def decode_text(raw: bytes, name: str = "文件") -> DecodedText:
    """Decode the bytes of a text table; refuse with a sentence when the encoding is not clear."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return DecodedText(raw.decode(codec), codec)
            except UnicodeDecodeError as exc:
                raise unclear_encoding(name) from exc
    utf16 = utf16_without_bom(raw)
    if utf16 is not None:
        try:
            return DecodedText(raw.decode(utf16), utf16)
        except UnicodeDecodeError:
            pass
    try:
        return DecodedText(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_cjk(raw, name)


def utf16_without_bom(raw: bytes) -> str | None:
    """UTF-16 told by its NUL bytes: digits, tabs and line ends put a NUL in every other byte."""
    head = raw[:4096]
    if len(head) < 8 or len(head) % 2:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    if odd >= 0.3 * half and even <= 0.01 * half:
        return "utf-16-le"
    if even >= 0.3 * half and odd <= 0.01 * half:
        return "utf-16-be"
    return None


def _decode_cjk(raw: bytes, name: str) -> DecodedText:
    sample = _sample(raw)
    readings: dict[str, str] = {}
    for codec in CJK_CANDIDATES:
        try:
            text = sample.decode(codec)
        except UnicodeDecodeError:
            continue
        # cp950 and big5hkscs read most Big5 files alike: the same text is one reading.
        if text not in readings.values():
            readings[codec] = text
    if readings:
        picked = _library_pick(sample)
        evidence = {
            codec: mojibake_evidence(text) - (_LIBRARY_WEIGHT if codec in picked else 0.0)
            for codec, text in readings.items()
        }
        ranked = sorted(evidence, key=lambda c: evidence[c])
        best = ranked[0]
        clear = len(ranked) == 1 or evidence[ranked[1]] - evidence[best] >= _CLEAR
        if clear and oddness(readings[best]) <= _PLAUSIBLE:
            try:
                return DecodedText(raw.decode(best), best)
            except UnicodeDecodeError:
                pass
    mostly_utf8 = _mostly_utf8(raw)
    if mostly_utf8 is not None:
        return mostly_utf8
    raise unclear_encoding(name)


def _sample(raw: bytes) -> bytes:
    """The first part of the file, cut at a line end so no character is split."""
    if len(raw) <= _SAMPLE_BYTES:
        return raw
    cut = raw.rfind(b"\n", 0, _SAMPLE_BYTES)
    return raw[: cut + 1] if cut > 0 else raw[:_SAMPLE_BYTES]


def _library_pick(sample: bytes) -> frozenset[str]:
    """The candidates charset-normalizer, limited to them, names for its first match."""
    from charset_normalizer import from_bytes

    best = from_bytes(sample, cp_isolation=list(CJK_CANDIDATES)).best()
    if best is None:
        return frozenset()
    return frozenset({best.encoding, *best.could_be_from_charset})


def _mostly_utf8(raw: bytes) -> DecodedText | None:
    """UTF-8 with a handful of broken bytes (a cut-off last character, a pasted line) stays UTF-8.

    The broken places become U+FFFD, which the import's damaged-text check then shows.
    """
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    if broken <= 10 and broken * 2000 <= len(raw):
        return DecodedText(text, "utf-8")
    return None


@functools.cache
def common_hanzi() -> frozenset[str]:
    """The common characters of both scripts: GB2312 level 1 and Big5 level 1 (常用字)."""
    found: set[str] = set()
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                found.add(bytes((lead, trail)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    for lead in range(0xA4, 0xC7):
        for trail in (*range(0x40, 0x7F), *range(0xA1, 0xFF)):
            try:
                found.add(bytes((lead, trail)).decode("cp950"))
            except UnicodeDecodeError:
                continue
    return frozenset(found)


_EMOJI_JOINERS = frozenset((0x200D, 0xFE0F, 0xFE0E, 0x20E3))
_PLAIN_SYMBOLS = frozenset("¥·×÷°€№℃…—–‘’“”、。《》「」『』【】〔〕〈〉〇※‰′″")


def _counts(text: str) -> tuple[int, int, int]:
    """(common, rare ideographs, odd) among the non-ASCII characters of ``text``."""
    common_set = common_hanzi()
    common = rare = odd = 0
    for ch in text:
        if ch < "\x80":
            continue
        code = ord(ch)
        if code >= 0x1F000 or code in _EMOJI_JOINERS or 0x2600 <= code <= 0x27BF:
            continue  # emoji say nothing: no wrong reading of Chinese bytes makes them
        if (
            ch in common_set
            or ch in _PLAIN_SYMBOLS
            or 0xFF01 <= code <= 0xFF5E  # full-width letters, digits and signs
            or 0xFFE0 <= code <= 0xFFE5
            or 0xC0 <= code <= 0xFF  # accented Latin letters
            or 0x3000 <= code <= 0x3002  # ideographic space and stops
        ):
            common += 1
        elif _is_ideograph(code):
            rare += 1
        else:
            odd += 1
    return common, rare, odd


def oddness(text: str) -> float:
    """The share of a text's non-ASCII characters that a shop's file would hardly hold.

    Private-use characters, kana, bopomofo, Greek, Cyrillic, IPA, box drawing,
    compatibility forms and control characters count whole; ideographs outside the
    common sets count half (names do use some rare ones).
    """
    common, rare, odd = _counts(text)
    seen = common + rare + odd
    return (odd + rare / 2) / seen if seen else 0.0


def mojibake_evidence(text: str) -> float:
    """Log-odds that ``text`` is a wrong reading of Chinese bytes rather than real text."""
    common, rare, odd = _counts(text)
    return common * _COMMON_WEIGHT + rare * _RARE_WEIGHT + odd * _ODD_WEIGHT


def _is_ideograph(code: int) -> bool:
    return (
        0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x20000 <= code <= 0x3134F
        or 0xF900 <= code <= 0xFAFF
    )


def has_nul(text: str) -> bool:
    """True when decoded text still holds NUL characters: a binary file, not a table."""
    return "\x00" in text


def describe(encoding: str) -> str:
    """A short name for the encoding, for the wizard's preview line."""
    names = {
        "utf-8": "UTF-8",
        "utf-8-sig": "UTF-8 (BOM)",
        "utf-16": "UTF-16",
        "utf-16-le": "UTF-16",
        "utf-16-be": "UTF-16",
        "utf-32": "UTF-32",
        "gb18030": "GBK/GB18030",
        "cp950": "Big5",
        "big5hkscs": "Big5-HKSCS",
    }
    return names.get(encoding, unicodedata.normalize("NFC", encoding).upper())
