"""The words the reports' and exports' driver SQL differs by between a file and a server.

Statements are written once as templates; ``report_sql(conn)`` fills in each
backend's words (a month or a day of a timestamp as text, a count of rows that
meet a condition, an id list bound as JSON) and gives the statement with its
named parameters marked as the driver reads them. On a file the filled-in text
is the statement as tuned for SQLite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.orm import Session

# ``:name`` outside a cast (``::``) and a clock time (``10:30``).
_NAMED_MARK = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")


@dataclass(frozen=True)
class ReportSql:
    """One backend's words for report statements."""

    dialect: str

    @property
    def on_server(self) -> bool:
        return self.dialect != "sqlite"

    def month(self, column: str) -> str:
        """``YYYY-MM`` of a stored day or timestamp."""
        if self.on_server:
            return f"to_char({column}, 'YYYY-MM')"
        return f"substr({column}, 1, 7)"

    def day(self, column: str) -> str:
        """``YYYY-MM-DD`` of a stored day or timestamp."""
        if self.on_server:
            return f"to_char({column}, 'YYYY-MM-DD')"
        return f"substr({column}, 1, 10)"

    def year(self, column: str) -> str:
        """The year of a stored day as an integer."""
        if self.on_server:
            return f"CAST(extract(year FROM {column}) AS INTEGER)"
        return f"CAST(substr({column}, 1, 4) AS INTEGER)"

    def month_day(self, column: str) -> str:
        """``MM-DD`` of a stored day."""
        if self.on_server:
            return f"to_char({column}, 'MM-DD')"
        return f"substr({column}, 6, 5)"

    def as_int(self, condition: str) -> str:
        """1 where ``condition`` holds, else 0 (SQLite's truth values are those numbers)."""
        if self.on_server:
            return f"CAST({condition} AS INTEGER)"
        return condition

    def unindexed(self, column: str) -> str:
        """``column`` in a condition SQLite must not answer from the column's index."""
        return column if self.on_server else f"+{column}"

    @property
    def unknown(self) -> str:
        """The text ``?`` as a literal: a server's engine reads a ``?`` in driver SQL as a
        parameter mark, so there it is spelled by its code."""
        return "chr(63)" if self.on_server else "'?'"

    def count_if(self, condition: str) -> str:
        """How many rows of the group meet ``condition``."""
        if self.on_server:
            return f"count(*) FILTER (WHERE {condition})"
        return f"sum({condition})"

    def json_ids(self, mark: str) -> str:
        """A SELECT of the integers of a JSON array bound as ``mark``, one a row."""
        if self.on_server:
            return (
                "SELECT CAST(value AS bigint) FROM jsonb_array_elements_text("
                f"CAST({mark} AS jsonb))"
            )
        return f"SELECT value FROM json_each({mark})"

    def named(self, statement: str) -> str:
        """``statement`` with its ``:name`` marks as the driver reads them."""
        if self.on_server:
            return _NAMED_MARK.sub(r"%(\1)s", statement)
        return statement


def report_sql(bind: Connection | Session) -> ReportSql:
    """The words of the backend ``bind`` talks to."""
    conn = bind.connection() if isinstance(bind, Session) else bind
    return ReportSql(conn.dialect.name)
