"""What an import found about single rows: refusals, repairable values, damaged text, matches.

Plain named tuples the report carries to the wizard, the command line and the
error workbook. Rows are numbered as Excel shows them; ``column`` is the header
as the file spells it. Phone and ID numbers a finding quotes are masked, as
every screen shows them.
"""

from __future__ import annotations

from typing import NamedTuple

from crm_desktop.models.excel.normalise import as_text, is_blank
from crm_desktop.models.language import current_language
from crm_desktop.models.rules.validation import mask_id_number, mask_phone

# Fields a row may go without: a wrong value here leaves the field empty, flagged for
# correction (待更正), when the user chooses so. A wrong name, phone, card number, or
# anything that moves money (balance, points, visits, tier, card type) refuses the row.
OPTIONAL_FIELDS = frozenset({
    "phone2", "birthday", "gender", "id_number", "email", "address", "province", "city",
    "district", "company", "notes", "tags", "member_since", "issued_on", "expires_on",
})
# Fields whose damaged text may be left out (the row still has its name and keys).
CLEARABLE_FIELDS = OPTIONAL_FIELDS | {"tier", "card_type"}
_MASKED = {"phone": mask_phone, "phone2": mask_phone, "id_number": mask_id_number}


def zh_or_en(zh: str, en: str) -> str:
    return zh if current_language() == "zh" else en


def shown_value(field: str, value: object, limit: int = 60) -> str:
    """A cell as a finding quotes it: text, phone and ID numbers masked, long text cut."""
    if is_blank(value):
        return ""
    text = as_text(value).strip()
    masker = _MASKED.get(field)
    if masker is not None:
        digits = "".join(c for c in text if c.isalnum())
        text = (masker(digits) or "") if len(digits) >= 8 else "****"
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Rejection(NamedTuple):
    """A refused row: its number as Excel shows it, the column header, the reason.

    A row refused for several reasons has one Rejection per reason.
    """

    row: int
    column: str
    reason: str


class Duplicate(NamedTuple):
    """A row that repeats ``first_row``'s phone, card number or ID number."""

    row: int
    first_row: int


class BadField(NamedTuple):
    """An optional field whose value is wrong: the field key, its header, the value, why."""

    field: str
    column: str
    value: str
    reason: str


class OptionalProblem(NamedTuple):
    """A row whose only problems are optional fields; ``choice`` is "refuse" or "drop"."""

    row: int
    name: str
    fields: tuple[BadField, ...]
    choice: str


class DamagedCell(NamedTuple):
    """Text that looks damaged (``??``, U+FFFD, private-use characters, mojibake).

    ``choice``: "keep" (import as is), "clear" (leave the field empty, flagged) or
    "skip" (do not import the row).
    """

    row: int
    name: str
    field: str
    column: str
    preview: str
    why: str
    choice: str


class ExistingMatch(NamedTuple):
    """A row whose phone, card number or ID number is on file, and what became of it.

    ``action``: "skip", "fill", "overwrite", "add_new" (empty fields filled by the
    user's choice) or "unchanged". ``key`` says how the row was matched ("phone",
    "card_number", "id_number", or "likely" when the user said it is that customer)
    and ``key_value`` the value, masked. ``new_values`` are (field, value shown)
    the row has and the customer on file lacks; ``differs`` the fields where both
    have a value and they differ (never overwritten unless the policy says so).
    """

    row: int
    customer_id: int
    action: str
    note: str = ""
    key: str = ""
    key_value: str = ""
    customer_name: str = ""
    new_values: tuple[tuple[str, str], ...] = ()
    differs: tuple[str, ...] = ()


class LikelyMatch(NamedTuple):
    """A new row that is likely (not surely) a customer on file; ``choice``: new, skip, same.

    ``score`` is the finder's, 0–100; ``reasons`` its words, in the current language.
    """

    row: int
    name: str
    customer_id: int
    customer_name: str
    reasons: tuple[str, ...]
    score: float
    choice: str


class JoinedCounts(NamedTuple):
    """Where the new customers' member-since dates came from."""

    from_file: int = 0  # a member-since column
    from_cards: int = 0  # the card issue date
    today: int = 0  # nothing in the file: the day of the import (a purchase import lowers it)


def duplicate_reason(first_row: int) -> str:
    """The sentence the report and the error workbook give for a duplicate row."""
    return zh_or_en(
        f"与第 {first_row} 行重复（手机号、卡号或身份证号相同），未导入。",
        f"Repeats row {first_row} (same phone, card number or ID number); not imported.",
    )


def formula_reason() -> str:
    """Why a cell that holds a formula without its saved result was not taken."""
    return zh_or_en(
        "这一格是公式，文件里没有保存计算结果（其他程序导出的文件常这样）。请用 Excel 或 WPS 打开这个文件、"
        "保存一次后再导入。",
        "This cell is a formula whose result the file does not hold (files other programs "
        "export often are). Open the file in Excel or WPS, save it once and import it again.",
    )


def damaged_skip_reason(column: str, preview: str) -> str:
    """Why a row with damaged text was left out (the answer "skip", the first one)."""
    return zh_or_en(
        f"“{column}”的文字看起来已损坏（{preview}），这一行没有导入。可以选择照原样导入或留空并标记待更正；"
        "最好在原系统里另存为 UTF-8 后重新导入。",
        f"The text in {column!r} looks damaged ({preview}); the row was not imported. You may "
        "import it as it is, or leave the field empty flagged for correction; best, save the "
        "file from the old system as UTF-8 and import it again.",
    )
