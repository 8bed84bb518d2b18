"""Completeness over the facts the owner counts, and the list of incomplete profiles ordered
by what the customer is worth (stored balance plus the last 12 months' spending)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Purchase
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.completeness import CompletenessService
from crm_desktop.models.services.customer_records import CustomerInput, profile_completeness
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.profile_quality import ProfileQualityService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

FULL = dict(
    phone="13800138000", gender="女", birthday="1990-05-06", email="a@example.com",
    id_number="11010519491231002X", address="长安街 1 号", province="北京", source="到店",
    need_type="品质敏感", tags=("咖啡",),
)


def _customer(store: Store, owner: Actor, name: str, **fields: object) -> int:
    return CustomerService(store, owner).create(CustomerInput(name=name, **fields)).id  # type: ignore[arg-type]


def _buy(store: Store, customer_id: int, paid_fen: int, days_ago: int) -> None:
    """A purchase as the old system's history would hold it (no card involved)."""
    with store.write() as session:
        session.add(Purchase(customer_id=customer_id, ts=datetime.now() - timedelta(days=days_ago),
                             kind="sale", amount_fen=paid_fen, paid_fen=paid_fen,
                             payment_method="cash"))


def test_the_score_counts_the_facts_the_owner_chose(store: Store, owner: Actor) -> None:
    customers = CustomerService(store, owner)
    record = customers.create(CustomerInput(name="王芳", phone="13800138001", email="w@example.com"))
    assert record.completeness == 20  # two of the ten default facts
    quality = ProfileQualityService(store, owner).of(record.id)
    assert "birthday" in quality.missing and "phone" not in quality.missing

    CatalogService(store, owner).update_settings(
        {"completeness_fields": ["phone", "email", "birthday", "address"]})
    assert customers.get(record.id).completeness == 50
    quality = ProfileQualityService(store, owner).of(record.id)
    assert quality.score == 50 and quality.missing == ("birthday", "address")
    assert profile_completeness(customers.get(record.id), ("phone", "email")) == 100


def test_the_owner_cannot_count_nothing_or_an_unknown_fact(store: Store, owner: Actor) -> None:
    catalog = CatalogService(store, owner)
    with pytest.raises(ValidationError, match="至少选择一项"):
        catalog.update_settings({"completeness_fields": []})
    with pytest.raises(ValidationError, match="shoe_size"):
        catalog.update_settings({"completeness_fields": ["phone", "shoe_size"]})
    with pytest.raises(ValidationError, match="核对周期"):
        catalog.update_settings({"contact_check_months": 7})
    assert catalog.settings().completeness_fields[:3] == ("phone", "gender", "birthday")


def test_the_most_valuable_incomplete_profiles_come_first(store: Store, owner: Actor) -> None:
    cheap = _customer(store, owner, "少买", phone="13800000001")
    rich = _customer(store, owner, "储值多", phone="13800000002")
    buyer = _customer(store, owner, "常来", phone="13800000003")
    old_buyer = _customer(store, owner, "去年前", phone="13800000004")
    _customer(store, owner, "齐全", **FULL)  # complete: not listed
    gone = _customer(store, owner, "已走", phone="13800000005")
    CustomerService(store, owner).terminate(gone, "搬走")

    catalog = CatalogService(store, owner)
    card_type = catalog.create_card_type("储值卡", "stored_value", price_fen=0)
    cards = CardService(store, owner)
    cards.top_up(cards.issue(rich, card_type.id).id, 50_000)  # ¥500 stored
    _buy(store, buyer, 30_000, days_ago=30)  # ¥300 this year
    _buy(store, buyer, 20_000, days_ago=200)
    _buy(store, old_buyer, 900_000, days_ago=400)  # outside the 12 months: not counted
    _buy(store, cheap, 1_000, days_ago=3)

    service = CompletenessService(store, owner)
    ranking = service.ranking()
    assert list(ranking.ids) == [rich, buyer, cheap, old_buyer]
    assert ranking.active == 5
    rows = service.rows(ranking.ids)
    assert [(r.name, r.balance_fen, r.spend_fen) for r in rows] == [
        ("储值多", 50_000, 0), ("常来", 0, 50_000), ("少买", 0, 1_000), ("去年前", 0, 0)]
    assert rows[0].phone == "138****0002", "phones are masked in the list"
    assert rows[0].missing[:2] == ("gender", "birthday")

    assert list(service.ranking("spend").ids)[:2] == [buyer, cheap]


def test_filters_and_least_complete_first(store: Store, owner: Actor) -> None:
    bare = _customer(store, owner, "只有名字")
    some = _customer(store, owner, "有生日", phone="13800000011", birthday="1991-01-01")
    service = CompletenessService(store, owner)
    assert list(service.ranking("completeness").ids) == [bare, some]
    assert list(service.ranking(missing="birthday").ids) == [bare]
    with pytest.raises(ValidationError):
        service.ranking(missing="shoe_size")


def test_a_profile_completed_meanwhile_says_so_in_its_row(store: Store, owner: Actor) -> None:
    customer_id = _customer(store, owner, "补全中", phone="13800000021")
    service = CompletenessService(store, owner)
    ranking = service.ranking()
    customers = CustomerService(store, owner)
    record = customers.get(customer_id)
    customers.update(customer_id, CustomerInput(name="补全中", **FULL), record.version)
    row = service.rows(ranking.ids)[0]
    assert row.score == 100 and row.missing == ()
    assert customer_id not in service.ranking().ids


def test_accountants_read_but_do_not_fill_profiles(store: Store, accountant: Actor) -> None:
    with pytest.raises(PermissionDenied):
        CompletenessService(store, accountant).ranking()
