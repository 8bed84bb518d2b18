"""Manager approval (授权): which counter actions need an owner's or a named manager's password.

The owner's rules are one JSON value in the settings table (key ``approval_rules``):
the actions that need approval (``APPROVABLE``), the discount limit in percent of a
sale (``None``: no limit; a discount above it needs approval) and the accounts,
besides every owner, that may approve. The rules carry the saving owner's signature
(their own signing key, certified in ``user_keys``), because a member of staff can
write the file outside the program: rules that do not verify count as the strictest
rules (every action, every discount, owners only). A file without rules asks for
nothing. Deleting the row outright, or putting back an older signed value, is not
told apart here; the signed audit entry of each saving shows what the owner set.

At the counter the screen gives ``Approval(username, password)`` and runs the call
inside ``approved_with(approval)``. The operation frame calls ``check_approval``
once its transaction is open, before the work: an action the rules name, done by
someone who may not approve it themselves, needs that approval. A sale asks
``check_discount`` itself once it knows its discount, before it takes its number. The approver's password is proved by
opening their own key slot (throttled like a sign-in: a wrong password counts
against them), their account must be active, vouched for by the signed roster and
allowed to approve. One approval serves one operation only, and only the action
it was given for when it names one. The approver's signing key signs the file, the
operation id, the action and their name; ``approval_after`` hands that to the
audit entry and ``approval_holds`` lets ``check`` tell a forged "approved by".
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.account_keys import OWNER, certificate_body
from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Setting, User, UserKey
from crm_desktop.models.errors import ApprovalRequired, AuthError, PermissionDenied, StoreError
from crm_desktop.models.language import current_language
from crm_desktop.models.store.login_throttle import LoginThrottle
from crm_desktop.models.store.signing import SigningKey, b64, canonical, unb64, verifies
from crm_desktop.models.store.store import Store
from crm_desktop.models.store.trust import verified_accounts

RULES_KEY = "approval_rules"
# A discount is not an operation of its own: the sale asks under this name.
DISCOUNT_ACTION = "purchase.discount"
# The actions an owner may put behind approval, with their words (Chinese, English).
APPROVABLE: dict[str, tuple[str, str]] = {
    "purchase.refund": ("退款", "Refunds"),
    "card.cancel": ("注销退卡（退现金）", "Card cancellation with cash out"),
    "card.adjust": ("调整余额", "Balance adjustments"),
    DISCOUNT_ACTION: ("超过限额的折扣", "Discounts above the limit"),
}


@dataclass(frozen=True)
class ApprovalRules:
    """What needs approval and who may give it (owners always)."""

    actions: tuple[str, ...] = ()
    discount_percent: int | None = None
    approvers: tuple[str, ...] = ()
    # False when stored rules did not carry a valid owner's signature.
    verified: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"actions": list(self.actions), "discount_percent": self.discount_percent,
                "approvers": list(self.approvers)}


STRICTEST = ApprovalRules(tuple(a for a in APPROVABLE), 0, (), verified=False)


@dataclass(frozen=True)
class Approval:
    """An approver's name and password as typed at the counter; ``action`` binds it."""

    username: str
    password: str = field(repr=False)
    action: str | None = None


@dataclass
class _Given:
    approval: Approval
    used_by: str | None = None  # the operation that took it
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)


_given: ContextVar[_Given | None] = ContextVar("crm_desktop_approval", default=None)


@contextmanager
def approved_with(approval: Approval) -> Iterator[None]:
    """Run the call inside with ``approval`` at hand for the one operation that needs it."""
    token = _given.set(_Given(approval))
    try:
        yield
    finally:
        _given.reset(token)


# -- the rules --------------------------------------------------------------------------------


def rules_body(file_id: str, rules: dict[str, Any]) -> bytes:
    """What the saving owner signs: the rules as stored (``ApprovalRules.to_json``)."""
    fields = {key: rules[key] for key in ("actions", "discount_percent", "approvers")}
    return canonical(["crm-approval-rules", file_id, fields])


def approval_body(file_id: str, operation_id: str, action: str, username: str) -> bytes:
    """What the approver signs."""
    return canonical(["crm-approval", file_id, operation_id, action, username])


def clean_rules(
    actions: Sequence[str], discount_percent: int | None, approvers: Sequence[str]
) -> ApprovalRules:
    """The rules in a stable order; unknown actions are dropped."""
    percent = None if discount_percent is None else max(0, min(100, int(discount_percent)))
    chosen = tuple(a for a in APPROVABLE if a in set(actions))
    return ApprovalRules(chosen, percent, tuple(sorted(set(approvers))))


def stored_rules(rules: ApprovalRules, signer: SigningKey, owner: str, file_id: str) -> str:
    """The settings value for ``rules``, signed by the owner saving them."""
    value = {**rules.to_json(), "signed_by": owner, "key": signer.key_id,
             "signature": signer.sign(rules_body(file_id, rules.to_json()))}
    return json.dumps(value, ensure_ascii=False)


def load_rules(session: Session, store: Store) -> ApprovalRules:
    """The owner's rules, their signature checked; see the module text."""
    row = session.get(Setting, RULES_KEY)
    if row is None:
        return ApprovalRules()
    try:
        data = json.loads(row.value)
        rules = clean_rules(list(data["actions"]), data["discount_percent"],
                            list(data["approvers"]))
        signed = _owner_signed(session, store, data)
    except (ValueError, TypeError, KeyError):
        return STRICTEST
    return rules if signed else STRICTEST


def _owner_signed(session: Session, store: Store, data: Any) -> bool:
    # Verified as stored, so rules naming an action only a newer version knows still hold.
    root_public = store.trust.root_public
    if root_public is None:  # a file from before signatures: nothing to check against
        return True
    cert = session.scalars(select(UserKey).where(
        UserKey.username == str(data["signed_by"]), UserKey.key_id == str(data["key"]),
        UserKey.role == OWNER,
    )).first()
    return (
        cert is not None
        and verifies(root_public, cert.certificate,
                     certificate_body(cert.username, cert.public, cert.role, cert.active))
        and verifies(unb64(cert.public), str(data["signature"]),
                     rules_body(store.keys.file_id, data))
    )


def discount_needs_approval(discount_fen: int, amount_fen: int, limit_percent: int | None) -> bool:
    """True when a discount is above ``limit_percent`` of the sale (None: no limit)."""
    if limit_percent is None or discount_fen <= 0:
        return False
    return discount_fen * 100 > limit_percent * max(amount_fen, 0)


def approvers(session: Session, store: Store, rules: ApprovalRules) -> tuple[str, ...]:
    """Active accounts that may approve: every owner, and the ones the rules name."""
    users = session.scalars(select(User).where(User.active.is_(True))).all()
    roster = store.keys.roster
    vouched = verified_accounts(store.keys, store.trust.root_public) if roster else None
    names = []
    for user in users:
        if vouched is not None and user.username not in vouched:
            continue
        role = roster.users[user.username].role if roster else user.role
        if role == OWNER or user.username in rules.approvers:
            names.append(user.username)
    return tuple(sorted(names))


# -- at the counter ---------------------------------------------------------------------------


def check_approval(
    session: Session, store: Store, actor: Actor | None, action: str, operation_id: str
) -> int | None:
    """The approver's user id when ``action`` needs approval here; refused when not given.

    None when the rules do not name ``action`` or the actor may approve it themselves.
    """
    # Only an approvable action can be under a rule: any other write (every sale, every
    # top-up) skips reading the rules and checking their signatures.
    if actor is None or action not in APPROVABLE:
        return None
    rules = load_rules(session, store)
    if action not in rules.actions:
        return None
    return _require(session, store, actor, action, operation_id, rules)


def check_discount(
    session: Session, store: Store, actor: Actor, operation_id: str,
    discount_fen: int, amount_fen: int,
) -> int | None:
    """For a sale: the approver's user id when its discount is above the limit (else None)."""
    rules = load_rules(session, store)
    if DISCOUNT_ACTION not in rules.actions or not discount_needs_approval(
        discount_fen, amount_fen, rules.discount_percent
    ):
        return None
    return _require(session, store, actor, DISCOUNT_ACTION, operation_id, rules)


def _require(
    session: Session, store: Store, actor: Actor, action: str, operation_id: str,
    rules: ApprovalRules,
) -> int | None:
    allowed = approvers(session, store, rules)
    if actor.username in allowed:
        return None
    given = _given.get()
    usable = given is not None and given.used_by in (None, operation_id) and (
        given.approval.action in (None, action)
    )
    if given is None or not usable:
        zh, en = APPROVABLE.get(action, (action, action))
        raise ApprovalRequired(action, zh, en, allowed)
    approval = given.approval
    user = session.scalars(select(User).where(User.username == approval.username)).first()
    if user is None or not user.active or approval.username not in allowed:
        raise PermissionDenied(
            "approval.not_approver",
            f"“{approval.username}”不能批准这项操作。请让店主或店主指定的经理批准。",
            f"'{approval.username}' may not approve this. Ask an owner or a manager the "
            "owner named.",
            field="approver",
        )
    signer = _unlock(store, approval)
    given.used_by = operation_id
    entry: dict[str, Any] = {"approved_by": approval.username, "approval_for": action}
    if signer is not None:
        entry["approval_key"] = signer.key_id
        entry["approval_signature"] = signer.sign(
            approval_body(store.keys.file_id, operation_id, action, approval.username))
    given.entries[operation_id] = entry
    return user.id


def _unlock(store: Store, approval: Approval) -> SigningKey | None:
    """The approver's signing key from their own slot; a wrong password counts like a sign-in."""
    try:
        with LoginThrottle(store.path).attempt(approval.username):
            opened = store.keys.open_slot(approval.username, approval.password)
    except AuthError as error:
        if error.code == "login.throttled":
            raise AuthError(error.code, error.zh, error.en, field="approval_password") from error
        raise AuthError(
            "approval.wrong_password",
            f"“{approval.username}”的密码不正确，没有批准，也没有任何改动。",
            f"The password of '{approval.username}' is not correct: nothing was approved "
            "or changed.",
            field="approval_password",
        ) from error
    roster = store.keys.roster
    if roster is None or opened.sign_private is None:
        return None
    signer = SigningKey(opened.sign_private)
    entry = roster.users.get(approval.username)
    if entry is None or b64(signer.public) != entry.sign:
        raise StoreError(
            "approval.not_vouched",
            f"“{approval.username}”的登录项没有店主的签名，不能用来批准。",
            f"The entry of '{approval.username}' is not signed by an owner; it cannot approve.",
        )
    return signer


def approval_after(operation_id: str) -> dict[str, Any]:
    """What the audit entry of ``operation_id`` adds to its after: who approved, signed."""
    given = _given.get()
    return dict(given.entries.get(operation_id, {})) if given is not None else {}


def approval_holds(
    session: Session, file_id: str, operation_id: str, after: dict[str, Any]
) -> bool:
    """For ``check``: an audit entry's "approved by" carries that approver's signature."""
    name = after.get("approved_by")
    if name is None:
        return True
    keys = session.scalars(select(UserKey.public).where(
        UserKey.username == str(name), UserKey.key_id == str(after.get("approval_key", "")),
    )).all()
    body = approval_body(file_id, operation_id, str(after.get("approval_for", "")), str(name))
    signature = after.get("approval_signature")
    return any(verifies(unb64(public), str(signature or ""), body) for public in keys)


def rules_words(action: str) -> str:
    """An approvable action in the current language."""
    zh, en = APPROVABLE.get(action, (action, action))
    return zh if current_language() == "zh" else en
