"""First start: create the encrypted shop file, its owner, and show the recovery key once.

Page one asks for the shop name, the owner's user name and password (twice) and
creates the file when Next is pressed (it cannot be undone, so there is no Back
afterwards). Page two shows the recovery key in groups; Finish stays disabled
until "I have written it down" is ticked. The key can be saved as a PDF to print.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import DomainError
from crm_desktop.models.opening import create_store
from crm_desktop.models.rules.validation import check_password, check_username
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.style import REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import TaskRunner, describe_error
from crm_desktop.ui.recovery_key_view import RecoveryKeyView


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
        self.error_label.setStyleSheet(REFUSAL_STYLE)
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
        self.view = RecoveryKeyView()
        self.key_label = self.view.key_label
        self.written_box = self.view.written_box
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self.registerField("written*", self.written_box)

    def initializePage(self) -> None:
        self.view.set_key(self._wizard.recovery_key, self._wizard.shop_name, self._wizard.path)


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
            store, recovery = create_store(self.path, shop_name, owner, password)
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
        """Write the recovery key as a PDF to print (what the page's button does)."""
        self.recovery_page.view.save_pdf(target)
