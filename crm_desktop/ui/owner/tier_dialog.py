"""Create or edit a tier (等级): rank, discount (shown as 折 and %), points multiplier, the rule.

The rule is spend (yuan) or points collected over a window of days, from a
threshold. The catalog service checks every value; its sentence shows under the
form and nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from crm_desktop.models.rules.card_rules import parse_yuan
from crm_desktop.models.rules.validation import check_points
from crm_desktop.models.services.card_records import TierRecord
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.base.acting import Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.owner.catalog_dialog import CatalogDialog
from crm_desktop.ui.owner.yuan import yuan_input, yuan_text


def zhe_number(price_percent: int) -> str:
    """90 → "9", 88 → "8.8", 5 → "0.5" (the number said before 折)."""
    whole, tenth = divmod(price_percent, 10)
    return f"{whole}.{tenth}" if tenth else str(whole)


def discount_text(price_percent: int) -> str:
    """The discount as 折 and as the share of the price paid."""
    if price_percent >= 100:
        return QCoreApplication.translate("Tiers", "no discount")
    return (
        QCoreApplication.translate("Tiers", "%1% of the price (%2折)")
        .replace("%1", str(price_percent))
        .replace("%2", zhe_number(price_percent))
    )


def multiplier_text(percent: int) -> str:
    """150 → "×1.5", 100 → "×1", 0 → "no points"."""
    if percent == 0:
        return QCoreApplication.translate("Tiers", "no points")
    whole, rest = divmod(percent, 100)
    return f"×{whole}" + (f".{rest:02d}".rstrip("0") if rest else "")


def rule_text(rule_kind: str, threshold: int, window_days: int) -> str:
    if threshold == 0:
        return QCoreApplication.translate("Tiers", "everyone (no threshold)")
    if rule_kind == "points":
        template = QCoreApplication.translate("Tiers", "%1 points within %2 days")
        amount = str(threshold)
    else:
        template = QCoreApplication.translate("Tiers", "spend %1 yuan within %2 days")
        amount = yuan_text(threshold)
    return template.replace("%1", amount).replace("%2", str(window_days))


class TierDialog(CatalogDialog):
    """New tier when ``record`` is None (offered the next free rank), else an edit of it."""

    def __init__(
        self, context: AppContext, record: TierRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context, record, parent, width=520,
            titles=(self.tr("New tier"), self.tr("Edit tier")),
            name=("tier_name", self.tr("e.g. Gold")),
            active_text=self.tr("In use"),
        )
        self.rank_spin = QSpinBox()
        self.rank_spin.setObjectName("tier_rank")
        self.rank_spin.setRange(0, 1000)
        self.rank_spin.setToolTip(self.tr("Higher ranks are better tiers; each tier has its own."))
        self.percent_spin = QSpinBox()
        self.percent_spin.setObjectName("tier_percent")
        self.percent_spin.setRange(1, 100)
        self.percent_spin.setValue(100)
        self.percent_spin.setSuffix("%")
        self.percent_label = QLabel()
        self.percent_label.setObjectName("tier_percent_text")
        self.multiplier_spin = QSpinBox()
        self.multiplier_spin.setObjectName("tier_multiplier")
        self.multiplier_spin.setRange(0, 1000)
        self.multiplier_spin.setSingleStep(10)
        self.multiplier_spin.setValue(100)
        self.multiplier_spin.setSuffix("%")
        self.multiplier_label = QLabel()
        self.rule_combo = QComboBox()
        self.rule_combo.setObjectName("tier_rule_kind")
        self.rule_combo.addItem(self.tr("Spend (yuan)"), "spend")
        self.rule_combo.addItem(self.tr("Points collected"), "points")
        self.threshold_edit = QLineEdit("0")
        self.threshold_edit.setObjectName("tier_threshold")
        self.window_spin = QSpinBox()
        self.window_spin.setObjectName("tier_window")
        self.window_spin.setRange(1, 3650)
        self.window_spin.setValue(365)
        self.window_spin.setSuffix(self.tr(" days"))
        self.benefits_edit = QPlainTextEdit()
        self.benefits_edit.setObjectName("tier_benefits")
        self.benefits_edit.setFixedHeight(64)
        self.benefits_edit.setTabChangesFocus(True)

        form = self.form
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Rank"), self.rank_spin)
        form.addRow(self.tr("Price paid"), _beside(self.percent_spin, self.percent_label))
        form.addRow(self.tr("Points multiplier"), _beside(self.multiplier_spin, self.multiplier_label))
        form.addRow(self.tr("Earned by"), self.rule_combo)
        self.threshold_label = QLabel()
        form.addRow(self.threshold_label, self.threshold_edit)
        form.addRow(self.tr("Counted over"), self.window_spin)
        form.addRow(self.tr("Benefits"), self.benefits_edit)
        form.addRow("", self.active_check)

        self.refusals.fields.update(
            rank=self.rank_spin,
            price_percent=self.percent_spin,
            points_multiplier_percent=self.multiplier_spin,
            rule_kind=self.rule_combo,
            threshold=self.threshold_edit,
            window_days=self.window_spin,
            benefits=self.benefits_edit,
        )

        self.percent_spin.valueChanged.connect(self._show_percent)
        self.multiplier_spin.valueChanged.connect(self._show_multiplier)
        self.rule_combo.currentIndexChanged.connect(lambda _i: self._rule_changed())
        if record is not None:
            self._load(record)
        else:
            self._ask_next_rank()
        self._show_percent(self.percent_spin.value())
        self._show_multiplier(self.multiplier_spin.value())
        self._rule_changed()

    def _ask_next_rank(self) -> None:
        # The dialog opens at once; Save waits until the rank on offer has arrived.
        catalog = self.context.service(CatalogService)
        Op(self.context.runner, partial(catalog.list_tiers, include_inactive=True)).guarding(
            self.ok_button
        ).refusals(self.refusals).on_done(self._offer_rank).run()

    def _offer_rank(self, tiers: list[TierRecord]) -> None:
        if self.rank_spin.value() == 0:  # unless the owner typed a rank meanwhile
            self.rank_spin.setValue(max((t.rank for t in tiers), default=0) + 1)

    def _load(self, record: TierRecord) -> None:
        self.name_edit.setText(record.name)
        self.rank_spin.setValue(record.rank)
        self.percent_spin.setValue(record.price_percent)
        self.multiplier_spin.setValue(record.points_multiplier_percent)
        self.rule_combo.setCurrentIndex(max(0, self.rule_combo.findData(record.rule_kind)))
        threshold = (
            str(record.threshold)
            if record.rule_kind == "points"
            else yuan_input(record.threshold)
        )
        self.threshold_edit.setText(threshold)
        self.window_spin.setValue(record.window_days)
        self.benefits_edit.setPlainText(record.benefits)

    def _show_percent(self, value: int) -> None:
        self.percent_label.setText(discount_text(value))

    def _show_multiplier(self, value: int) -> None:
        self.multiplier_label.setText(multiplier_text(value))

    def _rule_changed(self) -> None:
        by_points = self.rule_combo.currentData() == "points"
        self.threshold_label.setText(
            self.tr("Threshold (points)") if by_points else self.tr("Threshold (yuan)")
        )

    def threshold(self) -> int:
        text = self.threshold_edit.text()
        if self.rule_combo.currentData() == "points":
            return check_points(text.strip() or "0", "threshold")
        return parse_yuan(text, "threshold")

    def work(self) -> Callable[[], TierRecord]:
        catalog = self.context.service(CatalogService)
        return self.saving(
            catalog.create_tier,
            catalog.update_tier,
            self.name_edit.text(),
            self.rank_spin.value(),
            threshold=self.threshold(),
            price_percent=self.percent_spin.value(),
            points_multiplier_percent=self.multiplier_spin.value(),
            rule_kind=str(self.rule_combo.currentData()),
            window_days=self.window_spin.value(),
            benefits=self.benefits_edit.toPlainText(),
        )


def _beside(field: QWidget, label: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field)
    row.addWidget(label, 1)
    return row
