"""Plugs the counter's day into the main window: Open shift, Close shift, Day-end close.

``install(main_window, context)`` adds to the Cards menu "Open shift…" and
"Close shift…" (clerks and the owner, ``shift.operate``) and to the Reports menu
"Day-end close…" (the owner only, ``day.close``), each with a shortcut so the
counter never needs the mouse.
"""

from __future__ import annotations

from crm_desktop.models.services.counter_records import ShiftView
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.card_text import money
from crm_desktop.ui.counter.day_end_view import DayEndView
from crm_desktop.ui.counter.shift_dialogs import CloseShiftDialog, OpenShiftDialog
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.menu_holder import MenuHolder
from crm_desktop.ui.owner.screen_dialog import ScreenDialog

OPEN_SHIFT_SHORTCUT = "Ctrl+Shift+O"
CLOSE_SHIFT_SHORTCUT = "Ctrl+Shift+H"
DAY_END_SHORTCUT = "Ctrl+Shift+D"


class ShiftMenu(MenuHolder):
    """The installed actions; ``open_window`` is the dialog open right now, if any."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window, context)
        add = main_window.add_action
        self.open_action = add(
            "card", self.tr("Open shift…"), self.open_shift, shortcut=OPEN_SHIFT_SHORTCUT,
            permission="shift.operate", name="action_open_shift",
        )
        self.close_action = add(
            "card", self.tr("Close shift…"), self.close_shift, shortcut=CLOSE_SHIFT_SHORTCUT,
            permission="shift.operate", name="action_close_shift",
        )
        self.day_end_action = add(
            "report", self.tr("Day-end close…"), self.open_day_end, shortcut=DAY_END_SHORTCUT,
            permission="day.close", name="action_day_end",
        )

    def open_shift(self) -> OpenShiftDialog:
        dialog = OpenShiftDialog(self.context)
        self._open(dialog, lambda: self._shift_opened(dialog.result))
        return dialog

    def close_shift(self) -> CloseShiftDialog:
        dialog = CloseShiftDialog(self.context)
        self._open(dialog)
        return dialog

    def open_day_end(self) -> ScreenDialog:
        dialog = ScreenDialog(DayEndView(self.context), self.tr("Day-end close"), size=(1100, 680))
        self._open(dialog)
        return dialog

    def _shift_opened(self, shift: object) -> None:
        if isinstance(shift, ShiftView):
            self.main_window.show_message(
                self.tr("Shift opened with a float of %1.").replace("%1", money(shift.float_fen))
            )



def install(main_window: MainWindow, context: AppContext) -> ShiftMenu:
    """Add the shift and day-end entries to ``main_window``'s menus (once)."""
    installed = main_window.findChild(ShiftMenu)
    if isinstance(installed, ShiftMenu):
        return installed
    return ShiftMenu(main_window, context)
