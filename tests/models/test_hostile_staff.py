"""A member of staff with their own password and a Python prompt, attacking the shop file.

Each test plays the attack the way a departing clerk would: unwrap the database
key with their own password, open the file with the bare driver, change rows or
the key file, close. Then the owner signs in and runs ``check``, or the clerk
tries to use what they changed. What must hold: the money and history they
touched are found, no role or slot they planted counts, and nothing they did
survives the owner's removal of their account and a key change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit import entry_digest, signature_body
from crm_desktop.models.backup_copy import make_backup
from crm_desktop.models.backup_records import default_folder
from crm_desktop.models.check import CheckReport, run_check
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.errors import AuthError, DomainError, PermissionDenied, StoreError
from crm_desktop.models.ledger_digest import operation_digest
from crm_desktop.models.opening import create_store, open_store, open_store_with_recovery
from crm_desktop.models.rekey import rekey
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.keyed_connection import connect_keyed, opens_with
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.signing import SigningKey
from crm_desktop.models.store.store import Store

OWNER_PASSWORD = "owner-pass-1"
CLERK_PASSWORD = "staff-pass-1"


@pytest.fixture
def shop(store: Store, owner: Actor, clerk: Actor) -> tuple[Path, int]:
    """A shop with one stored-value card topped up by the clerk; the file is closed."""
    customer = CustomerService(store, owner).create(CustomerInput(name="张三", phone="13800138000"))
    card_type = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    card = CardService(store, owner).issue(customer.id, card_type.id)
    CardService(store, clerk).top_up(card.id, 10000, "cash")
    CardService(store, owner).top_up(card.id, 5000, "wechat")
    path = store.path
    store.close()
    return path, card.id


@contextmanager
def clerk_prompt(path: Path) -> Iterator[Any]:
    """The clerk's bare driver connection, opened with the key their own password unwraps."""
    db_key = KeyFile.load(keyfile_path(path)).unlock("clerk1", CLERK_PASSWORD)
    conn = connect_keyed(path, db_key)
    try:
        conn.execute("BEGIN")
        yield conn
        conn.execute("COMMIT")
    finally:
        conn.close()


def owner_check(path: Path) -> CheckReport:
    store, _owner = open_store(path, "boss", OWNER_PASSWORD)
    try:
        return run_check(store)
    finally:
        store.close()


def codes(report: CheckReport) -> set[str]:
    return {line.code for line in report.findings}


def _forge_top_up(conn: Any, card_id: int, amount: int, operation_id: str | None) -> None:
    """A top-up booked by hand with a correct balance-after and card total."""
    principal, customer_id = conn.execute(
        "SELECT principal_fen, customer_id FROM cards WHERE id = ?", (card_id,)
    ).fetchone()
    conn.execute(
        "INSERT INTO value_entries (card_id, customer_id, ts, kind, principal_fen, bonus_fen, "
        "principal_after_fen, bonus_after_fen, payment_method, note, operation_id) "
        "VALUES (?, ?, '2026-01-01 10:00:00.000000', 'topup', ?, 0, ?, 0, 'cash', '', ?)",
        (card_id, customer_id, amount, principal + amount, operation_id),
    )
    conn.execute("UPDATE cards SET principal_fen = principal_fen + ? WHERE id = ?",
                 (amount, card_id))


def _append_entry(conn: Any, username: str, user_id: int, operation_id: str,
                  signer: SigningKey | None, signer_id: str | None = None) -> None:
    """The next audit entry with a correct chain hash, signed by ``signer`` when given."""
    last_id, prev = conn.execute(
        "SELECT id, hash FROM audit_entries ORDER BY id DESC LIMIT 1"
    ).fetchone()
    entry = AuditEntry(
        id=last_id + 1, ts=datetime(2026, 1, 1, 10, 0), user_id=user_id, username=username,
        action="card.top_up", entity="card", entity_id=1, before="{}", after="{}",
        prev_hash=prev, operation_id=operation_id,
        signer=signer.key_id if signer else signer_id,
        ledger_digest=None,
    )
    if signer is not None or signer_id is not None:
        entry.ledger_digest = _digest_of(conn, operation_id)
    entry.hash = entry_digest(prev, entry)
    signature = signer.sign(signature_body(entry.hash)) if signer else None
    conn.execute(
        "INSERT INTO audit_entries (id, ts, user_id, username, action, entity, entity_id, "
        "before, after, prev_hash, hash, operation_id, signer, signature, ledger_digest) "
        "VALUES (?, '2026-01-01 10:00:00.000000', ?, ?, 'card.top_up', 'card', 1, '{}', '{}', "
        "?, ?, ?, ?, ?, ?)",
        (entry.id, user_id, username, prev, entry.hash, operation_id, entry.signer,
         signature, entry.ledger_digest),
    )


class _Bare:
    """The clerk's driver connection in the shape the digest function reads through."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    def exec_driver_sql(self, sql: str, params: Any = (), execution_options: Any = None) -> Any:
        return self.conn.execute(sql, params)


def _digest_of(conn: Any, operation_id: str) -> str | None:
    # The same digest the program computes, over the clerk's own connection.
    return operation_digest(_Bare(conn), operation_id)  # type: ignore[arg-type]


def _clerk_signing_key(path: Path) -> SigningKey:
    opened = KeyFile.load(keyfile_path(path)).open_slot("clerk1", CLERK_PASSWORD)
    assert opened.sign_private is not None
    return SigningKey(opened.sign_private)


def test_a_fresh_shop_checks_clean_with_every_entry_signed(shop: tuple[Path, int]) -> None:
    report = owner_check(shop[0])
    assert report.clean, [str(f) for f in report.findings]
    audit_line = next(line for line in report.checked if line.code == "audit")
    assert "clerk1 1 条" in audit_line.zh  # the top-up the clerk booked
    assert "签名前沿用的 0 条" in audit_line.zh


def test_a_top_up_booked_by_hand_without_an_entry_is_found(shop: tuple[Path, int]) -> None:
    path, card_id = shop
    with clerk_prompt(path) as conn:
        _forge_top_up(conn, card_id, 1_000_000, None)
    report = owner_check(path)
    # The balances add up (the old check passed this); the row belongs to no signed action.
    assert "card.balance" not in codes(report)
    assert "audit.ledger.untied" in codes(report)


def test_a_top_up_with_an_entry_in_the_owners_name_is_found_forged(
    shop: tuple[Path, int],
) -> None:
    path, card_id = shop
    owner_key_id = KeyFile.load(keyfile_path(path)).roster.users["boss"].sign  # type: ignore[union-attr]
    with clerk_prompt(path) as conn:
        _forge_top_up(conn, card_id, 1_000_000, "forged-op")
        _append_entry(conn, "boss", 1, "forged-op", None, signer_id=owner_key_id[:16])
    report = owner_check(path)
    assert "audit.forged" in codes(report)
    forged = next(f for f in report.findings if f.code == "audit.forged")
    assert "boss" in forged.zh and "伪造" in forged.zh


def test_a_top_up_booked_by_hand_in_the_clerks_own_name_is_theirs_in_the_report(
    shop: tuple[Path, int],
) -> None:
    path, card_id = shop
    key = _clerk_signing_key(path)
    with clerk_prompt(path) as conn:
        _forge_top_up(conn, card_id, 1_000_000, "own-op")
        _append_entry(conn, "clerk1", 2, "own-op", key)
    report = owner_check(path)
    # Signed in their own name it verifies, and the report says whose it is.
    assert report.clean, [str(f) for f in report.findings]
    audit_line = next(line for line in report.checked if line.code == "audit")
    assert "clerk1 2 条" in audit_line.zh


def test_an_older_entry_edited_with_every_later_hash_recomputed_is_found(
    shop: tuple[Path, int],
) -> None:
    path, _card_id = shop
    with clerk_prompt(path) as conn:
        rows = conn.execute(
            "SELECT id FROM audit_entries ORDER BY id"
        ).fetchall()
        target = rows[-2][0]
        conn.execute("UPDATE audit_entries SET after = ? WHERE id = ?",
                     (json.dumps({"amount_fen": 1}), target))
        _recompute_chain(conn)
    report = owner_check(path)
    assert "audit.hash" not in codes(report)  # the chain itself was made whole again
    forged = [f for f in report.findings if f.code == "audit.forged"]
    assert forged and forged[0].ref_id == target


def _recompute_chain(conn: Any) -> None:
    prev = "0" * 64
    for row in conn.execute(
        "SELECT id, ts, user_id, username, action, entity, entity_id, before, after, "
        "operation_id, signer, ledger_digest FROM audit_entries ORDER BY id"
    ).fetchall():
        entry = AuditEntry(
            id=row[0], ts=datetime.fromisoformat(row[1]), user_id=row[2], username=row[3],
            action=row[4], entity=row[5], entity_id=row[6], before=row[7], after=row[8],
            operation_id=row[9], signer=row[10], ledger_digest=row[11],
        )
        digest = entry_digest(prev, entry)
        conn.execute("UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE id = ?",
                      (prev, digest, row[0]))
        prev = digest


def test_the_last_entries_removed_are_found_against_the_owners_anchor(
    shop: tuple[Path, int],
) -> None:
    path, _card_id = shop
    with clerk_prompt(path) as conn:
        (last,) = conn.execute("SELECT max(id) FROM audit_entries").fetchone()
        ops = [r[0] for r in conn.execute(
            "SELECT operation_id FROM audit_entries WHERE id > ?", (last - 2,)
        )]
        conn.execute("DELETE FROM audit_entries WHERE id > ?", (last - 2,))
        for table in ("value_entries", "points_entries", "count_entries"):
            conn.executemany(f"DELETE FROM {table} WHERE operation_id = ?", [(o,) for o in ops])
    report = owner_check(path)
    assert "audit.anchor" in codes(report)


def test_a_role_raised_in_the_table_does_not_count_and_is_found(
    shop: tuple[Path, int],
) -> None:
    path, _card_id = shop
    with clerk_prompt(path) as conn:
        conn.execute("UPDATE users SET role = 'owner' WHERE username = 'clerk1'")
    store, actor = open_store(path, "clerk1", CLERK_PASSWORD)
    try:
        assert actor.role == "clerk"
        with pytest.raises(PermissionDenied):
            UserService(store, actor).add("helper", "owner", "helper-pass-1")
    finally:
        store.close()
    report = owner_check(path)
    changed = [f for f in report.findings if f.code == "audit.role.changed"]
    assert changed and "clerk1" in changed[0].zh


def _plant(path: Path) -> str:
    """The clerk adds a hidden slot of their own and points the recovery slot at a key they
    hold; returns the recovery key they now know."""
    keys = KeyFile.load(keyfile_path(path))
    db_key = keys.unlock("clerk1", CLERK_PASSWORD)
    keys.set_password("ghost", "ghost-pass-1", db_key)
    recovery = keys.new_recovery(db_key)
    keys.save(keyfile_path(path))
    return recovery


def test_a_planted_slot_cannot_sign_in_and_the_owner_learns_of_it_and_the_recovery_swap(
    shop: tuple[Path, int],
) -> None:
    path, _card_id = shop
    _plant(path)
    with pytest.raises(AuthError):
        open_store(path, "ghost", "ghost-pass-1")
    store, owner = open_store(path, "boss", OWNER_PASSWORD)
    try:
        found = {f.code for f in store.trust.findings}
        assert found == {"keys.slot_planted", "keys.recovery_changed"}
        listed = {f.code for f in UserService(store, owner).key_file_problems()}
        assert listed == found
    finally:
        store.close()
    assert {"keys.slot_planted", "keys.recovery_changed"} <= codes(owner_check(path))


def test_remove_and_rekey_shut_out_the_planted_slot_and_the_swapped_recovery_key(
    shop: tuple[Path, int],
) -> None:
    path, _card_id = shop
    attackers_recovery = _plant(path)
    old_keys = KeyFile.load(keyfile_path(path))
    store, owner = open_store(path, "boss", OWNER_PASSWORD)
    try:
        users = UserService(store, owner)
        users.remove("clerk1")
        assert users.rekey_due() == ["clerk1"]
        result = rekey(store, owner)
        assert result.dropped == ("ghost",)
        assert result.recovery_key is not None  # the swapped slot is replaced, shown once
        assert users.rekey_due() == []
        new_recovery = result.recovery_key
    finally:
        store.close()
    # Neither the hidden slot nor the attacker's recovery key nor the old key file opens it.
    for attempt in (
        lambda: open_store(path, "ghost", "ghost-pass-1"),
        lambda: open_store_with_recovery(path, attackers_recovery),
    ):
        with pytest.raises(DomainError):
            attempt()
    assert not opens_with(path, old_keys.unlock("ghost", "ghost-pass-1"))
    assert not opens_with(path, old_keys.unlock("clerk1", CLERK_PASSWORD))
    # The owner's new recovery key does.
    recovered = open_store_with_recovery(path, new_recovery)
    recovered.close()


def test_the_owners_slot_replaced_is_found_by_a_check(shop: tuple[Path, int]) -> None:
    path, _card_id = shop
    keys = KeyFile.load(keyfile_path(path))
    db_key = keys.unlock("clerk1", CLERK_PASSWORD)
    keys.set_password("boss", "clerks-choice-1", db_key)
    keys.save(keyfile_path(path))
    with pytest.raises(AuthError):
        open_store(path, "boss", "clerks-choice-1")
    store, _clerk = open_store(path, "clerk1", CLERK_PASSWORD)
    try:
        assert "keys.slot_changed" in codes(run_check(store))
    finally:
        store.close()


def test_a_roster_edited_by_hand_refuses_every_sign_in(shop: tuple[Path, int]) -> None:
    path, _card_id = shop
    data = json.loads(keyfile_path(path).read_text(encoding="utf-8"))
    data["roster"]["users"]["clerk1"]["role"] = "owner"
    keyfile_path(path).write_text(json.dumps(data), encoding="utf-8")
    for name, password in (("clerk1", CLERK_PASSWORD), ("boss", OWNER_PASSWORD)):
        with pytest.raises(StoreError) as refused:
            open_store(path, name, password)
        assert refused.value.code == "keys.roster_forged"


def test_init_never_writes_over_a_key_file_whose_data_file_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "shop.crm"
    store, _recovery = create_store(path, "店", "boss", OWNER_PASSWORD)
    store.close()
    moved = tmp_path / "usb.crm"
    path.rename(moved)
    before = keyfile_path(path).read_bytes()
    with pytest.raises(StoreError) as refused:
        create_store(path, "新店", "boss", OWNER_PASSWORD)
    assert refused.value.code == "store.keys_exist"
    assert keyfile_path(path).read_bytes() == before
    moved.rename(path)
    open_store(path, "boss", OWNER_PASSWORD)[0].close()


@pytest.mark.parametrize(
    ("field", "value"),
    [("n", 3), ("n", 2**40), ("r", 0), ("p", -1), ("salt", "not base64!"), ("nonce", 7)],
)
def test_a_slot_with_bad_key_derivation_fields_is_one_sentence(
    shop: tuple[Path, int], field: str, value: object
) -> None:
    path, _card_id = shop
    data = json.loads(keyfile_path(path).read_text(encoding="utf-8"))
    data["slots"]["clerk1"][field] = value
    keyfile_path(path).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError) as refused:
        open_store(path, "clerk1", CLERK_PASSWORD)
    assert refused.value.code == "keys.slot_damaged"
    assert "“clerk1”的登录项已损坏或被改动" in str(refused.value)
    open_store(path, "boss", OWNER_PASSWORD)[0].close()  # the others still sign in


def test_a_key_file_whose_roster_is_garbage_is_one_sentence(shop: tuple[Path, int]) -> None:
    path, _card_id = shop
    data = json.loads(keyfile_path(path).read_text(encoding="utf-8"))
    data["roster"]["users"] = "everyone"
    keyfile_path(path).write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StoreError) as refused:
        open_store(path, "boss", OWNER_PASSWORD)
    assert refused.value.code == "keys.damaged"


def test_entries_removed_after_the_owners_last_sign_in_are_found_by_a_backups_anchor(
    shop: tuple[Path, int],
) -> None:
    path, card_id = shop
    store, clerk = open_store(path, "clerk1", CLERK_PASSWORD)
    try:
        CardService(store, clerk).top_up(card_id, 700, "cash")
        default_folder(path).mkdir(exist_ok=True)
        info = make_backup(store, default_folder(path) / "after-clerk.crmbak")
        assert info.anchor is not None and info.anchor["signer"] == _clerk_signing_key(path).key_id
    finally:
        store.close()
    with clerk_prompt(path) as conn:
        (last,) = conn.execute("SELECT max(id) FROM audit_entries").fetchone()
        (op,) = conn.execute(
            "SELECT operation_id FROM audit_entries WHERE id = ?", (last,)).fetchone()
        conn.execute("DELETE FROM audit_entries WHERE id = ?", (last,))
        conn.execute("DELETE FROM value_entries WHERE operation_id = ?", (op,))
        conn.execute("UPDATE cards SET principal_fen = principal_fen - 700 WHERE id = ?",
                     (card_id,))
    report = owner_check(path)
    assert codes(report) == {"audit.anchor.backup"}
