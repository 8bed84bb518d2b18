"""Backups from the File menu on a real encrypted file: back up now, restore from the list,
undo the restore, who sees the actions, the clock warning and the backup on close."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.app import build_main_window
from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_folder, list_backups
from crm_desktop.models.backup_records import describe_backup, manifest_path
from crm_desktop.models.errors import StoreError
from crm_desktop.models.opening import open_store
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store
from crm_desktop.ui import backup_menu
from crm_desktop.ui.backup_menu import BackupMenu, install
from crm_desktop.ui.backup_menu.damaged_file import BackupOwnerDialog
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.conftest import CLERK_PASSWORD, ShopData, WindowFactory
from tests.ui.runners import LaterRunner


def _customers(db_path: Path) -> int:
    """Customers in the file as a fresh sign-in sees them."""
    store, _actor = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        with store.engine.connect() as conn:
            return int(conn.exec_driver_sql("SELECT count(*) FROM customers").scalar() or 0)
    finally:
        store.close()


def _answer(box: QMessageBox | None, button: QMessageBox.StandardButton) -> str:
    assert box is not None and box.isVisible()
    text = box.text()
    box.button(button).click()
    return text


def when_shown(name: str, act: Callable[[QWidget], None]) -> None:
    """Call ``act`` with the top-level widget ``name`` once it is shown (a modal dialog)."""

    def look() -> None:
        for widget in QApplication.topLevelWidgets():
            if widget.objectName() == name and widget.isVisible():
                act(widget)
                return
        QTimer.singleShot(10, look)

    QTimer.singleShot(0, look)


def _back_up(menu: BackupMenu, out: Path) -> str:
    menu.back_up_now(out)
    return _answer(menu.message_box, QMessageBox.StandardButton.Ok)


@pytest.fixture
def menu(owner_window: MainWindow) -> BackupMenu:
    return install(owner_window, owner_window.context)


def test_owner_backs_up_to_a_chosen_path(menu: BackupMenu, tmp_path: Path) -> None:
    out = tmp_path / "u盘" / "店铺备份.crmbak"
    out.parent.mkdir()

    text = _back_up(menu, out)

    assert str(out) in text
    assert out.is_file() and keyfile_path(out).is_file() and manifest_path(out).is_file()
    info = describe_backup(out)
    assert info.count("customers") == 3
    assert info.kind == "manual" and info.verified
    assert str(out) in menu.main_window.statusBar().currentMessage()


def test_a_name_without_the_backup_ending_gets_it(menu: BackupMenu, tmp_path: Path) -> None:
    _back_up(menu, tmp_path / "plain")
    assert describe_backup(tmp_path / "plain.crmbak").count("customers") == 3


def test_a_failed_backup_says_why_and_leaves_nothing(
    menu: BackupMenu, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "taken.crmbak"
    _back_up(menu, out)
    shown: list[str] = []
    monkeypatch.setattr(menu.main_window, "show_error", shown.append)

    menu.back_up_now(out)

    assert shown and out.name in shown[0] and "Traceback" not in shown[0]
    assert menu.message_box is None


def test_the_proposed_name_is_dated_in_the_backup_folder(menu: BackupMenu, store: Store) -> None:
    proposed = menu.default_backup_path(backup_folder(store))
    assert proposed.parent == backup_folder(store) and proposed.parent.is_dir()
    assert proposed.name.startswith("shop_") and proposed.name.endswith("_manual.crmbak")


def test_a_clerk_has_no_backup_actions(clerk_window: MainWindow) -> None:
    install(clerk_window, clerk_window.context)
    for name in ("action_backup_now", "action_restore", "action_undo_restore"):
        assert clerk_window.findChild(QAction, name) is None


def test_the_owner_finds_the_actions_above_quit(owner_window: MainWindow) -> None:
    texts = [a.objectName() for a in owner_window.menu("file").actions()]
    for name in ("action_backup_now", "action_restore", "action_undo_restore"):
        assert name in texts
        assert texts.index(name) < len(texts) - 1  # Quit stays last


def test_restore_from_the_list_then_undo(
    qtbot: QtBot,
    menu: BackupMenu,
    store: Store,
    owner: Actor,
    shop: ShopData,
    db_path: Path,
    runner: SynchronousTaskRunner,
) -> None:
    window = menu.main_window
    out = backup_folder(store) / "before-zhao.crmbak"
    out.parent.mkdir(exist_ok=True)
    _back_up(menu, out)
    CustomerService(store, owner).create(CustomerInput(name="赵六", phone="13600002222"))
    CustomerService(store, owner).terminate(shop.wang_id, "搬走了")

    dialog = menu.open_restore()
    assert dialog is not None
    rows = [dialog.list.item(i) for i in range(dialog.list.count())]
    assert rows
    ours = next(row for row in rows if row.toolTip() == str(out))
    assert "3 位客户" in ours.text()
    dialog.list.setCurrentItem(ours)
    assert str(out) in dialog.path_label.text()
    dialog.restore_button.click()

    question = _answer(menu.confirm_box, QMessageBox.StandardButton.Yes)
    assert describe_backup(out).summary() in question
    assert "密码" in question
    done = _answer(menu.message_box, QMessageBox.StandardButton.Ok)
    assert "重新" in done or "again" in done
    assert menu.file_replaced and not window.isVisible()

    assert _customers(db_path) == 3  # 赵六 is gone again
    safety = [info for info in list_backups(db_path.parent / "backups") if info.kind == "safety"]
    assert safety and safety[0].count("customers") == 4

    # Signed in again on the restored file, the owner undoes the restore.
    again, actor = open_store(db_path, "boss", OWNER_PASSWORD)
    try:
        second = build_main_window(again, actor, runner, idle_seconds=0)
        qtbot.addWidget(second)
        second.show()
        undo_menu = install(second, second.context)
        second.findChild(QAction, "action_undo_restore").trigger()
        assert "4 位客户" in _answer(undo_menu.confirm_box, QMessageBox.StandardButton.Yes)
        _answer(undo_menu.message_box, QMessageBox.StandardButton.Ok)
        assert not second.isVisible()
        second.context.bus.detach()
    finally:
        again.close()
    assert _customers(db_path) == 4


def test_saying_no_changes_nothing(menu: BackupMenu, store: Store, db_path: Path) -> None:
    out = backup_folder(store) / "kept.crmbak"
    out.parent.mkdir(exist_ok=True)
    _back_up(menu, out)
    menu.confirm_restore(out)
    _answer(menu.confirm_box, QMessageBox.StandardButton.No)
    assert not menu.file_replaced and menu.main_window.isVisible()
    assert CustomerService(store, store.actor_for("boss")).get(1) is not None


def test_a_damaged_backup_is_refused_with_the_file_still_open(
    menu: BackupMenu, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "bad.crmbak"
    _back_up(menu, out)
    with open(out, "r+b") as fh:  # same size, other bytes: only the checksum tells
        fh.seek(100)
        fh.write(b"\x00" * 16)
    shown: list[str] = []
    monkeypatch.setattr(menu.main_window, "show_error", shown.append)

    menu.confirm_restore(out)
    _answer(menu.confirm_box, QMessageBox.StandardButton.Yes)

    assert shown and "损坏" in shown[0]
    assert not menu.file_replaced and menu.main_window.isVisible()
    assert backup_menu.store_is_open(store)


def test_undo_without_a_restore_says_so_and_keeps_the_file_open(
    menu: BackupMenu, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(menu.main_window, "show_error", shown.append)
    menu.undo_last_restore()
    assert shown and menu.confirm_box is None
    assert backup_menu.store_is_open(store)


def test_a_clock_set_back_is_reported_after_sign_in(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor, shop: ShopData
) -> None:
    CardService(store, owner).top_up(shop.zhang_card_id, 10000)
    future = datetime.now() + timedelta(days=2)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE value_entries SET ts = ?", (future.isoformat(sep=" "),))

    window = make_window(owner)
    menu = install(window, window.context)
    qtbot.waitUntil(lambda: menu.clock_box is not None)
    text = _answer(menu.clock_box, QMessageBox.StandardButton.Ok)
    assert future.strftime("%Y-%m-%d") in text


def test_no_clock_warning_when_the_clock_is_right(qtbot: QtBot, menu: BackupMenu) -> None:
    qtbot.wait(10)
    assert menu.clock_box is None


def test_the_daily_backup_runs_quietly(menu: BackupMenu, store: Store) -> None:
    menu.run_due_backup()
    autos = [i for i in list_backups(backup_folder(store)) if i.kind == "auto"]
    assert len(autos) == 1 and autos[0].count("customers") == 3
    assert menu.message_box is None


def test_a_failed_daily_backup_shows_in_the_status_bar(
    menu: BackupMenu, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_store: Store) -> None:
        raise StoreError("backup.io", "备份文件夹不可写。", "The backup folder is not writable.")

    monkeypatch.setattr(backup_menu, "backup_if_due", refuse)
    menu.run_due_backup()
    assert "备份文件夹不可写" in menu.main_window.statusBar().currentMessage()


def test_closing_backs_up_what_changed(menu: BackupMenu, store: Store, owner: Actor) -> None:
    CustomerService(store, owner).create(CustomerInput(name="孙七", phone="13500003333"))
    assert menu.main_window.close()
    autos = [i for i in list_backups(backup_folder(store)) if i.kind == "auto"]
    assert len(autos) == 1 and autos[0].count("customers") == 4


def test_the_window_stays_open_while_the_close_backup_runs_on_the_worker(
    qtbot: QtBot, store: Store, owner: Actor, chinese_ui: None
) -> None:
    runner = LaterRunner()
    window = build_main_window(store, owner, runner, idle_seconds=0)
    qtbot.addWidget(window)
    install(window, window.context)
    window.show()
    runner.answer_all()  # what the window reads when it opens
    CustomerService(store, owner).create(CustomerInput(name="孙七", phone="13500003333"))

    assert not window.close(), "the window waits for its backup"
    assert window.isVisible() and window.statusBar().currentMessage() == "关闭前正在备份…"
    assert [i for i in list_backups(backup_folder(store)) if i.kind == "auto"] == []
    runner.answer_all()
    assert not window.isVisible(), "closed once the backup was made"
    assert len([i for i in list_backups(backup_folder(store)) if i.kind == "auto"]) == 1


def test_a_failed_backup_on_close_does_not_keep_the_window_open(
    menu: BackupMenu, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(_store: Store, _progress: object = None) -> None:
        raise StoreError("backup.io", "磁盘已满。", "The disk is full.")

    shown: list[str] = []
    monkeypatch.setattr(backup_menu, "backup_on_close", refuse)
    monkeypatch.setattr(menu, "show_close_error", shown.append)
    assert menu.main_window.close()
    assert not menu.main_window.isVisible()
    assert shown and "磁盘已满" in shown[0]


def test_a_damaged_file_at_sign_in_offers_the_newest_good_backup_to_its_owner(
    qtbot: QtBot, store: Store, shop: ShopData, clerk_account: Actor, db_path: Path,
    runner: SynchronousTaskRunner, chinese_ui: None, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from crm_desktop.models.backup import make_backup
    from crm_desktop.ui.login_dialog import LoginDialog

    folder = db_path.parent / "backups"
    folder.mkdir()
    make_backup(store, folder / "good.crmbak", kind="auto")
    store.close()
    size = db_path.stat().st_size
    db_path.write_bytes(b"\x5a" * size)
    damaged = db_path.read_bytes()
    seen: dict[str, str] = {}

    def sign_in_as_owner(dialog: QWidget) -> None:
        assert isinstance(dialog, BackupOwnerDialog)
        seen["question"] = dialog.findChild(QLabel, "restore_owner_question").text()
        # A member of staff, even with their own real password, is refused, and may retry.
        dialog.user_edit.setText("clerk1")
        dialog.password_edit.setText(CLERK_PASSWORD)
        dialog.restore_button.click()
        assert dialog.isVisible() and db_path.read_bytes() == damaged
        seen["clerk"] = dialog.error_label.text()
        assert dialog.password_edit.text() == ""
        dialog.user_edit.setText("boss")
        dialog.password_edit.setText(OWNER_PASSWORD)
        dialog.restore_button.click()

    when_shown("restore_owner_dialog", sign_in_as_owner)
    monkeypatch.setattr(QMessageBox, "information", lambda *_a: QMessageBox.StandardButton.Ok)
    dialog = LoginDialog(db_path, runner, "boss")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(OWNER_PASSWORD)
    dialog.sign_in()

    assert "3 位客户" in seen["question"] and "无法打开" in seen["question"]
    assert "不是这个文件经签名确认的店主" in seen["clerk"]
    assert "备份时的密码" in dialog.error_label.text()
    assert _customers(db_path) == 3


def test_the_damaged_file_is_kept_when_nobody_proves_to_be_the_owner(
    qtbot: QtBot, store: Store, shop: ShopData, db_path: Path, runner: SynchronousTaskRunner,
    chinese_ui: None,
) -> None:
    from crm_desktop.models.backup import make_backup
    from crm_desktop.ui.login_dialog import LoginDialog

    folder = db_path.parent / "backups"
    folder.mkdir()
    make_backup(store, folder / "good.crmbak", kind="auto")
    store.close()
    db_path.write_bytes(b"\x5a" * db_path.stat().st_size)
    damaged = db_path.read_bytes()
    refusals: list[str] = []

    def guess_then_give_up(dialog: QWidget) -> None:
        assert isinstance(dialog, BackupOwnerDialog)
        dialog.user_edit.setText("nobody")
        dialog.password_edit.setText("let-me-in-1")
        dialog.restore_button.click()
        refusals.append(dialog.error_label.text())
        dialog.reject()

    when_shown("restore_owner_dialog", guess_then_give_up)
    dialog = LoginDialog(db_path, runner, "boss")
    qtbot.addWidget(dialog)
    dialog.password_edit.setText(OWNER_PASSWORD)
    dialog.sign_in()

    assert refusals and "不正确" in refusals[0]
    assert db_path.read_bytes() == damaged
    assert "损坏" in dialog.error_label.text()
