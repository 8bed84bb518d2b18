"""What an import did or would do: counts and the per-row reasons, shared by customers and purchases."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

from crm_desktop.models.excel.customer_rows import Duplicate, Rejection
from crm_desktop.models.progress import Cancelled

ON_DUPLICATE = ("skip", "fill", "overwrite")


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


class ExistingMatch(NamedTuple):
    """A row whose phone, card number or ID number is already on file, and what became of it."""

    row: int
    customer_id: int
    action: str  # "skip" | "fill" | "overwrite" | "unchanged"
    note: str = ""


@dataclass(frozen=True)
class ImportOptions:
    """The user's choices: policy for rows already on file, tier creation, dry run."""

    on_duplicate: str = "skip"
    create_missing: bool = False  # create the tiers and card types the file names
    dry_run: bool = True

    def __post_init__(self) -> None:
        if self.on_duplicate not in ON_DUPLICATE:
            raise ValueError(f"on_duplicate must be one of {ON_DUPLICATE}")


@dataclass(frozen=True)
class ImportReport:
    """Counts and reasons of one import (or dry run); rows are numbered as Excel shows them.

    rows_read = imported + updated + skipped + len(duplicates) + rejected rows + totals_rows.
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
            "matches": [m._asdict() for m in self.matches],
            "balance_fen": self.balance_fen,
            "bonus_fen": self.bonus_fen,
            "points": self.points,
            "counts": self.counts,
            "amount_fen": self.amount_fen,
            "new_tiers": list(self.new_tiers),
            "new_card_types": list(self.new_card_types),
        }
