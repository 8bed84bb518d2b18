"""A purchase that reaches a tier's spend threshold upgrades the card at once."""

from __future__ import annotations

from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer, TierChange
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store


def _customer(store: Store) -> int:
    with store.write() as session:
        customer = Customer(name="王小明", phone="13800001111")
        session.add(customer)
        session.flush()
        return customer.id


def test_spend_over_the_threshold_upgrades_and_is_recorded_with_its_reason(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    catalog = CatalogService(store, owner)
    card_type = catalog.create_card_type("储值卡", "stored_value")
    catalog.create_tier("普通会员", 0)
    gold = catalog.create_tier("金卡会员", 1, price_percent=90, rule_kind="spend",
                               threshold=100_000, window_days=365)
    cards = CardService(store, clerk)
    card = cards.issue(_customer(store), card_type.id, first_topup_fen=200_000)
    assert card.tier_name == "普通会员"

    cards.consume(card.id, 60_000, "stored_value")
    assert cards.get(card.id).tier_name == "普通会员"  # 600 yuan: not yet

    cards.consume(card.id, 50_000, "stored_value")  # 1,100 yuan in the window
    assert cards.get(card.id).tier_id == gold.id
    with store.read() as session:
        change = session.scalars(
            select(TierChange).where(TierChange.card_id == card.id, TierChange.reason_kind == "rule")
        ).one()
    assert change.to_tier_id == gold.id and change.reason
