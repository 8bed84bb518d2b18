"""Changing the database key: every slot re-sealed, a removed user's old copies open nothing."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crm_desktop.models import rekey as rekey_module
from crm_desktop.models.actor import Actor
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import AuditEntry, Customer
from crm_desktop.models.errors import AuthError, ConflictError, PermissionDenied
from crm_desktop.models.opening import create_store, open_store, open_store_with_recovery
from crm_desktop.models.rekey import rekey
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.keyed_connection import opens_with
from crm_desktop.models.store.keyslots import (
    KeyFile,
    _scrypt,
    _seal,
    keyfile_path,
    new_database_key,
)
from crm_desktop.models.store.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from old_schema import forget_signatures  # noqa: E402

PASSWORD = "owner-pass-1"


def _customers(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(Customer)) or 0)


def test_a_removed_user_with_old_copies_opens_nothing_after_the_key_change(
    store: Store, owner: Actor, db_path: Path, tmp_path: Path
) -> None:
    users = UserService(store, owner)
    users.add("leaver", "clerk", "leaver-pass-1")
    users.add("stayer", "clerk", "stayer-pass-1")
    CustomerService(store, owner).create(CustomerInput(name="郑重", phone="13800001111"))
    # What the leaver takes home: the key file and a copy of the data file.
    old_keys = tmp_path / "taken.keys"
    shutil.copy(keyfile_path(db_path), old_keys)
    old_key = KeyFile.load(old_keys).unlock("leaver", "leaver-pass-1")
    assert opens_with(db_path, old_key)
    users.remove("leaver")

    result = rekey(store, owner)

    assert result.accounts == ("boss", "stayer") and result.recovery_key is None
    assert not opens_with(db_path, old_key)
    copy_after = tmp_path / "copy-after.crm"
    shutil.copy(db_path, copy_after)
    assert not opens_with(copy_after, old_key)
    assert not opens_with(copy_after, KeyFile.load(old_keys).unlock("leaver", "leaver-pass-1"))
    # Their old slot spliced into the new key file still yields only the old key …
    new_keys = KeyFile.load(keyfile_path(db_path))
    assert "leaver" not in new_keys.slots and not new_keys.changing
    spliced = KeyFile.load(keyfile_path(db_path))
    spliced.slots["leaver"] = KeyFile.load(old_keys).slots["leaver"]
    assert spliced.unlock("leaver", "leaver-pass-1") == old_key
    # … and none of the new sealed keys opens with their key pair.
    for name in ("boss", "stayer"):
        spliced.slots["leaver"]["db_key"] = new_keys.slots[name]["db_key"]
        with pytest.raises(AuthError, match="用户名或密码不正确"):
            spliced.unlock("leaver", "leaver-pass-1")

    # Everyone remaining still gets in, the data is whole, and the check passes.
    CustomerService(store, owner).create(CustomerInput(name="钱多", phone="13800002222"))
    assert _customers(store) == 2 and run_check(store).clean
    store.close()
    for name, password in (("boss", PASSWORD), ("stayer", "stayer-pass-1")):
        reopened, actor = open_store(db_path, name, password)
        assert actor.username == name and _customers(reopened) == 2
        reopened.close()
    with pytest.raises(AuthError):
        open_store(db_path, "leaver", "leaver-pass-1")
    wal = Path(f"{db_path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_the_key_change_is_logged_backed_up_first_and_no_key_is_written_down(
    store_and_recovery: tuple[Store, str], owner: Actor, db_path: Path
) -> None:
    store, recovery = store_and_recovery
    old_key = store.database_key
    result = rekey(store, owner)
    new_key = store.database_key
    assert new_key != old_key
    with store.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "file.rekey" and entry.username == "boss"
    assert json.loads(entry.after)["accounts"] == 1
    assert result.backup_path is not None and result.backup_path.exists()
    # The backup is the file as it was: under the old key, with the old slots.
    assert opens_with(result.backup_path, old_key)
    assert KeyFile.load(keyfile_path(result.backup_path)).unlock("boss", PASSWORD) == old_key
    for path in db_path.parent.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for key in (old_key, new_key):
                assert key.hex().encode() not in data and key not in data, path.name
    # The recovery key was re-sealed too, so it still opens the file.
    store.close()
    reopened = open_store_with_recovery(db_path, recovery)
    reopened.close()


def test_a_new_recovery_key_can_be_asked_for_and_the_old_one_stops(
    store_and_recovery: tuple[Store, str], owner: Actor, db_path: Path
) -> None:
    store, old_recovery = store_and_recovery
    result = rekey(store, owner, new_recovery_key=True)
    assert result.recovery_key is not None and result.recovery_key != old_recovery
    store.close()
    with pytest.raises(AuthError, match="恢复密钥不正确"):
        open_store_with_recovery(db_path, old_recovery)
    open_store_with_recovery(db_path, result.recovery_key).close()


def test_only_an_owner_may_change_the_key(store: Store, clerk: Actor, db_path: Path) -> None:
    before = keyfile_path(db_path).read_bytes()
    with pytest.raises(PermissionDenied, match="前台账号无权管理员工账号"):
        rekey(store, clerk)
    assert keyfile_path(db_path).read_bytes() == before


def _old_format_slot(keys: KeyFile, username: str, password: str, db_key: bytes) -> None:
    """A slot as format 1 wrote it: the database key sealed straight under the password."""
    import base64
    import secrets

    salt = secrets.token_bytes(16)
    slot = {"kdf": "scrypt", "n": 2**15, "r": 8, "p": 1, "salt": base64.b64encode(salt).decode()}
    slot.update(_seal(_scrypt(password, salt, 2**15, 8, 1), db_key,
                      f"{keys.file_id}\x00user:{username}".encode()))
    keys.slots[username] = slot


def test_an_old_format_slot_blocks_the_change_until_its_user_signs_in(
    store: Store, owner: Actor, db_path: Path
) -> None:
    UserService(store, owner).add("oldtimer", "clerk", "old-pass-1")
    # A file from before signatures, whose clerk still has a format-1 slot.
    forget_signatures(store, {"boss": PASSWORD})
    _old_format_slot(store.keys, "oldtimer", "old-pass-1", store.database_key)
    store.keys.save(keyfile_path(db_path))
    old_key = store.database_key
    with pytest.raises(ConflictError) as caught:
        rekey(store, owner)
    assert "账号 oldtimer 的密码还是旧格式" in str(caught.value)
    assert store.database_key == old_key and opens_with(db_path, old_key)
    store.close()

    # Signing in rewrites the slot in the current format; then the change goes through.
    open_store(db_path, "oldtimer", "old-pass-1")[0].close()
    saved = json.loads(keyfile_path(db_path).read_text(encoding="utf-8"))
    assert saved["format"] == 3 and "public" in saved["slots"]["oldtimer"]
    again, boss = open_store(db_path, "boss", PASSWORD)
    rekey(again, boss)
    again.close()
    open_store(db_path, "oldtimer", "old-pass-1")[0].close()


def test_a_format_one_key_file_still_opens(tmp_path: Path) -> None:
    store, _ = create_store(tmp_path / "old.crm", "老店", "boss", PASSWORD)
    db_key = store.database_key
    store.close()
    keys = KeyFile.load(keyfile_path(tmp_path / "old.crm"))
    keys.slots.clear()
    _old_format_slot(keys, "boss", PASSWORD, db_key)
    path = keyfile_path(tmp_path / "old.crm")
    data = {"format": 1, "file_id": keys.file_id, "slots": keys.slots, "recovery": None}
    path.write_text(json.dumps(data), encoding="utf-8")
    reopened, actor = open_store(tmp_path / "old.crm", "boss", PASSWORD)
    reopened.close()
    assert actor.role == "owner"
    assert KeyFile.load(path).legacy_accounts() == []


def test_a_change_cut_short_before_the_file_was_rewritten_keeps_the_old_key(
    store: Store, owner: Actor, db_path: Path
) -> None:
    old_key = store.database_key
    store.keys.stage_key(new_database_key())
    store.keys.save(keyfile_path(db_path))
    store.close()  # the crash: the key file says "changing", the file is still on the old key

    reopened, _ = open_store(db_path, "boss", PASSWORD)
    assert reopened.database_key == old_key
    reopened.close()
    settled = json.loads(keyfile_path(db_path).read_text(encoding="utf-8"))
    assert "changing" not in settled and "next_db_key" not in settled["slots"]["boss"]


def test_a_change_cut_short_after_the_file_was_rewritten_finishes_at_the_next_sign_in(
    store_and_recovery: tuple[Store, str], db_path: Path
) -> None:
    store, recovery = store_and_recovery
    old_key, new_key = store.database_key, new_database_key()
    store.keys.stage_key(new_key)
    store.keys.save(keyfile_path(db_path))
    store.engine.dispose()
    rekey_module._rekey_file(db_path, old_key, new_key)
    store.close()  # the crash: the file is on the new key, the key file not yet final

    reopened, _ = open_store(db_path, "boss", PASSWORD)
    assert reopened.database_key == new_key and run_check(reopened).clean
    reopened.close()
    settled = KeyFile.load(keyfile_path(db_path))
    assert not settled.changing and settled.unlock("boss", PASSWORD) == new_key
    assert settled.unlock_with_recovery(recovery) == new_key
