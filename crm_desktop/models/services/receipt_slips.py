"""What a receipt says, read on the worker: after a booked action, or again from the ledger.

``slip_for`` adds to a booked action's ``MoneyResult`` the shop's header, the
purchase's item lines and whether this action's slip has a signature line.
``reprint`` rebuilds the slip of a past action from the rows it wrote: the
ledger entries and purchase sharing its operation id, and its transaction number
from the ``transactions`` row of that operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import (
    Card,
    CountEntry,
    PointsEntry,
    Purchase,
    PurchaseLine,
    User,
    ValueEntry,
)
from crm_desktop.models.entities.counter import Transaction
from crm_desktop.models.errors import NotFound, ValidationError
from crm_desktop.models.receipt_settings import ReceiptSettings, load_receipt_settings
from crm_desktop.models.receipt_text import Slip, SlipItem
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.card_ledger import customer_name
from crm_desktop.models.services.card_records import MoneyResult
from crm_desktop.models.services.shop_settings import ShopSettings, load_settings

LEDGERS: dict[str, Any] = {"value": ValueEntry, "points": PointsEntry, "counts": CountEntry}
# The operation's action name, as its transaction row keeps it, to the slip's action.
ACTION_OF_OPERATION = {
    "card.issue": "issue", "card.top_up": "top_up", "card.consume": "consume",
    "card.redeem": "redeem", "card.use_count": "use_count", "card.cancel": "cancel",
    "purchase.refund": "refund",
}
# For rows written before transactions were numbered: the action told by the entry.
ACTION_OF_ENTRY = {
    "topup": "top_up", "consume": "consume", "refund": "refund", "redeem": "redeem",
    "use": "use_count", "cancel_refund": "cancel", "earn": "consume", "purchase": "issue",
}


@dataclass(frozen=True)
class PrintableSlip:
    """A slip with the shop's receipt settings (paper width, printer, automatic printing)."""

    slip: Slip
    settings: ReceiptSettings


def purchase_items(session: Session, purchase_id: int | None) -> tuple[SlipItem, ...]:
    """The item lines of a purchase, in the order they were typed."""
    if purchase_id is None:
        return ()
    lines = session.scalars(
        select(PurchaseLine).where(PurchaseLine.purchase_id == purchase_id)
        .order_by(PurchaseLine.id)
    )
    return tuple(SlipItem(line.item, line.quantity, line.unit_price_fen, abs(line.amount_fen))
                 for line in lines)


def _header(session: Session) -> tuple[str, str, str]:
    shop: ShopSettings = load_settings(session)
    return shop.shop_name, shop.shop_address, shop.shop_phone


class ReceiptSlips(Service):
    """Slips to print; reads only, for everyone who may see cards."""

    def settings(self) -> ReceiptSettings:
        with self._read("card.read") as session:
            return load_receipt_settings(session)

    def slip_for(self, result: MoneyResult) -> PrintableSlip:
        """The slip of an action just booked, with its item lines."""
        with self._read("card.read") as session:
            settings = load_receipt_settings(session)
            slip = Slip.of_result(
                result, _header(session), purchase_items(session, result.purchase_id),
                settings.signature_for(result.action),
            )
            return PrintableSlip(slip, settings)

    def reprint(self, ledger: str, entry_id: int) -> PrintableSlip:
        """The slip of the action that wrote ledger entry ``entry_id`` (value/points/counts)."""
        entity = LEDGERS.get(ledger)
        with self._read("card.read") as session:
            entry = session.get(entity, entry_id) if entity is not None else None
            if entry is None:
                raise NotFound("not_found.ledger_entry", "找不到这条流水。",
                               "This ledger entry was not found.")
            settings = load_receipt_settings(session)
            slip = self._rebuild(session, entry, settings)
            return PrintableSlip(slip, settings)

    def _rebuild(self, session: Session, entry: Any, settings: ReceiptSettings) -> Slip:
        card = session.get(Card, entry.card_id)
        assert card is not None  # a ledger entry's card is never deleted
        op_id: str | None = entry.operation_id
        numbered = (session.scalar(select(Transaction).where(Transaction.operation_id == op_id))
                    if op_id else None)
        action = (ACTION_OF_OPERATION.get(numbered.action) if numbered is not None
                  else ACTION_OF_ENTRY.get(entry.kind))
        if action is None:
            raise ValidationError("invalid.reprint", "这一行不是收银操作，没有小票可补打。",
                                  "This row is not a counter action; it has no receipt to reprint.")
        values = self._of_operation(session, ValueEntry, entry, card.id)
        points = self._of_operation(session, PointsEntry, entry, card.id)
        counts = self._of_operation(session, CountEntry, entry, card.id)
        purchase_id = next((e.purchase_id for e in (*values, *points, *counts) if e.purchase_id),
                           None)
        purchase = session.get(Purchase, purchase_id) if purchase_id is not None else None
        at: datetime = numbered.ts if numbered is not None else entry.ts
        user_id = numbered.user_id if numbered is not None else entry.user_id
        operator = session.scalar(select(User.username).where(User.id == user_id)) or ""
        amount_fen, bonus_fen = self._amounts(action, values)
        method = next((e.payment_method for e in values if e.payment_method), None)
        last_value = values[-1] if values else self._last_before(session, ValueEntry, card.id, at)
        last_points = points[-1] if points else self._last_before(session, PointsEntry, card.id, at)
        last_counts = counts[-1] if counts else self._last_before(session, CountEntry, card.id, at)
        name, address, phone = _header(session)
        return Slip(
            shop_name=name, shop_address=address, shop_phone=phone, action=action, transaction=numbered.number if numbered is not None else "",
            at=at, operator=operator, card_number=card.number,
            customer_name=customer_name(session, card.customer_id),
            amount_fen=abs(purchase.amount_fen) if purchase is not None else amount_fen,
            discount_fen=abs(purchase.discount_fen) if purchase is not None else 0,
            paid_fen=abs(purchase.paid_fen) if purchase is not None else amount_fen,
            payment_method=purchase.payment_method if purchase is not None else method,
            bonus_fen=bonus_fen,
            balance_after_fen=(last_value.principal_after_fen + last_value.bonus_after_fen
                               if last_value is not None else 0),
            points_change=sum(e.points for e in points),
            points_after=last_points.points_after if last_points is not None else 0,
            counts_change=sum(e.counts for e in counts),
            counts_after=last_counts.counts_after if last_counts is not None else 0,
            items=purchase_items(session, purchase_id),
            signature=settings.signature_for(action), reprint=True,
        )

    @staticmethod
    def _of_operation(session: Session, entity: Any, entry: Any, card_id: int) -> list[Any]:
        if entry.operation_id is None:  # written before rows were tagged: this row alone
            return [entry] if isinstance(entry, entity) else []
        return list(session.scalars(
            select(entity).where(entity.operation_id == entry.operation_id,
                                 entity.card_id == card_id).order_by(entity.id)))

    @staticmethod
    def _last_before(session: Session, entity: Any, card_id: int, at: datetime) -> Any:
        return session.scalar(select(entity).where(entity.card_id == card_id, entity.ts <= at)
                              .order_by(entity.id.desc()).limit(1))

    @staticmethod
    def _amounts(action: str, values: list[ValueEntry]) -> tuple[int, int]:
        """(amount, bonus) of an action without a purchase, from its stored-value entries."""
        if action in ("top_up", "issue"):
            return (sum(e.principal_fen for e in values if e.principal_fen > 0),
                    sum(e.bonus_fen for e in values if e.bonus_fen > 0))
        if action == "cancel":
            paid_back = [e for e in values if e.kind == "cancel_refund"]
            return abs(sum(e.principal_fen for e in paid_back)), 0
        return 0, 0
