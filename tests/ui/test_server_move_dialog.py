"""Shop admin → Move the shop to a server…, driven on screen against the run's real server;
then a counter picks the connection file on the first start's missing-file page.

The run's server is shared: the dialog is given the run's certificate authority
file (the field a second shop on a server uses), so its certificate stays valid.
"""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.models.entities import Customer
from crm_desktop.models.opening import open_store
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.first_run_wizard import FirstRunWizard
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.server_move_dialog import ServerMoveDialog
from crm_desktop.ui.owner.server_move_job import ServerMoveResult
from crm_desktop.ui.owner.server_move_menu import ServerMoveMenu
from tests.conftest import OWNER_PASSWORD
from tests.server_shop import HOST, drop_server_shop, port_of, shop_authority

pytestmark = pytest.mark.parametrize("backend", ["file"], indirect=True)


def _names(store: Store) -> list[str]:
    with store.read() as session:
        return sorted(session.scalars(select(Customer.name)))


def _open_dialog(window: MainWindow) -> ServerMoveDialog:
    menu = window.findChild(ServerMoveMenu)
    assert isinstance(menu, ServerMoveMenu) and menu.action.isVisible()
    menu.action.trigger()
    dialog = menu.open_window
    assert isinstance(dialog, ServerMoveDialog)
    return dialog


def _fill(qtbot: QtBot, dialog: ServerMoveDialog, pg_url: str, database: str, out: Path,
          authority: Path, password: str) -> None:
    for edit, text in ((dialog.url_edit, pg_url), (dialog.database_edit, database),
                       (dialog.hosts_edit, f"{HOST}, localhost"), (dialog.out_edit, str(out)),
                       (dialog.authority_edit, str(authority)),
                       (dialog.password_edit, password)):
        edit.clear()
        qtbot.keyClicks(edit, text)
    dialog.port_spin.setValue(port_of(pg_url))


def test_the_owner_moves_the_shop_and_a_counter_opens_the_connection_file(
    qtbot: QtBot, owner_window: MainWindow, store: Store, pg_url: str, tmp_path: Path,
) -> None:
    authority = tmp_path / "run.ca-key.pem"
    authority.write_text(shop_authority(pg_url).to_text(), encoding="ascii")
    database = "gui_moved_" + uuid.uuid4().hex[:10]
    out = tmp_path / "counters" / "shop"
    out.parent.mkdir()
    dialog = _open_dialog(owner_window)
    _fill(qtbot, dialog, pg_url, database, out, authority, OWNER_PASSWORD)
    try:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.refusals.text == ""
        result = dialog.result
        assert isinstance(result, ServerMoveResult)
        conn_path = out.with_name("shop.crmserver")
        assert result.conn_path == conn_path and conn_path.exists()
        assert result.other_accounts == ()
        shown = dialog.result_view.toPlainText()
        assert dialog.result_view.isVisibleTo(dialog) and str(conn_path) in shown
        assert not dialog.ok_button.isVisibleTo(dialog)
        assert (conn_path.parent / "shop.crmserver.ca-key.pem").exists()

        server, actor = open_store(conn_path, "boss", OWNER_PASSWORD)
        try:
            assert isinstance(server, ServerStore) and actor.role == "owner"
            assert _names(server) == _names(store) == ["张三", "李四", "王五"]
        finally:
            server.close()
        _counter_picks_the_connection_file(qtbot, store, conn_path, tmp_path / "counter")
    finally:
        dialog.close()
        drop_server_shop(pg_url, database)


def _counter_picks_the_connection_file(
    qtbot: QtBot, store: Store, conn_path: Path, counter: Path,
) -> None:
    """The missing-file page of the first start takes a connection file and signs in."""
    missing = counter / "shop.crm"
    counter.mkdir()
    shutil.copy(keyfile_path(store.path), keyfile_path(missing))
    wizard = FirstRunWizard(missing, SynchronousTaskRunner())
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.missing_page.user_edit.setText("boss")
    wizard.missing_page.password_edit.setText(OWNER_PASSWORD)
    wizard.missing_page.look_button.click()
    picker = wizard.file_dialog
    assert picker is not None and any("*.crmserver" in f for f in picker.nameFilters())
    picker.selectFile(str(conn_path))
    picker.accept()
    try:
        assert isinstance(wizard.store, ServerStore) and wizard.actor is not None
        assert wizard.result() == QDialog.DialogCode.Accepted
        assert _names(wizard.store) == ["张三", "李四", "王五"]
    finally:
        if wizard.store is not None:
            wizard.store.close()


def test_a_wrong_password_is_refused_beside_its_field_before_the_server_is_touched(
    qtbot: QtBot, owner_window: MainWindow, pg_url: str, tmp_path: Path,
) -> None:
    authority = tmp_path / "run.ca-key.pem"
    authority.write_text(shop_authority(pg_url).to_text(), encoding="ascii")
    out = tmp_path / "shop.crmserver"
    dialog = _open_dialog(owner_window)
    _fill(qtbot, dialog, pg_url, "gui_never_" + uuid.uuid4().hex[:10], out, authority,
          "not-the-password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result is None
    assert "密码" in dialog.refusals.text
    assert dialog.password_edit.text() == "" and dialog.password_edit.styleSheet()
    assert not out.exists() and not Path(str(out) + ".ca-key.pem").exists()
    dialog.close()


def test_a_bad_database_name_is_refused_before_anything_runs(
    qtbot: QtBot, owner_window: MainWindow, pg_url: str, tmp_path: Path,
) -> None:
    dialog = _open_dialog(owner_window)
    _fill(qtbot, dialog, pg_url, 'shop"; drop', tmp_path / "x.crmserver",
          tmp_path / "none.pem", OWNER_PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result is None and "数据库名" in dialog.refusals.text
    assert dialog.database_edit.styleSheet()
    dialog.close()
