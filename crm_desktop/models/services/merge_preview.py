"""What the owner sees before merging two customers, and what a merge or its undo answers.

``MergePreview`` shows both customers side by side: every field group with both
values (phone and ID numbers masked, as everywhere on screen) and the value that
survives unless the owner picks the other, and per customer what would move
(cards with their balances, purchases, contacts, feedback, surveys, tags).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy.orm import Session

from crm_desktop.models.entities import Customer
from crm_desktop.models.merge_fields import (
    FIELD_GROUPS,
    OTHER,
    default_choice,
    group_text,
    group_values,
    is_empty,
)
from crm_desktop.models.rules.validation import mask_phone


@dataclass(frozen=True)
class MergeSide:
    """One of the two customers: who, and what they hold."""

    id: int
    name: str
    phone: str | None
    status: str
    version: int
    cards: int
    active_cards: int
    principal_fen: int
    bonus_fen: int
    points: int
    counts_left: int
    purchases: int
    interactions: int
    feedback: int
    surveys: int
    referrals: int
    tags: tuple[str, ...]

    @property
    def balance_fen(self) -> int:
        return self.principal_fen + self.bonus_fen


@dataclass(frozen=True)
class FieldChoice:
    """One field group: both values as shown, whether they differ, and the default choice."""

    name: str
    label: str
    keep_text: str
    other_text: str
    differs: bool
    default: str
    # Whether either customer has a value here at all (not "no" on both, not empty on both).
    filled: bool = True


@dataclass(frozen=True)
class MergePreview:
    keep: MergeSide
    other: MergeSide
    fields: tuple[FieldChoice, ...]

    @property
    def differing(self) -> tuple[FieldChoice, ...]:
        return tuple(f for f in self.fields if f.differs)

    @property
    def tags_after(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.keep.tags, *self.other.tags)))


@dataclass(frozen=True)
class MergeResult:
    """A merge done: the audit entry that records (and can undo) it, and what moved."""

    keep_id: int
    other_id: int
    entry_id: int
    operation_id: str
    moved: Mapping[str, int]
    referrals: int
    taken: tuple[str, ...]

    @property
    def cards(self) -> int:
        return self.moved.get("cards", 0)

    @property
    def purchases(self) -> int:
        return self.moved.get("purchases", 0)


@dataclass(frozen=True)
class UndoResult:
    """A merge undone: both customers as they were, recorded as its own audit entry."""

    keep_id: int
    other_id: int
    entry_id: int
    undone_entry_id: int


def side_of(session: Session, customer: Customer) -> MergeSide:
    """Counts and balances of one customer, each a single aggregate over an indexed column."""
    conn = session.connection()
    cid = customer.id
    cards = conn.exec_driver_sql(
        "SELECT count(*), coalesce(sum(CASE WHEN status = 'active' THEN 1 ELSE 0 END), 0), coalesce(sum(principal_fen), 0), "
        "coalesce(sum(bonus_fen), 0), coalesce(sum(points), 0), coalesce(sum(counts_left), 0) "
        "FROM cards WHERE customer_id = ?", (cid,),
    ).one()

    def count(table: str, column: str = "customer_id") -> int:
        # Table and column names are the literals below, never input.
        sql = f"SELECT count(*) FROM {table} WHERE {column} = ?"
        return int(conn.exec_driver_sql(sql, (cid,)).scalar() or 0)

    return MergeSide(
        id=cid, name=customer.name, phone=mask_phone(customer.phone), status=customer.status,
        version=customer.version, cards=int(cards[0]), active_cards=int(cards[1]),
        principal_fen=int(cards[2]), bonus_fen=int(cards[3]), points=int(cards[4]),
        counts_left=int(cards[5]), purchases=count("purchases"),
        interactions=count("interactions"), feedback=count("feedback"),
        surveys=count("survey_answers"), referrals=count("customers", "referrer_id"),
        tags=tuple(sorted(t.name for t in customer.tags)),
    )


def field_choices(
    session: Session, keep: Customer, other: Customer
) -> tuple[FieldChoice, ...]:
    """Every field group with both values and its default."""
    referrers = {i for i in (keep.referrer_id, other.referrer_id) if i is not None}
    names = {
        int(row[0]): str(row[1]) for row in session.connection().exec_driver_sql(
            f"SELECT id, name FROM customers WHERE id IN ({', '.join('?' * len(referrers))})",
            tuple(referrers),
        )
    } if referrers else {}
    choices = []
    for group in FIELD_GROUPS:
        choices.append(FieldChoice(
            name=group.name,
            label=group.label,
            keep_text=group_text(group, keep, names.get(keep.referrer_id or 0)),
            other_text=group_text(group, other, names.get(other.referrer_id or 0)),
            differs=group_values(keep, group) != group_values(other, group),
            default=default_choice(group, keep, other),
            filled=not (is_empty(group, group_values(keep, group))
                        and is_empty(group, group_values(other, group))),
        ))
    return tuple(choices)


def taken_from_other(chosen: Mapping[str, str], keep: Customer, other: Customer) -> tuple[str, ...]:
    """The groups whose value the survivor takes from the other customer (and differs)."""
    return tuple(
        g.name for g in FIELD_GROUPS
        if chosen[g.name] == OTHER and group_values(keep, g) != group_values(other, g)
    )
