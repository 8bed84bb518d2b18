"""A merged customer (folded into another, kept so the merge can be undone) is never a search
result nor a row of the customer list, in any order or page; opening it by id still works."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from crm_desktop.models import search_index
from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Card, CardType, Customer
from crm_desktop.models.services.customer_query import SMALL_SET
from crm_desktop.models.services.customer_records import CustomerInput, SearchPage
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def _merge_in_file(store: Store, other: int, keep: int) -> None:
    """What a merge leaves behind in the file: the other customer marked merged into keep."""
    with store.write() as session:
        customer = session.get(Customer, other)
        assert customer is not None
        customer.status, customer.merged_into = "merged", keep


def _ids(pages: list[SearchPage]) -> list[int]:
    return [hit.id for page in pages for hit in page.hits]


def _walk(search: CustomerSearch, query: str = "", **kw: object) -> list[SearchPage]:
    pages = [search.find(query, **kw)]  # type: ignore[arg-type]
    while pages[-1].next_cursor is not None:
        pages.append(search.find(query, cursor=pages[-1].next_cursor, **kw))  # type: ignore[arg-type]
    return pages


@pytest.fixture
def pair(store: Store, owner: Actor) -> tuple[int, int]:
    service = CustomerService(store, owner)
    keep = service.create(CustomerInput(name="张三", phone="13800138000")).id
    other = service.create(CustomerInput(name="张三丰", phone="13900139000")).id
    with store.write() as session:
        kind = CardType(name="储值卡", kind="stored_value")
        session.add(kind)
        session.flush()
        session.add(Card(number="880000000017", customer_id=other, card_type_id=kind.id,
                         status="active"))
    _merge_in_file(store, other, keep)
    return keep, other


def test_a_merged_customer_is_in_no_list_and_no_search(
    store: Store, clerk: Actor, pair: tuple[int, int]
) -> None:
    keep, other = pair
    search = CustomerSearch(store, clerk)
    for sort in ("name", "newest", "oldest"):
        page = search.find("", sort=sort)
        assert [hit.id for hit in page.hits] == [keep], sort
        assert (page.total, page.total_exact) == (1, True)
    for typed in ("张三丰", "三丰", "zsf", "zhangsanfeng", "9000", "1390013", "13900139000"):
        assert search.find(typed).hits == (), typed
    assert [hit.id for hit in search.find("张").hits] == [keep]
    assert search.count() == 1 and search.count("张") == 1 and search.count("9000") == 0
    assert search.by_phone("139 0013 9000") is None


def test_a_card_still_on_a_merged_customer_leads_to_the_one_kept(
    store: Store, clerk: Actor, pair: tuple[int, int]
) -> None:
    keep, _other = pair
    search = CustomerSearch(store, clerk)
    hit = search.by_card_number("880000000017")
    assert hit is not None and (hit.id, hit.name, hit.matched_by) == (keep, "张三", "card")
    assert [h.id for h in search.find("880000000017").hits] == [keep]


def test_a_merged_customer_still_opens_by_id(
    store: Store, owner: Actor, pair: tuple[int, int]
) -> None:
    _keep, other = pair
    record = CustomerService(store, owner).get(other)
    assert (record.name, record.status) == ("张三丰", "merged")


def test_merged_customers_stay_out_of_every_page_of_a_large_file(
    store: Store, clerk: Actor
) -> None:
    """Over SMALL_SET matches the search walks an index page by page: no merged row either."""
    count = SMALL_SET + 200
    stamp = datetime(2025, 1, 1).isoformat(sep=" ")
    rows = [(cid, f"王{cid:05d}", f"137{cid:08d}") for cid in range(1, count + 1)]
    merged = {cid for cid in range(1, count + 1) if cid % 7 == 0}
    with store.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO customers(id, name, phone, phone_rev, status, merged_into, kind, "
            "created_at, updated_at, version, birthday_lunar, marketing_consent, do_not_contact) "
            "VALUES (?, ?, ?, ?, ?, ?, 'individual', ?, ?, 1, false, false, false)",
            [(cid, name, phone, search_index.phone_rev(phone),
              "merged" if cid in merged else "active", 1 if cid in merged else None, stamp, stamp)
             for cid, name, phone in rows],
        )
        search_index.index_many(conn, [(cid, name) for cid, name, _ in rows])
    search = CustomerSearch(store, clerk)
    listed = {cid for cid in range(1, count + 1)} - merged
    for query in ("", "王", "137"):
        for sort in ("name", "newest", "oldest"):
            found = _ids(_walk(search, query, sort=sort, limit=200))
            assert sorted(found) == sorted(listed), (query, sort)
    assert search.count("王") == len(listed)
    with store.read() as session:
        assert len(session.scalars(select(Customer.id).where(Customer.status == "merged")).all()) \
            == len(merged)
