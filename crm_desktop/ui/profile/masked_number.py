"""A phone or ID number field that shows the mask, with "Show" (owner) and "Change".

Every role sees the number masked. The owner (permission ``pii.full``) may press
"Show": the form asks ``PrivacyService.reveal_full_number`` (one audit entry per
show) and puts the whole number in the still read-only field. "Change" makes the
field typeable: a masked one is emptied for a whole new number, a shown one keeps
the number to be edited. Until then the field is "untouched" and saving sends the
mask back, which the service reads as "unchanged" — so neither a mask nor a shown
number can ever be saved by accident.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.profile.field_grid import show_reason


class MaskedNumber(QObject):
    """The state and buttons of one masked field; ``holder`` goes into the form's grid."""

    show_requested = Signal(str)
    change_started = Signal(str)

    def __init__(self, key: str, edit: QLineEdit, *, can_show: bool, writable: bool,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.edit = edit
        self.can_show = can_show
        self.writable = writable
        self.mask: str | None = None
        self.revealed: str | None = None

        # The buttons belong to the profile form: its translation context, as before the split.
        self.show_button = QToolButton()
        self.show_button.setObjectName(f"{key}_show")
        self.show_button.setText(QCoreApplication.translate("CustomerForm", "Show"))
        self.show_button.setToolTip(QCoreApplication.translate(
            "CustomerForm", "Show the full number; each show is logged"))
        self.show_button.setVisible(False)
        self.show_button.clicked.connect(lambda _c=False: self.show_requested.emit(self.key))
        self.change_button = QToolButton()
        self.change_button.setObjectName(f"{key}_change")
        self.change_button.setText(QCoreApplication.translate("CustomerForm", "Change"))
        self.change_button.setToolTip(QCoreApplication.translate(
            "CustomerForm", "Type a whole new number instead of the masked one"))
        self.change_button.setVisible(False)
        self.change_button.clicked.connect(lambda _c=False: self.start_change())

        self.holder = QWidget()
        row = QHBoxLayout(self.holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.change_button)

    # -- what the form asks -------------------------------------------------------------------

    def untouched(self) -> bool:
        """True while the field shows the mask or a shown number nobody has started to change."""
        return self.mask is not None and self.edit.isReadOnly()

    def value_to_save(self) -> str | None:
        """The mask while untouched (the service keeps the number), else what was typed."""
        if self.untouched():
            return self.mask
        return self.edit.text().strip() or None

    # -- state changes ------------------------------------------------------------------------

    def load(self, text: str) -> None:
        """Show the record's value (a mask, or nothing); forgets a shown number."""
        self.revealed = None
        self.mask = text if "*" in text else None
        self.edit.setText(text)
        self.edit.setReadOnly(self.mask is not None or not self.writable)
        self.change_button.setVisible(self.mask is not None and self.writable)
        self.show_button.setVisible(self.mask is not None and self.can_show)

    def show_full(self, number: str | None) -> None:
        """Put the whole number in the field, still read-only until "Change"."""
        if not self.untouched():
            return
        self.revealed = number or ""
        self.edit.setText(self.revealed)
        self.show_button.setVisible(False)

    def conceal(self) -> None:
        """Back to the mask if a shown number was not taken into an edit."""
        if self.revealed is not None and self.untouched():
            assert self.mask is not None
            self.load(self.mask)

    def start_change(self) -> None:
        """Let the user type: a shown number stays to be edited, a mask is emptied."""
        self.edit.setReadOnly(False)
        if self.revealed is None:
            self.edit.clear()
        else:
            self.edit.selectAll()
        self.edit.setFocus()
        self.change_button.setVisible(False)
        self.show_button.setVisible(False)
        self.change_started.emit(self.key)


def reveal_number(context: AppContext, customer_id: int, number: MaskedNumber, reason: QLabel,
                  still_shown: Callable[[], bool]) -> None:
    """Ask for the whole number (the service logs the show) and put it in ``number``.

    A refusal is shown in ``reason``; an answer arriving after another customer
    was opened (``still_shown`` is False) is dropped.
    """
    privacy = context.service(PrivacyService)

    def shown(value: str | None) -> None:
        if still_shown():
            number.show_full(value)
            show_reason(reason, "")

    context.runner.submit(
        lambda: privacy.reveal_full_number(customer_id, number.key),
        on_done=shown,
        on_error=lambda error: show_reason(reason, describe_error(error)),
    )
