"""The audit chain: every entry carries the hash of the one before it, and is signed.

An entry written since signatures also hashes its operation id, the digest of
the ledger rows it wrote and its signer's key id, and carries the signer's
Ed25519 signature of its hash (``signature_body``). Older entries keep their
hash as it was; the owner's carry-over entry vouches for them.

Entries name who did what to which record; personal values (phone, ID number,
address …) are recorded only as "changed", never as the data itself.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.actor import Actor
from crm_desktop.models.customer_fields import PERSONAL_FIELD_NAMES
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.store.signing import SigningKey

GENESIS = "0" * 64
# Anything that describes the person rather than the shop's records: kept out of the log,
# so erasing a customer leaves nothing about them in entries that may never be edited.
PERSONAL_FIELDS = PERSONAL_FIELD_NAMES | {"pin"}


def entry_digest(prev_hash: str, entry: AuditEntry) -> str:
    """The hash an entry must carry, given the hash of the entry before it."""
    body = json.dumps(
        [
            prev_hash,
            entry.ts.isoformat(timespec="microseconds"),
            entry.user_id,
            entry.username,
            entry.action,
            entry.entity,
            entry.entity_id,
            entry.before,
            entry.after,
            *(
                [entry.operation_id, entry.ledger_digest, entry.signer]
                if entry.signer is not None
                else []
            ),
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


# Records whose "name" is the shop's own word (a card type, a tier), not a person's.
SHOP_NAMED_ENTITIES = frozenset({"card_type", "tier"})


def scrub(values: dict[str, Any], entity: str = "") -> dict[str, Any]:
    """Replace personal values by a marker; keep the rest as JSON-safe text or numbers."""
    clean: dict[str, Any] = {}
    for key, value in values.items():
        if key in PERSONAL_FIELDS and not (key == "name" and entity in SHOP_NAMED_ENTITIES):
            clean[key] = "***" if value not in (None, "") else None
        elif value is None or isinstance(value, bool | int | str):
            clean[key] = value
        else:
            clean[key] = str(value)
    return clean


def append(
    session: Session,
    actor: Actor | None,
    action: str,
    entity: str,
    entity_id: int | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    *,
    operation_id: str | None = None,
    signer: SigningKey | None = None,
    ledger_digest: str | None = None,
) -> AuditEntry:
    """Add the next entry of the chain inside the caller's transaction, signed by ``signer``."""
    last = session.scalars(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    entry = AuditEntry(
        ts=datetime.now(),
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else "",
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=json.dumps(scrub(before or {}, entity), ensure_ascii=False, sort_keys=True),
        after=json.dumps(scrub(after or {}, entity), ensure_ascii=False, sort_keys=True),
        prev_hash=last or GENESIS,
        operation_id=operation_id,
        signer=signer.key_id if signer else None,
        ledger_digest=ledger_digest,
    )
    entry.hash = entry_digest(entry.prev_hash, entry)
    if signer is not None:
        entry.signature = signer.sign(signature_body(entry.hash))
    session.add(entry)
    return entry


def signature_body(entry_hash: str) -> bytes:
    """What a user signs for an entry: its hash, which covers everything in it."""
    return b"crm-audit\x00" + entry_hash.encode("ascii")


@dataclass(frozen=True)
class ChainFinding:
    entry_id: int
    problem: str


def verify_chain(session: Session) -> list[ChainFinding]:
    """Walk the whole chain; report an edited entry, a removed one, or a broken link."""
    findings: list[ChainFinding] = []
    expected_prev = GENESIS
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(2000):
        if entry.prev_hash != expected_prev:
            findings.append(ChainFinding(entry.id, "link"))
        if entry_digest(entry.prev_hash, entry) != entry.hash:
            findings.append(ChainFinding(entry.id, "hash"))
        expected_prev = entry.hash
    return findings
