"""Opening a shop on a PostgreSQL server: prepare it, sign in to it from a counter.

``prepare_server`` is ``server init``: the database, its schema through the same
migrations as a file, the server's own rules (``store.server_schema``) and, for a
new shop, its owner with keys, roster and recovery key exactly as ``create_store``
makes them for a file. ``open_server_store`` is a counter's sign-in: the staff
account's own login over TLS, then the same slot, roster and role checks as a file.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError, ProgrammingError

from crm_desktop.models import account_keys
from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import AuthError, StoreError
from crm_desktop.models.rules.validation import check_password, check_username
from crm_desktop.models.server_tls import Authority, configure_server
from crm_desktop.models.services.setup import initialise_file
from crm_desktop.models.sign_in import resume, sign_in
from crm_desktop.models.store.errors import server_gone
from crm_desktop.models.store.keyed_connection import checkout_guard
from crm_desktop.models.store.keyslots import KeyFile, SlotKeys, new_database_key
from crm_desktop.models.store.login_throttle import LoginThrottle
from crm_desktop.models.store.migrate import HEAD_REVISION, newer_version_error, upgrade_to_head
from crm_desktop.models.store.server_connection import (
    SUFFIX,
    ConnectionFile,
    admin_url,
    counter_url,
    private_file,
    server_engine,
)
from crm_desktop.models.store.server_schema import prepare
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.signing import SigningKey
from crm_desktop.models.store.trust import Trust


def create_database(url: str, database: str) -> None:
    """Make the empty database ``database`` on the server ``url`` points at (administrator)."""
    maintenance = create_engine(admin_url(url, "postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as conn:
            found = conn.exec_driver_sql(
                "SELECT 1 FROM pg_database WHERE datname = %s", (database,)).first()
            if found is not None:
                raise StoreError(
                    "server.database_exists",
                    f"服务器上已经有名为 {database} 的数据库，不会覆盖它。",
                    f"The server already has a database named {database}; it will not be "
                    "overwritten.",
                )
            # Byte order, as SQLite compares: names sort alike on both, and the counter's
            # prefix ranges (phone, card, pinyin) keep hyphens and digits where they are.
            conn.exec_driver_sql(f'CREATE DATABASE "{database}" ENCODING \'UTF8\' '
                                 "LC_COLLATE 'C' TEMPLATE template0")
    finally:
        maintenance.dispose()


def secure_server(
    url: str, database: str, hosts: list[str], port: int, shop_name: str, out: Path,
    authority: Authority | None = None,
) -> tuple[ConnectionFile, Path, list[str]]:
    """Set the server to TLS + SCRAM only (``server_tls``) with the shop's authority (a new
    one unless ``authority``: a second shop on the same server keeps the first's), kept
    beside the connection file ``out`` (given the ``.crmserver`` suffix); returns the
    connection (not yet saved), its path and what is left to do."""
    out = Path(out)
    if out.suffix != SUFFIX:
        out = out.with_name(out.name + SUFFIX)
    if out.exists():
        raise StoreError(
            "store.exists",
            f"文件 {out} 已存在，不会覆盖它。",
            f"The file {out} already exists; it will not be overwritten.",
        )
    authority = authority or Authority.new(shop_name)
    engine = create_engine(admin_url(url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            todo = configure_server(conn, authority, hosts)
    except OperationalError as exc:
        raise _connect_error(exc) from exc
    finally:
        engine.dispose()
    private_file(Path(str(out) + ".ca-key.pem"), authority.to_text())
    return ConnectionFile(hosts[0], port, database, authority.cert_pem, shop_name), out, todo


def prepare_schema(engine: Engine, database: str) -> None:
    """Schema at the newest revision, then the server's rules (the administrator's engine)."""
    store = _bare_store(engine)
    upgrade_to_head(store)
    with engine.begin() as conn:
        prepare(conn, database)


def create_server_shop(
    url: str, database: str, conn_file: ConnectionFile, conn_path: Path, shop_name: str,
    owner: str, password: str,
) -> str:
    """A new shop in a new database, its owner able to sign in; returns the recovery key.

    ``url`` is the administrator's (over the server's socket); ``conn_path`` is where the
    counters' connection file is written.
    """
    owner = check_username(owner)
    check_password(password)
    create_database(url, database)
    engine = server_engine(admin_url(url, database))
    try:
        prepare_schema(engine, database)
        keys = KeyFile.new()
        store = ServerStore(conn_path, conn_file, engine, keys, new_database_key())
        root = SigningKey.generate()
        store.trust = Trust(root_public=root.public, root_key=root)
        keys.roster = account_keys.new_roster(store, root)
        account_keys.give_new_keys(store, None, owner, account_keys.OWNER, password)
        recovery = account_keys.new_recovery(store)
        initialise_file(store, shop_name, owner, password)
        account_keys.sign_roster(store)
    finally:
        engine.dispose()
    conn_file.save(conn_path)
    return recovery


def open_server_store(conn_path: Path, username: str, password: str) -> tuple[ServerStore, Actor]:
    """Sign ``username`` in to the shop's server; the same refusals as opening a file."""
    conn_path = Path(conn_path)
    conn = ConnectionFile.load(conn_path)
    url, engine, keys, opened = _unlock(conn, conn_path, username, password)
    store = ServerStore(conn_path, conn, engine, keys, opened.db_key)
    try:
        _refuse_other_revision(store)
        actor = sign_in(store, username, opened, password)
    except BaseException:
        store.close()
        raise
    store.listen(url)
    return store, actor


def resume_server_store(store: ServerStore, username: str, password: str) -> SlotKeys:
    """Connect a suspended server store again with ``username``'s password."""
    _url, engine, keys, opened = _unlock(store.connection, store.path, username, password)
    store.reconnect(engine, opened.db_key, keys)
    resume(store, username, opened)
    return opened


def switch_server_user(store: ServerStore, username: str, password: str) -> Actor:
    """Another member of staff takes over the locked ``store`` with their own login."""
    url, engine, keys, opened = _unlock(store.connection, store.path, username, password)
    store.reconnect(engine, opened.db_key, keys)
    try:
        actor = sign_in(store, username, opened, password)
    except BaseException:
        store.suspend()
        raise
    store.listen(url)
    return actor


def _unlock(
    conn: ConnectionFile, conn_path: Path, username: str, password: str
) -> tuple[URL, Engine, KeyFile, SlotKeys]:
    """``username``'s login to the server and their own key slot opened, throttled like every
    sign-in (the counts are kept beside the connection file)."""
    url = counter_url(conn, conn_path, username, password)
    with LoginThrottle(conn_path).attempt(username):
        engine, keys = _connect(url)
        opened = keys.open_slot(username, password)
    return url, engine, keys, opened


def _connect(url: URL) -> tuple[Engine, KeyFile]:
    engine = server_engine(url, checkout_guard)
    try:
        with engine.connect() as conn:
            text = conn.exec_driver_sql("SELECT crm_key_document()").scalar()
    except OperationalError as exc:
        engine.dispose()
        raise _connect_error(exc) from exc
    except ProgrammingError as exc:
        engine.dispose()
        raise _not_a_shop() from exc
    if text is None:
        engine.dispose()
        raise _not_a_shop()
    return engine, KeyFile.from_text(str(text), "server")


def _connect_error(exc: OperationalError) -> StoreError | AuthError:
    text = str(exc.orig or exc).lower()
    if "password authentication failed" in text or "no pg_hba.conf entry" in text:
        return AuthError(
            "login.failed",
            "用户名或密码不对。",
            "The user name or password is wrong.",
        )
    if "certificate" in text or "ssl" in text:
        return StoreError(
            "server.certificate",
            "服务器的证书和连接文件里的不符，为安全起见没有连接。请向店主要一份新的连接文件。",
            "The server's certificate does not match the connection file, so for safety no "
            "connection was made. Ask the owner for a new connection file.",
        )
    if server_gone(exc) or "connect" in text or "timeout" in text:
        return StoreError(
            "server.unreachable",
            "连不上服务器（网线、网络或服务器电脑没开）。请检查后重试。",
            "The server cannot be reached (cable, network, or the server PC is off). Check "
            "and try again.",
        )
    return StoreError("server.refused", "服务器拒绝了连接。", "The server refused the connection.")


def _not_a_shop() -> StoreError:
    return StoreError(
        "server.not_a_shop",
        "这个数据库里没有准备好的店铺数据：请先在服务器上运行“server init”。",
        "This database holds no prepared shop: run 'server init' on the server first.",
    )


def _refuse_other_revision(store: ServerStore) -> None:
    with store.engine.connect() as conn:
        found = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    if found == HEAD_REVISION:
        return
    if found is not None and str(found) > HEAD_REVISION:
        raise newer_version_error()
    raise StoreError(
        "server.needs_upgrade",
        "服务器上的店铺数据是旧版本的：请店主在服务器上运行“server init”升级后再登录。",
        "The shop's data on the server is from an older version: the owner must run "
        "'server init' on the server to upgrade it first.",
    )


def _bare_store(engine: Engine) -> ServerStore:
    """A store on ``engine`` with no keys yet, for the migrations."""
    conn = ConnectionFile("", 0, "", "")
    return ServerStore(Path("server"), conn, engine, KeyFile.new(), b"")
