"""What an import did or would do: counts and the per-row reasons, shared by customers and purchases.

The user's choices travel in ``ImportOptions``: a policy for rows already on
file, and answers to the questions a dry run asks about single rows (import a
row without its wrong optional values? add what a matched row has new? what to
do with damaged text, or with a row that is likely a customer on file?). Each
question has a default; ``choices`` answers it for one row.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from crm_desktop.models.excel.row_findings import (
    DamagedCell,
    Duplicate,
    ExistingMatch,
    JoinedCounts,
    LikelyMatch,
    OptionalProblem,
    Rejection,
)
from crm_desktop.models.progress import Cancelled

ON_DUPLICATE = ("skip", "fill", "overwrite")
# The questions about single rows and their answers; the first answer is the default.
QUESTIONS: dict[str, tuple[str, ...]] = {
    "optional": ("refuse", "drop"),  # wrong optional values: refuse the row / import without
    "new_info": ("skip", "add_new"),  # a matched row has values the file lacks: skip / fill them
    "damaged": ("skip", "clear", "keep"),  # damaged text: skip the row / leave empty / as is
    "likely": ("new", "skip", "same"),  # likely a customer on file: new / skip / that customer
}


class ImportCancelled(Cancelled):
    """The user cancelled; nothing was written."""

    def __init__(self) -> None:
        super().__init__(
            "import.cancelled",
            "导入已取消，数据没有任何改动。",
            "The import was cancelled; nothing was changed.",
        )


@contextmanager
def cancel_as_import() -> Iterator[None]:
    """Let a cancel out of an import as ``ImportCancelled``, once it has rolled back.

    Wrap the import's transaction in it: the generic ``Cancelled`` a progress report
    raises passes the rollback first, then leaves with the import's own sentence.
    """
    try:
        yield
    except ImportCancelled:
        raise
    except Cancelled as exc:
        raise ImportCancelled() from exc


@dataclass(frozen=True)
class ImportOptions:
    """The user's choices: policy for rows already on file, tier creation, dry run, answers.

    ``defaults`` answers a question (a key of ``QUESTIONS``) for every row; ``choices``
    answers it for one row: ``{(sheet row, question): answer}``.
    """

    on_duplicate: str = "skip"
    create_missing: bool = False  # create the tiers and card types the file names
    dry_run: bool = True
    defaults: Mapping[str, str] = field(default_factory=dict)
    choices: Mapping[tuple[int, str], str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.on_duplicate not in ON_DUPLICATE:
            raise ValueError(f"on_duplicate must be one of {ON_DUPLICATE}")
        for question, answer in [*self.defaults.items(), *((q, a) for (_, q), a in
                                                          self.choices.items())]:
            if answer not in QUESTIONS.get(question, ()):
                raise ValueError(f"{answer!r} does not answer {question!r}")

    def choice(self, row: int, question: str) -> str:
        """The answer for ``row``: its own, else the default for every row, else the first."""
        found = self.choices.get((row, question))
        if found is None:
            found = self.defaults.get(question, QUESTIONS[question][0])
        return found


@dataclass(frozen=True)
class ImportReport:
    """Counts and reasons of one import (or dry run); rows are numbered as Excel shows them.

    rows_read = imported + updated + skipped + len(duplicates) + rejected rows + totals_rows.
    A row refused for several reasons has a Rejection for each; ``optional_problems``,
    ``damaged`` and ``likely`` list the rows a question was asked about, with the answer
    this run applied; ``matches`` every row found on file, with the key that found it.
    """

    kind: str
    dry_run: bool
    header_row: int
    rows_read: int
    imported: int
    updated: int
    skipped: int
    totals_rows: int
    duplicates: tuple[Duplicate, ...]
    rejected: tuple[Rejection, ...]
    matches: tuple[ExistingMatch, ...] = ()
    balance_fen: int = 0  # paid money and bonus together
    bonus_fen: int = 0
    points: int = 0
    counts: int = 0
    amount_fen: int = 0  # purchases: the total amount of the imported purchases
    new_tiers: tuple[str, ...] = ()
    new_card_types: tuple[str, ...] = ()
    optional_problems: tuple[OptionalProblem, ...] = ()
    damaged: tuple[DamagedCell, ...] = ()
    likely: tuple[LikelyMatch, ...] = ()
    joined: JoinedCounts = JoinedCounts()
    # purchases: customers whose member-since date moved back to an earlier purchase
    member_since_lowered: int = 0

    def as_json(self) -> dict[str, Any]:
        """The one JSON object the command line prints with --json."""
        return {
            "kind": self.kind,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            "imported": self.imported,
            "updated": self.updated,
            "skipped": self.skipped,
            "totals_rows": self.totals_rows,
            "duplicates": [{"row": d.row, "first_row": d.first_row} for d in self.duplicates],
            "rejected": [
                {"row": r.row, "column": r.column, "reason": r.reason} for r in self.rejected
            ],
            "matches": [
                {**m._asdict(), "new_values": dict(m.new_values), "differs": list(m.differs)}
                for m in self.matches
            ],
            "balance_fen": self.balance_fen,
            "bonus_fen": self.bonus_fen,
            "points": self.points,
            "counts": self.counts,
            "amount_fen": self.amount_fen,
            "new_tiers": list(self.new_tiers),
            "new_card_types": list(self.new_card_types),
            "optional_problems": [
                {"row": p.row, "name": p.name, "choice": p.choice,
                 "fields": [f._asdict() for f in p.fields]}
                for p in self.optional_problems
            ],
            "damaged": [d._asdict() for d in self.damaged],
            "likely": [{**m._asdict(), "reasons": list(m.reasons)} for m in self.likely],
            "joined": self.joined._asdict(),
            "member_since_lowered": self.member_since_lowered,
        }
