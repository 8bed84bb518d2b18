"""The fast digest of ledger rows gives the very bytes of the old one-row-at-a-time formula.

Old audit entries were signed over digests made with ``json.dumps`` per row; if a
single byte of a line changed, every one of them would fail ``check`` after an
upgrade. So the batched encoder is held to that formula on rows with datetimes,
None, Chinese and other non-ASCII text, quotes, floats and large ints, and an
operation's digest read from a real table is held to it too.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import create_engine

from crm_desktop.models.ledger_digest import SIGNED_COLUMNS, _line, _lines, operation_digest


def _old_line(row: Any) -> bytes:
    # The formula every signed digest so far was made with (ledger_digest before issue 14).
    ledger = int(row[1])
    width = len(SIGNED_COLUMNS[tuple(SIGNED_COLUMNS)[ledger]])
    values = [ledger, *(
        v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v
        for v in row[2 : 2 + width]
    )]
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def _rows() -> list[tuple[Any, ...]]:
    when = datetime(2024, 2, 29, 23, 59, 58, 123456)
    texts = ["王小明 充值", 'a "quoted" \\ note\n', "José 😀 \u200b", "", None, "¥1,234.00"]
    rows: list[tuple[Any, ...]] = []
    for i in range(60):
        ledger = i % len(SIGNED_COLUMNS)
        width = len(tuple(SIGNED_COLUMNS.values())[ledger])
        values: list[Any] = []
        for c in range(width):
            kind = (i + c) % 6
            values.append([i * 1_000_003 + c, when, "2024-01-01 08:00:00.000000",
                           texts[(i + c) % len(texts)], None, -(2**40) + c][kind])
        if ledger == 4:
            values[3] = 1.5 + i  # quantity may be a float
        padding = [None] * (14 - width)  # the union pads short ledgers with NULL
        rows.append(("op-1", ledger, *values, *padding))
    return rows


def test_batched_lines_are_the_old_lines_byte_for_byte() -> None:
    rows = _rows()
    assert any(isinstance(v, datetime) for row in rows for v in row)
    assert _lines(rows) == b"".join(_old_line(row) for row in rows)
    for row in rows:
        assert _line(row) == _old_line(row)


def test_a_value_json_cannot_hold_is_still_refused() -> None:
    with pytest.raises(TypeError):
        _lines([("op", 0, 1, object())])


def test_operation_digest_from_a_table_matches_the_old_formula() -> None:
    engine = create_engine("sqlite://")
    rows = _rows()
    with engine.begin() as conn:
        for table, columns in SIGNED_COLUMNS.items():
            conn.exec_driver_sql(
                f"CREATE TABLE {table} (operation_id TEXT, {', '.join(columns)})"
            )
        for row in rows:
            table, columns = tuple(SIGNED_COLUMNS.items())[row[1]]
            values = [v.strftime("%Y-%m-%d %H:%M:%S.%f") if isinstance(v, datetime) else v
                      for v in row[2 : 2 + len(columns)]]
            conn.exec_driver_sql(
                f"INSERT INTO {table} VALUES ({', '.join('?' * (len(columns) + 1))})",
                ("op-1", *values),
            )
        stored = conn.exec_driver_sql(
            "SELECT * FROM (" + " UNION ALL ".join(
                f"SELECT operation_id, {rank} AS ledger, {', '.join(columns)}"
                f"{', NULL' * (14 - len(columns))} FROM {table}"
                for rank, (table, columns) in enumerate(SIGNED_COLUMNS.items())
            ) + ") ORDER BY ledger, id"
        ).all()
        expected = hashlib.sha256(b"".join(_old_line(row) for row in stored)).hexdigest()
        assert operation_digest(conn, "op-1") == expected
        assert operation_digest(conn, "no such operation") is None


def test_a_text_holding_the_line_break_of_the_batch_still_gives_the_old_lines() -> None:
    # The batch is split at "],[": a note that holds it must not split a line in two.
    rows = [("op-1", 1, 1, 2, 3, "2024-01-01 00:00:00.000000", "use", 5, 5, None, None, 1,
             "see [1],[2] and ],["), ("op-1", 1, 2, 2, 3, None, "use", 1, 6, None, None, 1, "")]
    assert _lines(rows) == b"".join(_old_line(row) for row in rows)
    assert _lines(rows[1:]) == _old_line(rows[1])
