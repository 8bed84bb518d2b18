"""How a counter reaches the shop's PostgreSQL server: the connection file and the engine.

``server init`` writes a small connection file (``shop.crmserver``): the server's
host, port and database and the certificate of the authority the shop made for
it. A counter opens that file as it would open a shop file; every connection is
TLS checked against that authority (``verify-full``: the server's certificate and
its name), and the password goes to the server by SCRAM, never in clear.

The engine behaves as the file's does for the code above it: writers serialise on
one lock taken at BEGIN (the file's ``BEGIN IMMEDIATE``), and SQL written for the
driver with ``?`` marks runs unchanged.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import QueuePool

from crm_desktop.models.errors import StoreError

SUFFIX = ".crmserver"
# The one lock every write transaction takes first: the audit chain and the transaction
# numbers are sequences, so writers go one at a time, as on a file.
WRITE_LOCK = 0x63726D  # "crm"
CONNECT_TIMEOUT_SECONDS = 5
_INDEXED_BY = re.compile(r"\s+INDEXED\s+BY\s+\w+")


@dataclass(frozen=True)
class ConnectionFile:
    """Where the shop's server is and which authority vouches for its certificate."""

    host: str
    port: int
    database: str
    ca_pem: str
    shop_name: str = ""

    @classmethod
    def load(cls, path: Path) -> ConnectionFile:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(str(data["host"]), int(data["port"]), str(data["database"]),
                       str(data["ca_pem"]), str(data.get("shop_name", "")))
        except FileNotFoundError as exc:
            raise StoreError(
                "server.file_missing",
                f"找不到服务器连接文件 {Path(path).name}。",
                f"The server connection file {Path(path).name} was not found.",
            ) from exc
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                "server.file_damaged",
                f"服务器连接文件 {Path(path).name} 已损坏或不是本软件的连接文件。"
                "请从店主那里重新拷贝一份。",
                f"The server connection file {Path(path).name} is damaged or not one of this "
                "program's. Copy it again from the owner.",
            ) from exc

    def save(self, path: Path) -> None:
        data = {"host": self.host, "port": self.port, "database": self.database,
                "ca_pem": self.ca_pem, "shop_name": self.shop_name}
        Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")

    def ca_file(self, beside: Path) -> Path:
        """The authority's certificate as a file the driver reads (written beside ``beside``)."""
        ca = Path(str(beside) + ".ca.pem")
        if not ca.exists() or ca.read_text(encoding="ascii") != self.ca_pem:
            ca.write_text(self.ca_pem, encoding="ascii")
        return ca

    @property
    def place(self) -> str:
        return f"{self.host}:{self.port}/{self.database}"


def is_server_file(path: Path) -> bool:
    """True when ``path`` names a connection file rather than a shop file."""
    return Path(path).suffix == SUFFIX


def login_role(database: str, username: str) -> str:
    """The database login of staff account ``username`` of the shop in ``database``.

    Logins are per server, not per database, so the shop's database name comes first;
    a name longer than PostgreSQL keeps (63 bytes) is shortened by a hash.
    """
    name = f"{database}.{username}"
    if len(name.encode("utf-8")) <= 63:
        return name
    return f"{database[:30]}.{hashlib.sha256(username.encode('utf-8')).hexdigest()[:24]}"


def counter_url(conn: ConnectionFile, beside: Path, username: str, password: str) -> URL:
    """The URL a counter connects with: TLS verified against the shop's authority."""
    return URL.create(
        "postgresql+psycopg", username=login_role(conn.database, username), password=password,
        host=conn.host, port=conn.port, database=conn.database,
        query={"sslmode": "verify-full", "sslrootcert": str(conn.ca_file(beside)),
               "connect_timeout": str(CONNECT_TIMEOUT_SECONDS),
               "application_name": "crm-desktop"},
    )


def admin_url(url: str, database: str | None = None) -> URL:
    """An administrator's URL as typed (``postgresql://…``), for the psycopg driver."""
    parsed = make_url(url)
    parsed = parsed.set(drivername="postgresql+psycopg")
    if database is not None:
        parsed = parsed.set(database=database)
    return parsed


def server_engine(url: URL, guards: list[Callable[[], None]] | None = None) -> Engine:
    """A pooled engine on the server with the file engine's habits (see the module text)."""
    engine = create_engine(url, poolclass=QueuePool, pool_size=4, pool_pre_ping=True,
                           hide_parameters=True)

    if guards is not None:
        @event.listens_for(engine, "checkout")
        def _checkout(_dbapi: Any, _record: Any, _proxy: Any) -> None:
            for guard in guards:
                guard()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        if conn.get_execution_options().get("write", False):
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")

    @event.listens_for(engine, "before_cursor_execute", retval=True)
    def _marks(_conn: Any, _cursor: Any, statement: str, parameters: Any, context: Any,
               _many: bool) -> tuple[str, Any]:
        # SQL handed straight to the driver is written with SQLite's ``?`` marks;
        # psycopg reads ``%s``. Compiled statements are already in psycopg's form.
        # ``INDEXED BY`` tells SQLite's planner which index to walk; PostgreSQL plans alone.
        if "INDEXED BY" in statement:
            statement = _INDEXED_BY.sub("", statement)
        # Without parameters a ``%`` is literal (a function body's ``format('%I')``).
        if context is not None and context.compiled is None:
            if "?" in statement:
                statement = statement.replace("%", "%%").replace("?", "%s")
            elif not parameters and "%" in statement:
                statement = statement.replace("%", "%%")
        return statement, parameters

    return engine


def private_file(path: Path, text: str) -> None:
    """Write ``text`` to a file only its owner may read (a server's private key)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(text)
