"""The head-count statements of ``population`` in each backend's words.

They run as driver SQL with named parameters: SQLite's are written ``:name`` and
read the excluded ids bound as JSON with ``json_each``; a server's are written
``%(name)s`` and read the same JSON text through ``jsonb``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class PopulationSql:
    """Counted joiners before :end (ids :x left out) and customers joining from :end on."""

    joined_count: str
    late: str


# Index-only: the rowid is part of the member-since index entry.
SQLITE = PopulationSql(
    joined_count="""
SELECT (SELECT count(*) FROM customers WHERE member_since < :end
        AND id NOT IN (SELECT value FROM json_each(:x)))
     + (SELECT count(*) FROM customers WHERE member_since IS NULL AND created_at < :end
        AND id NOT IN (SELECT value FROM json_each(:x)))
""",
    late=(
        "SELECT id FROM customers WHERE member_since >= :end "
        "UNION ALL SELECT id FROM customers WHERE member_since IS NULL AND created_at >= :end"
    ),
)

_SERVER_IDS = "(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(%(x)s AS jsonb)))"
SERVER = PopulationSql(
    joined_count=f"""
SELECT (SELECT count(*) FROM customers WHERE member_since < CAST(%(end)s AS date)
        AND id NOT IN {_SERVER_IDS})
     + (SELECT count(*) FROM customers WHERE member_since IS NULL
        AND created_at < CAST(%(end)s AS date) AND id NOT IN {_SERVER_IDS})
""",
    late=(
        "SELECT id FROM customers WHERE member_since >= CAST(%(end)s AS date) "
        "UNION ALL SELECT id FROM customers WHERE member_since IS NULL"
        " AND created_at >= CAST(%(end)s AS date)"
    ),
)


def population_sql(session: Session) -> PopulationSql:
    """The statements for the backend ``session`` talks to."""
    return SQLITE if session.connection().dialect.name == "sqlite" else SERVER
