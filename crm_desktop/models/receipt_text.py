"""The text of a receipt (小票) as lines that fit a roll of 58 mm or 80 mm paper.

Pure: no Qt, no session. A receipt printer prints a fixed number of half-width
columns per line (32 on 58 mm paper, 48 on 80 mm); a Chinese character takes two
of them, so every width here is counted by ``unicodedata.east_asian_width``. The
same lines go to a PDF, a system printer and a receipt printer speaking ESC/POS.

A receipt leaves the shop on paper, so it shows the card number masked (first and
last four digits) and the holder's surname only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from crm_desktop.models.rules.validation import format_fen
from crm_desktop.models.services.card_records import MoneyResult

PAPER_WIDTHS_MM = (58, 80)
COLUMNS_BY_PAPER = {58: 32, 80: 48}

ACTIONS_ZH: dict[str, str] = {
    "issue": "开卡", "top_up": "充值", "consume": "消费", "redeem": "积分兑换",
    "use_count": "次卡消费", "refund": "退款", "cancel": "退卡",
}
METHODS_ZH: dict[str, str] = {
    "stored_value": "卡内余额", "cash": "现金", "wechat": "微信支付", "alipay": "支付宝",
    "bank_card": "银行卡", "count": "卡内次数", "other": "其他",
}


@dataclass(frozen=True)
class SlipWords:
    """The words printed on a slip; Chinese unless the screen passes its translation."""

    receipt: str = "小票"
    reprint: str = "（补打）"
    number: str = "流水号"
    time: str = "时间"
    operator: str = "收银员"
    card: str = "卡号"
    holder: str = "会员"
    items: str = "项目"
    amount: str = "金额"
    discount: str = "会员优惠"
    paid: str = "实收"
    method: str = "支付方式"
    bonus: str = "赠送"
    balance_after: str = "余额"
    points: str = "积分"
    points_after: str = "积分余额"
    visits: str = "次数"
    visits_left: str = "剩余次数"
    signature: str = "会员签名"
    thanks: str = "谢谢惠顾"
    actions: Mapping[str, str] = field(default_factory=lambda: dict(ACTIONS_ZH))
    methods: Mapping[str, str] = field(default_factory=lambda: dict(METHODS_ZH))


@dataclass(frozen=True)
class SlipItem:
    """One item line of a purchase: name, quantity × unit price, amount."""

    name: str
    quantity: int
    unit_price_fen: int
    amount_fen: int


@dataclass(frozen=True)
class Slip:
    """Everything one receipt says, read from the booked action (or its stored rows)."""

    shop_name: str
    shop_address: str
    shop_phone: str
    action: str
    transaction: str
    at: datetime
    operator: str
    card_number: str
    customer_name: str
    amount_fen: int
    discount_fen: int = 0
    paid_fen: int = 0
    payment_method: str | None = None
    bonus_fen: int = 0
    has_card: bool = True
    balance_after_fen: int = 0
    points_change: int = 0
    points_after: int = 0
    counts_change: int = 0
    counts_after: int = 0
    items: tuple[SlipItem, ...] = ()
    signature: bool = False
    reprint: bool = False

    @classmethod
    def of_result(
        cls, result: MoneyResult, header: tuple[str, str, str],
        items: tuple[SlipItem, ...] = (), signature: bool = False,
    ) -> Slip:
        """The slip of an action just booked; ``header`` is the shop's name, address, phone."""
        name, address, phone = header
        return cls(
            shop_name=name, shop_address=address, shop_phone=phone, action=result.action,
            transaction=result.transaction, at=result.at, operator=result.operator,
            card_number=result.card_number, customer_name=result.customer_name,
            amount_fen=result.amount_fen, discount_fen=result.discount_fen,
            paid_fen=result.paid_fen, payment_method=result.payment_method,
            bonus_fen=result.bonus_fen, has_card=result.card_id is not None,
            balance_after_fen=result.balance_after_fen, points_change=result.points_change,
            points_after=result.points_after, counts_change=result.counts_change,
            counts_after=result.counts_after, items=items, signature=signature,
        )


def char_width(char: str) -> int:
    """Columns one character takes on a receipt printer: 2 for wide and full-width ones.

    Ambiguous ones (·, —, ×) count as two too: a Chinese printer's font draws them full width.
    """
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 1


def text_width(text: str) -> int:
    """Columns ``text`` takes, a Chinese character counted as two."""
    return sum(char_width(char) for char in text)


def clip(text: str, columns: int) -> str:
    """``text`` cut so it takes at most ``columns`` columns."""
    out: list[str] = []
    used = 0
    for char in text:
        width = char_width(char)
        if used + width > columns:
            break
        out.append(char)
        used += width
    return "".join(out)


def wrap(text: str, columns: int) -> list[str]:
    """``text`` broken into lines of at most ``columns`` columns (Chinese has no spaces)."""
    lines: list[str] = []
    rest = text.strip()
    while rest:
        head = clip(rest, columns)
        if not head:  # a character wider than the line: never loop for ever
            head = rest[0]
        cut = len(head)
        space = head.rfind(" ")
        if cut < len(rest) and space > 0 and rest[cut] != " ":
            cut = space  # break Latin words at a space where there is one
        lines.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    return lines


def center(text: str, columns: int) -> str:
    text = clip(text, columns)
    return " " * ((columns - text_width(text)) // 2) + text


def pair(label: str, value: str, columns: int) -> list[str]:
    """``label`` on the left and ``value`` on the right; on two lines when they do not fit."""
    gap = columns - text_width(label) - text_width(value)
    if gap >= 1:
        return [label + " " * gap + value]
    value = clip(value, columns)
    return [*wrap(label, columns), " " * (columns - text_width(value)) + value]


def yuan(amount_fen: int) -> str:
    """1,234.50 as Chinese receipts print it: no yuan sign, which many printer fonts lack."""
    return format_fen(amount_fen)


def mask_card_number(number: str) -> str:
    """8000****0012: what a paper receipt shows of a card number."""
    if len(number) <= 8:
        return "*" * max(0, len(number) - 4) + number[-4:]
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """张** for 张小明: a receipt names the holder without spelling them out."""
    return name if len(name) <= 1 else name[0] + "*" * (len(name) - 1)


def item_lines(items: Sequence[SlipItem], columns: int) -> list[str]:
    """Each item: its name (wrapped), then quantity × unit price and the amount."""
    lines: list[str] = []
    for item in items:
        lines.extend(wrap(item.name, columns))
        detail = f"  {item.quantity} x {yuan(item.unit_price_fen)}"
        lines.extend(pair(detail, yuan(item.amount_fen), columns))
    return lines


def _money_rows(slip: Slip, words: SlipWords) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if slip.amount_fen or slip.action in ("top_up", "consume", "refund"):
        rows.append((words.amount, yuan(slip.amount_fen)))
    if slip.discount_fen:
        rows.append((words.discount, yuan(-slip.discount_fen)))
    if slip.paid_fen:
        rows.append((words.paid, yuan(slip.paid_fen)))
    if slip.payment_method and slip.payment_method != "count":
        rows.append((words.method, words.methods.get(slip.payment_method, slip.payment_method)))
    if slip.bonus_fen:
        rows.append((words.bonus, yuan(slip.bonus_fen)))
    if slip.has_card:
        rows.append((words.balance_after, yuan(slip.balance_after_fen)))
    if slip.points_change:
        rows.append((words.points, f"{slip.points_change:+d}"))
    if slip.has_card:
        rows.append((words.points_after, str(slip.points_after)))
    if slip.counts_change or slip.action == "use_count":
        rows.append((words.visits, f"{slip.counts_change:+d}"))
        rows.append((words.visits_left, str(slip.counts_after)))
    return rows


def slip_lines(slip: Slip, columns: int, words: SlipWords | None = None) -> list[str]:
    """The receipt as lines of at most ``columns`` columns, the shop's name first."""
    words = words or SlipWords()
    rule = "-" * columns
    title = words.actions.get(slip.action, slip.action) + (words.reprint if slip.reprint else "")
    lines = [center(line, columns) for line in wrap(slip.shop_name or words.receipt, columns)]
    for extra in (slip.shop_address, slip.shop_phone):
        lines.extend(center(line, columns) for line in wrap(extra, columns))
    lines.append(center(title, columns))
    lines.append(rule)
    head: list[tuple[str, str]] = []
    if slip.transaction:
        head.append((words.number, slip.transaction))
    head.append((words.time, slip.at.strftime("%Y-%m-%d %H:%M:%S")))
    head.append((words.operator, slip.operator))
    if slip.card_number:
        head.append((words.card, mask_card_number(slip.card_number)))
    if slip.customer_name:
        head.append((words.holder, mask_name(slip.customer_name)))
    for label, value in head:
        lines.extend(pair(label, value, columns))
    if slip.items:
        lines.append(rule)
        lines.extend(item_lines(slip.items, columns))
    lines.append(rule)
    for label, value in _money_rows(slip, words):
        lines.extend(pair(label, value, columns))
    if slip.signature:
        lines.append("")
        lines.extend(pair(words.signature + "：", "_" * (columns // 2), columns))
    lines.append(rule)
    lines.append(center(words.thanks, columns))
    return lines


def fit_lines(lines: Sequence[str], columns: int) -> list[str]:
    """Lines made elsewhere (a handover slip), each wrapped where it is wider than the roll."""
    fitted: list[str] = []
    for line in lines:
        fitted.extend([line] if text_width(line) <= columns else wrap(line, columns))
    return fitted


def columns_for(paper_mm: int) -> int:
    """Half-width columns a line holds on ``paper_mm`` paper (58 or 80)."""
    return COLUMNS_BY_PAPER.get(paper_mm, COLUMNS_BY_PAPER[80])
