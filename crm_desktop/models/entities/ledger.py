"""Append-only ledgers of a card: stored value (储值), points (积分) and counts (次数).

An entry is never edited; a correction is a new entry that reverses an old one.
Stored-value entries keep paid money (本金) and free credit (赠送) in separate
columns because the accountant treats them differently.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.entities.base import Base, now

VALUE_KINDS = (
    "opening",
    "topup",
    "consume",
    "refund",
    "adjust",
    "expiry",
    "transfer_out",
    "transfer_in",
    "cancel_refund",
)
POINTS_KINDS = (
    "opening",
    "earn",
    "redeem",
    "refund",
    "adjust",
    "expiry",
    "transfer_out",
    "transfer_in",
    "cancel",
)
COUNT_KINDS = (
    "opening",
    "purchase",
    "use",
    "refund",
    "adjust",
    "expiry",
    "transfer_out",
    "transfer_in",
    "cancel",
)


class ValueEntry(Base):
    __tablename__ = "value_entries"
    __table_args__ = (
        Index("ix_value_entries_card_id", "card_id", "id"),
        Index("ix_value_entries_ts", "ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    ts: Mapped[datetime] = mapped_column(DateTime, default=now)
    kind: Mapped[str] = mapped_column(String(16))
    principal_fen: Mapped[int] = mapped_column(Integer, default=0)
    bonus_fen: Mapped[int] = mapped_column(Integer, default=0)
    principal_after_fen: Mapped[int] = mapped_column(Integer, default=0)
    bonus_after_fen: Mapped[int] = mapped_column(Integer, default=0)
    payment_method: Mapped[str | None] = mapped_column(String(16))
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("value_entries.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    # The operation that wrote this row; its signed audit entry carries the rows' digest.
    operation_id: Mapped[str | None] = mapped_column(String(80), index=True)


class PointsEntry(Base):
    __tablename__ = "points_entries"
    __table_args__ = (
        Index("ix_points_entries_card_id", "card_id", "id"),
        Index("ix_points_entries_ts", "ts"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    ts: Mapped[datetime] = mapped_column(DateTime, default=now)
    kind: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(Integer)
    points_after: Mapped[int] = mapped_column(Integer, default=0)
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("points_entries.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    # The operation that wrote this row; its signed audit entry carries the rows' digest.
    operation_id: Mapped[str | None] = mapped_column(String(80), index=True)


class CountEntry(Base):
    __tablename__ = "count_entries"
    __table_args__ = (Index("ix_count_entries_card_id", "card_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    ts: Mapped[datetime] = mapped_column(DateTime, default=now)
    kind: Mapped[str] = mapped_column(String(16))
    counts: Mapped[int] = mapped_column(Integer)
    counts_after: Mapped[int] = mapped_column(Integer, default=0)
    purchase_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("count_entries.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    # The operation that wrote this row; its signed audit entry carries the rows' digest.
    operation_id: Mapped[str | None] = mapped_column(String(80), index=True)
