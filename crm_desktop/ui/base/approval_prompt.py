"""The approval area of a form dialog: an owner's or manager's password, asked in place.

When a call is refused with ``ApprovalRequired`` the dialog shows this area under
its refusal sentence: the approver is picked from the accounts the refusal names,
types their password and presses Approve (Enter does the same while the area
shows). The same call then runs again under ``approved_with``; what the clerk typed
stays. A wrong password shows beside the password field and nothing is booked.
The password is kept only for the one retry and cleared from the field after it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from crm_desktop.models.approval import Approval, approved_with
from crm_desktop.models.errors import ApprovalRequired

Call = Callable[[], Any]


def approved(call: Call, approval: Approval) -> Call:
    """``call`` run with ``approval`` at hand (on the worker, like the call itself)."""

    def run() -> Any:
        with approved_with(approval):
            return call()

    return run


class ApprovalPrompt(QWidget):
    """Approver, password and Approve; ``retry`` runs the approved call in the dialog."""

    def __init__(self, retry: Callable[[Call], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approval_area")
        self.retry = retry
        self._call: Call | None = None
        self._action: str | None = None
        self._default_before: QPushButton | None = None
        self.title = QLabel(self.tr("Approval by an owner or manager"))
        self.title.setStyleSheet("font-weight: bold;")
        self.approver_combo = QComboBox()
        self.approver_combo.setObjectName("approver")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("approval_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setPlaceholderText(self.tr("Typed by the approver"))
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("approve")
        self.approve_button.clicked.connect(self.approve)
        form = QFormLayout(self)
        form.setContentsMargins(0, 4, 0, 4)
        form.addRow(self.title)
        form.addRow(self.tr("Approver"), self.approver_combo)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow("", self.approve_button)
        self.hide()

    def ask(self, error: ApprovalRequired, call: Call) -> None:
        """Show the area for ``call``, refused for want of ``error.action``'s approval."""
        self._call, self._action = call, error.action
        chosen = self.approver_combo.currentText()
        self.approver_combo.clear()
        self.approver_combo.addItems(list(error.approvers))
        if chosen in error.approvers:
            self.approver_combo.setCurrentText(chosen)
        self.password_edit.clear()
        self.show()
        # Enter now approves instead of asking again without a password.
        if not self.approve_button.isDefault():
            self._default_before = next(
                (b for b in self.window().findChildren(QPushButton) if b.isDefault()), None
            )
            self.approve_button.setDefault(True)
        self.password_edit.setFocus()

    def approve(self) -> None:
        if self._call is None or not self.approve_button.isEnabled():
            return
        approval = Approval(
            self.approver_combo.currentText(), self.password_edit.text(), self._action
        )
        self.retry(approved(self._call, approval))

    def finish(self) -> None:
        """The call went through (or the dialog moves on): forget the password, hide."""
        self._call = self._action = None
        self.password_edit.clear()
        self.approve_button.setDefault(False)
        if self._default_before is not None:
            self._default_before.setDefault(True)
            self._default_before = None
        self.hide()
