"""Text that was already damaged before it reached us, and why: the import asks before storing it.

A GBK export writes ``?`` for every character it cannot encode; a decoder that
failed leaves U+FFFD; some old systems keep their own characters in the Private
Use Area; text read in the wrong encoding turns into typical shapes (UTF-8 read
as GBK: 锟斤拷, 浣犲ソ; UTF-8 read as Latin-1: Ã©, å¼ ä¸‰; GBK read as Latin-1:
ÕÅÈý). Where the wrong reading can be undone, ``repaired`` says what the text
most likely was, for the preview.

Question marks are judged by where they stand, because real text uses them too:
``?`` between two Chinese characters (王?明) or between letters (Garc?a), or a
value made only of question marks, is damage; ``好吗??`` at the end of a note is
a question and is left alone, unless the value is a name (``name_like``), where
any question mark touching a character is damage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crm_desktop.models.excel.encoding import oddness
from crm_desktop.models.language import current_language

_SIGNATURES = ("锟斤拷", "烫烫烫", "屯屯屯")
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_INSIDE_CJK = re.compile(rf"[{_CJK}]\?+[{_CJK}]")
_INSIDE_WORD = re.compile(r"[A-Za-zÀ-ÿ]\?+[a-zà-ÿ]")
_TOUCHING = re.compile(rf"[{_CJK}A-Za-zÀ-ÿ]\?+|\?+[{_CJK}A-Za-zÀ-ÿ]")
_ONLY_MARKS = re.compile(r"\s*\?(?:\s*\?)+\s*")
_LATIN_HIGH = re.compile(r"[\u00a0-\u00ff]{2,}")

_REASONS = {
    "question_marks": (
        "文字里有“?”，像是导出时无法保存的汉字被换成了问号（原系统用 GBK 导出时常这样）",
        'the text holds "?" where characters seem to have been lost (as a GBK export leaves them)',
    ),
    "replacement": (
        "文字里有“\ufffd”（替换符），说明原来的字已经在转换编码时丢失",
        'the text holds "\ufffd" (the replacement character): characters were lost in a conversion',
    ),
    "private_use": (
        "文字里有私用区字符（原系统自造的字），在别的电脑上会显示成方框或乱码",
        "the text holds Private Use Area characters (made up by the old system), shown as boxes "
        "or garbage elsewhere",
    ),
    "mojibake": (
        "文字像是用错了编码读出的乱码",
        "the text looks like garbage from reading it in the wrong encoding",
    ),
}


@dataclass(frozen=True)
class DamagedText:
    """Why a text looks damaged, the damaged part, and the likely original when it can be undone."""

    kind: str  # "question_marks" | "replacement" | "private_use" | "mojibake"
    sample: str
    repaired: str | None = None

    @property
    def zh(self) -> str:
        return _REASONS[self.kind][0]

    @property
    def en(self) -> str:
        return _REASONS[self.kind][1]

    @property
    def reason(self) -> str:
        """The reason in the current language, with the likely original when there is one."""
        zh = current_language() == "zh"
        text = self.zh if zh else self.en
        if self.repaired is not None:
            text += f"（原文可能是“{self.repaired}”）" if zh else f' (it was probably "{self.repaired}")'
        return text


def damaged_text(value: str, *, name_like: bool = False) -> DamagedText | None:
    """Why ``value`` is already damaged, or None when it looks like real text.

    ``name_like``: the value is a name or another short identifier, which never
    holds a question mark, so one touching a character is damage too.
    """
    if not value or value.isascii() and "?" not in value:
        return None
    if "\ufffd" in value:
        return DamagedText("replacement", _around(value, value.index("\ufffd")))
    for index, ch in enumerate(value):
        code = ord(ch)
        if 0xE000 <= code <= 0xF8FF or code >= 0xF0000:
            return DamagedText("private_use", _around(value, index))
    mojibake = _mojibake(value)
    if mojibake is not None:
        return mojibake
    return _question_marks(value, name_like)


def _question_marks(value: str, name_like: bool) -> DamagedText | None:
    if "?" not in value:
        return None
    if _ONLY_MARKS.fullmatch(value):
        return DamagedText("question_marks", value.strip())
    patterns = (_INSIDE_CJK, _INSIDE_WORD, _TOUCHING) if name_like else (_INSIDE_CJK, _INSIDE_WORD)
    for pattern in patterns:
        found = pattern.search(value)
        if found:
            return DamagedText("question_marks", _around(value, found.start()))
    return None


def _mojibake(value: str) -> DamagedText | None:
    for signature in _SIGNATURES:
        if signature in value:
            return DamagedText("mojibake", signature)
    if value.isascii():
        return None
    before: float | None = None  # oddness(value), only once an undo gives plausible text
    # (how it was written, how it was wrongly read): undo the wrong reading and judge the result.
    for written, read_as in (("utf-8", "gb18030"), ("utf-8", "cp1252"), ("gb18030", "cp1252"),
                             ("cp950", "gb18030")):
        repaired = _undo(value, written, read_as)
        if repaired is None or repaired == value or not _plausible(repaired):
            continue
        if read_as == "cp1252" and not _LATIN_HIGH.search(value):
            continue  # one accented letter (José) is real text, not a wrong reading
        if before is None:
            before = oddness(value)
        if (
            before - oddness(repaired) >= 0.3
            or _has_latin_signs(value, read_as)
            or (read_as == "cp1252" and _all_chinese(repaired))
        ):
            return DamagedText("mojibake", value[:20], repaired)
    return None


def _undo(value: str, written: str, read_as: str) -> str | None:
    try:
        return value.encode(read_as).decode(written)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def _plausible(text: str) -> bool:
    """Real text: some Chinese or accented letters, almost nothing odd."""
    return not text.isascii() and oddness(text) <= 0.1 and "\ufffd" not in text


def _all_chinese(text: str) -> bool:
    """Two or more Chinese characters and no other non-ASCII ones (Latin-1 letters that were GBK)."""
    wide = [ch for ch in text if not ch.isascii()]
    return len(wide) >= 2 and all(re.fullmatch(f"[{_CJK}\u3000-\u303f\uff00-\uffef]", ch) for ch in wide)


def _has_latin_signs(value: str, read_as: str) -> bool:
    # "Ã©", "â€™", "å¼ ä¸‰": UTF-8 lead bytes read one by one as Latin letters.
    return read_as == "cp1252" and re.search(r"[ÃÂâåäæçèéï][\u0080-\u00bf\u2018-\u203a€]", value) is not None


def _around(value: str, index: int) -> str:
    return value[max(0, index - 8) : index + 8]
