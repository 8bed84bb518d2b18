"""Transaction numbers (流水号): each money operation's number and shift; a closed day takes none.

An operation that wrote a ledger row (stored value, points, visits, a sale or a
refund) is a money action. It gets the next number of its business day,
``YYYYMMDD-NNNN``, shown on screen and on the slip, kept in its audit entry and
found by every ledger row through the operation id; it belongs to the shift its
clerk has open, if any. Once the owner has closed a day (日结), no money action
is taken on it until the owner reopens it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import bindparam, func, insert, select
from sqlalchemy.orm import Session

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import DayClose, Shift, Transaction
from crm_desktop.models.errors import ValidationError


def transaction_number(day: date, seq: int) -> str:
    """The number as people read it: 20261203-0042."""
    return f"{day:%Y%m%d}-{seq:04d}"


# Built once: every money action runs these, and building a select costs more than running it.
_OPEN_SHIFT = (
    select(Shift.id)
    .where(Shift.user_id == bindparam("user_id"), Shift.status == "open")
    .limit(1)
)
_CLOSED_DAY = (
    select(DayClose.id)
    .where(DayClose.business_day == bindparam("day"), DayClose.status == "closed")
    .limit(1)
)
# Whether the day is closed, its last number and the clerk's open shift, in one statement.
_DAY_STATE = select(
    _CLOSED_DAY.scalar_subquery(),
    select(func.max(Transaction.seq))
    .where(Transaction.business_day == bindparam("day"))
    .scalar_subquery(),
    _OPEN_SHIFT.scalar_subquery(),
)
_NEW_TRANSACTION = insert(Transaction)


def open_shift_id(session: Session, user_id: int | None) -> int | None:
    """The shift ``user_id`` has open now, if any."""
    if user_id is None:
        return None
    return session.scalars(_OPEN_SHIFT, {"user_id": user_id}).first()


def _day_closed(day: date) -> ValidationError:
    return ValidationError(
        "day.closed",
        f"{day:%Y-%m-%d} 已日结，不能再办理收付款业务；如需继续营业，请店主先重新打开这一天。",
        f"{day:%Y-%m-%d} has been closed (day-end); no more money actions can be taken on "
        "it until the owner reopens the day.",
    )


def refuse_if_day_closed(session: Session, day: date) -> None:
    """A money action on a day the owner has closed is refused until the owner reopens it."""
    if session.scalars(_CLOSED_DAY, {"day": day}).first() is not None:
        raise _day_closed(day)


def record_transaction(
    session: Session,
    operation_id: str,
    actor: Actor | None,
    action: str,
    approved_by: int | None = None,
    at: datetime | None = None,
) -> str:
    """Number the money operation ``operation_id`` in its business day; its number.

    The caller's write transaction holds the write lock, so the next number of the
    day cannot be taken twice (a unique index says so if it ever were). The row is
    written without the ORM: this runs in every money action.
    """
    at = at or datetime.now()
    day = at.date()
    user_id = actor.user_id if actor is not None else None
    closed, last_seq, shift_id = session.execute(
        _DAY_STATE, {"day": day, "user_id": user_id}
    ).one()
    if closed is not None:
        raise _day_closed(day)
    seq = int(last_seq or 0) + 1
    number = transaction_number(day, seq)
    session.connection().execute(_NEW_TRANSACTION, {
        "number": number,
        "business_day": day,
        "seq": seq,
        "operation_id": operation_id,
        "ts": at,
        "user_id": user_id,
        "shift_id": shift_id,
        "action": action,
        "approved_by": approved_by,
    })
    return number
