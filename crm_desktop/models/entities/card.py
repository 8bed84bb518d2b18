"""Card types (卡种), tiers (等级), membership cards (会员卡) and tier history."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.entities.base import Base, now

CARD_KINDS = ("stored_value", "points", "count", "period", "mixed")
CARD_STATUSES = ("active", "frozen", "lost", "replaced", "cancelled", "expired")


class CardType(Base):
    __tablename__ = "card_types"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    price_fen: Mapped[int] = mapped_column(Integer, default=0)
    validity_days: Mapped[int | None] = mapped_column(Integer)
    count_total: Mapped[int] = mapped_column(Integer, default=0)
    service_name: Mapped[str | None] = mapped_column(String(60))
    # JSON list of {"pay_fen": N, "bonus_fen": M}: the best rule whose pay_fen <= top-up applies.
    bonus_rules: Mapped[str] = mapped_column(Text, default="[]")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Tier(Base):
    __tablename__ = "tiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    rank: Mapped[int] = mapped_column(Integer, unique=True)
    # Pay this percentage of list price: 100 = no discount, 88 = 88折.
    price_percent: Mapped[int] = mapped_column(Integer, default=100)
    points_multiplier_percent: Mapped[int] = mapped_column(Integer, default=100)
    rule_kind: Mapped[str] = mapped_column(String(10), default="spend")
    threshold: Mapped[int] = mapped_column(Integer, default=0)
    window_days: Mapped[int] = mapped_column(Integer, default=365)
    benefits: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (
        Index("ix_cards_customer_id", "customer_id"),
        Index("ix_cards_expires_on", "expires_on"),
        Index("ix_cards_tier_id", "tier_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    card_type_id: Mapped[int] = mapped_column(ForeignKey("card_types.id"))
    tier_id: Mapped[int | None] = mapped_column(ForeignKey("tiers.id"))
    status: Mapped[str] = mapped_column(String(12), default="active")
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    expires_on: Mapped[date | None] = mapped_column(Date)
    fee_fen: Mapped[int] = mapped_column(Integer, default=0)
    pin_hash: Mapped[str | None] = mapped_column(String(120))
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("cards.id"))
    status_note: Mapped[str | None] = mapped_column(String(200))
    # Running totals; `check` proves each equals the sum of its ledger.
    principal_fen: Mapped[int] = mapped_column(Integer, default=0)
    bonus_fen: Mapped[int] = mapped_column(Integer, default=0)
    points: Mapped[int] = mapped_column(Integer, default=0)
    counts_left: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": version}


class TierChange(Base):
    __tablename__ = "tier_changes"
    __table_args__ = (Index("ix_tier_changes_card_id", "card_id"), Index("ix_tier_changes_ts", "ts"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    ts: Mapped[datetime] = mapped_column(DateTime, default=now)
    from_tier_id: Mapped[int | None] = mapped_column(ForeignKey("tiers.id"))
    to_tier_id: Mapped[int | None] = mapped_column(ForeignKey("tiers.id"))
    # issue | rule | review | manual | import
    reason_kind: Mapped[str] = mapped_column(String(10))
    reason: Mapped[str] = mapped_column(String(200), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
