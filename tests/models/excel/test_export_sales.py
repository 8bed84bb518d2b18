"""The sales workbook: by item and by category, real numbers and dates, totals tied to the sheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from excel_builders import read_sheets

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.excel.export_sales import export_sales
from crm_desktop.models.services.card_records import SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.item_records import ItemInput
from crm_desktop.models.services.items import ItemService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


@pytest.fixture
def sold(store: Store, owner: Actor, clerk: Actor) -> Store:
    """Today: 2 × 洗发水 and a 修眉 on a 88折 card, one bottle taken back, a plain 20-yuan sale."""
    catalog = CatalogService(store, owner)
    stored = catalog.create_card_type("储值卡", "stored_value")
    catalog.create_tier("普通会员", 0)
    gold = catalog.create_tier("金卡", 1, price_percent=88)
    shampoo = ItemService(store, owner).create(ItemInput("洗发水", "商品", 8800))
    with store.write() as session:
        customer = Customer(name="王五", phone="13700137000")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    cards = CardService(store, clerk)
    card = cards.issue(customer_id, stored.id, tier_id=gold.id, first_topup_fen=50000)
    sale = cards.consume(card.id, 0, "stored_value",
                         lines=[SaleLine("", 2, 8800, shampoo.id), SaleLine("修眉", 1, 1000)])
    assert sale.purchase_id is not None
    bottle = cards.refundable_lines(sale.purchase_id)[0]
    cards.refund_lines(sale.purchase_id, {bottle.line_id: 1}, "没开封")
    cards.consume(card.id, 2000, "cash")
    return store


def test_sales_by_item_and_category_per_day(tmp_path: Path, sold: Store, owner: Actor) -> None:
    today = date.today()
    out = export_sales(sold, owner, tmp_path / "sales.xlsx", today, today, "day")
    sheets = read_sheets(out.path)
    assert list(sheets) == ["汇总", "按项目", "按类别"]
    by_item = sheets["按项目"]
    assert by_item[0] == ["日期", "项目", "类别", "数量", "原价金额", "折扣", "退款", "净销售额"]
    assert by_item[1:] == [
        [today, "（无明细）", "（无明细）", 1.0, 20.0, 2.4, 0.0, 17.6],
        [today, "修眉", "（未分类）", 1.0, 10.0, 1.2, 0.0, 8.8],
        [today, "洗发水", "商品", 2.0, 176.0, 21.12, 77.44, 77.44],
    ]
    assert sheets["按类别"][1:] == [
        [today, "（未分类）", 1.0, 10.0, 1.2, 0.0, 8.8],
        [today, "（无明细）", 1.0, 20.0, 2.4, 0.0, 17.6],
        [today, "商品", 2.0, 176.0, 21.12, 77.44, 77.44],
    ]
    assert ["净销售额合计（元）", 103.84] in sheets["汇总"]
    assert out.rows == 3
    cell = openpyxl.load_workbook(out.path)["按项目"]["E2"]
    assert cell.number_format == "#,##0.00"


def test_months_are_text_and_the_clerk_cannot_export(
    tmp_path: Path, sold: Store, owner: Actor, clerk: Actor
) -> None:
    today = date.today()
    out = export_sales(sold, owner, tmp_path / "m.xlsx", today.replace(day=1), today, "month")
    assert [row[0] for row in read_sheets(out.path)["按类别"][1:]] == [today.strftime("%Y-%m")] * 3
    with pytest.raises(PermissionDenied):
        export_sales(sold, clerk, tmp_path / "c.xlsx", today, today)
    assert not (tmp_path / "c.xlsx").exists()
