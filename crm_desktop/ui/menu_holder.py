"""What every area's menu entries stand on: the main window, the context, the dialog open now.

``open_window`` is the dialog an entry opened, until it closes (tests and the next
entry look at it); ``_open`` opens a dialog window-modal over the main window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow

DialogT = TypeVar("DialogT", bound=QDialog)


class MenuHolder(QObject):
    """The installed actions of one area; ``open_window`` is the dialog open right now."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.open_window: QDialog | None = None

    def _open(self, dialog: DialogT, on_accepted: Callable[[], object] | None = None) -> DialogT:
        self.open_window = dialog
        dialog.finished.connect(lambda _result: self._forget(dialog))
        self.main_window.open_dialog(dialog, on_accepted)
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.open_window is dialog:
            self.open_window = None
