"""Charts read cleanly at the panel's size: no label runs into the next chart, no title is cut,
legends hide no swatch, and the region chart shows the finest level that varies."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from chart_shop import build_shop

from crm_desktop.models.entities import Customer
from crm_desktop.models.language import set_language
from crm_desktop.models.store.store import Store
from crm_desktop.reports.chart_data import ChartRequest
from crm_desktop.reports.charts import build_chart, build_dashboard
from crm_desktop.reports.data_people import customers_by_region

pytestmark = pytest.mark.both_backends

REQUEST = ChartRequest(date(2025, 1, 1), date(2025, 6, 30))


def _drawn(figure: object) -> object:
    """The figure laid out and drawn; its renderer, for measuring where text landed."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(figure)  # type: ignore[arg-type]
    canvas.draw()
    return canvas.get_renderer()


def test_the_tier_charts_right_axis_label_keeps_clear_of_the_next_chart(store: Store) -> None:
    build_shop(store)
    with store.read() as session:
        figure = build_chart(session, "tiers", REQUEST)
    renderer = _drawn(figure)
    spend_axis = figure.axes[2]  # the twin (spend) axis of the left chart
    moves = figure.axes[1]
    label = spend_axis.yaxis.label.get_window_extent(renderer)
    right = moves.yaxis.label.get_window_extent(renderer)
    ticks = moves.get_tightbbox(renderer)
    assert label.x1 < right.x0 - 10 and label.x1 < ticks.x0, (label, right)


def test_english_dashboard_titles_fit_their_charts_at_the_panel_size(store: Store) -> None:
    build_shop(store)
    set_language("en")
    with store.read() as session:
        figure = build_dashboard(session, REQUEST)
    figure.set_size_inches(7.2, 5.5)  # the panel beside the customer list at 1366×768
    renderer = _drawn(figure)
    width = figure.bbox.width
    for ax in figure.axes:
        box = ax.title.get_window_extent(renderer)
        assert box.x0 >= 0 and box.x1 <= width, ax.get_title()


def test_the_liability_legend_sits_above_the_area_so_paid_in_shows(store: Store) -> None:
    build_shop(store)
    set_language("en")
    with store.read() as session:
        figure = build_chart(session, "liability", REQUEST)
    renderer = _drawn(figure)
    ax = figure.axes[0]
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert texts == ["Paid-in", "Bonus"]
    legend = ax.get_legend().get_window_extent(renderer)
    highest = max(ax.transData.transform((0, 1550.0))[1], 0.0)  # ¥1,550 is the tallest stack
    assert legend.y0 > highest, "the legend is drawn over the blue area"


def test_the_region_chart_has_no_sideways_label(store: Store) -> None:
    build_shop(store)
    with store.read() as session:
        figure = build_chart(session, "region", REQUEST)
    assert figure.axes[0].get_ylabel() == ""
    assert "按省份" in figure.axes[0].get_xlabel()


def _add_people(store: Store, places: list[tuple[str | None, str | None, str | None]]) -> None:
    with store.write() as session:
        for i, (province, city, district) in enumerate(places):
            when = datetime(2025, 1, 2)
            session.add(Customer(name=f"客{i}", province=province, city=city, district=district,
                                 created_at=when, updated_at=when))


def test_a_one_city_shop_sees_its_districts(store: Store) -> None:
    _add_people(store, [("浙江省", "杭州市", "西湖区")] * 5 + [("浙江省", "杭州市", "滨江区")] * 4
                + [("江苏省", "南京市", "鼓楼区")] + [(None, None, None)])
    with store.read() as session:
        data = customers_by_region(session, REQUEST)
    assert data.level == "district" and data.scope == ("浙江省", "杭州市")
    assert dict(zip(data.labels, data.values_of("customers"), strict=True)) == {
        "西湖区": 5, "滨江区": 4, "…": 1, "?": 1}


def test_a_shop_across_provinces_stays_by_province(store: Store) -> None:
    _add_people(store, [("浙江省", "杭州市", "西湖区")] * 3 + [("江苏省", "南京市", "鼓楼区")] * 2)
    with store.read() as session:
        data = customers_by_region(session, REQUEST)
    assert data.level == "province" and data.scope == ()
    assert data.labels == ("浙江省", "江苏省")
