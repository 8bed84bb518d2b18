"""What the server tests share: a clerk's stored-value card holding ¥100."""

from __future__ import annotations

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store


@pytest.fixture
def card_id(store: Store, owner: Actor, clerk: Actor) -> int:
    """张三's stored-value card, issued by the clerk with ¥100 on it."""
    stored = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    with store.write() as session:
        customer = Customer(name="张三", phone="13800138000")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    return CardService(store, clerk).issue(customer_id, stored.id, first_topup_fen=10000).id
