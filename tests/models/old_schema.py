"""A shop file as an older version of the program left it: made new, then migrated down."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from alembic import command

from crm_desktop.models.audit import GENESIS, entry_digest
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.opening import create_store
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.migrate import alembic_config, current_revision
from crm_desktop.models.store.store import Store
from crm_desktop.models.store.trust import Trust


def create_at_revision(
    path: Path,
    revision: str,
    owner: str,
    password: str,
    history: Callable[[Store], None] | None = None,
) -> Store:
    """A new file (shop 老店, ``owner``) brought down to schema ``revision``; still open.

    ``history`` adds records first, through today's services. Below revision 0005 the
    file is then as the program left it: no signatures, an audit chain hashed the old
    way, ledger rows without their operation, a key file without a roster.
    """
    store, _recovery = create_store(path, "老店", owner, password)
    if history is not None:
        history(store)
    cfg = alembic_config()
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)
    assert current_revision(store) == revision
    if revision < "0005":
        _rehash_without_signatures(store)
        forget_signatures(store, {owner: password})
    return store


def forget_signatures(store: Store, passwords: dict[str, str]) -> None:
    """Turn the key file into one from before signatures: no roster, no signing keys, and
    each slot in ``passwords`` sealed afresh without the root's public key."""
    keys = store.keys
    keys.roster = keys.roster_signature = None
    for name, password in passwords.items():
        keys.set_password(name, password, store.database_key)
    for slot in keys.slots.values():
        slot.pop("sign_box", None)
        slot.pop("root_box", None)
    keys.new_recovery(store.database_key)
    keys.save(keyfile_path(store.path))
    store.trust = Trust()
    store.before_close.clear()


def _rehash_without_signatures(store: Store) -> None:
    with store.engine.begin() as conn:
        rows = conn.exec_driver_sql(
            "SELECT id, ts, user_id, username, action, entity, entity_id, before, after "
            "FROM audit_entries ORDER BY id"
        ).fetchall()
        prev = GENESIS
        for row in rows:
            ts = row[1] if isinstance(row[1], datetime) else datetime.fromisoformat(row[1])
            entry = AuditEntry(
                ts=ts, user_id=row[2], username=row[3], action=row[4], entity=row[5],
                entity_id=row[6], before=row[7], after=row[8], signer=None,
            )
            digest = entry_digest(prev, entry)
            conn.exec_driver_sql(
                "UPDATE audit_entries SET prev_hash = ?, hash = ? WHERE id = ?",
                (prev, digest, row[0]),
            )
            prev = digest
