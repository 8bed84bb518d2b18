"""The File menu as the owner sees it once every screen is installed: every entry above
Quit, the backup entries as their own group; and the close backup skipped while the file
is suspended."""

from __future__ import annotations

from crm_desktop.models.actor import Actor
from crm_desktop.models.backup import backup_folder, list_backups
from crm_desktop.models.opening import resume_store
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.backup_menu import BackupMenu, install
from crm_desktop.ui.base.menu_order import place_before_quit, quit_action
from crm_desktop.ui.main_window import MainWindow
from tests.conftest import OWNER_PASSWORD
from tests.ui.conftest import WindowFactory


def _file_entries(window: MainWindow) -> list[str]:
    return [
        "---" if a.isSeparator() else (a.objectName() or a.text())
        for a in window.menu("file").actions()
    ]


def test_every_file_entry_comes_before_quit(owner_window: MainWindow) -> None:
    entries = _file_entries(owner_window)
    quit_entry = quit_action(owner_window.menu("file"))
    assert quit_entry is not None and entries[-1] == quit_entry.text()
    assert entries[-2] == "---"
    for name in ("action_import", "action_backup_now", "action_restore", "action_undo_restore"):
        assert name in entries, entries
        assert entries.index(name) < len(entries) - 2, entries
    backups = entries.index("action_backup_now")
    assert entries[backups - 1] == "---"
    assert entries[backups + 1 : backups + 3] == ["action_restore", "action_undo_restore"]


def test_placing_the_group_again_changes_nothing(owner_window: MainWindow) -> None:
    menu = owner_window.menu("file")
    menu_obj = owner_window.findChild(BackupMenu)
    assert isinstance(menu_obj, BackupMenu) and menu_obj.backup_action is not None
    before = _file_entries(owner_window)
    group = [menu_obj.backup_action, menu_obj.restore_action, menu_obj.undo_action]
    place_before_quit(menu, [a for a in group if a is not None], group=True)
    after = _file_entries(owner_window)
    assert after == before


def test_no_close_backup_while_the_file_is_suspended(
    make_window: WindowFactory, store: Store, owner: Actor
) -> None:
    window = make_window(owner)
    menu = install(window, window.context)
    CustomerService(store, owner).create(CustomerInput(name="孙七", phone="13500003333"))
    folder = backup_folder(store)
    store.suspend()  # what the screen lock does: the key is dropped

    menu.back_up_on_close()

    assert menu.main_window.statusBar().currentMessage() == ""
    resume_store(store, "boss", OWNER_PASSWORD)
    assert [i for i in list_backups(folder) if i.kind == "auto"] == []
    menu.back_up_on_close()
    assert len([i for i in list_backups(backup_folder(store)) if i.kind == "auto"]) == 1
