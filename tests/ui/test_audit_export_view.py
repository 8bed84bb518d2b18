"""The audit viewer in words people read, and Export… to a workbook, on a real encrypted file."""

from __future__ import annotations

import sys
from pathlib import Path

from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.audit_view import AuditView
from crm_desktop.ui.owner_menu import install
from tests.ui.conftest import ShopData

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "models" / "excel"))
from excel_builders import read_sheets  # noqa: E402


def _view(qtbot: QtBot, window: MainWindow) -> AuditView:
    dialog = install(window, window.context).open_audit()
    qtbot.waitExposed(dialog)
    view = dialog.view
    assert isinstance(view, AuditView)
    return view


def _row_of(view: AuditView, action_text: str) -> list[str]:
    for r in range(view.table.rowCount()):
        cells = [view.table.item(r, c).text() for c in range(view.table.columnCount())]
        if cells[2] == action_text:
            return cells
    raise AssertionError(f"no row for {action_text}")


def test_changes_read_as_words_and_yuan(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, shop: ShopData
) -> None:
    CardService(store, owner).top_up(shop.zhang_card_id, 50000, "alipay")
    view = _view(qtbot, owner_window)
    view.search()

    top_up = _row_of(view, "充值")
    assert top_up[3] == "会员卡"
    assert "本金：¥0.00 → ¥500.00" in top_up[5]
    assert "支付方式：支付宝" in top_up[5]
    assert "principal_fen" not in top_up[5]


def test_export_writes_what_the_filters_match_and_is_logged(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, shop: ShopData,
    tmp_path: Path,
) -> None:
    CardService(store, owner).top_up(shop.zhang_card_id, 50000, "cash")
    view = _view(qtbot, owner_window)
    view.action_combo.setCurrentIndex(view.action_combo.findData("card."))
    out = tmp_path / "导出" / "日志"
    out.parent.mkdir()

    view.export_to(out)

    written = out.with_name("日志.xlsx")
    rows = read_sheets(written)["操作日志"]
    assert [r[2] for r in rows[1:]] == ["充值", "开卡"]
    assert view.export_label.text() == (
        view.tr("Exported %1 entries to %2").replace("%1", "2").replace("%2", str(written))
    )
    assert AuditService(store, owner).recent(1)[0].action == "audit.export"


def test_a_bad_record_number_is_refused_and_nothing_is_written(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, tmp_path: Path
) -> None:
    view = _view(qtbot, owner_window)
    before = len(AuditService(store, owner).recent(1000))
    view.entity_id_edit.setText("12")  # a number without a kind of record

    view.export_to(tmp_path / "x.xlsx")

    assert not view.error_label.isHidden()
    assert not (tmp_path / "x.xlsx").exists()
    assert len(AuditService(store, owner).recent(1000)) == before


def test_an_export_refused_by_the_model_layer_shows_the_sentence(
    qtbot: QtBot, owner_window: MainWindow, store: Store, clerk_account: Actor, tmp_path: Path
) -> None:
    # A clerk never gets the screen; the model layer refuses even if it were opened.
    context = AppContext(store, clerk_account, owner_window.context.runner,
                         owner_window.context.bus)
    view = AuditView(context)
    qtbot.addWidget(view)

    view.export_to(tmp_path / "clerk.xlsx")

    assert "无权查看操作日志" in view.error_label.text()
    assert not (tmp_path / "clerk.xlsx").exists()
