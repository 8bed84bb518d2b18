"""The shop's list of services and products: the owner keeps it, the counter finds items in it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.entities.counter import Item
from crm_desktop.models.errors import ConflictError, PermissionDenied, ValidationError
from crm_desktop.models.services.item_records import ItemInput
from crm_desktop.models.services.items import ItemService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def _count(store: Store, table: type) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_owner_builds_the_list_and_the_counter_finds_items(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    items = ItemService(store, owner)
    cut = items.create(ItemInput("洗剪吹", "美发", 5000, uses_visit=True, favourite=True))
    shampoo = items.create(ItemInput("洗发水", "商品", 8800, barcode="６９０１２３４５６７８９２"))
    items.create(ItemInput("周末烫发", "美发", 38800))
    assert (cut.name, cut.category, cut.price_fen, cut.uses_visit, cut.version) == (
        "洗剪吹", "美发", 5000, True, 1)
    assert shampoo.barcode == "6901234567892"  # full-width digits from a phone keyboard
    counter = ItemService(store, clerk)
    assert [i.name for i in counter.list()] == ["洗发水", "周末烫发", "洗剪吹"]
    assert [i.name for i in counter.favourites()] == ["洗剪吹"]
    assert counter.by_barcode("6901234567892") == shampoo
    assert counter.by_barcode("000") is None and counter.by_barcode("条码") is None
    assert {i.name for i in counter.search("洗")} == {"洗发水", "洗剪吹"}
    assert [i.name for i in counter.search("烫")] == ["周末烫发"]
    assert [i.name for i in counter.search("xjc")] == ["洗剪吹"]  # pinyin initials
    assert [i.name for i in counter.search("690123")] == ["洗发水"]  # barcode start
    assert {i.name for i in counter.search("美发")} == {"洗剪吹", "周末烫发"}
    assert counter.search("   ") == []
    assert len(counter.search("洗", limit=1)) == 1
    assert _count(store, AuditEntry) >= 3


def test_edit_with_a_stale_version_is_refused_and_retired_items_leave_the_counter(
    store: Store, owner: Actor
) -> None:
    items = ItemService(store, owner)
    cut = items.create(ItemInput("剪发", "美发", 3000))
    newer = items.update(cut.id, ItemInput("剪发", "美发", 3500), cut.version)
    assert (newer.price_fen, newer.version) == (3500, 2)
    with pytest.raises(ConflictError, match="“剪发”在您打开之后已被修改过"):
        items.update(cut.id, ItemInput("剪发", "美发", 9900), cut.version)
    assert items.get(cut.id).price_fen == 3500
    retired = items.set_active(cut.id, False)
    assert not retired.active
    assert items.list() == [] and items.search("剪发") == []
    assert [i.name for i in items.list(include_inactive=True)] == ["剪发"]
    assert items.set_active(cut.id, True).active


def test_bad_input_and_taken_barcode_are_refused_with_a_sentence(
    store: Store, owner: Actor
) -> None:
    items = ItemService(store, owner)
    items.create(ItemInput("洗发水", "商品", 8800, barcode="6901234567892"))
    before = _count(store, Item)
    with pytest.raises(ConflictError, match="条码 6901234567892 已经用在“洗发水”上了"):
        items.create(ItemInput("护发素", "商品", 6800, barcode="6901234567892"))
    with pytest.raises(ValidationError, match="请填写服务或商品的名称"):
        items.create(ItemInput("  ", "商品", 100))
    with pytest.raises(ValidationError, match="最多 100 个字"):
        items.create(ItemInput("洗" * 101, "商品", 100))
    with pytest.raises(ValidationError, match="最多 40 个字"):
        items.create(ItemInput("洗发", "类" * 41, 100))
    with pytest.raises(ValidationError, match="金额不能是负数"):
        items.create(ItemInput("洗发", "商品", -1))
    with pytest.raises(ValidationError, match="条码只能包含数字和字母"):
        items.create(ItemInput("洗发", "商品", 100, barcode="69-01"))
    with pytest.raises(ValidationError, match="条码只能包含数字和字母"):
        items.create(ItemInput("洗发", "商品", 100, barcode="1" * 41))
    assert _count(store, Item) == before


def test_only_the_owner_changes_the_list(store: Store, owner: Actor, clerk: Actor,
                                        accountant: Actor) -> None:
    item = ItemService(store, owner).create(ItemInput("剪发", "美发", 3000))
    for actor in (clerk, accountant):
        with pytest.raises(PermissionDenied):
            ItemService(store, actor).create(ItemInput("染发", "美发", 9000))
        with pytest.raises(PermissionDenied):
            ItemService(store, actor).set_active(item.id, False)
        assert [i.name for i in ItemService(store, actor).list()] == ["剪发"]
