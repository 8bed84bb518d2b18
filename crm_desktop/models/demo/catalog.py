"""What the demo shop (a car-care shop) sells: card types, tiers, tags and items.

The rows are written through the bulk writer, in the same transaction as the
customers, in the form the catalog service stores them (bonus rules as JSON).
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.models.bulk_rows import RowBuffer
from crm_desktop.models.rules.card_rules import BonusRule, bonus_rules_to_json


@dataclass(frozen=True)
class DemoCardType:
    id: int
    name: str
    kind: str
    price_fen: int
    validity_days: int | None
    count_total: int
    service_name: str | None
    bonus_rules: tuple[BonusRule, ...]


@dataclass(frozen=True)
class DemoTier:
    id: int
    name: str
    rank: int
    price_percent: int
    points_multiplier_percent: int
    threshold_fen: int


@dataclass(frozen=True)
class DemoCatalog:
    stored_value: DemoCardType
    points: DemoCardType
    count: DemoCardType
    period: DemoCardType
    tiers: tuple[DemoTier, ...]  # by rank, lowest first
    tag_ids: tuple[int, ...]


# (name, kind, price_fen, validity_days, count_total, service_name, bonus rules)
CARD_TYPES = (
    ("储值卡", "stored_value", 0, None, 0, None, ((10_000, 1_000), (50_000, 8_000))),
    ("积分卡", "points", 0, None, 0, None, ()),
    ("10次洗车卡", "count", 30_000, 365, 10, "普通洗车", ()),
    ("月卡", "period", 19_900, 30, 0, "不限次洗车", ()),
)
# (name, rank, price_percent, points multiplier %, spend threshold in fen, benefits)
TIERS = (
    ("普通", 1, 100, 100, 0, "消费积分"),
    ("银卡", 2, 95, 120, 200_000, "95折，积分1.2倍"),
    ("金卡", 3, 90, 150, 800_000, "9折，积分1.5倍，生日赠送精洗一次"),
    ("钻石", 4, 85, 200, 2_000_000, "85折，积分2倍，专属客户经理，免费道路救援"),
)
TAGS = (
    "新车车主", "二手车", "家庭用车", "商务用车", "网约车司机", "新能源车", "豪华车",
    "越野爱好者", "自驾游", "亲子家庭", "宠物随车", "价格敏感", "注重品质", "注重服务",
    "周末客", "夜间客", "团购客户", "老客户介绍",
)
# (item, list price in fen, weight) for sales of the demo shop
ITEMS = (
    ("普通洗车", 3_500, 40), ("精致洗车", 6_800, 15), ("打蜡", 18_000, 8),
    ("内饰清洁", 26_000, 6), ("小保养", 48_000, 8), ("大保养", 98_000, 3),
    ("镀晶", 128_000, 2), ("更换轮胎", 65_000, 3), ("玻璃水", 2_500, 7),
    ("车载香薰", 8_800, 4), ("脚垫", 12_000, 4),
)


def write_catalog(writer: RowBuffer, existing_tags: dict[str, int]) -> DemoCatalog:
    """Add the demo card types, tiers and tags (reusing tags of the same name); with ids."""
    types = []
    for name, kind, price, validity, count, service, rules in CARD_TYPES:
        type_id = writer.reserve("card_types")
        writer.add("card_types", (type_id, name, kind, price, validity, count, service,
                                  bonus_rules_to_json(rules), True))
        types.append(DemoCardType(type_id, name, kind, price, validity, count, service, rules))
    tiers = []
    for name, rank, percent, multiplier, threshold, benefits in TIERS:
        tier_id = writer.reserve("tiers")
        writer.add("tiers", (tier_id, name, rank, percent, multiplier, "spend", threshold, 365,
                             benefits, True))
        tiers.append(DemoTier(tier_id, name, rank, percent, multiplier, threshold))
    tag_ids = []
    for tag in TAGS:
        tag_id = existing_tags.get(tag)
        if tag_id is None:
            tag_id = writer.reserve("tags")
            writer.add("tags", (tag_id, tag))
        tag_ids.append(tag_id)
    return DemoCatalog(types[0], types[1], types[2], types[3], tuple(tiers), tuple(tag_ids))
