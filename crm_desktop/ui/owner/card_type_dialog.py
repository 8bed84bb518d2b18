"""Create or edit a card type (卡种): name, kind, price, validity, visits, and top-up bonuses.

Bonus rules are rows of "pay X yuan, get Y yuan free" (充100送10). Fields that do
not apply to the chosen kind are greyed out and not sent. Every refusal comes
from the catalog service and is shown under the form, beside nothing lost.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.errors import DomainError, ValidationError
from crm_desktop.models.rules.card_rules import BonusRule, parse_yuan
from crm_desktop.models.services.card_records import CardTypeRecord
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE
from crm_desktop.ui.owner.catalog_dialog import CatalogDialog
from crm_desktop.ui.owner.yuan import yuan_input, yuan_text

KINDS = ("stored_value", "points", "count", "period", "mixed")
WITH_BONUS = ("stored_value", "mixed")
WITH_VISITS = ("count", "mixed")


def kind_name(kind: str) -> str:
    names = {
        "stored_value": QCoreApplication.translate("CardTypes", "Stored value"),
        "points": QCoreApplication.translate("CardTypes", "Points"),
        "count": QCoreApplication.translate("CardTypes", "Visits (count card)"),
        "period": QCoreApplication.translate("CardTypes", "Period (month/year card)"),
        "mixed": QCoreApplication.translate("CardTypes", "Mixed"),
    }
    return names.get(kind, kind)


def bonus_text(rules: tuple[BonusRule, ...]) -> str:
    """充100送10; 充500送80 — or "pay 100, get 10" in English."""
    template = QCoreApplication.translate("CardTypes", "pay %1, get %2")
    return "; ".join(
        template.replace("%1", yuan_text(pay)).replace("%2", yuan_text(bonus)) for pay, bonus in rules
    )


class CardTypeDialog(CatalogDialog):
    """New card type when ``record`` is None, else an edit of it; ``saved`` is the answer."""

    def __init__(
        self, context: AppContext, record: CardTypeRecord | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(
            context, record, parent, width=560,
            titles=(self.tr("New card type"), self.tr("Edit card type")),
            name=("card_type_name", self.tr("e.g. Stored-value card")),
            active_text=self.tr("On sale (new cards can be issued)"),
        )
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("card_type_kind")
        for kind in KINDS:
            self.kind_combo.addItem(kind_name(kind), kind)
        self.price_edit = QLineEdit()
        self.price_edit.setObjectName("card_type_price")
        self.price_edit.setPlaceholderText("0")
        self.validity_spin = QSpinBox()
        self.validity_spin.setObjectName("card_type_validity")
        self.validity_spin.setRange(0, 36500)
        self.validity_spin.setSpecialValueText(self.tr("never expires"))
        self.validity_spin.setSuffix(self.tr(" days"))
        self.count_spin = QSpinBox()
        self.count_spin.setObjectName("card_type_count")
        self.count_spin.setRange(0, 10000)
        self.service_edit = QLineEdit()
        self.service_edit.setObjectName("card_type_service")
        self.service_edit.setPlaceholderText(self.tr("e.g. Car wash"))

        self.bonus_table = QTableWidget(0, 2)
        self.bonus_table.setObjectName("card_type_bonus")
        self.bonus_table.setHorizontalHeaderLabels(
            [self.tr("Top-up of (yuan)"), self.tr("Bonus given (yuan)")]
        )
        self.bonus_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.bonus_table.verticalHeader().hide()
        self.bonus_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.bonus_table.setMinimumHeight(120)
        self.add_rule_button = QPushButton(self.tr("Add a rule"))
        self.add_rule_button.setObjectName("card_type_add_rule")
        self.add_rule_button.setAutoDefault(False)
        self.add_rule_button.clicked.connect(lambda: self.add_rule_row())
        self.remove_rule_button = QPushButton(self.tr("Remove the chosen rule"))
        self.remove_rule_button.setAutoDefault(False)
        self.remove_rule_button.clicked.connect(self._remove_rule_row)
        rule_hint = QLabel(
            self.tr("A top-up gets the bonus of the highest rule it reaches, once.")
        )
        rule_hint.setWordWrap(True)
        rule_hint.setStyleSheet(HINT_STYLE)
        rule_buttons = QHBoxLayout()
        rule_buttons.addWidget(self.add_rule_button)
        rule_buttons.addWidget(self.remove_rule_button)
        rule_buttons.addStretch(1)
        rules_box = QVBoxLayout()
        rules_box.addWidget(self.bonus_table)
        rules_box.addLayout(rule_buttons)
        rules_box.addWidget(rule_hint)

        form = self.form
        form.addRow(self.tr("Name"), self.name_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Price (yuan)"), self.price_edit)
        form.addRow(self.tr("Valid for"), self.validity_spin)
        form.addRow(self.tr("Visits included"), self.count_spin)
        form.addRow(self.tr("Service"), self.service_edit)
        form.addRow(self.tr("Top-up bonus"), rules_box)
        form.addRow("", self.active_check)

        self.refusals.fields.update(
            kind=self.kind_combo,
            price=self.price_edit,
            validity_days=self.validity_spin,
            count_total=self.count_spin,
            service_name=self.service_edit,
            bonus_rules=self.bonus_table,
        )

        self.kind_combo.currentIndexChanged.connect(lambda _i: self._kind_changed())
        if record is not None:
            self._load(record)
        self._kind_changed()

    # -- the bonus rows ---------------------------------------------------------------------------

    def add_rule_row(self, pay: str = "", bonus: str = "") -> int:
        row = self.bonus_table.rowCount()
        self.bonus_table.insertRow(row)
        self.bonus_table.setItem(row, 0, QTableWidgetItem(pay))
        self.bonus_table.setItem(row, 1, QTableWidgetItem(bonus))
        self.bonus_table.setCurrentCell(row, 0)
        return row

    def _remove_rule_row(self) -> None:
        row = self.bonus_table.currentRow()
        if row >= 0:
            self.bonus_table.removeRow(row)

    def bonus_rules(self) -> list[tuple[int, int]]:
        """The typed rows as (pay_fen, bonus_fen); fully empty rows are skipped.

        A row that is not an amount is refused with its number ("Bonus rule 2: …").
        """
        rules: list[tuple[int, int]] = []
        for row in range(self.bonus_table.rowCount()):
            cells = [self.bonus_table.item(row, c) for c in (0, 1)]
            pay, bonus = ((cell.text() if cell else "").strip() for cell in cells)
            if not pay and not bonus:
                continue
            try:
                rules.append((parse_yuan(pay, "bonus_rules"), parse_yuan(bonus, "bonus_rules")))
            except DomainError as error:
                text = (
                    self.tr("Bonus rule %1: %2")
                    .replace("%1", str(row + 1))
                    .replace("%2", str(error))
                )
                raise ValidationError(error.code, text, text, field="bonus_rules") from error
        return rules

    # -- loading and saving -----------------------------------------------------------------------

    def _load(self, record: CardTypeRecord) -> None:
        self.name_edit.setText(record.name)
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(record.kind)))
        self.price_edit.setText(yuan_input(record.price_fen))
        self.validity_spin.setValue(record.validity_days or 0)
        self.count_spin.setValue(record.count_total)
        self.service_edit.setText(record.service_name or "")
        for pay, bonus in record.bonus_rules:
            self.add_rule_row(yuan_input(pay), yuan_input(bonus))

    def _kind_changed(self) -> None:
        kind = str(self.kind_combo.currentData())
        visits: tuple[QWidget, ...] = (self.count_spin, self.service_edit)
        for widget in visits:
            widget.setEnabled(kind in WITH_VISITS)
        bonus: tuple[QWidget, ...] = (self.bonus_table, self.add_rule_button, self.remove_rule_button)
        for widget in bonus:
            widget.setEnabled(kind in WITH_BONUS)

    def work(self) -> Callable[[], CardTypeRecord]:
        kind = str(self.kind_combo.currentData())
        catalog = self.context.service(CatalogService)
        return self.saving(
            catalog.create_card_type,
            catalog.update_card_type,
            self.name_edit.text(),
            kind,
            price_fen=parse_yuan(self.price_edit.text(), "price"),
            validity_days=self.validity_spin.value() or None,
            count_total=self.count_spin.value() if kind in WITH_VISITS else 0,
            service_name=self.service_edit.text() if kind in WITH_VISITS else None,
            bonus_rules=self.bonus_rules() if kind in WITH_BONUS else [],
        )
