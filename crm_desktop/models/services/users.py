"""Staff accounts: add, remove, roles, passwords, and the recovery key.

A user is two things that live in two files: a row in ``users`` (inside the
encrypted database) and a key slot in ``<file>.keys`` (the database key wrapped
by that user's password). They cannot change in one transaction, so every
action orders its two writes so that a crash between them leaves the *safe*
half-state:

- a row without a slot is harmless: nobody can unlock the file with it, and the
  owner fixes it with ``reset_password``;
- a slot without an active row is harmful: its password still unwraps the
  database key, and no screen shows that it exists.

With signatures a slot only signs in when the owner-signed roster lists it and
an active row exists, so every action writes the key file inside its
transaction, just before the commit: if the key file cannot be written, the
audit entry is rolled back too; if the commit fails after it, the slot has no
row and opens nothing. Each change of an account's keys or role also adds a
root-signed certificate to ``user_keys`` (see ``account_keys``).

Passwords never reach an audit entry or an error message.
"""

from __future__ import annotations

import builtins
import copy
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.models import account_keys
from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import User
from crm_desktop.models.entities.user import ROLES
from crm_desktop.models.errors import (
    AuthError,
    ConflictError,
    NotFound,
    PermissionDenied,
    StoreError,
    ValidationError,
)
from crm_desktop.models.opening import open_store_with_recovery
from crm_desktop.models.operation import perform
from crm_desktop.models.permissions import require
from crm_desktop.models.rules.validation import check_password, check_username, clean_text
from crm_desktop.models.services.base import Service
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store
from crm_desktop.models.store.trust import KeyFileFinding, key_file_findings

ROLE_NAMES_ZH = {"owner": "店主", "clerk": "前台", "accountant": "会计"}


@dataclass(frozen=True)
class UserRecord:
    """One staff account as the screens show it; ``has_password`` says a key slot exists."""

    id: int
    username: str
    display_name: str
    role: str
    active: bool
    created_at: datetime
    has_password: bool


class UserService(Service):
    """Staff accounts; everything but ``change_own_password`` is for owners only."""

    # -- reading -------------------------------------------------------------------------------

    def list(self, include_inactive: bool = False) -> builtins.list[UserRecord]:
        """All accounts, active ones first, by user name."""
        with self._read("user.manage") as session:
            query = select(User).order_by(User.active.desc(), User.username)
            if not include_inactive:
                query = query.where(User.active.is_(True))
            return [self._record(user) for user in session.scalars(query)]

    def get(self, username: str) -> UserRecord:
        """One account by user name (active or not)."""
        with self._read("user.manage") as session:
            return self._record(_find(session, username, active_only=False))

    # -- actions -------------------------------------------------------------------------------

    def add(self, username: str, role: str, password: str, display_name: str = "") -> UserRecord:
        """Create a staff account and its key slot; the new user can sign in at once."""
        username = check_username(username)
        _check_role(role)
        check_password(password)
        shown = clean_text(display_name, "display_name", 100) or username
        with self._action("user.add", Entity.USER, "user.manage") as rec:
            taken = rec.session.scalars(select(User).where(User.username == username)).first()
            if taken is not None:
                raise ConflictError(
                    "user.exists",
                    f"用户名“{username}”已被使用"
                    + ("（是一个已停用的账号）" if not taken.active else "")
                    + "，请换一个。",
                    f"The user name '{username}' is already taken"
                    + (" (by a disabled account)" if not taken.active else "")
                    + "; choose another.",
                    field="username",
                )
            user = User(username=username, display_name=shown, role=role, active=True)
            rec.session.add(user)
            rec.session.flush()
            rec.entity_id = user.id
            rec.after = {"username": username, "role": role}
            with key_file_write(self.store):
                account_keys.give_new_keys(self.store, rec.session, username, role, password)
                account_keys.sign_roster(self.store, rec.session)
        return self.get(username)

    def remove(self, username: str) -> UserRecord:
        """Disable an account and delete its key slot; its history stays attributed to it.

        The last active owner can never be removed, so the file always has someone
        who can manage it. An owner may remove their own account while another owner
        remains; the caller should then sign them out.
        """
        with self._action("user.remove", Entity.USER, "user.manage") as rec:
            user = _find(rec.session, username, active_only=True)
            if user.role == "owner":
                _keep_one_owner(rec.session, user)
            user.active = False
            rec.entity_id = user.id
            rec.before = {"username": user.username, "role": user.role, "active": True}
            rec.after = {"active": False}
            rec.session.flush()
            # Slot first, commit last: a crash between leaves an active row that opens nothing.
            with key_file_write(self.store):
                account_keys.remove(self.store, rec.session, user.username)
                account_keys.sign_roster(self.store, rec.session)
        # Last: an owner leaving may still save the signed roster until here.
        self.store.drop_login(username)
        return self.get(username)

    def rekey_due(self) -> builtins.list[str]:
        """Accounts removed since the last key change: their old key file copy still opens
        the data until the owner changes the key."""
        roster = self.store.keys.roster
        return sorted(roster.rekey_due) if roster is not None else []

    def key_file_problems(self) -> builtins.list[KeyFileFinding]:
        """Every slot or field of the key file the owner's signature does not vouch for."""
        require(self.actor, "user.manage")
        return key_file_findings(self.store.keys, self.store.trust.root_public)

    def set_role(self, username: str, role: str) -> UserRecord:
        """Change an account's role; the last active owner keeps the owner role."""
        _check_role(role)
        with self._action("user.set_role", Entity.USER, "user.manage") as rec:
            user = _find(rec.session, username, active_only=True)
            if user.role == role:
                raise ValidationError(
                    "user.same_role",
                    f"“{user.username}”已经是{ROLE_NAMES_ZH[role]}。",
                    f"'{user.username}' already has the role {role}.",
                    field="role",
                )
            if user.role == "owner":
                _keep_one_owner(rec.session, user)
            rec.entity_id = user.id
            rec.before = {"role": user.role}
            rec.after = {"role": role}
            user.role = role
            if self.store.keys.roster is not None and username in self.store.keys.roster.users:
                with key_file_write(self.store):
                    account_keys.set_role(self.store, rec.session, user.username, role)
                    account_keys.sign_roster(self.store, rec.session)
        return self.get(username)

    def reset_password(self, username: str, new_password: str) -> None:
        """Owner sets a new password for an account (a forgotten one, or a missing slot)."""
        check_password(new_password)
        with self._action("user.reset_password", Entity.USER, "user.manage") as rec:
            user = _find(rec.session, username, active_only=True)
            rec.entity_id = user.id
            rec.after = {"username": user.username}
            rec.session.flush()
            with key_file_write(self.store):
                account_keys.give_new_keys(
                    self.store, rec.session, user.username, user.role, new_password
                )
                account_keys.sign_roster(self.store, rec.session)

    def change_own_password(self, old_password: str, new_password: str) -> None:
        """The signed-in user replaces their own password after proving the old one."""
        check_password(new_password)
        try:
            opened = self.store.keys.open_slot(self.actor.username, old_password)
        except AuthError as exc:
            raise AuthError(
                "password.old_wrong",
                "原密码不正确，密码没有修改。",
                "The current password is not correct; the password was not changed.",
                field="old_password",
            ) from exc
        if old_password == new_password:
            raise ValidationError(
                "password.unchanged",
                "新密码和原密码相同，请换一个。",
                "The new password is the same as the current one; choose another.",
                field="new_password",
            )
        with self._action("user.change_password", Entity.USER, "account.own") as rec:
            user = _find(rec.session, self.actor.username, active_only=True)
            rec.entity_id = user.id
            rec.after = {"username": user.username}
            rec.session.flush()
            # The same key pair under the new password: what is sealed to it stays valid
            # and the roster needs no owner to sign it again.
            with key_file_write(self.store):
                self.store.keys.set_password(
                    user.username, new_password, self.store.database_key,
                    root_public=opened.root_public or self.store.trust.root_public,
                    box_private=opened.box_private,
                )
                self.store.save_keys()
                self.store.set_login(user.username, new_password, None)

    def new_recovery_key(self) -> str:
        """Make a new recovery key (the old one stops working); show it to the owner once."""
        with self._action("file.new_recovery_key", Entity.FILE, "user.manage") as rec:
            rec.session.flush()
            # Written before the commit: if the key file cannot be saved, no audit entry claims it.
            with key_file_write(self.store):
                recovery = account_keys.new_recovery(self.store)
                account_keys.sign_roster(self.store, rec.session)
        return recovery

    # -- helpers -------------------------------------------------------------------------------

    def _record(self, user: User) -> UserRecord:
        return UserRecord(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=user.role,
            active=user.active,
            created_at=user.created_at,
            has_password=user.username in self.store.keys.slots,
        )


def recover_with_key(
    path: Path, recovery_key: str, username: str, new_password: str
) -> tuple[Store, Actor]:
    """Every password lost: open ``path`` with the recovery key and give owner ``username``
    a new password. Returns the open store and that owner; the caller closes the store.
    """
    check_password(new_password)
    store = open_store_with_recovery(Path(path), recovery_key)
    try:
        actor = store.actor_for(username)
        if actor.role != "owner":
            raise PermissionDenied(
                "recovery.not_owner",
                f"恢复密钥只能为店主账号设置新密码，“{username}”不是店主。",
                f"The recovery key can only set a new password for an owner; "
                f"'{username}' is not an owner.",
            )
        if store.keys.roster is None or store.trust.root_key is None:
            # A file from before signatures: a new slot, signed at the next sign-in.
            with perform(store, actor, "user.recover", Entity.USER, "user.manage") as op:
                op.entity_id = actor.user_id
                op.after = {"username": username}
                with key_file_write(store):
                    store.set_password(username, new_password)
            return store, actor
        # The recovery slot holds the root key: the owner gets a new slot and signing key,
        # which signs this entry.
        snapshot = _key_state(store)
        try:
            account_keys.give_new_keys(store, None, username, "owner", new_password)
            with perform(store, actor, "user.recover", Entity.USER, "user.manage") as op:
                op.entity_id = actor.user_id
                op.after = {"username": username}
                account_keys.certify(store, op.session, username)
                with key_file_write(store):
                    account_keys.sign_roster(store, op.session)
        except BaseException:
            _restore_key_state(store, snapshot)
            raise
    except BaseException:
        store.close()
        raise
    return store, actor


@contextmanager
def key_file_write(store: Store) -> Iterator[None]:
    """Save the key slots or refuse with one sentence; on failure the slots in memory
    go back to what the key file on disk still holds, so no later save persists them."""
    snapshot = _key_state(store)
    try:
        yield
    except BaseException as exc:
        _restore_key_state(store, snapshot)
        if not isinstance(exc, OSError):
            raise
        raise StoreError(
            "keys.write_failed",
            f"无法写入密钥文件 {keyfile_path(store.path).name}，操作没有保存。"
            "请检查磁盘空间和文件权限。",
            f"The key file {keyfile_path(store.path).name} could not be written; nothing was "
            "saved. Check the free disk space and the file's permissions.",
        ) from exc


_KeyState = tuple[Any, Any, Any, Any]


def _key_state(store: Store) -> _KeyState:
    keys = store.keys
    return copy.deepcopy((keys.slots, keys.recovery, keys.roster, keys.roster_signature))


def _restore_key_state(store: Store, state: _KeyState) -> None:
    keys = store.keys
    keys.slots, keys.recovery, keys.roster, keys.roster_signature = copy.deepcopy(state)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationError(
            "user.role",
            "角色只能是店主（owner）、前台（clerk）或会计（accountant）。",
            "The role must be owner, clerk or accountant.",
            field="role",
        )


def _find(session: Session, username: str, *, active_only: bool) -> User:
    user = session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None or (active_only and not user.active):
        raise NotFound(
            "user.missing",
            f"找不到在用的账号“{username}”。",
            f"There is no active account named '{username}'.",
        )
    return user


def _keep_one_owner(session: Session, user: User) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(User)
        .where(User.role == "owner", User.active.is_(True), User.id != user.id)
    )
    if not others:
        raise ConflictError(
            "user.last_owner",
            f"“{user.username}”是最后一个店主账号，不能停用或改为其他角色。"
            "请先添加另一个店主。",
            f"'{user.username}' is the last owner account; it cannot be removed or given "
            "another role. Add another owner first.",
        )
