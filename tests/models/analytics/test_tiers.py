"""Tier rules: upgrade at once, never down in the middle of a purchase, review, guard, view."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from analytics_builders import add_customer, add_sale

from crm_desktop.models.actor import Actor
from crm_desktop.models.analytics.tier_view import tier_member_ids, tier_overview
from crm_desktop.models.analytics.tiers import (
    apply_upgrade_after_purchase,
    run_tier_review,
    set_review_schedule,
)
from crm_desktop.models.entities import (
    AuditEntry,
    Card,
    CardType,
    PointsEntry,
    Purchase,
    Tier,
    TierChange,
)
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.progress import Cancelled, Progress, cancelled_error
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

AT = date(2025, 6, 30)


def make_tiers(store: Store, *rules: tuple[str, int, str, int, int]) -> dict[str, int]:
    with store.write() as session:
        tiers = [
            Tier(name=name, rank=rank, rule_kind=kind, threshold=threshold, window_days=window)
            for name, rank, kind, threshold, window in rules
        ]
        session.add_all(tiers)
        session.flush()
        return {t.name: t.id for t in tiers}


STANDARD = (
    ("普通会员", 1, "spend", 0, 365),
    ("银卡", 2, "spend", 200000, 365),
    ("金卡", 3, "spend", 500000, 365),
)


def make_card(store: Store, customer_id: int, tier_id: int | None, number: str) -> int:
    with store.write() as session:
        kind = session.query(CardType).first()
        if kind is None:
            kind = CardType(name="储值卡", kind="stored_value")
            session.add(kind)
            session.flush()
        card = Card(number=number, customer_id=customer_id, card_type_id=kind.id, tier_id=tier_id)
        session.add(card)
        session.flush()
        return card.id


def tier_of(store: Store, card_id: int) -> int | None:
    with store.read() as session:
        card = session.get(Card, card_id)
        assert card is not None
        return card.tier_id


def changes(store: Store) -> list[tuple[int, int | None, int | None, str]]:
    with store.read() as session:
        rows = session.query(TierChange).order_by(TierChange.id).all()
        return [(r.card_id, r.from_tier_id, r.to_tier_id, r.reason_kind) for r in rows]


def test_a_qualifying_purchase_upgrades_at_once(store: Store) -> None:
    tiers = make_tiers(store, *STANDARD)
    cid = add_customer(store, "张三")
    card = make_card(store, cid, tiers["普通会员"], "800000000018")
    add_sale(store, cid, date(2025, 1, 10), 480000, card_id=card)
    # The purchase and the upgrade in one transaction, as the card service does it.
    with store.write() as session:
        session.add(
            Purchase(
                customer_id=cid,
                card_id=card,
                ts=datetime(2025, 6, 30, 11),
                kind="sale",
                amount_fen=30000,
                paid_fen=30000,
                payment_method="cash",
            )
        )
        change = apply_upgrade_after_purchase(session, card, AT)
    assert change is not None
    # ¥4,800 + ¥300 = ¥5,100 meets both silver and gold: straight to gold.
    assert (change.from_name, change.to_name, change.is_upgrade) == ("普通会员", "金卡", True)
    assert change.reason == "近365天消费 ¥5,100.00，符合「金卡」门槛 ¥5,000.00"
    assert tier_of(store, card) == tiers["金卡"]
    assert changes(store) == [(card, tiers["普通会员"], tiers["金卡"], "rule")]


def test_spend_outside_the_window_does_not_count(store: Store) -> None:
    tiers = make_tiers(store, *STANDARD)
    cid = add_customer(store, "李四")
    card = make_card(store, cid, tiers["普通会员"], "800000000026")
    add_sale(store, cid, date(2024, 6, 30), 300000)  # 366 days before AT
    add_sale(store, cid, date(2024, 7, 1), 250000)  # the window's first day
    with store.write() as session:
        change = apply_upgrade_after_purchase(session, card, AT)
    assert change is not None and change.to_name == "银卡"


def test_no_downgrade_in_the_middle_of_a_purchase(store: Store) -> None:
    tiers = make_tiers(store, *STANDARD)
    cid = add_customer(store, "王五")
    card = make_card(store, cid, tiers["金卡"], "800000000034")
    add_sale(store, cid, AT, 1000, card_id=card)
    with store.write() as session:
        assert apply_upgrade_after_purchase(session, card, AT) is None
    assert tier_of(store, card) == tiers["金卡"]
    assert changes(store) == []


def test_guard_never_lifts_past_a_tier_not_met(store: Store) -> None:
    # Gold's threshold was set below silver's by mistake: ¥3,000 meets gold's rule only.
    tiers = make_tiers(
        store,
        ("普通会员", 1, "spend", 0, 365),
        ("银卡", 2, "spend", 400000, 365),
        ("金卡", 3, "spend", 100000, 365),
    )
    cid = add_customer(store, "赵六")
    card = make_card(store, cid, tiers["普通会员"], "800000000042")
    add_sale(store, cid, AT, 300000)
    with store.write() as session:
        assert apply_upgrade_after_purchase(session, card, AT) is None
    assert tier_of(store, card) == tiers["普通会员"]


def test_points_rule_counts_earned_points_less_refunds(store: Store) -> None:
    tiers = make_tiers(store, ("普通会员", 1, "spend", 0, 365), ("积分达人", 2, "points", 1000, 90))
    cid = add_customer(store, "孙七")
    card = make_card(store, cid, tiers["普通会员"], "800000000059")
    with store.write() as session:
        for points, kind in ((700, "earn"), (500, "earn"), (-150, "refund"), (-900, "redeem")):
            session.add(
                PointsEntry(
                    card_id=card, customer_id=cid, ts=datetime(2025, 6, 1), kind=kind, points=points
                )
            )
    with store.write() as session:
        assert apply_upgrade_after_purchase(session, card, AT) is not None
    assert tier_of(store, card) == tiers["积分达人"]
    with store.read() as session:
        reason = session.query(TierChange.reason).scalar()
    assert reason == "近90天积分 1,050，符合「积分达人」门槛 1,000"


def test_review_is_refused_before_its_date_and_by_a_clerk(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    tiers = make_tiers(store, *STANDARD)
    cid = add_customer(store, "周八")
    card = make_card(store, cid, tiers["金卡"], "800000000067")
    with pytest.raises(ValidationError, match="还没有设置等级复核日"):
        run_tier_review(store, owner, AT)
    set_review_schedule(store, owner, date(2025, 7, 1), 12)
    with pytest.raises(ValidationError, match="等级复核日是 2025-07-01，还没到"):
        run_tier_review(store, owner, AT)
    with pytest.raises(PermissionDenied, match="前台账号无权管理卡种和等级"):
        run_tier_review(store, clerk, date(2025, 7, 1))
    assert tier_of(store, card) == tiers["金卡"] and changes(store) == []


def test_review_moves_cards_down_and_up_in_one_audited_action(store: Store, owner: Actor) -> None:
    tiers = make_tiers(store, *STANDARD)
    slipped = add_customer(store, "吴九")
    grew = add_customer(store, "郑十")
    steady = add_customer(store, "钱一")
    slipped_card = make_card(store, slipped, tiers["金卡"], "800000000075")
    grew_card = make_card(store, grew, tiers["普通会员"], "800000000083")
    steady_card = make_card(store, steady, tiers["银卡"], "800000000091")
    add_sale(store, slipped, date(2025, 3, 1), 250000)
    add_sale(store, grew, date(2025, 3, 1), 600000)
    add_sale(store, steady, date(2025, 3, 1), 300000)
    set_review_schedule(store, owner, date(2025, 7, 1), 12)
    with store.read() as session:
        audits = session.query(AuditEntry).count()
    result = run_tier_review(store, owner, date(2025, 7, 1))
    assert (result.cards_rated, result.upgraded, result.downgraded) == (3, 1, 1)
    assert result.next_on == date(2026, 7, 1)
    assert tier_of(store, slipped_card) == tiers["银卡"]
    assert tier_of(store, grew_card) == tiers["金卡"]
    assert tier_of(store, steady_card) == tiers["银卡"]
    assert sorted(changes(store)) == [
        (slipped_card, tiers["金卡"], tiers["银卡"], "review"),
        (grew_card, tiers["普通会员"], tiers["金卡"], "review"),
    ]
    with store.read() as session:
        assert session.query(AuditEntry).count() == audits + 1
        last = session.query(AuditEntry).order_by(AuditEntry.id.desc()).first()
        assert last is not None and last.action == "tier.review"
    # The next review waits for its own date.
    with pytest.raises(ValidationError, match="2026-07-01"):
        run_tier_review(store, owner, date(2025, 7, 2))


def test_a_review_reports_its_steps_and_a_cancel_changes_no_card(
    store: Store, owner: Actor
) -> None:
    tiers = make_tiers(store, *STANDARD)
    grew = add_customer(store, "冯二")
    card = make_card(store, grew, tiers["普通会员"], "800000000109")
    add_sale(store, grew, date(2025, 3, 1), 600000)
    set_review_schedule(store, owner, date(2025, 7, 1), 12)

    def cancel_when_writing(step: Progress) -> None:
        if step.stage == "write":
            raise cancelled_error()

    with pytest.raises(Cancelled):
        run_tier_review(store, owner, date(2025, 7, 1), progress=cancel_when_writing)
    assert tier_of(store, card) == tiers["普通会员"] and changes(store) == []

    seen: list[Progress] = []
    run_tier_review(store, owner, date(2025, 7, 1), progress=seen.append)
    assert [s.stage for s in seen] == ["qualify", "rate", "write", "write"]
    assert seen[-1].done == seen[-1].total and tier_of(store, card) == tiers["金卡"]


def test_tier_view_counts_members_spend_and_moves(store: Store, owner: Actor) -> None:
    tiers = make_tiers(store, *STANDARD)
    a, b, c = (add_customer(store, n) for n in ("甲", "乙", "丙"))
    card_a = make_card(store, a, tiers["金卡"], "800000000109")
    card_b = make_card(store, b, tiers["普通会员"], "800000000117")
    make_card(store, c, tiers["普通会员"], "800000000125")
    add_sale(store, a, date(2025, 6, 2), 520000, card_id=card_a)
    add_sale(store, b, date(2025, 5, 2), 1000, card_id=card_b)
    add_sale(store, c, date(2025, 5, 3), 7000)  # no card: in no tier's spend
    with store.write() as session:
        for card, cust, when, frm, to, kind in (
            (card_a, a, datetime(2025, 4, 3), None, "普通会员", "issue"),
            (card_a, a, datetime(2025, 4, 9), "普通会员", "银卡", "rule"),
            (card_a, a, datetime(2025, 6, 2), "银卡", "金卡", "rule"),
            (card_b, b, datetime(2025, 6, 5), "银卡", "普通会员", "review"),
            (card_b, b, datetime(2024, 12, 31), "普通会员", "银卡", "rule"),
        ):
            session.add(
                TierChange(
                    card_id=card,
                    customer_id=cust,
                    ts=when,
                    from_tier_id=tiers.get(frm or ""),
                    to_tier_id=tiers[to],
                    reason_kind=kind,
                )
            )
    with store.read() as session:
        view = tier_overview(session, date(2025, 1, 1), AT)
        base_members = tier_member_ids(session, tiers["普通会员"])
    stats = {t.name: (t.members, t.spend_fen) for t in view.tiers}
    assert stats == {"普通会员": (2, 1000), "银卡": (0, 0), "金卡": (1, 520000)}
    month = {m.month: (m.upgrades, m.downgrades) for m in view.movement}
    # Six months shown; issuing a card is not an upgrade; December is outside the range.
    assert month == {
        "2025-01": (0, 0),
        "2025-02": (0, 0),
        "2025-03": (0, 0),
        "2025-04": (1, 0),
        "2025-05": (0, 0),
        "2025-06": (1, 1),
    }
    assert base_members == [b, c]
