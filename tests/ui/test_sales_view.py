"""What was sold, through the real sales view on a real encrypted file: the table by item and by
category (a line refund and a sale without items included), the chart, the export to a real
workbook, and who finds the view."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.card_records import SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.item_records import ItemInput
from crm_desktop.models.services.items import ItemService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.insights.sales_view import SalesView, install
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.yuan import yuan_amount
from tests.ui.conftest import ShopData


def yuan(*amounts_fen: int) -> list[str]:
    return [yuan_amount(fen) for fen in amounts_fen]


def _rows(view: SalesView) -> list[list[str]]:
    table = view.table
    return [
        [table.item(r, c).text() for c in range(table.columnCount()) if not table.isColumnHidden(c)]
        for r in range(table.rowCount())
    ]


def _sell(store: Store, owner: Actor, shop: ShopData) -> None:
    """张三 (金卡, pays 90%) buys 拿铁 × 3 and 可颂 × 1 in cash, then takes one latte back;
    李四's card is not involved; a plain ¥50 sale has no items."""
    items = ItemService(store, owner)
    latte = items.create(ItemInput("拿铁", "饮品", 2800))
    croissant = items.create(ItemInput("可颂", "烘焙", 1500))
    cards = CardService(store, owner)
    cards.consume(shop.zhang_card_id, 0, "cash", lines=[
        SaleLine("拿铁", 3, 2800, item_id=latte.id), SaleLine("可颂", 1, 1500, item_id=croissant.id),
    ])
    sale = cards.purchases_of(shop.zhang_id)[0]
    latte_line = next(ln for ln in cards.refundable_lines(sale.id) if ln.item == "拿铁")
    cards.refund_lines(sale.id, {latte_line.line_id: 1}, "少做一杯")
    cards.consume(shop.zhang_card_id, 5000, "cash")


def test_the_table_shows_what_was_sold_by_item_and_by_category(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, shop: ShopData,
    tmp_path: Path,
) -> None:
    _sell(store, owner, shop)
    menu = install(owner_window, owner_window.context)
    assert menu.sales_action.isVisible() and install(owner_window, owner_window.context) is menu
    view = menu.open_sales()
    today = date.today().isoformat()
    bare = view.tr("(no items)")

    assert _rows(view) == [
        [today, bare, bare, "1", *yuan(5000, 500, 0, 4500)],
        [today, "可颂", "烘焙", "1", *yuan(1500, 150, 0, 1350)],
        [today, "拿铁", "饮品", "3", *yuan(8400, 840, 2520, 5040)],
    ]
    assert yuan_amount(10890) in view.total_label.text(), "net of the range: 45 + 13.50 + 50.40"
    assert view.figure is not None and view.canvas is not None, "the chart is drawn"

    view.by_box.setCurrentIndex(view.by_box.findData("category"))
    view.refresh()
    assert _rows(view) == [
        [today, bare, "1", *yuan(5000, 500, 0, 4500)],
        [today, "烘焙", "1", *yuan(1500, 150, 0, 1350)],
        [today, "饮品", "3", *yuan(8400, 840, 2520, 5040)],
    ]

    view.period_box.setCurrentIndex(view.period_box.findData("month"))
    view.refresh()
    assert [r[0] for r in _rows(view)] == [today[:7]] * 3

    # The same figures go to a workbook, written on the runner.
    path = tmp_path / "sales.xlsx"
    view.export_to(path)
    assert view.last_export is not None and view.last_export.path == path
    assert str(path) in view.status_label.text()
    book = load_workbook(path, read_only=True)
    by_item = [list(row) for row in book["按项目"].iter_rows(values_only=True)]
    latte = next(row for row in by_item if "拿铁" in row)
    assert today[:7] in latte and 3 in latte and 84 in latte


def test_an_empty_range_says_so_and_a_reversed_one_is_refused(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, shop: ShopData
) -> None:
    view = install(owner_window, owner_window.context).open_sales()
    assert view.table.rowCount() == 0
    assert view.status_label.text() == view.tr("Nothing was sold in this range.")
    view.start_edit.setDate(view.end_edit.date().addDays(1))
    view.refresh()
    assert view.status_label.text() == view.tr("The start date is after the end date.")


def test_a_clerk_does_not_find_the_sales_view(clerk_window: MainWindow) -> None:
    menu = install(clerk_window, clerk_window.context)
    assert not menu.sales_action.isVisible()
