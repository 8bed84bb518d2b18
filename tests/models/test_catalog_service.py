"""Card types, tiers and shop settings: validation, uniqueness, roles, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import AuditEntry, CardType, Customer, Tier
from crm_desktop.models.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def _count(store: Store, table: type) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_owner_creates_stored_value_type_with_sorted_bonus_rules(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    created = catalog.create_card_type(
        " 储值卡 ", "stored_value", price_fen=2000, bonus_rules=[(50000, 8000), (10000, 1000)]
    )
    assert created.name == "储值卡"
    assert created.bonus_rules == ((10000, 1000), (50000, 8000))
    listed = catalog.list_card_types()
    assert [t.name for t in listed] == ["储值卡"]
    assert listed[0].price_fen == 2000


def test_count_card_needs_its_visits_and_period_card_its_days(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    with pytest.raises(ValidationError, match="次卡需要填写包含的次数"):
        catalog.create_card_type("洗车10次", "count", price_fen=30000)
    with pytest.raises(ValidationError, match="期限卡需要填写有效天数"):
        catalog.create_card_type("月卡", "period", price_fen=30000)
    with pytest.raises(ValidationError, match="只有储值卡和综合卡可以设置充值赠送"):
        catalog.create_card_type("积分卡", "points", bonus_rules=[(10000, 1000)])
    with pytest.raises(ValidationError, match="不含次数"):
        catalog.create_card_type("储值", "stored_value", count_total=5)
    assert _count(store, CardType) == 0
    ok = catalog.create_card_type("洗车10次", "count", price_fen=30000, count_total=10,
                                  validity_days=365, service_name="洗车")
    assert (ok.count_total, ok.validity_days, ok.service_name) == (10, 365, "洗车")


def test_bad_bonus_rules_are_refused(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    with pytest.raises(ValidationError, match="赠送金额.*不能超过充值金额"):
        catalog.create_card_type("A", "stored_value", bonus_rules=[(1000, 2000)])
    with pytest.raises(ValidationError, match="同一个充值金额只能有一条赠送规则"):
        catalog.create_card_type("A", "stored_value", bonus_rules=[(1000, 100), (1000, 200)])
    with pytest.raises(ValidationError, match="金额必须大于 0"):
        catalog.create_card_type("A", "stored_value", bonus_rules=[(0, 0)])
    assert _count(store, CardType) == 0


def test_duplicate_name_is_refused_with_the_name(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    catalog.create_card_type("储值卡", "stored_value")
    with pytest.raises(ConflictError, match="已经有名为“储值卡”的卡种了"):
        catalog.create_card_type("储值卡", "points")
    assert _count(store, CardType) == 1


def test_update_card_type_and_kind_is_fixed_once_cards_exist(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    made = catalog.create_card_type("会员卡", "points")
    changed = catalog.update_card_type(made.id, "积分会员卡", "stored_value",
                                       bonus_rules=[(10000, 500)])
    assert (changed.name, changed.kind, changed.bonus_rules) == ("积分会员卡", "stored_value",
                                                                 ((10000, 500),))
    with store.write() as session:
        customer = Customer(name="张三", phone="13800138000")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    CardService(store, owner).issue(customer_id, made.id)
    with pytest.raises(ConflictError, match="不能再改卡种类型"):
        catalog.update_card_type(made.id, "积分会员卡", "points")
    retired = catalog.update_card_type(made.id, "积分会员卡", "stored_value", active=False)
    assert retired.active is False
    assert catalog.list_card_types() == []
    assert [t.id for t in catalog.list_card_types(include_inactive=True)] == [made.id]
    with pytest.raises(NotFound, match="找不到这个卡种"):
        catalog.update_card_type(9999, "X", "points")


def test_tiers_ordered_by_rank_with_unique_rank(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    catalog.create_tier("金卡", 2, price_percent=88, points_multiplier_percent=150,
                        threshold=500000, benefits="生日双倍积分")
    catalog.create_tier("普通", 0)
    catalog.create_tier("银卡", 1, price_percent=95)
    assert [t.name for t in catalog.list_tiers()] == ["普通", "银卡", "金卡"]
    with pytest.raises(ConflictError, match="等级顺序 1 已被“银卡”使用"):
        catalog.create_tier("铜卡", 1)
    with pytest.raises(ValidationError, match="折扣（按原价百分比）应为 1 到 100"):
        catalog.create_tier("钻石", 3, price_percent=120)
    with pytest.raises(ValidationError, match="升级规则应为按消费金额或按积分"):
        catalog.create_tier("钻石", 3, rule_kind="age")
    assert _count(store, Tier) == 3
    gold = catalog.list_tiers()[2]
    updated = catalog.update_tier(gold.id, "金卡", 2, price_percent=85)
    assert updated.price_percent == 85
    assert updated.points_multiplier_percent == 100  # a full replacement, as documented


def test_clerk_and_accountant_read_but_cannot_change_the_catalog(
    store: Store, owner: Actor, clerk: Actor, accountant: Actor
) -> None:
    CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    audit_before = _count(store, AuditEntry)
    for actor, role in ((clerk, "前台"), (accountant, "会计")):
        catalog = CatalogService(store, actor)
        assert [t.name for t in catalog.list_card_types()] == ["储值卡"]
        assert catalog.settings().shop_name == "测试小店"
        with pytest.raises(PermissionDenied, match=f"{role}账号无权管理卡种和等级"):
            catalog.create_card_type("积分卡", "points")
        with pytest.raises(PermissionDenied, match=f"{role}账号无权管理卡种和等级"):
            catalog.create_tier("金卡", 1)
        with pytest.raises(PermissionDenied, match=f"{role}账号无权修改店铺设置"):
            catalog.update_settings({"shop_name": "别的店"})
    assert _count(store, CardType) == 1
    assert _count(store, AuditEntry) == audit_before


def test_settings_defaults_and_owner_update(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    current = catalog.settings()
    assert (current.card_number_prefix, current.card_number_length) == ("8", 12)
    assert (current.points_per_yuan, current.points_per_yuan_redeemed) == (1, 100)
    audit_before = _count(store, AuditEntry)
    updated = catalog.update_settings({
        "shop_name": "  花店 ", "shop_phone": "0755 1234 5678", "idle_lock_minutes": "15",
        "points_per_yuan": 2, "card_number_prefix": "66", "card_number_length": 10,
    })
    assert updated.shop_name == "花店"
    assert updated.shop_phone == "0755-12345678"
    assert updated.idle_lock_minutes == 15
    assert (updated.points_per_yuan, updated.card_number_prefix) == (2, "66")
    assert store.setting("idle_lock_minutes") == 15
    assert _count(store, AuditEntry) == audit_before + 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"idle_lock_minutes": 0}, "自动锁定时间（分钟）应为 1 到 240 之间的整数"),
        ({"idle_lock_minutes": "十"}, "自动锁定时间"),
        ({"shop_phone": "12345"}, "电话号码不正确"),
        ({"card_number_prefix": "AB"}, "卡号前缀只能是数字"),
        ({"card_number_prefix": "123456", "card_number_length": 10}, "放不下前缀"),
        ({"points_per_yuan_redeemed": 0}, "每元抵扣所需积分应为 1 到 100000"),
        ({"colour": "red"}, "没有这个设置项：colour"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(
    store: Store, owner: Actor, changes: dict[str, object], message: str
) -> None:
    catalog = CatalogService(store, owner)
    before = catalog.settings()
    with pytest.raises(ValidationError, match=message):
        catalog.update_settings({"shop_name": "新名字", **changes})
    assert catalog.settings() == before


def test_english_messages_when_switched(store: Store, owner: Actor) -> None:
    from crm_desktop.models.language import set_language

    set_language("en")
    with pytest.raises(ValidationError, match="A count card needs the number of visits"):
        CatalogService(store, owner).create_card_type("Wash x10", "count")


def test_the_log_names_the_card_type_and_tier_created(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    catalog.create_card_type("洗车10次", "count", price_fen=30000, count_total=10)
    catalog.create_tier("铂金", 4)
    with store.read() as session:
        rows = session.execute(
            select(AuditEntry.entity, AuditEntry.after).where(
                AuditEntry.entity.in_(("card_type", "tier")))
        ).all()
    # A card type or tier is the shop's own word, not a person's name: the log may show it.
    assert {entity: '"name": ' in after and ("洗车10次" in after or "铂金" in after)
            for entity, after in rows} == {"card_type": True, "tier": True}
