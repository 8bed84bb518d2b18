"""What a merge (or its undo) moved, as its signed audit entry records it, and what that means
for verifying the ledgers' digests.

A merge moves every row of the merged customer to the survivor: ledger rows,
sales, cards, contacts… The audit entry of the merge carries a ``MergeRecord``
(JSON text under ``RECORD_KEY`` of its ``after``) naming exactly which rows of
which table moved from which customer to which, plus what the undo needs (the
merged customer's former status and tags, the versions right after the merge).
Ids are kept compact: sorted, consecutive runs folded, each run as its gap from
the one before.

``MoveLog`` is the verifier's side. An old operation signed its rows with the
customer each row had then; a row a signed merge later moved is verified with
the customer it had before the first signed move, and only while it still sits
where the last signed move put it. A record that is not in an intact entry
signed by an owner is never given to ``MoveLog``, so it excuses nothing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from crm_desktop.models.ledger_digest import SIGNED_COLUMNS, Moved

MERGE_ACTION = "customer.merge"
UNDO_ACTION = "customer.merge_undo"
MOVE_ACTIONS = frozenset({MERGE_ACTION, UNDO_ACTION})
# The key of an entry's ``after`` holding the record; the audit log's words never show it.
RECORD_KEY = "merge_record"
FORMAT = 1

# Tables whose rows point at one customer through ``customer_id`` and move in a merge.
# Ledgers and tier changes are reached through the merged customer's cards (they have no
# index on customer_id), so they move before the cards do.
CARD_ROUTED = ("value_entries", "points_entries", "count_entries", "tier_changes")
DIRECT = ("purchases", "interactions", "feedback", "survey_answers")
MOVED_TABLES = (*CARD_ROUTED, *DIRECT, "cards")
# The signed tables that carry a customer: their rank in SIGNED_COLUMNS, as the digest has it.
SIGNED_RANKS = {
    table: rank for rank, (table, columns) in enumerate(SIGNED_COLUMNS.items())
    if "customer_id" in columns
}


def encode_ids(ids: Iterable[int]) -> str:
    """``[5, 6, 7, 20]`` → ``"5+2,13"``: each run as its gap from the last run's end,
    ``+n`` for n more consecutive ids."""
    parts: list[str] = []
    previous = 0
    run_start: int | None = None
    run_end = 0
    for value in sorted(set(ids)):
        if run_start is not None and value == run_end + 1:
            run_end = value
            continue
        if run_start is not None:
            parts.append(_run(run_start - previous, run_end - run_start))
            previous = run_end
        run_start = run_end = value
    if run_start is not None:
        parts.append(_run(run_start - previous, run_end - run_start))
    return ",".join(parts)


def decode_ids(text: str) -> list[int]:
    """The ids ``encode_ids`` wrote, ascending; ValueError on text it did not write."""
    ids: list[int] = []
    previous = 0
    for part in text.split(",") if text else []:
        gap, _plus, more = part.partition("+")
        start = previous + int(gap)
        count = int(more) if more else 0
        if (ids and start <= previous) or count < 0:
            raise ValueError("ids out of order")
        ids.extend(range(start, start + count + 1))
        previous = start + count
    return ids


def _run(gap: int, more: int) -> str:
    return f"{gap}+{more}" if more else str(gap)


@dataclass(frozen=True)
class MergeRecord:
    """Exactly what one merge or undo moved, and what an undo must find unchanged.

    ``kind`` is "merge" or "undo". Rows moved from customer ``source`` to ``target``;
    ``keep``/``other`` name the survivor and the merged customer in both kinds.
    """

    kind: str
    keep: int
    other: int
    rows: Mapping[str, tuple[int, ...]]
    referrals: tuple[int, ...] = ()
    # (dismissal id, low id, high id) as they were before the merge.
    dismissals: tuple[tuple[int, int, int], ...] = ()
    keep_tags: tuple[int, ...] = ()
    other_tags: tuple[int, ...] = ()
    swapped: tuple[str, ...] = ()
    other_status: str = "active"
    # Right after the merge: the two customers' versions, the survivor's cards' versions,
    # and the largest id of each table (a later row of theirs means something happened).
    versions: Mapping[str, int] = field(default_factory=dict)
    cards: Mapping[int, int] = field(default_factory=dict)
    tops: Mapping[str, int] = field(default_factory=dict)
    undoes: str = ""

    @property
    def source(self) -> int:
        return self.other if self.kind == "merge" else self.keep

    @property
    def target(self) -> int:
        return self.keep if self.kind == "merge" else self.other

    def moved_count(self, table: str) -> int:
        return len(self.rows.get(table, ()))

    def to_json(self) -> str:
        body: dict[str, Any] = {
            "v": FORMAT, "kind": self.kind, "keep": self.keep, "other": self.other,
            "rows": {t: encode_ids(ids) for t, ids in self.rows.items() if ids},
            "referrals": encode_ids(self.referrals),
            "dismissals": [list(d) for d in self.dismissals],
            "keep_tags": list(self.keep_tags), "other_tags": list(self.other_tags),
            "swapped": list(self.swapped), "other_status": self.other_status,
            "versions": dict(self.versions),
            "cards": {str(k): v for k, v in self.cards.items()},
            "tops": dict(self.tops), "undoes": self.undoes,
        }
        return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> MergeRecord:
        """The record ``to_json`` wrote; ValueError (or KeyError, TypeError) otherwise."""
        body = json.loads(text)
        if not isinstance(body, dict) or body.get("v") != FORMAT:
            raise ValueError("not a merge record")
        kind = str(body["kind"])
        if kind not in ("merge", "undo"):
            raise ValueError("unknown kind")
        return cls(
            kind=kind, keep=int(body["keep"]), other=int(body["other"]),
            rows={str(t): tuple(decode_ids(str(ids))) for t, ids in body["rows"].items()},
            referrals=tuple(decode_ids(str(body.get("referrals", "")))),
            dismissals=tuple(
                (int(d[0]), int(d[1]), int(d[2])) for d in body.get("dismissals", [])
            ),
            keep_tags=tuple(int(t) for t in body.get("keep_tags", [])),
            other_tags=tuple(int(t) for t in body.get("other_tags", [])),
            swapped=tuple(str(s) for s in body.get("swapped", [])),
            other_status=str(body.get("other_status", "active")),
            versions={str(k): int(v) for k, v in body.get("versions", {}).items()},
            cards={int(k): int(v) for k, v in body.get("cards", {}).items()},
            tops={str(k): int(v) for k, v in body.get("tops", {}).items()},
            undoes=str(body.get("undoes", "")),
        )


def record_of_entry(after_json: str | None) -> MergeRecord | None:
    """The record an audit entry's ``after`` carries, or None (absent or unreadable)."""
    try:
        after = json.loads(after_json or "{}")
        raw = after.get(RECORD_KEY) if isinstance(after, dict) else None
        return MergeRecord.from_json(raw) if isinstance(raw, str) else None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


class MoveLog:
    """The moves of every trusted merge and undo, in the order of the audit chain."""

    def __init__(self) -> None:
        self.moved: Moved = {}
        self.records = 0

    def add(self, record: MergeRecord) -> None:
        """Apply one trusted record: its rows now belong to ``record.target``."""
        self.records += 1
        source, target = record.source, record.target
        for table, ids in record.rows.items():
            rank = SIGNED_RANKS.get(table)
            if rank is None:
                continue
            rows = self.moved.setdefault(rank, {})
            for row_id in ids:
                first = rows.get(row_id)
                # The customer a row had when written is where the first signed move found it.
                rows[row_id] = (source if first is None else first[0], target)
