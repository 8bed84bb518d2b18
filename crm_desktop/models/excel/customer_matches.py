"""Rows of a customer import that are already on file: which customer, by which key, what is new.

A row is on file when its phone, card number or ID number belongs to a customer
(a customer merged into another stands for the one it was merged into); keys
pointing at two different customers refuse the row. Every matched row is listed
with its key and the customer's number and name. With the default policy
("skip") nothing is written, but what the row has that the customer lacks (a
phone on a member found by card, an email, an earlier member-since date) is
listed, and added when the user answers "add what is new": empty fields are
filled, nothing is overwritten.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection

from crm_desktop.models.excel.customer_rows import PROFILE_FIELDS, CustomerRow
from crm_desktop.models.excel.customer_writer import lookup
from crm_desktop.models.excel.header_detect import ColumnMapping
from crm_desktop.models.excel.import_plan import ImportPlan
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.row_findings import (
    ExistingMatch,
    Rejection,
    shown_value,
    zh_or_en,
)

_KEYS = ("phone", "card_number", "id_number")


class Found(NamedTuple):
    """The customer on file a row stands for, and the key that found it."""

    customer_id: int
    key: str
    key_value: str


@dataclass
class KeyLookup:
    """Who on file holds the rows' phones, ID numbers and card numbers."""

    phones: dict[str, int]
    ids: dict[str, int]
    cards: dict[str, int]

    def anyone(self) -> bool:
        return bool(self.phones or self.ids or self.cards)


def look_up_keys(conn: Connection, rows: list[CustomerRow]) -> KeyLookup:
    """The customers holding the rows' keys; a merged customer stands for its survivor."""
    found = KeyLookup(
        dict(lookup(conn, "SELECT phone, id FROM customers WHERE phone IN ({marks})",
                    (r.phone for r in rows if r.phone))),
        dict(lookup(conn, "SELECT id_number, id FROM customers WHERE id_number IN ({marks})",
                    (r.id_number for r in rows if r.id_number))),
        dict(lookup(conn, "SELECT number, customer_id FROM cards WHERE number IN ({marks})",
                    (r.card_number for r in rows if r.card_number))),
    )
    holders = {*found.phones.values(), *found.ids.values(), *found.cards.values()}
    survivors = _survivors(conn, holders)
    if survivors:
        for table in (found.phones, found.ids, found.cards):
            for value, customer_id in table.items():
                table[value] = survivors.get(customer_id, customer_id)
    return found


def _survivors(conn: Connection, ids: set[int]) -> dict[int, int]:
    merged = dict(lookup(
        conn,
        "SELECT id, merged_into FROM customers WHERE status = 'merged' "
        "AND merged_into IS NOT NULL AND id IN ({marks})",
        (str(i) for i in ids),
    ))
    resolved: dict[int, int] = {}
    for start in merged:
        target, hops = merged[start], 0
        while target in merged and hops < 10:  # a chain of merges ends at the survivor
            target, hops = merged[target], hops + 1
        resolved[int(start)] = int(target)
    return resolved


def split_rows(
    rows: list[CustomerRow], keys: KeyLookup, mapping: ColumnMapping, plan: ImportPlan
) -> tuple[dict[int, Found], list[CustomerRow]]:
    """Rows on file (sheet row → customer and key) and the rows that are new."""
    matched: dict[int, Found] = {}
    new: list[CustomerRow] = []
    for row in rows:
        owners = [
            Found(cid, key, shown_value(key, value))
            for key, value, cid in (
                ("phone", row.phone, keys.phones.get(row.phone or "")),
                ("card_number", row.card_number, keys.cards.get(row.card_number or "")),
                ("id_number", row.id_number, keys.ids.get(row.id_number or "")),
            )
            if cid is not None
        ]
        if len({o.customer_id for o in owners}) > 1:
            column = next(o.key for o in owners if o.customer_id != owners[0].customer_id)
            plan.rejected.append(Rejection(row.row, mapping.header_of(column), zh_or_en(
                "手机号、卡号、身份证号分别属于本店的不同客户，无法确定是哪一位，请核对。",
                "The phone, card number and ID number belong to different customers on file; "
                "check which one is meant.",
            )))
        elif owners:
            matched[row.row] = owners[0]
        else:
            new.append(row)
    return matched, new


_COLUMNS = ("id", "status", "member_since", "corrections", *PROFILE_FIELDS)


def plan_existing(
    conn: Connection,
    rows: list[CustomerRow],
    matched: dict[int, Found],
    cards: dict[str, int],
    options: ImportOptions,
    plan: ImportPlan,
) -> None:
    """Decide, for each row on file, what is written: the policy and the user's answers."""
    existing = {
        int(r[0]): dict(zip(_COLUMNS, r, strict=True))
        for r in lookup(
            conn,
            f"SELECT {', '.join(_COLUMNS)} FROM customers WHERE id IN ({{marks}})",  # noqa: S608
            (str(f.customer_id) for f in matched.values()),
        )
    }
    for row in rows:
        found = matched[row.row]
        before = existing[found.customer_id]
        if before["status"] == "anonymised":
            plan.rejected.append(Rejection(row.row, "", zh_or_en(
                "这位客户的档案已匿名化，不能再由导入更新。",
                "This customer was anonymised and cannot be updated by an import.",
            )))
            continue
        _plan_one(row, found, before, cards, options, plan)


def _plan_one(
    row: CustomerRow,
    found: Found,
    before: dict[str, Any],
    cards: dict[str, int],
    options: ImportOptions,
    plan: ImportPlan,
) -> None:
    filled = _changes(row, before, "fill")
    differs = tuple(
        name
        for name in PROFILE_FIELDS
        if name not in filled
        and getattr(row, name) is not None
        and getattr(row, name) != _on_file(before, name)
    )
    new_card = bool(row.needs_card() and row.card_number and row.card_number not in cards)
    joined = _earlier_join(row, before)
    shown = [(name, shown_value(name, value)) for name, value in filled.items()]
    if joined is not None:
        shown.append(("member_since", joined.isoformat()))
    if new_card:
        shown.append(("card_number", str(row.card_number)))
    match = ExistingMatch(
        row.row, found.customer_id, options.on_duplicate, "", found.key, found.key_value,
        str(before["name"]), tuple(shown), differs,
    )
    policy = options.on_duplicate
    if policy == "skip":
        if not shown or options.choice(row.row, "new_info") != "add_new":
            plan.skipped += 1
            plan.matches.append(match._replace(action="skip"))
            return
        policy, match = "fill", match._replace(action="add_new")
    changes = filled if policy == "fill" else _changes(row, before, policy)
    if joined is not None:
        changes["member_since"] = joined
    flagged = _flags(row, before, changes)
    if flagged is not None:
        changes["corrections"] = flagged
    note = ""
    if new_card:
        plan.new_cards_for[row.row] = found.customer_id
        plan.card_rows.append(row)
    elif row.balance_fen or row.bonus_fen or row.points or row.counts:
        note = zh_or_en(
            "已有客户的余额、积分和次数以本店账上为准，未改动。",
            "Balances, points and visits of customers on file are kept as booked.",
        )
    if changes or new_card:
        plan.updates[row.row] = (found.customer_id, changes)
        plan.matches.append(match._replace(note=note))
    else:
        plan.skipped += 1
        plan.matches.append(match._replace(action="unchanged", note=note))


def _on_file(before: dict[str, Any], name: str) -> Any:
    value = before[name]
    if name == "birthday" and isinstance(value, str):
        return datetime.strptime(value[:10], "%Y-%m-%d").date()
    return value


def _changes(row: CustomerRow, before: dict[str, Any], policy: str) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in PROFILE_FIELDS:
        new = getattr(row, name)
        if new is None:
            continue
        old = _on_file(before, name)
        if policy == "fill" and old not in (None, ""):
            continue
        if new != old:
            changes[name] = new
    return changes


def _earlier_join(row: CustomerRow, before: dict[str, Any]) -> date | None:
    """The file's member-since day when it is earlier than the one on file (never later)."""
    joined = row.joined()
    since = before["member_since"]
    if joined is None:
        return None
    if since and joined >= (since if isinstance(since, date) else date.fromisoformat(since[:10])):
        return None
    return joined


def _flags(row: CustomerRow, before: dict[str, Any], changes: dict[str, Any]) -> dict[str, str] | None:
    """The customer's corrections with the row's left-out values for fields still empty."""
    if not row.corrections:
        return None
    empty = {
        name for name in row.corrections
        if name in PROFILE_FIELDS and name not in changes and before[name] in (None, "")
    }
    if not empty:
        return None
    flagged = json.loads(before["corrections"]) if before["corrections"] else {}
    flagged.update({name: row.corrections[name] for name in empty})
    return dict(flagged)
