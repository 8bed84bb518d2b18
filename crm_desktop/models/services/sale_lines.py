"""Item lines of a purchase: checked as typed, then priced with the tier and the card's visits.

Rounding (decided here): the tier discount is worked out on each line, rounded
half up to the fen like a whole purchase, and the purchase's discount is the
sum of its lines'. A purchase of several lines may therefore differ by a fen or
so from the same total discounted at once; in exchange every line carries its
own discount, so sales by item add up to the purchases exactly.

A line of an item that uses a visit (``uses_visit``), sold on a card that holds
visits (次卡, 综合卡, 期限卡), is paid by the visit: booked at unit price 0, one
visit per unit taken off a count card. On a card without visits the item sells
at its price like any other.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import Card, Purchase, PurchaseLine
from crm_desktop.models.entities.counter import Item
from crm_desktop.models.errors import ConflictError, NotFound, ValidationError
from crm_desktop.models.rules.card_rules import (
    check_amount_fen,
    counts_visits,
    holds_visits,
    payable_fen,
)
from crm_desktop.models.rules.validation import clean_text, format_fen
from crm_desktop.models.services.card_records import PricedLine, SaleLine


def check_lines(lines: Sequence[SaleLine], amount_fen: int) -> list[SaleLine]:
    """Item lines of a purchase; when given, they add up to the amount (0: follow the lines).

    A line with an ``item_id`` may leave its text empty: the item's name is used.
    """
    clean: list[SaleLine] = []
    for line in lines:
        item = clean_text(line.item, "item", 100)
        if item is None and line.item_id is None:
            raise ValidationError("invalid.item", "请填写商品或服务名称。",
                                  "Please name the item or service.", field="item")
        if isinstance(line.quantity, bool) or not 1 <= line.quantity <= 10_000:
            raise ValidationError("invalid.quantity", "数量应为 1 到 10000 的整数。",
                                  "The quantity must be a whole number from 1 to 10000.",
                                  field="quantity")
        check_amount_fen(line.unit_price_fen, "unit_price", allow_zero=True)
        if line.item_id is not None and (
            isinstance(line.item_id, bool) or not isinstance(line.item_id, int)
        ):
            raise ValidationError("invalid.item", "请从列表里选择服务或商品。",
                                  "Please pick the item from the list.", field="item")
        clean.append(SaleLine(item or "", line.quantity, line.unit_price_fen, line.item_id))
    total = sum(line.amount_fen for line in clean)
    if clean and amount_fen != 0 and total != amount_fen:
        raise ValidationError(
            "invalid.lines",
            f"明细合计 {format_fen(total)} 元，与消费金额 {format_fen(amount_fen)} 元不一致。",
            f"The items add up to {format_fen(total)}, not the amount {format_fen(amount_fen)}.",
            field="lines",
        )
    return clean


# Built once (a select costs more to build than to run here); plain rows, no ORM objects.
_LISTED_ITEMS = select(Item.id, Item.name, Item.category, Item.uses_visit, Item.active).where(
    Item.id.in_(bindparam("ids", expanding=True))
)


def _items_of(
    session: Session, lines: Sequence[SaleLine]
) -> dict[int, Row[int, str, str, bool, bool]]:
    ids = {line.item_id for line in lines if line.item_id is not None}
    if not ids:
        return {}
    found = {row.id: row for row in session.execute(_LISTED_ITEMS, {"ids": list(ids)})}
    for item_id in ids:
        row = found.get(item_id)
        if row is None or not row.active:
            raise NotFound("item.missing", "这件服务或商品不在列表里了（可能已停用），请重新选择。",
                           "That item is no longer on the list (it may have been retired); "
                           "please pick it again.")
    return found


def price_lines(
    session: Session, lines: Sequence[SaleLine], card_kind: str, price_percent: int
) -> list[PricedLine]:
    """Each checked line with its item's category, its tier discount and the visits it takes."""
    items = _items_of(session, lines)
    priced: list[PricedLine] = []
    for line in lines:
        row = items.get(line.item_id) if line.item_id is not None else None
        name = line.item or (row.name if row is not None else "")
        category = (row.category or None) if row is not None else None
        if row is not None and row.uses_visit and holds_visits(card_kind):
            visits = line.quantity if counts_visits(card_kind) else 0
            priced.append(PricedLine(name, line.item_id, category, line.quantity, 0, 0,
                                     visits, by_visit=True))
            continue
        discount = line.amount_fen - payable_fen(line.amount_fen, price_percent)
        priced.append(PricedLine(name, line.item_id, category, line.quantity,
                                 line.unit_price_fen, discount, 0))
    return priced


def refuse_short_visits(card: Card, visits: int) -> None:
    """Refuse visit items beyond the visits left on the card."""
    if visits > card.counts_left:
        raise ConflictError(
            "card.counts",
            f"次数不足：这次的项目要用 {visits} 次，卡上只剩 {card.counts_left} 次，请减少数量。",
            f"Not enough visits: these items need {visits}, the card has "
            f"{card.counts_left} left; lower the quantity.",
        )


# -- lines of booked purchases (refunds and reports) ------------------------------------


def share_half_up(total: int, part: int, whole: int) -> int:
    """``total × part / whole`` rounded half up (0 when there is nothing to share)."""
    if whole <= 0:
        return 0
    return (2 * total * part + whole) // (2 * whole)


def sale_lines(session: Session, sale_id: int) -> list[PurchaseLine]:
    """The lines a sale was booked with, in their order."""
    return list(session.scalars(select(PurchaseLine).where(
        PurchaseLine.purchase_id == sale_id).order_by(PurchaseLine.id)))


def refunds_of(session: Session, sale: Purchase) -> list[tuple[Purchase, list[PurchaseLine]]]:
    """Every refund row of ``sale`` with its (negative) lines."""
    rows = session.scalars(select(Purchase).where(
        Purchase.customer_id == sale.customer_id, Purchase.refund_of_id == sale.id)
        .order_by(Purchase.id)).all()
    return [(row, sale_lines(session, row.id)) for row in rows]


def refunded_quantities(
    refunds: list[tuple[Purchase, list[PurchaseLine]]],
) -> dict[int, int]:
    """Units already taken back per sale line id."""
    done: dict[int, int] = {}
    for _, lines in refunds:
        for line in lines:
            if line.refund_of_line_id is not None:
                done[line.refund_of_line_id] = done.get(line.refund_of_line_id, 0) - line.quantity
    return done


def line_net(line: PurchaseLine, quantity: int) -> int:
    """The net (after its tier discount) of ``quantity`` units of a sale line."""
    return quantity * line.unit_price_fen - share_half_up(line.discount_fen, quantity, line.quantity)
