"""Items (服务/商品): what the counter sells by name, with category, price, barcode and flags.

The owner adds, edits and takes items off the list here; the consume dialog
offers the active ones (favourites as buttons, a barcode or a search for the
rest). ``install`` puts the screen in the Shop admin menu.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from PySide6.QtWidgets import QCheckBox, QWidget

from crm_desktop.models.changes import Entity
from crm_desktop.models.services.item_records import ItemRecord
from crm_desktop.models.services.items import ItemService
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.menu_holder import MenuHolder
from crm_desktop.ui.owner.items_dialog import ItemDialog
from crm_desktop.ui.owner.list_screen import ListScreen
from crm_desktop.ui.owner.screen_dialog import ScreenDialog
from crm_desktop.ui.owner.yuan import yuan_amount

# Who keeps the list: the same role that keeps card types and tiers.
MANAGE_PERMISSION = "catalog.manage"


class ItemsView(ListScreen):
    """The item list; New and Edit open ``ItemDialog``, one button takes an item off or back."""

    entities = (Entity.ITEM,)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("items_view")
        self.hint_label.setText(
            self.tr(
                "Services and products sold at the counter. Favourites are buttons in the "
                "purchase dialog; a barcode lets a scanner add the item."
            )
        )
        self.set_headers([
            self.tr("Name"),
            self.tr("Category"),
            self.tr("Price (yuan)"),
            self.tr("Barcode"),
            self.tr("Uses a visit"),
            self.tr("Favourite"),
            self.tr("Status"),
        ])
        manages = context.can(MANAGE_PERMISSION)
        self.new_button = self.add_button(self.tr("New item…"), self.new_item, "item_new")
        self.edit_button = self.add_button(self.tr("Edit…"), self.edit_item, "item_edit")
        self.active_button = self.add_button(
            self.tr("Take off the list"), self.toggle_active, "item_active"
        )
        for button in (self.new_button, self.edit_button, self.active_button):
            button.setVisible(manages)
        self.button_row.addStretch(1)
        self.show_inactive = QCheckBox(self.tr("Show items off the list"))
        self.show_inactive.setObjectName("items_show_inactive")
        self.show_inactive.toggled.connect(lambda _on: self.refresh())
        self.button_row.addWidget(self.show_inactive)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.refresh()

    def read(self) -> Callable[[], list[ItemRecord]]:
        items = self.context.service(ItemService)
        return partial(items.list, include_inactive=self.show_inactive.isChecked())

    def row(self, record: ItemRecord) -> list[str]:
        yes = self.tr("yes")
        return [
            record.name,
            record.category,
            yuan_amount(record.price_fen),
            record.barcode or "",
            yes if record.uses_visit else "",
            yes if record.favourite else "",
            self.tr("on the list") if record.active else self.tr("off the list"),
        ]

    def new_item(self) -> None:
        self._open(ItemDialog(self.context))

    def activate_row(self) -> None:
        if self.context.can(MANAGE_PERMISSION):
            self.edit_item()

    def edit_item(self) -> None:
        record = self.selected()
        if record is None:
            self.show_error(self.tr("Choose an item in the list first."))
            return
        self._open(ItemDialog(self.context, record))

    def toggle_active(self) -> None:
        """Take the chosen item off the list, or put it back when it is off."""
        record = self.selected()
        if record is None:
            self.show_error(self.tr("Choose an item in the list first."))
            return
        items = self.context.service(ItemService)
        wanted = not record.active

        def done(saved: ItemRecord) -> None:
            text = (self.tr("%1 is on the list again.") if wanted
                    else self.tr("%1 is off the list."))
            self.refresh(select=saved.id)
            self.show_info(text.replace("%1", saved.name))

        Op(self.context.runner, partial(items.set_active, record.id, wanted)).guarding(
            self.active_button
        ).refusals(self.show_error).on_done(done).run()

    def _selection_changed(self) -> None:
        record = self.selected()
        back = record is not None and not record.active
        self.active_button.setText(
            self.tr("Put back on the list") if back else self.tr("Take off the list")
        )

    def _answered(self, records: Sequence[Any]) -> None:
        super()._answered(records)
        self._selection_changed()

    def _open(self, dialog: ItemDialog) -> None:
        self.open_record_dialog(
            dialog, lambda saved: self.tr("Item %1 saved.").replace("%1", saved.name)
        )


class ItemsMenu(MenuHolder):
    """The Shop admin menu's entry for the item list; ``open_window`` while it is open."""

    def __init__(self, main_window: MainWindow, context: AppContext) -> None:
        super().__init__(main_window, context)
        self.items_action = main_window.add_action(
            "admin", self.tr("Services and products…"), self.open_items,
            permission=MANAGE_PERMISSION, name="action_items",
        )
        self._join_owner_screens()

    def open_items(self) -> ScreenDialog:
        dialog = ScreenDialog(ItemsView(self.context), self.tr("Services and products"))
        return self._open(dialog)

    def _join_owner_screens(self) -> None:
        """Sit with the owner's other screens, above the separator before the recovery key."""
        menu = self.main_window.menu("admin")
        actions = menu.actions()
        later = next((a for a in actions if a.objectName() == "action_new_recovery_key"), None)
        if later is None:
            return
        index = actions.index(later)
        before = actions[index - 1] if index and actions[index - 1].isSeparator() else later
        menu.removeAction(self.items_action)
        menu.insertAction(before, self.items_action)


def install(main_window: MainWindow, context: AppContext) -> ItemsMenu:
    """Add the item list to ``main_window``'s Shop admin menu (once)."""
    installed = main_window.findChild(ItemsMenu)
    if isinstance(installed, ItemsMenu):
        return installed
    return ItemsMenu(main_window, context)
