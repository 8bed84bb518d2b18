"""A merge moves signed ledger rows without breaking their signatures, and without opening a
door for a member of staff who moves rows by hand.

Every ledger row and sale is tied to the signed digest of the operation that wrote
it, and that digest includes the customer. After a merge ``check`` verifies each
moved row as it was written, because the merge's own owner-signed entry lists it;
a row moved anywhere else by hand, a list edited after the owner signed it, or a
list signed by someone who may not merge, excuses nothing.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit import entry_digest, signature_body
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.errors import ConflictError
from crm_desktop.models.merge_moves import MergeRecord
from crm_desktop.models.opening import open_store
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.merge import MergeService
from crm_desktop.models.signed_history import verify_history
from crm_desktop.models.store.signing import SigningKey
from crm_desktop.models.store.store import Store
from tests.models.merge_shop import Pair, build_pair
from tests.models.test_hostile_staff import (
    OWNER_PASSWORD,
    _clerk_signing_key,
    _recompute_chain,
    clerk_prompt,
    codes,
    owner_check,
)


class Shop:
    def __init__(self, path: Path, pair: Pair, merge_entry: int, third_sale: int) -> None:
        self.path, self.pair, self.merge_entry, self.third_sale = path, pair, merge_entry, third_sale


@pytest.fixture
def shop(store: Store, owner: Actor, clerk: Actor) -> Shop:
    """Two files of one person merged by the owner; a third customer with a sale; closed."""
    pair = build_pair(store, owner)
    kind = CatalogService(store, owner).list_card_types()[0]
    card = CardService(store, clerk).issue(pair.third, kind.id, first_topup_fen=5000)
    sale = CardService(store, clerk).consume(card.id, 1000, "stored_value")
    merged = MergeService(store, owner).merge(pair.keep, pair.other)
    path = store.path
    store.close()
    assert sale.purchase_id is not None
    return Shop(path, pair, merged.entry_id, sale.purchase_id)


def _moved_row(conn: Any, shop: Shop, table: str) -> int:
    (after,) = conn.execute("SELECT after FROM audit_entries WHERE id = ?",
                            (shop.merge_entry,)).fetchone()
    record = MergeRecord.from_json(json.loads(after)["merge_record"])
    return record.rows[table][0]


def test_check_is_clean_after_a_merge_and_after_its_undo(shop: Shop) -> None:
    report = owner_check(shop.path)
    assert report.clean, [str(f) for f in report.findings]
    store, owner = open_store(shop.path, "boss", OWNER_PASSWORD)
    try:
        history = verify_history(store)
        assert history.merges == 1 and history.signed_by["clerk1"] >= 2
        MergeService(store, owner).undo(shop.merge_entry)
        assert verify_history(store).merges == 2
    finally:
        store.close()
    report = owner_check(shop.path)
    assert report.clean, [str(f) for f in report.findings]


@pytest.mark.parametrize("table", ["value_entries", "points_entries", "count_entries", "purchases"])
def test_a_moved_row_put_back_by_hand_is_found(shop: Shop, table: str) -> None:
    with clerk_prompt(shop.path) as conn:
        row = _moved_row(conn, shop, table)
        conn.execute(f"UPDATE {table} SET customer_id = ? WHERE id = ?", (shop.pair.other, row))
    assert "audit.ledger.changed" in codes(owner_check(shop.path))


def test_a_moved_row_given_to_a_third_customer_is_found(shop: Shop) -> None:
    with clerk_prompt(shop.path) as conn:
        row = _moved_row(conn, shop, "purchases")
        conn.execute("UPDATE purchases SET customer_id = ? WHERE id = ?", (shop.pair.third, row))
    assert "audit.ledger.changed" in codes(owner_check(shop.path))


def test_a_row_the_merge_did_not_move_is_still_watched(shop: Shop) -> None:
    with clerk_prompt(shop.path) as conn:
        conn.execute("UPDATE purchases SET customer_id = ? WHERE id = ?",
                     (shop.pair.keep, shop.third_sale))
    assert "audit.ledger.changed" in codes(owner_check(shop.path))


@pytest.mark.parametrize("rehash", [True, False], ids=["hashes remade", "hashes left"])
def test_a_list_of_moved_rows_edited_after_the_owner_signed_it_is_found(
    shop: Shop, rehash: bool
) -> None:
    with clerk_prompt(shop.path) as conn:
        (after,) = conn.execute("SELECT after FROM audit_entries WHERE id = ?",
                                (shop.merge_entry,)).fetchone()
        values = json.loads(after)
        record = MergeRecord.from_json(values["merge_record"])
        # One sale taken off the list and given back to the merged customer by hand: were the
        # edited list believed, that sale would verify as written.
        sale, *rest = record.rows["purchases"]
        values["merge_record"] = replace(
            record, rows={**record.rows, "purchases": tuple(rest)}).to_json()
        conn.execute("UPDATE audit_entries SET after = ? WHERE id = ?",
                     (json.dumps(values, ensure_ascii=False, sort_keys=True), shop.merge_entry))
        conn.execute("UPDATE purchases SET customer_id = ? WHERE id = ?", (shop.pair.other, sale))
        if rehash:
            _recompute_chain(conn)
    found = codes(owner_check(shop.path))
    # Hashes made whole, the owner's signature no longer fits; left, the entry's hash does not.
    assert ("audit.forged" if rehash else "audit.hash") in found
    assert "audit.ledger.changed" in found  # and its list excuses nothing
    store, _owner = open_store(shop.path, "boss", OWNER_PASSWORD)
    try:
        with pytest.raises(ConflictError, match="签名不符"):
            MergeService(store, store.actor_for("boss")).undo(shop.merge_entry)
    finally:
        store.close()


def test_a_merge_signed_by_a_clerk_excuses_nothing(shop: Shop) -> None:
    key = _clerk_signing_key(shop.path)
    # A perfect forgery, were a clerk's merge believed: the third customer's sale listed as
    # moved from them, and moved.
    forged = MergeRecord(kind="merge", keep=shop.pair.keep, other=shop.pair.third,
                         rows={"purchases": (shop.third_sale,)})
    with clerk_prompt(shop.path) as conn:
        conn.execute("UPDATE purchases SET customer_id = ? WHERE id = ?",
                     (shop.pair.keep, shop.third_sale))
        _append_signed(conn, key, {"merge_record": forged.to_json()})
    report = owner_check(shop.path)
    assert "audit.forged" not in codes(report)  # it is the clerk's own, validly signed
    assert "audit.ledger.changed" in codes(report)


def _append_signed(conn: Any, key: SigningKey, after: dict[str, str]) -> None:
    """A merge entry in the clerk's own name, chained and signed as the program would."""
    last_id, prev = conn.execute(
        "SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1").fetchone()
    (user_id,) = conn.execute("SELECT id FROM users WHERE username = 'clerk1'").fetchone()
    entry = AuditEntry(
        id=last_id + 1, ts=datetime(2026, 1, 1, 10, 0), user_id=user_id, username="clerk1",
        action="customer.merge", entity="customer", entity_id=1, before="{}",
        after=json.dumps(after), prev_hash=prev, operation_id="clerk-merge",
        signer=key.key_id, ledger_digest=None,
    )
    entry.hash = entry_digest(prev, entry)
    conn.execute(
        "INSERT INTO audit_entries (id, ts, user_id, username, action, entity, entity_id, "
        "before, after, prev_hash, hash, operation_id, signer, signature, ledger_digest) "
        "VALUES (?, '2026-01-01 10:00:00.000000', ?, 'clerk1', 'customer.merge', 'customer', "
        "1, '{}', ?, ?, ?, 'clerk-merge', ?, ?, NULL)",
        (entry.id, user_id, entry.after, prev, entry.hash, key.key_id,
         key.sign(signature_body(entry.hash))),
    )
