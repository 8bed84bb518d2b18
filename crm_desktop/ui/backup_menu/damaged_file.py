"""At sign-in, a shop file that cannot be opened: offer its newest good backup."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from crm_desktop.models.backup import latest_good_backup
from crm_desktop.models.errors import StoreError
from crm_desktop.models.restore import restore


def offer_latest_backup(db_path: Path, parent: QWidget | None = None) -> bool:
    """The file cannot be opened (damaged): offer its newest good backup; True when restored.

    Runs before anyone signed in, so the passwords of the backup's time open the
    result; the damaged file is kept unchanged as a safety copy.
    """
    info = latest_good_backup(db_path)
    if info is None:
        return False
    translate = QCoreApplication.translate
    text = (
        translate("BackupMenu", "The shop file cannot be opened. Restore its newest good backup?")
        + "\n\n" + info.summary() + "\n\n"
        + translate(
            "BackupMenu",
            "The damaged file is kept unchanged as a safety copy. Passwords become those of "
            "the time of the backup.",
        )
    )
    title = translate("BackupMenu", "Restore from a backup")
    if QMessageBox.question(parent, title, text) != QMessageBox.StandardButton.Yes:
        return False
    try:
        result = restore(db_path, info.path)
    except StoreError as error:
        QMessageBox.warning(parent, translate("BackupMenu", "Not done"), str(error))
        return False
    done = translate("BackupMenu", "The backup was put in place: %1").replace(
        "%1", result.restored.summary()
    )
    again = translate("BackupMenu", "Sign in with the passwords of the time of the backup.")
    QMessageBox.information(parent, translate("BackupMenu", "Restored"), done + "\n\n" + again)
    return True
