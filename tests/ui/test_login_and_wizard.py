"""First start and sign-in, through the real dialogs and a real encrypted file."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from crm_desktop.app import run_gui
from crm_desktop.models.errors import AuthError
from crm_desktop.models.opening import open_store, open_store_with_recovery
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.first_run_wizard import FirstRunWizard
from crm_desktop.ui.login_dialog import LoginDialog
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.recover_access_dialog import RecoverAccessDialog
from crm_desktop.ui.recovery_key_dialog import RecoveryKeyDialog


def _fill_shop_page(qtbot: QtBot, wizard: FirstRunWizard, repeat: str) -> None:
    page = wizard.shop_page
    page.shop_edit.setText("街角咖啡")
    qtbot.keyClicks(page.owner_edit, "laoban")
    qtbot.keyClicks(page.password_edit, "secret-pass-9")
    qtbot.keyClicks(page.repeat_edit, repeat)


def test_wizard_creates_a_file_that_opens_with_the_password(
    qtbot: QtBot, tmp_path: Path, runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    path = tmp_path / "new-shop.crm"
    wizard = FirstRunWizard(path, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_shop_page(qtbot, wizard, "secret-pass-9")
    wizard.button(QWizard.WizardButton.CommitButton).click()

    assert wizard.currentPage() is wizard.recovery_page
    key_text = wizard.recovery_page.key_label.text()
    groups = key_text.split()
    assert len(groups) == 8 and all(len(group) == 4 for group in groups)
    assert "\n" in key_text, "the key is shown on two lines of four groups"
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled(), "Finish waits for the written-down confirmation"
    wizard.reject()
    assert wizard.isVisible(), "the key cannot be dismissed unconfirmed"

    pdf = tmp_path / "key.pdf"
    wizard.save_recovery_pdf(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")

    wizard.recovery_page.written_box.setChecked(True)
    assert finish.isEnabled()
    finish.click()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.actor is not None and wizard.actor.role == "owner"
    assert wizard.store is not None
    assert wizard.store.setting("shop_name") == "街角咖啡"
    wizard.store.close()

    reopened, actor = open_store(path, "laoban", "secret-pass-9")
    try:
        assert actor.username == "laoban"
    finally:
        reopened.close()
    recovered = open_store_with_recovery(path, key_text)
    recovered.close()


def test_wizard_refuses_different_passwords_and_creates_nothing(
    qtbot: QtBot, tmp_path: Path, runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    path = tmp_path / "new-shop.crm"
    wizard = FirstRunWizard(path, runner)
    qtbot.addWidget(wizard)
    wizard.show()
    _fill_shop_page(qtbot, wizard, "secret-pass-8")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert wizard.currentPage() is wizard.shop_page
    assert wizard.shop_page.error_label.text() == "两次输入的密码不一致，请重新输入。"
    assert wizard.shop_page.shop_edit.text() == "街角咖啡", "typed input is kept"
    assert not path.exists() and not keyfile_path(path).exists()


def test_wizard_shows_the_model_sentence_for_a_short_password(
    qtbot: QtBot, tmp_path: Path, runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    wizard = FirstRunWizard(tmp_path / "s.crm", runner)
    qtbot.addWidget(wizard)
    wizard.show()
    page = wizard.shop_page
    page.shop_edit.setText("小店")
    qtbot.keyClicks(page.owner_edit, "boss")
    qtbot.keyClicks(page.password_edit, "abc")
    qtbot.keyClicks(page.repeat_edit, "abc")
    wizard.button(QWizard.WizardButton.CommitButton).click()
    assert page.error_label.text() == "密码至少 6 个字符。"
    assert not (tmp_path / "s.crm").exists()


def test_wrong_password_says_so_then_the_right_one_signs_in(
    qtbot: QtBot, store: Store, db_path: Path, runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    store.close()  # the dialog opens the file itself
    dialog = LoginDialog(db_path, runner, "boss")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    assert dialog.password_edit.hasFocus(), "with the user name known, the password has focus"
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)

    assert dialog.isVisible()
    assert dialog.store is None
    assert dialog.error_label.text() == "用户名或密码不正确。"
    assert dialog.error_label.isVisible()
    assert dialog.user_edit.text() == "boss", "the user name is kept"
    assert dialog.password_edit.text() == ""
    assert dialog.password_edit.hasFocus()

    qtbot.keyClicks(dialog.password_edit, "owner-pass-1")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == LoginDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.role == "owner"
    assert dialog.store is not None
    dialog.store.close()


def test_escape_cancels_sign_in(
    qtbot: QtBot, store: Store, db_path: Path, runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    dialog = LoginDialog(db_path, runner, "boss")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Escape)
    assert dialog.result() == LoginDialog.DialogCode.Rejected
    assert not dialog.isVisible() and dialog.store is None


def test_a_file_open_elsewhere_is_refused_with_a_sentence(
    qtbot: QtBot, store: Store, db_path: Path, runner: SynchronousTaskRunner, chinese_ui: None
) -> None:
    dialog = LoginDialog(db_path, runner, "boss")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    qtbot.keyClicks(dialog.password_edit, "owner-pass-1")
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.store is None
    assert "已经在另一个窗口或程序中打开" in dialog.error_label.text()


def test_owner_makes_a_new_recovery_key_and_must_confirm_it(
    qtbot: QtBot,
    owner_window: MainWindow,
    store_and_recovery: tuple[Store, str],
    db_path: Path,
) -> None:
    old_key = store_and_recovery[1]

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert "旧密钥会立即失效" in box.text()
        box.button(QMessageBox.StandardButton.Yes).click()

    QTimer.singleShot(0, confirm)
    owner_window.findChild(QAction, "action_new_recovery_key").trigger()
    dialog = owner_window.findChild(RecoveryKeyDialog)
    assert dialog is not None and dialog.isVisible()
    new_key = dialog.view.recovery_key
    assert new_key and new_key != old_key
    assert not dialog.close_button.isEnabled()
    dialog.reject()
    assert dialog.isVisible(), "the new key cannot be dismissed unconfirmed"
    dialog.view.written_box.setChecked(True)
    dialog.close_button.click()
    assert not dialog.isVisible()

    owner_window.context.store.close()
    with pytest.raises(AuthError):
        open_store_with_recovery(db_path, old_key)
    open_store_with_recovery(db_path, new_key).close()


def test_the_app_starts_on_an_existing_file_and_signs_in_from_the_environment(
    qtbot: QtBot, store: Store, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.close()
    monkeypatch.setenv("CRM_DESKTOP_PASSWORD", "owner-pass-1")
    seen: list[str] = []
    tries = [0]

    def close_main_window() -> None:
        tries[0] += 1
        for widget in QApplication.topLevelWidgets():
            # The window opens at once; the shop's name arrives from the worker a moment later.
            if (isinstance(widget, MainWindow) and widget.isVisible()
                    and (widget.shop_name or tries[0] > 100)):
                seen.append(widget.windowTitle())
                seen.append(widget.user_label.text())
                widget.close()
                return
        QTimer.singleShot(50, close_main_window)

    QTimer.singleShot(50, close_main_window)
    args = argparse.Namespace(db=db_path, user="boss", lang="zh")
    assert run_gui(args) == 0
    assert seen == ["测试小店 — 会员卡管理", "当前用户：boss（店主）"]
    reopened, _actor = open_store(db_path, "boss", "owner-pass-1")
    reopened.close()  # the app released the file when it closed


def test_the_recovery_key_opens_the_file_and_sets_a_new_owner_password(
    qtbot: QtBot,
    store_and_recovery: tuple[Store, str],
    db_path: Path,
    runner: SynchronousTaskRunner,
    chinese_ui: None,
) -> None:
    store, recovery = store_and_recovery
    store.close()
    dialog = RecoverAccessDialog(db_path, runner, "boss")
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
    wrong = "AAAA-" * 7 + "AAAA"
    qtbot.keyClicks(dialog.key_edit, wrong)
    qtbot.keyClicks(dialog.password_edit, "brand-new-9")
    qtbot.keyClicks(dialog.repeat_edit, "brand-new-9")
    qtbot.keyClick(dialog.repeat_edit, Qt.Key.Key_Return)
    assert dialog.error_label.text() == "恢复密钥不正确。"
    assert dialog.store is None and dialog.isVisible()

    dialog.key_edit.setText(recovery.lower().replace("-", " "))
    qtbot.keyClick(dialog.key_edit, Qt.Key.Key_Return)
    assert dialog.result() == RecoverAccessDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.username == "boss"
    assert dialog.store is not None
    dialog.store.close()
    with pytest.raises(AuthError):
        open_store(db_path, "boss", "owner-pass-1")
    open_store(db_path, "boss", "brand-new-9")[0].close()
