"""Staff accounts: who may manage them, what each action leaves behind, and the recovery key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import AuditEntry, User
from crm_desktop.models.errors import (
    AuthError,
    ConflictError,
    NotFound,
    PermissionDenied,
    StoreError,
    ValidationError,
)
from crm_desktop.models.opening import open_store, open_store_with_recovery
from crm_desktop.models.services.users import UserService, recover_with_key
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store

OWNER_PASSWORD = "owner-pass-1"


def audit_rows(store: Store) -> list[AuditEntry]:
    with store.read() as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))


def reopen(store: Store, username: str, password: str) -> Actor:
    """Close ``store`` and prove ``username`` can (or cannot) open the file with ``password``."""
    store.close()
    again, actor = open_store(store.path, username, password)
    again.close()
    return actor


def test_owner_adds_a_clerk_who_can_then_open_the_file(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    before = len(audit_rows(store))

    added = users.add("xiaoli", "clerk", "clerk-pass-1", display_name="小李")

    assert (added.username, added.role, added.display_name) == ("xiaoli", "clerk", "小李")
    assert added.active and added.has_password
    assert [u.username for u in users.list()] == ["boss", "xiaoli"]
    entries = audit_rows(store)
    assert len(entries) == before + 1
    assert entries[-1].action == "user.add"
    assert "clerk-pass-1" not in entries[-1].after + entries[-1].before
    assert "clerk-pass-1" not in keyfile_path(store.path).read_text(encoding="utf-8")
    actor = reopen(store, "xiaoli", "clerk-pass-1")
    assert actor.role == "clerk"


def test_a_taken_or_bad_user_name_is_refused_and_nothing_is_added(
    store: Store, owner: Actor
) -> None:
    users = UserService(store, owner)
    users.add("xiaoli", "clerk", "clerk-pass-1")
    slots_before = keyfile_path(store.path).read_bytes()

    with pytest.raises(ConflictError, match="已被使用"):
        users.add("xiaoli", "accountant", "other-pass-1")
    with pytest.raises(ValidationError, match="用户名只能包含"):
        users.add("bad name!", "clerk", "clerk-pass-1")
    with pytest.raises(ValidationError, match="角色只能是"):
        users.add("xiaowang", "manager", "clerk-pass-1")
    with pytest.raises(ValidationError, match="密码至少 6 个字符"):
        users.add("xiaowang", "clerk", "123")

    assert [u.username for u in users.list(include_inactive=True)] == ["boss", "xiaoli"]
    assert users.get("xiaoli").role == "clerk"
    assert keyfile_path(store.path).read_bytes() == slots_before


@pytest.mark.both_backends
def test_clerk_and_accountant_cannot_manage_staff(
    store: Store, clerk: Actor, accountant: Actor
) -> None:
    for actor in (clerk, accountant):
        users = UserService(store, actor)
        with pytest.raises(PermissionDenied, match="无权管理员工账号"):
            users.add("intruder", "owner", "intruder-pass")
        with pytest.raises(PermissionDenied, match="无权管理员工账号"):
            users.remove("boss")
        with pytest.raises(PermissionDenied, match="无权管理员工账号"):
            users.reset_password("boss", "taken-over-1")
        with pytest.raises(PermissionDenied, match="无权管理员工账号"):
            users.list()
        with pytest.raises(PermissionDenied, match="无权管理员工账号"):
            users.new_recovery_key()
    assert reopen(store, "boss", OWNER_PASSWORD).role == "owner"


def test_removed_user_keeps_history_but_cannot_open_the_file(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    users.add("xiaoli", "clerk", "clerk-pass-1")

    removed = users.remove("xiaoli")

    assert not removed.active and not removed.has_password
    assert [u.username for u in users.list()] == ["boss"]
    assert [u.username for u in users.list(include_inactive=True)] == ["boss", "xiaoli"]
    assert audit_rows(store)[-1].action == "user.remove"
    assert "xiaoli" not in json.loads(keyfile_path(store.path).read_text(encoding="utf-8"))["slots"]
    store.close()
    with pytest.raises(AuthError, match="用户名或密码不正确"):
        open_store(store.path, "xiaoli", "clerk-pass-1")


@pytest.mark.both_backends
def test_the_last_owner_can_never_be_removed_or_demoted(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    audit_before = len(audit_rows(store))

    with pytest.raises(ConflictError, match="最后一个店主"):
        users.remove("boss")
    with pytest.raises(ConflictError, match="最后一个店主"):
        users.set_role("boss", "clerk")

    assert users.get("boss").active and users.get("boss").role == "owner"
    assert len(audit_rows(store)) == audit_before
    assert reopen(store, "boss", OWNER_PASSWORD).role == "owner"


def test_an_owner_may_leave_while_another_owner_remains(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    users.add("laoban2", "owner", "owner-pass-2")

    users.remove("boss")

    assert [u.username for u in users.list()] == ["laoban2"]
    assert reopen(store, "laoban2", "owner-pass-2").role == "owner"


@pytest.mark.both_backends
def test_set_role_changes_what_the_user_may_do(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    users.add("xiaoli", "clerk", "clerk-pass-1")

    promoted = users.set_role("xiaoli", "accountant")

    assert promoted.role == "accountant"
    entry = audit_rows(store)[-1]
    assert (entry.action, json.loads(entry.before), json.loads(entry.after)) == (
        "user.set_role",
        {"role": "clerk"},
        {"role": "accountant"},
    )
    assert reopen(store, "xiaoli", "clerk-pass-1").role == "accountant"


@pytest.mark.both_backends
def test_owner_resets_a_forgotten_password(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    users.add("xiaoli", "clerk", "clerk-pass-1")

    users.reset_password("xiaoli", "new-clerk-pass")

    assert audit_rows(store)[-1].action == "user.reset_password"
    assert reopen(store, "xiaoli", "new-clerk-pass").username == "xiaoli"
    with pytest.raises(AuthError):
        open_store(store.path, "xiaoli", "clerk-pass-1")


@pytest.mark.both_backends
def test_reset_password_of_unknown_user_is_refused(store: Store, owner: Actor) -> None:
    with pytest.raises(NotFound, match="找不到在用的账号“nobody”"):
        UserService(store, owner).reset_password("nobody", "whatever-1")


@pytest.mark.both_backends
def test_anyone_changes_their_own_password_after_proving_the_old_one(store: Store) -> None:
    UserService(store, store.actor_for("boss")).add("xiaoli", "clerk", "clerk-pass-1")
    clerk = store.actor_for("xiaoli")
    mine = UserService(store, clerk)

    with pytest.raises(AuthError, match="原密码不正确"):
        mine.change_own_password("guessed-pass", "stolen-pass-1")
    with pytest.raises(ValidationError, match="新密码和原密码相同"):
        mine.change_own_password("clerk-pass-1", "clerk-pass-1")
    mine.change_own_password("clerk-pass-1", "better-pass-2")

    entry = audit_rows(store)[-1]
    assert (entry.action, entry.username) == ("user.change_password", "xiaoli")
    assert "better-pass-2" not in entry.after
    assert reopen(store, "xiaoli", "better-pass-2").role == "clerk"


def test_new_recovery_key_replaces_the_old_one(
    store_and_recovery: tuple[Store, str], owner: Actor
) -> None:
    store, old_key = store_and_recovery
    new_key = UserService(store, owner).new_recovery_key()
    assert new_key != old_key and len(new_key.split("-")) == 8
    assert audit_rows(store)[-1].action == "file.new_recovery_key"
    store.close()

    with pytest.raises(AuthError, match="恢复密钥不正确"):
        open_store_with_recovery(store.path, old_key)
    open_store_with_recovery(store.path, new_key).close()


def test_recovery_key_lets_the_owner_set_a_new_password(
    store_and_recovery: tuple[Store, str],
) -> None:
    store, recovery = store_and_recovery
    store.close()

    reopened, actor = recover_with_key(store.path, recovery.lower(), "boss", "fresh-start-9")
    assert actor.role == "owner"
    assert audit_rows(reopened)[-1].action == "user.recover"
    reopened.close()

    with pytest.raises(AuthError):
        open_store(store.path, "boss", OWNER_PASSWORD)
    again, _ = open_store(store.path, "boss", "fresh-start-9")
    again.close()


def test_recovery_key_cannot_give_a_clerk_a_password(
    store_and_recovery: tuple[Store, str], owner: Actor
) -> None:
    store, recovery = store_and_recovery
    UserService(store, owner).add("xiaoli", "clerk", "clerk-pass-1")
    store.close()

    with pytest.raises(PermissionDenied, match="只能为店主账号"):
        recover_with_key(store.path, recovery, "xiaoli", "taken-over-1")
    # Refused and closed again: the clerk's old password still works, the file is free.
    again, actor = open_store(store.path, "xiaoli", "clerk-pass-1")
    again.close()
    assert actor.role == "clerk"


@pytest.mark.both_backends
def test_a_user_row_without_a_key_slot_is_shown_and_fixed_by_a_reset(
    store: Store, owner: Actor, db_path: Path
) -> None:
    # The half-state a crash between commit and slot write leaves behind.
    with store.write() as session:
        session.add(User(username="halfway", display_name="", role="clerk", active=True))
    users = UserService(store, owner)
    assert not users.get("halfway").has_password

    users.reset_password("halfway", "finally-set-1")

    assert users.get("halfway").has_password
    assert reopen(store, "halfway", "finally-set-1").role == "clerk"


def test_a_key_file_that_cannot_be_written_changes_nothing(store: Store, owner: Actor) -> None:
    users = UserService(store, owner)
    users.add("xiaoli", "clerk", "clerk-pass-1")
    audit_before = len(audit_rows(store))
    # A directory where the new key file is written first: the save fails, as on a full disk.
    blocker = keyfile_path(store.path).with_name(keyfile_path(store.path).name + ".tmp")
    blocker.mkdir()

    with pytest.raises(StoreError, match="无法写入密钥文件 shop.crm.keys，操作没有保存"):
        users.reset_password("xiaoli", "never-saved-1")
    with pytest.raises(StoreError, match="无法写入密钥文件"):
        users.remove("xiaoli")

    assert len(audit_rows(store)) == audit_before
    assert users.get("xiaoli").active
    blocker.rmdir()
    # The next save must not carry the refused password along.
    users.add("xiaowang", "clerk", "clerk-pass-2")
    assert reopen(store, "xiaoli", "clerk-pass-1").username == "xiaoli"
