"""Changing the database key from the Shop admin menu: the file still reads, an old copy of
the key file opens nothing, a new recovery key is shown when asked for, refusals are one
sentence and leave the old key in place."""

from __future__ import annotations

import shutil
from pathlib import Path

from crm_desktop.models.actor import Actor
from crm_desktop.models.opening import open_store_with_recovery
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.keyed_connection import opens_with
from crm_desktop.models.store.keyslots import KeyFile, keyfile_path
from crm_desktop.models.store.store import Store
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.privacy import PrivacyMenu
from crm_desktop.ui.privacy.change_key_dialog import ChangeKeyDialog
from tests.ui.conftest import ShopData

OWNER_PASSWORD = "owner-pass-1"


def open_change_key(window: MainWindow) -> ChangeKeyDialog:
    menu = window.findChild(PrivacyMenu, "privacy_menu")
    assert isinstance(menu, PrivacyMenu)
    dialog = menu.change_key()
    assert dialog.isVisible() and dialog.pages.currentIndex() == 0
    return dialog


def old_key_copy(db_path: Path, tmp_path: Path) -> bytes:
    """What a leaver takes home: a copy of the key file, opened with a password they know."""
    taken = tmp_path / "taken.keys"
    shutil.copy(keyfile_path(db_path), taken)
    key = KeyFile.load(taken).unlock("boss", OWNER_PASSWORD)
    assert opens_with(db_path, key)
    return key


def test_a_new_key_with_a_new_recovery_key_leaves_old_copies_useless(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor, db_path: Path,
    tmp_path: Path,
) -> None:
    old_key = old_key_copy(db_path, tmp_path)
    dialog = open_change_key(owner_window)
    dialog.recovery_box.setChecked(True)
    dialog.change_button.click()

    assert dialog.outcome is not None and dialog.pages.currentIndex() == 1
    assert not opens_with(db_path, old_key)
    assert CustomerService(store, owner).get(shop.li_id).name == "李四", "the file still reads"
    recovery = dialog.outcome.recovery_key
    assert recovery is not None and dialog.recovery_view.isVisible()
    assert dialog.recovery_view.key_label.text().replace("  ", "-").replace("\n", "-") == recovery
    backup = dialog.outcome.backup_path
    assert backup is not None and backup.exists() and str(backup) in dialog.done_label.text()
    assert opens_with(backup, old_key), "the backup made first stays under the old key"

    assert not dialog.close_button.isEnabled(), "the new recovery key must be written down first"
    dialog.reject()
    assert dialog.isVisible()
    dialog.recovery_view.written_box.setChecked(True)
    dialog.close_button.click()
    assert not dialog.isVisible()
    assert owner_window.statusBar().currentMessage() == "数据库密钥已更换。"
    store.close()
    open_store_with_recovery(db_path, recovery).close()


def test_without_a_new_recovery_key_the_dialog_just_reports_and_closes(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor, db_path: Path,
    tmp_path: Path,
) -> None:
    old_key = old_key_copy(db_path, tmp_path)
    dialog = open_change_key(owner_window)
    dialog.change_button.click()

    assert dialog.outcome is not None and dialog.outcome.recovery_key is None
    assert not dialog.recovery_view.isVisible()
    assert dialog.tr("The recovery key was not changed; it still works.") in \
        dialog.done_label.text()
    assert "boss" in dialog.done_label.text()
    assert not opens_with(db_path, old_key)
    assert CustomerService(store, owner).get(shop.wang_id).name == "王五"
    assert dialog.close_button.isEnabled()
    dialog.close_button.click()
    assert not dialog.isVisible()


def test_when_the_backup_cannot_be_made_the_key_stays_and_one_sentence_says_why(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor, db_path: Path,
    tmp_path: Path,
) -> None:
    old_key = old_key_copy(db_path, tmp_path)
    blocker = db_path.parent / "backups"
    blocker.write_text("not a folder")
    dialog = open_change_key(owner_window)
    dialog.change_button.click()
    blocker.unlink()  # the backup on closing the window may work again

    assert dialog.outcome is None and dialog.pages.currentIndex() == 0
    sentence = dialog.error_label.text()
    assert dialog.error_label.isVisible() and sentence and "\n" not in sentence
    assert "Traceback" not in sentence and "备份" in sentence
    assert dialog.change_button.isEnabled() and dialog.cancel_button.isEnabled()
    assert opens_with(db_path, old_key), "the key was not changed"
    assert CustomerService(store, owner).get(shop.li_id).name == "李四"


def test_a_system_lock_waits_while_the_key_is_being_changed(
    owner_window: MainWindow, store: Store
) -> None:
    dialog = open_change_key(owner_window)
    dialog._busy(True)  # as while the worker rewrites the pages
    owner_window.idle_lock.lock_now("sleep")
    assert not owner_window.idle_lock.is_locked and not store.is_suspended
    assert dialog.isVisible(), "the key change is not cut off by the lock"
    dialog._busy(False)  # the change finished
    assert owner_window.idle_lock.is_locked and store.is_suspended
