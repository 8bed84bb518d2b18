"""Backups and retention on the owner's settings screen: the folder picked, reset to the
default, checked when saved (a bad folder gets the sentence and nothing changes), the
number of backups kept and the retention period, read back from the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_folder, backup_if_due
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.shop_settings_view import ShopSettingsView
from crm_desktop.ui.owner_menu import install


def _view(qtbot: QtBot, window: MainWindow) -> ShopSettingsView:
    dialog = install(window, window.context).open_settings()
    qtbot.waitExposed(dialog)
    view = dialog.view
    assert isinstance(view, ShopSettingsView)
    return view


def test_a_missing_folder_is_refused_and_what_was_typed_stays(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, tmp_path: Path
) -> None:
    view = _view(qtbot, owner_window)
    missing = str(tmp_path / "没有的文件夹")
    view.edits["backup_dir"].setText(missing)
    view.spins["backup_keep"].setValue(4)

    view.save_button.click()

    assert "不存在" in view.error_label.text() and missing in view.error_label.text()
    assert view.edits["backup_dir"].text() == missing
    assert view.edits["backup_dir"].styleSheet() != ""
    saved = CatalogService(store, owner).settings()
    assert saved.backup_dir == "" and saved.backup_keep == 10  # all or nothing


def test_choose_a_folder_keep_and_retention_then_save(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    usb = tmp_path / "U盘"
    usb.mkdir()
    view = _view(qtbot, owner_window)
    assert view.spins["backup_keep"].value() == 10
    assert view.retention_spin.value() == PrivacyService(store, owner).retention_days()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_a: str(usb))

    view.choose_folder_button.click()
    assert view.edits["backup_dir"].text() == str(usb)
    view.spins["backup_keep"].setValue(3)
    view.retention_spin.setValue(400)
    view.save_button.click()

    assert view.error_label.isHidden(), view.error_label.text()
    assert view.info_label.text() == view.tr("Settings saved.")
    saved = CatalogService(store, owner).settings()
    assert saved.backup_dir == str(usb.resolve()) and saved.backup_keep == 3
    assert PrivacyService(store, owner).retention_days() == 400
    made = backup_if_due(store)
    assert made is not None and made.path.parent == usb.resolve()

    view.default_folder_button.click()
    assert view.edits["backup_dir"].text() == ""
    view.save_button.click()
    assert CatalogService(store, owner).settings().backup_dir == ""
    assert backup_folder(store) == store.path.parent / "backups"


def test_a_retention_period_out_of_range_is_refused(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    view = _view(qtbot, owner_window)
    before = PrivacyService(store, owner).retention_days()
    view.retention_spin.setValue(5)

    view.save_button.click()

    assert "保存期限" in view.error_label.text()
    assert view.retention_spin.value() == 5
    assert PrivacyService(store, owner).retention_days() == before


def test_a_refused_retention_period_saves_none_of_the_other_changes(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    view = _view(qtbot, owner_window)
    keep_before = CatalogService(store, owner).settings().backup_keep
    view.spins["backup_keep"].setValue(keep_before + 5)
    view.retention_spin.setValue(5)

    view.save_button.click()

    assert "保存期限" in view.error_label.text()
    assert CatalogService(store, owner).settings().backup_keep == keep_before, \
        "one save: all or nothing"
    assert view.spins["backup_keep"].value() == keep_before + 5
