"""Purchases (消费记录) and their optional item lines; a refund is its own row."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.entities.base import Base, now

PAYMENT_METHODS = ("stored_value", "cash", "wechat", "alipay", "bank_card", "count", "other")


class Purchase(Base):
    __tablename__ = "purchases"
    __table_args__ = (
        # Covering index for per-customer aggregates (RFM, lifetime value, history).
        Index("ix_purchases_customer_ts_paid", "customer_id", "ts", "paid_fen"),
        Index("ix_purchases_ts", "ts"),
        Index("ix_purchases_card_id", "card_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    card_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    ts: Mapped[datetime] = mapped_column(DateTime, default=now)
    # sale | refund; a refund row has negative amounts and points of the sale it undoes.
    kind: Mapped[str] = mapped_column(String(8), default="sale")
    refund_of_id: Mapped[int | None] = mapped_column(ForeignKey("purchases.id"))
    amount_fen: Mapped[int] = mapped_column(Integer)
    discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    paid_fen: Mapped[int] = mapped_column(Integer)
    payment_method: Mapped[str] = mapped_column(String(16))
    points_earned: Mapped[int] = mapped_column(Integer, default=0)
    counts_used: Mapped[int] = mapped_column(Integer, default=0)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    # The operation that wrote this sale; its signed audit entry carries the rows' digest.
    operation_id: Mapped[str | None] = mapped_column(String(80), index=True)


class PurchaseLine(Base):
    __tablename__ = "purchase_lines"
    __table_args__ = (Index("ix_purchase_lines_purchase_id", "purchase_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    purchase_id: Mapped[int] = mapped_column(ForeignKey("purchases.id", ondelete="CASCADE"))
    item: Mapped[str] = mapped_column(String(100))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    # quantity × unit price, before the line's discount.
    amount_fen: Mapped[int] = mapped_column(Integer)
    operation_id: Mapped[str | None] = mapped_column(String(80), index=True)
    # The item of the shop's list sold on this line, and its category then (for reports).
    item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    category: Mapped[str | None] = mapped_column(String(40))
    # The tier discount on this line; the purchase's discount is the sum of its lines'.
    discount_fen: Mapped[int] = mapped_column(Integer, default=0)
    # On a refund's line: the sale's line it takes back.
    refund_of_line_id: Mapped[int | None] = mapped_column(Integer, index=True)
