"""Every money action reads its card FOR UPDATE, so a server holds the card row until commit.

SQLite leaves the clause out of its SQL; the statements are compiled for PostgreSQL
here to see what a server would be told.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.dialects.postgresql.base import PGDialect
from sqlalchemy.sql import Select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import NotFound
from crm_desktop.models.services.card_records import SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store


@contextmanager
def _server_sql(store: Store) -> Iterator[list[str]]:
    """The selects run meanwhile, as PostgreSQL would get them."""
    seen: list[str] = []

    def note(_conn: Any, clause: Any, *_args: Any) -> None:
        if isinstance(clause, Select):
            seen.append(str(clause.compile(dialect=PGDialect())))

    event.listen(store.engine, "before_execute", note)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_execute", note)


def _card_read_locked(store: Store, action: Callable[[], object]) -> bool:
    with _server_sql(store) as seen:
        action()
    card_reads = [sql for sql in seen if "\nFROM cards" in sql]
    assert card_reads, "the action read no card"
    return "FOR UPDATE" in card_reads[0]


@pytest.fixture
def cards(store: Store, owner: Actor, clerk: Actor) -> tuple[CardService, int, int, int]:
    catalog = CatalogService(store, owner)
    stored = catalog.create_card_type("储值卡", "stored_value")
    count = catalog.create_card_type("次卡", "count", count_total=10)
    with store.write() as session:
        customer = Customer(name="赵六", phone="13700137000")
        session.add(customer)
        session.flush()
        customer_id = customer.id
    service = CardService(store, clerk)
    value_card = service.issue(customer_id, stored.id, first_topup_fen=50_000)
    count_card = service.issue(customer_id, count.id)
    sale = service.consume(value_card.id, 10_000, "stored_value")
    assert sale.purchase_id is not None
    return service, value_card.id, count_card.id, sale.purchase_id


def test_each_money_action_locks_its_card(cards: tuple[CardService, int, int, int],
                                         store: Store) -> None:
    service, card_id, count_id, sale_id = cards
    actions: dict[str, Callable[[], object]] = {
        "top_up": lambda: service.top_up(card_id, 10_000, "cash"),
        "consume": lambda: service.consume(card_id, 0, "stored_value",
                                           lines=[SaleLine("剪发", 2, 3000)]),
        "redeem": lambda: service.redeem_points(card_id, 10),
        "use_count": lambda: service.use_count(count_id),
        "refund": lambda: service.refund(sale_id, "顾客退货"),
    }
    unlocked = [name for name, action in actions.items()
                if not _card_read_locked(store, action)]
    assert unlocked == []


def test_a_line_refund_locks_the_sale_and_its_card(cards: tuple[CardService, int, int, int],
                                                  store: Store) -> None:
    service, card_id, _count_id, _sale_id = cards
    sale = service.consume(card_id, 0, "stored_value", lines=[SaleLine("剪发", 2, 3000)])
    assert sale.purchase_id is not None
    line = service.refundable_lines(sale.purchase_id)[0]
    with _server_sql(store) as seen:
        service.refund_lines(sale.purchase_id, {line.line_id: 1}, "少做一次")
    locked = [sql.split("\nFROM ")[1].split()[0] for sql in seen if "FOR UPDATE" in sql]
    assert locked[:2] == ["purchases", "cards"]


def test_a_missing_card_is_refused_as_before(cards: tuple[CardService, int, int, int]) -> None:
    service, _card_id, _count_id, _sale_id = cards
    with pytest.raises(NotFound):
        service.top_up(999_999, 10_000, "cash")
    with pytest.raises(NotFound):
        service.consume(999_999, 10_000, "cash")
