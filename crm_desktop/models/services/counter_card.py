"""The card of a money action, loaded inside the operation with its row locked.

A money action (top-up, purchase, refund, redemption, visit, cancellation) reads
its card with ``FOR UPDATE``: SQLite ignores it (its write transaction already shuts
out every other writer), a PostgreSQL server holds the card row until the action
commits, so two counters booking on one card at once cannot overdraw it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import Card, CardType, Customer, Tier
from crm_desktop.models.services.card_ledger import load_card


def locked_card(session: Session, card_id: int) -> Card:
    """The card row, locked until the caller's transaction ends; NotFound when missing.

    A row read earlier in the transaction is read again under the lock.
    """
    card = session.get(Card, card_id, with_for_update=True, populate_existing=True)
    return card if card is not None else load_card(session, card_id)  # refuses: NotFound


@dataclass(frozen=True)
class CounterCard:
    """A card with what a sale reads beside it: its type, tier and holder's name.

    Holding the type and tier here keeps them for the whole operation (the session's
    identity map only holds rows something else still refers to).
    """

    card: Card
    card_type: CardType
    tier: Tier | None
    holder: str


# Built once: building a select costs more than running this one.
_CARD_AT_COUNTER = (
    select(Card, CardType, Tier, Customer.name)
    .join(CardType, CardType.id == Card.card_type_id)
    .join(Customer, Customer.id == Card.customer_id)
    .outerjoin(Tier, Tier.id == Card.tier_id)
    .where(Card.id == bindparam("card_id"))
)
# Only the card row is locked (FOR UPDATE OF cards); its type, tier and customer are read.
_LOCKED_AT_COUNTER = _CARD_AT_COUNTER.with_for_update(of=Card).execution_options(
    populate_existing=True
)


def counter_card(session: Session, card_id: int, *, lock: bool) -> CounterCard:
    """The card, its type, tier and holder's name in one statement; ``lock``: FOR UPDATE."""
    query = _LOCKED_AT_COUNTER if lock else _CARD_AT_COUNTER
    row = session.execute(query, {"card_id": card_id}).first()
    if row is None:
        load_card(session, card_id)  # refuses a missing card with its sentence
        raise AssertionError("a card row without its type or holder")  # foreign keys forbid it
    card, card_type, tier, holder = row
    return CounterCard(card, card_type, tier, holder or "")
