"""A restore needs a proved owner, names another shop's backup, and cannot bring an erased
person back: on real encrypted files, as a member of staff or a shop owner would meet it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import make_backup
from crm_desktop.models.backup_records import (
    backup_files,
    describe_backup,
    erasures_path,
    list_backups,
    remove_backup,
)
from crm_desktop.models.entities import AuditEntry, Customer
from crm_desktop.models.errors import AuthError, ConflictError, PermissionDenied, StoreError
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.restore import OwnerPassword, is_other_shop, restore, undo_restore
from crm_desktop.models.services import privacy as privacy_module
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store
from tests.conftest import OWNER_PASSWORD, STAFF_PASSWORD

BOSS = OwnerPassword("boss", OWNER_PASSWORD)


def _add(store: Store, owner: Actor, name: str, phone: str) -> int:
    return CustomerService(store, owner).create(CustomerInput(name=name, phone=phone)).id


def _people(path: Path) -> dict[int, tuple[str, str]]:
    store, _ = open_store(path, "boss", OWNER_PASSWORD)
    try:
        with store.read() as session:
            rows = session.execute(select(Customer.id, Customer.name, Customer.status)).all()
        return {cid: (name, status) for cid, name, status in rows}
    finally:
        store.close()


def _untouched(path: Path) -> tuple[bytes, bytes]:
    return path.read_bytes(), keyfile_path(path).read_bytes()


# -- who may restore ----------------------------------------------------------------------------


def test_with_the_key_file_moved_away_nobody_restores_without_the_backups_owner_password(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    _add(store, owner, "张三", "13800138000")
    UserService(store, owner).add("clerk1", "clerk", STAFF_PASSWORD)
    old = make_backup(store, tmp_path / "old.crmbak")
    _add(store, owner, "李四", "13912345678")
    store.close()
    moved = keyfile_path(db_path).with_name("elsewhere.keys")
    keyfile_path(db_path).rename(moved)
    before = db_path.read_bytes()

    for who, password, refusal in (
        ("nobody", "whatever-1", AuthError),
        ("boss", "not-the-password", AuthError),
        ("clerk1", STAFF_PASSWORD, PermissionDenied),  # a real account of the backup, not owner
    ):
        with pytest.raises(refusal):
            restore(db_path, old.path, signed_in=OwnerPassword(who, password))
        assert db_path.read_bytes() == before and not keyfile_path(db_path).exists()
    assert [i for i in list_backups(db_path.parent / "backups") if i.kind == "safety"] == []

    result = restore(db_path, old.path, signed_in=BOSS)
    assert result.safety is not None and not result.safety_verified
    assert [name for name, _ in _people(db_path).values()] == ["张三"]


def test_a_clerk_with_the_file_open_cannot_restore_even_calling_themself_owner(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor, clerk: Actor
) -> None:
    old = make_backup(store, tmp_path / "old.crmbak")
    _add(store, owner, "张三", "13800138000")
    store.close()
    before = _untouched(db_path)

    for pretend in (lambda a: a, lambda a: Actor(a.user_id, a.username, "owner")):
        opened, as_clerk = open_store(db_path, "clerk1", STAFF_PASSWORD)
        with pytest.raises(PermissionDenied, match="只有店主"):
            restore(db_path, old.path, signed_in=pretend(as_clerk), store=opened)
        assert opened.closed
        assert _untouched(db_path) == before

    # The owner's name without their sign-in: the actor is not the one signed in to the store.
    opened, as_clerk = open_store(db_path, "clerk1", STAFF_PASSWORD)
    boss = opened.actor_for("boss")
    with pytest.raises(PermissionDenied):
        restore(db_path, old.path, signed_in=boss, store=opened)
    assert _untouched(db_path) == before


def test_an_open_file_is_restored_by_its_signed_in_owner_not_by_an_old_backups_password(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    old = make_backup(store, tmp_path / "old.crmbak")
    _add(store, owner, "张三", "13800138000")
    with pytest.raises(PermissionDenied):
        restore(db_path, old.path, signed_in=BOSS, store=store)
    assert store.closed
    assert [name for name, _ in _people(db_path).values()] == ["张三"]

    opened, boss = open_store(db_path, "boss", OWNER_PASSWORD)
    result = restore(db_path, old.path, signed_in=boss, store=opened)
    assert result.safety_verified and _people(db_path) == {}


def test_undo_needs_an_owner_too(tmp_path: Path, db_path: Path, store: Store, owner: Actor) -> None:
    old = make_backup(store, tmp_path / "old.crmbak")
    _add(store, owner, "张三", "13800138000")
    restore(db_path, old.path, signed_in=owner, store=store)
    keyfile_path(db_path).unlink()  # the restored file cannot be opened now

    with pytest.raises(AuthError):
        undo_restore(db_path, signed_in=OwnerPassword("boss", "wrong-password"))
    undo_restore(db_path, signed_in=BOSS)  # proved against the safety copy's own slots
    assert [name for name, _ in _people(db_path).values()] == ["张三"]


# -- another shop's backup ----------------------------------------------------------------------


def test_another_shops_backup_is_named_and_refused_until_the_caller_says_so(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    _add(store, owner, "本店客户", "13800138000")
    other_path = tmp_path / "next-door" / "shop.crm"
    other, _ = create_store(other_path, "隔壁小店", "boss", OWNER_PASSWORD)
    theirs = make_backup(other, tmp_path / "theirs.crmbak")
    other.close()
    mine = make_backup(store, tmp_path / "mine.crmbak")
    info = describe_backup(theirs.path)

    assert is_other_shop(db_path, info, store=store)
    assert not is_other_shop(db_path, describe_backup(mine.path), store=store)
    with pytest.raises(StoreError, match="这个备份来自另一个店铺文件（“隔壁小店”，shop.crm）"):
        restore(db_path, theirs.path, signed_in=owner, store=store)
    assert [name for name, _ in _people(db_path).values()] == ["本店客户"]

    # With the key file gone, the journal beside the file still knows which shop it is.
    keyfile_path(db_path).unlink()
    assert is_other_shop(db_path, info)
    with pytest.raises(StoreError, match="另一个店铺"):
        restore(db_path, theirs.path, signed_in=BOSS)

    restore(db_path, theirs.path, signed_in=BOSS, other_shop=True)
    assert _people(db_path) == {}
    assert not is_other_shop(db_path, info)  # the file here is now that shop's


# -- erasures survive a restore -----------------------------------------------------------------


def test_a_restore_cannot_bring_an_erased_person_back(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    zhang = _add(store, owner, "张三", "13800138000")
    li = _add(store, owner, "李四", "13912345678")
    old = make_backup(store, tmp_path / "old.crmbak")
    PrivacyService(store, owner).anonymise(zhang, "本人要求删除")

    note = erasures_path(db_path).read_text(encoding="utf-8")
    assert [row["customer_id"] for row in json.loads(note)["erasures"]] == [zhang]
    assert "张三" not in note and "13800138000" not in note

    restore(db_path, old.path, signed_in=owner, store=store)
    assert _people(db_path)[zhang] == ("张三", "active")  # the backup holds the person again

    again, boss = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        privacy = PrivacyService(again, boss)
        assert privacy.erasures_undone() == (zhang,)
        assert privacy.erase_again().customer_ids == (zhang,)
        assert privacy.erasures_undone() == ()
        assert privacy.erase_again().customer_ids == ()  # nothing more, and nothing logged
        with again.read() as session:
            entries = session.scalars(
                select(AuditEntry).where(AuditEntry.action == "customer.anonymise_many")).all()
        assert len(entries) == 1 and "恢复备份后重新删除" in (entries[0].after or "")
    finally:
        again.close()
    people = _people(db_path)
    assert people[zhang] == (f"已匿名客户 #{zhang}", "anonymised")
    assert people[li] == ("李四", "active")


def test_a_clerk_is_told_but_only_the_owner_erases_again(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor, clerk: Actor
) -> None:
    zhang = _add(store, owner, "张三", "13800138000")
    old = make_backup(store, tmp_path / "old.crmbak")
    PrivacyService(store, owner).anonymise(zhang, "本人要求删除")
    restore(db_path, old.path, signed_in=owner, store=store)

    opened, as_clerk = open_store(db_path, "clerk1", STAFF_PASSWORD)
    try:
        assert PrivacyService(opened, as_clerk).erasures_undone() == (zhang,)
        with pytest.raises(PermissionDenied):
            PrivacyService(opened, as_clerk).erase_again()
    finally:
        opened.close()
    assert _people(db_path)[zhang] == ("张三", "active")


def test_a_later_customer_with_the_same_number_is_not_erased(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    _add(store, owner, "张三", "13800138000")
    old = make_backup(store, tmp_path / "old.crmbak")
    wang = _add(store, owner, "王五", "13700001111")
    PrivacyService(store, owner).anonymise(wang, "本人要求删除")
    restore(db_path, old.path, signed_in=owner, store=store)

    again, boss = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        newcomer = _add(again, boss, "赵六", "13600002222")
        assert newcomer == wang  # the number was free again in the older backup
        assert PrivacyService(again, boss).erase_again().customer_ids == ()
    finally:
        again.close()
    assert _people(db_path)[newcomer] == ("赵六", "active")


def test_an_erasure_that_failed_is_not_noted_and_another_shop_is_left_alone(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    zhang = _add(store, owner, "张三", "13800138000")
    li = _add(store, owner, "李四", "13912345678")
    PrivacyService(store, owner).anonymise(zhang, "本人要求删除")
    noted = erasures_path(db_path).read_bytes()

    # The disk fills up half-way through erasing 李四: nothing is erased, nothing noted.
    def full(_session: object) -> None:
        raise StoreError("store.full", "磁盘已满，操作没有保存，数据没有改动。", "The disk is full.")

    with monkeypatch.context() as patch:
        patch.setattr(privacy_module, "purge_index_remnants", full)
        with pytest.raises(StoreError, match="磁盘已满"):
            PrivacyService(store, owner).anonymise(li, "本人要求删除")
    with store.read() as session:
        assert session.get(Customer, li).name == "李四"  # type: ignore[union-attr]
    assert erasures_path(db_path).read_bytes() == noted
    with pytest.raises(ConflictError):  # refused before anything: the note stays as it was
        PrivacyService(store, owner).anonymise_many([zhang], "本人要求删除")
    assert erasures_path(db_path).read_bytes() == noted

    other_path = tmp_path / "next-door" / "shop.crm"
    other, _ = create_store(other_path, "隔壁小店", "boss", OWNER_PASSWORD)
    _add(other, other.actor_for("boss"), "隔壁的客户", "13500003333")
    theirs = make_backup(other, tmp_path / "theirs.crmbak")
    other.close()
    restore(db_path, theirs.path, signed_in=owner, store=store, other_shop=True)
    again, boss = open_store(db_path, "boss", OWNER_PASSWORD)
    try:  # customer 1 there is someone else: the note is about this shop's customer 1
        assert PrivacyService(again, boss).erase_again().customer_ids == ()
    finally:
        again.close()


def test_backups_carry_the_note_and_a_restore_elsewhere_keeps_it(
    tmp_path: Path, db_path: Path, store: Store, owner: Actor
) -> None:
    zhang = _add(store, owner, "张三", "13800138000")
    older = make_backup(store, tmp_path / "older.crmbak")
    PrivacyService(store, owner).anonymise(zhang, "本人要求删除")
    newer = make_backup(store, tmp_path / "newer.crmbak")
    assert erasures_path(newer.path).is_file() and not erasures_path(older.path).exists()
    store.close()

    # The shop moves to a new PC with only its backups: the newer one first, then the older.
    moved = tmp_path / "new-pc" / "shop.crm"
    moved.parent.mkdir()
    restore(moved, newer.path, signed_in=BOSS)
    restore(moved, older.path, signed_in=BOSS)
    again, boss = open_store(moved, "boss", OWNER_PASSWORD)
    try:
        assert PrivacyService(again, boss).erase_again().customer_ids == (zhang,)
    finally:
        again.close()

    remove_backup(newer.path)
    assert not any(part.exists() for part in (*backup_files(newer.path), erasures_path(newer.path)))
