"""The owner's "full numbers" checkbox on exports: off by default, logged when ticked, never offered
to the accountant (the Export submenu and the care screen's greeting list)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.audit_log import AuditFilter, AuditService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.excel import install
from crm_desktop.ui.main_window import MainWindow
from tests.ui.conftest import ShopData, WindowFactory
from tests.ui.test_care_view import add_birthday_people, open_care

LABEL = "导出完整的电话和证件号码（会记入操作日志）"


def phones_in(path: Path) -> list[object]:
    sheet = openpyxl.load_workbook(path)["客户"]
    return [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]


def full_number_exports(store: Store, owner: Actor) -> list[dict[str, object]]:
    found = AuditService(store, owner).find(AuditFilter(action="export.full_numbers"), None)
    return [dict(r.after) for r in found]


def export_customers_from_the_menu(
    qtbot: QtBot, window: MainWindow, out: Path, tick: bool | None = None
) -> None:
    menu = install(window, window.context).export_menu
    menu.actions["customers"].trigger()
    dialog = menu.open_dialog
    assert dialog is not None and dialog.isVisible()
    if tick is not None:
        assert dialog.full_numbers_box.isVisible()
        dialog.full_numbers_box.setChecked(tick)
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert out.exists()


def test_the_owner_sees_the_checkbox_off_and_gets_masked_numbers(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, tmp_path: Path
) -> None:
    menu = install(owner_window, owner_window.context).export_menu
    dialog = menu.ask("customers")
    assert dialog.full_numbers_box.isVisible()
    assert dialog.full_numbers_box.text() == LABEL
    assert not dialog.full_numbers_box.isChecked()
    dialog.reject()

    export_customers_from_the_menu(qtbot, owner_window, tmp_path / "masked.xlsx")
    assert sorted(phones_in(tmp_path / "masked.xlsx")) == [
        "137****1111", "138****8000", "139****5678"]
    assert full_number_exports(store, owner) == []


def test_the_owner_ticks_full_numbers_and_the_export_is_logged(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, tmp_path: Path
) -> None:
    out = tmp_path / "full.xlsx"
    export_customers_from_the_menu(qtbot, owner_window, out, tick=True)
    assert sorted(phones_in(out)) == ["13700001111", "13800138000", "13912345678"]
    assert full_number_exports(store, owner) == [{"export": "customers", "rows": 3}]
    message = owner_window.statusBar().currentMessage()
    assert str(out) in message and "已记入操作日志" in message


def test_exports_without_numbers_offer_no_checkbox(owner_window: MainWindow) -> None:
    menu = install(owner_window, owner_window.context).export_menu
    for kind, offered in (("liability", True), ("points", True), ("purchases", True),
                          ("ledger", False), ("rollforward", False), ("takings", False)):
        dialog = menu.ask(kind)
        assert dialog.full_numbers_box.isVisible() is offered, kind
        dialog.reject()


def test_an_accountant_never_sees_the_checkbox_and_exports_masked(
    qtbot: QtBot, make_window: WindowFactory, accountant: Actor, shop: ShopData,
    store: Store, owner: Actor, tmp_path: Path,
) -> None:
    window = make_window(accountant)
    menu = install(window, window.context).export_menu
    for kind in ("customers", "liability", "points", "purchases"):
        dialog = menu.ask(kind)
        assert not dialog.full_numbers_box.isVisible(), kind
        assert not dialog.full_numbers
        dialog.reject()
    export_customers_from_the_menu(qtbot, window, tmp_path / "acct.xlsx")
    assert "13800138000" not in phones_in(tmp_path / "acct.xlsx")
    assert "138****8000" in phones_in(tmp_path / "acct.xlsx")
    assert full_number_exports(store, owner) == []


def test_the_care_screen_offers_full_numbers_to_the_owner_only(
    make_window: WindowFactory, owner: Actor, accountant: Actor, store: Store, tmp_path: Path
) -> None:
    add_birthday_people(store, owner)
    view = open_care(make_window(owner))
    assert view.full_numbers_box.isVisible() and view.full_numbers_box.text() == LABEL
    assert not view.full_numbers_box.isChecked()
    view.export_to(tmp_path / "masked.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "masked.xlsx").active
    assert sheet is not None and sheet["B2"].value == "136****1234"
    view.full_numbers_box.setChecked(True)
    view.export_to(tmp_path / "full.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "full.xlsx").active
    assert sheet is not None and sheet["B2"].value == "13600001234"
    assert full_number_exports(store, owner) == [{"export": "greetings", "rows": 1}]
    assert "已记入操作日志" in view.status_label.text()

    accountants = open_care(make_window(accountant))
    assert accountants.export_button.isVisible()
    assert not accountants.full_numbers_box.isVisible()
