"""The owner's backup entries in the File menu: back up now, restore, undo the last restore.

- Back up now…: a file dialog proposing a dated name in the backup folder; the
  copy runs on the worker with a progress dialog and ends with the path, or
  with the sentence saying why it could not be made;
- Restore from a backup…: the backups of the folder, newest first, with their
  date and counts; a confirmation shows what the chosen one holds and that the
  passwords become those of that time. The restore closes the file, so the
  program then says so and closes: it is started again and signed in anew;
- Undo the last restore: puts back the file the last restore replaced (the same
  way: the program closes afterwards).
"""

from __future__ import annotations

import contextlib
import threading
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from crm_desktop.models.backup import backup_folder, list_backups, make_backup
from crm_desktop.models.backup_records import (
    BACKUP_SUFFIX,
    BackupInfo,
    backup_name,
    check_backup,
    default_folder,
    describe_backup,
    read_journal,
)
from crm_desktop.models.bulk import Progress as StepProgress
from crm_desktop.models.db import Store
from crm_desktop.models.errors import DomainError, StoreError
from crm_desktop.models.restore import RestoreResult, require_owner, restore, undo_restore
from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.backup_menu.restore_dialog import RestoreDialog
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.menu_order import place_before_quit
from crm_desktop.ui.progress_dialog import ProgressDialog
from crm_desktop.ui.task_runner import Progress, describe_error


def store_is_open(store: Store) -> bool:
    """False once the store was closed (a restore closes it): nothing may touch it then."""
    return not store.closed


class _Cancelled(Exception):
    """Raised from a progress callback to stop a backup the user cancelled."""


class _ProgressBridge(QObject):
    """Carries progress from the worker thread to a progress dialog on the GUI thread."""

    moved = Signal(object)

    def __init__(self, dialog: ProgressDialog, labels: dict[str, str]) -> None:
        super().__init__(dialog)
        self.labels = labels
        self.cancel_event = threading.Event()
        self.moved.connect(dialog.show_progress)
        dialog.cancel_requested.connect(self.cancel_event.set)

    def __call__(self, step: StepProgress) -> None:
        if self.cancel_event.is_set():
            raise _Cancelled()
        self.moved.emit(Progress(step.done, step.total, self.labels.get(step.stage, "")))


class BackupActions(QObject):
    """The owner's backup and restore entries of one main window, and what they open.

    ``BackupMenu`` (the package's install) adds the session's automatic backups.
    """

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.store = context.store
        self.is_owner = context.actor.role == "owner"
        # Set once a restore closed the file: the window may only close then.
        self.file_replaced = False
        self.message_box: QMessageBox | None = None
        self.confirm_box: QMessageBox | None = None
        self.restore_dialog: RestoreDialog | None = None
        self.last_backup: BackupInfo | None = None
        self.backup_action: QAction | None = None
        self.restore_action: QAction | None = None
        self.undo_action: QAction | None = None
        if self.is_owner:
            add = main_window.add_action
            self.backup_action = add(
                "file", self.tr("Back up now…"), self.back_up_now, name="action_backup_now"
            )
            self.restore_action = add(
                "file", self.tr("Restore from a backup…"), self.open_restore, name="action_restore"
            )
            self.undo_action = add(
                "file", self.tr("Undo the last restore"), self.undo_last_restore,
                name="action_undo_restore",
            )
            place_before_quit(
                main_window.menu("file"),
                [self.backup_action, self.restore_action, self.undo_action],
                group=True,
            )

    # -- back up now ------------------------------------------------------------------------------

    def default_backup_path(self) -> Path:
        folder = backup_folder(self.store)
        if folder == default_folder(self.store.path):
            with contextlib.suppress(OSError):
                folder.mkdir(exist_ok=True)
        return folder / backup_name(self.store.path, datetime.now(), "manual")

    def back_up_now(self, out_path: Path | None = None) -> None:
        """Ask where (unless ``out_path`` is given), then make a verified backup there."""
        try:
            require_owner(self.context.actor)
        except DomainError as error:
            self.main_window.show_error(str(error))
            return
        if out_path is None:
            name, _ = QFileDialog.getSaveFileName(
                self.main_window, self.tr("Back up now"), str(self.default_backup_path()),
                self.tr("Backups (*%1)").replace("%1", BACKUP_SUFFIX),
            )
            if not name:
                return
            out_path = Path(name)
        if not out_path.name.endswith(BACKUP_SUFFIX):
            out_path = out_path.with_name(out_path.name + BACKUP_SUFFIX)
        target = out_path
        store = self.store
        dialog = ProgressDialog(self.tr("Backing up"), self.main_window)
        bridge = _ProgressBridge(dialog, self._labels())

        def finish() -> None:
            dialog.close_when_done()

        def done(info: BackupInfo) -> None:
            finish()
            self.last_backup = info
            self.main_window.show_message(self.tr("Backup made: %1").replace("%1", str(info.path)))
            self._inform(
                self.tr("Backup made"),
                self.tr("The backup was made and checked:\n%1\n\n%2")
                .replace("%1", str(info.path))
                .replace("%2", info.summary()),
            )

        def failed(error: BaseException) -> None:
            finish()
            if bridge.cancel_event.is_set():
                self.main_window.show_message(self.tr("The backup was cancelled."))
                return
            self.main_window.show_error(describe_error(error))

        handle = self.context.runner.submit(
            lambda: make_backup(store, target, bridge, kind="manual"), on_done=done, on_error=failed
        )
        if not handle.finished:
            dialog.open_delayed()

    # -- restore ----------------------------------------------------------------------------------

    def open_restore(self) -> RestoreDialog:
        folder = backup_folder(self.store)
        dialog = RestoreDialog(list_backups(folder), folder)
        self.restore_dialog = dialog

        def accepted() -> None:
            chosen = dialog.chosen()
            self.restore_dialog = None
            if chosen is not None:
                self.confirm_restore(chosen)

        dialog.rejected.connect(lambda: setattr(self, "restore_dialog", None))
        self.main_window.open_dialog(dialog, accepted)
        return dialog

    def confirm_restore(self, backup: Path) -> None:
        """Show what ``backup`` holds and ask; Yes replaces the file by it."""
        try:
            info = describe_backup(backup)
        except StoreError as error:
            self.main_window.show_error(str(error))
            return
        text = (
            self.tr("Replace the current file by this backup?")
            + "\n\n" + info.summary() + "\n\n"
            + self.tr(
                "Everything entered after the backup was made is replaced. Passwords and the "
                "recovery key become those of that time. A safety copy of the current file is "
                "kept; “Undo the last restore” puts it back. The program then closes: start "
                "it again and sign in."
            )
        )
        self._ask(self.tr("Restore from a backup"), text, lambda: self._run_restore(backup))

    def undo_last_restore(self) -> None:
        """Ask, then put back the file the last restore replaced."""
        safety = read_journal(self.store.path.absolute()).get("last_restore", {}).get("safety")
        if not safety or not Path(str(safety)).is_file():
            self.main_window.show_error(
                self.tr("There is no restore to undo: the safety copy kept before it was not found.")
            )
            return
        try:
            summary = describe_backup(Path(str(safety))).summary()
        except StoreError as error:
            self.main_window.show_error(str(error))
            return
        text = (
            self.tr("Put back the file as it was before the last restore?")
            + "\n\n" + summary + "\n\n"
            + self.tr(
                "The current state is kept as a safety copy, so this can be undone again. "
                "The program then closes: start it again and sign in."
            )
        )
        self._ask(self.tr("Undo the last restore"), text, lambda: self._run_restore(None))

    def _run_restore(self, backup: Path | None) -> None:
        """Restore ``backup`` (None: undo the last restore) on the worker, then close."""
        db_path = self.store.path
        store = self.store
        # No screen lock may come between the restore and the window closing.
        idle_lock = self.main_window.idle_lock
        idle_seconds = idle_lock.idle_seconds
        idle_lock.set_idle_seconds(0)
        # A lock from the system (session locked, suspend) waits until the swap is done.
        idle_lock.hold_locks(True)
        dialog = ProgressDialog(self.tr("Restoring"), self.main_window)
        dialog.cancel_button.setEnabled(False)  # a swap half-done must not be interrupted
        bridge = _ProgressBridge(dialog, self._labels())

        def work() -> RestoreResult:
            if backup is None:
                return undo_restore(db_path, store=store, progress=bridge)
            check_backup(backup)  # refused here, the file stays open and unchanged
            return restore(db_path, backup, store=store, progress=bridge)

        def done(result: RestoreResult) -> None:
            dialog.close_when_done()
            self._file_closed()
            safety = result.safety.path if result.safety is not None else None
            text = self.tr("The backup was put in place: %1").replace("%1", result.restored.summary())
            if safety is not None:
                text += "\n\n" + self.tr("The file as it was before is kept in %1.").replace(
                    "%1", str(safety)
                )
            text += "\n\n" + self.tr(
                "The program closes now. Start it again and sign in with the passwords of the "
                "time of the backup."
            )
            self._inform(self.tr("Restored"), text, then=self.main_window.close)

        def failed(error: BaseException) -> None:
            dialog.close_when_done()
            if store_is_open(store):
                idle_lock.set_idle_seconds(idle_seconds)
                idle_lock.hold_locks(False)
                self.main_window.show_error(describe_error(error))
                return
            self._file_closed()
            text = describe_error(error) + "\n\n" + self.tr(
                "The shop file was closed. The program closes now; start it again."
            )
            self._inform(self.tr("Not done"), text, then=self.main_window.close)

        handle = self.context.runner.submit(work, on_done=done, on_error=failed)
        if not handle.finished:
            dialog.open_delayed()

    def _file_closed(self) -> None:
        self.file_replaced = True
        self.context.bus.detach()
        self.main_window.idle_lock.stop()

    # -- helpers ----------------------------------------------------------------------------------

    def _labels(self) -> dict[str, str]:
        return {
            "backup": self.tr("Copying the shop file…"),
            "verify": self.tr("Checking the copy…"),
            "restore": self.tr("Putting the backup in place…"),
        }

    def _ask(self, title: str, text: str, on_yes: object) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.main_window,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setObjectName("backup_confirm")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.confirm_box = box

        def answered(_result: int) -> None:
            self.confirm_box = None
            if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
                on_yes()  # type: ignore[operator]

        box.finished.connect(answered)
        box.open()

    def _inform(self, title: str, text: str, then: object = None) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok,
            self.main_window,
        )
        box.setObjectName("backup_message")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_box = box

        def closed(_result: int) -> None:
            self.message_box = None
            if then is not None:
                then()  # type: ignore[operator]

        box.finished.connect(closed)
        box.open()
