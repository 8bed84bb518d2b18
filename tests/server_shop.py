"""A real PostgreSQL server for the tests: one per run, set up by ``server init``'s own code.

The test command starts the server and names it in ``CRM_TEST_PG_URL``; a test
run without it (one file run by hand) starts its own. The server is given the
shop's TLS settings once per run (the first test process to get there does it,
under a lock); each test then gets a new database with its own shop.
"""

from __future__ import annotations

import fcntl
import json
import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from sqlalchemy import create_engine

from crm_desktop.models.server_opening import create_server_shop
from crm_desktop.models.server_tls import Authority, configure_server
from crm_desktop.models.store.server_connection import ConnectionFile, admin_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
import pg_cluster  # noqa: E402

HOST = "127.0.0.1"


@contextmanager
def running_server(scratch: Path) -> Iterator[str]:
    """The administrator's URL of the run's server (started here when the run has none)."""
    url = os.environ.get("CRM_TEST_PG_URL")
    if url:
        yield url
        return
    folder = scratch / "pg"
    url = pg_cluster.start(folder)
    os.environ["CRM_TEST_PG_URL"] = url
    try:
        yield url
    finally:
        pg_cluster.stop(folder)


def socket_dir(url: str) -> Path:
    return Path(parse_qs(urlparse(url).query)["host"][0])


def port_of(url: str) -> int:
    return int(parse_qs(urlparse(url).query)["port"][0])


def shop_authority(url: str) -> Authority:
    """The run's authority; the server is set to TLS with it once, whichever process is first."""
    folder = socket_dir(url)
    marker = folder / "crm-authority.json"
    with open(folder / "crm-authority.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if marker.exists():
            data = json.loads(marker.read_text())
            return Authority(data["cert"], data["key"])
        authority = Authority.new("测试小店")
        engine = create_engine(admin_url(url), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                configure_server(conn, authority, [HOST, "localhost"])
        finally:
            engine.dispose()
        marker.write_text(json.dumps({"cert": authority.cert_pem, "key": authority.key_pem}))
        return authority


def new_server_shop(url: str, folder: Path, owner: str, password: str) -> tuple[Path, str, str]:
    """A new shop in a new database: (connection file, recovery key, database name)."""
    authority = shop_authority(url)
    database = "shop_" + uuid.uuid4().hex[:12]
    conn = ConnectionFile(HOST, port_of(url), database, authority.cert_pem, "测试小店")
    path = folder / "shop.crmserver"
    recovery = create_server_shop(url, database, conn, path, "测试小店", owner, password)
    return path, recovery, database


def drop_server_shop(url: str, database: str) -> None:
    """Remove a test's database and the logins of its staff."""
    engine = create_engine(admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            logins = conn.exec_driver_sql(
                "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (database + ".%",)
            ).scalars().all()
            for login in logins:
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{login}"')
    finally:
        engine.dispose()
