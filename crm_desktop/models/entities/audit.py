"""Audit entries (who did what to which record, chained by hash and signed) and the
certified signing keys that verify them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crm_desktop.models.entities.base import Base, now


class AuditEntry(Base):
    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_entries_entity", "entity", "entity_id"),
        Index("ix_audit_entries_ts", "ts"),
        Index("ix_audit_entries_operation_id", "operation_id", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ts: Mapped[datetime] = mapped_column(DateTime, default=now)
    user_id: Mapped[int | None] = mapped_column(Integer)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    # JSON of changed field names and non-personal values (never full phone or ID numbers).
    before: Mapped[str] = mapped_column(Text, default="{}")
    after: Mapped[str] = mapped_column(Text, default="{}")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    # The id the operation was asked under: the same operation is never applied twice.
    operation_id: Mapped[str | None] = mapped_column(String(80))
    # The signing key (its key_id) and its Ed25519 signature of ``hash``; None on an entry
    # written before signatures (covered by the owner's carry-over entry instead).
    signer: Mapped[str | None] = mapped_column(String(16))
    signature: Mapped[str | None] = mapped_column(String(100))
    # SHA-256 over the ledger rows this operation wrote (see ``models.ledger_digest``).
    ledger_digest: Mapped[str | None] = mapped_column(String(64))


class UserKey(Base):
    """A user's signing key as the shop's root key certified it, with the role and state then.

    Rows are only added: a new password, a new role or a removal adds one, so every
    entry ever signed keeps a key to verify it by.
    """

    __tablename__ = "user_keys"
    __table_args__ = (Index("ix_user_keys_key_id", "key_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(16))
    public: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=now)
    # The root key's signature over (username, key_id, public, role, active).
    certificate: Mapped[str] = mapped_column(String(100))
