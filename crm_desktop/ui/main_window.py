"""The main window: menus and toolbar, the search panel, the workspace and the status bar.

Other screens plug in through a few calls: ``add_action`` puts an action in a
menu (hidden when the role may not use it), ``open_customer`` asks for a customer
to be shown (``open_customer_requested``), ``show_panel`` puts a widget in the
workspace and ``open_dialog`` opens a dialog over the window. The search box
gets the keyboard whenever nothing else is being typed into. When the app locks,
``clear_views`` takes every customer's details off the window and
``restore_views`` loads it again after the password.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QStackedWidget,
    QTextEdit,
    QToolBar,
    QWidget,
)
from shiboken6 import isValid

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.i18n import LANGUAGES, save_language
from crm_desktop.ui.base.menu_order import place_before_quit, quit_action
from crm_desktop.ui.customer_search_panel import CustomerSearchPanel
from crm_desktop.ui.idle_lock import IdleLock
from crm_desktop.ui.profile.profile_view import ProfileView
from crm_desktop.ui.today_view import TodayView

MENU_KEYS = ("file", "customer", "card", "report", "admin", "help")
# A menu that needs a permission is hidden as a whole for roles without it.
MENU_PERMISSIONS = {"admin": "settings.manage"}
LANGUAGE_NAMES = {"zh": "中文（简体）", "en": "English"}
_TYPING_WIDGETS = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)


class MainWindow(QMainWindow):
    """The signed-in session's window; ``context`` is its store, user, runner and bus."""

    open_customer_requested = Signal(int)
    language_change_requested = Signal(str)
    # The app locked and cleared its views: screens holding customers' details drop them.
    views_cleared = Signal()

    def __init__(
        self,
        context: AppContext,
        idle_seconds: float | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.shop_name = ""
        self.customer_panel: ProfileView | None = None
        self._menus: dict[str, QMenu] = {}
        self.setObjectName("main_window")
        self.setWindowTitle(self._title())
        self.resize(1280, 720)

        self.search_panel = CustomerSearchPanel(context)
        self.today_panel = TodayView(context)
        self.today_panel.customer_chosen.connect(self.open_customer)
        self.workspace = QStackedWidget()
        self.workspace.setObjectName("workspace")
        self.workspace.addWidget(self.today_panel)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.search_panel)
        splitter.addWidget(self.workspace)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([600, 680])
        splitter.setContentsMargins(8, 8, 8, 0)
        self.setCentralWidget(splitter)

        self.toolbar = QToolBar(self.tr("Main toolbar"))
        self.toolbar.setObjectName("main_toolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(self.toolbar)
        self._build_menus()
        self._build_status_bar()

        self.idle_lock = IdleLock(
            self, context.store, context.actor, context.bus, idle_seconds, runner=context.runner
        )
        self.search_panel.customer_chosen.connect(self.open_customer)
        self.search_panel.message_posted.connect(self.show_message)
        self.open_customer_requested.connect(self._show_customer)
        context.runner.failed_unhandled.connect(self.show_error)
        store = context.store
        context.runner.submit(
            lambda: str(store.setting("shop_name", "") or ""), on_done=self._shop_name_read
        )
        QApplication.instance().focusChanged.connect(self._focus_changed)  # type: ignore[union-attr]

    # -- what other screens call --------------------------------------------------------------

    def menu(self, key: str) -> QMenu:
        """The menu for ``key`` (one of MENU_KEYS)."""
        return self._menus[key]

    def add_action(
        self,
        menu_key: str,
        text: str,
        triggered: Callable[[], object],
        *,
        shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
        permission: str | None = None,
        toolbar: bool = False,
        name: str | None = None,
    ) -> QAction:
        """Add an action to a menu (and the toolbar); hidden when the role lacks ``permission``.

        In a menu that ends with Quit, the action goes above Quit and its separator.
        """
        action = QAction(text, self)
        if name:
            action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: triggered())
        action.setVisible(permission is None or self.context.can(permission))
        menu = self.menu(menu_key)
        menu.addAction(action)
        if quit_action(menu) not in (None, action):
            place_before_quit(menu, [action])
        if toolbar and action.isVisible():
            self.toolbar.addAction(action)
        self._update_menu_visibility()
        return action

    def open_customer(self, customer_id: int) -> None:
        """Ask for a customer to be shown; ``open_customer_requested`` carries the request."""
        self.open_customer_requested.emit(customer_id)

    def show_panel(self, panel: QWidget) -> None:
        """Make ``panel`` the workspace's visible panel (added once, never destroyed here)."""
        if self.workspace.indexOf(panel) < 0:
            self.workspace.addWidget(panel)
        self.workspace.setCurrentWidget(panel)

    def show_today(self) -> None:
        self.show_panel(self.today_panel)
        self.focus_search()

    def open_dialog(self, dialog: QDialog, on_accepted: Callable[[], object] | None = None) -> None:
        """Open ``dialog`` window-modal over the main window; the search box gets focus after."""
        dialog.setParent(self, dialog.windowFlags())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        if on_accepted is not None:
            dialog.accepted.connect(lambda: on_accepted())
        dialog.finished.connect(lambda _result: self.focus_search())
        dialog.open()

    def focus_search(self) -> None:
        self.search_panel.focus_search()

    def show_message(self, text: str, timeout_ms: int = 8000) -> None:
        self.statusBar().showMessage(text, timeout_ms)

    def clear_views(self) -> None:
        """Take every customer's details off the window (the app locks): no name stays behind.

        The search box and list are emptied, the customer's panel is destroyed, other
        panels leave the workspace (``views_cleared`` tells their screens to destroy
        them), the Today lists and the status bar are emptied; the Today panel remains.
        """
        search = self.search_panel
        search.search_edit.clear()
        search.model.clear()
        search.count_label.clear()
        panel, self.customer_panel = self.customer_panel, None
        if panel is not None and isValid(panel):
            self.workspace.removeWidget(panel)
            # Out of the window at once; destroyed (with what it showed) as soon as the loop runs.
            panel.setParent(None)
            panel.deleteLater()
        for index in reversed(range(self.workspace.count())):
            other = self.workspace.widget(index)
            if other is not None and other is not self.today_panel:
                self.workspace.removeWidget(other)
        for listed in self.today_panel.findChildren(QListWidget):
            listed.clear()
        self.workspace.setCurrentWidget(self.today_panel)
        self.statusBar().clearMessage()
        self.views_cleared.emit()

    def restore_views(self) -> None:
        """After the password: the Today panel and the list load again, the search box waits."""
        self.search_panel.search_now()
        refresh = getattr(self.today_panel, "refresh", None)
        if callable(refresh):
            refresh()
        self.show_today()

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, self.tr("Not done"), text)
        self.focus_search()

    # -- building -------------------------------------------------------------------------------

    def _build_menus(self) -> None:
        titles = {
            "file": self.tr("&File"),
            "customer": self.tr("&Customers"),
            "card": self.tr("C&ards"),
            "report": self.tr("&Reports"),
            "admin": self.tr("&Shop admin"),
            "help": self.tr("&Help"),
        }
        for key in MENU_KEYS:
            menu = self.menuBar().addMenu(titles[key])
            menu.setObjectName(f"menu_{key}")
            self._menus[key] = menu
        self.find_action = self.add_action(
            "customer",
            self.tr("Find a customer"),
            self.focus_search,
            toolbar=True,
            name="action_find",
        )
        self.find_action.setShortcuts([QKeySequence("Ctrl+F"), QKeySequence("F3")])
        self.add_action("customer", self.tr("Back to Today"), self.show_today, shortcut="Ctrl+Home")
        self.lock_action = self.add_action(
            "file", self.tr("Lock the screen"), lambda: self.idle_lock.lock_now(),
            shortcut="Ctrl+L", toolbar=True, name="action_lock",
        )
        language_menu = self.menu("file").addMenu(self.tr("Language"))
        language_menu.setObjectName("menu_language")
        for code in LANGUAGES:
            action = language_menu.addAction(LANGUAGE_NAMES[code])
            action.triggered.connect(lambda _checked=False, c=code: self._choose_language(c))
        self.menu("file").addSeparator()
        self.add_action("file", self.tr("Quit"), self.close, shortcut="Ctrl+Q")
        self.add_action("help", self.tr("About"), self._about)
        self.add_action(
            "admin",
            self.tr("New recovery key…"),
            self._new_recovery_key,
            permission="user.manage",
            name="action_new_recovery_key",
        )

    def _build_status_bar(self) -> None:
        roles = {
            "owner": self.tr("Owner"),
            "clerk": self.tr("Clerk"),
            "accountant": self.tr("Accountant"),
        }
        actor = self.context.actor
        self.user_label = QLabel(
            self.tr("Signed in: %1 (%2)")
            .replace("%1", actor.username)
            .replace("%2", roles.get(actor.role, actor.role))
        )
        self.user_label.setObjectName("status_user")
        self.statusBar().addPermanentWidget(self.user_label)
        if self.context.store.on_server:
            place = QLabel(self.tr("Server: %1").replace("%1", self.context.store.place))
            place.setObjectName("status_place")
            self.statusBar().addPermanentWidget(place)

    def _update_menu_visibility(self) -> None:
        for key, menu in self._menus.items():
            permission = MENU_PERMISSIONS.get(key)
            allowed = permission is None or self.context.can(permission)
            has_items = any(a.isVisible() and not a.isSeparator() for a in menu.actions())
            menu.menuAction().setVisible(allowed and has_items)

    def _shop_name_read(self, shop_name: str) -> None:
        self.shop_name = shop_name
        self.setWindowTitle(self._title())
        self.today_panel.set_shop_name(shop_name)

    def _title(self) -> str:
        base = self.tr("Membership cards")
        return f"{self.shop_name} — {base}" if self.shop_name else base

    # -- reacting ---------------------------------------------------------------------------------

    def _show_customer(self, customer_id: int) -> None:
        old = self.customer_panel
        can_close = getattr(old, "can_close", None)
        if old is not None and callable(can_close) and not can_close():
            self.show_panel(old)
            return
        if isinstance(old, ProfileView):
            old.show_customer(customer_id)
            panel = old
        else:
            panel = ProfileView(self.context, customer_id)
            panel.open_customer_requested.connect(self.open_customer)
        self.customer_panel = panel
        self.show_panel(panel)
        if old is not None and old is not panel:
            self.workspace.removeWidget(old)
            old.deleteLater()
        if not _wants_keyboard(panel):
            self.focus_search()

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        # When focus falls nowhere inside this window (a panel vanished), the box takes it.
        if new is None and self.isActiveWindow() and not self.idle_lock.is_locked:
            QTimer.singleShot(0, self._refocus_if_idle)

    def _refocus_if_idle(self) -> None:
        if QApplication.focusWidget() is None and self.isActiveWindow():
            self._focus_search_if_idle()

    def _focus_search_if_idle(self) -> None:
        # Idle means no dialog, menu or lock over the window and nothing being typed into.
        if QApplication.activeModalWidget() is not None or QApplication.activePopupWidget():
            return
        if self.idle_lock.is_locked:
            return
        focus = QApplication.focusWidget()
        if isinstance(focus, _TYPING_WIDGETS) and self.workspace.isAncestorOf(focus):
            return  # someone is filling in a form in the workspace
        self.focus_search()

    def _choose_language(self, code: str) -> None:
        save_language(code)
        self.language_change_requested.emit(code)
        QMessageBox.information(
            self,
            self.tr("Language"),
            self.tr("The new language is used from the next start of the program."),
        )

    def _new_recovery_key(self) -> None:
        from crm_desktop.models.services.setup_checklist import SetupChecklistService
        from crm_desktop.models.services.users import UserService
        from crm_desktop.ui.recovery_key_dialog import RecoveryKeyDialog

        answer = QMessageBox.question(
            self,
            self.tr("New recovery key"),
            self.tr(
                "Make a new recovery key? The old one stops working at once, so any copy of "
                "it on paper becomes useless."
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        users = self.context.service(UserService)

        def show(key: str) -> None:
            dialog = RecoveryKeyDialog(key, self.shop_name, self.context.store.path)
            # The dialog closes only once the owner confirmed the key is written down.
            dialog.finished.connect(lambda _result: self.context.runner.submit(
                self.context.service(SetupChecklistService).note_recovery_key_written))
            self.open_dialog(dialog)

        self.context.runner.submit(users.new_recovery_key, on_done=show)

    def _about(self) -> None:
        from crm_desktop.models.backup import backup_folder
        from crm_desktop.ui.about_dialog import AboutDialog

        store = self.context.store
        self.context.runner.submit(
            lambda: backup_folder(store),
            on_done=lambda folder: self.open_dialog(AboutDialog(store.path, folder, self)),
        )

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._focus_search_if_idle)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and QApplication.activeWindow() is self:
            self._focus_search_if_idle()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.idle_lock.is_locked and not self.idle_lock.quitting:
            event.ignore()
            return
        self.idle_lock.stop()
        super().closeEvent(event)


def _wants_keyboard(panel: QWidget) -> bool:
    """Whether ``panel`` has a field to type into (then it keeps the focus it takes)."""
    for widget in panel.findChildren(QWidget):
        if isinstance(widget, _TYPING_WIDGETS) and widget.isEnabled():
            return True
        if isinstance(widget, QComboBox) and widget.isEditable():
            return True
    return False
