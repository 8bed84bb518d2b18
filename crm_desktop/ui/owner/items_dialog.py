"""Create or edit an item (服务/商品) the counter sells: name, category, price, barcode, flags.

Save sends the form to the item service on the task runner; a refusal (a taken
barcode, an empty name, a changed-meanwhile item) shows beside its field with
nothing typed lost. Taking an item off the list is the list screen's button.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from crm_desktop.models.rules.card_rules import parse_yuan
from crm_desktop.models.services.item_records import ItemInput, ItemRecord
from crm_desktop.models.services.items import ItemService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.owner.catalog_dialog import CatalogDialog
from crm_desktop.ui.owner.yuan import yuan_input


class ItemDialog(CatalogDialog):
    """New item when ``record`` is None, else an edit of it; ``saved`` is the answer."""

    def __init__(
        self, context: AppContext, record: ItemRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context, record, parent, width=480,
            titles=(self.tr("New item"), self.tr("Edit item")),
            name=("item_name", self.tr("e.g. Haircut, Latte")),
            active_text="",
        )
        # Off and on the list is a button of the list screen: one action each.
        self.active_check.setVisible(False)
        self.category_edit = QLineEdit()
        self.category_edit.setObjectName("item_category")
        self.category_edit.setPlaceholderText(self.tr("e.g. Hair, Drinks"))
        self.price_edit = QLineEdit()
        self.price_edit.setObjectName("item_price")
        self.price_edit.setPlaceholderText("0")
        self.barcode_edit = QLineEdit()
        self.barcode_edit.setObjectName("item_barcode")
        self.barcode_edit.setPlaceholderText(self.tr("Scan or type it (optional)"))
        self.uses_visit_check = QCheckBox(self.tr("Takes a visit of a count card per unit"))
        self.uses_visit_check.setObjectName("item_uses_visit")
        self.favourite_check = QCheckBox(self.tr("A button at the counter (favourite)"))
        self.favourite_check.setObjectName("item_favourite")

        form = self.form
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Category"), self.category_edit)
        form.addRow(self.tr("Price (yuan)"), self.price_edit)
        form.addRow(self.tr("Barcode"), self.barcode_edit)
        form.addRow("", self.uses_visit_check)
        form.addRow("", self.favourite_check)
        self.refusals.fields.update(
            category=self.category_edit,
            price=self.price_edit,
            barcode=self.barcode_edit,
        )
        if record is not None:
            self._load(record)

    def _load(self, record: ItemRecord) -> None:
        self.name_edit.setText(record.name)
        self.category_edit.setText(record.category)
        self.price_edit.setText(yuan_input(record.price_fen))
        self.barcode_edit.setText(record.barcode or "")
        self.uses_visit_check.setChecked(record.uses_visit)
        self.favourite_check.setChecked(record.favourite)

    def typed(self) -> ItemInput:
        """The form as the service takes it; a price that is not an amount is refused here."""
        return ItemInput(
            name=self.name_edit.text(),
            category=self.category_edit.text(),
            price_fen=parse_yuan(self.price_edit.text(), "price"),
            barcode=self.barcode_edit.text().strip() or None,
            uses_visit=self.uses_visit_check.isChecked(),
            favourite=self.favourite_check.isChecked(),
        )

    def work(self) -> Callable[[], ItemRecord]:
        items = self.context.service(ItemService)
        typed = self.typed()
        if self.record is None:
            return partial(items.create, typed)
        return partial(items.update, self.record.id, typed, self.record.version)
