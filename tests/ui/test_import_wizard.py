"""The import wizard on a real encrypted file and a messy workbook written here with openpyxl."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.models.excel.presets import PresetService
from crm_desktop.models.progress import Progress
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base import task_runner
from crm_desktop.ui.excel import install
from crm_desktop.ui.excel.import_wizard import ImportWizard
from crm_desktop.ui.main_window import MainWindow

BAD_PHONE_ROW = 6
DUPLICATE_ROW = 7


def write_messy_workbook(path: Path) -> Path:
    """A title row (merged), an export-time line, the header on row 3, then the members."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "会员"
    sheet.append(["某某美发店会员名单"])
    sheet.merge_cells("A1:G1")
    sheet.append(["导出时间：2024-03-01 10:00"])
    sheet.append(["会员姓名", "手机号码", "会员等级", "卡内余额(元)", "积分", "出生日期", "紧急联系"])
    sheet.append(["张伟", 13800000001, "金卡", 100.5, 10, date(1990, 1, 2), "13900000009"])
    sheet.append(["李娜", "138-0000-0002 ", None, "¥1,234.50", None, "1991年3月4日", None])
    sheet.append(["王芳", "12345", None, None, None, None, None])
    sheet.append(["赵强", "+86 138 0000 0001", None, None, None, None, None])
    sheet.append([])
    sheet.append(["合计", None, None, 1335.0, 10, None, None])
    book.save(path)
    return path


def customer_count(store: Store) -> int:
    with store.read() as session:
        return int(session.connection().exec_driver_sql("SELECT count(*) FROM customers").scalar())


def open_wizard(window: MainWindow) -> ImportWizard:
    screens = install(window, window.context)
    assert screens.import_action.isVisible()
    return screens.open_import()


def load(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    wizard.file_page.path_edit.setText(str(path))
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)


def test_mapping_is_shown_changed_and_saved_and_the_dry_run_writes_nothing(
    qtbot: QtBot, owner_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    path = write_messy_workbook(tmp_path / "members.xlsx")
    before = customer_count(store)
    wizard = open_wizard(owner_window)
    load(qtbot, wizard, path)

    page = wizard.mapping_page
    assert wizard.stack.currentWidget() is page
    assert page.header_spin.value() == 3
    assert "第 3 行" in page.summary_label.text()
    assert page.table.item(0, 1).text() == "会员姓名"
    assert page.field_combo(0).currentText() == "姓名"
    assert page.field_combo(1).currentText() == "手机"
    assert page.field_combo(6).currentData() is None  # 紧急联系 is not a known header
    # The user says the 紧急联系 column is the second phone, and saves the mapping.
    page.set_field(6, "phone2")
    assert page.mapping is not None and page.mapping.fields[6] == "phone2"
    page.preset_edit.setText("老系统导出")
    qtbot.mouseClick(page.save_preset_button, Qt.MouseButton.LeftButton)
    assert "老系统导出" in page.preset_status.text()
    saved = wizard.context.service(PresetService).list("customers")
    assert [p.name for p in saved] == ["老系统导出"]
    assert saved[0].columns["紧急联系"] == "phone2"

    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # 预览（试运行）
    result = wizard.result_page
    report = result.report
    assert report is not None and report.dry_run
    assert (report.imported, report.updated, report.totals_rows) == (2, 0, 1)
    assert "试运行" in result.heading_label.text()
    assert "拒绝：1" in result.counts_label.text().replace(" ", "")
    rows = [
        [result.table.item(r, c).text() for c in range(3)] for r in range(result.table.rowCount())
    ]
    assert rows[0][0] == str(BAD_PHONE_ROW) and rows[0][1] == "手机号码"
    assert "手机" in rows[0][2]
    assert rows[1][0] == str(DUPLICATE_ROW) and "第 4 行" in rows[1][2]
    assert customer_count(store) == before

    # The error workbook carries the original columns and the reason.
    errors = tmp_path / "errors.xlsx"
    wizard.save_error_workbook(str(errors))
    sheet = openpyxl.load_workbook(errors).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][-1] == "错误原因"
    assert values[0][1] == "会员姓名"
    assert [v[0] for v in values[1:]] == [str(BAD_PHONE_ROW), str(DUPLICATE_ROW)]
    assert "手机" in str(values[1][-1])


def test_the_real_import_adds_exactly_the_good_rows(
    qtbot: QtBot, owner_window: MainWindow, store: Store, tmp_path: Path
) -> None:
    path = write_messy_workbook(tmp_path / "members.xlsx")
    before = customer_count(store)
    wizard = open_wizard(owner_window)
    load(qtbot, wizard, path)
    wizard.mapping_page.set_field(6, "phone2")
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.next_button.text() == "导入"
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    report = wizard.final_report
    assert report is not None and not report.dry_run and report.imported == 2
    assert "导入完成" in wizard.result_page.heading_label.text()
    assert customer_count(store) == before + 2
    with store.read() as session:
        found = dict(
            session.connection().exec_driver_sql(
                "SELECT phone, phone2 FROM customers WHERE name IN ('张伟', '李娜')"
            ).all()
        )
    assert found == {"13800000001": "13900000009", "13800000002": None}
    assert "新增 2" in owner_window.statusBar().currentMessage().replace("：", " ")


def test_cancel_during_the_import_leaves_the_file_unchanged(
    qtbot: QtBot,
    owner_window: MainWindow,
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(task_runner, "PROGRESS_INTERVAL_S", 0.0)
    path = write_messy_workbook(tmp_path / "members.xlsx")
    before = customer_count(store)
    wizard = open_wizard(owner_window)
    load(qtbot, wizard, path)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.result_page.report is not None

    def cancel_while_writing(progress: Progress) -> None:
        wizard.result_page.show_progress(progress)
        if progress.stage == "write" and wizard.result_page.cancel_button.isEnabled():
            qtbot.mouseClick(wizard.result_page.cancel_button, Qt.MouseButton.LeftButton)

    monkeypatch.setattr(wizard, "_progress", cancel_while_writing)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)

    assert wizard.final_report is None
    assert wizard.result_page.heading_label.text() == "已取消"
    assert "没有任何改动" in wizard.result_page.progress_label.text()
    assert customer_count(store) == before
    assert wizard.next_button.isEnabled() is False


def test_a_clerk_has_no_import(clerk_window: MainWindow) -> None:
    screens = install(clerk_window, clerk_window.context)
    assert not screens.import_action.isVisible()
