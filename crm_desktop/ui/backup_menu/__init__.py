"""Backups in the session: the File menu's entries, the daily backup, the clock check, and
a backup on close. ``install(main_window, context)`` is the entry point (app.py).

The pieces: ``actions`` (Back up now…, Restore from a backup…, Undo the last
restore — owner only: a backup copies the whole file, a restore replaces it),
``restore_dialog`` (the list of backups), ``damaged_file`` (the offer at sign-in
when the file cannot be opened). This module adds, for every role, once the
window is shown: a computer clock set back is reported; customers erased earlier
whom a restored backup brought back are erased again at an owner's sign-in and
counted in a warning (other roles are told the owner's sign-in will do it); and a little later the
daily backup runs on the worker (a failure only shows in the status bar). When
the window closes, a backup is made if anything changed; a failure is shown but
never keeps the window open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QMessageBox

from crm_desktop.models.backup import backup_if_due, backup_on_close
from crm_desktop.models.backup_records import BackupInfo
from crm_desktop.models.clock import clock_warning
from crm_desktop.models.permissions import allowed
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.privacy_records import AnonymiseResult
from crm_desktop.ui.backup_menu.actions import BackupActions, store_is_open
from crm_desktop.ui.backup_menu.damaged_file import offer_latest_backup
from crm_desktop.ui.backup_menu.restore_dialog import RestoreDialog
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.main_window import MainWindow

__all__ = [
    "DUE_BACKUP_DELAY_MS", "BackupActions", "BackupMenu", "RestoreDialog", "install",
    "offer_latest_backup", "store_is_open",
]

# The daily backup waits this long after the window appears: start-up and the first
# searches are not queued behind it.
DUE_BACKUP_DELAY_MS = 5000


class BackupMenu(BackupActions):
    """The installed backup entries (see ``BackupActions``) and the session's automatic backups."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window, context)
        self.clock_box: QMessageBox | None = None
        self.erasure_box: QMessageBox | None = None
        self._shown = False
        self._backed_up_for_close = False
        self._close_backup_running = False
        main_window.installEventFilter(self)

    # -- after showing, and on close ----------------------------------------------------------

    def after_shown(self) -> None:
        """Say when the computer's clock is earlier than the newest record."""
        if not store_is_open(self.store):
            return
        store = self.store
        # A check must never stop the session: a failure says nothing.
        self.context.runner.submit(
            lambda: clock_warning(store), on_done=self._show_clock_warning,
            on_error=lambda _error: None,
        )
        self.check_erasures()

    def check_erasures(self) -> None:
        """Erase again, at an owner's sign-in, anyone erased earlier whom a restore brought
        back, and say how many; another role is told the owner's next sign-in does it."""
        privacy = PrivacyService(self.store, self.context.actor)
        if allowed(self.context.actor, "customer.delete"):
            def failed(error: BaseException) -> None:
                self.main_window.show_message(
                    self.tr("Customers erased earlier could not be erased again: %1")
                    .replace("%1", describe_error(error)), 0,
                )

            self.context.runner.submit(
                privacy.erase_again, on_done=self._show_erased_again, on_error=failed
            )
        else:
            self.context.runner.submit(
                privacy.erasures_undone, on_done=self._show_erasures_waiting,
                on_error=lambda _error: None,
            )

    def _show_erased_again(self, result: AnonymiseResult) -> None:
        if result.customer_ids:
            self._warn_erasures(self.tr(
                "%1 customer(s) whose personal details had been erased were back in this file "
                "(a backup from before the erasure was restored). They have been erased again."
            ).replace("%1", str(len(result.customer_ids))))

    def _show_erasures_waiting(self, customer_ids: tuple[int, ...]) -> None:
        if customer_ids:
            self._warn_erasures(self.tr(
                "%1 customer(s) whose personal details had been erased are back in this file "
                "(a backup from before the erasure was restored). They are erased again when "
                "the owner signs in; until then, do not use their details."
            ).replace("%1", str(len(customer_ids))))

    def _warn_erasures(self, text: str) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Erased customers came back"), text,
            QMessageBox.StandardButton.Ok, self.main_window,
        )
        box.setObjectName("erased_again")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.erasure_box = box
        box.finished.connect(lambda _result: setattr(self, "erasure_box", None))
        box.open()

    def _show_clock_warning(self, warning: object) -> None:
        if warning is not None:
            box = QMessageBox(
                QMessageBox.Icon.Warning, self.tr("Check the computer's clock"), str(warning),
                QMessageBox.StandardButton.Ok, self.main_window,
            )
            box.setObjectName("clock_warning")
            box.setWindowModality(Qt.WindowModality.WindowModal)
            self.clock_box = box
            box.finished.connect(lambda _result: setattr(self, "clock_box", None))
            box.open()

    def run_due_backup(self) -> None:
        """The daily backup, on the worker; only a failure is mentioned, in the status bar."""
        if self.file_replaced or not store_is_open(self.store):
            return
        store = self.store

        def done(info: BackupInfo | None) -> None:
            if info is not None:
                self.last_backup = info

        def failed(error: BaseException) -> None:
            self.main_window.show_message(
                self.tr("The daily backup could not be made: %1").replace("%1", describe_error(error)),
                0,
            )

        self.context.runner.submit(lambda: backup_if_due(store), on_done=done, on_error=failed)

    def back_up_on_close(self, then: Callable[[], None] | None = None) -> bool:
        """Back up what changed, on the worker with a progress dialog; ``then()`` afterwards.

        Not while the file is suspended (locked, its key dropped): there is nothing
        to read then, and the backup before the lock covered it. Returns False when
        there was nothing to do (``then`` is not called).
        """
        if (
            self.file_replaced
            or not store_is_open(self.store)
            or self.store.is_suspended
        ):
            return False
        store = self.store
        self.main_window.show_message(self.tr("Backing up before closing…"))

        def done(info: BackupInfo | None) -> None:
            if info is not None:
                self.last_backup = info
            if then is not None:
                then()

        def failed(error: BaseException) -> None:
            self.show_close_error(
                self.tr("The backup on closing could not be made: %1").replace(
                    "%1", describe_error(error)
                )
            )
            if then is not None:
                then()

        # A half-made backup is removed anyway; Cancel would only leave the file unsaved.
        self.context.runner.run_with_progress(
            lambda progress: backup_on_close(store, progress),
            self.tr("Backing up before closing…"), self.main_window,
            on_done=done, on_error=failed, cancellable=False,
        )
        return True

    def show_close_error(self, text: str) -> None:
        QMessageBox.warning(self.main_window, self.tr("Backup"), text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.main_window:
            kind = event.type()
            if kind == QEvent.Type.Show and not self._shown:
                self._shown = True
                QTimer.singleShot(0, self.after_shown)
                QTimer.singleShot(DUE_BACKUP_DELAY_MS, self.run_due_backup)
            elif (
                kind == QEvent.Type.Close
                and isinstance(event, QCloseEvent)
                and not self.main_window.idle_lock.is_locked
                and not self._backed_up_for_close
            ):
                return self._close_after_backup(event)
        return False

    def _close_after_backup(self, event: QCloseEvent) -> bool:
        """Hold the window open while the close backup runs; close it when that is done."""
        if self._close_backup_running:
            event.ignore()
            return True
        finished: list[bool] = []

        def backed_up() -> None:
            self._backed_up_for_close = True
            self._close_backup_running = False
            if finished:  # answered later, from the worker: close now
                self.main_window.close()
            finished.append(True)

        if not self.back_up_on_close(backed_up) or finished:
            self._backed_up_for_close = True
            return False  # nothing to back up, or done already: this close goes on
        finished.append(False)
        self._close_backup_running = True
        event.ignore()
        return True

    # -- helpers ----------------------------------------------------------------------------------


def install(main_window: MainWindow, context: AppContext) -> BackupMenu:
    """Add the owner's backup actions and the session's backup hooks (once per window)."""
    installed = main_window.findChild(BackupMenu)
    if isinstance(installed, BackupMenu):
        return installed
    return BackupMenu(main_window, context)
