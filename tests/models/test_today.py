"""The Today panel's lists, on hand-built files with exactly known answers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Card, CardType, Customer, Feedback, Interaction
from crm_desktop.models.services.today import TodayService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends


def add_customer(
    store: Store, name: str, birthday: date | None = None, **extra: object
) -> int:
    with store.write() as session:
        customer = Customer(
            name=name,
            birthday=birthday,
            birthday_md=f"{birthday:%m-%d}" if birthday else None,
            **extra,
        )
        session.add(customer)
        session.flush()
        return customer.id


def add_follow_up(store: Store, customer_id: int, due: date, done: bool = False) -> int:
    with store.write() as session:
        row = Interaction(
            customer_id=customer_id,
            channel="call",
            summary="回访",
            follow_up_on=due,
            follow_up_done=done,
        )
        session.add(row)
        session.flush()
        return row.id


def add_feedback(
    store: Store, customer_id: int, opened: datetime, status: str = "open", kind: str = "complaint"
) -> int:
    with store.write() as session:
        row = Feedback(
            customer_id=customer_id,
            kind=kind,
            category="服务",
            description="等太久",
            status=status,
            created_at=opened,
        )
        session.add(row)
        session.flush()
        return row.id


def add_card(
    store: Store, customer_id: int, number: str, expires: date | None, status: str = "active"
) -> int:
    with store.write() as session:
        card_type = session.query(CardType).filter_by(name="年卡").first()
        if card_type is None:
            card_type = CardType(name="年卡", kind="period", validity_days=365)
            session.add(card_type)
            session.flush()
        card = Card(
            number=number,
            customer_id=customer_id,
            card_type_id=card_type.id,
            status=status,
            expires_on=expires,
        )
        session.add(card)
        session.flush()
        return card.id


def names(items: object) -> list[tuple[str, date]]:
    return [(i.customer_name, i.occurs_on) for i in items.items]  # type: ignore[attr-defined]


# -- birthdays ---------------------------------------------------------------------------------


@pytest.fixture
def birthdays(store: Store) -> dict[str, int]:
    ids = {
        "张三": add_customer(store, "张三", date(1990, 2, 28)),
        "闰日": add_customer(store, "闰日", date(2000, 2, 29)),
        "李四": add_customer(store, "李四", date(1985, 3, 2)),
        "王五": add_customer(store, "王五", date(1992, 2, 27)),
        # The Monday after the week: not listed.
        "赵六": add_customer(store, "赵六", date(1980, 3, 6)),
        "无生日": add_customer(store, "无生日"),
    }
    add_customer(store, "已注销", date(1991, 2, 28), status="terminated")
    add_customer(store, "另一个注销", date(1991, 3, 1), status="terminated")
    return ids


def test_birthdays_today_include_29_february_in_a_year_without_one(
    store: Store, owner: Actor, birthdays: dict[str, int]
) -> None:
    # Tuesday 28 February 2023; the week runs from Monday 27 February to Sunday 5 March.
    summary = TodayService(store, owner).summary(date(2023, 2, 28))

    assert (summary.week_start, summary.week_end) == (date(2023, 2, 27), date(2023, 3, 5))
    assert names(summary.birthdays_today) == [
        ("张三", date(2023, 2, 28)),
        ("闰日", date(2023, 2, 28)),
    ]
    assert [(b.customer_id, b.age) for b in summary.birthdays_today.items] == [
        (birthdays["张三"], 33),
        (birthdays["闰日"], 23),
    ]
    # Today's are not repeated; the week's run in date order, earlier days included.
    assert names(summary.birthdays_this_week) == [
        ("王五", date(2023, 2, 27)),
        ("李四", date(2023, 3, 2)),
    ]
    assert summary.birthdays_this_week.total == 2 and summary.birthdays_this_week.more == 0


def test_a_29_february_birthday_keeps_its_own_day_in_a_leap_year(
    store: Store, owner: Actor, birthdays: dict[str, int]
) -> None:
    # Wednesday 28 February 2024: the 29th exists this year.
    summary = TodayService(store, owner).summary(date(2024, 2, 28))

    assert names(summary.birthdays_today) == [("张三", date(2024, 2, 28))]
    assert names(summary.birthdays_this_week) == [
        ("王五", date(2024, 2, 27)),
        ("闰日", date(2024, 2, 29)),
        ("李四", date(2024, 3, 2)),
    ]


# -- follow-ups --------------------------------------------------------------------------------

DAY = date(2023, 6, 14)


def test_follow_ups_due_are_overdue_first_and_only_for_active_contactable_customers(
    store: Store, owner: Actor
) -> None:
    early = add_customer(store, "陈一")
    today = add_customer(store, "周二")
    gone = add_customer(store, "吴三", status="terminated")
    quiet = add_customer(store, "郑四", do_not_contact=True)
    today_id = add_follow_up(store, today, DAY)
    early_id = add_follow_up(store, early, DAY - timedelta(days=3))
    add_follow_up(store, early, DAY + timedelta(days=1))  # not due yet
    add_follow_up(store, today, DAY - timedelta(days=9), done=True)
    add_follow_up(store, gone, DAY - timedelta(days=1))
    add_follow_up(store, quiet, DAY - timedelta(days=1))

    due = TodayService(store, owner).summary(DAY).follow_ups

    assert [(f.interaction_id, f.customer_id, f.customer_name, f.days_overdue) for f in due.items] == [
        (early_id, early, "陈一", 3),
        (today_id, today, "周二", 0),
    ]
    assert due.items[0].due_on == DAY - timedelta(days=3)
    assert due.total == 2


def test_each_list_stops_at_the_limit_and_says_how_many_more(store: Store, owner: Actor) -> None:
    customer = add_customer(store, "陈一")
    for days in (5, 4, 3):
        add_follow_up(store, customer, DAY - timedelta(days=days))

    due = TodayService(store, owner).summary(DAY, limit=2).follow_ups

    assert [f.days_overdue for f in due.items] == [5, 4]
    assert (due.total, due.more) == (3, 1)


# -- complaints --------------------------------------------------------------------------------


def test_open_complaints_longest_waiting_first_kept_for_terminated_files(
    store: Store, owner: Actor
) -> None:
    active = add_customer(store, "陈一")
    gone = add_customer(store, "吴三", status="terminated")
    erased = add_customer(store, "匿名", status="anonymised")
    newer = add_feedback(store, active, datetime(2023, 6, 12, 9), status="in_progress")
    older = add_feedback(store, active, datetime(2023, 6, 1, 15))
    of_gone = add_feedback(store, gone, datetime(2023, 6, 10, 8))
    add_feedback(store, active, datetime(2023, 5, 1), status="resolved")
    add_feedback(store, active, datetime(2023, 5, 2), status="closed")
    add_feedback(store, active, datetime(2023, 5, 3), kind="suggestion")
    add_feedback(store, erased, datetime(2023, 5, 4))

    complaints = TodayService(store, owner).summary(DAY).complaints

    assert [
        (c.feedback_id, c.customer_name, c.status, c.days_waiting) for c in complaints.items
    ] == [
        (older, "陈一", "open", 13),
        (of_gone, "吴三", "open", 4),
        (newer, "陈一", "in_progress", 2),
    ]
    assert complaints.items[0].customer_id == active and complaints.items[0].category == "服务"


# -- cards -------------------------------------------------------------------------------------


def test_cards_expiring_this_month_include_those_already_past_but_still_active(
    store: Store, owner: Actor
) -> None:
    holder = add_customer(store, "陈一")
    gone = add_customer(store, "吴三", status="terminated")
    late = add_card(store, holder, "800000000011", date(2023, 6, 30))
    passed = add_card(store, holder, "800000000029", date(2023, 6, 3))
    add_card(store, holder, "800000000037", date(2023, 7, 1))  # next month
    add_card(store, holder, "800000000045", date(2023, 5, 31))  # last month
    add_card(store, holder, "800000000052", date(2023, 6, 20), status="frozen")
    add_card(store, holder, "800000000060", None)
    add_card(store, gone, "800000000078", date(2023, 6, 15))

    cards = TodayService(store, owner).summary(DAY).expiring_cards

    assert [(c.card_id, c.card_number, c.days_left) for c in cards.items] == [
        (passed, "800000000029", -11),
        (late, "800000000011", 16),
    ]
    assert {(c.customer_id, c.customer_name, c.card_type_name) for c in cards.items} == {
        (holder, "陈一", "年卡")
    }


# -- who may read it ---------------------------------------------------------------------------


def test_every_role_reads_the_same_today_lists(
    store: Store, owner: Actor, clerk: Actor, accountant: Actor, birthdays: dict[str, int]
) -> None:
    add_follow_up(store, birthdays["李四"], DAY)
    expected = TodayService(store, owner).summary(DAY)

    assert TodayService(store, clerk).summary(DAY) == expected
    assert TodayService(store, accountant).summary(DAY) == expected
    assert [f.customer_name for f in expected.follow_ups.items] == ["李四"]


def test_an_empty_file_has_four_empty_lists(store: Store, owner: Actor) -> None:
    summary = TodayService(store, owner).summary(DAY)

    for found in (
        summary.birthdays_today,
        summary.birthdays_this_week,
        summary.follow_ups,
        summary.complaints,
        summary.expiring_cards,
    ):
        assert (found.items, found.total) == ((), 0)
