"""The owner's setup checklist on the Today panel: what is left, buttons that open it, gone when done."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.setup_checklist import SetupChecklistService
from crm_desktop.models.services.starter import StarterService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.cards.issue_card_dialog import IssueCardDialog
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner import items_view, starter_set_menu
from crm_desktop.ui.owner.setup_checklist_box import SetupChecklistBox
from crm_desktop.ui.owner_menu import OwnerMenu
from tests.ui.conftest import WindowFactory


def _steps_shown(box: SetupChecklistBox) -> list[str]:
    return [label.objectName().removeprefix("setup_step_")
            for label in box.findChildren(QLabel) if label.objectName().startswith("setup_step_")
            and not label.isHidden()]


def test_the_owner_sees_what_is_left_and_a_button_opens_it(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, tmp_path: Path
) -> None:
    box = owner_window.today_panel.setup_box
    # The shop fixture has a card type and a tier; items, staff, backups and the key are left.
    assert box.isVisible()
    assert sorted(box.step_buttons) == ["backup_folder", "items", "recovery_key", "staff"]
    box.step_buttons["staff"].click()
    menu = owner_window.findChild(OwnerMenu)
    assert menu is not None and menu.open_window is not None
    assert menu.open_window.isVisible()
    menu.open_window.close()

    UserService(store, owner).add("xiaoli", "clerk", "staff-pass-1")
    qtbot.waitUntil(lambda: "staff" not in box.step_buttons, timeout=3000)
    StarterService(store, owner).apply("salon", ["items"])
    folder = tmp_path / "usb"
    folder.mkdir()
    CatalogService(store, owner).update_settings({"backup_dir": str(folder)})
    qtbot.waitUntil(lambda: sorted(box.step_buttons) == ["recovery_key"], timeout=3000)
    assert box.isVisible()
    SetupChecklistService(store, owner).note_recovery_key_written()
    qtbot.waitUntil(lambda: not box.isVisible(), timeout=3000)


def test_the_starter_set_entry_fills_the_empty_steps(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor
) -> None:
    window = make_window(owner)
    starter_set_menu.install(window, window.context)
    items_view.install(window, window.context)
    box = window.today_panel.setup_box
    assert {"card_types", "tiers", "items"} <= set(box.step_buttons)
    box.step_buttons["card_types"].click()  # opens Card types…; the starter set is the quicker way
    owner_menu = window.findChild(OwnerMenu)
    assert owner_menu is not None and owner_menu.open_window is not None
    owner_menu.open_window.close()
    menu = starter_set_menu.install(window, window.context)  # the one installed above
    dialog = menu.open_dialog()
    dialog.choice.kind_buttons["gym"].click()
    dialog.ok_button.click()
    assert not dialog.isVisible()
    assert "卡种：新建 3 个" in window.statusBar().currentMessage()
    qtbot.waitUntil(
        lambda: not {"card_types", "tiers", "items"} & set(box.step_buttons), timeout=3000)
    again = menu.open_dialog()
    again.choice.kind_buttons["gym"].click()
    assert "健身月卡" in again.choice.on_file["card_types"]
    again.close()


def test_a_clerk_never_sees_it(clerk_window: MainWindow) -> None:
    box = clerk_window.today_panel.setup_box
    assert not box.isVisible() and box.checklist is None
    assert _steps_shown(box) == []


def test_do_not_show_again_keeps_it_hidden(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    box = owner_window.today_panel.setup_box
    box.hide_button.click()
    assert not box.isVisible()
    assert SetupChecklistService(store, owner).checklist().hidden
    UserService(store, owner).add("xiaoli", "clerk", "staff-pass-1")
    qtbot.wait(50)
    assert not box.isVisible()


def test_issue_card_on_an_empty_file_says_who_adds_card_types(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, clerk_account: Actor
) -> None:
    translate = QCoreApplication.translate
    for actor, wanted in (
        (clerk_account, "No card type yet, so no card can be issued. Ask the owner to add card "
                        "types (Shop admin → Card types…)."),
        (owner, "No card type yet. Add them under Shop admin → Card types…, or add a whole set "
                "at once under Shop admin → Starter set…."),
    ):
        window = make_window(actor)
        dialog = IssueCardDialog(window.context)
        qtbot.addWidget(dialog)
        assert dialog.error_label.text() == translate("IssueCardDialog", wanted)
