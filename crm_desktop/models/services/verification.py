"""Periodic verification (定期核对): whose contact details are due to be confirmed with the
customer, the one-click confirmation; and an import's corrections (待更正), set aside or
cleared when a save fixes the field.

The owner sets how often (shop setting ``contact_check_months``: 6, 12 or 24; 0 = not
asked for). An active customer is due once that many months have passed since the
details were last confirmed — or, never confirmed, since they became a member (入会日期;
the day the file was made when that is unknown). A new member is therefore not due
before the period has passed: joining is when the details were taken.

The Today panel's list leaves out customers who asked not to be contacted, as its
follow-ups do (the list is worked through by phone); their profile still says the
details are due, to be confirmed when they next come in.

Confirming writes ``contact_confirmed_at`` as its own audited operation. It is not an
edit of the profile, so it leaves the profile's version alone: a form open on the same
customer still saves. Editing a phone number does not count as confirming — fixes made
from the sweep or an import's corrections are not a conversation with the customer.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Date, DateTime, text, update
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Customer
from crm_desktop.models.entities.base import now
from crm_desktop.models.errors import ConflictError, ValidationError
from crm_desktop.models.rules.merged_customers import refuse_if_merged
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.privacy_records import load_customer

# Counting more than this many due customers on every Today refresh would read the whole
# file; beyond it the panel says "1000+".
COUNT_CAP = 1_000
# Who is due, in three parts, each one range of the index it names: an OR of them would
# read every customer, and without ANALYZE statistics (shop files have none) SQLite
# picks the status index, where nearly every customer is, and sorts the whole file.
_DUE_PARTS = (
    ("ix_customers_contact_confirmed_at", "contact_confirmed_at < :end", "contact_confirmed_at"),
    ("ix_customers_member_since", "member_since <= :cutoff AND contact_confirmed_at IS NULL",
     "member_since"),
    ("ix_customers_member_since",
     "member_since IS NULL AND contact_confirmed_at IS NULL AND created_at < :end", "created_at"),
)
_LISTED = "status = 'active' AND do_not_contact = :no"
_DUE_TYPES: dict[str, Any] = {
    "contact_confirmed_at": DateTime(), "member_since": Date(), "created_at": DateTime(),
}


@dataclass(frozen=True)
class ContactCheckItem:
    """A customer whose contact details are due to be confirmed."""

    customer_id: int
    customer_name: str
    last_confirmed: date | None  # None: never confirmed
    member_since: date | None
    due_on: date


@dataclass(frozen=True)
class ContactChecks:
    """The first items of the due list, and how many are due (a lower bound unless exact)."""

    items: tuple[ContactCheckItem, ...]
    total: int
    exact: bool


def months_before(day: date, months: int) -> date:
    """The same day ``months`` calendar months earlier (the month's last day when shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def months_after(day: date, months: int) -> date:
    """The same day ``months`` calendar months later (the month's last day when shorter)."""
    return months_before(day, -months)


def contact_due_on(
    last_confirmed: datetime | None, member_since: date | None, created_at: datetime | None,
    months: int,
) -> date | None:
    """The day the contact details fall due, or None when the shop does not ask for checks."""
    if months <= 0:
        return None
    start = last_confirmed.date() if last_confirmed is not None else member_since
    if start is None:
        start = created_at.date() if created_at is not None else date.today()
    return months_after(start, months)


def contacts_due(
    session: Session, day: date, months: int, limit: int, *, cap: int = COUNT_CAP
) -> ContactChecks:
    """The due list for ``day``: longest-waiting first, cut at ``limit``; empty when off."""
    if months <= 0:
        return ContactChecks((), 0, True)
    cutoff = months_before(day, months)
    params = {
        "end": datetime.combine(cutoff + timedelta(days=1), time()).isoformat(sep=" "),
        "cutoff": cutoff.isoformat(), "limit": limit, "cap": cap + 1, "no": False,
    }
    items: list[ContactCheckItem] = []
    total, exact = 0, True
    for index, condition, order in _DUE_PARTS:
        source = f"FROM customers INDEXED BY {index} WHERE {condition} AND {_LISTED}"
        counted = int(session.scalar(
            text(f"SELECT count(*) FROM (SELECT 1 {source} LIMIT :cap) AS due"), params) or 0)
        total += min(counted, cap)
        exact = exact and counted <= cap
        rows = session.execute(text(
            f"SELECT id, name, contact_confirmed_at, member_since, created_at {source} "
            f"ORDER BY {order}, id LIMIT :limit").columns(**_DUE_TYPES), params)
        for row in rows:
            due = contact_due_on(row.contact_confirmed_at, row.member_since, row.created_at,
                                 months)
            assert due is not None
            confirmed = row.contact_confirmed_at
            items.append(ContactCheckItem(row.id, row.name, confirmed.date() if confirmed else None,
                                          row.member_since, due))
    items.sort(key=lambda item: (item.due_on, item.customer_id))
    return ContactChecks(tuple(items[:limit]), total, exact)


class VerificationService(Service):
    """Confirm a customer's contact details; set aside an import's correction."""

    def confirm_contact(self, customer_id: int) -> datetime:
        """"已与客户核对": the contact details were confirmed with the customer just now."""
        with self._action("customer.contact_confirmed", Entity.CUSTOMER, "customer.write") as rec:
            customer = _active(rec.session, customer_id)
            at = now().replace(microsecond=0)
            rec.entity_id = customer.id
            rec.before = {"contact_confirmed_at": customer.contact_confirmed_at}
            rec.after = {"contact_confirmed_at": at}
            _set_quietly(rec.session, customer.id, contact_confirmed_at=at)
            return at

    def dismiss_correction(self, customer_id: int, field: str) -> tuple[tuple[str, str], ...]:
        """Stop showing an import's rejected value of ``field`` (the field is right as it is).

        Returns the corrections still pending. The audit entry names the field, never the
        value, which may be personal.
        """
        with self._action("customer.correction_dismissed", Entity.CUSTOMER,
                          "customer.write") as rec:
            customer = _active(rec.session, customer_id)
            pending: dict[str, Any] = json.loads(customer.corrections or "{}")
            if field not in pending:
                raise ValidationError(
                    "correction.not_pending", "这一项没有待更正的导入值，可能已经处理过了。",
                    "There is no pending correction for this field; it may have been handled.",
                    field=field,
                )
            del pending[field]
            rec.entity_id = customer.id
            rec.before = {"field": field}
            _set_quietly(rec.session, customer.id,
                         corrections=json.dumps(pending, ensure_ascii=False) if pending else None)
            return tuple(sorted((key, str(value)) for key, value in pending.items()))


def clear_fixed_corrections(customer: Customer, changed: Iterable[str]) -> list[str]:
    """Drop the pending corrections (待更正) of the fields a save just changed: they are fixed.

    Returns the fields cleared, for the save's audit entry (names only, never values).
    """
    if not customer.corrections:
        return []
    pending: dict[str, Any] = json.loads(customer.corrections)
    fixed = sorted(set(pending) & set(changed))
    for name in fixed:
        del pending[name]
    if fixed:
        customer.corrections = json.dumps(pending, ensure_ascii=False) if pending else None
    return fixed


def _active(session: Session, customer_id: int) -> Customer:
    customer = load_customer(session, customer_id)
    refuse_if_merged(session, customer)
    if customer.status != "active":
        raise ConflictError(
            "customer.not_active",
            f"客户“{customer.name}”的档案不在使用中（已注销、匿名化或合并），无需核对或更正。",
            f"Customer {customer.name}'s file is not in use (terminated, anonymised or "
            "merged); there is nothing to confirm or correct.",
        )
    return customer


def _set_quietly(session: Session, customer_id: int, **values: Any) -> None:
    # A statement rather than an attribute: the ORM would bump the profile's version and an
    # edit form open on this customer could no longer save.
    session.execute(
        update(Customer).where(Customer.id == customer_id).values(**values),
        execution_options={"synchronize_session": "fetch"},
    )
