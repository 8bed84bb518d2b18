"""Every chart renders with Chinese titles and labels, shows its data, and draws no missing glyph."""

from __future__ import annotations

import math
from datetime import date, datetime
from pathlib import Path

import pytest
from chart_shop import build_shop

from crm_desktop.models.entities import Customer
from crm_desktop.models.language import set_language
from crm_desktop.models.store.store import Store
from crm_desktop.reports.chart_data import ChartFilter, ChartRequest
from crm_desktop.reports.charts import CHARTS, build_chart, build_dashboard
from crm_desktop.reports.data_money import liability_over_time, takings_per_month
from crm_desktop.reports.data_people import (
    age_and_gender,
    customers_by_region,
    new_members_per_month,
)
from crm_desktop.reports.data_service import complaints_per_month, satisfaction_per_month
from crm_desktop.reports.export import png_bytes, save_pdf, save_png
from crm_desktop.reports.fonts import PROBE, configure_matplotlib, covers, find_cjk_font

pytestmark = pytest.mark.both_backends

REQUEST = ChartRequest(date(2025, 1, 1), date(2025, 6, 30))
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def shop(store: Store) -> Store:
    build_shop(store)
    return store


def all_text(figure: object) -> list[object]:
    from matplotlib.text import Text

    return [
        t
        for t in figure.findobj(Text)  # type: ignore[attr-defined]
        if t.get_visible() and t.get_text().strip()
    ]


def axis_labels(figure: object) -> list[str]:
    labels = []
    for ax in figure.axes:  # type: ignore[attr-defined]
        labels += [ax.get_xlabel(), ax.get_ylabel()]
    return [label for label in labels if label]


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_the_font_found_is_a_cjk_font() -> None:
    font = find_cjk_font()
    assert font is not None, "no CJK font: install fonts-noto-cjk (apt) for the chart tests"
    assert covers(font.path, PROBE + "客户分群生命周期净推荐值")
    assert configure_matplotlib() == font


@pytest.mark.parametrize("spec", CHARTS, ids=lambda s: s.key)
def test_each_chart_renders_in_chinese_with_its_data(shop: Store, spec: object) -> None:
    key = spec.key  # type: ignore[attr-defined]
    with shop.read() as session:
        figure = build_chart(session, key, REQUEST)
    image = png_bytes(figure, dpi=50)
    assert image.startswith(PNG_MAGIC) and len(image) > 5000
    assert figure.get_suptitle() == spec.title_zh  # type: ignore[attr-defined]
    labels = axis_labels(figure)
    assert labels and all(has_chinese(label) for label in labels), labels
    assert "2025-01-01 至 2025-06-30" in [t.get_text() for t in all_text(figure)]
    # Something was drawn: bars, areas or lines with a non-zero extent.
    drawn = [
        artist
        for ax in figure.axes
        for artist in [*ax.patches, *ax.collections, *ax.lines]
        if getattr(artist, "get_height", lambda: 1)() or not hasattr(artist, "get_height")
    ]
    assert drawn, key
    texts = [t.get_text() for t in all_text(figure)]
    assert "所选时间内暂无数据" not in texts
    assert_every_glyph_drawable(figure)


def assert_every_glyph_drawable(figure: object) -> None:
    """Fail if any visible text uses another font than the CJK one, or a character it lacks."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    font = configure_matplotlib()
    assert font is not None
    charmap = FT2Font(str(font.path)).get_charmap()
    missing = set()
    for text in all_text(figure):
        used = font_manager.findfont(text.get_fontproperties())
        assert Path(used) == font.path, (text.get_text(), used)
        missing |= {ch for ch in text.get_text() if not ch.isspace() and ord(ch) not in charmap}
    assert not missing, f"characters the chart font cannot draw: {sorted(missing)}"


def test_the_glyph_check_catches_a_box() -> None:
    from crm_desktop.reports.charts import new_figure

    figure = new_figure()
    figure.subplots().set_title("会员 \U0001f600")
    with pytest.warns(UserWarning, match="missing from font"):  # matplotlib agrees
        png_bytes(figure, dpi=20)
    with pytest.raises(AssertionError, match="cannot draw"):
        assert_every_glyph_drawable(figure)


def test_dashboard_and_english_figures_draw_every_glyph(shop: Store) -> None:
    with shop.read() as session:
        dashboard = build_dashboard(session, REQUEST)
    png_bytes(dashboard, dpi=30)
    assert_every_glyph_drawable(dashboard)
    set_language("en")
    with shop.read() as session:
        english = build_chart(session, "segments", REQUEST)
    png_bytes(english, dpi=30)
    assert_every_glyph_drawable(english)


def test_titles_and_labels_follow_the_language(shop: Store) -> None:
    set_language("en")
    with shop.read() as session:
        figure = build_chart(session, "takings", REQUEST)
    assert figure.get_suptitle() == "Takings per month by payment method"
    assert axis_labels(figure) == ["Month", "Amount (yuan)"]
    legend = figure.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "Cash",
        "WeChat Pay",
        "Alipay",
        "Bank card",
    ]


def test_chart_figures_are_right(shop: Store) -> None:
    with shop.read() as session:
        members = new_members_per_month(session, REQUEST)
        takings = takings_per_month(session, REQUEST)
        liability = liability_over_time(session, REQUEST)
        ages = age_and_gender(session, REQUEST)
        regions = customers_by_region(session, REQUEST)
        zhejiang = customers_by_region(
            session, ChartRequest(REQUEST.start, REQUEST.end, ChartFilter(province="浙江"))
        )
        complaints = complaints_per_month(session, REQUEST)
        surveys = satisfaction_per_month(session, REQUEST)
    assert members.values_of("new") == (2, 1, 2, 0, 1, 0)
    # Top-ups (paid part) plus purchases not paid from a card; stored-value spend not again.
    assert takings.values_of("cash") == (0, 112000, 0, 0, 0, 0)
    assert takings.values_of("wechat") == (50000, 0, 0, 0, 6600, 0)
    assert takings.values_of("alipay") == (0, 0, 8800, 0, 0, 0)
    assert takings.values_of("bank_card") == (0, 0, 0, 20000, 0, 0)
    assert liability.values_of("principal") == (50000, 150000, 120000, 120000, 120000, 120000)
    assert liability.values_of("bonus") == (5000,) * 6
    # At 2025-06-30: 张伟 35, 王芳 39, 李娜 23, 刘洋 ?, 陈静 65, 杨光 15 (no gender).
    assert ages.values_of("M") == (0, 0, 0, 1, 0, 0, 0, 1)
    assert ages.values_of("F") == (0, 1, 0, 1, 0, 0, 1, 0)
    assert ages.values_of("?") == (1, 0, 0, 0, 0, 0, 0, 0)
    assert dict(zip(regions.labels, regions.values_of("customers"), strict=True)) == {
        "浙江": 3,
        "江苏": 1,
        "上海": 1,
        "?": 1,
    }
    assert zhejiang.labels == ("杭州", "宁波")
    assert complaints.values_of("complaints") == (0, 2, 0, 1, 0, 0)
    assert complaints.values_of("resolution_days")[1] == 2.0  # 3 days and 1 day
    assert math.isnan(complaints.values_of("resolution_days")[3])  # still open
    assert surveys.values_of("satisfaction")[2] == pytest.approx(3.67)
    # March: promoters 2 of 3, detractors 1 of 3 → NPS 33.3; April: one passive → 0.
    assert surveys.values_of("nps")[2:4] == (33.3, 0.0)


def test_an_empty_period_says_so(shop: Store) -> None:
    with shop.read() as session:
        figure = build_chart(
            session, "new_members", ChartRequest(date(2024, 1, 1), date(2024, 3, 31))
        )
    assert "所选时间内暂无数据" in [t.get_text() for t in all_text(figure)]


def test_png_and_pdf_files(shop: Store, tmp_path: Path) -> None:
    with shop.read() as session:
        dashboard = build_dashboard(session, REQUEST)
        tiers = build_chart(session, "tiers", REQUEST)
    png = save_png(dashboard, tmp_path / "dashboard.png", dpi=40)
    assert png.read_bytes().startswith(PNG_MAGIC)
    assert dashboard.get_suptitle().startswith("经营概览")
    assert len(dashboard.axes) >= 4
    pdf = save_pdf([dashboard, tiers], tmp_path / "charts.pdf")
    data = pdf.read_bytes()
    assert (
        data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") >= 2
    )


def test_new_members_are_counted_in_their_member_since_month(shop: Store) -> None:
    """An imported member (record made today, member since February) joins in February."""
    with shop.write() as session:
        session.add(Customer(name="导入会员", created_at=datetime.now(), member_since=date(2025, 2, 8)))
        session.add(Customer(name="已合并", created_at=datetime.now(), member_since=date(2025, 2, 9),
                             status="merged"))
    with shop.read() as session:
        members = new_members_per_month(session, REQUEST)
        figure = build_chart(session, "new_members", REQUEST)
    assert members.values_of("new") == (2, 2, 2, 0, 1, 0)
    assert sum(p.get_height() for p in figure.axes[0].patches) == 7
