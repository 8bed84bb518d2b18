"""Spreadsheets in and out: the import wizard (owner) and the Export submenu (owner, accountant).

``install(main_window, context)`` adds "Import from a spreadsheet…" to the File
menu (hidden unless the role may bulk-load, which only the owner may) and the
Export submenu under Reports (hidden for a clerk).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.excel.export_menu import ExportMenu
from crm_desktop.ui.main_window import MainWindow

if TYPE_CHECKING:
    from crm_desktop.ui.excel.import_wizard import ImportWizard


class ExcelScreens(QObject):
    """The installed import action and export menu; ``wizard`` is the open wizard, if any."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.context = context
        self.wizard: ImportWizard | None = None
        self.import_action = main_window.add_action(
            "file", self.tr("Import from a spreadsheet…"), self.open_import,
            permission="data.bulk_load", name="action_import",
        )
        self.export_menu = ExportMenu(main_window, context)

    def open_import(self) -> ImportWizard:
        from crm_desktop.ui.excel.import_wizard import ImportWizard

        wizard = ImportWizard(self.context)
        wizard.imported.connect(self._imported)
        self.wizard = wizard
        self.main_window.open_dialog(wizard)
        return wizard

    def _imported(self, report: object) -> None:
        imported = getattr(report, "imported", 0)
        updated = getattr(report, "updated", 0)
        self.main_window.show_message(
            self.tr("Import finished: %1 added, %2 updated.")
            .replace("%1", str(imported))
            .replace("%2", str(updated))
        )


def install(main_window: MainWindow, context: AppContext) -> ExcelScreens:
    """Add the import action and the Export submenu (once, however often it is called)."""
    installed = main_window.findChild(ExcelScreens)
    if isinstance(installed, ExcelScreens):
        return installed
    return ExcelScreens(main_window, context)
