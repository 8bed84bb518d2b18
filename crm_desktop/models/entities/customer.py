"""Customer files (客户档案) and their tags."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm_desktop.models.entities.base import Base, now

GENDERS = ("M", "F")
KINDS = ("individual", "enterprise")
SOURCES = ("walk_in", "referral", "questionnaire", "event", "website", "phone", "other")
NEED_TYPES = ("price", "quality", "service")
# "merged": folded into another customer (``merged_into``); kept so the merge can be undone.
STATUSES = ("active", "terminated", "anonymised", "merged")

customer_tags = Table(
    "customer_tags",
    Base.metadata,
    Column("customer_id", ForeignKey("customers.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_customer_tags_tag_id", "tag_id"),
)


class Tag(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (
        # Unique among live customers; anonymised ones have no phone at all.
        Index("uq_customers_phone", "phone", unique=True, sqlite_where=text("phone IS NOT NULL"),
              postgresql_where=text("phone IS NOT NULL")),
        Index("ix_customers_phone_rev", "phone_rev"),
        Index(
            "uq_customers_id_number",
            "id_number",
            unique=True,
            sqlite_where=text("id_number IS NOT NULL"),
            postgresql_where=text("id_number IS NOT NULL"),
        ),
        Index("ix_customers_status", "status"),
        Index("ix_customers_birthday_md", "birthday_md"),
        Index("ix_customers_created_at", "created_at"),
        Index("ix_customers_name", "name"),
        Index("ix_customers_member_since", "member_since"),
        Index("ix_customers_contact_confirmed_at", "contact_confirmed_at"),
        Index("ix_customers_referrer_id", "referrer_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    gender: Mapped[str | None] = mapped_column(String(1))
    birthday: Mapped[date | None] = mapped_column(Date)
    # "MM-DD" of the solar birthday, so today's birthdays are an index lookup.
    birthday_md: Mapped[str | None] = mapped_column(String(5))
    birthday_lunar: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(20))
    # The phone reversed, so "last four digits" becomes an index range scan.
    phone_rev: Mapped[str | None] = mapped_column(String(20))
    phone2: Mapped[str | None] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(120))
    id_number: Mapped[str | None] = mapped_column(String(18))
    address: Mapped[str | None] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(20))
    city: Mapped[str | None] = mapped_column(String(20))
    district: Mapped[str | None] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(12), default="individual")
    company: Mapped[str | None] = mapped_column(String(120))
    contact_title: Mapped[str | None] = mapped_column(String(60))
    industry: Mapped[str | None] = mapped_column(String(60))
    source: Mapped[str | None] = mapped_column(String(20))
    referrer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    need_type: Mapped[str | None] = mapped_column(String(10))
    notes: Mapped[str | None] = mapped_column(Text)
    marketing_consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(DateTime)
    consent_channel: Mapped[str | None] = mapped_column(String(20))
    do_not_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(12), default="active")
    terminated_at: Mapped[datetime | None] = mapped_column(DateTime)
    # The day the customer became a member (入会日期): from the old system's file on
    # import, else the first card or purchase; ``created_at`` is when this record was made.
    member_since: Mapped[date | None] = mapped_column(Date)
    merged_into: Mapped[int | None] = mapped_column(Integer)
    # When the contact details were last confirmed with the customer (定期核对).
    contact_confirmed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # JSON {field: value as the import found it} of values left out because they were wrong.
    corrections: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    tags: Mapped[list[Tag]] = relationship(secondary=customer_tags, lazy="selectin")

    __mapper_args__ = {"version_id_col": version}


class DuplicateDismissal(Base):
    """A pair of customers the owner said are not the same person (low id first)."""

    __tablename__ = "duplicate_dismissals"
    __table_args__ = (
        UniqueConstraint("low_id", "high_id", name="uq_duplicate_dismissals_pair"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    low_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    high_id: Mapped[int] = mapped_column(ForeignKey("customers.id"))
    dismissed_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    dismissed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
