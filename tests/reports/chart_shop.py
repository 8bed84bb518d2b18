"""A small shop file with a bit of everything the charts count, worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

from crm_desktop.models.entities import (
    Card,
    CardType,
    Customer,
    Feedback,
    Purchase,
    SurveyAnswer,
    Tier,
    TierChange,
    ValueEntry,
)
from crm_desktop.models.store.store import Store

# (name, gender, birthday, province, city, created)
PEOPLE = (
    ("张伟", "M", date(1990, 3, 1), "浙江", "杭州", datetime(2025, 1, 5)),
    ("王芳", "F", date(1985, 7, 9), "浙江", "宁波", datetime(2025, 1, 20)),
    ("李娜", "F", date(2001, 12, 30), "江苏", "南京", datetime(2025, 2, 11)),
    ("刘洋", "M", None, "上海", "上海", datetime(2025, 3, 3)),
    ("陈静", "F", date(1960, 5, 5), None, None, datetime(2025, 3, 28)),
    ("杨光", None, date(2010, 1, 1), "浙江", "杭州", datetime(2025, 5, 2)),
)


def build_shop(store: Store) -> dict[str, int]:
    """Six customers, purchases by four methods, top-ups, tiers, complaints and surveys."""
    with store.write() as session:
        ids = {}
        for name, gender, birthday, province, city, created in PEOPLE:
            c = Customer(
                name=name,
                gender=gender,
                birthday=birthday,
                province=province,
                city=city,
                created_at=created,
                updated_at=created,
            )
            session.add(c)
            session.flush()
            ids[name] = c.id
        base = Tier(name="普通会员", rank=1, threshold=0)
        gold = Tier(name="金卡", rank=2, threshold=100000)
        kind = CardType(name="储值卡", kind="stored_value")
        session.add_all([base, gold, kind])
        session.flush()
        cards = {}
        for i, name in enumerate(("张伟", "王芳", "李娜")):
            card = Card(
                number=f"80000000{i:04d}",
                customer_id=ids[name],
                card_type_id=kind.id,
                tier_id=gold.id if name == "王芳" else base.id,
                issued_at=datetime(2025, 1, 20),
            )
            session.add(card)
            session.flush()
            cards[name] = card.id
        # Top-ups: 张伟 ¥500 by WeChat in January (+¥50 bonus), 王芳 ¥1,000 by cash in February.
        for name, when, paid, bonus, method in (
            ("张伟", datetime(2025, 1, 21), 50000, 5000, "wechat"),
            ("王芳", datetime(2025, 2, 2), 100000, 0, "cash"),
        ):
            session.add(
                ValueEntry(
                    card_id=cards[name],
                    customer_id=ids[name],
                    ts=when,
                    kind="topup",
                    principal_fen=paid,
                    bonus_fen=bonus,
                    payment_method=method,
                )
            )
        # Spent from stored value: 王芳 ¥300 in March (not takings again).
        session.add(
            ValueEntry(
                card_id=cards["王芳"],
                customer_id=ids["王芳"],
                ts=datetime(2025, 3, 5),
                kind="consume",
                principal_fen=-30000,
            )
        )
        for name, when, paid, method in (
            ("王芳", datetime(2025, 3, 5), 30000, "stored_value"),
            ("张伟", datetime(2025, 2, 14), 12000, "cash"),
            ("李娜", datetime(2025, 3, 9), 8800, "alipay"),
            ("刘洋", datetime(2025, 4, 1), 20000, "bank_card"),
            ("张伟", datetime(2025, 5, 20), 6600, "wechat"),
        ):
            session.add(
                Purchase(
                    customer_id=ids[name],
                    card_id=cards.get(name),
                    ts=when,
                    kind="sale",
                    amount_fen=paid,
                    paid_fen=paid,
                    payment_method=method,
                )
            )
        session.add(
            TierChange(
                card_id=cards["王芳"],
                customer_id=ids["王芳"],
                ts=datetime(2025, 3, 5),
                from_tier_id=base.id,
                to_tier_id=gold.id,
                reason_kind="rule",
            )
        )
        for name, opened, resolved in (
            ("张伟", datetime(2025, 2, 1), datetime(2025, 2, 4)),
            ("李娜", datetime(2025, 2, 20), datetime(2025, 2, 21)),
            ("王芳", datetime(2025, 4, 2), None),
        ):
            session.add(
                Feedback(
                    customer_id=ids[name],
                    kind="complaint",
                    created_at=opened,
                    resolved_at=resolved,
                    status="resolved" if resolved else "open",
                )
            )
        for name, day, score, nps in (
            ("张伟", date(2025, 3, 2), 5, 10),
            ("王芳", date(2025, 3, 9), 4, 9),
            ("李娜", date(2025, 3, 20), 2, 3),
            ("刘洋", date(2025, 4, 8), 4, 8),
        ):
            session.add(
                SurveyAnswer(customer_id=ids[name], answered_on=day, satisfaction=score, nps=nps)
            )
    return ids
