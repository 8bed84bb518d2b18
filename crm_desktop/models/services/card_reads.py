"""Reading cards, their three ledgers and a customer's purchases; every role may read.

Each read is one or two indexed queries: by card id, by the unique card number,
by the (card_id, id) ledger indexes, or by the (customer_id, ts) purchase index.
"""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import (
    Card,
    CountEntry,
    PointsEntry,
    Purchase,
    User,
    ValueEntry,
)
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.card_identity import check_typed_number
from crm_desktop.models.services.card_ledger import load_card, record_of
from crm_desktop.models.services.card_records import (
    CardRecord,
    CountLedgerLine,
    PointsLedgerLine,
    PurchaseRecord,
    ValueLedgerLine,
)
from crm_desktop.models.services.shop_settings import load_settings

MAX_PAGE = 500


class CardReads(Service):
    """Look-ups for the counter, the customer file and the accountant; mixed into CardService."""

    def get(self, card_id: int) -> CardRecord:
        """One card by id; NotFound when it does not exist."""
        with self._read("card.read") as session:
            return record_of(session, load_card(session, card_id))

    def by_number(self, number: str) -> CardRecord | None:
        """The card with this scanned or typed number, or None.

        A number shaped like the shop's own stock with a wrong check digit is refused
        with a sentence, so a misread scan is caught before anything else.
        """
        with self._read("card.read") as session:
            clean = check_typed_number(number, load_settings(session))
            card = session.scalars(select(Card).where(Card.number == clean)).first()
            return None if card is None else record_of(session, card)

    def cards_of(self, customer_id: int) -> list[CardRecord]:
        """All cards a customer has held, newest first (replaced and cancelled ones too)."""
        with self._read("card.read") as session:
            cards = session.scalars(
                select(Card).where(Card.customer_id == customer_id).order_by(Card.id.desc())
            ).all()
            return [record_of(session, card) for card in cards]

    def value_ledger(self, card_id: int) -> list[ValueLedgerLine]:
        """The card's stored-value entries, oldest first."""
        with self._read("card.read") as session:
            rows = session.execute(
                select(ValueEntry, User.username)
                .outerjoin(User, User.id == ValueEntry.user_id)
                .where(ValueEntry.card_id == card_id)
                .order_by(ValueEntry.id)
            ).all()
            return [
                ValueLedgerLine(e.id, e.card_id, e.ts, e.kind, e.principal_fen, e.bonus_fen,
                                e.principal_after_fen, e.bonus_after_fen, e.payment_method,
                                e.purchase_id, e.reverses_id, username, e.note)
                for e, username in rows
            ]

    def points_ledger(self, card_id: int) -> list[PointsLedgerLine]:
        """The card's points entries, oldest first."""
        with self._read("card.read") as session:
            rows = session.execute(
                select(PointsEntry, User.username)
                .outerjoin(User, User.id == PointsEntry.user_id)
                .where(PointsEntry.card_id == card_id)
                .order_by(PointsEntry.id)
            ).all()
            return [
                PointsLedgerLine(e.id, e.card_id, e.ts, e.kind, e.points, e.points_after,
                                 e.purchase_id, e.reverses_id, username, e.note)
                for e, username in rows
            ]

    def count_ledger(self, card_id: int) -> list[CountLedgerLine]:
        """The card's visit-count entries, oldest first."""
        with self._read("card.read") as session:
            rows = session.execute(
                select(CountEntry, User.username)
                .outerjoin(User, User.id == CountEntry.user_id)
                .where(CountEntry.card_id == card_id)
                .order_by(CountEntry.id)
            ).all()
            return [
                CountLedgerLine(e.id, e.card_id, e.ts, e.kind, e.counts, e.counts_after,
                                e.purchase_id, e.reverses_id, username, e.note)
                for e, username in rows
            ]

    def purchases_of(
        self, customer_id: int, limit: int = 50, before: int | None = None
    ) -> list[PurchaseRecord]:
        """A customer's purchases and refunds, newest first, one page at a time.

        ``before`` is the id of the last purchase of the previous page (keyset paging).
        """
        limit = max(1, min(limit, MAX_PAGE))
        with self._read("card.read") as session:
            query = select(Purchase, User.username).outerjoin(User, User.id == Purchase.user_id)
            query = query.where(Purchase.customer_id == customer_id)
            if before is not None:
                anchor = session.get(Purchase, before)
                if anchor is not None:
                    query = query.where(or_(
                        Purchase.ts < anchor.ts,
                        and_(Purchase.ts == anchor.ts, Purchase.id < anchor.id),
                    ))
            query = query.order_by(Purchase.ts.desc(), Purchase.id.desc()).limit(limit)
            rows = session.execute(query).all()
            refunded = _refunded_ids(session, customer_id, [p.id for p, _ in rows])
            return [
                PurchaseRecord(p.id, p.customer_id, p.card_id, p.ts, p.kind, p.refund_of_id,
                               p.amount_fen, p.discount_fen, p.paid_fen, p.payment_method,
                               p.points_earned, p.counts_used, username, p.note,
                               p.id in refunded)
                for p, username in rows
            ]


def _refunded_ids(session: Session, customer_id: int, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    found = session.scalars(
        select(Purchase.refund_of_id).where(
            Purchase.customer_id == customer_id, Purchase.refund_of_id.in_(ids)
        )
    )
    return {pid for pid in found if pid is not None}
