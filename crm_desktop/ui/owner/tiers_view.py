"""Tiers (会员等级): rank, discount as 折 and %, points multiplier, and the rule that earns each."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget

from crm_desktop.models.services.card_records import TierRecord
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.owner.list_screen import ListScreen
from crm_desktop.ui.owner.tier_dialog import (
    TierDialog,
    discount_text,
    multiplier_text,
    rule_text,
)


class TiersView(ListScreen):
    """The tiers from the highest rank down; New and Edit open ``TierDialog``."""

    entities = ("tier",)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.setObjectName("tiers_view")
        self.hint_label.setText(
            self.tr(
                "A member moves up as soon as a purchase reaches a tier's threshold; "
                "a new discount applies to their cards at once."
            )
        )
        self.set_headers([
            self.tr("Rank"),
            self.tr("Name"),
            self.tr("Discount"),
            self.tr("Points"),
            self.tr("Earned by"),
            self.tr("Benefits"),
            self.tr("Status"),
        ])
        self.records: list[TierRecord] = []
        self.new_button = self.add_button(self.tr("New tier…"), self.new_tier, "tier_new")
        self.edit_button = self.add_button(self.tr("Edit…"), self.edit_tier, "tier_edit")
        self.button_row.addStretch(1)
        self.show_retired = QCheckBox(self.tr("Show tiers no longer in use"))
        self.show_retired.setObjectName("tiers_show_retired")
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.button_row.addWidget(self.show_retired)
        self.refresh()

    def refresh(self) -> None:
        try:
            tiers = self.context.service(CatalogService).list_tiers(
                include_inactive=self.show_retired.isChecked()
            )
        except Exception as error:  # noqa: BLE001 - shown as one sentence
            tiers = []
            self.show_error(error)
        self.records = sorted(tiers, key=lambda t: -t.rank)
        rows = [
            [
                str(t.rank),
                t.name,
                discount_text(t.price_percent),
                multiplier_text(t.points_multiplier_percent),
                rule_text(t.rule_kind, t.threshold, t.window_days),
                t.benefits.replace("\n", " "),
                self.tr("in use") if t.active else self.tr("not in use"),
            ]
            for t in self.records
        ]
        self.fill(rows, [t.id for t in self.records])

    def selected(self) -> TierRecord | None:
        key = self.current_key()
        return next((t for t in self.records if t.id == key), None)

    def new_tier(self) -> None:
        dialog = TierDialog(self.context)
        self.open_dialog(dialog, lambda: self._saved(dialog))

    def activate_row(self) -> None:
        self.edit_tier()

    def edit_tier(self) -> None:
        record = self.selected()
        if record is None:
            self.show_error(self.tr("Choose a tier in the list first."))
            return
        dialog = TierDialog(self.context, record)
        self.open_dialog(dialog, lambda: self._saved(dialog))

    def _saved(self, dialog: TierDialog) -> None:
        if dialog.saved is None:
            return
        self.refresh()
        self.select_key(dialog.saved.id)
        self.show_info(self.tr("Tier %1 saved.").replace("%1", dialog.saved.name))
