"""Starter sets: each kind of shop applies cleanly, twice skips, a clerk is refused."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import AuditEntry, CardType, Tier
from crm_desktop.models.entities.counter import Item
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.services.card_records import CardTypeRecord, TierRecord
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.starter import StarterService
from crm_desktop.models.starter_sets import SHOP_KINDS, starter_set
from crm_desktop.models.store.store import Store


def _count(store: Store, table: type) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def _resave_type(catalog: CatalogService, t: CardTypeRecord) -> None:
    """Save a card type again through the owner's own form path: the catalog rules accept it."""
    catalog.update_card_type(
        t.id, t.name, t.kind, price_fen=t.price_fen, validity_days=t.validity_days,
        count_total=t.count_total, service_name=t.service_name, bonus_rules=t.bonus_rules,
    )


def _resave_tier(catalog: CatalogService, t: TierRecord) -> None:
    catalog.update_tier(
        t.id, t.name, t.rank, price_percent=t.price_percent,
        points_multiplier_percent=t.points_multiplier_percent, rule_kind=t.rule_kind,
        threshold=t.threshold, window_days=t.window_days, benefits=t.benefits,
    )


@pytest.mark.parametrize("kind", SHOP_KINDS)
def test_each_kind_of_shop_applies_cleanly(store: Store, owner: Actor, kind: str) -> None:
    wanted = starter_set(kind, "zh")
    summary = StarterService(store, owner).apply(kind)
    catalog = CatalogService(store, owner)
    types = catalog.list_card_types()
    tiers = catalog.list_tiers()
    assert sorted(t.name for t in types) == sorted(wanted.names("card_types"))
    assert [t.name for t in tiers] == ["普通", "银卡", "金卡"]
    assert [t.price_percent for t in tiers] == [100, 95, 88]
    thresholds = [t.threshold for t in tiers]
    assert thresholds[0] == 0 and thresholds == sorted(thresholds)
    assert _count(store, Item) == len(wanted.items)
    assert summary.created_count == len(wanted.card_types) + 3 + len(wanted.items)
    for card_type in types:
        _resave_type(catalog, card_type)
    for tier in tiers:
        _resave_tier(catalog, tier)
    kinds = {t.kind for t in types}
    assert "stored_value" in kinds and "count" in kinds
    stored = next(t for t in types if t.kind == "stored_value")
    assert (50_000, 8_000) in stored.bonus_rules  # 充500送80
    count = next(t for t in types if t.kind == "count")
    assert count.count_total == 10 and count.service_name
    with store.read() as session:
        items = list(session.scalars(select(Item)))
    assert all(item.price_fen > 0 and item.active for item in items)
    assert any(item.uses_visit for item in items) and any(item.favourite for item in items)


def test_the_salon_card_gives_its_bonus_and_the_gym_has_a_month_card(
    store: Store, owner: Actor
) -> None:
    StarterService(store, owner).apply("salon")
    catalog = CatalogService(store, owner)
    stored = next(t for t in catalog.list_card_types() if t.name == "储值卡")
    customer = CustomerService(store, owner).create(CustomerInput(name="王芳", phone="13900001111"))
    card = CardService(store, owner).issue(customer.id, stored.id, first_topup_fen=100_000)
    assert card.principal_fen == 100_000 and card.bonus_fen == 20_000  # 充1000送200
    regular = next(t for t in catalog.list_tiers() if t.name == "普通")
    other = CustomerService(store, owner).create(CustomerInput(name="李娜", phone="13900002222"))
    member = CardService(store, owner).issue(other.id, stored.id, tier_id=regular.id)
    CardService(store, owner).consume(member.id, 200_000, "cash")  # ¥2,000 in a year: 银卡
    assert CardService(store, owner).get(member.id).tier_name == "银卡"
    StarterService(store, owner).apply("gym", ["card_types"])
    month = next(t for t in catalog.list_card_types() if t.name == "健身月卡")
    assert month.kind == "period" and month.validity_days == 30


def test_applying_twice_skips_what_is_on_file_and_says_which(store: Store, owner: Actor) -> None:
    starter = StarterService(store, owner)
    starter.apply("cafe")
    before = (_count(store, CardType), _count(store, Tier), _count(store, Item))
    again = starter.apply("cafe")
    assert (_count(store, CardType), _count(store, Tier), _count(store, Item)) == before
    assert again.created_count == 0
    assert again.skipped["card_types"] == starter_set("cafe", "zh").names("card_types")
    assert "已有同名的未重复添加：储值卡、咖啡10杯卡、咖啡月卡" in again.text("zh")
    assert "already on file" in again.text("en")


def test_a_shop_with_its_own_tiers_keeps_them_and_gets_the_new_ones_above(
    store: Store, owner: Actor
) -> None:
    catalog = CatalogService(store, owner)
    catalog.create_tier("银卡", 1, price_percent=90)
    catalog.create_tier("VIP", 2, price_percent=80, threshold=500_000)
    summary = StarterService(store, owner).apply("retail", ["tiers"])
    assert summary.skipped["tiers"] == ["银卡"]
    tiers = catalog.list_tiers()
    assert [(t.name, t.rank) for t in tiers] == [("银卡", 1), ("VIP", 2), ("普通", 3), ("金卡", 5)]
    assert next(t for t in tiers if t.name == "银卡").price_percent == 90  # the owner's own
    assert _count(store, CardType) == 0 and _count(store, Item) == 0  # only the part chosen


def test_english_shop_gets_english_names(store: Store, owner: Actor) -> None:
    StarterService(store, owner).apply("cafe", language="en")
    names = {t.name for t in CatalogService(store, owner).list_card_types()}
    assert names == {"Prepaid card", "10 coffees card", "Monthly coffee pass"}
    assert [t.name for t in CatalogService(store, owner).list_tiers()] == [
        "Regular", "Silver", "Gold"]


def test_one_operation_one_audit_entry(store: Store, owner: Actor) -> None:
    StarterService(store, owner).apply("gym")
    with store.read() as session:
        actions = list(session.scalars(select(AuditEntry.action)))
    assert actions.count("starter.apply") == 1
    assert not {"card_type.create", "tier.create"} & set(actions)


def test_a_clerk_is_refused_and_nothing_is_written(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    with pytest.raises(PermissionDenied, match="前台账号无权管理卡种和等级"):
        StarterService(store, clerk).apply("salon")
    with pytest.raises(PermissionDenied):
        StarterService(store, clerk).preview("salon")
    assert _count(store, CardType) == 0 and _count(store, Item) == 0


def test_an_unknown_kind_or_part_is_refused(store: Store, owner: Actor) -> None:
    starter = StarterService(store, owner)
    with pytest.raises(ValidationError, match="请选择店铺类型"):
        starter.apply("bakery")
    with pytest.raises(ValidationError, match="开店模板没有这部分内容"):
        starter.apply("cafe", ["cards"])
    assert _count(store, CardType) == 0


def test_preview_marks_what_is_already_on_file(store: Store, owner: Actor) -> None:
    CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    starter = StarterService(store, owner)
    assert starter.preview("salon").names("tiers") == ["普通", "银卡", "金卡"]
    assert starter.on_file("salon") == {"card_types": ["储值卡"], "tiers": [], "items": []}
