"""A data file renamed or copied over while the program has it open: the next write is
refused with a sentence, and nothing is booked into a file nobody will open again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import StoreError
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store

PASSWORD = "owner-pass-1"


def _card(store: Store, owner: Actor) -> int:
    customer = CustomerService(store, owner).create(CustomerInput(name="李四", phone="13900001111"))
    kind = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    return CardService(store, owner).issue(customer.id, kind.id, first_topup_fen=1000).id


def _balance(path: Path, card_id: int) -> int:
    store, owner = open_store(path, "boss", PASSWORD)
    try:
        return CardService(store, owner).get(card_id).principal_fen
    finally:
        store.close()


def test_a_file_renamed_away_refuses_the_next_top_up(store: Store, owner: Actor) -> None:
    card_id = _card(store, owner)
    path = store.path
    moved = path.with_name("moved.crm")
    path.rename(moved)
    keyfile_path(path).rename(keyfile_path(moved))
    cards = CardService(store, owner)
    for _ in range(3):
        with pytest.raises(StoreError) as refused:
            cards.top_up(card_id, 10000, "cash")
        assert refused.value.code == "store.replaced"
        assert "这次操作没有保存" in str(refused.value)
    store.close()
    # Put back (with the write-ahead log that stayed at the old name), nothing was booked.
    moved.rename(path)
    keyfile_path(moved).rename(keyfile_path(path))
    assert _balance(path, card_id) == 1000


def test_a_file_copied_over_refuses_the_next_top_up(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    card_id = _card(store, owner)
    other, _ = create_store(tmp_path / "other.crm", "别的店", "boss", PASSWORD)
    other.close()
    shutil.copyfile(tmp_path / "other.crm", tmp_path / "stale.crm")
    with pytest.raises(StoreError) as refused:
        shutil.copyfile(tmp_path / "stale.crm", store.path)
        CardService(store, owner).top_up(card_id, 10000, "cash")
    assert refused.value.code == "store.replaced"
