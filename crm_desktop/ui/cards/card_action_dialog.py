"""The frame every card dialog shares: the card on top, inputs, before → after, PIN, confirm.

It is an ``acting.ActionDialog``: Confirm runs the one service call on the task runner, disabled while
it runs so a second Enter never books twice, and a refusal shows beside the input
it names without clearing anything. A subclass adds its inputs to ``form`` (and
to ``refusals.fields`` under the services' field names), says what the action
would do, reads its inputs into the call (``booking``) and words the outcome
(``done_text``).

A preview that needs only the card and the inputs (``preview``) shows at once; one
that needs the file (``preview_read`` and ``preview_text``) runs on the worker once
the typing has rested, and only its newest answer shows. Confirm never waits for
a preview: the service checks everything again when it books. After booking the
dialog shows the balance after and the receipt buttons; Enter then closes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.errors import DomainError
from crm_desktop.models.services.card_records import CardRecord, MoneyResult
from crm_desktop.models.services.cards import CardService
from crm_desktop.ui.base.acting import ActionDialog, LatestAnswer
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import DONE_EMPHASIS_STYLE, TITLE_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.cards.card_text import card_balance_text, card_title
from crm_desktop.ui.receipts import ReceiptButtons


class CardActionDialog(ActionDialog):
    """Base of the card dialogs; ``result`` holds what the service returned once booked."""

    action_done = Signal(object)

    #: Whether the action takes the card's payment PIN (asked only when the card has one).
    takes_pin = False

    def __init__(
        self, context: AppContext, card: CardRecord | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, "", parent)
        self.cards = context.service(CardService)
        self.card = card
        self.setMinimumWidth(520)
        # Only the newest preview answer arrives; _awaiting_preview drops one asked
        # before a preview that needed no read replaced it.
        self._previews = LatestAnswer(
            context.runner, self._preview_answered, self._preview_read_refused, self,
        )
        self._awaiting_preview = False
        self._preview_refusal_shown = False

        self.card_label = QLabel(card_title(card) if card else self.tr("No card"))
        self.card_label.setObjectName("card_title")
        self.card_label.setStyleSheet(TITLE_STYLE)
        self.card_label.setWordWrap(True)
        self.balance_label = QLabel(card_balance_text(card) if card else "")
        self.balance_label.setObjectName("balance_before")
        self.balance_label.setWordWrap(True)

        self.form.setContentsMargins(0, 8, 0, 0)
        self.pin_edit = QLineEdit()
        self.pin_edit.setObjectName("pin")
        self.pin_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.pin_edit.setMaxLength(6)
        self.pin_edit.setValidator(QRegularExpressionValidator(r"\d{0,6}", self.pin_edit))
        self.pin_edit.setPlaceholderText(self.tr("6 digits, typed by the customer"))
        self.pin_label = QLabel(self.tr("Payment PIN"))
        self.refusals.fields["pin"] = self.pin_edit

        self.preview_label = QLabel()
        self.preview_label.setObjectName("preview")
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        self.preview_label.setWordWrap(True)
        self.preview_label.setMinimumHeight(48)
        self.done_label = QLabel()
        self.done_label.setObjectName("done")
        self.done_label.setStyleSheet(DONE_EMPHASIS_STYLE)
        self.done_label.setWordWrap(True)
        self.done_label.setVisible(False)
        self.receipt_buttons = ReceiptButtons(context)

        self.confirm_button = self.ok_button
        self.confirm_button.setText(self.tr("Confirm"))
        self.confirm_button.setDefault(True)
        self.close_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setObjectName("close")
        self.close_button.setText(self.tr("Cancel"))
        self.close_button.setAutoDefault(False)

        # ActionDialog's column is form, refusal, stretch, buttons; the card goes on top,
        # the preview and the outcome around the refusal, the receipt beside the buttons.
        layout = cast(QVBoxLayout, self.layout())
        layout.insertWidget(0, self.card_label)
        layout.insertWidget(1, self.balance_label)
        layout.insertWidget(layout.indexOf(self.error_label), self.preview_label)
        layout.insertWidget(layout.indexOf(self.error_label) + 1, self.done_label)
        layout.removeWidget(self.buttons)
        buttons = QHBoxLayout()
        buttons.addWidget(self.receipt_buttons)
        buttons.addStretch(1)
        buttons.addWidget(self.buttons)
        layout.addLayout(buttons)

    # -- what a subclass provides -----------------------------------------------------------

    def preview(self) -> str:
        """Rich text of what the action would do, from the card and the inputs alone.

        Raise DomainError for input it cannot take. Used when ``preview_read`` is None.
        """
        return ""

    def preview_read(self) -> Callable[[], Any] | None:
        """When the preview needs the file: read the inputs now and return the read.

        The read runs on the worker (it must not touch widgets); ``preview_text`` words
        its answer. None means ``preview`` says it without the file.
        """
        return None

    def preview_text(self, answer: Any) -> str:
        """Rich text of what the action would do, from the answer of ``preview_read``."""
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

    def _pin_wanted(self) -> bool:
        return bool(self.card and self.card.has_pin and self.needs_pin())

    def refresh_preview(self) -> None:
        """Preview again after an input changed; a refusal shows, what was typed stays."""
        if self.result is not None:
            return
        self._show_pin()
        try:
            read = self.preview_read()
            text = self.preview() if read is None else ""
        except DomainError as error:
            self._awaiting_preview = False
            self._show_preview_refusal(error)
            return
        self._awaiting_preview = read is not None
        if read is None:
            self._show_preview(text)
        else:
            self._previews.ask(read)

    def _preview_answered(self, answer: Any) -> None:
        if self.result is None and self._awaiting_preview:
            self._show_preview(self.preview_text(answer))

    def _preview_read_refused(self, error: BaseException) -> None:
        if self.result is None and self._awaiting_preview:
            self._show_preview_refusal(error)

    def _show_preview(self, text: str) -> None:
        self.preview_label.setText(text)
        if self._preview_refusal_shown:
            # Only the preview's own refusal goes; a booking's stays until the next attempt.
            self.refusals.clear()
            self._preview_refusal_shown = False
        self._fit()

    def _show_preview_refusal(self, error: BaseException) -> None:
        # Not beside the field: focusing and selecting it would swallow the next keystroke.
        self.preview_label.clear()
        self.refusals.show_text(describe_error(error))
        self._preview_refusal_shown = True

    def _fit(self) -> None:
        # A shown dialog does not grow by itself when its preview gets longer.
        wanted = self.sizeHint().height()
        if self.isVisible() and wanted > self.height():
            self.resize(self.width(), wanted)

    def submit(self) -> None:
        if self._previews.waiting:
            self._previews.ask_now()  # the preview of what is booked still shows
        self._preview_refusal_shown = False
        super().submit()

    def work(self) -> Callable[[], Any]:
        pin = self.pin_edit.text() if self._pin_wanted() else None
        return self.booking(pin or None)

    def answered(self, result: Any) -> None:
        """Booked: the outcome and the receipt show, and Enter now closes."""
        self.result = result
        for row in range(self.form.count()):
            item = self.form.itemAt(row)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setEnabled(False)
        self.refusals.clear()
        self.done_label.setText(self.done_text(result))
        self.done_label.setVisible(True)
        self._fit()
        self.receipt_buttons.set_result(self.receipt_of(result))
        self.confirm_button.setVisible(False)
        self.close_button.setText(self.tr("Close"))
        self.close_button.setDefault(True)
        self.close_button.setFocus()
        self.action_done.emit(result)

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
