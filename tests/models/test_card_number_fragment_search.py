"""A clerk types part of a card number — its last digits or its start — and finds the holder;
pinyin initials rank the best match first."""

from __future__ import annotations

import time

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def _shop(store: Store, owner: Actor) -> tuple[dict[str, int], dict[str, str]]:
    customers = CustomerService(store, owner)
    ids = {name: customers.create(CustomerInput(name=name, phone=phone)).id for name, phone in (
        ("张三", "13800138000"), ("李四", "13912345678"), ("王五", "13700001111"))}
    kind = CatalogService(store, owner).create_card_type("储值卡", "stored_value", price_fen=0)
    cards = CardService(store, owner)
    numbers = {name: cards.issue(ids[name], kind.id).number for name in ("张三", "李四")}
    return ids, numbers


def test_the_last_digits_of_a_card_number_find_its_holder(store: Store, owner: Actor) -> None:
    ids, numbers = _shop(store, owner)
    search = CustomerSearch(store, owner)
    for name in ("张三", "李四"):
        for digits in (4, 6):
            tail = numbers[name][-digits:]
            page = search.find(tail)
            found = [h.id for h in page.hits]
            assert ids[name] in found, (tail, numbers)
            hit = next(h for h in page.hits if h.id == ids[name])
            assert hit.matched_by == "card" and numbers[name] in hit.card_numbers


def test_the_start_of_a_card_number_finds_the_cards_beginning_so(store: Store, owner: Actor) -> None:
    ids, numbers = _shop(store, owner)
    page = CustomerSearch(store, owner).find(numbers["李四"][:-1])
    assert [h.id for h in page.hits] == [ids["李四"]]


def test_a_fragment_no_card_has_finds_no_one_by_card(store: Store, owner: Actor) -> None:
    _shop(store, owner)
    page = CustomerSearch(store, owner).find("97531")
    assert all(h.matched_by != "card" for h in page.hits)


def test_the_fragment_search_stays_quick_with_many_cards(store: Store, owner: Actor) -> None:
    ids, numbers = _shop(store, owner)
    search = CustomerSearch(store, owner)
    started = time.perf_counter()
    search.find(numbers["张三"][-4:])
    assert time.perf_counter() - started < 0.5


def test_pinyin_initials_rank_the_closest_name_first(store: Store, owner: Actor) -> None:
    customers = CustomerService(store, owner)
    for name, phone in (("周俊树", "13800000001"), ("赵信轩", "13800000002"), ("周诗", "13800000003")):
        customers.create(CustomerInput(name=name, phone=phone))
    names = [h.name for h in CustomerSearch(store, owner).find("zs").hits]
    assert names[0] == "周诗", names
    assert set(names) == {"周诗", "周俊树", "赵信轩"}
