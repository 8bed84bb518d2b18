"""The chart panel draws the chosen chart in Chinese from the file and exports it."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QDate

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer, Purchase
from crm_desktop.models.store.store import Store
from crm_desktop.ui.insights import InsightsMenu
from crm_desktop.ui.insights.chart_panel import ChartPanel

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def add_purchases(store: Store) -> None:
    """Two customers; ¥120 cash in February and ¥66 by WeChat in March 2025."""
    with store.write() as session:
        first = Customer(name="赵敏", created_at=datetime(2025, 1, 5))
        second = Customer(name="周芷若", created_at=datetime(2025, 2, 9))
        session.add_all([first, second])
        session.flush()
        for customer, when, paid, method in (
            (first, datetime(2025, 2, 14, 10), 12000, "cash"),
            (second, datetime(2025, 3, 9, 15), 6600, "wechat"),
        ):
            session.add(
                Purchase(customer_id=customer.id, ts=when, kind="sale", amount_fen=paid,
                         paid_fen=paid, payment_method=method)
            )


def open_panel(window: object) -> ChartPanel:
    menu = window.findChild(InsightsMenu)  # type: ignore[attr-defined]
    panel = menu.open_charts()
    assert isinstance(panel, ChartPanel)
    panel.start_edit.setDate(QDate(2025, 1, 1))
    panel.end_edit.setDate(QDate(2025, 6, 30))
    return panel


def bar_total(figure: object) -> float:
    from matplotlib.patches import Rectangle

    axes = figure.axes[0]  # type: ignore[attr-defined]
    return sum(p.get_height() for p in axes.patches if isinstance(p, Rectangle))


def test_picking_a_chart_shows_it_in_chinese_with_the_files_figures(
    make_window, owner: Actor, store: Store, tmp_path: Path
) -> None:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

    add_purchases(store)
    window = make_window(owner)
    panel = open_panel(window)
    assert window.workspace.currentWidget() is panel
    assert panel.png_button.isEnabled() is False  # nothing to export yet

    panel.choose("takings")

    assert isinstance(panel.canvas, FigureCanvasQTAgg)
    assert panel.canvas.figure is panel.figure
    assert panel.figure.get_suptitle() == "每月营业收入（按支付方式）"
    assert bar_total(panel.figure) == 186.0  # ¥120 + ¥66, drawn in yuan
    assert panel.png_button.isEnabled()

    written = panel.export_png(tmp_path / "takings.png")
    data = written.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 10_000
    pdf = panel.export_pdf(tmp_path / "takings.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_a_filter_narrows_the_chart_and_the_dashboard_draws(
    make_window, owner: Actor, store: Store
) -> None:
    add_purchases(store)
    panel = open_panel(make_window(owner))
    panel.choose("new_members")
    assert panel.figure.get_suptitle() == "每月新会员"
    assert bar_total(panel.figure) == 2.0
    panel.province_edit.setText("西藏")
    panel.show_button.click()
    assert bar_total(panel.figure) == 0.0
    assert "省份：西藏" in panel.figure.axes[0].get_title()

    panel.choose("dashboard")
    assert panel.figure.get_suptitle().startswith("经营概览")
    assert len(panel.figure.axes) >= 4


def test_a_backwards_range_is_refused_in_words(make_window, owner: Actor) -> None:
    panel = open_panel(make_window(owner))
    panel.start_edit.setDate(QDate(2025, 7, 1))
    panel.choose("takings")
    assert panel.figure is None
    assert panel.status_label.text() == "开始日期晚于结束日期。"


def test_clerks_have_no_money_charts(make_window, clerk_account: Actor) -> None:
    window = make_window(clerk_account)
    menu = window.findChild(InsightsMenu)
    assert not menu.charts_action.isVisible()
    assert not menu.tiers_action.isVisible()
    assert menu.care_action.isVisible()
