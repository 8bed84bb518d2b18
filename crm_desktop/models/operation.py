"""The one operation frame every write goes through, and the read frame beside it.

``perform`` checks the role, opens one write transaction, lets the caller do its
work on the ``Operation`` it yields, appends exactly one audit entry and
commits; any exception rolls all of it back and a driver's error becomes one
sentence. After the commit the typed ``Change`` is broadcast once.

Every operation carries an id. It is made where the action was asked for: a
caller (the GUI's operation frame, a CLI verb) opens ``asked_as(id)`` around the
call and each operation inside takes the id from there (a second one in the
same call gets ``id:2``, and so on); without one a fresh id is made. The id is
stored with the audit entry under a unique index, so the same operation asked
again (queued twice, replayed from a server) is refused instead of applied twice.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from crm_desktop.models import audit
from crm_desktop.models.actor import Actor
from crm_desktop.models.approval import approval_after, check_approval
from crm_desktop.models.changes import Change, Entity, new_operation_id
from crm_desktop.models.entities import AuditEntry
from crm_desktop.models.errors import AuthError, ConflictError, DomainError
from crm_desktop.models.ledger_digest import (
    BulkLedgerRows,
    ledger_tops,
    operation_digest,
    tag_new_rows,
)
from crm_desktop.models.permissions import require
from crm_desktop.models.store.errors import damaged_page_error, translate_operational_error
from crm_desktop.models.store.store import Store
from crm_desktop.models.transactions import record_transaction

Transaction = Callable[[], AbstractContextManager[Session]]


@dataclass
class Operation:
    """Filled in by the caller inside ``perform``: what the audit entry and the change say."""

    session: Session
    operation_id: str
    entity: Entity
    entity_id: int | None = None
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    changed_ids: list[int] = field(default_factory=list)
    # Other kinds of record this operation changed besides ``entity`` (a sale: its purchase).
    also: set[Entity] = field(default_factory=set)
    # Customers whose file shows this change, besides ``entity_id`` of a customer operation.
    customer_ids: set[int] = field(default_factory=set)
    bulk: BulkLedgerRows | None = None
    actor: Actor | None = None
    action: str = ""
    # The owner or manager whose password approved this action at the counter, if asked.
    approved_by: int | None = None
    transaction: str | None = None
    # False for a bulk load (an import, demo data): it moves history in, it is no counter
    # action, so it takes no transaction number.
    numbered: bool = True

    def transaction_number(self) -> str:
        """This money action's number (流水号), taken now if it has none yet.

        A service that shows the number (on screen, on the slip) asks for it; the
        frame gives one to every operation that wrote a ledger row in any case.
        """
        if self.transaction is None:
            self.transaction = record_transaction(
                self.session, self.operation_id, self.actor, self.action, self.approved_by
            )
        return self.transaction

    def bulk_ledger_rows(self) -> BulkLedgerRows:
        """Where a bulk writer reports the ledger rows it inserted tagged with this operation."""
        if self.bulk is None:
            self.bulk = BulkLedgerRows(self.operation_id)
        return self.bulk


@dataclass
class _Asked:
    operation_id: str
    used: int = 0

    def next_id(self) -> str:
        self.used += 1
        return self.operation_id if self.used == 1 else f"{self.operation_id}:{self.used}"


_asked: ContextVar[_Asked | None] = ContextVar("crm_desktop_asked_operation", default=None)


@contextmanager
def asked_as(operation_id: str) -> Iterator[None]:
    """Run the operations inside under ``operation_id`` (made where the user asked)."""
    token = _asked.set(_Asked(operation_id))
    try:
        yield
    finally:
        _asked.reset(token)


def _operation_id() -> str:
    asked = _asked.get()
    return asked.next_id() if asked is not None else new_operation_id()


@contextmanager
def perform(
    store: Store,
    actor: Actor | None,
    action: str,
    entity: Entity,
    permission: str | None,
    *,
    audited_read: bool = False,
    transaction: Transaction | None = None,
    signed_by: str | None = None,
) -> Iterator[Operation]:
    """One operation: permission, one transaction, one audit entry, one broadcast change.

    ``permission`` None is only for the file's own first entry (there is no user
    yet). ``audited_read``: the operation only records that something was looked
    at or handed out; its change says no data changed. ``transaction`` replaces
    ``store.write`` for a caller that needs a differently set-up connection.
    ``signed_by`` names the signer when there is no actor yet (the file's creator).

    The entry is signed with the actor's own signing key and carries the digest of
    the ledger rows the operation wrote (each new row is tagged with the operation's
    id before the entry is made). Once the file has a roster, an actor whose signing key is
    not at hand is refused: nothing is written in a name that cannot sign. An action the
    owner put under approval needs an approver's password first (``models.approval``);
    an operation that wrote a ledger row gets its transaction number
    (``models.transactions``), refused on a day the owner has closed.
    """
    if permission is not None:
        assert actor is not None
        require(actor, permission)
    operation_id = _operation_id()
    try:
        with translated_errors(), (transaction or store.write)() as session:
            signer = store.trust.signer(actor.username if actor is not None else signed_by or "")
            if signer is None and store.keys.roster is not None:
                raise _cannot_sign()
            _refuse_repeat(session, operation_id)
            tops = ledger_tops(session.connection())
            op = Operation(
                session=session, operation_id=operation_id, entity=entity, actor=actor, action=action
            )
            op.approved_by = check_approval(session, store, actor, action, operation_id)
            yield op
            session.flush()
            tag_new_rows(session.connection(), operation_id, tops)
            digest = operation_digest(session.connection(), operation_id, op.bulk)
            if digest is not None and op.numbered:
                op.transaction_number()  # every money action has its number
            after = {**op.after, "transaction": op.transaction} if op.transaction else op.after
            after = {**after, **approval_after(operation_id)}
            audit.append(
                session, actor, action, entity, op.entity_id, op.before, after,
                operation_id=operation_id,
                signer=signer,
                ledger_digest=digest,
            )
    except DomainError as exc:
        # A server that went away mid-action: say whether it was saved, never "maybe".
        told = store.after_failure(exc, operation_id)
        if told is exc:
            raise
        raise told from exc
    ids = tuple(op.changed_ids or ([op.entity_id] if op.entity_id else []))
    customers = set(op.customer_ids) | (set(ids) if entity is Entity.CUSTOMER else set())
    store.publish(Change(
        action=action,
        entities=frozenset({entity, *op.also}),
        ids=ids,
        customer_ids=tuple(sorted(customers)),
        data_changed=not audited_read,
        operation_id=operation_id,
    ))


@contextmanager
def reading(store: Store, actor: Actor, permission: str) -> Iterator[Session]:
    """A read session for ``actor`` after the role check, with driver errors as sentences."""
    require(actor, permission)
    with translated_errors(), store.read() as session:
        yield session


@contextmanager
def translated_errors() -> Iterator[None]:
    """Turn the driver's and the ORM's errors into one sentence each (rolled back already)."""
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError(
            "record.stale",
            "这条记录刚被别人修改过。请重新打开后再改，您输入的内容不会丢失。",
            "Someone else changed this record a moment ago. Reopen it and apply your "
            "change again; what you typed is kept.",
        ) from exc
    except IntegrityError as exc:
        raise ConflictError(
            "record.integrity",
            "保存失败：有重复或无效的关联数据，没有任何改动。",
            "Nothing was saved: a value is a duplicate or refers to a missing record.",
        ) from exc
    except OperationalError as exc:
        raise translate_operational_error(exc) from exc
    except DatabaseError as exc:
        raise damaged_page_error() from exc


def _cannot_sign() -> AuthError:
    return AuthError(
        "sign.missing_key",
        "无法以您的名义签名这项操作（签名密钥没有加载），没有任何改动。请重新登录后再试。",
        "This action cannot be signed in your name (your signing key is not loaded); "
        "nothing was changed. Sign in again and retry.",
    )


def _refuse_repeat(session: Session, operation_id: str) -> None:
    found = session.scalars(
        select(AuditEntry.id).where(AuditEntry.operation_id == operation_id).limit(1)
    ).first()
    if found is not None:
        raise ConflictError(
            "operation.repeated",
            "这个操作已经完成过了，不会重复办理。",
            "This action was already done; it is not done a second time.",
        )
