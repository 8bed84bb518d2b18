"""Drawing each chart onto a matplotlib Axes, with labels in the chart language; money in yuan.

Only called through ``charts`` (which configures matplotlib and the CJK font first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

from crm_desktop.models.analytics.lifecycle import STAGE_KEYS, STAGE_NAMES
from crm_desktop.models.payment_words import PAYMENT_LABELS
from crm_desktop.reports.chart_data import ChartData

Text = tuple[str, str]

LABELS: dict[str, Text] = {
    "month": ("月份", "Month"),
    "people": ("人数", "Customers"),
    "yuan": ("金额（元）", "Amount (yuan)"),
    "no_data": ("所选时间内暂无数据", "No data in the chosen period"),
    "new": ("新会员", "New members"),
    **PAYMENT_LABELS,
    "principal": ("本金", "Paid-in"),
    "bonus": ("赠送", "Bonus"),
    "members": ("会员数", "Members"),
    "spend": ("消费额（元）", "Spend (yuan)"),
    "tier": ("等级", "Tier"),
    "upgrades": ("升级", "Upgrades"),
    "downgrades": ("降级", "Downgrades"),
    "changes": ("次数", "Changes"),
    "customers": ("客户数", "Customers"),
    "share_of_spend": ("消费占比（%）", "Share of spend (%)"),
    "share_note": ("条形右侧为消费占比", "share of spend beside each bar"),
    "F": ("女", "Female"),
    "M": ("男", "Male"),
    "?": ("未知", "Unknown"),
    "…": ("其他", "Others"),
    "age_band": ("年龄段", "Age band"),
    "region": ("地区", "Region"),
    "province": ("按省份", "by province"),
    "city": ("按城市", "by city"),
    "district": ("按区县", "by district"),
    "complaints": ("投诉数", "Complaints"),
    "resolution_days": ("平均解决天数", "Mean days to resolve"),
    "satisfaction": ("平均满意度（1–5）", "Mean satisfaction (1–5)"),
    "nps": ("净推荐值 NPS", "Net promoter score"),
}
COLOURS = ("#4E79A7", "#F28E2B", "#59A14F", "#E15759", "#76B7B2", "#EDC948", "#B07AA1", "#9C755F")


def say(key: str, lang: str) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def _yuan_axis(ax: Axes) -> None:
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def _count_axis(ax: Axes) -> None:
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def _months_axis(ax: Axes, labels: Sequence[str], lang: str) -> None:
    step = max(1, (len(labels) + 11) // 12)
    positions = list(range(len(labels)))
    ax.set_xticks(positions[::step], [labels[i] for i in positions[::step]])
    ax.tick_params(axis="x", labelrotation=45 if len(labels) > 6 else 0, labelsize=8)
    ax.set_xlabel(say("month", lang))


def _empty(ax: Axes, data: ChartData, lang: str) -> bool:
    if data.has_data:
        return False
    ax.text(0.5, 0.5, say("no_data", lang), ha="center", va="center", transform=ax.transAxes)
    ax.set_yticks([])
    return True


def _legend(ax: Axes, *more: Any) -> None:
    handles, labels = ax.get_legend_handles_labels()
    for other in more:
        h, lab = other.get_legend_handles_labels()
        handles += h
        labels += lab
    if handles:
        ax.legend(handles, labels, fontsize=8, frameon=False)


def draw_new_members(ax: Axes, data: ChartData, lang: str) -> None:
    x = range(len(data.labels))
    ax.bar(x, data.values_of("new"), color=COLOURS[0], label=say("new", lang))
    _months_axis(ax, data.labels, lang)
    ax.set_ylabel(say("people", lang))
    _count_axis(ax)
    _empty(ax, data, lang)


def draw_takings(ax: Axes, data: ChartData, lang: str) -> None:
    x = range(len(data.labels))
    bottom = [0.0] * len(data.labels)
    for i, s in enumerate(data.series):
        yuan = [v / 100 for v in s.values]
        if any(yuan):
            ax.bar(x, yuan, bottom=bottom, color=COLOURS[i], label=say(s.key, lang))
            bottom = [b + v for b, v in zip(bottom, yuan, strict=True)]
    _months_axis(ax, data.labels, lang)
    ax.set_ylabel(say("yuan", lang))
    _yuan_axis(ax)
    # Stacked bars pin autoscaling at their bases; leave headroom above the tallest stack.
    # Room for the legend in two columns above the bars, so it never covers a month.
    ax.set_ylim(min(0.0, *bottom), max(bottom or [0.0]) * 1.4 or 1.0)
    if not _empty(ax, data, lang):
        ax.legend(fontsize=8, frameon=False, loc="upper left", ncols=2)


def draw_liability(ax: Axes, data: ChartData, lang: str) -> None:
    x = list(range(len(data.labels)))
    paid = [v / 100 for v in data.values_of("principal")]
    bonus = [v / 100 for v in data.values_of("bonus")]
    ax.stackplot(
        x, paid, bonus, colors=COLOURS[:2], labels=[say("principal", lang), say("bonus", lang)]
    )
    _months_axis(ax, data.labels, lang)
    ax.set_ylabel(say("yuan", lang))
    _yuan_axis(ax)
    # The layers fill the plot to its top: headroom keeps the legend off them, and side by
    # side, above the area, the blue "Paid-in" swatch never sits on blue.
    top = max((p + b for p, b in zip(paid, bonus, strict=True)), default=0.0)
    ax.set_ylim(0, top * 1.25 or 1.0)
    if not _empty(ax, data, lang):
        ax.legend(fontsize=8, frameon=False, loc="upper left", ncols=2)


def draw_tiers(ax: Axes, data: ChartData, lang: str) -> None:
    x = list(range(len(data.labels)))
    width = 0.4
    ax.bar(
        [i - width / 2 for i in x],
        data.values_of("members"),
        width,
        color=COLOURS[0],
        label=say("members", lang),
    )
    ax.set_ylabel(say("members", lang))
    _count_axis(ax)
    ax.set_xticks(x, list(data.labels))
    ax.set_xlabel(say("tier", lang))
    spend_ax = ax.twinx()
    spend_ax.bar(
        [i + width / 2 for i in x],
        [v / 100 for v in data.values_of("spend")],
        width,
        color=COLOURS[1],
        label=say("spend", lang),
    )
    spend_ax.set_ylabel(say("spend", lang))
    _yuan_axis(spend_ax)
    # Room above the bars for the legend, drawn by the twin axes that sit on top.
    ax.margins(y=0.25)
    spend_ax.margins(y=0.25)
    if not _empty(ax, data, lang):
        _legend(spend_ax, ax)


def draw_tier_moves(ax: Axes, data: ChartData, lang: str) -> None:
    x = list(range(len(data.labels)))
    width = 0.4
    ax.bar([i - width / 2 for i in x], data.values_of("upgrades"), width, color=COLOURS[2])
    ax.bar([i + width / 2 for i in x], data.values_of("downgrades"), width, color=COLOURS[3])
    ax.containers[0].set_label(say("upgrades", lang))
    ax.containers[1].set_label(say("downgrades", lang))
    _months_axis(ax, data.labels, lang)
    ax.set_ylabel(say("changes", lang))
    _count_axis(ax)
    if not _empty(ax, data, lang):
        _legend(ax)


def draw_segments(ax: Axes, data: ChartData, lang: str) -> None:
    y = list(range(len(data.labels)))
    ax.barh(y, data.values_of("customers"), color=COLOURS[0], label=say("customers", lang))
    ax.set_yticks(y, list(data.labels))
    ax.tick_params(axis="y", labelsize=8)
    ax.invert_yaxis()
    ax.set_xlabel(say("customers", lang))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    share = data.values_of("share_of_spend")
    for i, (n, pct) in enumerate(zip(data.values_of("customers"), share, strict=True)):
        ax.annotate(
            f"{pct:.1f}%",
            (n, i),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=8,
            color="#555555",
        )
    ax.set_xlim(right=max(data.values_of("customers") or (1,)) * 1.2 or 1)
    ax.set_xlabel(f"{say('customers', lang)} · {say('share_note', lang)}")
    _empty(ax, data, lang)


def draw_age_gender(ax: Axes, data: ChartData, lang: str) -> None:
    x = list(range(len(data.labels)))
    width = 0.8 / max(len(data.series), 1)
    for i, s in enumerate(data.series):
        offset = (i - (len(data.series) - 1) / 2) * width
        ax.bar([p + offset for p in x], s.values, width, color=COLOURS[i], label=say(s.key, lang))
    ax.set_xticks(x, [say("?", lang) if b == "?" else b for b in data.labels])
    ax.set_xlabel(say("age_band", lang))
    ax.set_ylabel(say("people", lang))
    _count_axis(ax)
    if not _empty(ax, data, lang):
        _legend(ax)


def draw_region(ax: Axes, data: ChartData, lang: str) -> None:
    y = list(range(len(data.labels)))
    ax.barh(y, data.values_of("customers"), color=COLOURS[4])
    ax.set_yticks(y, [say(r, lang) if r in ("?", "…") else r for r in data.labels])
    ax.invert_yaxis()
    # The place names say what the rows are; the level, and the place zoomed into, go under
    # the bars rather than in a sideways "地区" beside the names.
    where = f"{'/'.join(data.scope)} · " if data.scope else ""
    ax.set_xlabel(f"{say('people', lang)} · {where}{say(data.level or 'province', lang)}")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    _empty(ax, data, lang)


def draw_lifecycle(ax: Axes, data: ChartData, lang: str) -> None:
    x = list(range(len(data.labels)))
    names = STAGE_NAMES[lang]
    layers = [data.values_of(key) for key in STAGE_KEYS]
    ax.stackplot(x, *layers, colors=COLOURS[: len(layers)], labels=list(names))
    _months_axis(ax, data.labels, lang)
    ax.set_ylabel(say("people", lang))
    _count_axis(ax)
    if not _empty(ax, data, lang):
        ax.legend(fontsize=7, frameon=False, loc="upper left", ncols=3)


def _bars_and_line(ax: Axes, data: ChartData, lang: str, bar_key: str, line_key: str) -> Axes:
    x = list(range(len(data.labels)))
    ax.bar(x, data.values_of(bar_key), color=COLOURS[0], label=say(bar_key, lang))
    ax.set_ylabel(say(bar_key, lang))
    _months_axis(ax, data.labels, lang)
    other = ax.twinx()
    other.plot(x, data.values_of(line_key), color=COLOURS[3], marker="o", label=say(line_key, lang))
    other.set_ylabel(say(line_key, lang))
    ax.margins(y=0.2)
    if not _empty(ax, data, lang):
        _legend(other, ax)
    return other


def draw_complaints(ax: Axes, data: ChartData, lang: str) -> None:
    days_ax = _bars_and_line(ax, data, lang, "complaints", "resolution_days")
    _count_axis(ax)
    days_ax.set_ylim(bottom=0)


def draw_satisfaction(ax: Axes, data: ChartData, lang: str) -> None:
    _bars_and_line(ax, data, lang, "satisfaction", "nps")
    ax.set_ylim(0, 5)
