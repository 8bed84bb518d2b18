"""The owner's backup entries in the File menu: back up now, restore, undo the last restore.

- Back up now…: a file dialog proposing a dated name in the backup folder; the
  copy runs on the worker with a progress dialog and ends with the path, or
  with the sentence saying why it could not be made;
- Restore from a backup…: the backups of the folder, newest first, with their
  date and counts; a confirmation shows what the chosen one holds and that the
  passwords become those of that time (a backup of another shop file is named
  and asked about first). The signed-in owner is the proof the model asks for. The restore closes the file, so the
  program then says so and closes: it is started again and signed in anew;
- Undo the last restore: puts back the file the last restore replaced (the same
  way: the program closes afterwards).
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Qt
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
from crm_desktop.models.errors import DomainError, StoreError
from crm_desktop.models.progress import ProgressReport
from crm_desktop.models.restore import (
    RestoreResult,
    is_other_shop,
    require_owner,
    restore,
    undo_restore,
)
from crm_desktop.models.store.store import Store
from crm_desktop.ui.backup_menu.restore_dialog import RestoreDialog
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.menu_order import place_before_quit
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.main_window import MainWindow


def store_is_open(store: Store) -> bool:
    """False once the store was closed (a restore closes it): nothing may touch it then."""
    return not store.closed


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

    def default_backup_path(self, folder: Path) -> Path:
        """A dated name for a backup made now, in ``folder`` (made when it is the default one)."""
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
        if out_path is not None:
            self._back_up_to(out_path)
            return
        store = self.store
        # The backup folder is a setting of the file: read on the worker, then ask.
        self.context.runner.submit(lambda: backup_folder(store), on_done=self._ask_where)

    def _ask_where(self, folder: Path) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self.main_window, self.tr("Back up now"), str(self.default_backup_path(folder)),
            self.tr("Backups (*%1)").replace("%1", BACKUP_SUFFIX),
        )
        if name:
            self._back_up_to(Path(name))

    def _back_up_to(self, out_path: Path) -> None:
        if not out_path.name.endswith(BACKUP_SUFFIX):
            out_path = out_path.with_name(out_path.name + BACKUP_SUFFIX)
        target = out_path
        store = self.store

        def done(info: BackupInfo) -> None:
            self.last_backup = info
            self.main_window.show_message(self.tr("Backup made: %1").replace("%1", str(info.path)))
            self._inform(
                self.tr("Backup made"),
                self.tr("The backup was made and checked:\n%1\n\n%2")
                .replace("%1", str(info.path))
                .replace("%2", info.summary()),
            )

        self.context.runner.run_with_progress(
            lambda progress: make_backup(store, target, progress, kind="manual"),
            self.tr("Backing up"), self.main_window,
            on_done=done,
            on_error=lambda error: self.main_window.show_error(describe_error(error)),
            on_cancelled=lambda: self.main_window.show_message(
                self.tr("The backup was cancelled.")
            ),
            labels=self._labels(),
        )

    # -- restore ----------------------------------------------------------------------------------

    def open_restore(self) -> RestoreDialog | None:
        """Open the list of backups once the worker has read it (at once in tests)."""
        store = self.store

        def read() -> tuple[list[BackupInfo], Path]:
            folder = backup_folder(store)
            return list_backups(folder), folder

        self.context.runner.submit(read, on_done=lambda found: self._show_restore(*found))
        return self.restore_dialog

    def _show_restore(self, backups: list[BackupInfo], folder: Path) -> None:
        dialog = RestoreDialog(backups, folder)
        self.restore_dialog = dialog

        def accepted() -> None:
            chosen = dialog.chosen()
            self.restore_dialog = None
            if chosen is not None:
                self.confirm_restore(chosen)

        dialog.rejected.connect(lambda: setattr(self, "restore_dialog", None))
        self.main_window.open_dialog(dialog, accepted)

    def confirm_restore(self, backup: Path) -> None:
        """Show what ``backup`` holds and ask; Yes replaces the file by it.

        A backup of another shop file is named and asked about first.
        """
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
        if not is_other_shop(self.store.path, info, store=self.store):
            self._ask(self.tr("Restore from a backup"), text, lambda: self._run_restore(backup))
            return
        warning = (
            self.tr("This backup comes from another shop file (“%1”, %2), not from this shop's "
                    "file. Restoring it replaces this shop's data by the other shop's.")
            .replace("%1", info.shop_name or info.source_name)
            .replace("%2", info.source_name)
            + "\n\n" + self.tr("Go on with another shop's backup?")
        )
        self._ask(
            self.tr("Another shop's backup"), warning,
            lambda: self._ask(self.tr("Restore from a backup"), text,
                              lambda: self._run_restore(backup, other_shop=True)),
            warning=True,
        )

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

    def _run_restore(self, backup: Path | None, *, other_shop: bool = False) -> None:
        """Restore ``backup`` (None: undo the last restore) on the worker, then close.

        ``other_shop``: the owner agreed to put another shop's backup in place.
        """
        db_path = self.store.path
        store = self.store
        actor = self.context.actor
        # No screen lock may come between the restore and the window closing.
        idle_lock = self.main_window.idle_lock
        idle_seconds = idle_lock.idle_seconds
        idle_lock.set_idle_seconds(0)
        # A lock from the system (session locked, suspend) waits until the swap is done.
        idle_lock.hold_locks(True)
        def work(progress: ProgressReport) -> RestoreResult:
            if backup is None:
                return undo_restore(db_path, signed_in=actor, store=store, progress=progress)
            check_backup(backup)  # refused here, the file stays open and unchanged
            return restore(db_path, backup, signed_in=actor, store=store, other_shop=other_shop,
                           progress=progress)

        def done(result: RestoreResult) -> None:
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

        # A swap half-done must not be interrupted: the dialog offers no Cancel.
        self.context.runner.run_with_progress(
            work, self.tr("Restoring"), self.main_window, on_done=done, on_error=failed,
            labels=self._labels(), cancellable=False,
        )

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

    def _ask(self, title: str, text: str, on_yes: object, *, warning: bool = False) -> None:
        icon = QMessageBox.Icon.Warning if warning else QMessageBox.Icon.Question
        box = QMessageBox(
            icon, title, text,
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
