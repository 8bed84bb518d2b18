"""A file from before signatures: its owner's first sign-in signs the history so far as
carried over, and from then on the check holds it like any other."""

from __future__ import annotations

import sys
from pathlib import Path

from crm_desktop.models.check import run_check
from crm_desktop.models.opening import open_store
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.sign_in import CARRY_OVER_ACTION
from crm_desktop.models.store.keyed_connection import connect_keyed
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from old_schema import create_at_revision  # noqa: E402

PASSWORD = "owner-pass-1"


def _history(store: Store) -> None:
    owner = store.actor_for("boss")
    customer = CustomerService(store, owner).create(CustomerInput(name="老客", phone="13700001234"))
    kind = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    card = CardService(store, owner).issue(customer.id, kind.id, first_topup_fen=3000)
    CardService(store, owner).top_up(card.id, 2000, "cash")


def _old_file(tmp_path: Path) -> Path:
    path = tmp_path / "old.crm"
    create_at_revision(path, "0004", "boss", PASSWORD, history=_history).close()
    assert KeyFile.load(keyfile_path(path)).roster is None
    return path


def test_the_owners_first_sign_in_signs_the_history_as_carried_over(tmp_path: Path) -> None:
    path = _old_file(tmp_path)
    store, owner = open_store(path, "boss", PASSWORD)
    try:
        assert store.keys.roster is not None and "boss" in store.keys.roster.users
        report = run_check(store)
        assert report.clean, [str(f) for f in report.findings]
        audit_line = next(line for line in report.checked if line.code == "audit")
        assert "签名前沿用的 5 条" in audit_line.zh  # file.create .. top-up, by the old program
        # New work is signed; the accounts made from now on are certified.
        UserService(store, owner).add("clerk1", "clerk", "clerk-pass-1")
        assert run_check(store).clean
    finally:
        store.close()
    saved = KeyFile.load(keyfile_path(path))
    assert saved.roster is not None and saved.roster_signature


def test_a_carried_over_entry_edited_afterwards_is_found(tmp_path: Path) -> None:
    path = _old_file(tmp_path)
    store, _owner = open_store(path, "boss", PASSWORD)
    db_key = store.database_key
    store.close()
    conn = connect_keyed(path, db_key)
    try:
        conn.execute("UPDATE audit_entries SET after = '{}' WHERE id = 2")
    finally:
        conn.close()
    store, _owner = open_store(path, "boss", PASSWORD)
    try:
        found = {line.code for line in run_check(store).findings}
    finally:
        store.close()
    assert "audit.hash" in found


def test_the_carry_over_happens_once(tmp_path: Path) -> None:
    path = _old_file(tmp_path)
    for _ in range(2):
        store, owner = open_store(path, "boss", PASSWORD)
        store.close()
    store, owner = open_store(path, "boss", PASSWORD)
    try:
        carried = AuditService(store, owner).recent(action=CARRY_OVER_ACTION)
        assert len(carried) == 1 and carried[0].after["ledger_rows"] == 2
    finally:
        store.close()
