"""A sale's rows written with Core statements: the purchase, its item lines, its ledger entries.

Through the ORM's unit of work the dozen rows of a ten-line purchase cost more than
everything else the sale does; here each table takes one statement (the lines one
executemany). Every row already carries the operation's id, so the frame's digest
finds them as it finds rows the ORM wrote. The card's running totals move as
``card_ledger`` moves them: each entry keeps the total after it, and nothing is
taken below zero.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from crm_desktop.models.entities import (
    Card,
    CountEntry,
    PointsEntry,
    Purchase,
    PurchaseLine,
    ValueEntry,
)
from crm_desktop.models.services.card_ledger import insufficient_balance
from crm_desktop.models.services.card_records import ConsumePreview
from crm_desktop.models.services.sale_lines import refuse_short_visits

_PURCHASE, _LINES = insert(Purchase), insert(PurchaseLine)
_VALUE, _COUNTS, _POINTS = insert(ValueEntry), insert(CountEntry), insert(PointsEntry)


def book_sale(
    session: Session,
    operation_id: str,
    card: Card,
    user_id: int | None,
    at: datetime,
    quote: ConsumePreview,
    payment_method: str,
    note: str,
) -> int:
    """Write the sale ``quote`` describes on ``card`` and move the card's totals; its id.

    Paid from stored value it takes the quote's 本金 and 赠送; its visits and points
    are booked whatever the method. The card itself is written by the frame's flush
    (with its version check).
    """
    conn = session.connection()
    key = conn.execute(_PURCHASE, {
        "customer_id": card.customer_id, "card_id": card.id, "ts": at, "kind": "sale",
        "refund_of_id": None, "amount_fen": quote.amount_fen,
        "discount_fen": quote.discount_fen, "paid_fen": quote.payable_fen,
        "payment_method": payment_method, "points_earned": quote.points_earned,
        "counts_used": quote.counts_used, "user_id": user_id, "note": note,
        "operation_id": operation_id,
    }).inserted_primary_key
    assert key is not None  # a single-row insert always has its key
    purchase_id = int(key[0])
    if quote.lines:
        conn.execute(_LINES, [
            {"purchase_id": purchase_id, "item": line.item, "quantity": line.quantity,
             "unit_price_fen": line.unit_price_fen, "amount_fen": line.amount_fen,
             "item_id": line.item_id, "category": line.category,
             "discount_fen": line.discount_fen, "refund_of_line_id": None,
             "operation_id": operation_id}
            for line in quote.lines
        ])
    entry: dict[str, Any] = {
        "card_id": card.id, "customer_id": card.customer_id, "ts": at,
        "purchase_id": purchase_id, "reverses_id": None, "user_id": user_id, "note": "",
        "operation_id": operation_id,
    }
    if payment_method == "stored_value":
        principal = card.principal_fen - quote.from_principal_fen
        bonus = card.bonus_fen - quote.from_bonus_fen
        if principal < 0 or bonus < 0:
            raise insufficient_balance(card, quote.payable_fen)
        conn.execute(_VALUE, entry | {
            "kind": "consume", "principal_fen": -quote.from_principal_fen,
            "bonus_fen": -quote.from_bonus_fen, "principal_after_fen": principal,
            "bonus_after_fen": bonus, "payment_method": payment_method,
        })
        card.principal_fen, card.bonus_fen = principal, bonus
    if quote.counts_used:
        refuse_short_visits(card, quote.counts_used)
        counts = card.counts_left - quote.counts_used
        conn.execute(_COUNTS, entry | {
            "kind": "use", "counts": -quote.counts_used, "counts_after": counts,
        })
        card.counts_left = counts
    if quote.points_earned:
        points = card.points + quote.points_earned
        conn.execute(_POINTS, entry | {
            "kind": "earn", "points": quote.points_earned, "points_after": points,
        })
        card.points = points
    return purchase_id
