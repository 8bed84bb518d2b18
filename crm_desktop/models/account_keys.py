"""An account's keys: made, certified by the shop's root key, entered in the signed roster.

Every account has a slot in the key file (its password unwraps it), a signing
key sealed to that slot, and a certificate row in ``user_keys`` signed by the
root, so entries it signs can be verified long after its password changed or it
was removed. Owners' slots and the recovery slot also hold the root key. The
roster, signed by the root, lists the slots that count and carries the anchor of
the audit chain; only a sign-in holding the root key (an owner, or the recovery
key) can change it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.models.entities import AuditEntry, UserKey
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.store.roster import Anchor, Roster, RosterUser
from crm_desktop.models.store.signing import SigningKey, b64, canonical, key_id, unb64
from crm_desktop.models.store.store import Store

OWNER = "owner"


def certificate_body(username: str, public: str, role: str, active: bool) -> bytes:
    """What the root signs for an account's signing key."""
    return canonical(["crm-user-key", username, key_id(unb64(public)), public, role, active])


def root_key(store: Store) -> SigningKey:
    """The root signing key of this sign-in; refused when it is not an owner's."""
    if store.trust.root_key is None:
        raise PermissionDenied(
            "keys.owner_needed",
            "这项操作需要店主本人登录（需要店主的签名密钥）。",
            "This needs an owner signed in (the owner's signing key).",
        )
    return store.trust.root_key


def new_roster(store: Store, root: SigningKey) -> Roster:
    return Roster(file_id=store.keys.file_id, root=b64(root.public))


def give_new_keys(
    store: Store, session: Session | None, username: str, role: str, password: str
) -> None:
    """A fresh slot for ``password`` with a new signing key, certified and entered in the
    roster (in memory; the caller signs and saves). ``session`` None: certify later."""
    root = root_key(store)
    store.keys.set_password(username, password, store.database_key, root_public=root.public)
    store.set_login(username, password, role)
    if store.keys.roster is None:
        store.keys.roster = new_roster(store, root)
    # The sign-in that made the key pair may sign with it until the file is closed; an
    # owner making an account knows its first password anyway.
    store.trust.signers[username] = give_signing_key(store, username, role)
    if session is not None:
        certify(store, session, username)


def give_signing_key(store: Store, username: str, role: str) -> SigningKey:
    """A new signing key sealed to ``username``'s slot (and the root key, for an owner),
    entered in the roster with the slot's public key; returns the signing key."""
    root = root_key(store)
    keys, roster = store.keys, store.keys.roster
    assert roster is not None
    signer = SigningKey.generate()
    keys.seal_for(username, "sign_box", signer.private)
    if role == OWNER:
        keys.seal_for(username, "root_box", root.private)
    box_public = keys.public_of(username)
    assert box_public is not None
    roster.users[username] = RosterUser(role, box_public, b64(signer.public))
    return signer


def certify(store: Store, session: Session, username: str, *, active: bool = True) -> None:
    """Add the root-signed certificate of ``username``'s roster entry to ``user_keys``."""
    root = root_key(store)
    roster = store.keys.roster
    assert roster is not None
    entry = roster.users[username]
    session.add(UserKey(
        username=username,
        key_id=key_id(unb64(entry.sign)),
        public=entry.sign,
        role=entry.role,
        active=active,
        certificate=root.sign(certificate_body(username, entry.sign, entry.role, active)),
    ))


def set_role(store: Store, session: Session, username: str, role: str) -> None:
    """The roster's role of ``username`` (owners also get the root key sealed to them)."""
    root = root_key(store)
    roster = store.keys.roster
    assert roster is not None
    entry = roster.users[username]
    roster.users[username] = RosterUser(role, entry.box, entry.sign)
    store.set_login(username, None, role)
    if role == OWNER:
        store.keys.seal_for(username, "root_box", root.private)
    else:
        store.keys.drop_box(username, "root_box")
    certify(store, session, username)


def remove(store: Store, session: Session, username: str) -> None:
    """Take ``username`` out of the roster and the slots; they are due a key change."""
    roster = store.keys.roster
    if roster is not None and username in roster.users:
        certify(store, session, username, active=False)
        del roster.users[username]
        if username not in roster.rekey_due:
            roster.rekey_due.append(username)
    store.keys.remove(username)


def new_recovery(store: Store) -> str:
    """A new recovery slot holding the root key; returns the recovery key to show once."""
    root = root_key(store)
    recovery = store.keys.new_recovery(store.database_key, root.public)
    store.keys.seal_for(None, "root_box", root.private)
    if store.keys.roster is not None:
        store.keys.roster.recovery = store.keys.public_of(None)
    return recovery


def chain_head(session: Session) -> Anchor | None:
    """The audit chain's newest entry as an anchor (None for an empty chain)."""
    last = session.execute(
        select(AuditEntry.id, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    if last is None:
        return None
    count = int(session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
    return Anchor(int(last[0]), str(last[1]), count)


def anchor_holds(session: Session, anchor: Anchor | None) -> bool:
    """True when the entry the anchor names is still in the chain, unchanged."""
    if anchor is None:
        return True
    found = session.scalar(select(AuditEntry.hash).where(AuditEntry.id == anchor.last_id))
    return found == anchor.hash


def sign_roster(store: Store, session: Session | None = None) -> None:
    """Sign the roster as it is in memory and save the key file.

    The anchor moves to the chain's head (read in ``session`` or now) only while the
    old anchor still holds: a chain cut short keeps the anchor that proves it.
    """
    root = root_key(store)
    roster = store.keys.roster
    assert roster is not None
    if session is not None:
        _move_anchor(roster, session)
    else:
        with store.read() as reading:
            _move_anchor(roster, reading)
    store.keys.roster_signature = roster.sign(root)
    store.save_keys()


def anchor_body(file_id: str, anchor: Anchor) -> bytes:
    return canonical(["crm-anchor", file_id, anchor.to_json()])


def signed_anchor(store: Store, anchor: Anchor) -> dict[str, Any] | None:
    """``anchor`` signed for a backup's manifest: by the root key of an owner's sign-in,
    else by the signed-in user's own key; None when nothing at hand can sign."""
    signer = store.trust.root_key or next(iter(store.trust.signers.values()), None)
    if signer is None:
        return None
    return anchor.to_json() | {
        "signer": signer.key_id,
        "signature": signer.sign(anchor_body(store.keys.file_id, anchor)),
    }


def _move_anchor(roster: Roster, session: Session) -> None:
    if anchor_holds(session, roster.anchor):
        roster.anchor = chain_head(session)
