"""Shifts (交班): a float counted in, every kind of money action, the close tied to the ledgers."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer, Shift
from crm_desktop.models.errors import ConflictError, PermissionDenied, ValidationError
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.counter_records import ShiftFigures
from crm_desktop.models.services.shifts import ShiftService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

METHODS = ("cash", "wechat", "alipay", "bank_card", "other")


@dataclass
class CounterDay:
    """A day at the counter: two clerks' shifts with every kind of money action."""

    clerk1: Actor
    clerk2: Actor
    shift1: int
    shift2: int
    card_a: int


def second_clerk(store: Store, owner: Actor) -> Actor:
    UserService(store, owner).add("clerk2", "clerk", "staff-pass-1")
    return store.actor_for("clerk2")


def counter_day(store: Store, owner: Actor, clerk: Actor) -> CounterDay:
    """Clerk 1: issue with fee and cash top-up, wechat top-up, card and cash sales, a cash
    refund. Clerk 2: issue with fee and wechat top-up, an alipay sale refunded, a
    cancellation paid out in cash. The owner, with no shift open: a cash top-up."""
    clerk2 = second_clerk(store, owner)
    kind = CatalogService(store, owner).create_card_type(
        "储值卡", "stored_value", price_fen=2000, bonus_rules=[(10000, 1000)])
    with store.write() as session:
        a, b = Customer(name="张三", phone="13800138000"), Customer(name="李四", phone="13900139000")
        session.add_all([a, b])
        session.flush()
        a_id, b_id = a.id, b.id
    shift1 = ShiftService(store, clerk).open(50_000)
    shift2 = ShiftService(store, clerk2).open(30_000)
    one, two = CardService(store, clerk), CardService(store, clerk2)
    card_a = one.issue(a_id, kind.id, first_topup_fen=10_000, payment_method="cash").id
    one.top_up(card_a, 5_000, "wechat")
    one.consume(card_a, 3_000, "stored_value")
    one.consume(card_a, 4_000, "cash")
    refunded = one.consume(card_a, 1_500, "cash")
    assert refunded.purchase_id is not None
    one.refund(refunded.purchase_id, "顾客不要了")
    card_b = two.issue(b_id, kind.id, fee_fen=1_000, first_topup_fen=20_000,
                       payment_method="wechat").id
    sale = two.consume(card_b, 6_000, "alipay")
    assert sale.purchase_id is not None
    two.refund(sale.purchase_id, "刷错了")
    two.cancel(card_b, "cash", "搬家")
    CardService(store, owner).top_up(card_a, 1_000, "cash")
    return CounterDay(clerk, clerk2, shift1.id, shift2.id, card_a)


def ledger_sums(store: Store, shift_id: int | None, day: date | None = None) -> dict[str, list[int]]:
    """{method: [in, out]} summed straight from the ledgers for one shift (or outside shifts)."""
    where = "t.shift_id = :s" if shift_id is not None else \
        "t.shift_id IS NULL AND t.business_day = :d"
    args = {"s": shift_id, "d": (day or date.today()).isoformat()}
    sums = {m: [0, 0] for m in METHODS}
    with store.read() as session:
        for method, fen in session.execute(text(
            "SELECT v.payment_method, v.principal_fen FROM value_entries v JOIN transactions t "
            f"ON t.operation_id = v.operation_id WHERE {where} "
            "AND v.kind IN ('topup', 'cancel_refund')"), args):
            sums[method][0 if fen > 0 else 1] += abs(fen)
        for method, fen in session.execute(text(
            "SELECT p.payment_method, p.paid_fen FROM purchases p JOIN transactions t "
            f"ON t.operation_id = p.operation_id WHERE {where} "
            "AND p.payment_method NOT IN ('stored_value', 'count')"), args):
            sums[method][0 if fen > 0 else 1] += abs(fen)
    return sums


def as_sums(figures: ShiftFigures) -> dict[str, list[int]]:
    return {m.method: [m.in_fen, m.out_fen] for m in figures.methods}


def test_a_shift_opens_with_its_float_once_and_only_for_its_clerk(
    store: Store, clerk: Actor
) -> None:
    shifts = ShiftService(store, clerk)
    assert shifts.current() is None
    opened = shifts.open(20_000)
    assert (opened.float_fen, opened.status, opened.username) == (20_000, "open", "clerk1")
    assert opened.business_day == date.today()
    assert shifts.current() == opened
    with pytest.raises(ConflictError, match="已经开班"):
        shifts.open(10_000)
    with pytest.raises(ValidationError):
        ShiftService(store, clerk).open(-5)
    with pytest.raises(ConflictError, match="没有开班"):
        ShiftService(store, store.actor_for("boss")).close(0)
    assert shifts.figures().expected_cash_fen == 20_000


def test_the_close_ties_to_the_ledgers_to_the_fen_per_method_and_kind(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    day = counter_day(store, owner, clerk)
    first = ShiftService(store, clerk).figures()
    second = ShiftService(store, day.clerk2).figures()
    assert as_sums(first) == ledger_sums(store, day.shift1)
    assert as_sums(second) == ledger_sums(store, day.shift2)
    # The same figures by hand: fee 20 + top-up 100 + sales 40 and 15 in cash, 15 back.
    assert first.method("cash").in_fen == 2_000 + 10_000 + 4_000 + 1_500
    assert first.method("cash").out_fen == 1_500
    assert first.method("wechat").in_fen == 5_000
    assert first.expected_cash_fen == 50_000 + 16_000
    assert second.method("wechat").in_fen == 1_000 + 20_000
    assert (second.method("alipay").in_fen, second.method("alipay").out_fen) == (6_000, 6_000)
    assert second.method("cash").out_fen == 20_000  # the cancelled card's 本金 paid out
    assert second.expected_cash_fen == 30_000 - 20_000
    kinds = {(k.kind, k.method): k.amount_fen for k in first.kinds}
    assert kinds == {("top_up", "cash"): 10_000, ("top_up", "wechat"): 5_000,
                     ("sale", "cash"): 5_500, ("card_fee", "cash"): 2_000,
                     ("refund", "cash"): -1_500, ("from_card", "stored_value"): 3_000}
    assert {k.kind for k in second.kinds} == {
        "top_up", "card_fee", "sale", "refund", "cancel_cash_out"}
    # Every operation the clerk took is counted, the owner's top-up in neither shift.
    assert first.transactions == 6 and second.transactions == 4


def test_a_cash_difference_needs_a_note_and_is_one_audit_entry(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    counter_day(store, owner, clerk)
    shifts = ShiftService(store, clerk)
    expected = shifts.figures().expected_cash_fen
    with pytest.raises(ValidationError, match="短款 1.00 元"):
        shifts.close(expected - 100)
    assert shifts.current() is not None  # refused: nothing written
    closed = shifts.close(expected - 100, "找零多给了一元")
    assert (closed.difference_fen, closed.note) == (-100, "找零多给了一元")
    assert closed.figures.shift.status == "closed" and shifts.current() is None
    with store.read() as session:
        row = session.get(Shift, closed.figures.shift.id)
        assert row is not None
        assert (row.expected_cash_fen, row.counted_cash_fen, row.difference_fen) == (
            expected, expected - 100, -100)
        assert json.loads(row.summary or "{}")["methods"]["wechat"] == [5_000, 0]
        entries = session.execute(text(
            "SELECT after FROM audit_entries WHERE action = 'shift.close'")).all()
    assert len(entries) == 1
    after = json.loads(entries[0][0])
    assert (after["difference_fen"], after["note"]) == (-100, "找零多给了一元")
    assert after["counted_cash_fen"] == expected - 100
    # A shift closed even: no note needed.
    other = ShiftService(store, store.actor_for("clerk2"))
    assert other.close(other.figures().expected_cash_fen).difference_fen == 0


def test_a_clerk_sees_only_their_own_shifts_the_owner_all(
    store: Store, owner: Actor, clerk: Actor, accountant: Actor
) -> None:
    day = counter_day(store, owner, clerk)
    with pytest.raises(PermissionDenied):
        ShiftService(store, clerk).figures(day.shift2)
    assert [s.id for s in ShiftService(store, clerk).shifts_of_day(date.today())] == [day.shift1]
    everyone = ShiftService(store, owner).shifts_of_day(date.today())
    assert [s.username for s in everyone] == ["clerk1", "clerk2"]
    assert ShiftService(store, owner).figures(day.shift2).expected_cash_fen == 10_000
    with pytest.raises(PermissionDenied):
        ShiftService(store, accountant).open(0)
    with pytest.raises(PermissionDenied):
        ShiftService(store, clerk).close(0, shift_id=day.shift2)
    # The owner may close a clerk's shift left open, so the day can be closed.
    closed = ShiftService(store, owner).close(10_000, shift_id=day.shift2)
    assert closed.figures.shift.username == "clerk2" and closed.difference_fen == 0
