"""Likely duplicates: across the whole file, and for the rows an import plans to add.

``find_duplicates`` reads every active and terminated customer in one plain
scan, makes the blocking keys for all of them, pairs only records sharing a key
(``pairs``) and scores those pairs (``scoring``). ``likely_matches`` does the same
for planned import rows against the file: each row gets the customers on file it
is likely the same person as, with the reasons and a score. The import's own
exact match (the same phone, ID or card number) is the import's business; a
customer matched that way appears here too, with "same phone" among its reasons.
"""

from __future__ import annotations

import gc
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from crm_desktop.models.duplicates.pairs import candidate_pairs
from crm_desktop.models.duplicates.people import (
    Candidate,
    People,
    build_people,
    read_customers,
    with_candidates,
)
from crm_desktop.models.duplicates.reasons import Reason
from crm_desktop.models.duplicates.scoring import judge
from crm_desktop.models.progress import Progress, ProgressReport, no_progress

STAGES = ("read", "keys", "phones", "birthdays", "names", "score")


@dataclass(frozen=True)
class DuplicatePair:
    """Two customers (lower id first) likely to be one person, why, and how likely (0–100)."""

    low_id: int
    high_id: int
    score: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class Match:
    """A customer on file a planned import row is likely the same person as."""

    customer_id: int
    name: str
    score: int
    reasons: tuple[Reason, ...]


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector while millions of small lists and tuples are made.

    None of them refer back to each other, but each collection would walk them all
    again; pausing it takes about a sixth off a search of a million customers.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _Steps:
    """Reports each stage of the search as a step of ``STAGES`` (and lets a cancel in)."""

    def __init__(self, progress: ProgressReport) -> None:
        self.progress = progress

    def __call__(self, stage: str) -> None:
        self.progress(Progress(stage, STAGES.index(stage), len(STAGES)))


def find_duplicates(
    session: Session,
    *,
    dismissed: Collection[tuple[int, int]] = (),
    progress: ProgressReport = no_progress,
) -> list[DuplicatePair]:
    """Every likely duplicate pair of the file, best first; ``dismissed`` (low, high) left out."""
    step = _Steps(progress)
    step("read")
    with _no_cycle_collection():
        rows = read_customers(session)
        step("keys")
        people = build_people(rows, on_file=len(rows))
        del rows
        pairs = candidate_pairs(people, step)
        step("score")
        ids = people.ids
        dismissed = set(dismissed)
        found: list[DuplicatePair] = []
        for i, j in pairs:
            if ids[i] > ids[j]:
                i, j = j, i
            if (ids[i], ids[j]) in dismissed:
                continue
            judged = judge(people, i, j)
            if judged is not None:
                found.append(DuplicatePair(ids[i], ids[j], *judged))
    progress(Progress("score", len(STAGES), len(STAGES)))
    found.sort(key=lambda pair: (-pair.score, pair.low_id, pair.high_id))
    return found


def likely_matches(
    session: Session, candidates: Sequence[Candidate]
) -> dict[int, list[Match]]:
    """For each planned row (by its position in ``candidates``), the likely customers on file.

    Rows without a likely match are absent. Each row's matches come best first. One
    scan of the file, whatever the number of rows: 100,000 planned rows cost about
    what finding the file's own duplicates costs.
    """
    if not candidates:
        return {}
    with _no_cycle_collection():
        people = with_candidates(read_customers(session), candidates)
        return matches_in(people)


def matches_in(people: People) -> dict[int, list[Match]]:
    """The file-to-planned-row matches of ``people`` (built by ``with_candidates``)."""
    found: dict[int, list[Match]] = {}
    for i, j in candidate_pairs(people):
        judged = judge(people, i, j)
        if judged is not None:
            score, reasons = judged
            row = j - people.on_file
            found.setdefault(row, []).append(Match(people.ids[i], people.names[i], score, reasons))
    for matches in found.values():
        matches.sort(key=lambda match: (-match.score, match.customer_id))
    return found
