"""Two customer files of one person, each with a full history, for the merge tests.

Built through the services, as a shop would have built them: cards with money,
points and visits, purchases and a refund, contacts, feedback handled a step,
a survey answer, tags, a customer each of them referred, and a pair dismissed as
"not the same person". ``snapshot`` is everything a merge may touch, to compare
before and after an undo.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import DuplicateDismissal
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.store.store import Store

TABLES = ("cards", "value_entries", "points_entries", "count_entries", "purchases",
          "interactions", "feedback", "survey_answers", "tier_changes")
CUSTOMER_COLUMNS = (
    "name", "gender", "birthday", "birthday_md", "phone", "phone_rev", "phone2", "email",
    "id_number", "address", "province", "city", "district", "kind", "company", "source",
    "referrer_id", "notes", "marketing_consent", "consent_channel", "do_not_contact", "status",
    "member_since", "merged_into",
)


@dataclass(frozen=True)
class Pair:
    keep: int
    other: int
    third: int
    keep_card: int
    other_card: int
    other_count_card: int
    referred_by_other: int


def build_pair(store: Store, owner: Actor) -> Pair:
    customers = CustomerService(store, owner)
    cards = CardService(store, owner)
    catalog = CatalogService(store, owner)
    engagement = EngagementService(store, owner)
    value_type = catalog.create_card_type("储值卡", "stored_value", bonus_rules=[(10000, 1000)])
    count_type = catalog.create_card_type("十次卡", "count", price_fen=30000, count_total=10)
    keep = customers.create(CustomerInput(
        name="张三", phone="13800138000", gender="M", tags=("咖啡", "常客"),
        member_since=date(2023, 5, 1), source="walk_in"))
    other = customers.create(CustomerInput(
        name="张叁", phone="13900139000", email="zs@example.com", tags=("咖啡", "甜点"),
        member_since=date(2021, 3, 30), address="人民路 1 号", city="杭州"))
    third = customers.create(CustomerInput(name="李四", phone="13700137000"))
    referred = customers.create(CustomerInput(name="王五", phone="13600136000",
                                              source="referral", referrer_id=other.id))
    keep_card = cards.issue(keep.id, value_type.id, first_topup_fen=20000)
    other_card = cards.issue(other.id, value_type.id, first_topup_fen=10000)
    count_card = cards.issue(other.id, count_type.id)
    cards.consume(keep_card.id, 5000, "stored_value")
    sale = cards.consume(other_card.id, 3000, "stored_value")
    cards.consume(other_card.id, 2000, "wechat")
    cards.refund(sale.purchase_id, "买错了")  # type: ignore[arg-type]
    cards.use_count(count_card.id, 2)
    cards.top_up(other_card.id, 5000, "cash")
    engagement.log_interaction(other.id, "call", "问新品")
    engagement.log_interaction(keep.id, "visit", "到店")
    complaint = engagement.open_feedback(other.id, "complaint", "服务", "等太久")
    engagement.move_feedback(complaint.id, "in_progress", "已联系")
    engagement.record_survey(other.id, date(2024, 6, 1), satisfaction=4, nps=8)
    with store.write() as session:
        session.add(DuplicateDismissal(low_id=min(other.id, third.id),
                                       high_id=max(other.id, third.id)))
    return Pair(keep.id, other.id, third.id, keep_card.id, other_card.id, count_card.id,
                referred.id)


def owners(store: Store, table: str) -> dict[int, int]:
    """Row id → customer id of every row of ``table``."""
    with store.read() as session:
        return {int(r[0]): int(r[1]) for r in session.execute(
            text(f"SELECT id, customer_id FROM {table}"))}


def snapshot(store: Store, pair: Pair) -> dict[str, Any]:
    """Everything a merge moves or changes, without versions and timestamps."""
    found: dict[str, Any] = {table: owners(store, table) for table in TABLES}
    with store.read() as session:
        for cid in (pair.keep, pair.other, pair.third, pair.referred_by_other):
            row = session.execute(
                text(f"SELECT {', '.join(CUSTOMER_COLUMNS)} FROM customers WHERE id = :id"),
                {"id": cid}).one()
            found[f"customer {cid}"] = tuple(row)
            found[f"tags {cid}"] = sorted(session.execute(text(
                "SELECT tag_id FROM customer_tags WHERE customer_id = :id"), {"id": cid}
            ).scalars())
        found["dismissals"] = sorted(tuple(r) for r in session.execute(
            text("SELECT id, low_id, high_id FROM duplicate_dismissals")))
        found["search"] = sorted(tuple(r) for r in session.execute(
            text("SELECT rowid, chars FROM customer_search")))
        found["balances"] = sorted(tuple(r) for r in session.execute(text(
            "SELECT id, status, principal_fen, bonus_fen, points, counts_left FROM cards")))
    return found


def totals(store: Store, customer_ids: tuple[int, ...]) -> tuple[int, int, int, int]:
    """Paid value, bonus, points and visits over every card of these customers."""
    marks = ", ".join(str(int(c)) for c in customer_ids)
    with store.read() as session:
        row = session.execute(text(
            "SELECT coalesce(sum(principal_fen), 0), coalesce(sum(bonus_fen), 0), "
            f"coalesce(sum(points), 0), coalesce(sum(counts_left), 0) FROM cards "
            f"WHERE customer_id IN ({marks})")).one()
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def give_consent(store: Store, owner: Actor, customer_id: int) -> None:
    """The customer agrees to marketing by WeChat, through the ordinary profile edit."""
    customers = CustomerService(store, owner)
    record = customers.get(customer_id)
    customers.update(customer_id, replace(CustomerInput.from_record(record),
                                          marketing_consent=True, consent_channel="wechat"),
                     record.version)
