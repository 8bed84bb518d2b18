"""Key slots: each password and the recovery key unwrap the same database key."""

from __future__ import annotations

from pathlib import Path

import pytest

from crm_desktop.models.errors import AuthError, StoreError
from crm_desktop.models.store.keyslots import KeyFile, new_database_key, parse_recovery_key


def test_each_user_slot_and_the_recovery_key_open_the_same_key(tmp_path: Path) -> None:
    keys = KeyFile.new()
    db_key = new_database_key()
    keys.set_password("boss", "一二三-'\":;pass", db_key)
    keys.set_password("clerk", "counter-1", db_key)
    recovery = keys.new_recovery(db_key)
    keys.save(tmp_path / "f.keys")

    loaded = KeyFile.load(tmp_path / "f.keys")
    assert loaded.unlock("boss", "一二三-'\":;pass") == db_key
    assert loaded.unlock("clerk", "counter-1") == db_key
    assert loaded.unlock_with_recovery(recovery.lower().replace("-", " ")) == db_key
    assert b"counter-1" not in (tmp_path / "f.keys").read_bytes()


def test_recovery_key_is_eight_groups_of_four_easy_to_copy() -> None:
    recovery = KeyFile.new().new_recovery(new_database_key())
    groups = recovery.split("-")
    assert len(groups) == 8 and all(len(g) == 4 and g.isalnum() for g in groups)
    assert parse_recovery_key(recovery) == parse_recovery_key(recovery.lower())


def test_wrong_password_and_unknown_user_get_the_same_sentence() -> None:
    keys = KeyFile.new()
    keys.set_password("boss", "right-pass", new_database_key())
    with pytest.raises(AuthError) as wrong:
        keys.unlock("boss", "wrong-pass")
    with pytest.raises(AuthError) as unknown:
        keys.unlock("nobody", "right-pass")
    assert str(wrong.value) == str(unknown.value) == "用户名或密码不正确。"


def test_removed_user_can_no_longer_unlock() -> None:
    keys = KeyFile.new()
    db_key = new_database_key()
    keys.set_password("clerk", "counter-1", db_key)
    keys.remove("clerk")
    with pytest.raises(AuthError):
        keys.unlock("clerk", "counter-1")


def test_wrong_or_malformed_recovery_key_is_refused_clearly() -> None:
    keys = KeyFile.new()
    keys.new_recovery(new_database_key())
    other = KeyFile.new().new_recovery(new_database_key())
    with pytest.raises(AuthError, match="恢复密钥不正确"):
        keys.unlock_with_recovery(other)
    with pytest.raises(AuthError, match="8 组"):
        keys.unlock_with_recovery("ABCD-EFGH")


def test_damaged_or_missing_key_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="找不到密钥文件"):
        KeyFile.load(tmp_path / "missing.keys")
    broken = tmp_path / "broken.keys"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="已损坏"):
        KeyFile.load(broken)
