"""The chart catalogue: every chart the panel offers, built as a matplotlib Figure (no pyplot).

``build_chart(session, key, request)`` gathers the data and draws it with the
title, the date range and the filters written on the figure, in the UI language
(English when no CJK font exists). ``build_dashboard`` puts the main four on one.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from crm_desktop.reports import data_members, data_money, data_people, data_sales, data_service
from crm_desktop.reports.chart_data import ChartData, ChartRequest
from crm_desktop.reports.fonts import chart_language, configure_matplotlib

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

Gather = Callable[[Session, ChartRequest, str], tuple[ChartData, ...]]


@dataclass(frozen=True)
class ChartSpec:
    """One chart of the panel: its key, title in both languages, whether filters apply."""

    key: str
    title_zh: str
    title_en: str
    uses_filters: bool

    def title(self, language: str) -> str:
        return self.title_zh if language == "zh" else self.title_en


CHARTS: tuple[ChartSpec, ...] = (
    ChartSpec("new_members", "每月新会员", "New members per month", True),
    ChartSpec("takings", "每月营业收入（按支付方式）", "Takings per month by payment method", True),
    ChartSpec("liability", "储值余额（预收款）变化", "Stored-value liability over time", False),
    ChartSpec("tiers", "等级分布与升降", "Tier distribution and movement", False),
    ChartSpec("segments", "客户分群人数与消费占比", "RFM segments and their share of spend", False),
    ChartSpec("age_gender", "年龄与性别分布", "Age and gender", True),
    ChartSpec("region", "客户地区分布", "Customers by region", True),
    ChartSpec("lifecycle", "客户生命周期（每月末）", "Lifecycle stages at each month end", False),
    ChartSpec("complaints", "投诉数量与解决天数", "Complaints and days to resolve", True),
    ChartSpec("satisfaction", "满意度与净推荐值（NPS）", "Satisfaction and NPS per month", True),
    ChartSpec("sales_by_category", "按类别的销售额", "Sales by category", False),
)
SPECS = {spec.key: spec for spec in CHARTS}
DASHBOARD = ("new_members", "takings", "segments", "liability")
DASHBOARD_TITLE = ("经营概览", "Shop overview")


def _one(fn: Callable[[Session, ChartRequest], ChartData]) -> Gather:
    return lambda session, request, _lang: (fn(session, request),)


GATHER: dict[str, Gather] = {
    "new_members": _one(data_people.new_members_per_month),
    "takings": _one(data_money.takings_per_month),
    "liability": _one(data_money.liability_over_time),
    "tiers": lambda s, r, _lang: data_members.tier_distribution(s, r),
    "segments": lambda s, r, lang: (data_members.segment_sizes(s, r, lang),),
    "age_gender": _one(data_people.age_and_gender),
    "region": _one(data_people.customers_by_region),
    "lifecycle": _one(data_people.lifecycle_over_time),
    "complaints": _one(data_service.complaints_per_month),
    "satisfaction": _one(data_service.satisfaction_per_month),
    "sales_by_category": _one(data_sales.sales_by_category),
}


def _draw(key: str, axes: list[Axes], data: tuple[ChartData, ...], lang: str) -> None:
    from crm_desktop.reports import draw, draw_sales

    drawers = {
        "new_members": draw.draw_new_members,
        "takings": draw.draw_takings,
        "liability": draw.draw_liability,
        "segments": draw.draw_segments,
        "age_gender": draw.draw_age_gender,
        "region": draw.draw_region,
        "lifecycle": draw.draw_lifecycle,
        "complaints": draw.draw_complaints,
        "satisfaction": draw.draw_satisfaction,
        "sales_by_category": draw_sales.draw_sales_by_category,
    }
    if key == "tiers":
        draw.draw_tiers(axes[0], data[0], lang)
        draw.draw_tier_moves(axes[1], data[1], lang)
    else:
        drawers[key](axes[0], data[0], lang)


def range_text(request: ChartRequest, lang: str, with_filters: bool) -> str:
    """ "2025-01-01 至 2025-06-30 · 省份：浙江" — the period and any filter, for the figure."""
    start, end = request.start.isoformat(), request.end.isoformat()
    text = f"{start} 至 {end}" if lang == "zh" else f"{start} to {end}"
    if with_filters and request.filters.active:
        names = {
            "province": ("省份", "Province"),
            "gender": ("性别", "Gender"),
            "source": ("来源", "Source"),
        }
        for field, (zh, en) in names.items():
            value = getattr(request.filters, field)
            if value is not None:
                text += f" · {zh}：{value}" if lang == "zh" else f" · {en}: {value}"
    return text


def new_figure(width: float = 9.0, height: float = 5.0) -> Figure:
    """An Agg-drawn Figure with the chart font configured; no pyplot, no global state."""
    configure_matplotlib()
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=100, layout="constrained")


def build_chart(session: Session, key: str, request: ChartRequest) -> Figure:
    """The chart ``key`` (see ``CHARTS``) for the request, titled in the UI language."""
    spec = SPECS[key]
    lang = chart_language()
    data = GATHER[key](session, request, lang)
    if key == "tiers":
        figure = new_figure(11.0, 5.0)
        # The left chart's right-hand axis label needs its own gap before the right chart.
        figure.get_layout_engine().set(wspace=0.12)  # type: ignore[union-attr, call-arg]
        axes = list(figure.subplots(1, 2))
    else:
        figure = new_figure()
        axes = [figure.subplots()]
    figure.suptitle(spec.title(lang), fontsize=14)
    axes[0].set_title(range_text(request, lang, spec.uses_filters), fontsize=9, color="#555555")
    _draw(key, axes, data, lang)
    return figure


def build_dashboard(session: Session, request: ChartRequest) -> Figure:
    """The main four charts on one figure, each with its own title."""
    lang = chart_language()
    figure = new_figure(14.0, 9.0)
    zh, en = DASHBOARD_TITLE
    figure.suptitle(f"{zh if lang == 'zh' else en}  {range_text(request, lang, True)}", fontsize=15)
    grid = figure.subplots(2, 2)
    for ax, key in zip(grid.flat, DASHBOARD, strict=True):
        # A quarter of the panel holds about 30 latin characters at this size: longer
        # English titles break onto a second line instead of running off the edge.
        title = SPECS[key].title(lang)
        ax.set_title(textwrap.fill(title, 30) if lang == "en" else title, fontsize=11)
        _draw(key, [ax], GATHER[key](session, request, lang), lang)
    return figure
