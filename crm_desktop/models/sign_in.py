"""A sign-in after the slot unlocked: which root to trust, which key signs, which role counts.

The root public key comes from the user's own slot (their password authenticates
it). The roster in the key file must carry that root's signature and list the
user's slot with the keys the slot really holds; otherwise the sign-in is
refused. The role is the roster's. An owner's sign-in also looks at every other
slot (a planted one, a replaced recovery slot: ``trust.findings``, shown to the
owner at once) and anchors the audit chain's head in the roster.

A file from before signatures has no roster: the owner's first sign-in makes the
root key, gives every account a signing key, and signs the history so far as
"carried over" — one entry whose hash chain covers every earlier entry and whose
ledger digest covers every earlier ledger row.
"""

from __future__ import annotations

from contextlib import suppress

from sqlalchemy import func, select

from crm_desktop.models import account_keys
from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import AuditEntry, User
from crm_desktop.models.errors import AuthError, StoreError
from crm_desktop.models.ledger_digest import tag_untagged_rows
from crm_desktop.models.operation import perform
from crm_desktop.models.store.keyslots import SlotKeys
from crm_desktop.models.store.signing import SigningKey, unb64
from crm_desktop.models.store.store import Store
from crm_desktop.models.store.trust import (
    KeyFileFinding,
    key_file_findings,
    roster_verified,
    verified_accounts,
)

CARRY_OVER_ACTION = "history.carry_over"


def sign_in(store: Store, username: str, opened: SlotKeys, password: str | None) -> Actor:
    """Trust, signer and role for ``username`` on the open ``store``; see the module text."""
    keys = store.keys
    if keys.roster is None:
        actor = store.actor_for(username)
        if actor.role == account_keys.OWNER and password is not None:
            carry_over(store, actor, opened, password)
        return actor
    root_public = opened.root_public
    if root_public is None:
        # A slot from before signatures: its first sign-in trusts the signed roster's root
        # and keeps it, sealed under the password, from now on.
        root_public = unb64(keys.roster.root)
        if password is not None:
            keys.set_password(username, password, opened.db_key, root_public=root_public,
                              box_private=opened.box_private)
            with suppress(OSError):  # kept in memory; sealed to the password next time
                store.save_keys()
    store.trust.root_public = root_public
    if not roster_verified(keys, root_public):
        raise StoreError(
            "keys.roster_forged",
            "密钥文件中的账号名单与店主签名不符，被改动过，不能登录。"
            "请从备份恢复密钥文件（.keys），并检查是谁改动了它。",
            "The key file's list of accounts does not match the owner's signature: it was "
            "altered, so nobody can sign in with it. Restore the key file (.keys) from a "
            "backup and find out who changed it.",
        )
    if username not in verified_accounts(keys, root_public):
        raise _not_vouched()
    entry = keys.roster.users[username]
    if opened.sign_private is None or SigningKey(opened.sign_private).public != unb64(entry.sign):
        raise _not_vouched()
    store.trust.signers[username] = SigningKey(opened.sign_private)
    if opened.root_private is not None:
        root = SigningKey(opened.root_private)
        if root.public == root_public:
            store.trust.root_key = root
    actor = store.actor_for(username)
    if actor.role == account_keys.OWNER and store.trust.root_key is not None:
        store.trust.findings = key_file_findings(keys, root_public)
        with store.read() as session:
            if not account_keys.anchor_holds(session, keys.roster.anchor):
                store.trust.findings.append(_chain_cut())
        with suppress(OSError):  # a key file that cannot be written keeps its older anchor
            account_keys.sign_roster(store)
        store.before_close.append(lambda: account_keys.sign_roster(store))
    return actor


def resume(store: Store, username: str, opened: SlotKeys) -> None:
    """A locked app unlocked again: the user's signing key (and the root) back in memory."""
    entry = store.keys.roster.users.get(username) if store.keys.roster else None
    if entry is not None and opened.sign_private is not None:
        signer = SigningKey(opened.sign_private)
        if signer.public == unb64(entry.sign):
            store.trust.signers[username] = signer
    if opened.root_private is not None:
        root = SigningKey(opened.root_private)
        if root.public == store.trust.root_public:
            store.trust.root_key = root


def carry_over(store: Store, owner: Actor, opened: SlotKeys, password: str) -> None:
    """Sign a file from before signatures, at its owner's first sign-in."""
    keys = store.keys
    root = SigningKey.generate()
    store.trust.root_public, store.trust.root_key = root.public, root
    keys.roster = account_keys.new_roster(store, root)
    with store.read() as session:
        accounts = {
            user.username: user.role
            for user in session.scalars(select(User).where(User.active.is_(True)))
        }
    # The owner's own slot now also keeps the root's public key under the password.
    keys.set_password(owner.username, password, opened.db_key, root_public=root.public,
                      box_private=opened.box_private)
    for name in list(keys.slots):
        public = keys.public_of(name)
        if name not in accounts or public is None:
            continue  # not an active account, or a format-1 slot: not vouched for
        signer = account_keys.give_signing_key(store, name, accounts[name])
        if name == owner.username:
            store.trust.signers[name] = signer
    if keys.public_of(None) is not None:
        keys.seal_for(None, "root_box", root.private)
        keys.roster.recovery = keys.public_of(None)
    with perform(store, owner, CARRY_OVER_ACTION, Entity.FILE, "user.manage") as op:
        entries = int(op.session.scalar(select(func.count()).select_from(AuditEntry)) or 0)
        rows = tag_untagged_rows(op.session.connection(), op.operation_id)
        for name in keys.roster.users:
            account_keys.certify(store, op.session, name)
        op.after = {"entries": entries, "ledger_rows": rows,
                    "accounts": len(keys.roster.users)}
        account_keys.sign_roster(store, op.session)
    store.trust.findings = key_file_findings(keys, root.public)


def _chain_cut() -> KeyFileFinding:
    return KeyFileFinding(
        "audit.anchor",
        "操作日志被截短或改动：店主上次确认时的最新记录已不在。请运行“检查文件”，并从备份恢复。",
        "The audit log was cut short or altered: the newest entry an owner last confirmed is "
        "gone. Run the file check, and restore a backup.",
    )


def _not_vouched() -> AuthError:
    return AuthError(
        "login.not_vouched",
        "这个账号的登录项没有店主的签名（密钥文件被改动过，或账号不是店主建立的），不能登录。"
        "请联系店主。",
        "This account's entry is not signed by an owner (the key file was altered, or the "
        "account was not set up by an owner); it cannot sign in. Ask the owner.",
    )
