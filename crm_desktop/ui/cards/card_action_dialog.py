"""The frame every card dialog shares: the card on top, inputs, before → after, PIN, confirm.

A subclass adds its inputs to ``form``, says what the action would do
(``preview``), reads its inputs into the one service call (``booking``) and words the outcome
(``done_text``). The frame runs the call through the task runner with the
confirm button disabled (a second Enter never books twice), shows a refusal
beside the input it names without clearing anything, and after booking shows
the balance after and the receipt buttons; Enter then closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.errors import DomainError
from crm_desktop.models.services.card_records import CardRecord, MoneyResult
from crm_desktop.models.services.cards import CardService
from crm_desktop.ui.app_context import AppContext
from crm_desktop.ui.cards.card_text import card_balance_text, card_title
from crm_desktop.ui.receipts import ReceiptButtons
from crm_desktop.ui.task_runner import describe_error

ERROR_STYLE = "color: #b00020;"
DONE_STYLE = "color: #1b5e20; font-weight: 600;"


class CardActionDialog(QDialog):
    """Base of the card dialogs; ``result`` holds what the service returned once booked."""

    action_done = Signal(object)

    #: Whether the action takes the card's payment PIN (asked only when the card has one).
    takes_pin = False

    def __init__(
        self, context: AppContext, card: CardRecord | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.cards = context.service(CardService)
        self.card = card
        self.result: Any = None
        self._busy = False
        self.field_widgets: dict[str, QWidget] = {}
        self.setMinimumWidth(520)

        self.card_label = QLabel(card_title(card) if card else self.tr("No card"))
        self.card_label.setObjectName("card_title")
        self.card_label.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.card_label.setWordWrap(True)
        self.balance_label = QLabel(card_balance_text(card) if card else "")
        self.balance_label.setObjectName("balance_before")
        self.balance_label.setWordWrap(True)

        self.inputs = QWidget()
        self.form = QFormLayout(self.inputs)
        self.form.setContentsMargins(0, 8, 0, 0)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(6)
        self.pin_edit.setValidator(QRegularExpressionValidator(r"\d{0,6}", self.pin_edit))
        self.pin_edit.setPlaceholderText(self.tr("6 digits, typed by the customer"))
        self.pin_label = QLabel(self.tr("Payment PIN"))
        self.field_widgets["pin"] = self.pin_edit

        self.preview_label = QLabel()
        self.preview_label.setObjectName("preview")
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        self.preview_label.setWordWrap(True)
        self.preview_label.setMinimumHeight(48)
        self.error_label = QLabel()
        self.error_label.setObjectName("refusal")
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.setWordWrap(True)
        self.done_label = QLabel()
        self.done_label.setObjectName("done")
        self.done_label.setStyleSheet(DONE_STYLE)
        self.done_label.setWordWrap(True)
        self.done_label.setVisible(False)
        self.receipt_buttons = ReceiptButtons(context)

        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setObjectName("confirm")
        self.confirm_button.setDefault(True)
        self.close_button = QPushButton(self.tr("Cancel"))
        self.close_button.setObjectName("close")
        self.close_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm)
        self.close_button.clicked.connect(self._close)
        buttons = QHBoxLayout()
        buttons.addWidget(self.receipt_buttons)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.card_label)
        layout.addWidget(self.balance_label)
        layout.addWidget(self.inputs)
        layout.addWidget(self.preview_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.done_label)
        layout.addStretch(1)
        layout.addLayout(buttons)

    # -- what a subclass provides -----------------------------------------------------------

    def preview(self) -> str:
        """Rich text of what the action would do; raise DomainError for input it cannot take."""
        return ""

    def booking(self, pin: str | None) -> Callable[[], Any]:
        """Read the inputs now and return the one service call, which runs on the task runner.

        The call must not touch widgets: it runs on the worker thread.
        """
        raise NotImplementedError

    def done_text(self, result: Any) -> str:
        return self.tr("Done.")

    def needs_pin(self) -> bool:
        """Whether this action, with the inputs as they are, checks the PIN."""
        return self.takes_pin

    def receipt_of(self, result: Any) -> MoneyResult | None:
        return result if isinstance(result, MoneyResult) else None

    # -- the frame --------------------------------------------------------------------------

    def add_pin_row(self) -> None:
        """Put the PIN row at the end of the inputs (call after adding the other rows)."""
        self.form.addRow(self.pin_label, self.pin_edit)
        self._show_pin()

    def _show_pin(self) -> None:
        wanted = self._pin_wanted()
        self.pin_label.setVisible(wanted)
        self.pin_edit.setVisible(wanted)

    def refresh_preview(self) -> None:
        """Re-run the preview after an input changed; a refusal shows, input stays."""
        if self.result is not None:
            return
        self._show_pin()
        try:
            text = self.preview()
        except DomainError as error:
            self.preview_label.clear()
            self.error_label.setText(str(error))
            return
        self.preview_label.setText(text)
        self.error_label.clear()
        self._fit()

    def _fit(self) -> None:
        # A shown dialog does not grow by itself when its preview gets longer.
        wanted = self.sizeHint().height()
        if self.isVisible() and wanted > self.height():
            self.resize(self.width(), wanted)

    def confirm(self) -> None:
        if self.result is not None:
            self.accept()
            return
        if self._busy:
            return
        try:
            self.preview()
        except DomainError as error:
            self.show_refusal(error)
            return
        pin = self.pin_edit.text() if self._pin_wanted() else None
        try:
            call = self.booking(pin or None)
        except DomainError as error:
            self.show_refusal(error)
            return
        self._busy = True
        self.confirm_button.setEnabled(False)
        self.error_label.clear()
        self.context.runner.submit(call, on_done=self.finish, on_error=self.show_refusal)

    def _pin_wanted(self) -> bool:
        return bool(self.card and self.card.has_pin and self.needs_pin())

    def show_refusal(self, error: BaseException) -> None:
        """The service's sentence beside the form; what was typed stays as it was."""
        self._busy = False
        self.confirm_button.setEnabled(True)
        self.error_label.setText(describe_error(error))
        field = getattr(error, "field", None)
        widget = self.field_widgets.get(field or "")
        if widget is not None and widget.isVisibleTo(self):
            widget.setFocus()
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def finish(self, result: Any) -> None:
        self._busy = False
        self.result = result
        self.inputs.setEnabled(False)
        self.error_label.clear()
        self.done_label.setText(self.done_text(result))
        self.done_label.setVisible(True)
        self._fit()
        self.receipt_buttons.set_result(self.receipt_of(result))
        self.confirm_button.setVisible(False)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.action_done.emit(result)

    def _close(self) -> None:
        if self.result is not None:
            self.accept()
        else:
            self.reject()

    def reject(self) -> None:
        # Esc after booking still counts as done, so the caller refreshes what it shows.
        if self.result is not None:
            self.accept()
            return
        super().reject()


def preview_row(label: str, value: str) -> str:
    """One row of a preview: label on the left, value bold."""
    return f"<tr><td>{label}</td><td align='right'><b>{value}</b></td></tr>"


def preview_table(*rows: str) -> str:
    return "<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>"
