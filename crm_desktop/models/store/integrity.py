"""The check a file gets each time it is opened, sized so opening stays under a second.

Both full checks read and decrypt every page: ``cipher_integrity_check`` proves
each page's HMAC, ``quick_check`` walks every b-tree. Measured here, together: a
7 MB file of 3,000 customers with their history 0.13–0.2 s (the whole open
0.33–0.6 s); 24 MB (10,000 customers) 1.0–1.5 s; the 1.9 GB file of 1,000,000
customers and 2.9 million purchases 30 s + 41 s. So a file up to
``FULL_CHECK_MAX_BYTES`` (about 3,000 customers) gets both at every open. A bigger file gets the cheap checks that catch what damages a
whole file — a wrong or damaged salt or first page (the schema cannot be read), a
truncated file (its size does not match the page count), a zero-byte file —
in milliseconds, and the GUI runs the full check
(``crm_desktop.models.check.run_check``) in the background after opening when
``needs_background_check`` says so. A flipped byte in a page that is never read
is then found by that background check.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection

# Files up to this size get both full checks at every open (at most ~0.2 s here).
FULL_CHECK_MAX_BYTES = 8 * 1024 * 1024


def needs_background_check(path: Path) -> bool:
    """True when the open check was the cheap one and the full check should follow."""
    return Path(path).stat().st_size > FULL_CHECK_MAX_BYTES


def check_on_open(conn: Connection, path: Path) -> list[str]:
    """Problems found in the freshly opened file (empty when sound).

    Unreadable pages raise ``sqlalchemy.exc.DatabaseError`` from the read itself;
    the caller treats both as a damaged file.
    """
    conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    problems = _size_problems(conn, Path(path))
    if problems or needs_background_check(path):
        return problems
    problems += [str(row[0]) for row in conn.exec_driver_sql("PRAGMA cipher_integrity_check")]
    problems += [
        str(row[0]) for row in conn.exec_driver_sql("PRAGMA quick_check") if str(row[0]) != "ok"
    ]
    return problems


def _size_problems(conn: Connection, path: Path) -> list[str]:
    page_size = int(conn.exec_driver_sql("PRAGMA page_size").scalar() or 0)
    pages = int(conn.exec_driver_sql("PRAGMA page_count").scalar() or 0)
    size = path.stat().st_size
    if page_size <= 0 or size % page_size:
        return [f"file size {size} is not a whole number of {page_size}-byte pages"]
    wal = Path(str(path) + "-wal")
    # Pages not yet copied back from the write-ahead log may lie beyond the file's end.
    log_pending = wal.exists() and wal.stat().st_size > 0
    if size < pages * page_size and not log_pending:
        return [f"file has {size // page_size} pages, the database {pages}"]
    return []
