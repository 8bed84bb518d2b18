"""Verifying the signed history: who wrote each entry, which rows each entry vouches for.

``verify_history`` walks the audit chain once and, against the root key the
signed-in user trusts, finds:

- an entry edited, inserted or removed (the hash chain), or removed from the end
  (the anchors: the newest entry an owner signed in the key file, and the newest one
  a signed backup manifest names, must still be there);
- an entry after the carry-over without a signature, with a signature that does
  not verify, or signed by a key not certified for the name it carries (a forged
  entry in someone else's name);
- a ledger row without its operation's signed entry, or rows that differ from
  the digest their entry signed (a row an owner's signed merge moved to another
  customer is compared as it was written, and only while it is where the merge put it);
- a certificate the root did not sign, an account whose role in the table differs
  from the one the owner signed, and every key-file slot the roster does not cover.

Findings are plain records; ``models.check`` words them for the report.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from crm_desktop.models.account_keys import OWNER, anchor_body, certificate_body
from crm_desktop.models.approval import approval_holds
from crm_desktop.models.audit import GENESIS, entry_digest, signature_body
from crm_desktop.models.backup_records import known_folders, list_backups, read_journal
from crm_desktop.models.entities import AuditEntry, User, UserKey
from crm_desktop.models.ledger_digest import Moved, all_digests
from crm_desktop.models.merge_moves import MOVE_ACTIONS, MoveLog, record_of_entry
from crm_desktop.models.sign_in import CARRY_OVER_ACTION
from crm_desktop.models.store.roster import Anchor
from crm_desktop.models.store.signing import key_id, unb64, verifies
from crm_desktop.models.store.store import Store
from crm_desktop.models.store.trust import KeyFileFinding, key_file_findings, roster_verified


@dataclass(frozen=True)
class HistoryFinding:
    """``kind`` names the problem; ``ref_id`` the entry or row; ``detail`` a name or count."""

    kind: str
    ref_id: int | None = None
    detail: str = ""


@dataclass
class HistoryReport:
    entries: int = 0
    carried_over: int = 0
    signed_by: Counter[str] = field(default_factory=Counter)
    ledger_rows: int = 0
    certificates: int = 0
    # Merges and undos whose signed list of moved rows the ledger check went by.
    merges: int = 0
    findings: list[HistoryFinding] = field(default_factory=list)
    key_file: list[KeyFileFinding] = field(default_factory=list)
    trusted_root: bool = False


@dataclass(frozen=True)
class _Certified:
    username: str
    role: str
    public: bytes


@lru_cache(maxsize=256)
def _public_key(public: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(public)


def verify_history(store: Store) -> HistoryReport:
    """Everything above, in one pass over the chain and one over the ledgers."""
    report = HistoryReport()
    root = store.trust.root_public
    report.key_file = key_file_findings(store.keys, root)
    report.trusted_root = root is not None and roster_verified(store.keys, root)
    with store.read() as session:
        certified = _certificates(session.scalars(select(UserKey)).all(), root, report)
        _roles(store, session.scalars(select(User).where(User.active.is_(True))).all(), report)
        anchors: list[tuple[str, Anchor]] = []
        if store.keys.roster is not None and store.keys.roster.anchor and report.trusted_root:
            anchors.append(("anchor", store.keys.roster.anchor))
        newest = _newest_backup_anchor(store, certified, root)
        if newest is not None:
            anchors.append(("anchor.backup", newest))
        moves = MoveLog()
        digests = _walk_chain(session, certified, report, anchors, moves, store.keys.file_id)
        report.merges = moves.records
        _ledgers(session.connection(), digests, report, moves.moved)
    return report


def owner_signed(store: Store, session: Session, entry: AuditEntry) -> bool:
    """Whether ``entry`` is as written and signed, in its own name, by an owner's certified key."""
    if entry.signer is None or entry_digest(entry.prev_hash, entry) != entry.hash:
        return False
    rows = session.scalars(select(UserKey).where(UserKey.key_id == entry.signer)).all()
    signer = _signer(entry, _certificates(rows, store.trust.root_public, HistoryReport()))
    return signer is not None and signer.role == OWNER


def _certificates(
    rows: Sequence[UserKey], root: bytes | None, report: HistoryReport
) -> dict[str, list[_Certified]]:
    certified: dict[str, list[_Certified]] = {}
    for row in rows:
        report.certificates += 1
        body = certificate_body(row.username, row.public, row.role, row.active)
        if root is None or not verifies(root, row.certificate, body):
            report.findings.append(HistoryFinding("certificate", row.id, row.username))
            continue
        certified.setdefault(row.key_id, []).append(
            _Certified(row.username, row.role, unb64(row.public))
        )
    return certified


def _roles(store: Store, users: Sequence[User], report: HistoryReport) -> None:
    roster = store.keys.roster
    if roster is None or not report.trusted_root:
        return
    for user in users:
        signed = roster.users.get(user.username)
        if signed is None:
            report.findings.append(HistoryFinding("role.unsigned", user.id, user.username))
        elif signed.role != user.role:
            report.findings.append(HistoryFinding(
                "role.changed", user.id, f"{user.username}:{user.role}:{signed.role}"
            ))


def _newest_backup_anchor(
    store: Store, certified: dict[str, list[_Certified]], root: bytes | None
) -> Anchor | None:
    """The newest anchor a backup's manifest carries with a valid signature, among the
    backups made since the last restore (a restore legitimately goes back in time)."""
    restored = str(read_journal(store.path).get("last_restore", {}).get("at", ""))
    publics = {key_id(root): root} if root is not None else {}
    for signer_id, certificates in certified.items():
        publics.setdefault(signer_id, certificates[0].public)
    best: Anchor | None = None
    for folder in known_folders(store.path):
        for info in list_backups(folder):
            signed = info.anchor
            if info.file_id != store.keys.file_id or not signed or (
                restored and info.made_at.isoformat() < restored
            ):
                continue
            try:
                anchor = Anchor.from_json(signed)
                public = publics.get(str(signed.get("signer")))
            except (KeyError, TypeError, ValueError):
                continue
            body = anchor_body(store.keys.file_id, anchor)
            if public is None or not verifies(public, signed.get("signature"), body):
                continue
            if best is None or anchor.last_id > best.last_id:
                best = anchor
    return best


def _walk_chain(
    session: Session,
    certified: dict[str, list[_Certified]],
    report: HistoryReport,
    anchors: list[tuple[str, Anchor]],
    moves: MoveLog,
    file_id: str,
) -> dict[str, tuple[int, str | None]]:
    """The chain, signatures and anchors; returns each operation's entry id and digest.

    An entry saying who approved it at the counter must carry that approver's signature.

    The rows each intact, owner-signed merge or undo moved go into ``moves``, in chain order.
    """
    held = {kind: False for kind, _anchor in anchors}
    carried_until: int | None = None
    removed: set[str] = set()
    expected_prev = GENESIS
    digests: dict[str, tuple[int, str | None]] = {}
    for entry in session.scalars(select(AuditEntry).order_by(AuditEntry.id)).yield_per(2000):
        report.entries += 1
        if entry.prev_hash != expected_prev:
            report.findings.append(HistoryFinding("link", entry.id))
        intact = entry_digest(entry.prev_hash, entry) == entry.hash
        if not intact:
            report.findings.append(HistoryFinding("hash", entry.id))
        expected_prev = entry.hash
        for kind, anchor in anchors:
            if entry.id == anchor.last_id:
                held[kind] = entry.hash == anchor.hash
        if entry.operation_id is not None:
            digests[entry.operation_id] = (entry.id, entry.ledger_digest)
        signer = _signer(entry, certified)
        if signer is None:
            unsigned = entry.signer is None
            if carried_until is None and unsigned and entry.action != CARRY_OVER_ACTION:
                report.carried_over += 1
                continue
            report.findings.append(
                HistoryFinding("unsigned" if unsigned else "forged", entry.id, entry.username)
            )
            continue
        gone = entry.username in removed
        if gone:
            report.findings.append(HistoryFinding("after_removal", entry.id, entry.username))
        if '"approved_by"' in entry.after and not approval_holds(
            session, file_id, entry.operation_id or "", json.loads(entry.after)
        ):
            report.findings.append(HistoryFinding("approval", entry.id, entry.username))
        if entry.action in MOVE_ACTIONS and intact and signer.role == OWNER and not gone:
            record = record_of_entry(entry.after)
            if record is not None:
                moves.add(record)
        if entry.action == CARRY_OVER_ACTION:
            if carried_until is not None or signer.role != OWNER:
                report.findings.append(HistoryFinding("carry_over", entry.id, entry.username))
            carried_until = entry.id
        elif entry.action == "user.remove" and signer.role == OWNER:
            removed.add(str(json.loads(entry.before or "{}").get("username", "")))
        report.signed_by[entry.username or signer.username] += 1
    if carried_until is None and report.carried_over:
        # Nothing vouches for the entries without signatures: no owner signed them yet.
        report.findings.append(HistoryFinding("not_carried", None, str(report.carried_over)))
    for kind, anchor in anchors:
        if not held[kind]:
            report.findings.append(HistoryFinding(kind, anchor.last_id, str(anchor.count)))
    return digests


def _signer(entry: AuditEntry, certified: dict[str, list[_Certified]]) -> _Certified | None:
    """The certificate of the key that signed ``entry`` in its own name, or None."""
    if entry.signer is None or entry.signature is None:
        return None
    for candidate in certified.get(entry.signer, []):
        own_name = candidate.username == entry.username or (
            not entry.username and candidate.role == OWNER
        )
        if not own_name:
            continue
        try:
            _public_key(candidate.public).verify(
                unb64(entry.signature), signature_body(entry.hash)
            )
        except (InvalidSignature, ValueError):
            return None
        return candidate
    return None


def _ledgers(
    conn: Connection,
    digests: dict[str, tuple[int, str | None]],
    report: HistoryReport,
    moved: Moved,
) -> None:
    seen: set[str] = set()
    for operation_id, digest, count, first_id in all_digests(conn, moved):
        report.ledger_rows += count
        if operation_id is None:
            report.findings.append(HistoryFinding("ledger.untied", first_id, str(count)))
            continue
        seen.add(operation_id)
        entry = digests.get(operation_id)
        if entry is None:
            report.findings.append(HistoryFinding("ledger.untied", first_id, str(count)))
        elif entry[1] != digest:
            report.findings.append(HistoryFinding("ledger.changed", entry[0], str(count)))
    for tied_id, (entry_id, signed_digest) in digests.items():
        if signed_digest is not None and tied_id not in seen:
            report.findings.append(HistoryFinding("ledger.removed", entry_id))
