"""The wizard's questions after a dry run: wrong optional values, rows on file, likely duplicates.

A real encrypted file with the shop's three customers (张三 13800138000 with a
card, 李四 13912345678, 王五 13700001111) and member lists written here.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from crm_desktop.models.store.store import Store
from crm_desktop.ui.excel import install
from crm_desktop.ui.excel.choice_panel import RowChoicePanel
from crm_desktop.ui.excel.import_wizard import ImportWizard
from crm_desktop.ui.main_window import MainWindow
from tests.ui.conftest import ShopData


def _workbook(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _preview(qtbot: QtBot, window: MainWindow, path: Path) -> ImportWizard:
    wizard = install(window, window.context).open_import()
    wizard.file_page.path_edit.setText(str(path))
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # to the mapping
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # 预览（试运行）
    assert wizard.result_page.report is not None and wizard.result_page.report.dry_run
    return wizard


def _cells(panel: RowChoicePanel) -> list[list[str]]:
    model = panel.model
    return [[str(model.index(r, c).data()) for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _answer_in_the_table(qtbot: QtBot, panel: RowChoicePanel, sheet_row: int, label: str) -> None:
    """Pick ``label`` in the row's answer combo, as a user does."""
    editor = panel.answer_widget(sheet_row)
    assert isinstance(editor, QComboBox) and editor.isVisible()
    editor.setCurrentIndex(editor.findText(label))


def _import(qtbot: QtBot, wizard: ImportWizard) -> None:
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.final_report is not None


def _row(store: Store, sql: str) -> tuple[object, ...]:
    with store.read() as session:
        return tuple(session.connection().exec_driver_sql(sql).one())


def test_a_member_with_a_wrong_birthday_comes_in_without_it_when_the_owner_says_so(
    qtbot: QtBot, owner_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "m.xlsx", ["姓名", "手机", "余额", "生日", "邮箱"], [
        ["赵六", "13600000001", 200, "1988-02-30", "zhao@"],
        ["钱七", "13600000002", None, "1990-01-02", None],
    ])
    wizard = _preview(qtbot, owner_window, path)
    result = wizard.result_page
    panel = result.findings.optional
    assert result.findings.isTabVisible(result.findings.indexOf(panel))
    assert result.repreview_button.isVisible()
    cells = _cells(panel)
    assert cells[0][:2] == ["2", "赵六"]
    assert "1988-02-30" in cells[0][2] and "这个日期不存在" in cells[0][2] and "zhao@" in cells[0][2]
    assert result.report is not None and result.report.imported == 1  # refused until answered

    panel.all_combo.setCurrentIndex(panel.all_combo.findData("drop"))
    qtbot.mouseClick(panel.all_button, Qt.MouseButton.LeftButton)
    assert _cells(panel)[0][-1] == panel.model.labels["drop"]
    qtbot.mouseClick(result.repreview_button, Qt.MouseButton.LeftButton)
    assert result.report is not None and result.report.imported == 2
    assert result.report.rejected == ()

    _import(qtbot, wizard)
    name, birthday, email, corrections, balance = _row(store, (
        "SELECT c.name, c.birthday, c.email, c.corrections, k.principal_fen FROM customers c "
        "JOIN cards k ON k.customer_id = c.id WHERE c.phone = '13600000001'"))
    assert (name, birthday, email, balance) == ("赵六", None, None, 20000)
    assert json.loads(str(corrections)) == {"birthday": "1988-02-30", "email": "zhao@"}


def test_rows_on_file_are_listed_with_their_key_and_what_is_new_is_added_for_the_row_chosen(
    qtbot: QtBot, owner_window: MainWindow, store: Store, shop: ShopData, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "m.xlsx", ["姓名", "手机", "卡号", "邮箱"], [
        ["张三", "13800000099", shop.zhang_card, "zs@example.cn"],  # 2 by card, another phone
        ["李四", "13912345678", None, "ls@example.cn"],             # 3 by phone: a new email
        ["王五", "13700001111", None, None],                        # 4 by phone: nothing new
    ])
    wizard = _preview(qtbot, owner_window, path)
    result = wizard.result_page
    panel = result.findings.matches
    assert result.findings.currentWidget() is panel
    rows = {r[0]: r for r in _cells(panel)}
    assert rows["2"][1] == f"#{shop.zhang_id} 张三" and rows["2"][2] == f"卡号 {shop.zhang_card}"
    assert "zs@example.cn" in rows["2"][3] and "手机" in rows["2"][4]  # a different phone on file
    assert rows["3"][1] == f"#{shop.li_id} 李四" and rows["3"][2] == "手机 139****5678"
    assert "ls@example.cn" in rows["3"][3]
    assert rows["4"][1] == f"#{shop.wang_id} 王五" and rows["4"][3] == ""
    assert not panel.model.flags(panel.model.index(2, 5)) & Qt.ItemFlag.ItemIsEditable

    _answer_in_the_table(qtbot, panel, 3, panel.model.labels["add_new"])
    assert _cells(panel)[1][-1] == panel.model.labels["add_new"]
    _import(qtbot, wizard)
    assert wizard.final_report is not None and wizard.final_report.updated == 1
    assert _row(store, f"SELECT email FROM customers WHERE id = {shop.li_id}") == ("ls@example.cn",)
    assert _row(store, f"SELECT email, phone FROM customers WHERE id = {shop.zhang_id}") == (
        None, "13800138000")  # its row was left as on file: nothing added, nothing overwritten


def test_a_likely_duplicate_is_shown_with_its_reason_and_can_be_taken_as_that_customer(
    qtbot: QtBot, owner_window: MainWindow, store: Store, shop: ShopData, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "m.xlsx", ["姓名", "手机"], [
        ["张三", "13800138001"],  # the same name, a phone one digit off
        ["孙八", "13500000000"],
    ])
    wizard = _preview(qtbot, owner_window, path)
    panel = wizard.result_page.findings.likely
    cells = _cells(panel)
    assert len(cells) == 1 and cells[0][:3] == ["2", "张三", f"#{shop.zhang_id} 张三"]
    assert "同名" in cells[0][3] or "姓名" in cells[0][3]
    _answer_in_the_table(qtbot, panel, 2, panel.model.labels["same"])
    _import(qtbot, wizard)
    report = wizard.final_report
    assert report is not None and (report.imported, report.skipped) == (1, 1)
    assert _row(store, "SELECT count(*) FROM customers WHERE name = '张三'") == (1,)
    assert _row(store, "SELECT count(*) FROM customers WHERE name = '孙八'") == (1,)


def test_a_new_preview_after_changing_the_mapping_forgets_the_answers(
    qtbot: QtBot, owner_window: MainWindow, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "m.xlsx", ["姓名", "手机", "生日"], [["赵六", "13600000001", "1988-02-30"]])
    wizard = _preview(qtbot, owner_window, path)
    panel = wizard.result_page.findings.optional
    panel.answer_row(2, "drop")
    assert wizard.result_page.findings.answers()[1] == {(2, "optional"): "drop"}
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.result_page.findings.answers()[1] == {}
    assert _cells(panel)[0][-1] == panel.model.labels["refuse"]


def test_damaged_text_is_shown_with_a_preview_and_the_row_answered_in_its_combo(
    qtbot: QtBot, owner_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    path = _workbook(tmp_path / "m.xlsx", ["姓名", "手机", "备注"], [
        ["王?明", "13600000001", None],
        ["孙八", "13600000002", "锟斤拷锟斤拷"],
    ])
    wizard = _preview(qtbot, owner_window, path)
    findings = wizard.result_page.findings
    panel = findings.damaged
    assert findings.isTabVisible(findings.indexOf(panel))
    cells = _cells(panel)
    assert [c[:3] for c in cells] == [["2", "王?明", "姓名"], ["3", "孙八", "备注"]]
    assert "王?明" in cells[0][3] and "锟斤拷锟斤拷" in cells[1][3]
    # The refused tab says why: by default a damaged row is skipped.
    refused = wizard.result_page.table
    assert {refused.item(r, 0).text() for r in range(refused.rowCount())} == {"2", "3"}
    # A name cannot be emptied: its row offers to keep it, flagged.
    name_combo = panel.answer_widget(2)
    assert name_combo is not None
    flag_name = name_combo.itemText(name_combo.findData("clear"))
    assert flag_name != panel.model.labels["clear"]
    name_combo.setCurrentIndex(name_combo.findData("clear"))
    notes_combo = panel.answer_widget(3)
    assert notes_combo is not None
    notes_combo.setCurrentIndex(notes_combo.findData("clear"))
    _import(qtbot, wizard)
    assert _row(store, "SELECT name, corrections FROM customers WHERE phone = '13600000001'") == (
        "王?明", '{"name": "王?明"}')
    assert _row(store, "SELECT notes, corrections FROM customers WHERE phone = '13600000002'") == (
        None, '{"notes": "锟斤拷锟斤拷"}')
