"""Locking the app suspends the store: the key is forgotten and only the password brings it back."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import AuthError, StoreError
from crm_desktop.models.opening import open_store, resume_store
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.login_throttle import LoginThrottle
from crm_desktop.models.store.store import Store

OWNER_PASSWORD = "owner-pass-1"
LOCKED = "程序已锁定，请先解锁。"


def _names(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(Customer.name).order_by(Customer.id)))


def test_suspended_store_refuses_reads_writes_and_raw_connections(store: Store, owner: Actor) -> None:
    CustomerService(store, owner).create(CustomerInput(name="张三", phone="13800138000"))
    store.suspend()

    assert store.is_suspended and not store.closed
    with pytest.raises(StoreError) as read_error:
        _names(store)
    assert str(read_error.value) == LOCKED
    with pytest.raises(StoreError, match=LOCKED):
        CustomerService(store, owner).create(CustomerInput(name="李四", phone="13912345678"))
    with pytest.raises(StoreError, match=LOCKED), store.engine.connect():
        pass
    # Nothing that needs the key (a new password slot, a new recovery key) can run either.
    with pytest.raises(StoreError, match=LOCKED):
        UserService(store, owner).new_recovery_key()


def test_resume_with_a_wrong_password_stays_locked(store: Store, owner: Actor) -> None:
    store.suspend()

    with pytest.raises(AuthError):
        resume_store(store, "boss", "not-the-password")

    assert store.is_suspended
    with pytest.raises(StoreError, match=LOCKED):
        _names(store)
    # A wrong password here counts like a wrong sign-in.
    assert LoginThrottle(store.path).failures("boss") == 1


def test_resume_with_the_right_password_reads_the_same_data(store: Store, owner: Actor) -> None:
    CustomerService(store, owner).create(CustomerInput(name="张三", phone="13800138000"))
    store.suspend()

    resume_store(store, "boss", OWNER_PASSWORD)

    assert not store.is_suspended
    assert _names(store) == ["张三"]
    CustomerService(store, owner).create(CustomerInput(name="李四", phone="13912345678"))
    assert _names(store) == ["张三", "李四"]
    # The key is back, so work that needs it runs again.
    assert UserService(store, owner).new_recovery_key()


def test_another_user_of_the_file_can_resume_with_their_own_password(
    store: Store, owner: Actor
) -> None:
    UserService(store, owner).add("clerk1", "clerk", "clerk-pass-1")
    store.suspend()

    resume_store(store, "clerk1", "clerk-pass-1")

    assert _names(store) == []


def test_the_file_stays_locked_for_other_programs_while_suspended(
    store: Store, db_path: Path
) -> None:
    store.suspend()

    with pytest.raises(StoreError, match="已经在另一个窗口或程序中打开"):
        open_store(db_path, "boss", OWNER_PASSWORD)

    resume_store(store, "boss", OWNER_PASSWORD)
    assert store.setting("shop_name") == "测试小店"


def test_suspend_twice_and_close_while_suspended(store: Store, db_path: Path) -> None:
    store.suspend()
    store.suspend()
    store.close()

    assert store.closed and not store.is_suspended
    reopened, actor = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        assert actor.username == "boss"
    finally:
        reopened.close()


def test_resume_settles_a_key_change_left_unfinished_without_refusing_itself(
    store: Store, owner: Actor, db_path: Path
) -> None:
    # The key file still says "changing" (its save failed after the last sign-in): the
    # unlock settles it and saves the key file, under the lock this program already holds.
    from crm_desktop.models.store.keyslots import KeyFile, keyfile_path, new_database_key

    CustomerService(store, owner).create(CustomerInput(name="张三", phone="13800138000"))
    on_disk = KeyFile.load(keyfile_path(db_path))
    on_disk.stage_key(new_database_key())
    on_disk.save(keyfile_path(db_path))
    store.suspend()

    resume_store(store, "boss", OWNER_PASSWORD)

    assert _names(store) == ["张三"]
    assert not KeyFile.load(keyfile_path(db_path)).changing
