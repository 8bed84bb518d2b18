"""New rows of a customer import that are likely (not surely) a customer already on file.

An exact key (phone, card or ID number) matches a row to a customer on its own;
this is for the rest: the same name and birthday, a phone one digit off, the
name in traditional characters. A finder (``LikelyFinder``) says, per sheet row,
which customer and why; the user answers per row: import as new, skip, or treat
it as that customer (then the row is a match like any other).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import NamedTuple

from sqlalchemy.orm import Session

from crm_desktop.models.duplicates import Candidate, likely_matches
from crm_desktop.models.excel.customer_rows import CustomerRow
from crm_desktop.models.excel.customer_writer import lookup
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.row_findings import LikelyMatch


class LikelyHit(NamedTuple):
    """The customer on file a row is likely to be, the reasons in words, and a score 0–100."""

    customer_id: int
    reasons: tuple[str, ...]
    score: float


# Given the rows about to be added as new customers and the import's session, the rows
# that are likely a customer on file: {sheet row: hit}. It reads, never writes.
LikelyFinder = Callable[[Sequence[CustomerRow], Session], Mapping[int, LikelyHit]]


def likely_finder() -> LikelyFinder | None:
    """The finder the import asks: the file's duplicate finder, best match per row."""
    return find_with_duplicates


def find_with_duplicates(rows: Sequence[CustomerRow], session: Session) -> dict[int, LikelyHit]:
    """Each row's best likely customer on file, by ``models.duplicates.likely_matches``."""
    candidates = [
        Candidate(r.name, r.phone, r.id_number, r.birthday, r.phone2, r.gender) for r in rows
    ]
    found: dict[int, LikelyHit] = {}
    for position, matches in likely_matches(session, candidates).items():
        best = matches[0]
        found[rows[position].row] = LikelyHit(
            best.customer_id, tuple(reason.text for reason in best.reasons), float(best.score)
        )
    return found


class LikelyOutcome(NamedTuple):
    """What the answers did: rows still new, rows to treat as a customer, rows skipped."""

    new_rows: list[CustomerRow]
    same: dict[int, int]  # sheet row → customer id
    skipped: int
    found: list[LikelyMatch]


def settle_likely(
    session: Session,
    rows: list[CustomerRow],
    finder: LikelyFinder | None,
    options: ImportOptions,
) -> LikelyOutcome:
    """Ask ``finder`` about ``rows`` and apply the user's answers (default: import as new).

    Nothing is asked when there is no finder or no customer on file yet.
    """
    if finder is None or not rows or not _anyone_on_file(session):
        return LikelyOutcome(rows, {}, 0, [])
    hits = finder(rows, session)
    if not hits:
        return LikelyOutcome(rows, {}, 0, [])
    names = dict(
        lookup(
            session.connection(),
            "SELECT id, name FROM customers WHERE id IN ({marks})",
            (str(h.customer_id) for h in hits.values()),
        )
    )
    outcome = LikelyOutcome([], {}, 0, [])
    skipped = 0
    for row in rows:
        hit = hits.get(row.row)
        if hit is None:
            outcome.new_rows.append(row)
            continue
        choice = options.choice(row.row, "likely")
        outcome.found.append(
            LikelyMatch(
                row.row, row.name, hit.customer_id, str(names.get(hit.customer_id, "")),
                tuple(hit.reasons), float(hit.score), choice,
            )
        )
        if choice == "same":
            outcome.same[row.row] = hit.customer_id
        elif choice == "skip":
            skipped += 1
        else:
            outcome.new_rows.append(row)
    return outcome._replace(skipped=skipped)


def _anyone_on_file(session: Session) -> bool:
    found = session.connection().exec_driver_sql("SELECT 1 FROM customers LIMIT 1").first()
    return found is not None
