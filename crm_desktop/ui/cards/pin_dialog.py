"""Set, change or remove a card's payment PIN; the customer types it, twice.

Changing or removing an existing PIN needs the old one, except for the owner,
who may reset it after checking who the customer is (the service enforces this).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.services.card_records import CardRecord
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.cards.card_action_dialog import CardActionDialog


def pin_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setMaxLength(6)
    edit.setValidator(QRegularExpressionValidator(r"\d{0,6}", edit))
    return edit


class SetPinDialog(CardActionDialog):
    """``result`` is the card after the change."""

    def __init__(self, context: AppContext, card: CardRecord, parent: QWidget | None = None):
        super().__init__(context, card, parent)
        self.setWindowTitle(self.tr("Payment PIN of card %1").replace("%1", card.number))
        self.confirm_button.setText(self.tr("Save PIN"))
        self.old_edit = pin_edit("old_pin")
        self.new_edit = pin_edit("new_pin")
        self.repeat_edit = pin_edit("repeat_pin")
        self.remove_box = QCheckBox(self.tr("Remove the PIN"))
        self.remove_box.setObjectName("remove_pin")
        asks_old = card.has_pin and context.actor.role != "owner"
        if asks_old:
            self.form.addRow(self.tr("Current PIN"), self.old_edit)
        self.form.addRow(self.tr("New PIN (6 digits)"), self.new_edit)
        self.form.addRow(self.tr("New PIN again"), self.repeat_edit)
        if card.has_pin:
            self.form.addRow("", self.remove_box)
        self.refusals.fields.update(pin=self.old_edit if asks_old else self.new_edit,
                                    new_pin=self.new_edit)
        self.remove_box.toggled.connect(self._remove_toggled)
        (self.old_edit if asks_old else self.new_edit).setFocus()
        self.asks_old = asks_old

    def _remove_toggled(self, removing: bool) -> None:
        self.new_edit.setEnabled(not removing)
        self.repeat_edit.setEnabled(not removing)

    def _differ(self) -> ValidationError:
        text = self.tr("The two new PINs differ; type them again.")
        return ValidationError("pin.repeat", text, text, field="new_pin")

    def booking(self, pin: str | None) -> Callable[[], CardRecord]:
        assert self.card is not None
        if self.new_edit.text() != self.repeat_edit.text() and not self.remove_box.isChecked():
            raise self._differ()
        new = None if self.remove_box.isChecked() else self.new_edit.text()
        old = self.old_edit.text() if self.asks_old else None
        return partial(self.cards.set_pin, self.card.id, new, old_pin=old)

    def done_text(self, result: CardRecord) -> str:
        if result.has_pin:
            return self.tr("The PIN is set; purchases from the balance will ask for it.")
        return self.tr("The card has no PIN now.")
