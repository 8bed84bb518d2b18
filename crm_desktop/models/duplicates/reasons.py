"""Why two records were put side by side: each reason a sentence in Chinese and English.

Every reason also carries the points it adds to (or takes from) the pair's score,
so the score a user sees is the sum of the reasons listed beside it (0–100).
"""

from __future__ import annotations

from typing import NamedTuple

from crm_desktop.models.language import current_language

# code: (points, Chinese, English); {a} {b} {value} are filled in.
_WORDS: dict[str, tuple[int, str, str]] = {
    "same_id": (70, "身份证号相同（{value}）", "Same ID number ({value})"),
    "same_id_old": (
        70,
        "身份证号相同：一个是 15 位旧号码，一个是 18 位新号码（{value}）",
        "Same ID number: one is the old 15-digit form of the other ({value})",
    ),
    "near_id": (
        30,
        "身份证号只差一位（第 {a} 位）",
        "ID numbers one character apart (character {a})",
    ),
    "swapped_id": (
        30,
        "身份证号第 {a}、{b} 位两个数字颠倒",
        "ID numbers with characters {a} and {b} swapped",
    ),
    "same_phone": (35, "电话号码相同（{value}）", "Same phone number ({value})"),
    "phone_is_phone2": (
        35,
        "一位的电话 {value} 登记为另一位的第二电话",
        "One customer's phone {value} is the other's second phone",
    ),
    "near_phone": (
        25,
        "电话号码只差一位数字（第 {a} 位）",
        "Phone numbers one digit apart (digit {a})",
    ),
    "swapped_phone": (
        25,
        "电话号码第 {a}、{b} 位两个数字颠倒",
        "Phone numbers with digits {a} and {b} swapped",
    ),
    "same_birthday": (25, "生日相同（{value}）", "Same birthday ({value})"),
    "same_name": (30, "姓名相同", "Same name"),
    "name_written": (
        30,
        "姓名只是写法不同：全角/半角、空格或间隔号（“{a}”与“{b}”）",
        "The names differ only in full-/half-width letters, spaces or a middle dot "
        "(\u201c{a}\u201d and \u201c{b}\u201d)",
    ),
    "name_traditional": (
        30,
        "同一个姓名的繁体和简体写法（“{a}”与“{b}”）",
        "The same name in traditional and simplified characters (\u201c{a}\u201d and "
        "\u201c{b}\u201d)",
    ),
    "name_sound": (
        18,
        "姓名读音相同，可能选错了字（“{a}”与“{b}”，{value}）",
        "The names sound the same; a wrong character may have been picked (\u201c{a}\u201d "
        "and \u201c{b}\u201d, {value})",
    ),
    "name_part": (
        12,
        "一个姓名包含另一个（“{a}”与“{b}”）",
        "One name contains the other (\u201c{a}\u201d and \u201c{b}\u201d)",
    ),
    "name_typo": (
        12,
        "姓名只差一个字母（“{a}”与“{b}”）",
        "The names are one letter apart (\u201c{a}\u201d and \u201c{b}\u201d)",
    ),
    "rare_name": (
        12,
        "档案里只有这两位客户是这个名字",
        "No other customer on file has this name",
    ),
    "birthday_differs": (-25, "生日不同（{a} 与 {b}）", "Birthdays differ ({a} and {b})"),
    "id_differs": (-30, "身份证号不同", "ID numbers differ"),
    "gender_differs": (-15, "性别不同", "Genders differ"),
}

CODES = frozenset(_WORDS)


class Reason(NamedTuple):
    """One reason a pair was flagged (or a fact against it), in both languages.

    The sentences are filled in when read, so weighing many candidate pairs costs
    no text until a pair is shown.
    """

    code: str
    points: int
    a: str = ""
    b: str = ""
    value: str = ""

    @property
    def zh(self) -> str:
        return _WORDS[self.code][1].format(a=self.a, b=self.b, value=self.value)

    @property
    def en(self) -> str:
        return _WORDS[self.code][2].format(a=self.a, b=self.b, value=self.value)

    @property
    def text(self) -> str:
        """The sentence in the current language."""
        return self.zh if current_language() == "zh" else self.en

    def as_dict(self) -> dict[str, object]:
        return {"code": self.code, "points": self.points, "zh": self.zh, "en": self.en}


def reason(
    code: str, *, a: str = "", b: str = "", value: str = "", points: int | None = None
) -> Reason:
    """The reason ``code`` with its names or numbers (``points`` to weigh it differently,
    e.g. a shared landline weighs less than a shared mobile)."""
    return Reason(code, _WORDS[code][0] if points is None else points, a, b, value)


def score_of(reasons: tuple[Reason, ...]) -> int:
    """The pair's score: the reasons' points added up, kept within 0–100."""
    return max(0, min(100, sum(r.points for r in reasons)))
