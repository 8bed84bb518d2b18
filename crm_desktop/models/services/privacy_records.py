"""What the privacy service hands back, and the erasure itself, step by step.

Erasing a person (anonymising) overwrites every personal value of their file and
the free text written about them, removes their name from the search index and
merges that index so no old token stays in it, while cards, ledgers and
purchases keep their amounts. SQLite keeps deleted and overwritten bytes in
free pages and in the write-ahead log: ``secure_delete`` zeroes what is freed
(SQLCipher's default, set again on purpose) and ``reclaim`` checkpoints and
empties the log after the commit, so the old values are gone from the file
(``privacy_sql``; a server clears old row versions itself).

Erasing a person also erases the customer files merged into theirs (``plan_erasure``):
those keep the values that lost at the merge, so an undo could give them back.

Every erasure is also noted outside the file, in ``<file>.erasures`` beside it
(which file, which customer number and when that record was made, when it was
erased: no personal data), so putting back an older backup cannot quietly bring
the person back: ``undone_erasures`` finds them in the restored file and the
privacy service erases them again.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from crm_desktop.models import search_index
from crm_desktop.models.actor import Actor
from crm_desktop.models.backup_records import erasures_path, write_json_atomically
from crm_desktop.models.customer_fields import ERASED_COLUMNS
from crm_desktop.models.entities import (
    Card,
    Customer,
    Feedback,
    FeedbackEvent,
    Interaction,
    SurveyAnswer,
    customer_tags,
)
from crm_desktop.models.entities.base import now
from crm_desktop.models.errors import ConflictError, NotFound, StoreError, ValidationError
from crm_desktop.models.rules.merged_customers import refuse_if_merged
from crm_desktop.models.rules.validation import clean_text
from crm_desktop.models.services.merge_rows import absorbed_ids
from crm_desktop.models.services.privacy_sql import drop_index_samples, zero_freed_bytes

REVEALABLE = {"phone": ("手机号", "phone number"), "phone2": ("备用电话", "second phone"),
              "id_number": ("身份证号", "ID number")}
OPEN_CARD_STATUSES = ("active", "frozen")
ERASURES_FORMAT = 1
# The reason kept in the audit log when a restore brought erased customers back.
ERASED_AGAIN_REASON = "恢复备份后重新删除（之前已删除） / erased again after a restore"


@dataclass(frozen=True)
class AnonymiseResult:
    """Who was erased, and whether the old bytes already left the file (``reclaimed``).

    ``reclaimed`` is False only when another reader kept the write-ahead log busy;
    the old pages then leave it at the next checkpoint or when the file is closed.
    """

    customer_ids: tuple[int, ...]
    reclaimed: bool
    # Customers merged into those erased, erased with them (they held the values that lost).
    merged_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class RetentionEntry:
    """A terminated customer kept longer than the retention period: due for erasure."""

    customer_id: int
    name: str
    terminated_at: datetime
    due_since: date
    # Customers merged into this one: erased with it, never on their own.
    merged_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ConsentEvent:
    """Marketing consent given or withdrawn: when, through which channel, recorded by whom,
    and on which customer file (a file merged into the one asked about keeps its number)."""

    at: datetime
    given: bool
    channel: str | None
    recorded_by: str
    customer_id: int | None = None


@dataclass(frozen=True)
class PersonExport:
    """The workbook written for an access request, and its rows per sheet."""

    path: Path
    rows: dict[str, int]


def anonymised_name(customer_id: int) -> str:
    """What stands in for an erased person's name."""
    return f"已匿名客户 #{customer_id}"


def load_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(
            "customer.not_found",
            f"找不到编号为 {customer_id} 的客户，可能已被删除。",
            f"There is no customer number {customer_id}; it may have been deleted.",
        )
    return customer


def check_reason(reason: str, customers: list[Customer]) -> str:
    """The reason to keep in the audit log; refused when empty or naming the person."""
    why = clean_text(reason, "reason", 200)
    if why is None:
        raise ValidationError("invalid.reason", "请填写删除原因，例如“本人要求删除”。",
                              "Please give a reason, e.g. 'the customer asked'.", field="reason")
    folded = why.replace(" ", "").replace("-", "")
    for customer in customers:
        secrets = (customer.name, customer.phone, customer.phone2, customer.id_number,
                   customer.email)
        if any(value and len(value) >= 2 and value.replace("-", "") in folded
               for value in secrets):
            raise ValidationError(
                "invalid.reason",
                "原因会永久留在操作日志里，请不要写客户的姓名、电话或证件号。",
                "The reason stays in the audit log for good; do not write the customer's "
                "name, phone or ID number in it.",
                field="reason",
            )
    return why


def check_erasable(session: Session, customer: Customer) -> None:
    """Refuse an already anonymised file, or one whose cards are still open."""
    if customer.status == "anonymised":
        raise ConflictError(
            "customer.anonymised",
            f"客户 #{customer.id} 的资料已经匿名化，无需再删除。",
            f"Customer #{customer.id} is already anonymised.",
        )
    numbers = list(session.scalars(select(Card.number).where(
        Card.customer_id == customer.id, Card.status.in_(OPEN_CARD_STATUSES))))
    if numbers:
        listed = "、".join(numbers[:3]) + ("…" if len(numbers) > 3 else "")
        raise ConflictError(
            "customer.open_cards",
            f"客户“{customer.name}”还有 {len(numbers)} 张未退的会员卡（{listed}），"
            "请先办理退卡，再删除客户资料。",
            f"Customer {customer.name} still holds {len(numbers)} open card(s) ({listed}). "
            "Cancel the cards first, then erase the customer's data.",
        )


def plan_erasure(
    session: Session, customers: Sequence[Customer], reason: str
) -> tuple[list[Customer], tuple[int, ...], str]:
    """Everyone an erasure of ``customers`` erases, which of them were merged in, and the
    reason to log (``check_reason`` over all of them).

    A customer merged into another still holds the values that lost at the merge (kept
    so the merge can be undone): erasing the person erases those files too. Asked for
    on its own, a merged file is refused and the survivor named, so an erasure never
    leaves half a person behind nor a merge that undoes into an erased file. A survivor
    erased before merged files were erased with it lets their leftovers be erased now.
    """
    erased: dict[int, Customer] = {}
    merged: dict[int, None] = {}
    checked: list[Customer] = []
    conn = session.connection()
    for customer in customers:
        refuse_if_merged(session, customer, more_zh="，删除它的个人信息时会一并删除这份档案",
                         more_en=": erasing its personal details erases this file too")
        absorbed = [load_customer(session, cid) for cid in absorbed_ids(conn, customer.id)]
        if customer.status != "anonymised" or not absorbed:
            checked.append(customer)
            erased[customer.id] = customer
        for other in absorbed:
            checked.append(other)  # a merged file has no cards: none may be open
            erased[other.id] = other
            merged[other.id] = None
    why = check_reason(reason, list(erased.values()))
    for customer in checked:
        check_erasable(session, customer)
    return list(erased.values()), tuple(merged), why


def erase_person(session: Session, customer: Customer, actor: Actor) -> None:
    """Overwrite every personal value of ``customer`` and the free text about them."""
    cid = customer.id
    zero_freed_bytes(session)
    for name in ERASED_COLUMNS:
        setattr(customer, name, None)
    # The import's values left out for correction ({field: raw text}) are the person's too.
    customer.corrections = None
    customer.name = anonymised_name(cid)
    customer.birthday_lunar = False
    customer.marketing_consent = False
    customer.do_not_contact = True
    customer.status = "anonymised"
    customer.terminated_at = customer.terminated_at or now()
    customer.updated_at = now()
    customer.updated_by = actor.user_id
    session.execute(delete(customer_tags).where(customer_tags.c.customer_id == cid))
    session.expire(customer, ["tags"])
    session.execute(update(Interaction).where(Interaction.customer_id == cid)
                    .values(summary="", outcome=""))
    feedback_ids = select(Feedback.id).where(Feedback.customer_id == cid)
    session.execute(update(Feedback).where(Feedback.customer_id == cid)
                    .values(description="", resolution=""))
    session.execute(update(FeedbackEvent).where(FeedbackEvent.feedback_id.in_(feedback_ids))
                    .values(note=""))
    session.execute(update(SurveyAnswer).where(SurveyAnswer.customer_id == cid)
                    .values(comment=""))
    session.execute(update(Card).where(Card.customer_id == cid)
                    .values(status_note=None, pin_hash=None))
    search_index.reindex(session, cid, None)


def purge_index_remnants(session: Session) -> None:
    """Merge the name index so removed names leave it, and drop index samples of customers.

    The name index keeps a deleted row's tokens in old segments until they are
    merged; a full merge rewrites it (about 0.7 s per 100,000 customers here).
    ``ANALYZE`` samples, when a file has them, may hold old index keys of customers.
    """
    search_index.merge_segments(session)
    drop_index_samples(session)


# -- erasures noted beside the file -----------------------------------------------------------


@dataclass(frozen=True)
class NotedErasure:
    """One erasure as noted beside the file; no personal data.

    ``created_at`` (when the customer record was made) tells the erased customer
    apart from a later one who got the same number.
    """

    file_id: str
    customer_id: int
    created_at: str
    erased_at: str


def read_erasures(path: Path) -> list[NotedErasure]:
    """The erasures noted beside ``path``; none when there is no note (or it is unreadable)."""
    return _load(erasures_path(path)) or []


def _load(noted: Path) -> list[NotedErasure] | None:
    """The note's erasures: [] when there is none, None when it cannot be read."""
    try:
        data = json.loads(noted.read_text(encoding="utf-8"))
        return [
            NotedErasure(str(row["file_id"]), int(row["customer_id"]), str(row["created_at"]),
                         str(row["erased_at"]))
            for row in data["erasures"]
        ]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_erasures(path: Path, erasures: Iterable[NotedErasure]) -> None:
    """Write the note beside ``path`` at once (old or new, never half), without duplicates."""
    rows = list(dict.fromkeys(erasures))
    write_json_atomically(erasures_path(path), {
        "format": ERASURES_FORMAT, "erasures": [asdict(row) for row in rows]})


def note_erasures(
    path: Path, file_id: str, customers: Sequence[Customer], at: datetime
) -> list[NotedErasure]:
    """Add ``customers`` to the note beside the shop file ``path``; returns the note before.

    A note that cannot be read is kept aside (``….erasures.unreadable``), never
    written over. Raises ``StoreError`` when the note cannot be written: the
    erasure is then not done either.
    """
    before = _readable(path)
    added = [
        NotedErasure(file_id, customer.id, stamp(customer.created_at),
                     at.isoformat(timespec="seconds"))
        for customer in customers
    ]
    try:
        write_erasures(path, [*before, *added])
    except OSError as exc:
        raise StoreError(
            "privacy.note",
            f"无法在 {path.parent} 记下这次删除（磁盘已满或没有权限），没有删除任何资料。",
            f"The erasure could not be noted in {path.parent} (disk full or not permitted); "
            "nothing was erased.",
        ) from exc
    return before


def merge_erasures(source: Path, path: Path) -> None:
    """Add the erasures noted beside ``source`` (a backup) to the note beside ``path``."""
    extra = read_erasures(source)
    if extra:
        write_erasures(path, [*_readable(path), *extra])


def _readable(path: Path) -> list[NotedErasure]:
    """The note beside ``path`` before adding to it; an unreadable one is kept aside."""
    noted = erasures_path(path)
    found = _load(noted)
    if found is None:
        with contextlib.suppress(OSError):
            os.replace(noted, noted.with_name(noted.name + ".unreadable"))
        return []
    return found


def stamp(moment: datetime | None) -> str:
    return "" if moment is None else moment.isoformat(sep=" ")


def undone_erasures(session: Session, noted: Sequence[NotedErasure], file_id: str) -> list[int]:
    """Customers of this file (``file_id``) noted as erased whom it holds unerased, by number."""
    wanted = {row.customer_id: row.created_at for row in noted if row.file_id == file_id}
    ids = sorted(wanted)
    found: list[int] = []
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(Customer.id, Customer.created_at, Customer.status)
            .where(Customer.id.in_(ids[start:start + 500]))
        ).all()
        found += [cid for cid, created, status in rows
                  if status != "anonymised" and stamp(created) == wanted[cid]]
    return sorted(found)
