"""Starting sets for a new shop (开店模板): card types, tiers and items per kind of shop.

Pure data and words, no database: ``starter_set(kind, language)`` gives what
``StarterService`` would create for a hair salon, a gym, a café or a small
shop, named in the shop's language. Prices are typical list prices of a
Chinese city shop, in fen; the owner edits them afterwards like any other.
"""

from __future__ import annotations

from dataclasses import dataclass

from crm_desktop.models.language import current_language

SHOP_KINDS = ("salon", "gym", "cafe", "retail")
SHOP_KIND_NAMES: dict[str, tuple[str, str]] = {
    "salon": ("美容美发", "Hair and beauty salon"),
    "gym": ("健身", "Gym"),
    "cafe": ("咖啡/茶饮", "Café or tea shop"),
    "retail": ("零售", "Retail shop"),
}
# The parts an owner may take or leave, in the order they are created.
PARTS = ("card_types", "tiers", "items")
PART_NAMES: dict[str, tuple[str, str]] = {
    "card_types": ("卡种", "card types"),
    "tiers": ("等级", "tiers"),
    "items": ("服务/商品", "items"),
}

Words = tuple[str, str]  # (Chinese, English)


@dataclass(frozen=True)
class StarterCardType:
    name: str
    kind: str
    price_fen: int
    validity_days: int | None
    count_total: int
    service_name: str | None
    bonus_rules: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class StarterTier:
    name: str
    rank: int
    price_percent: int
    points_multiplier_percent: int
    threshold_fen: int  # spend over the last 365 days
    benefits: str


@dataclass(frozen=True)
class StarterItem:
    name: str
    category: str
    price_fen: int
    uses_visit: bool
    favourite: bool


@dataclass(frozen=True)
class StarterSet:
    kind: str
    card_types: tuple[StarterCardType, ...]
    tiers: tuple[StarterTier, ...]
    items: tuple[StarterItem, ...]

    def names(self, part: str) -> list[str]:
        """The names of one part's rows, in order."""
        rows: tuple[StarterCardType | StarterTier | StarterItem, ...] = getattr(self, part)
        return [row.name for row in rows]


# (name, kind, price, validity days, visits, service, bonus rules (pay, bonus) in fen)
_CardRow = tuple[Words, str, int, int | None, int, Words | None, tuple[tuple[int, int], ...]]
# (name, category, price, uses a visit, favourite)
_ItemRow = tuple[Words, Words, int, bool, bool]

_STORED = ("储值卡", "Prepaid card")
_CARDS: dict[str, tuple[_CardRow, ...]] = {
    "salon": (
        (_STORED, "stored_value", 0, None, 0, None,
         ((50_000, 8_000), (100_000, 20_000), (200_000, 50_000))),
        (("洗剪吹10次卡", "10 cuts card"), "count", 58_000, 365, 10,
         ("洗剪吹", "Wash, cut and blow-dry"), ()),
        (("洗吹护理月卡", "Monthly wash and style pass"), "period", 29_900, 30, 0,
         ("洗发吹造型", "Wash and blow-dry"), ()),
    ),
    "gym": (
        (_STORED, "stored_value", 0, None, 0, None, ((50_000, 8_000), (100_000, 20_000))),
        (("私教10次卡", "10 personal training sessions"), "count", 300_000, 365, 10,
         ("私教课", "Personal training session"), ()),
        (("健身月卡", "Monthly membership"), "period", 29_900, 30, 0,
         ("器械区与团课", "Gym floor and group classes"), ()),
    ),
    "cafe": (
        (_STORED, "stored_value", 0, None, 0, None,
         ((20_000, 3_000), (50_000, 8_000), (100_000, 20_000))),
        (("咖啡10杯卡", "10 coffees card"), "count", 25_000, 180, 10,
         ("中杯美式或拿铁", "Regular americano or latte"), ()),
        (("咖啡月卡", "Monthly coffee pass"), "period", 39_900, 30, 0,
         ("每日一杯美式", "One americano a day"), ()),
    ),
    "retail": (
        (_STORED, "stored_value", 0, None, 0, None, ((50_000, 8_000), (100_000, 20_000))),
        (("送货上门10次卡", "10 home deliveries card"), "count", 5_000, 365, 10,
         ("送货上门", "Home delivery"), ()),
        (("积分卡", "Points card"), "points", 0, None, 0, None, ()),
    ),
}

# (spend for 银卡, spend for 金卡) over a year, in fen
_THRESHOLDS = {
    "salon": (200_000, 800_000),
    "gym": (300_000, 1_000_000),
    "cafe": (50_000, 200_000),
    "retail": (100_000, 500_000),
}

_ITEMS: dict[str, tuple[_ItemRow, ...]] = {
    "salon": (
        (("洗剪吹", "Wash, cut and blow-dry"), ("剪发", "Cuts"), 6_800, True, True),
        (("男士快剪", "Men's quick cut"), ("剪发", "Cuts"), 3_800, False, True),
        (("烫发", "Perm"), ("烫染", "Perm and colour"), 38_800, False, True),
        (("染发", "Hair colour"), ("烫染", "Perm and colour"), 32_800, False, False),
        (("头皮护理", "Scalp care"), ("护理", "Care"), 19_800, False, False),
        (("洗护套装", "Shampoo and conditioner set"), ("商品", "Products"), 12_800, False, False),
    ),
    "gym": (
        (("私教课", "Personal training session"), ("课程", "Classes"), 30_000, True, True),
        (("团课单次", "Group class"), ("课程", "Classes"), 5_000, False, True),
        (("单次入场", "Day pass"), ("入场", "Entry"), 4_000, False, True),
        (("体测评估", "Body assessment"), ("课程", "Classes"), 5_000, False, False),
        (("蛋白奶昔", "Protein shake"), ("饮品", "Drinks"), 2_500, False, False),
        (("毛巾租用", "Towel hire"), ("其他", "Other"), 500, False, False),
    ),
    "cafe": (
        (("美式咖啡", "Americano"), ("咖啡", "Coffee"), 2_200, True, True),
        (("拿铁", "Latte"), ("咖啡", "Coffee"), 2_800, True, True),
        (("卡布奇诺", "Cappuccino"), ("咖啡", "Coffee"), 2_800, False, True),
        (("手冲咖啡", "Pour-over coffee"), ("咖啡", "Coffee"), 3_800, False, False),
        (("柠檬茶", "Lemon tea"), ("茶饮", "Tea"), 2_000, False, True),
        (("可颂", "Croissant"), ("烘焙", "Bakery"), 1_800, False, False),
        (("芝士蛋糕", "Cheesecake"), ("烘焙", "Bakery"), 3_200, False, False),
    ),
    "retail": (
        (("矿泉水", "Mineral water"), ("饮料", "Drinks"), 200, False, True),
        (("抽纸（3包）", "Tissues (3 packs)"), ("日用品", "Household"), 1_290, False, True),
        (("洗衣液 2kg", "Laundry liquid 2 kg"), ("日用品", "Household"), 3_990, False, False),
        (("大米 5kg", "Rice 5 kg"), ("粮油", "Rice and oil"), 4_990, False, True),
        (("食用油 5L", "Cooking oil 5 L"), ("粮油", "Rice and oil"), 6_990, False, False),
        (("送货上门", "Home delivery"), ("服务", "Services"), 500, True, False),
    ),
}


def _say(words: Words, language: str) -> str:
    return words[0] if language == "zh" else words[1]


def _tiers(kind: str, language: str) -> tuple[StarterTier, ...]:
    silver, gold = _THRESHOLDS[kind]
    zh = language == "zh"
    return (
        StarterTier("普通" if zh else "Regular", 1, 100, 100, 0,
                    "消费积分" if zh else "Points on every purchase"),
        StarterTier("银卡" if zh else "Silver", 2, 95, 120, silver,
                    "95折，积分1.2倍" if zh else "5% off, 1.2× points"),
        StarterTier("金卡" if zh else "Gold", 3, 88, 150, gold,
                    "88折，积分1.5倍，生日礼" if zh else "12% off, 1.5× points, a birthday gift"),
    )


def starter_set(kind: str, language: str | None = None) -> StarterSet:
    """The set for ``kind`` (one of SHOP_KINDS), named in ``language`` (the current one)."""
    if kind not in SHOP_KINDS:
        raise KeyError(kind)
    lang = language or current_language()
    cards = tuple(
        StarterCardType(_say(name, lang), card_kind, price, validity, visits,
                        _say(service, lang) if service else None, rules)
        for name, card_kind, price, validity, visits, service, rules in _CARDS[kind]
    )
    items = tuple(
        StarterItem(_say(name, lang), _say(category, lang), price, uses_visit, favourite)
        for name, category, price, uses_visit, favourite in _ITEMS[kind]
    )
    return StarterSet(kind, cards, _tiers(kind, lang), items)


def shop_kind_name(kind: str, language: str | None = None) -> str:
    """The kind of shop in words."""
    return _say(SHOP_KIND_NAMES[kind], language or current_language())


def part_name(part: str, language: str | None = None) -> str:
    """One part of a set (card types, tiers, items) in words."""
    return _say(PART_NAMES[part], language or current_language())
