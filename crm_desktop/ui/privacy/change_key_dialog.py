"""The owner changes the database key: when to, a new recovery key if wanted, and the outcome.

The change runs on the task runner with a busy bar (it rewrites every page of the
file). Afterwards the dialog says which accounts can still sign in and where the
backup made first lies; a new recovery key is shown once with the usual
recovery key view, and Close waits for "I have written it down".
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.rekey import RekeyResult, rekey
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import refusal_label
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.recovery_key_view import RecoveryKeyView


class ChangeKeyDialog(QDialog):
    """``outcome`` is the ``RekeyResult`` once the key was changed."""

    def __init__(self, context: AppContext, shop_name: str, parent: QWidget | None = None,
                 hold_locks: Callable[[bool], None] | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.shop_name = shop_name
        # A screen lock drops the key; while every page is being rewritten it has to wait.
        self.hold_locks = hold_locks
        self.outcome: RekeyResult | None = None
        self.running = False
        self.setObjectName("change_key_dialog")
        self.setWindowTitle(self.tr("Change the database key"))
        self.setMinimumWidth(600)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._ask_page())
        self.pages.addWidget(self._done_page())
        self.buttons = QDialogButtonBox()
        self.change_button = QPushButton(self.tr("Change the key"))
        self.change_button.setObjectName("change_key_button")
        self.buttons.addButton(self.change_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.hide()
        self.change_button.setDefault(True)
        self.change_button.clicked.connect(self.change_key)
        self.cancel_button.clicked.connect(self.reject)
        self.close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.buttons)

    def _ask_page(self) -> QWidget:
        page = QWidget()
        when = QLabel(self.tr(
            "Use this when a member of staff has left, or when a password or the recovery key "
            "may have been seen by someone else, and a copy of the key file may be out there. "
            "Remove the leaver's account first."))
        when.setWordWrap(True)
        what = QLabel(self.tr(
            "The shop file gets a new key, handed to every remaining account: everyone keeps "
            "their password. An old copy of the key file then opens nothing, with any password."))
        what.setWordWrap(True)
        backups = QLabel(self.tr(
            "A backup is made first. Backups, including that one, stay under the old key: "
            "whoever must lose access should not keep a copy of one."))
        backups.setWordWrap(True)
        self.recovery_box = QCheckBox(self.tr(
            "Also make a new recovery key (the old one stops working)"))
        self.recovery_box.setObjectName("new_recovery_key")
        self.busy_label = QLabel(self.tr("Changing the key… Do not close the program."))
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_label.hide()
        self.busy_bar.hide()
        self.error_label = refusal_label("change_key_error", hidden=True)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        for label in (when, what, backups):
            layout.addWidget(label)
        layout.addSpacing(6)
        layout.addWidget(self.recovery_box)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.busy_bar)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget()
        self.done_label = QLabel()
        self.done_label.setObjectName("change_key_done")
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_intro = QLabel(self.tr(
            "The old recovery key no longer works. This new key is shown only now: write it "
            "on paper and keep it somewhere safe."))
        self.recovery_intro.setWordWrap(True)
        self.recovery_view = RecoveryKeyView()
        self.recovery_view.confirmed_changed.connect(self._update_close)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.done_label)
        layout.addSpacing(8)
        layout.addWidget(self.recovery_intro)
        layout.addWidget(self.recovery_view, 1)
        return page

    # -- running ------------------------------------------------------------------------------

    def change_key(self) -> None:
        """Run the key change on the task runner; its refusal is shown as one sentence."""
        if self.running or self.outcome is not None:
            return
        store, actor = self.context.store, self.context.actor
        renew = self.recovery_box.isChecked()
        self.error_label.hide()
        self._busy(True)
        self.context.runner.submit(lambda: rekey(store, actor, new_recovery_key=renew),
                                   on_done=self._changed, on_error=self._failed)

    def _busy(self, busy: bool) -> None:
        self.running = busy
        if self.hold_locks is not None:
            self.hold_locks(busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)
        self.change_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.recovery_box.setEnabled(not busy)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self.error_label.setText(describe_error(error))
        self.error_label.show()

    def _changed(self, result: RekeyResult) -> None:
        self._busy(False)
        self.outcome = result
        lines = [self.tr("The database key was changed. %1 account(s) can still sign in: %2.")
                 .replace("%1", str(len(result.accounts)))
                 .replace("%2", "、".join(result.accounts))]
        if result.dropped:
            lines.append(self.tr("Entries in the key file that no owner signed were dropped and "
                                 "got no new key: %1.").replace("%1", "、".join(result.dropped)))
        if result.backup_path is not None:
            lines.append(self.tr("A backup was made first, under the old key: %1")
                         .replace("%1", str(result.backup_path)))
        if result.recovery_key is None:
            lines.append(self.tr("The recovery key was not changed; it still works."))
        self.done_label.setText("\n\n".join(lines))
        shown = result.recovery_key is not None
        if result.recovery_key is not None:
            self.recovery_view.set_key(result.recovery_key, self.shop_name,
                                       Path(self.context.store.path))
        self.recovery_intro.setVisible(shown)
        self.recovery_view.setVisible(shown)
        self.pages.setCurrentIndex(1)
        self.change_button.hide()
        self.cancel_button.hide()
        self.close_button.show()
        self.close_button.setDefault(True)
        self._update_close()

    def _update_close(self) -> None:
        self.close_button.setEnabled(self._may_close())

    def _may_close(self) -> bool:
        needs_key = self.outcome is not None and self.outcome.recovery_key is not None
        return not self.running and (not needs_key or self.recovery_view.confirmed)

    def reject(self) -> None:
        if not self._may_close():
            if self.outcome is not None:
                self.recovery_view.written_box.setFocus()
            return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and not self._may_close():
            event.accept()
            return
        super().keyPressEvent(event)
