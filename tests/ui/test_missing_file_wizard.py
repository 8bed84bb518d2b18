"""First start with the key file there but the data file gone: the wizard never makes a new file
over it; it finds the file or restores a backup, then the sign-in opens it."""

from __future__ import annotations

import argparse
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWizard
from pytestqt.qtbot import QtBot

from crm_desktop.app import open_session
from crm_desktop.models.backup_copy import make_backup
from crm_desktop.models.backup_records import backup_name, default_folder
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.ui.backup_menu.restore_dialog import RestoreDialog
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.first_run_wizard import FirstRunWizard

PASSWORD = "owner-pass-1"


def _customers(path: Path) -> list[str]:
    store, _actor = open_store(path, "boss", PASSWORD)
    try:
        with store.engine.connect() as conn:
            return [str(row[0]) for row in conn.exec_driver_sql("SELECT name FROM customers")]
    finally:
        store.close()


@pytest.fixture
def gone(tmp_path: Path) -> tuple[Path, Path]:
    """A shop file with one customer and a backup beside it, its data file then moved to a
    "USB drive" folder: (where the shop file belongs, where it went)."""
    path = tmp_path / "shop" / "shop.crm"
    store, _recovery = create_store(path, "测试小店", "boss", PASSWORD)
    CustomerService(store, store.actor_for("boss")).create(CustomerInput(name="欧阳娜娜"))
    folder = default_folder(path)
    folder.mkdir()
    make_backup(store, folder / backup_name(path, datetime(2024, 5, 1, 9, 30), "manual"))
    store.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    moved = usb / "shop.crm"
    shutil.move(path, moved)
    assert keyfile_path(path).exists() and not path.exists()
    return path, moved


def _wizard(qtbot: QtBot, path: Path, runner: SynchronousTaskRunner) -> FirstRunWizard:
    wizard = FirstRunWizard(path, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _sign(wizard: FirstRunWizard, user: str = "boss", password: str = PASSWORD) -> None:
    wizard.missing_page.user_edit.setText(user)
    wizard.missing_page.password_edit.setText(password)


def _pick(wizard: FirstRunWizard, found: Path) -> None:
    wizard.missing_page.look_button.click()
    dialog = wizard.file_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.selectFile(str(found))
    dialog.accept()


def test_the_wizard_says_the_file_is_missing_and_offers_no_new_file(
    qtbot: QtBot, gone: tuple[Path, Path], runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    path, _moved = gone
    keys_before = keyfile_path(path).read_bytes()
    wizard = _wizard(qtbot, path, runner)

    assert wizard.pageIds() == [wizard.currentId()], "one page: nothing to create"
    assert wizard.currentPage() is wizard.missing_page
    assert not wizard.shop_page.isVisible()
    text = wizard.missing_page.explanation.text()
    assert str(path) in text and "密钥文件" in text and "不会新建" in text
    latest = wizard.missing_page.backup_label.text()
    assert "1 位客户" in latest and "shop_2024-05-01_093000_manual.crmbak" in latest
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()

    wizard.missing_page.look_button.click()  # nothing typed yet
    assert wizard.file_dialog is None
    assert wizard.missing_page.status_label.text() == "请先输入用户名和密码。"

    wizard.reject()
    assert not path.exists()
    assert keyfile_path(path).read_bytes() == keys_before


def test_the_found_file_is_copied_back_and_opens(
    qtbot: QtBot, gone: tuple[Path, Path], runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    path, moved = gone
    keys_before = keyfile_path(path).read_bytes()
    wizard = _wizard(qtbot, path, runner)
    _sign(wizard, password="not-the-password")
    _pick(wizard, moved)
    assert wizard.missing_page.status_label.text() == "用户名或密码不正确。"
    assert not path.exists()

    _sign(wizard)
    _pick(wizard, moved)

    assert "已放回原处" in wizard.missing_page.status_label.text()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isEnabled() and finish.text() == "登录"
    finish.click()
    assert wizard.result() == QWizard.DialogCode.Accepted and wizard.file_back
    assert keyfile_path(path).read_bytes() == keys_before, "the key file here is kept"
    assert moved.exists(), "the file chosen stays where it was"
    assert _customers(path) == ["欧阳娜娜"]


def test_another_shops_file_is_refused_and_nothing_is_placed(
    qtbot: QtBot, gone: tuple[Path, Path], runner: SynchronousTaskRunner, chinese_ui: None,
    tmp_path: Path,
) -> None:
    path, _moved = gone
    other = tmp_path / "other" / "shop.crm"
    store, _ = create_store(other, "别的店", "boss", PASSWORD)
    store.close()
    wizard = _wizard(qtbot, path, runner)
    _sign(wizard)
    _pick(wizard, other)

    assert "不能用这里的密钥文件打开" in wizard.missing_page.status_label.text()
    assert not path.exists()
    assert not list(path.parent.glob("*.placing*"))
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()


def test_a_backup_is_restored_after_the_owner_signs_in_to_it(
    qtbot: QtBot, gone: tuple[Path, Path], runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    path, _moved = gone
    keys_before = keyfile_path(path).read_bytes()
    wizard = _wizard(qtbot, path, runner)
    _sign(wizard)
    wizard.missing_page.restore_button.click()
    dialog = wizard.restore_dialog
    assert isinstance(dialog, RestoreDialog) and dialog.isVisible()
    assert dialog.list.count() == 1 and "1 位客户" in dialog.list.item(0).text()
    dialog.restore_button.click()

    status = wizard.missing_page.status_label.text()
    assert "备份已恢复" in status and ".kept" in status, status
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    kept = list(default_folder(path).glob("shop.crm.keys.*.kept"))
    assert len(kept) == 1 and kept[0].read_bytes() == keys_before, "the old key file is kept"
    assert _customers(path) == ["欧阳娜娜"]


def test_a_wrong_owner_password_restores_nothing(
    qtbot: QtBot, gone: tuple[Path, Path], runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    path, _moved = gone
    keys_before = keyfile_path(path).read_bytes()
    wizard = _wizard(qtbot, path, runner)
    _sign(wizard, password="not-the-password")
    wizard.missing_page.restore_button.click()
    dialog = wizard.restore_dialog
    assert isinstance(dialog, RestoreDialog)
    dialog.restore_button.click()

    assert wizard.missing_page.status_label.text() == "用户名或密码不正确。"
    assert not path.exists()
    assert keyfile_path(path).read_bytes() == keys_before
    assert not list(default_folder(path).glob("*.kept"))


def test_the_app_offers_the_search_then_signs_in_to_the_file_put_back(
    qtbot: QtBot, gone: tuple[Path, Path], runner: SynchronousTaskRunner, chinese_ui: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path, moved = gone
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", PASSWORD)
    seen: list[str] = []

    def put_back() -> None:
        wizard = QApplication.activeModalWidget()
        if not isinstance(wizard, FirstRunWizard):
            QTimer.singleShot(20, put_back)
            return
        seen.append(wizard.windowTitle())
        _sign(wizard)
        _pick(wizard, moved)
        wizard.button(QWizard.WizardButton.FinishButton).click()

    QTimer.singleShot(0, put_back)
    session = open_session(path, runner, argparse.Namespace(db=path, user="boss"))

    assert seen == ["找不到数据文件"]
    assert session is not None
    store, actor = session
    try:
        assert actor.username == "boss" and actor.role == "owner"
        assert store.setting("shop_name") == "测试小店"
    finally:
        store.close()


def test_the_app_closed_on_the_missing_file_page_leaves_everything_as_it_was(
    qtbot: QtBot, gone: tuple[Path, Path], runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    path, _moved = gone
    keys_before = keyfile_path(path).read_bytes()
    shown: list[object] = []

    def cancel() -> None:
        modal = QApplication.activeModalWidget()
        if modal is None:
            QTimer.singleShot(20, cancel)
            return
        shown.append(type(modal))
        modal.close()

    QTimer.singleShot(0, cancel)
    assert open_session(path, runner, argparse.Namespace(db=path, user="boss")) is None
    assert shown == [FirstRunWizard], "neither a new file nor a sign-in is offered"
    assert not path.exists() and keyfile_path(path).read_bytes() == keys_before
