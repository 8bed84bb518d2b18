"""The restore dialog: the backups of a folder, newest first, with their date and counts.

"Other file…" adds a backup from anywhere (a USB drive, say) after checking it
can be read; the caller confirms and restores the one chosen.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.models.backup_records import BACKUP_SUFFIX, BackupInfo, describe_backup
from crm_desktop.models.errors import StoreError


class RestoreDialog(QDialog):
    """The backups of a folder, newest first; ``chosen`` is the one picked when accepted."""

    def __init__(self, backups: list[BackupInfo], folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.setObjectName("restore_dialog")
        self.setMinimumSize(960, 440)
        intro = QLabel(self.tr("Backups in %1, newest first:").replace("%1", str(folder)))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list = QListWidget()
        self.list.setObjectName("restore_list")
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.path_label = QLabel()
        self.path_label.setObjectName("restore_path")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.list.currentItemChanged.connect(lambda _now, _before: self._show_path())
        self.empty_label = QLabel(self.tr("No backups were found in this folder."))
        self.empty_label.setWordWrap(True)
        note = QLabel(
            self.tr(
                "The current file is replaced by the backup. Passwords and the recovery key "
                "become those of the time of the backup. A safety copy of the current file "
                "is kept first."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.restore_button = QPushButton(self.tr("Restore…"))
        self.restore_button.setObjectName("restore_ok")
        self.restore_button.setDefault(True)
        self.browse_button = QPushButton(self.tr("Other file…"))
        self.browse_button.setObjectName("restore_browse")
        self.browse_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.browse_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.clicked.connect(self.accept)
        self.browse_button.clicked.connect(self._browse)
        cancel.clicked.connect(self.reject)
        self.folder = folder
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.path_label)
        layout.addWidget(self.empty_label)
        layout.addWidget(note)
        layout.addWidget(buttons)
        for info in backups:
            self.add_backup(info)
        self._update()

    def add_backup(self, info: BackupInfo, first: bool = False) -> None:
        item = QListWidgetItem(f"{self.kind_text(info.kind)} — {info.summary()}")
        item.setData(Qt.ItemDataRole.UserRole, str(info.path))
        item.setToolTip(str(info.path))
        if first:
            self.list.insertItem(0, item)
        else:
            self.list.addItem(item)
        if self.list.currentRow() < 0 or first:
            self.list.setCurrentItem(item)
        self._update()

    def kind_text(self, kind: str) -> str:
        base = kind.rsplit("-", 1)[0] if kind.rsplit("-", 1)[-1].isdigit() else kind
        names = {
            "auto": self.tr("Automatic"),
            "manual": self.tr("Made by hand"),
            "safety": self.tr("Safety copy before a restore"),
            "before-import": self.tr("Before an import"),
            "before-migration": self.tr("Before an update"),
            "before-rekey": self.tr("Before a key change"),
        }
        return names.get(base, kind)

    def chosen(self) -> Path | None:
        item = self.list.currentItem()
        return None if item is None else Path(str(item.data(Qt.ItemDataRole.UserRole)))

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.list.setFocus()

    def _show_path(self) -> None:
        chosen = self.chosen()
        self.path_label.setText(
            "" if chosen is None else self.tr("File: %1").replace("%1", str(chosen))
        )

    def _update(self) -> None:
        has = self.list.count() > 0
        self.path_label.setVisible(has)
        self.empty_label.setVisible(not has)
        self.restore_button.setEnabled(has)

    def _browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a backup"), str(self.folder),
            self.tr("Backups (*%1)").replace("%1", BACKUP_SUFFIX),
        )
        if not name:
            return
        try:
            info = describe_backup(Path(name))
        except StoreError as error:
            QMessageBox.warning(self, self.tr("Not done"), str(error))
            return
        self.add_backup(info, first=True)
