"""Demo data: reproducible, realistic, sound ledgers, one audit entry, all or nothing."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from cancelling import cancel_after
from sqlalchemy import select

from crm_desktop.models import search_index
from crm_desktop.models.actor import Actor
from crm_desktop.models.audit import verify_chain
from crm_desktop.models.check import run_check
from crm_desktop.models.demo import generate_demo
from crm_desktop.models.demo.cards import CardNumbers
from crm_desktop.models.entities import AuditEntry, Customer, Purchase
from crm_desktop.models.errors import ConflictError, PermissionDenied, ValidationError
from crm_desktop.models.opening import create_store
from crm_desktop.models.progress import Cancelled, Progress
from crm_desktop.models.rules.card_numbers import luhn_valid, make_card_number
from crm_desktop.models.rules.validation import check_phone
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.store.store import Store

TODAY = date(2026, 3, 1)
CUSTOMERS = 300
PASSWORD = "owner-pass-1"
# Differ from file to file by design: when the file and its owner were made, audit hashes.
SKIP_COLUMNS = {
    "users": {"created_at"},
    "audit_entries": {"ts", "hash", "prev_hash", "operation_id", "signer", "signature"},
    # Each file has its own random signing keys, and each operation its own id.
    "user_keys": {"key_id", "public", "certificate", "issued_at"},
    "value_entries": {"operation_id"},
    "points_entries": {"operation_id"},
    "count_entries": {"operation_id"},
    "purchases": {"operation_id"},
    "purchase_lines": {"operation_id"},
    # Numbered on the day the file is made, by the clock.
    "transactions": {"operation_id", "ts", "number", "business_day"},
}
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]+")


def digest(store: Store) -> str:
    """SHA-256 over every table's rows in key order (except what differs by design)."""
    sha = hashlib.sha256()
    with store.engine.connect() as conn:
        tables = [row[0] for row in conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'customer_search%' AND name != 'alembic_version' ORDER BY name")]
        for table in tables:
            columns = [row[1] for row in conn.exec_driver_sql(f"PRAGMA table_info({table})")
                       if row[1] not in SKIP_COLUMNS.get(table, set())]
            sha.update(table.encode())
            for row in conn.exec_driver_sql(
                f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2"
            ):
                sha.update(json.dumps(list(row), ensure_ascii=False).encode())
    return sha.hexdigest()


def new_store(path: Path) -> tuple[Store, Actor]:
    store, _ = create_store(path, "演示洗车店", "boss", PASSWORD)
    return store, store.actor_for("boss")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    store, owner = new_store(tmp_path_factory.mktemp("demo") / "demo.crm")
    generate_demo(store, owner, CUSTOMERS, seed=7, today=TODAY)
    yield store
    store.close()


def scalar(store: Store, sql: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.exec_driver_sql(sql).scalar() or 0)


def test_same_seed_gives_the_same_file_and_another_seed_a_different_one(
    demo: Store, tmp_path: Path
) -> None:
    again, owner = new_store(tmp_path / "again.crm")
    other, other_owner = new_store(tmp_path / "other.crm")
    try:
        generate_demo(again, owner, CUSTOMERS, seed=7, today=TODAY)
        generate_demo(other, other_owner, CUSTOMERS, seed=8, today=TODAY)
        assert digest(again) == digest(demo)
        assert digest(other) != digest(demo)
    finally:
        again.close()
        other.close()


def test_rows_made_in_a_helper_process_give_the_same_file(demo: Store, tmp_path: Path) -> None:
    helped, owner = new_store(tmp_path / "helped.crm")
    try:
        generate_demo(helped, owner, CUSTOMERS, seed=7, today=TODAY, workers=2)
        assert digest(helped) == digest(demo)
    finally:
        helped.close()


def test_ledgers_audit_chain_and_references_are_sound(demo: Store) -> None:
    report = run_check(demo)
    assert report.findings == []
    for table, column in (("value_entries", "principal_after_fen"),
                          ("value_entries", "bonus_after_fen"),
                          ("points_entries", "points_after"), ("count_entries", "counts_after")):
        assert scalar(demo, f"SELECT count(*) FROM {table} WHERE {column} < 0") == 0
    assert scalar(demo, """SELECT count(*) FROM cards c WHERE principal_fen !=
        (SELECT coalesce(sum(principal_fen), 0) FROM value_entries v WHERE v.card_id = c.id)
        OR points != (SELECT coalesce(sum(points), 0) FROM points_entries p
                      WHERE p.card_id = c.id)""") == 0
    with demo.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    with demo.read() as session:
        assert verify_chain(session) == []
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    # file.create, then exactly one entry for the whole demo action
    assert [entry.action for entry in entries] == ["file.create", "demo.generate"]
    summary = json.loads(entries[-1].after)
    assert summary["customers"] == CUSTOMERS and summary["seed"] == 7
    assert summary["rows_customers"] == CUSTOMERS and summary["rows_purchases"] > CUSTOMERS


def test_customers_look_like_a_chinese_shop(demo: Store) -> None:
    with demo.read() as session:
        customers = session.scalars(select(Customer)).all()
    assert len(customers) == CUSTOMERS
    assert all(_CJK.fullmatch(c.name) and 2 <= len(c.name) <= 4 for c in customers)
    phones = [c.phone for c in customers]
    assert all(check_phone(phone) == phone and len(phone or "") == 11 for phone in phones)
    assert len(set(phones)) == CUSTOMERS
    assert all(c.phone_rev == (c.phone or "")[::-1] for c in customers)
    assert all(c.birthday_md == f"{c.birthday:%m-%d}" for c in customers if c.birthday)
    assert all(c.birthday < TODAY for c in customers if c.birthday)
    enterprises = [c for c in customers if c.kind == "enterprise"]
    assert enterprises and all(c.company and c.industry for c in enterprises)
    assert all(not c.company for c in customers if c.kind == "individual")
    assert {c.source for c in customers} >= {"walk_in", "referral"}
    assert all(c.referrer_id and c.referrer_id < c.id for c in customers
               if c.source == "referral" and c.id > 1)
    assert not any(c.marketing_consent and c.do_not_contact for c in customers)
    assert scalar(demo, "SELECT count(DISTINCT customer_id) FROM customer_tags") > CUSTOMERS / 2
    assert scalar(demo, "SELECT count(*) FROM cards") > CUSTOMERS * 0.8


def test_every_customer_is_found_by_name_and_pinyin_initials(demo: Store) -> None:
    owner = demo.actor_for("boss")
    search = CustomerSearch(demo, owner)
    with demo.read() as session:
        sample = session.scalars(select(Customer).order_by(Customer.id).limit(40)).all()
    assert scalar(demo, "SELECT count(*) FROM customer_search") == CUSTOMERS
    for customer in sample:
        initials = search_index.name_pinyin(customer.name).split()[0]
        with demo.engine.connect() as conn:
            found = {row[0] for row in conn.exec_driver_sql(
                "SELECT rowid FROM customer_search WHERE customer_search MATCH ?",
                (search_index.match_expression(initials),))}
        assert customer.id in found, (customer.name, initials)
        hits = search.find(customer.name, limit=500).hits
        assert customer.id in {hit.id for hit in hits}


def test_card_types_tiers_and_money_follow_the_rules(demo: Store) -> None:
    with demo.engine.connect() as conn:
        types = {name: (kind, json.loads(rules)) for name, kind, rules in conn.exec_driver_sql(
            "SELECT name, kind, bonus_rules FROM card_types")}
        tiers = conn.exec_driver_sql("SELECT name, price_percent FROM tiers ORDER BY rank").all()
        bonus_topups = conn.exec_driver_sql(
            "SELECT principal_fen, bonus_fen FROM value_entries WHERE kind = 'topup'").all()
        kinds = Counter(row[0] for row in conn.exec_driver_sql("SELECT kind FROM value_entries"))
        points = Counter(row[0] for row in conn.exec_driver_sql("SELECT kind FROM points_entries"))
        statuses = Counter(row[0] for row in conn.exec_driver_sql("SELECT status FROM cards"))
        replaced = conn.exec_driver_sql(
            "SELECT count(*) FROM cards old JOIN cards new ON new.id = old.replaced_by_id "
            "WHERE old.status = 'replaced' AND new.customer_id = old.customer_id").scalar()
    assert types["储值卡"] == ("stored_value", [{"pay_fen": 10000, "bonus_fen": 1000},
                                               {"pay_fen": 50000, "bonus_fen": 8000}])
    assert types["10次洗车卡"][0] == "count" and types["月卡"][0] == "period"
    assert types["积分卡"][0] == "points"
    assert [name for name, _ in tiers] == ["普通", "银卡", "金卡", "钻石"]
    assert [percent for _, percent in tiers] == [100, 95, 90, 85]
    for principal, bonus in bonus_topups:
        expected = 8000 if principal >= 50000 else 1000 if principal >= 10000 else 0
        assert bonus == expected
    assert kinds["topup"] and kinds["consume"] and kinds["opening"]
    assert points["earn"] and points["redeem"]
    assert statuses["active"] > statuses["replaced"] > 0 and replaced == statuses["replaced"]


def test_purchases_have_a_weekly_and_seasonal_rhythm(demo: Store) -> None:
    with demo.read() as session:
        stamps = session.scalars(select(Purchase.ts).where(Purchase.kind == "sale")).all()
    assert len(stamps) > CUSTOMERS * 3
    assert min(stamps).date() >= date(2024, 3, 1) and max(stamps).date() < TODAY
    by_weekday = Counter(ts.weekday() for ts in stamps)
    assert by_weekday[5] > 1.4 * by_weekday[1] and by_weekday[6] > 1.4 * by_weekday[2]
    # the three weeks before the Spring Festival of 2025 (29 January) against the three after
    before = sum(1 for ts in stamps if date(2025, 1, 8) <= ts.date() < date(2025, 1, 29))
    after = sum(1 for ts in stamps if date(2025, 1, 29) <= ts.date() < date(2025, 2, 19))
    assert before > 1.5 * after
    assert all(9 <= ts.hour < 21 for ts in stamps)


def test_feedback_at_every_stage_with_its_events(demo: Store) -> None:
    with demo.engine.connect() as conn:
        stages = {row[0] for row in conn.exec_driver_sql(
            "SELECT status FROM feedback WHERE kind = 'complaint'")}
        unmatched = conn.exec_driver_sql(
            "SELECT count(*) FROM feedback f WHERE f.status != (SELECT to_status FROM "
            "feedback_events e WHERE e.feedback_id = f.id ORDER BY e.id DESC LIMIT 1)").scalar()
        first = {row[0] for row in conn.exec_driver_sql(
            "SELECT from_status FROM feedback_events e WHERE e.id = (SELECT min(id) FROM "
            "feedback_events WHERE feedback_id = e.feedback_id)")}
        surveys = conn.exec_driver_sql(
            "SELECT count(*), min(nps), max(nps), min(satisfaction), max(satisfaction) "
            "FROM survey_answers").one()
    assert stages == {"open", "in_progress", "resolved", "closed"}
    assert unmatched == 0 and first == {None}
    count, low_nps, high_nps, low_sat, high_sat = surveys
    assert count > 10 and 0 <= low_nps <= high_nps <= 10 and 1 <= low_sat <= high_sat <= 5


def test_cards_issued_after_the_demo_get_fresh_numbers(demo: Store) -> None:
    owner = demo.actor_for("boss")
    with demo.engine.connect() as conn:
        customer_id, type_id = conn.exec_driver_sql(
            "SELECT (SELECT min(id) FROM customers WHERE status = 'active'), "
            "(SELECT id FROM card_types WHERE name = '积分卡')").one()
        numbers = {row[0] for row in conn.exec_driver_sql("SELECT number FROM cards")}
    assert all(luhn_valid(number) and len(number) == 12 for number in numbers)
    card = CardService(demo, owner).issue(customer_id, type_id)
    assert card.number not in numbers


def test_card_numbers_of_a_long_run_match_the_shop_rule() -> None:
    numbers = CardNumbers("8", 12)
    for sequence in (*range(1, 2_500), 999_999_999, 123_456_789):
        assert numbers.number(sequence) == make_card_number("8", sequence, 12)
    with pytest.raises(ValueError):
        numbers.number(10**11)


def test_cancel_midway_leaves_the_file_unchanged(store: Store, owner: Actor) -> None:
    before = digest(store)
    seen: list[Progress] = []
    with pytest.raises(Cancelled) as refused:
        generate_demo(store, owner, 2_000, seed=1, progress=cancel_after(1, seen), today=TODAY)
    assert "已取消" in str(refused.value) and "没有任何改动" in str(refused.value)
    assert seen and seen[0].stage == "customers" and 0 < seen[0].done < 2_000
    assert digest(store) == before
    assert scalar(store, "SELECT count(*) FROM customers") == 0


def test_cancel_stops_the_helper_process_and_changes_nothing(
    store: Store, owner: Actor
) -> None:
    before = digest(store)
    seen: list[Progress] = []
    with pytest.raises(Cancelled):
        generate_demo(store, owner, 3_000, seed=1, progress=cancel_after(2, seen),
                      today=TODAY, workers=2)
    assert len(seen) == 2 and seen[-1].done < 3_000
    assert not multiprocessing.active_children()
    assert digest(store) == before


def test_refusals_change_nothing(store: Store, owner: Actor, clerk: Actor) -> None:
    before = digest(store)
    with pytest.raises(PermissionDenied) as denied:
        generate_demo(store, clerk, 10, seed=1, today=TODAY)
    assert "前台账号无权" in str(denied.value)
    with pytest.raises(ValidationError) as invalid:
        generate_demo(store, owner, 0, seed=1, today=TODAY)
    assert "客户数量" in str(invalid.value)
    assert digest(store) == before
    generate_demo(store, owner, 5, seed=1, today=TODAY)
    filled = digest(store)
    with pytest.raises(ConflictError) as not_empty:
        generate_demo(store, owner, 5, seed=2, today=TODAY)
    assert "只能填入新建的空文件" in str(not_empty.value)
    assert digest(store) == filled
