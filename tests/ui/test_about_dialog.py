"""Help → About shows the version, the shop file and backup folder, and the libraries' licenses."""

from __future__ import annotations

import json
from pathlib import Path

from pytestqt.qtbot import QtBot

from crm_desktop import __version__
from crm_desktop.models.backup import backup_folder
from crm_desktop.models.entities import Setting
from crm_desktop.models.store.store import Store
from crm_desktop.ui.about_dialog import AboutDialog
from crm_desktop.ui.main_window import MainWindow


def test_about_from_the_menu_shows_version_data_file_and_licenses(
    owner_window: MainWindow, store: Store, db_path: Path
) -> None:
    about = next(a for a in owner_window.menu("help").actions() if a.text() == "关于")
    seen: dict[str, object] = {}

    def inspect() -> None:
        dialog = owner_window.findChild(AboutDialog)
        assert isinstance(dialog, AboutDialog) and dialog.isVisible()
        seen["title"] = dialog.windowTitle()
        seen["version"] = dialog.version_label.text()
        seen["data"] = dialog.data_path_label.text()
        seen["backups"] = dialog.backup_label.text()
        seen["rows"] = dialog.license_rows()
        dialog.reject()

    about.trigger()  # the backup folder is read on the runner, then the dialog opens
    inspect()

    assert seen["title"] == "关于"
    assert seen["version"] == __version__
    assert seen["data"] == str(db_path)
    assert seen["backups"] == str(db_path.parent / "backups")
    rows = {name: (version, license) for name, version, license in seen["rows"]}  # type: ignore[attr-defined]
    version, license = rows["PySide6 (Qt)"]
    assert version.startswith("6.")
    assert "LGPL-3.0" in license
    assert rows["SQLAlchemy"][1] == "MIT"
    assert rows["XlsxWriter"][1] == "BSD-2-Clause"
    assert rows["sqlcipher3"][1] == "zlib"


def test_about_shows_the_backup_folder_the_owner_chose(
    qtbot: QtBot, store: Store, tmp_path: Path, chinese_ui: None
) -> None:
    chosen = tmp_path / "U盘备份"
    with store.write() as session:
        session.merge(Setting(key="backup_dir", value=json.dumps(str(chosen))))
    dialog = AboutDialog(store.path, backup_folder(store))
    qtbot.addWidget(dialog)
    assert dialog.backup_label.text() == str(chosen)
    assert dialog.data_path_label.text() == str(store.path)
