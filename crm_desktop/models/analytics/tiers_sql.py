"""How the tier rules' window sums reach each backend's driver.

The spend and points statements of ``tiers`` are the same on a file and a server
but for how named parameters are marked (``:name`` / ``%(name)s``) and SQLite's
index hint, which the server's engine drops.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.models.report_sql import report_sql


def window_sums(
    session: Session, statement: str, params: Mapping[str, object]
) -> Sequence[Any]:
    """The (customer id, sum) rows of a tier window statement on ``session``'s backend."""
    conn = session.connection()
    return conn.exec_driver_sql(report_sql(conn).named(statement), dict(params)).fetchall()
