"""Drawing the sales-by-category chart: bars stacked by category per day or month, in yuan.

Only called through ``charts`` (which configures matplotlib and the CJK font first).
A period where refunds outweigh sales stacks that category below zero.
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter

from crm_desktop.models.services.sales_report import NO_CATEGORY, NO_ITEMS
from crm_desktop.reports.chart_data import ChartData
from crm_desktop.reports.data_sales import OTHERS
from crm_desktop.reports.draw import COLOURS, say

_NAMES = {
    NO_ITEMS: ("（无明细）", "(no items)"),
    NO_CATEGORY: ("（未分类）", "(no category)"),
    OTHERS: ("其他类别", "Other categories"),
    "day": ("日期", "Date"),
    "net": ("净销售额（元）", "Net sales (yuan)"),
}


def series_name(key: str, lang: str) -> str:
    """A category as the legend shows it (placeholders in the chart language)."""
    pair = _NAMES.get(key)
    if pair is None:
        return key
    return pair[0] if lang == "zh" else pair[1]


def draw_sales_by_category(ax: Axes, data: ChartData, lang: str) -> None:
    x = list(range(len(data.labels)))
    up = [0.0] * len(x)
    down = [0.0] * len(x)
    for i, s in enumerate(data.series):
        yuan = [v / 100 for v in s.values]
        bottoms = [down[j] if v < 0 else up[j] for j, v in enumerate(yuan)]
        ax.bar(x, yuan, bottom=bottoms, color=COLOURS[i % len(COLOURS)],
               label=series_name(s.key, lang))
        for j, v in enumerate(yuan):
            if v < 0:
                down[j] += v
            else:
                up[j] += v
    by_day = bool(data.labels) and len(data.labels[0]) == 10
    step = max(1, (len(x) + 11) // 12)
    shown = [label[5:] if by_day else label for label in data.labels]
    ax.set_xticks(x[::step], shown[::step])
    ax.tick_params(axis="x", labelrotation=45 if len(x) > 6 else 0, labelsize=8)
    ax.set_xlabel(series_name("day", lang) if by_day else say("month", lang))
    ax.set_ylabel(series_name("net", lang))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    ax.set_ylim(min([0.0, *down]) * 1.12, max([0.0, *up]) * 1.12 or 1.0)
    if not data.has_data:
        ax.text(0.5, 0.5, say("no_data", lang), ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
    elif data.series:
        ax.legend(fontsize=8, frameon=False, loc="upper left", ncols=2)
