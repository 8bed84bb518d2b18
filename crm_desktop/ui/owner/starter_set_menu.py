"""Shop admin → Starter set…: apply a starter set (开店模板) to a file already in use.

Names already on file are shown struck through and left as they are; OK applies
the chosen parts in one operation and the main window's status bar says what
was added and what was kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from crm_desktop.models.services.starter import StarterService, StarterSummary
from crm_desktop.ui.base.acting import ActionDialog, while_open
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.menu_holder import MenuHolder
from crm_desktop.ui.starter_choice import StarterChoice

PERMISSION = "catalog.manage"


class StarterSetDialog(ActionDialog):
    """The kind of shop and the parts to take; ``result`` is the ``StarterSummary``."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context, self.tr("Starter set for your kind of shop"))
        self.setMinimumSize(640, 520)
        self.starter = context.service(StarterService)
        self.choice = StarterChoice(offer_none=False)
        self.form.addRow(self.choice)
        self.ok_button.setText(self.tr("Add the chosen parts"))
        self.choice.kind_group.buttonToggled.connect(
            lambda _button, on: self._read_on_file() if on else None)
        self.first_field = self.choice.kind_buttons["salon"]
        self._read_on_file()

    def _read_on_file(self) -> None:
        kind = self.choice.kind()
        if kind is None:
            return
        self.context.runner.submit(
            lambda: self.starter.on_file(kind),
            on_done=while_open(self, self._mark_on_file),
            on_error=while_open(self, self.refusals.show),
        )

    def _mark_on_file(self, on_file: dict[str, list[str]]) -> None:
        self.choice.set_on_file(on_file)

    def work(self) -> Callable[[], Any]:
        kind, parts = self.choice.kind(), self.choice.parts()
        starter = self.starter
        return lambda: starter.apply(kind or "", parts)


class StarterSetMenu(MenuHolder):
    """The Shop admin entry; ``open_window`` is the dialog open right now."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window, context)
        self.action = main_window.add_action(
            "admin", self.tr("Starter set…"), self.open_dialog,
            permission=PERMISSION, name="action_starter_set",
        )

    def open_dialog(self) -> StarterSetDialog:
        dialog = StarterSetDialog(self.context)
        return self._open(dialog, lambda: self._applied(dialog.result))

    def _applied(self, summary: StarterSummary) -> None:
        self.main_window.show_message(summary.text().replace("\n", " "), 15000)



def install(main_window: MainWindow, context: AppContext) -> StarterSetMenu:
    """Add Starter set… to ``main_window``'s Shop admin menu (once)."""
    installed = main_window.findChild(StarterSetMenu)
    if isinstance(installed, StarterSetMenu):
        return installed
    return StarterSetMenu(main_window, context)
