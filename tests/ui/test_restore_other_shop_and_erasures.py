"""Restoring from the File menu on real encrypted files: another shop's backup is named and
asked about first, and erased customers a restored backup brought back are erased again at
the owner's next sign-in (a clerk is told instead)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.app import build_main_window
from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import make_backup
from crm_desktop.models.entities import Customer
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.restore import restore
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.backup_menu import BackupMenu, install
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.conftest import CLERK_PASSWORD, ShopData


def _answer(box: QMessageBox | None, button: QMessageBox.StandardButton) -> str:
    assert box is not None and box.isVisible()
    text = box.text()
    box.button(button).click()
    return text


def _names(db_path: Path) -> list[str]:
    store, _ = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        with store.read() as session:
            return list(session.scalars(select(Customer.name).order_by(Customer.id)))
    finally:
        store.close()


def test_another_shops_backup_is_named_and_asked_about_first(
    owner_window: MainWindow, store: Store, db_path: Path, tmp_path: Path
) -> None:
    menu = install(owner_window, owner_window.context)
    other, _ = create_store(tmp_path / "next-door" / "shop.crm", "隔壁小店", "boss",
                            OWNER_PASSWORD)
    theirs = make_backup(other, tmp_path / "theirs.crmbak").path
    other.close()

    menu.confirm_restore(theirs)
    warning = _answer(menu.confirm_box, QMessageBox.StandardButton.No)
    assert "另一个店铺文件（“隔壁小店”，shop.crm）" in warning
    assert menu.confirm_box is None and not menu.file_replaced

    menu.confirm_restore(theirs)
    _answer(menu.confirm_box, QMessageBox.StandardButton.Yes)
    question = _answer(menu.confirm_box, QMessageBox.StandardButton.No)  # the usual question
    assert "0 位客户" in question and not menu.file_replaced
    assert len(_customers_open(store)) == 3

    menu.confirm_restore(theirs)
    _answer(menu.confirm_box, QMessageBox.StandardButton.Yes)
    _answer(menu.confirm_box, QMessageBox.StandardButton.Yes)
    _answer(menu.message_box, QMessageBox.StandardButton.Ok)
    assert menu.file_replaced
    assert _names(db_path) == []


def _customers_open(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(Customer.name)))


def test_this_shops_backup_is_asked_about_once(
    owner_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    menu = install(owner_window, owner_window.context)
    mine = make_backup(store, tmp_path / "mine.crmbak").path
    menu.confirm_restore(mine)
    question = _answer(menu.confirm_box, QMessageBox.StandardButton.No)
    assert "另一个店铺" not in question and "3 位客户" in question
    assert menu.confirm_box is None


def _restored_after_an_erasure(store: Store, owner: Actor, shop: ShopData, db_path: Path,
                               tmp_path: Path) -> None:
    """王五 erased after a backup, then that backup restored by the owner."""
    old = make_backup(store, tmp_path / "old.crmbak")
    PrivacyService(store, owner).anonymise(shop.wang_id, "本人要求删除")
    restore(db_path, old.path, signed_in=owner, store=store)
    assert "王五" in _names(db_path)


def _window(qtbot: QtBot, runner: SynchronousTaskRunner, store: Store, actor: Actor) -> BackupMenu:
    window = build_main_window(store, actor, runner, idle_seconds=0)
    qtbot.addWidget(window)
    menu = install(window, window.context)
    window.show()
    qtbot.waitUntil(lambda: menu.erasure_box is not None)
    return menu


def test_the_owners_next_sign_in_erases_again_whom_the_backup_brought_back(
    qtbot: QtBot, store: Store, owner: Actor, shop: ShopData, db_path: Path, tmp_path: Path,
    runner: SynchronousTaskRunner, chinese_ui: None,
) -> None:
    _restored_after_an_erasure(store, owner, shop, db_path, tmp_path)

    again, boss = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        menu = _window(qtbot, runner, again, boss)
        text = _answer(menu.erasure_box, QMessageBox.StandardButton.Ok)
        assert "有 1 位已删除个人信息的客户" in text and "已重新删除" in text
        assert "王五" not in _customers_open(again)
        menu.main_window.idle_lock.stop()
        menu.context.bus.detach()
    finally:
        again.close()
    assert f"已匿名客户 #{shop.wang_id}" in _names(db_path)


def test_a_clerk_signing_in_first_is_told_and_nothing_is_erased_by_them(
    qtbot: QtBot, store: Store, owner: Actor, shop: ShopData, clerk_account: Actor,
    db_path: Path, tmp_path: Path, runner: SynchronousTaskRunner, chinese_ui: None,
) -> None:
    _restored_after_an_erasure(store, owner, shop, db_path, tmp_path)

    again, clerk = open_store(db_path, "clerk1", CLERK_PASSWORD)
    try:
        menu = _window(qtbot, runner, again, clerk)
        text = _answer(menu.erasure_box, QMessageBox.StandardButton.Ok)
        assert "有 1 位已删除个人信息的客户" in text and "店主登录后会重新删除" in text
        menu.main_window.idle_lock.stop()
        menu.context.bus.detach()
    finally:
        again.close()
    assert "王五" in _names(db_path)


def test_no_warning_when_nothing_came_back(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, shop: ShopData
) -> None:
    PrivacyService(store, owner).anonymise(shop.wang_id, "本人要求删除")
    menu = install(owner_window, owner_window.context)
    menu.check_erasures()
    qtbot.wait(10)
    assert menu.erasure_box is None
