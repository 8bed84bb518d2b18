"""The counter's figures for a shift (交班) or a business day (日结), summed from the ledgers.

Every figure is a sum of ledger rows (stored-value entries, purchases) joined to
their transaction number through the operation id, so a close ties to the
ledgers to the fen and an import or demo load (which takes no number) is never
counted as money at the counter. Each money action writes exactly one row that
carries money, so each fen is counted once:

- a top-up (also the first one at issue): its value entry, kind ``topup``; the
  paid part (本金) came in by its method, the bonus is no money;
- a sale not paid from a card, and a card's fee at issue or replacement: the
  purchase row, by its method (a fee is the purchase of a ``card.issue`` or
  ``card.replace`` operation);
- a refund: the refund purchase row (negative), by the sale's method;
- a card's cancellation: the ``cancel_refund`` value entry's 本金, paid out by
  its method (the forfeited bonus is no money).

Purchases paid from stored value and their refunds are shown as ``from_card``
(the money came in when the card was topped up); visits and points are no money.

A shift's money belongs to the business day the shift was opened on (a shift
running past midnight stays in its day); a money action taken with no shift
open belongs to its transaction's business day. So a day is the sum of its
shifts and its actions outside shifts, by construction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Integer, and_, func, literal, or_, select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import DayClose, Purchase, Shift, Transaction, User, ValueEntry
from crm_desktop.models.services.counter_records import (
    ClerkLine,
    DayFigures,
    KindLine,
    MethodLine,
    ShiftFigures,
    ShiftView,
)

# The methods money really moves by, in the order screens and exports show them.
MONEY_METHODS = ("cash", "wechat", "alipay", "bank_card", "other")
FROM_CARD = "from_card"
KIND_ORDER = ("top_up", "sale", "card_fee", "refund", "cancel_cash_out", FROM_CARD)
_FEE_ACTIONS = ("card.issue", "card.replace")
# Ledger kinds that only move stored value between cards: no change in what the shop owes.
_CARD_MOVES = ("transfer_in", "transfer_out")


@dataclass(frozen=True)
class Movement:
    """Money of one kind and method within one shift (or outside shifts: ``shift_id`` None)."""

    shift_id: int | None
    user_id: int | None
    kind: str
    method: str
    amount_fen: int  # + came in, − went out
    count: int
    transaction_id: int | None = None  # when asked for per transaction


def _method(value: str | None) -> str:
    return value if value in MONEY_METHODS else "other"


def movements(
    session: Session, where: ColumnElement[bool], *, per_transaction: bool = False
) -> list[Movement]:
    """Every money movement of the transactions ``where`` selects, by shift, user, kind, method
    (and by transaction when ``per_transaction``)."""
    found: list[Movement] = []
    # Grouping by a constant when not per transaction keeps one query shape for both.
    key = Transaction.id if per_transaction else literal(None, Integer)
    value_rows = session.execute(
        select(key, Transaction.shift_id, Transaction.user_id, ValueEntry.kind,
               ValueEntry.payment_method, func.sum(ValueEntry.principal_fen),
               func.count(func.distinct(ValueEntry.operation_id)))
        .join(Transaction, Transaction.operation_id == ValueEntry.operation_id)
        .where(where, ValueEntry.kind.in_(("topup", "cancel_refund")))
        .group_by(key, Transaction.shift_id, Transaction.user_id, ValueEntry.kind,
                  ValueEntry.payment_method)
    )
    for tid, shift_id, user_id, kind, method, fen, count in value_rows:
        name = "top_up" if kind == "topup" else "cancel_cash_out"
        found.append(
            Movement(shift_id, user_id, name, _method(method), int(fen or 0), count, tid))
    purchase_rows = session.execute(
        select(key, Transaction.shift_id, Transaction.user_id, Transaction.action,
               Purchase.kind, Purchase.payment_method, func.sum(Purchase.paid_fen),
               func.count(func.distinct(Purchase.operation_id)))
        .join(Transaction, Transaction.operation_id == Purchase.operation_id)
        .where(where, Purchase.payment_method != "count")
        .group_by(key, Transaction.shift_id, Transaction.user_id, Transaction.action,
                  Purchase.kind, Purchase.payment_method)
    )
    for tid, shift_id, user_id, action, kind, method, fen, count in purchase_rows:
        if method == "stored_value":
            name, method_name = FROM_CARD, "stored_value"
        else:
            method_name = _method(method)
            if kind == "refund":
                name = "refund"
            else:
                name = "card_fee" if action in _FEE_ACTIONS else "sale"
        found.append(Movement(shift_id, user_id, name, method_name, int(fen or 0), count, tid))
    return [m for m in found if m.amount_fen or m.count]


def method_lines(moves: Iterable[Movement]) -> tuple[MethodLine, ...]:
    """Money in and out per method, every money method listed (zeros included)."""
    ins: dict[str, int] = defaultdict(int)
    outs: dict[str, int] = defaultdict(int)
    for move in moves:
        if move.kind == FROM_CARD:
            continue
        if move.amount_fen >= 0:
            ins[move.method] += move.amount_fen
        else:
            outs[move.method] -= move.amount_fen
    return tuple(MethodLine(m, ins[m], outs[m]) for m in MONEY_METHODS)


def kind_lines(moves: Iterable[Movement]) -> tuple[KindLine, ...]:
    """Money per kind and method, in the order people read a close."""
    sums: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for move in moves:
        line = sums[(move.kind, move.method)]
        line[0] += move.amount_fen
        line[1] += move.count
    order = {**{k: i for i, k in enumerate(KIND_ORDER)}}
    methods = {m: i for i, m in enumerate((*MONEY_METHODS, "stored_value"))}
    keys = sorted(sums, key=lambda k: (order.get(k[0], 99), methods.get(k[1], 99), k))
    return tuple(KindLine(kind, method, sums[(kind, method)][0], sums[(kind, method)][1])
                 for kind, method in keys)


def expected_cash(float_fen: int, methods: Iterable[MethodLine]) -> int:
    """The cash the drawer should hold: the float, plus cash in, less cash out."""
    return float_fen + sum(line.net_fen for line in methods if line.method == "cash")


def usernames(session: Session) -> dict[int, str]:
    return {uid: name for uid, name in session.execute(select(User.id, User.username))}


def shift_view(shift: Shift, names: dict[int, str]) -> ShiftView:
    return ShiftView(
        id=shift.id, user_id=shift.user_id, username=names.get(shift.user_id, ""),
        business_day=shift.business_day, opened_at=shift.opened_at, float_fen=shift.float_fen,
        status=shift.status, closed_at=shift.closed_at,
        expected_cash_fen=shift.expected_cash_fen, counted_cash_fen=shift.counted_cash_fen,
        difference_fen=shift.difference_fen, note=shift.note,
    )


def _transaction_counts(session: Session, where: ColumnElement[bool]) -> dict[int | None, int]:
    rows = session.execute(
        select(Transaction.shift_id, func.count()).where(where).group_by(Transaction.shift_id)
    )
    return {shift_id: int(n) for shift_id, n in rows}


def figures_of(
    view: ShiftView, moves: list[Movement], transactions: int
) -> ShiftFigures:
    methods = method_lines(moves)
    return ShiftFigures(
        shift=view, methods=methods, kinds=kind_lines(moves),
        expected_cash_fen=expected_cash(view.float_fen, methods), transactions=transactions,
    )


def shift_figures(session: Session, shift: Shift) -> ShiftFigures:
    """The figures of one shift, so far if it is still open."""
    where = Transaction.shift_id == shift.id
    counts = _transaction_counts(session, where)
    return figures_of(shift_view(shift, usernames(session)), movements(session, where),
                      counts.get(shift.id, 0))


def shifts_on(session: Session, day: date) -> list[Shift]:
    """The shifts opened on ``day``, first opened first."""
    return list(session.scalars(
        select(Shift).where(Shift.business_day == day).order_by(Shift.opened_at, Shift.id)
    ))


def day_where(shift_ids: list[int], day: date) -> ColumnElement[bool]:
    outside = and_(Transaction.shift_id.is_(None), Transaction.business_day == day)
    if not shift_ids:
        return outside
    return or_(Transaction.shift_id.in_(shift_ids), outside)


def liability(session: Session, day: date) -> tuple[int, int, int, int]:
    """Stored value owed on cards (本金 + 赠送) at the day's start and end, what came on, went off.

    The same sum of ledger entries as the liability export; moves between cards
    (a replacement) change nothing the shop owes and are left out of in and out.
    """
    start = datetime.combine(day, datetime.min.time())
    end = start + timedelta(days=1)
    amount = ValueEntry.principal_fen + ValueEntry.bonus_fen

    def owed(before: datetime) -> int:
        return int(session.scalar(
            select(func.coalesce(func.sum(amount), 0)).where(ValueEntry.ts < before)) or 0)

    came = went = 0
    rows = session.execute(
        select(amount).where(ValueEntry.ts >= start, ValueEntry.ts < end,
                             ValueEntry.kind.not_in(_CARD_MOVES))
    )
    for (fen,) in rows:
        if fen > 0:
            came += int(fen)
        else:
            went -= int(fen)
    return owed(start), owed(end), came, went


def day_figures(session: Session, day: date) -> DayFigures:
    """The business day: its shifts, clerks, methods, actions outside shifts, liability."""
    names = usernames(session)
    shifts = shifts_on(session, day)
    where = day_where([s.id for s in shifts], day)
    moves = movements(session, where)
    counts = _transaction_counts(session, where)
    by_shift: dict[int | None, list[Movement]] = defaultdict(list)
    for move in moves:
        by_shift[move.shift_id].append(move)
    shift_lines = tuple(
        figures_of(shift_view(s, names), by_shift[s.id], counts.get(s.id, 0)) for s in shifts
    )
    clerks = _clerk_lines(shift_lines)
    start, end, came, went = liability(session, day)
    close = session.scalars(select(DayClose).where(DayClose.business_day == day)).first()
    return DayFigures(
        day=day,
        status=close.status if close is not None else "open",
        shifts=shift_lines,
        clerks=clerks,
        methods=method_lines(moves),
        outside_shifts=method_lines(by_shift[None]),
        cash_difference_fen=sum(s.shift.difference_fen or 0 for s in shift_lines),
        liability_start_fen=start,
        liability_end_fen=end,
        liability_in_fen=came,
        liability_out_fen=went,
        closed_by=names.get(close.closed_by) if close and close.closed_by else None,
        closed_at=close.closed_at if close is not None else None,
        reopen_reason=close.reopen_reason if close is not None else None,
        transactions=sum(counts.values()),
    )


def _clerk_lines(shifts: tuple[ShiftFigures, ...]) -> tuple[ClerkLine, ...]:
    grouped: dict[int, list[ShiftFigures]] = defaultdict(list)
    for figures in shifts:
        grouped[figures.shift.user_id].append(figures)
    lines = []
    for user_id, own in grouped.items():
        methods = tuple(
            MethodLine(m, sum(f.method(m).in_fen for f in own),
                       sum(f.method(m).out_fen for f in own))
            for m in MONEY_METHODS
        )
        lines.append(ClerkLine(
            user_id=user_id, username=own[0].shift.username, shifts=len(own), methods=methods,
            difference_fen=sum(f.shift.difference_fen or 0 for f in own),
        ))
    return tuple(sorted(lines, key=lambda c: c.username))


def lines_json(methods: Iterable[MethodLine]) -> dict[str, list[int]]:
    """{method: [in, out]} for the methods money moved through (for summaries and the log)."""
    return {m.method: [m.in_fen, m.out_fen] for m in methods if m.in_fen or m.out_fen}


def shift_summary(figures: ShiftFigures) -> dict[str, object]:
    """A shift's figures as stored with its close and shown in its audit entry."""
    view = figures.shift
    return {
        "shift_id": view.id,
        "user": view.username,
        "business_day": view.business_day.isoformat(),
        "float_fen": view.float_fen,
        "takings_fen": sum(m.in_fen for m in figures.methods),
        "paid_out_fen": sum(m.out_fen for m in figures.methods),
        "methods": lines_json(figures.methods),
        "kinds": [[k.kind, k.method, k.amount_fen, k.count] for k in figures.kinds],
        "expected_cash_fen": figures.expected_cash_fen,
        "transactions": figures.transactions,
    }


def day_summary(figures: DayFigures) -> dict[str, object]:
    """A day's figures as stored with its close (日结)."""
    return {
        "business_day": figures.day.isoformat(),
        "shifts": len(figures.shifts),
        "transactions": figures.transactions,
        "takings_fen": sum(m.in_fen for m in figures.methods),
        "paid_out_fen": sum(m.out_fen for m in figures.methods),
        "methods": lines_json(figures.methods),
        "outside_shifts": lines_json(figures.outside_shifts),
        "clerks": {c.username: {"shifts": c.shifts, "methods": lines_json(c.methods),
                                "difference_fen": c.difference_fen} for c in figures.clerks},
        "cash_difference_fen": figures.cash_difference_fen,
        "liability": [figures.liability_start_fen, figures.liability_in_fen,
                      figures.liability_out_fen, figures.liability_end_fen],
    }
