"""The bulk path: one transaction and one audit entry per action, ledgers kept, all or nothing."""

from __future__ import annotations

import json
from collections.abc import Generator
from datetime import date, datetime
from typing import Any

import pytest
from cancelling import cancel_after
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from crm_desktop.models.actor import Actor
from crm_desktop.models.audit import verify_chain
from crm_desktop.models.bulk import (
    BulkWriter,
    CardBalance,
    CardRow,
    CustomerRow,
    NegativeBalance,
    PurchaseRow,
    insert_customers,
    run_bulk,
)
from crm_desktop.models.changes import Change, Entity
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import AuditEntry, Card, Customer, Purchase, ValueEntry
from crm_desktop.models.errors import ConflictError, PermissionDenied
from crm_desktop.models.progress import Cancelled, Progress
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store

STAMP = "2025-06-01 10:30:00.000000"


def customer(customer_id: int, name: str, phone: str, **extra: Any) -> CustomerRow:
    return CustomerRow(id=customer_id, name=name, phone=phone, created_at=STAMP,
                       updated_at=STAMP, created_by=1, updated_by=1, **extra)


def count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() or 0)


def audit_actions(store: Store) -> list[str]:
    with store.read() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def indexes(store: Store) -> list[tuple[str, str]]:
    """Every index with its definition (a server's catalogue names them differently)."""
    with store.engine.connect() as conn:
        sql = (
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "ORDER BY name" if conn.dialect.name == "sqlite" else
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "ORDER BY indexname")
        return [(str(a), str(b)) for a, b in conn.exec_driver_sql(sql)]


@pytest.mark.both_backends
def test_customers_arrive_with_derived_columns_search_entries_and_one_audit_entry(
    store: Store, owner: Actor, backend: str
) -> None:
    rows = [
        customer(1, "单田芳", "13912345678", birthday="1985-02-28", gender="M",
                 marketing_consent=True, consent_at=STAMP, consent_channel="in_person"),
        customer(2, "曾小贤", "13700001111", kind="enterprise", company="杭州恒达物流有限公司"),
        customer(3, "王五", "0571-87654321"),
    ]
    changes: list[Change] = []
    store.subscribe(changes.append)
    steps: list[Progress] = []

    def work(writer: BulkWriter) -> Generator[Progress, None, dict[str, Any]]:
        yield from insert_customers(writer, rows, total=len(rows))
        return {"source": "test"}

    result = run_bulk(store, owner, "customer.import", Entity.CUSTOMER, work, progress=steps.append,
                      defer_indexes=("customers",))
    assert result.rows["customers"] == 3 and result.rows["customer_search"] == 3
    assert Progress("customers", 3, 3) in steps
    # A file builds the dropped indexes again; a server's indexes are never dropped.
    assert steps[-1] == (Progress("indexes", 8, 8) if backend == "file" else Progress("customers", 3, 3))
    with store.read() as session:
        first = session.get(Customer, 1)
        landline = session.get(Customer, 3)
    assert first is not None and landline is not None
    assert first.birthday == date(1985, 2, 28) and first.birthday_md == "02-28"
    assert first.created_at == datetime(2025, 6, 1, 10, 30)
    assert first.phone_rev == "87654321931" and landline.phone_rev == "123456781750"
    assert first.marketing_consent is True and first.do_not_contact is False
    assert first.email is None and landline.birthday_md is None
    hits = CustomerSearch(store, owner).find("st").hits
    assert [hit.id for hit in hits] == [1]  # 单 read as a surname: shan
    assert [hit.id for hit in CustomerSearch(store, owner).find("小贤").hits] == [2]
    assert audit_actions(store) == ["file.create", "customer.import"]
    with store.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert verify_chain(session) == []
    assert entry is not None
    assert json.loads(entry.after) == {"source": "test", "rows_customers": 3,
                                       "rows_customer_search": 3}
    assert [(c.action, c.entities, c.ids, c.data_changed) for c in changes] == [
        ("customer.import", frozenset({Entity.CUSTOMER}), (), True)
    ]


@pytest.mark.both_backends
def test_a_customer_typed_after_a_bulk_load_gets_the_next_number(
    store: Store, owner: Actor
) -> None:
    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        yield from insert_customers(writer, [customer(5, "蒋五", "13600001234")])

    run_bulk(store, owner, "customer.import", Entity.CUSTOMER, work)
    typed = CustomerService(store, owner).create(CustomerInput(name="沈六"))
    assert typed.id == 6


@pytest.mark.both_backends
def test_ledger_entries_chain_their_running_values_and_the_card_carries_the_totals(
    store: Store, owner: Actor
) -> None:
    catalog = CatalogService(store, owner)
    card_type = catalog.create_card_type("储值卡", "stored_value",
                                         bonus_rules=[(10000, 1000)])

    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        writer.add_customer(customer(1, "李四", "13600002222"))
        balance = CardBalance(card_id=1, customer_id=1)
        writer.value(balance, STAMP, "topup", 10000, 1000, payment_method="cash")
        writer.add_purchase(PurchaseRow(1, 1, 1, STAMP, "sale", None, 5500, 0, 5500,
                                        "stored_value", 55))
        writer.value(balance, STAMP, "consume", -5000, -500, payment_method="stored_value",
                     purchase_id=1)
        writer.points(balance, STAMP, "earn", 55, purchase_id=1)
        writer.add_card(CardRow(1, "800000000018", 1, card_type.id, None, "active", STAMP),
                        balance)
        yield Progress("cards", 1, 1)

    run_bulk(store, owner, "card.import", Entity.CARD, work)
    with store.read() as session:
        card = session.get(Card, 1)
        entries = session.scalars(select(ValueEntry).order_by(ValueEntry.id)).all()
        sale = session.get(Purchase, 1)
    assert card is not None and sale is not None
    assert (card.principal_fen, card.bonus_fen, card.points) == (5000, 500, 55)
    assert [(e.principal_after_fen, e.bonus_after_fen) for e in entries] == [
        (10000, 1000), (5000, 500)]
    assert sale.ts == datetime(2025, 6, 1, 10, 30) and sale.card_id == 1
    assert run_check(store).findings == []


@pytest.mark.both_backends
def test_overdrawing_a_card_rolls_back_the_whole_action(store: Store, owner: Actor) -> None:
    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        writer.add_customer(customer(1, "赵六", "13500003333"))
        writer.flush()
        balance = CardBalance(card_id=1, customer_id=1)
        writer.value(balance, STAMP, "topup", 1000, 0)
        yield Progress("cards", 0, 1)
        writer.value(balance, STAMP, "consume", -2000, 0)

    with pytest.raises(NegativeBalance):
        run_bulk(store, owner, "card.import", Entity.CARD, work)
    assert count(store, "customers") == 0 and count(store, "customer_search") == 0
    assert audit_actions(store) == ["file.create"]


@pytest.mark.both_backends
def test_entries_on_a_card_already_in_the_file_update_its_totals(
    store: Store, owner: Actor
) -> None:
    catalog = CatalogService(store, owner)
    card_type = catalog.create_card_type("积分卡", "points")

    def customers(writer: BulkWriter) -> Generator[Progress, None, None]:
        yield from insert_customers(writer, [customer(1, "孙七", "13800004444")])

    run_bulk(store, owner, "customer.import", Entity.CUSTOMER, customers)
    issued = CardService(store, owner).issue(1, card_type.id)
    CardService(store, owner).consume(issued.id, 12000, "cash")  # earns 120 points

    def opening_points(writer: BulkWriter) -> Generator[Progress, None, None]:
        writer.points(writer.balance_of(issued.id), STAMP, "adjust", 500, note="旧系统积分")
        yield Progress("points", 1, 1)

    run_bulk(store, owner, "points.import", Entity.CARD, opening_points)
    with store.read() as session:
        card = session.get(Card, issued.id)
    assert card is not None and card.points == 620 and card.version > 1
    assert run_check(store).findings == []


@pytest.mark.both_backends
def test_a_duplicate_phone_refuses_everything_with_a_sentence(store: Store, owner: Actor) -> None:
    rows = [customer(1, "周八", "13900005555"), customer(2, "吴九", "13900005555")]

    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        yield from insert_customers(writer, rows)

    before = indexes(store)
    with pytest.raises(ConflictError) as refused:
        run_bulk(store, owner, "customer.import", Entity.CUSTOMER, work,
                 defer_indexes=("customers",))
    assert "重复" in str(refused.value) and "没有任何改动" in str(refused.value)
    assert count(store, "customers") == 0 and audit_actions(store) == ["file.create"]
    assert indexes(store) == before


@pytest.mark.both_backends
def test_cancel_rolls_back_what_was_already_sent(store: Store, owner: Actor) -> None:
    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        for number in range(1, 4):
            writer.add_customer(customer(number, "郑十", f"1370000{number:04d}"))
            writer.flush()
            yield Progress("customers", number, 3)

    seen: list[Progress] = []
    with pytest.raises(Cancelled) as cancelled:
        run_bulk(store, owner, "customer.import", Entity.CUSTOMER, work,
                 progress=cancel_after(2, seen))
    assert str(cancelled.value) == "已取消，数据没有任何改动。"
    assert len(seen) == 2 and count(store, "customers") == 0
    assert count(store, "customer_search") == 0 and audit_actions(store) == ["file.create"]


@pytest.mark.both_backends
def test_only_the_owner_may_load_in_bulk(store: Store, clerk: Actor, accountant: Actor) -> None:
    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        yield from insert_customers(writer, [customer(1, "钱一", "13600006666")])

    for actor, role in ((clerk, "前台"), (accountant, "会计")):
        with pytest.raises(PermissionDenied) as denied:
            run_bulk(store, actor, "customer.import", Entity.CUSTOMER, work)
        assert str(denied.value) == f"{role}账号无权批量导入。"
    assert count(store, "customers") == 0


@pytest.mark.both_backends
def test_deferred_indexes_are_all_back_after_the_action(store: Store, owner: Actor) -> None:
    before = indexes(store)

    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        yield from insert_customers(writer, [customer(1, "冯二", "13600007777")])

    run_bulk(store, owner, "customer.import", Entity.CUSTOMER, work,
             defer_indexes=("customers", "purchases", "value_entries"))
    assert indexes(store) == before


def _foreign_keys_on_every_pooled_connection(store: Store) -> list[int]:
    connections = [store.engine.connect() for _ in range(4)]
    try:
        return [int(c.exec_driver_sql("PRAGMA foreign_keys").scalar() or 0) for c in connections]
    finally:
        for connection in connections:
            connection.close()


def test_unchecked_references_are_for_that_action_only(store: Store, owner: Actor) -> None:
    def work(writer: BulkWriter) -> Generator[Progress, None, None]:
        yield from insert_customers(writer, [customer(1, "褚三", "13600008888")])

    def broken(writer: BulkWriter) -> Generator[Progress, None, None]:
        writer.add_customer(customer(2, "卫四", "13600009999"))
        writer.flush()
        yield Progress("customers", 1, 1)
        raise RuntimeError("the source file ended early")

    run_bulk(store, owner, "customer.import", Entity.CUSTOMER, work, check_references=False)
    with pytest.raises(RuntimeError):
        run_bulk(store, owner, "customer.import", "customer", broken, check_references=False)
    assert count(store, "customers") == 1
    assert _foreign_keys_on_every_pooled_connection(store) == [1, 1, 1, 1]
    # a card of a customer who does not exist is still refused afterwards
    with store.engine.connect() as conn, pytest.raises(IntegrityError, match="FOREIGN KEY"):
        conn.exec_driver_sql(
            "INSERT INTO cards (number, customer_id, card_type_id, status, issued_at, fee_fen, "
            "principal_fen, bonus_fen, points, counts_left, version) "
            "VALUES ('1', 424242, 1, 'active', ?, 0, 0, 0, 0, 0, 1)", (STAMP,))
