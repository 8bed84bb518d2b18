"""Card types (卡种): what the shop sells, with price, validity, visits and top-up bonuses."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from crm_desktop.models.services.card_records import CardTypeRecord
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.owner.card_type_dialog import CardTypeDialog, bonus_text, kind_name
from crm_desktop.ui.owner.list_screen import ListScreen
from crm_desktop.ui.owner.yuan import yuan_text


class CardTypesView(ListScreen):
    """The card type list; New and Edit open ``CardTypeDialog``."""

    entities = ("card_type",)

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
        self.records: list[CardTypeRecord] = []
        self.new_button = self.add_button(self.tr("New card type…"), self.new_card_type, "card_type_new")
        self.edit_button = self.add_button(self.tr("Edit…"), self.edit_card_type, "card_type_edit")
        self.button_row.addStretch(1)
        self.show_retired = QCheckBox(self.tr("Show those off sale"))
        self.show_retired.setObjectName("card_types_show_retired")
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.button_row.addWidget(self.show_retired)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.records = self.context.service(CatalogService).list_card_types(
                include_inactive=self.show_retired.isChecked()
            )
        except Exception as error:  # noqa: BLE001 - shown as one sentence
            self.records = []
            self.show_error(error)
        rows = [
            [
                r.name,
                kind_name(r.kind),
                yuan_text(r.price_fen),
                self.tr("%1 days").replace("%1", str(r.validity_days))
                if r.validity_days
                else self.tr("never expires"),
                str(r.count_total) if r.count_total else "",
                bonus_text(r.bonus_rules),
                self.tr("on sale") if r.active else self.tr("off sale"),
            ]
            for r in self.records
        ]
        self.fill(rows, [r.id for r in self.records])

    def selected(self) -> CardTypeRecord | None:
        key = self.current_key()
        return next((r for r in self.records if r.id == key), None)

    def new_card_type(self) -> None:
        dialog = CardTypeDialog(self.context)
        self.open_dialog(dialog, lambda: self._saved(dialog))

    def activate_row(self) -> None:
        self.edit_card_type()

    def edit_card_type(self) -> None:
        record = self.selected()
        if record is None:
            self.show_error(self.tr("Choose a card type in the list first."))
            return
        dialog = CardTypeDialog(self.context, record)
        self.open_dialog(dialog, lambda: self._saved(dialog))

    def _saved(self, dialog: CardTypeDialog) -> None:
        if dialog.saved is None:
            return
        self.refresh()
        self.select_key(dialog.saved.id)
        self.show_info(self.tr("Card type %1 saved.").replace("%1", dialog.saved.name))
