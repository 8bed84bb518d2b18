"""Counters on one server: they hear each other's changes, and a cut-off action is told truly."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, event, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup_copy import make_backup
from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.entities import Card
from crm_desktop.models.errors import StoreError
from crm_desktop.models.opening import open_store
from crm_desktop.models.rekey import rekey
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.store.server_connection import admin_url
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.store import Store
from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.parametrize("backend", ["server"], indirect=True)



def test_a_top_up_at_one_counter_reaches_the_other_counter_within_two_seconds(
    store: Store, owner: Actor, card_id: int
) -> None:
    other, clerk = open_store(store.path, "clerk1", STAFF_PASSWORD)
    heard: list[Change] = []
    arrived = threading.Event()

    def hear(change: Change) -> None:
        heard.append(change)
        if change.action == "card.top_up":
            arrived.set()

    other.subscribe(hear)
    try:
        CardService(store, owner).top_up(card_id, 5000, "cash")
        assert arrived.wait(2.0), "the other counter heard nothing within 2 seconds"
        change = next(c for c in heard if c.action == "card.top_up")
        assert Entity.CARD in change.entities and card_id in change.ids
        assert CardService(other, clerk).get(card_id).principal_fen == 15000
    finally:
        other.close()


def test_an_action_cut_off_by_the_server_says_it_was_not_saved_and_the_next_one_works(
    store: Store, clerk: Actor, card_id: int, pg_url: str
) -> None:
    assert isinstance(store, ServerStore)
    admin = create_engine(admin_url(pg_url), isolation_level="AUTOCOMMIT")
    cut = {"done": False}

    def cut_before_the_audit_entry(conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if not cut["done"] and statement.startswith("INSERT INTO audit_entries"):
            cut["done"] = True
            pid = conn.connection.driver_connection.info.backend_pid
            with admin.connect() as kill:
                kill.exec_driver_sql("SELECT pg_terminate_backend(%s)", (pid,))

    event.listen(store.engine, "before_cursor_execute", cut_before_the_audit_entry)
    cards = CardService(store, clerk)
    try:
        with pytest.raises(StoreError) as told:
            cards.top_up(card_id, 2000, "cash")
    finally:
        event.remove(store.engine, "before_cursor_execute", cut_before_the_audit_entry)
        admin.dispose()
    assert told.value.code == "server.unreachable"
    assert "没有保存" in str(told.value)
    with store.read() as session:
        assert session.scalar(select(Card.principal_fen).where(Card.id == card_id)) == 10000
    assert cards.top_up(card_id, 2000, "cash").principal_after_fen == 12000


def test_a_backup_of_a_server_shop_is_an_encrypted_verified_file_the_same_passwords_open(
    store: Store, card_id: int, tmp_path: Path
) -> None:
    info = make_backup(store, tmp_path / "server-backup.crm")
    assert info.verified and info.counts["cards"] == 1
    copy, actor = open_store(info.path, "clerk1", STAFF_PASSWORD)
    try:
        assert actor.role == "clerk"
        assert CardService(copy, actor).get(card_id).principal_fen == 10000
    finally:
        copy.close()
    assert b"SQLite format 3" not in info.path.read_bytes()[:16]


def test_changing_the_file_key_is_refused_on_a_server_and_nothing_changes(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    before = store.keys.to_text()
    with pytest.raises(StoreError) as refused:
        rekey(store, owner)
    assert refused.value.code == "server.no_file_key" and "磁盘加密" in str(refused.value)
    assert store.keys.to_text() == before
    assert not list(store.path.parent.glob("*.keys"))
