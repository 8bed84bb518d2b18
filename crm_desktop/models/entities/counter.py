"""The counter's day: what the shop sells, shifts (交班), day-end closes (日结), transaction numbers.

``Item`` is one service or product on the owner's list. A ``Shift`` is one
clerk's time at the till, from the cash float counted in to the cash counted
out. ``DayClose`` is the owner's close of a business day. ``Transaction`` gives
each money operation its number (``20261203-0042``) and ties it to the shift
it happened in; its ledger rows find it through the operation id.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.entities.base import Base, now

SHIFT_STATUSES = ("open", "closed")
DAY_CLOSE_STATUSES = ("closed", "reopened")


class Item(Base):
    """A service or product the shop sells (服务/商品), at its list price."""

    __tablename__ = "items"
    __table_args__ = (
        Index("uq_items_barcode", "barcode", unique=True,
              sqlite_where="barcode IS NOT NULL", postgresql_where="barcode IS NOT NULL"),
        Index("ix_items_name", "name"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(40), default="")
    price_fen: Mapped[int] = mapped_column(Integer)
    barcode: Mapped[str | None] = mapped_column(String(40))
    # A sale of this item takes one visit of a count card (次卡) per unit.
    uses_visit: Mapped[bool] = mapped_column(Boolean, default=False)
    favourite: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    version: Mapped[int] = mapped_column(Integer, default=1)


class Shift(Base):
    """One clerk's shift at the till: the float in, the cash counted out, the difference."""

    __tablename__ = "shifts"
    __table_args__ = (
        # At most one open shift per account.
        Index("uq_shifts_open_user", "user_id", unique=True,
              sqlite_where="status = 'open'", postgresql_where="status = 'open'"),
        Index("ix_shifts_business_day", "business_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    business_day: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(8), default="open")
    opened_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    float_fen: Mapped[int] = mapped_column(Integer, default=0)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    expected_cash_fen: Mapped[int | None] = mapped_column(Integer)
    counted_cash_fen: Mapped[int | None] = mapped_column(Integer)
    difference_fen: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")
    # The close's figures as shown and signed in its audit entry (JSON).
    summary: Mapped[str | None] = mapped_column(Text)


class DayClose(Base):
    """The owner's close of one business day (日结); reopened only by the owner, with a reason."""

    __tablename__ = "day_closes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    business_day: Mapped[date] = mapped_column(Date, unique=True)
    status: Mapped[str] = mapped_column(String(10), default="closed")
    closed_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    closed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    summary: Mapped[str] = mapped_column(Text, default="{}")
    reopened_at: Mapped[datetime | None] = mapped_column(DateTime)
    reopened_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reopen_reason: Mapped[str | None] = mapped_column(String(200))


class Transaction(Base):
    """The number of one money operation (流水号), and the shift it was taken in."""

    __tablename__ = "transactions"
    __table_args__ = (
        Index("uq_transactions_day_seq", "business_day", "seq", unique=True),
        Index("ix_transactions_shift_id", "shift_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    business_day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    operation_id: Mapped[str] = mapped_column(String(80), unique=True)
    ts: Mapped[datetime] = mapped_column(DateTime, default=now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    shift_id: Mapped[int | None] = mapped_column(ForeignKey("shifts.id"))
    action: Mapped[str] = mapped_column(String(40))
    # The owner or manager whose password approved it at the counter, if one was asked.
    approved_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
