"""Tiers (会员等级): rank, discount as 折 and %, points multiplier, and the rule that earns each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QWidget

from crm_desktop.models.changes import Entity
from crm_desktop.models.services.card_records import TierRecord
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.owner.list_screen import ListScreen
from crm_desktop.ui.owner.tier_dialog import (
    TierDialog,
    discount_text,
    multiplier_text,
    rule_text,
)


class TiersView(ListScreen):
    """The tiers from the highest rank down; New and Edit open ``TierDialog``."""

    entities = (Entity.TIER,)

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
        self.new_button = self.add_button(self.tr("New tier…"), self.new_tier, "tier_new")
        self.edit_button = self.add_button(self.tr("Edit…"), self.edit_tier, "tier_edit")
        self.button_row.addStretch(1)
        self.show_retired = QCheckBox(self.tr("Show tiers no longer in use"))
        self.show_retired.setObjectName("tiers_show_retired")
        self.show_retired.toggled.connect(lambda _on: self.refresh())
        self.button_row.addWidget(self.show_retired)
        self.refresh()

    def read(self) -> Callable[[], list[TierRecord]]:
        catalog = self.context.service(CatalogService)
        retired = self.show_retired.isChecked()
        return lambda: sorted(catalog.list_tiers(include_inactive=retired), key=lambda t: -t.rank)

    def row(self, record: TierRecord) -> list[str]:
        return [
            str(record.rank),
            record.name,
            discount_text(record.price_percent),
            multiplier_text(record.points_multiplier_percent),
            rule_text(record.rule_kind, record.threshold, record.window_days),
            record.benefits.replace("\n", " "),
            self.tr("in use") if record.active else self.tr("not in use"),
        ]

    def new_tier(self) -> None:
        self._open(TierDialog(self.context))

    def activate_row(self) -> None:
        self.edit_tier()

    def edit_tier(self) -> None:
        record = self.selected()
        if record is None:
            self.show_error(self.tr("Choose a tier in the list first."))
            return
        self._open(TierDialog(self.context, record))

    def _open(self, dialog: TierDialog) -> None:
        self.open_record_dialog(
            dialog, lambda saved: self.tr("Tier %1 saved.").replace("%1", saved.name)
        )
