"""First start: create the encrypted shop file, its owner, and show the recovery key once.

Page one asks for the shop name, the owner's user name and password (twice) and
creates the file when Next is pressed (it cannot be undone, so there is no Back
afterwards). Page two shows the recovery key in groups; Finish stays disabled
until "I have written it down" is ticked. The key can be saved as a PDF to print.
"""

from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from crm_desktop.models.db import Actor, Store
from crm_desktop.models.errors import DomainError
from crm_desktop.models.validation import check_password, check_username
from crm_desktop.ui.task_runner import TaskRunner, describe_error

KEY_GROUPS_PER_LINE = 4


def key_in_lines(recovery_key: str) -> str:
    """The key's groups, four per line, for copying by hand."""
    groups = recovery_key.split("-")
    lines = [groups[i : i + KEY_GROUPS_PER_LINE] for i in range(0, len(groups), KEY_GROUPS_PER_LINE)]
    return "\n".join("  ".join(line) for line in lines)


class _ShopPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Create the shop file"))
        self.setSubTitle(
            self.tr(
                "Customer files and cards are kept in one encrypted file on this PC. "
                "The owner's password opens it."
            )
        )
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Create file"))
        self.shop_edit = QLineEdit()
        self.shop_edit.setObjectName("wizard_shop")
        self.owner_edit = QLineEdit()
        self.owner_edit.setObjectName("wizard_owner")
        self.owner_edit.setPlaceholderText(self.tr("for example: owner"))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("wizard_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_edit = QLineEdit()
        self.repeat_edit.setObjectName("wizard_repeat")
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        path_label = QLabel(str(wizard.path))
        path_label.setWordWrap(True)
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow(self.tr("Shop name"), self.shop_edit)
        form.addRow(self.tr("Owner user name"), self.owner_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        form.addRow(self.tr("Password again"), self.repeat_edit)
        form.addRow(self.tr("File"), path_label)
        self.error_label = QLabel()
        self.error_label.setObjectName("wizard_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        self.registerField("shop*", self.shop_edit)
        self.registerField("owner*", self.owner_edit)
        self.registerField("password*", self.password_edit)
        self.registerField("repeat*", self.repeat_edit)

    def validatePage(self) -> bool:
        if self._wizard.store is not None:
            return True
        password = self.password_edit.text()
        try:
            check_username(self.owner_edit.text())
            check_password(password)
        except DomainError as error:
            return self._refuse(str(error))
        if password != self.repeat_edit.text():
            self.repeat_edit.clear()
            self.repeat_edit.setFocus()
            return self._refuse(self.tr("The two passwords differ. Type the password again."))
        self.error_label.setText(self.tr("Creating the encrypted file…"))
        self.setEnabled(False)
        self._wizard.create_file(
            self.shop_edit.text().strip(), self.owner_edit.text().strip(), password
        )
        # The synchronous runner has already finished; the threaded one calls next() later.
        return self._wizard.store is not None

    def creation_failed(self, message: str) -> None:
        self.setEnabled(True)
        self._refuse(message)

    def _refuse(self, message: str) -> bool:
        self.error_label.setText(message)
        return False


class _RecoveryPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Write down the recovery key"))
        self.setSubTitle(
            self.tr(
                "If every password is forgotten, only this key opens the file. "
                "It is shown only now: write it on paper and keep it somewhere safe."
            )
        )
        self.key_label = QLabel()
        self.key_label.setObjectName("wizard_recovery_key")
        key_font = QFont("monospace")
        key_font.setStyleHint(QFont.StyleHint.Monospace)
        key_font.setPointSize(18)
        key_font.setBold(True)
        self.key_label.setFont(key_font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setStyleSheet(
            "padding: 12px; border: 1px solid palette(mid); background: palette(base);"
        )
        self.save_pdf_button = QPushButton(self.tr("Save as PDF to print…"))
        self.save_pdf_button.clicked.connect(self._choose_pdf)
        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.written_box = QCheckBox(self.tr("I have written the recovery key down"))
        self.written_box.setObjectName("wizard_written")
        layout = QVBoxLayout(self)
        layout.addWidget(self.key_label)
        layout.addWidget(self.save_pdf_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.saved_label)
        layout.addStretch(1)
        layout.addWidget(self.written_box)
        self.registerField("written*", self.written_box)

    def initializePage(self) -> None:
        self.key_label.setText(key_in_lines(self._wizard.recovery_key))

    def _choose_pdf(self) -> None:
        suggested = str(Path.home() / self.tr("recovery-key.pdf"))
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the recovery key"), suggested, self.tr("PDF files (*.pdf)")
        )
        if target:
            self._wizard.save_recovery_pdf(Path(target))
            self.saved_label.setText(
                self.tr("Saved to %1. Print it, then delete the file.").replace("%1", target)
            )


class FirstRunWizard(QWizard):
    """Creates ``path``; after ``exec()`` accepts, ``store`` is open and ``actor`` is the owner."""

    def __init__(self, path: Path, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.runner = runner
        self.store: Store | None = None
        self.actor: Actor | None = None
        self.recovery_key = ""
        self.shop_name = ""
        self.setWindowTitle(self.tr("Welcome — first start"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(620, 460)
        self.shop_page = _ShopPage(self)
        self.recovery_page = _RecoveryPage(self)
        self.addPage(self.shop_page)
        self.addPage(self.recovery_page)

    def create_file(self, shop_name: str, owner: str, password: str) -> None:
        self.shop_name = shop_name

        def create() -> tuple[Store, str, Actor]:
            store, recovery = Store.create(self.path, shop_name, owner, password)
            return store, recovery, store.actor_for(owner)

        self._advance_when_created = False
        self.runner.submit(create, on_done=self._created, on_error=self._failed)
        self._advance_when_created = True

    def _created(self, result: tuple[Store, str, Actor]) -> None:
        self.store, self.recovery_key, self.actor = result
        self.shop_page.setEnabled(True)
        if self._advance_when_created:
            self.next()

    def _failed(self, error: BaseException) -> None:
        self.shop_page.creation_failed(describe_error(error))

    def reject(self) -> None:
        # Once the file exists the key must be confirmed: it is never shown again.
        if self.store is not None and not self.recovery_page.written_box.isChecked():
            self.recovery_page.written_box.setFocus()
            return
        super().reject()

    def save_recovery_pdf(self, target: Path) -> None:
        """Write a one-page PDF with the shop name, file and recovery key, to print."""
        writer = QPdfWriter(str(target))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageMargins(QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter)
        writer.setTitle(self.tr("Recovery key"))
        document = QTextDocument()
        key_html = html.escape(key_in_lines(self.recovery_key)).replace("\n", "<br/>")
        document.setHtml(
            "<h1>{title}</h1><p>{shop}</p><p>{file}</p><p>{when}</p>"
            "<p style='font-family: monospace; font-size: 20pt; font-weight: bold;'>{key}</p>"
            "<p>{advice}</p>".format(
                title=html.escape(self.tr("Recovery key")),
                shop=html.escape(self.tr("Shop: %1").replace("%1", self.shop_name)),
                file=html.escape(self.tr("File: %1").replace("%1", str(self.path))),
                when=html.escape(
                    self.tr("Created: %1").replace("%1", datetime.now().strftime("%Y-%m-%d %H:%M"))
                ),
                key=key_html,
                advice=html.escape(
                    self.tr(
                        "This key opens the shop file when every password is lost. "
                        "Keep this page locked away; anyone who has it and the file can read "
                        "all customer data."
                    )
                ),
            )
        )
        document.print_(writer)
