"""Likely duplicate customers for the owner: the pairs side by side, and "not the same person".

``find`` lists the likely pairs of the whole file (``models.duplicates``), best
first, each with both customers as the screen shows them (numbers masked) and
the reasons; ``dismiss`` remembers that a pair is two different people, so it
never comes back; ``undismiss`` takes that back. Merging a pair is the merge
service's. All of it is the owner's (``customer.merge``): it is how the file is
corrected, and a pair shows two customers' details at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.duplicates import DuplicatePair, Reason, find_duplicates
from crm_desktop.models.entities import Card, Customer, DuplicateDismissal, Purchase
from crm_desktop.models.errors import ConflictError, NotFound, ValidationError
from crm_desktop.models.progress import ProgressReport, no_progress
from crm_desktop.models.rules.validation import mask_id_number, mask_phone
from crm_desktop.models.services.base import Service

PERMISSION = "customer.merge"
DISMISS_ACTION = "customer.not_duplicate"
UNDISMISS_ACTION = "customer.not_duplicate_undone"
# Pairs a screen shows at once, best first; the total is always told.
DEFAULT_LIMIT = 500
_CHUNK = 500


@dataclass(frozen=True)
class PairSide:
    """One customer of a pair, as the screen shows it (phone and ID masked)."""

    id: int
    name: str
    phone: str | None
    phone2: str | None
    id_number: str | None
    birthday: date | None
    gender: str | None
    status: str
    member_since: date | None
    active_cards: int
    purchases: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "name": self.name, "phone": self.phone, "phone2": self.phone2,
            "id_number": self.id_number,
            "birthday": self.birthday.isoformat() if self.birthday else None,
            "gender": self.gender, "status": self.status,
            "member_since": self.member_since.isoformat() if self.member_since else None,
            "active_cards": self.active_cards, "purchases": self.purchases,
        }


@dataclass(frozen=True)
class PairView:
    """A likely duplicate pair: both customers, the score (0–100) and the reasons."""

    low: PairSide
    high: PairSide
    score: int
    reasons: tuple[Reason, ...]

    @property
    def ids(self) -> tuple[int, int]:
        return self.low.id, self.high.id

    def as_dict(self) -> dict[str, Any]:
        return {
            "low_id": self.low.id, "high_id": self.high.id, "score": self.score,
            "reasons": [r.as_dict() for r in self.reasons],
            "customers": [self.low.as_dict(), self.high.as_dict()],
        }


@dataclass(frozen=True)
class DuplicateList:
    """The pairs shown (best first), how many were found in all, and how many customers."""

    pairs: tuple[PairView, ...]
    total: int
    customers: int


class DuplicateService(Service):
    """Find likely duplicate customers; remember pairs that are not the same person."""

    def find(
        self, *, limit: int | None = DEFAULT_LIMIT, progress: ProgressReport = no_progress
    ) -> DuplicateList:
        """The likely pairs of the whole file, best first (at most ``limit``; None: all)."""
        with self._read(PERMISSION) as session:
            dismissed = {
                (int(low), int(high)) for low, high in session.execute(
                    select(DuplicateDismissal.low_id, DuplicateDismissal.high_id)
                )
            }
            found = find_duplicates(session, dismissed=dismissed, progress=progress)
            shown = found if limit is None else found[:limit]
            sides = _sides(session, {i for p in shown for i in (p.low_id, p.high_id)})
            customers = int(session.scalar(
                select(func.count()).select_from(Customer)
                .where(Customer.status.not_in(("anonymised", "merged")))
            ) or 0)
        return DuplicateList(
            tuple(_view(pair, sides) for pair in shown), len(found), customers
        )

    def dismiss(self, first_id: int, second_id: int) -> None:
        """Remember that the two customers are different people; the pair is not listed again."""
        low, high = _pair(first_id, second_id)
        with self._action(DISMISS_ACTION, Entity.CUSTOMER, PERMISSION) as op:
            _both_exist(op.session, low, high)
            if _dismissal(op.session, low, high) is not None:
                raise ConflictError(
                    "duplicate.already_dismissed",
                    f"客户 #{low} 和 #{high} 已经标记为不是同一人。",
                    f"Customers #{low} and #{high} are already marked as different people.",
                )
            op.session.add(
                DuplicateDismissal(low_id=low, high_id=high, dismissed_by=self.actor.user_id)
            )
            op.entity_id = low
            op.changed_ids = [low, high]
            op.after = {"customer_ids": [low, high]}

    def undismiss(self, first_id: int, second_id: int) -> None:
        """Take back "not the same person": the pair may be listed again."""
        low, high = _pair(first_id, second_id)
        with self._action(UNDISMISS_ACTION, Entity.CUSTOMER, PERMISSION) as op:
            found = _dismissal(op.session, low, high)
            if found is None:
                raise NotFound(
                    "duplicate.not_dismissed",
                    f"客户 #{low} 和 #{high} 没有标记为不是同一人。",
                    f"Customers #{low} and #{high} are not marked as different people.",
                )
            op.session.delete(found)
            op.entity_id = low
            op.changed_ids = [low, high]
            op.before = {"customer_ids": [low, high]}


def _pair(first_id: int, second_id: int) -> tuple[int, int]:
    if first_id == second_id:
        raise ValidationError(
            "duplicate.same_customer",
            "请选择两位不同的客户。",
            "Choose two different customers.",
        )
    return (first_id, second_id) if first_id < second_id else (second_id, first_id)


def _both_exist(session: Session, low: int, high: int) -> None:
    found = set(session.scalars(select(Customer.id).where(Customer.id.in_((low, high)))))
    for customer_id in (low, high):
        if customer_id not in found:
            raise NotFound(
                "customer.not_found",
                f"找不到编号为 {customer_id} 的客户，可能已被删除。",
                f"There is no customer number {customer_id}; it may have been deleted.",
            )


def _dismissal(session: Session, low: int, high: int) -> DuplicateDismissal | None:
    return session.scalars(
        select(DuplicateDismissal).where(
            DuplicateDismissal.low_id == low, DuplicateDismissal.high_id == high
        )
    ).first()


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(ids)
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start:start + _CHUNK]


def _sides(session: Session, ids: set[int]) -> dict[int, PairSide]:
    """The customers of the pairs shown, with their active cards and purchases counted."""
    sides: dict[int, PairSide] = {}
    for chunk in _chunks(ids):
        cards = dict(session.execute(
            select(Card.customer_id, func.count()).where(
                Card.customer_id.in_(chunk), Card.status == "active"
            ).group_by(Card.customer_id)
        ).all())
        bought = dict(session.execute(
            select(Purchase.customer_id, func.count()).where(
                Purchase.customer_id.in_(chunk), Purchase.kind == "sale"
            ).group_by(Purchase.customer_id)
        ).all())
        for c in session.scalars(select(Customer).where(Customer.id.in_(chunk))):
            sides[c.id] = PairSide(
                id=c.id, name=c.name, phone=mask_phone(c.phone), phone2=mask_phone(c.phone2),
                id_number=mask_id_number(c.id_number), birthday=c.birthday, gender=c.gender,
                status=c.status, member_since=c.member_since,
                active_cards=int(cards.get(c.id, 0)), purchases=int(bought.get(c.id, 0)),
            )
    return sides


def _view(pair: DuplicatePair, sides: dict[int, PairSide]) -> PairView:
    return PairView(sides[pair.low_id], sides[pair.high_id], pair.score, pair.reasons)
