"""At sign-in, a shop file that cannot be opened: offer its newest good backup.

Nobody could sign in to the file, so an owner of the backup proves it here with
their user name and password of the backup's time (checked against the backup's
own key slots, throttled like every sign-in) before the backup is put in place.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.backup import latest_good_backup
from crm_desktop.models.backup_records import BackupInfo, other_shop_error
from crm_desktop.models.errors import DomainError
from crm_desktop.models.restore import OwnerPassword, RestoreResult, is_other_shop, restore


class BackupOwnerDialog(QDialog):
    """The offer to restore ``info`` over the damaged ``db_path``, with the owner's sign-in.

    Restore checks the name and password against the backup's key slots and puts the
    backup in place; a refusal is said under the fields and the owner may try again.
    ``restored`` is set once accepted.
    """

    def __init__(
        self, db_path: Path, info: BackupInfo, other_shop: bool, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path
        self.info = info
        self.other_shop = other_shop
        self.restored: RestoreResult | None = None
        self.setObjectName("restore_owner_dialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.setMinimumWidth(520)
        text = (
            self.tr("The shop file cannot be opened. Restore its newest good backup?")
            + "\n\n" + info.summary() + "\n\n"
            + self.tr(
                "The damaged file is kept unchanged as a safety copy. Passwords become those "
                "of the time of the backup."
            )
        )
        if other_shop:
            text = str(other_shop_error(info, db_path)) + "\n\n" + text
        question = QLabel(text)
        question.setObjectName("restore_owner_question")
        question.setWordWrap(True)
        question.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        why = QLabel(self.tr(
            "Only an owner may restore. Sign in with an owner's user name and password of the "
            "time of the backup."
        ))
        why.setWordWrap(True)
        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("restore_owner_user")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("restore_owner_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Owner's user name"), self.user_edit)
        form.addRow(self.tr("Password"), self.password_edit)
        self.error_label = QLabel()
        self.error_label.setObjectName("restore_owner_error")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #b00020;")
        self.error_label.hide()
        self.restore_button = QPushButton(self.tr("Restore"))
        self.restore_button.setObjectName("restore_owner_ok")
        self.restore_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.try_restore)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(why)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def try_restore(self) -> None:
        """Prove the owner and restore; stays open with the reason when refused."""
        name = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not name:
            self._refuse(self.tr("Type the owner's user name."), self.user_edit)
            return
        if not password:
            self._refuse(self.tr("Type the password."), self.password_edit)
            return
        try:
            # Before anyone signed in there is no worker yet; the dialog waits for the swap.
            self.restored = restore(
                self.db_path, self.info.path, signed_in=OwnerPassword(name, password),
                other_shop=self.other_shop,
            )
        except DomainError as error:
            self.password_edit.clear()
            self._refuse(str(error), self.password_edit)
            return
        self.accept()

    def _refuse(self, text: str, field: QLineEdit) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        field.setFocus()


def offer_latest_backup(db_path: Path, parent: QWidget | None = None) -> bool:
    """The file cannot be opened (damaged): offer its newest good backup; True when restored.

    Runs before anyone signed in, so an owner of the backup signs in to it first and
    the passwords of the backup's time open the result; the damaged file is kept
    unchanged as a safety copy. Erased customers the backup brought back are erased
    again at the owner's next sign-in (``BackupMenu``).
    """
    info = latest_good_backup(db_path)
    if info is None:
        return False
    dialog = BackupOwnerDialog(db_path, info, is_other_shop(db_path, info), parent)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.restored is None:
        return False
    translate = QCoreApplication.translate
    done = translate("BackupMenu", "The backup was put in place: %1").replace(
        "%1", dialog.restored.restored.summary()
    )
    again = translate("BackupMenu", "Sign in with the passwords of the time of the backup.")
    QMessageBox.information(
        parent, translate("BackupMenu", "Restored"), done + "\n\n" + again
    )
    return True
