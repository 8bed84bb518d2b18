"""Card types (卡种): what the shop sells, with price, validity, visits and top-up bonuses."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtWidgets import QCheckBox, QWidget

from crm_desktop.models.changes import Entity
from crm_desktop.models.services.card_records import CardTypeRecord
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.owner.card_type_dialog import CardTypeDialog, bonus_text, kind_name
from crm_desktop.ui.owner.list_screen import ListScreen
from crm_desktop.ui.owner.yuan import yuan_amount


class CardTypesView(ListScreen):
    """The card type list; New and Edit open ``CardTypeDialog``."""

    entities = (Entity.CARD_TYPE,)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("card_types_view")
        self.hint_label.setText(
            self.tr(
                "What the shop sells. A card type with cards issued keeps its kind; "
                "take it off sale instead of deleting it."
            )
        )
        self.set_headers([
            self.tr("Name"),
            self.tr("Kind"),
            self.tr("Price (yuan)"),
            self.tr("Valid for"),
            self.tr("Visits"),
            self.tr("Top-up bonus"),
            self.tr("Status"),
        ])
        self.new_button = self.add_button(self.tr("New card type…"), self.new_card_type, "card_type_new")
        self.edit_button = self.add_button(self.tr("Edit…"), self.edit_card_type, "card_type_edit")
        self.button_row.addStretch(1)
        self.show_retired = QCheckBox(self.tr("Show those off sale"))
        self.show_retired.setObjectName("card_types_show_retired")
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.button_row.addWidget(self.show_retired)
        self.refresh()

    def read(self) -> Callable[[], list[CardTypeRecord]]:
        catalog = self.context.service(CatalogService)
        return partial(catalog.list_card_types, include_inactive=self.show_retired.isChecked())

    def row(self, record: CardTypeRecord) -> list[str]:
        return [
            record.name,
            kind_name(record.kind),
            yuan_amount(record.price_fen),
            self.tr("%1 days").replace("%1", str(record.validity_days))
            if record.validity_days
            else self.tr("never expires"),
            str(record.count_total) if record.count_total else "",
            bonus_text(record.bonus_rules),
            self.tr("on sale") if record.active else self.tr("off sale"),
        ]

    def new_card_type(self) -> None:
        self._open(CardTypeDialog(self.context))

    def activate_row(self) -> None:
        self.edit_card_type()

    def edit_card_type(self) -> None:
        record = self.selected()
        if record is None:
            self.show_error(self.tr("Choose a card type in the list first."))
            return
        self._open(CardTypeDialog(self.context, record))

    def _open(self, dialog: CardTypeDialog) -> None:
        self.open_record_dialog(
            dialog, lambda saved: self.tr("Card type %1 saved.").replace("%1", saved.name)
        )
