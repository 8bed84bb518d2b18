"""The one statement of a merge that a file and a server word differently: reading the
merged customer's number out of a merge's audit entry (JSON text)."""

from __future__ import annotations

from sqlalchemy import Connection

# A merge entry's ``after`` holds "merged_from": "#<id>"; the customer must still be merged.
_FILE = (
    "SELECT c.id FROM audit_entries AS a JOIN customers AS c "
    "ON c.id = CAST(substr(json_extract(a.after, '$.merged_from'), 2) AS INTEGER) "
    "WHERE a.entity = 'customer' AND a.entity_id = ? AND a.action = 'customer.merge' "
    "AND c.status = 'merged' AND c.merged_into = ?"
)
_SERVER = (
    "SELECT c.id FROM audit_entries AS a JOIN customers AS c "
    "ON c.id = CAST(substr(a.after::json ->> 'merged_from', 2) AS INTEGER) "
    "WHERE a.entity = 'customer' AND a.entity_id = ? AND a.action = 'customer.merge' "
    "AND c.status = 'merged' AND c.merged_into = ?"
)


def merged_into(conn: Connection, survivor: int) -> list[int]:
    """Customers whose merge into ``survivor`` stands (found by its merge entries)."""
    sql = _FILE if conn.dialect.name == "sqlite" else _SERVER
    return [int(cid) for (cid,) in conn.exec_driver_sql(sql, (survivor, survivor))]
