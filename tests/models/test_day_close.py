"""Day-end close (日结): the sum of its shifts, closed only when they are, reopened by the owner."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import ConflictError, PermissionDenied, ValidationError
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.day_close import DayCloseService
from crm_desktop.models.services.shifts import ShiftService
from crm_desktop.models.store.store import Store
from tests.models.test_shifts import METHODS, CounterDay, counter_day, ledger_sums

pytestmark = pytest.mark.both_backends


def close_both(store: Store, day: CounterDay, short_fen: int = 100) -> None:
    one = ShiftService(store, day.clerk1)
    one.close(one.figures().expected_cash_fen - short_fen, "少了一点")
    two = ShiftService(store, day.clerk2)
    two.close(two.figures().expected_cash_fen)


def test_the_day_is_the_sum_of_its_shifts_and_the_actions_outside_them(
    store: Store, owner: Actor, clerk: Actor, accountant: Actor
) -> None:
    day = counter_day(store, owner, clerk)
    close_both(store, day)
    figures = DayCloseService(store, accountant).figures(date.today())
    assert figures.status == "open" and len(figures.shifts) == 2
    outside = {m.method: [m.in_fen, m.out_fen] for m in figures.outside_shifts}
    assert outside == ledger_sums(store, None)
    assert outside["cash"] == [1_000, 0]  # the owner's top-up with no shift open
    for method in METHODS:
        line = figures.method(method)
        parts = [s.method(method) for s in figures.shifts]
        assert line.in_fen == sum(p.in_fen for p in parts) + outside[method][0]
        assert line.out_fen == sum(p.out_fen for p in parts) + outside[method][1]
    assert figures.cash_difference_fen == -100
    clerks = {c.username: c for c in figures.clerks}
    assert clerks["clerk1"].difference_fen == -100 and clerks["clerk2"].shifts == 1
    assert figures.transactions == 11
    # Card liability: what cards hold now, and the day's movement ties start to end.
    with store.read() as session:
        held = session.execute(text(
            "SELECT sum(principal_fen + bonus_fen) FROM value_entries")).scalar()
    assert figures.liability_start_fen == 0 and figures.liability_end_fen == held
    assert figures.liability_start_fen + figures.liability_in_fen \
        - figures.liability_out_fen == figures.liability_end_fen


def test_a_day_with_a_shift_open_is_not_closed_and_names_the_clerk(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    day = counter_day(store, owner, clerk)
    ShiftService(store, day.clerk1).close(
        ShiftService(store, day.clerk1).figures().expected_cash_fen)
    with pytest.raises(ConflictError, match="clerk2"):
        DayCloseService(store, owner).close(date.today())
    with pytest.raises(PermissionDenied):
        DayCloseService(store, clerk).close(date.today())
    with pytest.raises(ValidationError, match="还没有到"):
        DayCloseService(store, owner).close(date.today() + timedelta(days=1))
    assert DayCloseService(store, owner).figures(date.today()).status == "open"


def test_a_closed_day_refuses_money_until_the_owner_reopens_it_with_a_reason(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    day = counter_day(store, owner, clerk)
    close_both(store, day)
    closed = DayCloseService(store, owner).close(date.today())
    assert (closed.status, closed.closed_by) == ("closed", "boss")
    with pytest.raises(ConflictError, match="已经日结"):
        DayCloseService(store, owner).close(date.today())
    with pytest.raises(ValidationError, match="已日结"):
        CardService(store, owner).top_up(day.card_a, 1_000, "cash")
    with pytest.raises(ValidationError, match="已日结"):
        ShiftService(store, clerk).open(0)
    with pytest.raises(PermissionDenied):
        DayCloseService(store, clerk).reopen(date.today(), "补录")
    with pytest.raises(ValidationError, match="原因"):
        DayCloseService(store, owner).reopen(date.today(), "  ")
    DayCloseService(store, owner).reopen(date.today(), "漏记一笔充值")
    again = DayCloseService(store, owner).figures(date.today())
    assert (again.status, again.reopen_reason) == ("reopened", "漏记一笔充值")
    CardService(store, owner).top_up(day.card_a, 1_000, "cash")
    closed_again = DayCloseService(store, owner).close(date.today())
    assert closed_again.outside_shifts[0].in_fen == 2_000
    with store.read() as session:
        rows = session.execute(text("SELECT status, summary FROM day_closes")).all()
        log = session.execute(text(
            "SELECT action, after FROM audit_entries WHERE action LIKE 'day.%' ORDER BY id")).all()
    assert len(rows) == 1 and rows[0][0] == "closed"
    assert json.loads(rows[0][1])["outside_shifts"]["cash"] == [2_000, 0]
    assert [a for a, _ in log] == ["day.close", "day.reopen", "day.close"]
    assert json.loads(log[1][1])["reason"] == "漏记一笔充值"
