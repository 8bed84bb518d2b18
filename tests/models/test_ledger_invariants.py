"""Random sequences of card actions never break the ledgers.

After every step, on a real encrypted file: each card's 本金, 赠送, points and
visits equal the sums of its ledger entries; each entry's *_after values chain
from the one before; nothing is negative; a successful action wrote exactly one
audit entry; a refused action changed nothing at all.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from crm_desktop.models.entities import (
    AuditEntry,
    Card,
    CountEntry,
    Customer,
    PointsEntry,
    Purchase,
    ValueEntry,
)
from crm_desktop.models.errors import DomainError
from crm_desktop.models.opening import create_store
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store


@dataclass
class World:
    store: Store
    cards: CardService
    type_ids: list[int]
    gold: int
    phones: Iterator[int] = field(default_factory=lambda: itertools.count(13900000000))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    path: Path = tmp_path_factory.mktemp("ledger") / "shop.crm"
    store, _ = create_store(path, "测试小店", "boss", "owner-pass-1")
    owner = store.actor_for("boss")
    catalog = CatalogService(store, owner)
    types = [
        catalog.create_card_type("储值卡", "stored_value", price_fen=1000,
                                 bonus_rules=[(10000, 1000), (50000, 8000)]),
        catalog.create_card_type("次卡", "count", price_fen=30000, count_total=10,
                                 validity_days=365),
        catalog.create_card_type("积分卡", "points"),
        catalog.create_card_type("综合卡", "mixed", price_fen=5000, count_total=5,
                                 bonus_rules=[(20000, 3000)]),
    ]
    catalog.create_tier("普通", 0)
    gold = catalog.create_tier("金卡", 1, price_percent=88, points_multiplier_percent=150)
    yield World(store, CardService(store, owner), [t.id for t in types], gold.id)
    store.close()


amounts = st.one_of(st.integers(1, 80_000), st.sampled_from([100, 5800, 10000, 50000]))
slot = st.integers(0, 5)
issues = st.tuples(st.just("issue"), st.integers(0, 3), st.sampled_from([0, 10000, 50000]),
                   st.booleans())
first_issues = st.tuples(st.just("issue"), st.sampled_from([0, 3]),
                         st.sampled_from([10000, 50000]), st.booleans())
top_ups = st.tuples(st.just("top_up"), slot, amounts)
consumes = st.tuples(st.just("consume"), slot, amounts, st.sampled_from(["stored_value", "cash"]))
refunds = st.tuples(st.just("refund"), slot)
# Money actions are drawn more often than the ones that end a card.
operations = st.one_of(
    issues, top_ups, top_ups, consumes, consumes, consumes, refunds, refunds,
    st.tuples(st.just("redeem"), slot, st.integers(0, 400)),
    st.tuples(st.just("use_count"), slot, st.integers(1, 6)),
    st.tuples(st.just("freeze"), slot),
    st.tuples(st.just("unfreeze"), slot),
    st.tuples(st.just("lost"), slot),
    st.tuples(st.just("found"), slot),
    st.tuples(st.just("replace"), slot),
    st.tuples(st.just("cancel"), slot),
    st.tuples(st.just("expire"), slot),
)


def _apply(world: World, op: tuple[Any, ...], customer_id: int, cards: list[int]) -> bool:
    """Run one action; False when there was nothing to act on."""
    svc = world.cards
    kind = op[0]
    if kind == "issue":
        _, type_index, topup, gold = op
        card = svc.issue(customer_id, world.type_ids[type_index], first_topup_fen=topup,
                         tier_id=world.gold if gold else None)
        cards.append(card.id)
        return True
    if not cards:
        return False
    card_id = cards[op[1] % len(cards)]
    if kind == "top_up":
        svc.top_up(card_id, op[2], "wechat")
    elif kind == "consume":
        svc.consume(card_id, op[2], op[3])
    elif kind == "redeem":
        svc.redeem_points(card_id, op[2])
    elif kind == "use_count":
        svc.use_count(card_id, op[2])
    elif kind == "refund":
        purchases = svc.purchases_of(customer_id, limit=500)
        if not purchases:
            return False
        svc.refund(purchases[op[1] % len(purchases)].id, "退货")
    elif kind == "freeze":
        svc.freeze(card_id)
    elif kind == "unfreeze":
        svc.unfreeze(card_id)
    elif kind == "lost":
        svc.report_lost(card_id)
    elif kind == "found":
        svc.report_found(card_id)
    elif kind == "replace":
        cards.append(svc.replace(card_id).id)
    elif kind == "cancel":
        svc.cancel(card_id, "cash", "不用了")
    elif kind == "expire":
        with world.store.write() as session:  # the card's last day has passed
            row = session.get(Card, card_id)
            assert row is not None
            row.expires_on = date.today() - timedelta(days=1)
        return svc.expire_due() > 0
    return True


def _snapshot(store: Store, customer_id: int) -> tuple[Any, ...]:
    with store.read() as session:
        cards = session.execute(
            select(Card.id, Card.status, Card.principal_fen, Card.bonus_fen, Card.points,
                   Card.counts_left, Card.version, Card.replaced_by_id, Card.tier_id)
            .where(Card.customer_id == customer_id).order_by(Card.id)
        ).all()
        counts = [
            session.scalar(select(func.count()).select_from(table).where(
                table.customer_id == customer_id))
            for table in (ValueEntry, PointsEntry, CountEntry, Purchase)
        ]
        audit = session.scalar(select(func.count()).select_from(AuditEntry))
    return tuple(cards), tuple(counts), audit


def _check_ledgers(store: Store, customer_id: int) -> None:
    with store.read() as session:
        for card in session.scalars(select(Card).where(Card.customer_id == customer_id)):
            assert min(card.principal_fen, card.bonus_fen, card.points, card.counts_left) >= 0
            principal = bonus = 0
            for entry in session.scalars(
                select(ValueEntry).where(ValueEntry.card_id == card.id).order_by(ValueEntry.id)
            ):
                principal += entry.principal_fen
                bonus += entry.bonus_fen
                assert (entry.principal_after_fen, entry.bonus_after_fen) == (principal, bonus)
                assert principal >= 0 and bonus >= 0
            assert (card.principal_fen, card.bonus_fen) == (principal, bonus)
            points = 0
            for p in session.scalars(
                select(PointsEntry).where(PointsEntry.card_id == card.id).order_by(PointsEntry.id)
            ):
                points += p.points
                assert p.points_after == points >= 0
            assert card.points == points
            counts = 0
            for c in session.scalars(
                select(CountEntry).where(CountEntry.card_id == card.id).order_by(CountEntry.id)
            ):
                counts += c.counts
                assert c.counts_after == counts >= 0
            assert card.counts_left == counts
            if card.status in ("replaced", "cancelled"):
                assert (card.principal_fen, card.bonus_fen, card.points, card.counts_left) == (
                    0, 0, 0, 0)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(first=first_issues, ops=st.lists(operations, min_size=1, max_size=20))
def test_random_card_actions_keep_every_ledger_whole(
    world: World, first: tuple[Any, ...], ops: list[Any]
) -> None:
    customer_id = _new_customer(world)
    cards: list[int] = []
    for op in [first, *ops]:
        before = _snapshot(world.store, customer_id)
        try:
            acted = _apply(world, op, customer_id, cards)
        except DomainError:
            event(f"{op[0]} refused")
            assert _snapshot(world.store, customer_id) == before, op
        else:
            event(f"{op[0]} {'done' if acted else 'idle'}")
            after = _snapshot(world.store, customer_id)
            assert after[2] == before[2] + (1 if acted else 0), op  # one audit entry per action
        _check_ledgers(world.store, customer_id)


def _new_customer(world: World) -> int:
    with world.store.write() as session:
        customer = Customer(name="随机顾客", phone=str(next(world.phones)))
        session.add(customer)
        session.flush()
        return customer.id


def test_a_refused_action_leaves_no_trace(world: World) -> None:
    customer_id = _new_customer(world)
    card = world.cards.issue(customer_id, world.type_ids[0], first_topup_fen=10000)
    before = _snapshot(world.store, customer_id)
    with pytest.raises(DomainError, match="余额不足"):
        world.cards.consume(card.id, 999_999, "stored_value")
    assert _snapshot(world.store, customer_id) == before
    world.cards.top_up(card.id, 100, "cash")
    assert _snapshot(world.store, customer_id)[2] == before[2] + 1
