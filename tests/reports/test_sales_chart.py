"""The sales-by-category chart: net sales per category and period, saved as a PNG."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.services.card_records import SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.item_records import ItemInput
from crm_desktop.models.services.items import ItemService
from crm_desktop.models.store.store import Store
from crm_desktop.reports.chart_data import ChartRequest
from crm_desktop.reports.chart_service import ChartService
from crm_desktop.reports.data_sales import sales_by_category
from crm_desktop.reports.export import save_png

pytestmark = pytest.mark.both_backends

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def sold(store: Store, owner: Actor, clerk: Actor) -> Store:
    """Today: a haircut (美发 30) and two bottles (商品 2 × 88), one taken back; a plain 20."""
    catalog = CatalogService(store, owner)
    stored = catalog.create_card_type("储值卡", "stored_value")
    catalog.create_tier("普通会员", 0)
    items = ItemService(store, owner)
    cut = items.create(ItemInput("剪发", "美发", 3000))
    shampoo = items.create(ItemInput("洗发水", "商品", 8800))
    with store.write() as session:
        customer = Customer(name="赵六", phone="13600136000")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    cards = CardService(store, clerk)
    card = cards.issue(customer_id, stored.id, first_topup_fen=50000)
    sale = cards.consume(card.id, 0, "stored_value",
                         lines=[SaleLine("", 1, 3000, cut.id), SaleLine("", 2, 8800, shampoo.id)])
    assert sale.purchase_id is not None
    bottle = cards.refundable_lines(sale.purchase_id)[1]
    cards.refund_lines(sale.purchase_id, {bottle.line_id: 1}, "退一瓶")
    cards.consume(card.id, 2000, "cash")
    return store


def test_chart_shows_net_sales_per_category_and_saves(
    tmp_path: Path, sold: Store, owner: Actor
) -> None:
    today = date.today()
    week = ChartRequest(today - timedelta(days=6), today)
    with sold.read() as session:
        data = sales_by_category(session, week)
    assert len(data.labels) == 7 and data.labels[-1] == today.isoformat()  # by day
    assert [s.key for s in data.series] == ["商品", "美发", "(no items)"]
    assert data.values_of("商品")[-1] == 8800 and data.values_of("美发")[-1] == 3000
    assert data.values_of("(no items)") == (0,) * 6 + (2000,)
    figure = ChartService(sold, owner).render("sales_by_category", week)
    assert figure.get_suptitle() == "按类别的销售额"
    legend = figure.axes[0].get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["商品", "美发", "（无明细）"]
    assert figure.axes[0].get_ylabel() == "净销售额（元）"
    path = save_png(figure, tmp_path / "sales.png", dpi=60)
    assert path.read_bytes().startswith(PNG_MAGIC)


def test_a_long_range_goes_by_month_and_the_clerk_sees_no_chart(
    sold: Store, clerk: Actor
) -> None:
    today = date.today()
    year = ChartRequest(today - timedelta(days=200), today)
    with sold.read() as session:
        data = sales_by_category(session, year)
    assert data.labels[-1] == today.strftime("%Y-%m")
    assert sum(sum(s.values) for s in data.series) == 8800 + 3000 + 2000
    with pytest.raises(PermissionDenied):
        ChartService(sold, clerk).render("sales_by_category", year)
