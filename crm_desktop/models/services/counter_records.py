"""Plain, frozen values for shifts (交班) and the day-end close (日结).

The shift and day-close services hand these to the screens, the CLI and the
accountant's export. Money is int fen; "in" is money the shop took, "out" money
it paid back (refunds, cash paid out on a card's cancellation).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from crm_desktop.models.excel.normalise import PAYMENT_LABELS

# (Chinese, English) words for each payment method, the same as the exports use.
METHOD_WORDS: dict[str, tuple[str, str]] = dict(PAYMENT_LABELS)

# (Chinese, English) words for each kind of money movement at the counter.
KIND_WORDS: dict[str, tuple[str, str]] = {
    "top_up": ("充值", "Top-up"),
    "sale": ("消费（非卡付）", "Sale (not from a card)"),
    "card_fee": ("工本费", "Card fee"),
    "refund": ("退款", "Refund"),
    "cancel_cash_out": ("退卡退现", "Cash out on cancellation"),
    # Paid from stored value (less its refunds): no money came in, it came at top-up.
    "from_card": ("储值卡消费", "Spent from a card"),
}


def method_word(method: str, english: bool = False) -> str:
    """The method's word in the user's language (the code itself when unknown)."""
    zh, en = METHOD_WORDS.get(method, (method, method))
    return en if english else zh


def kind_word(kind: str, english: bool = False) -> str:
    """The movement kind's word in the user's language (the code itself when unknown)."""
    zh, en = KIND_WORDS.get(kind, (kind, kind))
    return en if english else zh


@dataclass(frozen=True)
class ShiftView:
    """One clerk's shift: the float counted in and, once closed, the cash counted out."""

    id: int
    user_id: int
    username: str
    business_day: date
    opened_at: datetime
    float_fen: int
    status: str  # open | closed
    closed_at: datetime | None
    expected_cash_fen: int | None
    counted_cash_fen: int | None
    difference_fen: int | None
    note: str

    @property
    def is_open(self) -> bool:
        return self.status == "open"


@dataclass(frozen=True)
class MethodLine:
    """Money in and out through one payment method."""

    method: str
    in_fen: int
    out_fen: int

    @property
    def net_fen(self) -> int:
        return self.in_fen - self.out_fen


@dataclass(frozen=True)
class KindLine:
    """What came in (positive) or went out (negative) for one kind and method."""

    kind: str  # top_up | sale | card_fee | refund | cancel_cash_out | from_card
    method: str
    amount_fen: int
    count: int


@dataclass(frozen=True)
class ShiftFigures:
    """A shift's takings per method and kind, and the cash the drawer should hold."""

    shift: ShiftView
    methods: tuple[MethodLine, ...]
    kinds: tuple[KindLine, ...]
    expected_cash_fen: int
    transactions: int

    def method(self, method: str) -> MethodLine:
        """The line of one method (zeros when nothing moved through it)."""
        for line in self.methods:
            if line.method == method:
                return line
        return MethodLine(method, 0, 0)


@dataclass(frozen=True)
class ShiftClosed:
    """A closed shift: its figures, the cash counted and the difference (counted − expected)."""

    figures: ShiftFigures
    counted_cash_fen: int
    difference_fen: int
    note: str


@dataclass(frozen=True)
class ClerkLine:
    """One clerk's day: how many shifts, money per method, the sum of cash differences."""

    user_id: int
    username: str
    shifts: int
    methods: tuple[MethodLine, ...]
    difference_fen: int


@dataclass(frozen=True)
class DayFigures:
    """A business day: its shifts, clerks, methods, cash differences and card liability."""

    day: date
    status: str  # open | closed | reopened
    shifts: tuple[ShiftFigures, ...]
    clerks: tuple[ClerkLine, ...]
    methods: tuple[MethodLine, ...]
    outside_shifts: tuple[MethodLine, ...]  # money actions taken with no shift open
    cash_difference_fen: int
    liability_start_fen: int
    liability_end_fen: int
    liability_in_fen: int
    liability_out_fen: int
    closed_by: str | None
    closed_at: datetime | None
    reopen_reason: str | None
    transactions: int = 0

    def method(self, method: str) -> MethodLine:
        """The day's line of one method (zeros when nothing moved through it)."""
        for line in self.methods:
            if line.method == method:
                return line
        return MethodLine(method, 0, 0)
