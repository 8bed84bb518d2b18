"""Shop settings and the audit log through the real widgets on a real encrypted file:
values saved and read back, bad values refused with the reason and nothing saved, Enter
saves once, and the log filtered by user and by one customer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.style import INVALID_FIELD_STYLE
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.audit_view import AuditView
from crm_desktop.ui.owner.shop_settings_view import ShopSettingsView
from crm_desktop.ui.owner_menu import OwnerMenu, install
from tests.ui.conftest import ShopData
from tests.ui.runners import LaterRunner


def _table_rows(table: object) -> list[list[str]]:
    rows = []
    for r in range(table.rowCount()):  # type: ignore[attr-defined]
        rows.append([table.item(r, c).text() for c in range(table.columnCount())])  # type: ignore[attr-defined]
    return rows


@pytest.fixture
def owner_menu(owner_window: MainWindow) -> OwnerMenu:
    return install(owner_window, owner_window.context)


# -- shop settings -----------------------------------------------------------------------------


def test_idle_lock_minutes_are_saved_read_back_and_used_by_the_lock(
    qtbot: QtBot, owner_window: MainWindow, owner_menu: OwnerMenu, store: Store, owner: Actor
) -> None:
    view = owner_menu.open_settings().view
    assert isinstance(view, ShopSettingsView)
    assert view.spins["idle_lock_minutes"].value() == 10
    view.spins["idle_lock_minutes"].setValue(25)
    view.edits["shop_address"].setText("人民路 8 号")
    view.save_button.click()

    assert view.info_label.text() == view.tr("Settings saved.")
    settings = CatalogService(store, owner).settings()
    assert (settings.idle_lock_minutes, settings.shop_address) == (25, "人民路 8 号")
    assert owner_window.idle_lock.idle_seconds == 25 * 60
    fresh = ShopSettingsView(owner_window.context)
    qtbot.addWidget(fresh)
    assert fresh.spins["idle_lock_minutes"].value() == 25


@pytest.mark.parametrize(
    ("key", "value", "sentence"),
    [
        ("card_number_length", 3, "卡号长度应为 8 到 19 之间的整数。"),
        ("idle_lock_minutes", -5, "自动锁定时间（分钟）应为 1 到 240 之间的整数。"),
        ("card_number_length", 8, "卡号长度 8 位放不下前缀“8888”、至少 4 位流水号和 1 位校验位。"),
    ],
)
def test_a_bad_setting_shows_the_reason_and_saves_nothing(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, owner: Actor, key: str, value: int, sentence: str
) -> None:
    before = CatalogService(store, owner).settings()
    audit_before = len(AuditService(store, owner).recent())
    view = owner_menu.open_settings().view
    view.edits["shop_name"].setText("新店名")
    if key == "card_number_length" and value == 8:
        view.edits["card_number_prefix"].setText("8888")
    view.spins[key].setValue(value)
    view.save_button.click()

    assert view.error_label.text() == sentence
    assert view.spins[key].value() == value, "what was typed stays"
    assert view.edits["shop_name"].text() == "新店名"
    assert CatalogService(store, owner).settings() == before
    assert len(AuditService(store, owner).recent()) == audit_before


def test_settings_are_read_and_saved_on_the_runner_and_a_refusal_shows_beside_its_field(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    waiting = LaterRunner()
    view = ShopSettingsView(AppContext(store, owner, waiting, owner_window.context.bus))
    qtbot.addWidget(view)
    view.show()
    assert not view.save_button.isEnabled(), "Save waits until the settings are read"
    waiting.answer_all()
    assert view.spins["idle_lock_minutes"].value() == 10 and view.save_button.isEnabled()

    before = CatalogService(store, owner).settings()
    audit_before = len(AuditService(store, owner).recent())
    length = view.spins["card_number_length"]
    view.edits["shop_name"].setText("新店名")
    length.setValue(3)
    view.save_button.click()
    view.save_button.click()
    assert len(waiting.waiting) == 1 and not view.save_button.isEnabled()
    waiting.answer_all()

    assert view.error_label.text() == "卡号长度应为 8 到 19 之间的整数。"
    assert length.styleSheet() == INVALID_FIELD_STYLE, "the refused field is marked"
    assert view.edits["shop_name"].styleSheet() == ""
    assert (view.edits["shop_name"].text(), length.value()) == ("新店名", 3)
    assert CatalogService(store, owner).settings() == before
    assert len(AuditService(store, owner).recent()) == audit_before

    length.setValue(16)
    view.save_button.click()
    waiting.answer_all()
    assert view.info_label.text() == view.tr("Settings saved.")
    assert view.error_label.isHidden() and length.styleSheet() == ""
    saved = CatalogService(store, owner).settings()
    assert (saved.shop_name, saved.card_number_length) == ("新店名", 16)


# -- audit log ---------------------------------------------------------------------------------


def test_the_audit_log_filters_by_user_and_by_one_customer(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, owner: Actor, clerk_account: Actor,
    shop: ShopData,
) -> None:
    clerk_customers = CustomerService(store, clerk_account)
    chen = clerk_customers.create(CustomerInput(name="陈一", phone="13600001234"))
    clerk_customers.create(CustomerInput(name="周二", phone="13600005678"))
    dialog = owner_menu.open_audit()
    qtbot.waitExposed(dialog)
    view = dialog.view
    assert isinstance(view, AuditView)

    everyone = [row[1] for row in _table_rows(view.table)]
    assert {"boss", "clerk1"} <= set(everyone)

    # Typing a user name and pressing Enter runs the search.
    line = view.user_combo.lineEdit()
    line.setFocus()
    line.selectAll()
    qtbot.keyClicks(line, "clerk1")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    rows = _table_rows(view.table)
    assert [row[1] for row in rows] == ["clerk1", "clerk1"]
    assert [row[4] for row in rows] == [str(chen.id + 1), str(chen.id)]
    assert view.count_label.text() == view.tr("%1 entries.").replace("%1", "2")

    view.user_combo.setCurrentIndex(0)
    view.entity_combo.setCurrentIndex(view.entity_combo.findData("customer"))
    view.entity_id_edit.setText(str(shop.zhang_id))
    view.search_button.click()
    rows = _table_rows(view.table)
    assert [(row[1], row[4]) for row in rows] == [("boss", str(shop.zhang_id))]


def test_enter_in_a_settings_field_saves_once(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, owner: Actor
) -> None:
    dialog = owner_menu.open_settings()
    view = dialog.view
    qtbot.waitExposed(dialog)
    before = len(AuditService(store, owner).recent(action="settings."))
    spin = view.spins["idle_lock_minutes"]
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "45")
    qtbot.keyClick(spin, Qt.Key.Key_Return)

    assert view.info_label.text() == view.tr("Settings saved.")
    assert CatalogService(store, owner).settings().idle_lock_minutes == 45
    assert len(AuditService(store, owner).recent(action="settings.")) == before + 1
    assert dialog.isVisible(), "Enter saves; it does not close the window"
