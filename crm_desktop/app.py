"""Composition root of the GUI: language, first start or sign-in, then the main window.

``run_gui(args)`` is what ``crm-desktop`` runs without a verb. The shop file is
``--db`` (or the default in the user's data folder); when it does not exist yet
the first-start wizard creates it (or, when its key file is still there, helps to
find the missing file or restore a backup), otherwise the sign-in dialog opens it. Heavy
libraries (matplotlib, openpyxl) are not imported here: screens import them when
first needed, so the window appears quickly.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from crm_desktop.models.actor import Actor
from crm_desktop.models.store.store import Store
from crm_desktop.paths import default_db_path
from crm_desktop.ui.base.i18n import choose_language, install_language
from crm_desktop.ui.base.preferences import preference, save_preference
from crm_desktop.ui.base.task_runner import TaskRunner

if TYPE_CHECKING:
    from crm_desktop.ui.main_window import MainWindow

EXIT_CANCELLED = 1
_LAST_USER_KEY = "login/last_user"
# Screens that plug into the main window: each module exposes install(main_window, context)
# and adds its menu actions, panels or views through the window's public calls.
SCREEN_MODULES = (
    "crm_desktop.ui.owner_menu",
    "crm_desktop.ui.owner.items_view",
    "crm_desktop.ui.owner.starter_set_menu",
    "crm_desktop.ui.owner.receipt_settings_menu",
    "crm_desktop.ui.owner.approval_menu",
    "crm_desktop.ui.owner.server_move_menu",
    "crm_desktop.ui.customer_actions",
    "crm_desktop.ui.counter.shift_menu",
    "crm_desktop.ui.insights",
    "crm_desktop.ui.insights.sales_view",
    "crm_desktop.ui.excel",
    "crm_desktop.ui.backup_menu",
    "crm_desktop.ui.privacy",
    "crm_desktop.ui.quality.duplicates_menu",
    "crm_desktop.ui.quality.upkeep_menu",
)
# Imported on the worker thread while the sign-in dialog waits for the password.
_WARM_UP_MODULES = ("crm_desktop.models.store.migrate", "crm_desktop.ui.main_window", *SCREEN_MODULES)


def _warm_up() -> None:
    for name in _WARM_UP_MODULES:
        importlib.import_module(name)


def make_application() -> QApplication:
    """The one QApplication (reused when a test or script already made it)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("crm_desktop")
    app.setOrganizationName("crm_desktop")
    return app


def open_session(path: Path, runner: TaskRunner, args: argparse.Namespace) -> tuple[Store, Actor] | None:
    """First start (wizard) or sign-in; None when the user cancelled."""
    from crm_desktop.ui.first_run_wizard import FirstRunWizard
    from crm_desktop.ui.login_dialog import LoginDialog

    if not path.exists():
        # No data file: the wizard creates one, or, when its key file is still here (the data
        # file went missing), offers to find it or restore a backup and never creates one.
        wizard = FirstRunWizard(path, runner)
        wizard.exec()
        # Once the file exists its owner is signed in, however the wizard was closed.
        if wizard.store is not None and wizard.actor is not None:
            return wizard.store, wizard.actor
        if not (wizard.file_back and path.exists()):
            return None
    username = (
        getattr(args, "user", None)
        or os.environ.get("CRM_DESKTOP_USER")
        or preference(_LAST_USER_KEY, "")
        or ""
    )
    dialog = LoginDialog(path, runner, username)
    password = os.environ.get("CRM_DESKTOP_PASSWORD")
    if username and password:
        # Scripted start: sign in at once; a wrong password still shows in the dialog.
        dialog.password_edit.setText(password)
        dialog.sign_in()
    if dialog.store is None and dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if dialog.store is None or dialog.actor is None:
        return None
    save_preference(_LAST_USER_KEY, dialog.actor.username)
    return dialog.store, dialog.actor


def build_main_window(
    store: Store,
    actor: Actor,
    runner: TaskRunner,
    idle_seconds: float | None = None,
    screens: Sequence[str] = SCREEN_MODULES,
) -> MainWindow:
    """The main window of a signed-in session, wired to its runner, change bus and screens."""
    from crm_desktop.ui.base.app_context import AppContext
    from crm_desktop.ui.base.change_bus import ChangeBus
    from crm_desktop.ui.base.session_events import SessionEvents
    from crm_desktop.ui.main_window import MainWindow

    bus = ChangeBus(store)
    context = AppContext(store, actor, runner, bus)
    window = MainWindow(context, idle_seconds=idle_seconds)
    window.idle_lock.follow(SessionEvents(window))
    window.idle_lock.user_switched.connect(
        lambda next_actor: hand_over(window, next_actor, idle_seconds, screens)
    )
    for name in screens:
        importlib.import_module(name).install(window, context)
    return window


def hand_over(
    window: MainWindow,
    actor: Actor,
    idle_seconds: float | None = None,
    screens: Sequence[str] = SCREEN_MODULES,
) -> MainWindow:
    """Another user signed in on ``window``'s lock screen: a window of their own replaces it.

    The store stays open (already unlocked with their slot); the old window closes with
    its screens, menus, dialogs and change bus, so nothing of the previous user's
    session stays on screen or acts for them.
    """
    context = window.context
    successor = build_main_window(context.store, actor, context.runner, idle_seconds, screens)
    successor.setGeometry(window.geometry())
    if window.isMaximized():
        successor.showMaximized()
    else:
        successor.show()
    save_preference(_LAST_USER_KEY, actor.username)
    window.idle_lock.end_for_switch()
    context.bus.detach()
    window.close()
    window.deleteLater()
    return successor


def run_gui(args: argparse.Namespace) -> int:
    """Start the desktop application; returns the process exit status."""
    app = make_application()
    install_language(choose_language(getattr(args, "lang", None)))
    path = Path(args.db) if getattr(args, "db", None) else default_db_path()
    runner = TaskRunner()
    runner.submit(_warm_up, on_error=lambda _error: None)
    try:
        session = open_session(path, runner, args)
        if session is None:
            return EXIT_CANCELLED
        store, actor = session
        window = build_main_window(store, actor, runner)
        window.show()
        if os.environ.get("CRM_DESKTOP_EXIT_WHEN_READY"):
            # Start-up measurement (bench/startup.py): say so once the window is up, then quit.
            QTimer.singleShot(0, lambda: (print("window ready", flush=True), app.quit()))
        try:
            return int(app.exec())
        finally:
            from crm_desktop.ui.main_window import MainWindow

            # A switch of user may have replaced the first window: detach whichever is left.
            for top in app.topLevelWidgets():
                if isinstance(top, MainWindow):
                    top.context.bus.detach()
            runner.shutdown()
            store.close()
    finally:
        runner.shutdown()
