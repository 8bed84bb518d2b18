"""First start: create the encrypted shop file, its owner, and show the recovery key once.

Page one asks for the shop name, the owner's user name and password (twice) and
creates the file when Next is pressed (it cannot be undone, so there is no Back
afterwards). Page two shows the recovery key in groups; Next and Finish stay
disabled until "I have written it down" is ticked (the file then records that it
was). The key can be saved as a PDF to print. Page three offers a starter set
for the kind of shop (Finish on page two starts empty).

When the key file is there but the data file is not (moved, on a USB drive not
plugged in, quarantined by an antivirus program), no file is created: a new key
file would lock the old data out for good. The one page then says so and offers
to look for the data file (copied back once the key file here opens it) or to
restore a backup (after the owner of the backup's time signs in to it); Finish
then leads to the sign-in. A server connection file chosen there signs in to the
shop on the server instead.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup_records import BackupInfo, default_folder, latest_good_backup
from crm_desktop.models.errors import DomainError
from crm_desktop.models.missing_file import (
    backups_of_missing_file,
    put_back_found_file,
    restore_missing_file,
)
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.restore import RestoreResult
from crm_desktop.models.rules.validation import check_password, check_username
from crm_desktop.models.services.setup_checklist import SetupChecklistService
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.server_connection import is_server_file
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.style import DONE_STYLE, HINT_STYLE, REFUSAL_STYLE
from crm_desktop.ui.base.task_runner import TaskRunner, describe_error
from crm_desktop.ui.first_run_starter_page import StarterPage
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


class _MissingFilePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("The shop file is missing"))
        self.explanation = QLabel(
            self.tr(
                "The key file of the shop file is here, but the data file itself is not:\n%1\n\n"
                "It may have been moved or renamed, be on a USB drive that is not plugged in, or "
                "have been put in quarantine by an antivirus program. No new file is made here: "
                "a new file would lock the old data out for good once it comes back."
            ).replace("%1", str(wizard.path))
        )
        self.explanation.setObjectName("missing_explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("missing_user")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("missing_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("User name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        hint = QLabel(
            self.tr(
                "Type your user name and password first. A file you find is copied back here "
                "once this key file opens it (the file you choose stays where it is). A backup "
                "needs the owner's password of the time of the backup."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(HINT_STYLE)
        self.look_button = QPushButton(self.tr("Look for the file…"))
        self.look_button.setObjectName("missing_look")
        self.look_button.clicked.connect(wizard.look_for_file)
        self.restore_button = QPushButton(self.tr("Restore from a backup…"))
        self.restore_button.setObjectName("missing_restore")
        self.restore_button.clicked.connect(wizard.choose_backup)
        buttons = QHBoxLayout()
        buttons.addWidget(self.look_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        self.backup_label = QLabel()
        self.backup_label.setObjectName("missing_backup")
        self.backup_label.setWordWrap(True)
        self.backup_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("missing_status")
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        layout.addWidget(self.backup_label)
        layout.addWidget(self.status_label)
        layout.addStretch(1)

    def credentials(self) -> tuple[str, str] | None:
        """The typed user name and password; None (and the field to fill has focus) if missing."""
        username, password = self.user_edit.text().strip(), self.password_edit.text()
        if username and password:
            return username, password
        self.show_status(self.tr("Type your user name and password first."), refused=True)
        (self.password_edit if username else self.user_edit).setFocus()
        return None

    def show_status(self, text: str, *, refused: bool) -> None:
        self.status_label.setText(text)
        self.status_label.setStyleSheet(REFUSAL_STYLE if refused else DONE_STYLE)

    def show_latest(self, latest: BackupInfo | None) -> None:
        if latest is None:
            self.backup_label.setText(
                self.tr("No backup of this file was found in %1. “Restore from a backup…” can "
                        "also open one from elsewhere, such as a USB drive.")
                .replace("%1", str(default_folder(self._wizard.path)))
            )
        else:
            self.backup_label.setText(
                self.tr("Newest good backup: %1\n%2")
                .replace("%1", latest.summary()).replace("%2", str(latest.path))
            )

    def isComplete(self) -> bool:
        return self._wizard.file_back


class FirstRunWizard(QWizard):
    """Creates ``path``; after ``exec()`` accepts, ``store`` is open and ``actor`` is the owner.

    When the key file of ``path`` is there without its data file (``missing_data``),
    nothing is created: the one page offers to look for the file or restore a backup,
    and ``file_back`` says whether one is in place (then the caller signs in).
    """

    def __init__(self, path: Path, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.runner = runner
        self.store: Store | None = None
        self.actor: Actor | None = None
        self.recovery_key = ""
        self.shop_name = ""
        self.file_back = False
        self.missing_data = keyfile_path(self.path).exists() and not self.path.exists()
        self.file_dialog: QFileDialog | None = None
        self.restore_dialog: QWidget | None = None
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setMinimumSize(620, 460)
        self.shop_page = _ShopPage(self)
        self.recovery_page = _RecoveryPage(self)
        self.missing_page = _MissingFilePage(self)
        self.starter_page = StarterPage(self)
        if self.missing_data:
            self.setWindowTitle(self.tr("The shop file is missing"))
            self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, False)
            self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Sign in"))
            self.addPage(self.missing_page)
            self.runner.submit(
                lambda: latest_good_backup(self.path), on_done=self.missing_page.show_latest,
                on_error=lambda _error: self.missing_page.show_latest(None),
            )
        else:
            self.setWindowTitle(self.tr("Welcome — first start"))
            self.addPage(self.shop_page)
            self.addPage(self.recovery_page)
            self.addPage(self.starter_page)
            # Finish on the key's page starts with an empty file; Next offers a starter set.
            self.setOption(QWizard.WizardOption.HaveFinishButtonOnEarlyPages, True)
            self.recovery_page.setFinalPage(True)
            self.finished.connect(self._note_key_written)

    # -- the data file is missing ---------------------------------------------------------------

    def look_for_file(self) -> None:
        """Ask for the missing data file; the chosen one goes to ``use_found_file``."""
        if self.missing_page.credentials() is None:
            return
        dialog = QFileDialog(self, self.tr("Where is the shop file?"), str(self.path.parent))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Shop files (*.crm)"),
                               self.tr("Server connection (*.crmserver)"),
                               self.tr("All files (*)")])
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(lambda name: self.use_found_file(Path(name)))
        dialog.finished.connect(lambda _result: setattr(self, "file_dialog", None))
        self.file_dialog = dialog
        dialog.open()

    def use_found_file(self, found: Path) -> None:
        """Copy ``found`` back in place once the key file here opens it (on the worker)."""
        credentials = self.missing_page.credentials()
        if credentials is None:
            return
        username, password = credentials
        if is_server_file(found):
            self.sign_in_to_server(found, username, password)
            return
        path = self.path
        self.missing_page.show_status(self.tr("Checking the file…"), refused=False)
        self.runner.submit(
            lambda: put_back_found_file(found, path, username, password),
            on_done=lambda _path: self._file_is_back(
                self.tr("The shop file is back in place. Press “Sign in”.")
            ),
            on_error=self._not_back,
        )

    def sign_in_to_server(self, conn_path: Path, username: str, password: str) -> None:
        """Sign in to the shop on the server ``conn_path`` names; the wizard then closes."""
        self.missing_page.show_status(self.tr("Connecting to the server…"), refused=False)
        self.runner.submit(
            lambda: open_store(conn_path, username, password),
            on_done=self._signed_in_to_server, on_error=self._not_back,
        )

    def _signed_in_to_server(self, result: tuple[Store, Actor]) -> None:
        self.store, self.actor = result
        self.accept()

    def choose_backup(self) -> None:
        """List the backups of the missing file; the chosen one goes to ``restore_backup``."""
        if self.missing_page.credentials() is None:
            return
        path = self.path
        self.runner.submit(
            lambda: backups_of_missing_file(path), on_done=self._show_backups,
            on_error=self._not_back,
        )

    def _show_backups(self, backups: list[BackupInfo]) -> None:
        from crm_desktop.ui.backup_menu.restore_dialog import RestoreDialog

        dialog = RestoreDialog(backups, default_folder(self.path.absolute()), self)
        self.restore_dialog = dialog

        def accepted() -> None:
            chosen = dialog.chosen()
            if chosen is not None:
                self.restore_backup(chosen)

        dialog.accepted.connect(accepted)
        dialog.finished.connect(lambda _result: setattr(self, "restore_dialog", None))
        dialog.open()

    def restore_backup(self, backup: Path) -> None:
        """Restore ``backup`` in place of the missing file, the owner signing in to it."""
        credentials = self.missing_page.credentials()
        if credentials is None:
            return
        username, password = credentials
        path = self.path
        self.missing_page.show_status(self.tr("Restoring the backup…"), refused=False)

        def done(result: tuple[RestoreResult, Path]) -> None:
            restored, kept = result
            self._file_is_back(
                self.tr(
                    "The backup was put in place: %1\n\nSign in with the passwords of the time "
                    "of the backup. The key file that was here is kept as %2: should the missing "
                    "data file turn up, it opens with that one."
                ).replace("%1", restored.restored.summary()).replace("%2", str(kept))
            )

        self.runner.submit(
            lambda: restore_missing_file(path, backup, username, password),
            on_done=done, on_error=self._not_back,
        )

    def _file_is_back(self, text: str) -> None:
        self.file_back = True
        self.missing_page.password_edit.clear()
        self.missing_page.show_status(text, refused=False)
        self.missing_page.look_button.setEnabled(False)
        self.missing_page.restore_button.setEnabled(False)
        self.missing_page.completeChanged.emit()

    def _not_back(self, error: BaseException) -> None:
        self.missing_page.password_edit.clear()
        self.missing_page.show_status(describe_error(error), refused=True)

    # -- a new file -----------------------------------------------------------------------------

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

    def _note_key_written(self, _result: int) -> None:
        # The file remembers the confirmation for the owner's setup checklist.
        if self.store is not None and self.actor is not None and self.recovery_page.written_box.isChecked():
            service = SetupChecklistService(self.store, self.actor)
            self.runner.submit(service.note_recovery_key_written, on_error=lambda _error: None)

    def save_recovery_pdf(self, target: Path) -> None:
        """Write the recovery key as a PDF to print (what the page's button does)."""
        self.recovery_page.view.save_pdf(target)
