"""Shop admin → Move the shop to a server…: the owner copies the shop file onto PostgreSQL.

Run on the server's PC as a user who may change PostgreSQL's settings. OK secures
the server and copies every row on the worker, with progress; the dialog then
shows the connection file every counter opens, the accounts whose password the
owner must set again on the server, and what is still left to do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from crm_desktop.models.errors import DomainError
from crm_desktop.models.store.server_connection import SUFFIX
from crm_desktop.ui.base.acting import ActionDialog, Op
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import HINT_STYLE
from crm_desktop.ui.base.task_runner import describe_error
from crm_desktop.ui.owner.server_move_job import (
    ServerMoveResult,
    checked_request,
    move_to_server,
)

DEFAULT_ADMIN_URL = "postgresql:///postgres?host=/var/run/postgresql"
DEFAULT_PORT = 5432
AUTHORITY_SUFFIX = ".ca-key.pem"
RESULT_HEIGHT = 170
# Refusals of the model layer that name no field, and the field they are about.
_FIELD_OF = {
    "login.wrong": "password",
    "login.failed": "url",
    "owner.not_verified": "password",
    "server.database_exists": "database",
    "store.exists": "out",
    "server.not_local": "url",
    "server.unreachable": "url",
    "server.authority_damaged": "authority",
}


class ServerMoveDialog(ActionDialog):
    """The server's address and the owner's password; ``result`` is a ``ServerMoveResult``."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, self.tr("Move the shop to a server"), parent)
        self.setObjectName("server_move_dialog")
        self.setMinimumWidth(620)
        intro = QLabel(self.tr(
            "Moves this shop file onto a PostgreSQL server, so that several counters work on "
            "the same customers and cards. Run this on the server PC, signed in to Windows or "
            "Linux as a user who may change PostgreSQL's settings (an administrator, root or "
            "postgres). The shop file here is not changed."))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.url_edit = self._line("url", DEFAULT_ADMIN_URL)
        self.database_edit = self._line("database", "crm_shop")
        self.hosts_edit = self._line("hosts", "")
        self.hosts_edit.setPlaceholderText(self.tr("e.g. 192.168.1.10, shop-server"))
        self.port_spin = QSpinBox()
        self.port_spin.setObjectName("port")
        self.port_spin.setRange(1, 65535)
        self.port_spin.setValue(DEFAULT_PORT)
        self.out_edit = self._line("out", str(context.store.path.with_suffix(SUFFIX)))
        self.authority_edit = self._line("authority", "")
        self.authority_edit.setPlaceholderText(self.tr("none: a new one is made"))
        self.password_edit = self._line("password", "")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.form.addRow(self.tr("Administrator's URL"), self.url_edit)
        self.form.addRow(self.tr("Database name"), self.database_edit)
        self.form.addRow(self.tr("Counters reach the server at"), self.hosts_edit)
        self.form.addRow(self.tr("Port"), self.port_spin)
        self.form.addRow(self.tr("Save the connection file as"),
                         self._with_button(self.out_edit, "choose_out", self.choose_out))
        self.form.addRow(self.tr("Certificate authority (optional)"),
                         self._with_button(self.authority_edit, "choose_authority",
                                           self.choose_authority))
        self.form.addRow(self._hint(self.tr(
            "Only when another shop already uses this server: choose its .ca-key.pem file, "
            "or that shop's counters can no longer connect.")))
        self.form.addRow(self.tr("Your password (owner)"), self.password_edit)
        # A box that scrolls: the server's list of what is left to do may be long.
        self.result_view = QPlainTextEdit()
        self.result_view.setObjectName("server_move_result")
        self.result_view.setReadOnly(True)
        self.result_view.setFixedHeight(RESULT_HEIGHT)
        self.result_view.hide()
        self.form.addRow(self.result_view)
        self.ok_button.setText(self.tr("Move to the server"))
        self.first_field = self.hosts_edit

    def _line(self, name: str, text: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setObjectName(name)
        self.refusals.fields[name] = edit
        return edit

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setWordWrap(True)
        label.setStyleSheet(HINT_STYLE)
        return label

    def _with_button(self, edit: QLineEdit, name: str, clicked: Callable[[], object]) -> QWidget:
        button = QPushButton(self.tr("Choose…"))
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: clicked())
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit, 1)
        layout.addWidget(button)
        return row

    def choose_out(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self, self.tr("Save the connection file"), self.out_edit.text(),
            self.tr("Server connection (*%1)").replace("%1", SUFFIX))
        if chosen:
            path = Path(chosen)
            if path.suffix != SUFFIX:
                path = path.with_name(path.name + SUFFIX)
            self.out_edit.setText(str(path))

    def choose_authority(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("The certificate authority of the shop already on the server"),
            str(Path(self.out_edit.text()).parent),
            self.tr("Certificate authority (*%1)").replace("%1", AUTHORITY_SUFFIX))
        if chosen:
            self.authority_edit.setText(chosen)

    def work(self) -> Callable[..., Any]:
        request = checked_request(
            self.url_edit.text(), self.database_edit.text(), self.hosts_edit.text(),
            self.port_spin.value(), self.out_edit.text(), self.password_edit.text(),
            self.authority_edit.text())
        return partial(move_to_server, self.context.store, self.context.actor, request)

    def run_call(self, call: Callable[..., Any]) -> None:
        # Stopped half-way the server would keep a partial database: no Cancel.
        Op(self.context.runner, call).with_progress(
            self.tr("Moving the shop to the server"), self,
            {"check": self.tr("Checking your password"),
             "secure": self.tr("Setting up the server's encryption"),
             "upload": self.tr("Copying the shop's tables")},
            cancellable=False,
        ).guarding(self.ok_button).refusals(self._refused).on_done(self.answered).run()

    def _refused(self, error: BaseException) -> None:
        field = getattr(error, "field", None)
        if field is None and isinstance(error, DomainError):
            field = _FIELD_OF.get(error.code)
        if field == "password":
            self.password_edit.clear()
        self.refusals.show_text(describe_error(error), field)

    def answered(self, result: ServerMoveResult) -> None:
        self.result = result
        self.password_edit.clear()
        for edit in self.findChildren(QLineEdit):
            edit.setEnabled(False)
        self.port_spin.setEnabled(False)
        for button in self.findChildren(QPushButton):
            if button.objectName() in ("choose_out", "choose_authority"):
                button.setEnabled(False)
        self.ok_button.hide()
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.result_view.setPlainText(self.result_text(result))
        self.result_view.show()
        self.adjustSize()

    def result_text(self, result: ServerMoveResult) -> str:
        lines = [self.tr("The shop is on the server now. Copy this connection file to every "
                         "counter and open it there (this PC too):"), str(result.conn_path),
                 self.tr("Keep %1 beside it safe: it is needed again only to make a new "
                         "server certificate.").replace(
                             "%1", result.conn_path.name + AUTHORITY_SUFFIX)]
        if result.other_accounts:
            lines.append(self.tr("Sign in on the server and set the password again for: %1. "
                                 "Until then these accounts cannot sign in there.")
                         .replace("%1", ", ".join(result.other_accounts)))
        if result.todo:
            lines.append(self.tr("Still to do:"))
            lines.extend("• " + line for line in result.todo)
        return "\n\n".join(lines)
