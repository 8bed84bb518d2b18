"""A sale written without the ORM: every row tagged and signed, the card equal to its ledger."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import (
    AuditEntry,
    Card,
    Customer,
    PointsEntry,
    Purchase,
    PurchaseLine,
    ValueEntry,
)
from crm_desktop.models.ledger_digest import operation_digest
from crm_desktop.models.services.card_records import SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store


def _customer(store: Store) -> int:
    with store.write() as session:
        customer = Customer(name="钱七", phone="13600136000")
        session.add(customer)
        session.flush()
        return customer.id


def test_an_itemised_sale_is_tagged_signed_and_adds_up(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    catalog = CatalogService(store, owner)
    card_type = catalog.create_card_type("储值卡", "stored_value")
    gold = catalog.create_tier("金卡", 1, price_percent=90)
    cards = CardService(store, clerk)
    card = cards.issue(_customer(store), card_type.id, tier_id=gold.id, first_topup_fen=100_000)
    with store.read() as session:
        issued = session.get(Card, card.id)
        assert issued is not None
        version = issued.version
    lines = [SaleLine(f"项目{n}", n, 1000 + n) for n in range(1, 11)]
    result = cards.consume(card.id, 0, "stored_value", lines=lines)

    with store.read() as session:
        sale = session.get(Purchase, result.purchase_id)
        assert sale is not None and sale.operation_id
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.operation_id == sale.operation_id)).one()
        booked = session.scalars(select(PurchaseLine).where(
            PurchaseLine.purchase_id == sale.id).order_by(PurchaseLine.id)).all()
        value = session.scalars(select(ValueEntry).where(ValueEntry.purchase_id == sale.id)).one()
        points = session.scalars(
            select(PointsEntry).where(PointsEntry.purchase_id == sale.id)).one()
        stored = session.get(Card, card.id)
        digest = operation_digest(session.connection(), sale.operation_id)
    assert [(line.item, line.quantity) for line in booked] == [(f"项目{n}", n) for n in range(1, 11)]
    assert {line.operation_id for line in booked} == {value.operation_id, points.operation_id} == {
        sale.operation_id}
    assert entry.ledger_digest == digest is not None
    assert sale.discount_fen == sum(line.discount_fen for line in booked) > 0
    assert -(value.principal_fen + value.bonus_fen) == sale.paid_fen == result.paid_fen
    assert stored is not None and stored.version == version + 1
    assert (stored.principal_fen, stored.bonus_fen, stored.points) == (
        value.principal_after_fen, value.bonus_after_fen, points.points_after)
    assert run_check(store).clean


@contextmanager
def _statements(store: Store) -> Iterator[list[str]]:
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", note)


def test_the_spend_is_summed_only_when_a_tier_above_can_be_reached(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    catalog = CatalogService(store, owner)
    card_type = catalog.create_card_type("储值卡", "stored_value")
    base = catalog.create_tier("普通会员", 0)
    gold = catalog.create_tier("金卡", 1, threshold=1_000_000)
    cards = CardService(store, clerk)
    customer_id = _customer(store)
    at_top = cards.issue(customer_id, card_type.id, tier_id=gold.id, first_topup_fen=50_000)
    below = cards.issue(customer_id, card_type.id, tier_id=base.id, first_topup_fen=50_000)

    def sums(card_id: int) -> int:
        with _statements(store) as seen:
            cards.consume(card_id, 1_000, "stored_value")
        return sum("sum(paid_fen)" in sql for sql in seen)

    assert sums(at_top.id) == 0
    assert sums(below.id) == 1
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Purchase)) == 2
