"""The Export submenu: an owner writes a liability workbook to a chosen path; a clerk has no menu."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
from PySide6.QtCore import QDate, Qt
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.progress import Progress, cancelled_error
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.excel import install
from crm_desktop.ui.excel.export_menu import EXPORT_KINDS
from crm_desktop.ui.main_window import MainWindow
from tests.ui.conftest import ShopData, WindowFactory


def balances_on_file(store: Store) -> int:
    with store.read() as session:
        return int(
            session.connection()
            .exec_driver_sql("SELECT coalesce(sum(principal_fen + bonus_fen), 0) FROM cards")
            .scalar()
        )


def test_owner_exports_liability_at_a_date(
    qtbot: QtBot, owner_window: MainWindow, store: Store, shop: ShopData, tmp_path: Path
) -> None:
    CardService(store, owner_window.context.actor).top_up(shop.zhang_card_id, 123_45)
    screens = install(owner_window, owner_window.context)
    menu = screens.export_menu
    assert menu.submenu.menuAction().isVisible()
    assert menu.submenu.title() == "导出"
    assert menu.actions["liability"].text() == "预收款余额（截至某日）…"
    assert all(menu.actions[kind].isVisible() for kind in EXPORT_KINDS)

    menu.actions["liability"].trigger()
    dialog = menu.open_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.at_edit.isVisible() and not dialog.start_edit.isVisible()
    today = date.today()
    dialog.at_edit.setDate(QDate(today.year, today.month, today.day))
    out = tmp_path / "预收款.xlsx"
    dialog.path_edit.setText(str(out))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    assert out.exists()
    expected = balances_on_file(store)
    assert expected == 123_45
    sheet = openpyxl.load_workbook(out)["预收款余额"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in rows] == [shop.zhang_card]
    assert round(sum(r[5] + r[6] for r in rows) * 100) == expected
    assert str(out) in owner_window.statusBar().currentMessage()
    assert menu.last_result.rows == 1


def test_a_period_export_refuses_a_start_after_its_end(
    owner_window: MainWindow, tmp_path: Path
) -> None:
    menu = install(owner_window, owner_window.context).export_menu
    dialog = menu.ask("takings")
    dialog.start_edit.setDate(QDate(2024, 5, 2))
    dialog.end_edit.setDate(QDate(2024, 5, 1))
    dialog.path_edit.setText(str(tmp_path / "takings.xlsx"))
    dialog.accept()
    assert dialog.isVisible()
    assert "起始日期晚于截止日期" in dialog.error_label.text()
    assert not (tmp_path / "takings.xlsx").exists()


def test_a_clerk_has_no_export_menu(clerk_window: MainWindow) -> None:
    menu = install(clerk_window, clerk_window.context).export_menu
    assert not menu.submenu.menuAction().isVisible()
    assert not any(action.isVisible() for action in menu.actions.values())


def test_an_accountant_exports_but_does_not_import(
    make_window: WindowFactory, accountant: Actor, shop: ShopData
) -> None:
    window = make_window(accountant)
    screens = install(window, window.context)
    assert screens.export_menu.submenu.menuAction().isVisible()
    assert not screens.import_action.isVisible()


def test_a_cancel_even_after_the_file_was_closed_leaves_no_file(
    owner_window: MainWindow, shop: ShopData, tmp_path: Path
) -> None:
    CardService(owner_window.context.store, owner_window.context.actor).top_up(
        shop.zhang_card_id, 100_00
    )
    menu = install(owner_window, owner_window.context).export_menu
    runner = owner_window.context.runner
    out = tmp_path / "liability.xlsx"
    today = date.today()
    work = menu._work("liability", out, today, today, today)
    seen: list[Progress] = []
    runner.submit_job(lambda _report: work(seen.append))
    assert out.exists() and seen[-1] == Progress("liability", 1, 1)
    out.unlink()

    def cancel_at_the_last_report(progress: Progress) -> None:
        seen.pop()
        if not seen:
            raise cancelled_error()  # the user's Cancel, arriving as the file was closed

    cancelled: list[bool] = []
    runner.submit_job(
        lambda _report: work(cancel_at_the_last_report),
        on_cancelled=lambda: cancelled.append(True),
    )
    assert cancelled == [True]
    assert not out.exists()
