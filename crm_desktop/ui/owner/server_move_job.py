"""The worker's part of moving the open shop file onto a PostgreSQL server (``server upload``).

``move_to_server`` runs on the task runner: it proves the owner's password, secures
the server (``secure_server``), copies every row (``upload``) and returns what the
owner must know afterwards. It touches no widget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import PermissionDenied, ValidationError
from crm_desktop.models.opening import verify_owner
from crm_desktop.models.progress import Progress, ProgressReport
from crm_desktop.models.server_copy import upload
from crm_desktop.models.server_opening import secure_server
from crm_desktop.models.server_tls import Authority
from crm_desktop.models.store.store import Store

# The database is created by name in SQL: a plain lower-case identifier only.
_DATABASE_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_HOST_SPLIT = re.compile(r"[\s,;，；]+")


@dataclass(frozen=True)
class ServerMoveRequest:
    """What the owner typed, checked by ``checked_request``."""

    url: str
    database: str
    hosts: tuple[str, ...]
    port: int
    out: Path
    password: str
    authority_file: Path | None


@dataclass(frozen=True)
class ServerMoveResult:
    """The connection file written, the accounts needing a password, what is left to do."""

    conn_path: Path
    other_accounts: tuple[str, ...]
    todo: tuple[str, ...]


def checked_request(
    url: str, database: str, hosts: str, port: int, out: str, password: str, authority: str,
) -> ServerMoveRequest:
    """The typed values as a request; ValidationError naming the field otherwise."""
    url = url.strip()
    try:
        parsed = make_url(url)
    except ArgumentError:
        parsed = None
    if parsed is None or not parsed.drivername.startswith("postgresql"):
        raise ValidationError(
            "server.url", "管理员地址要以 postgresql:// 开头。",
            "The administrator's URL must start with postgresql://.", field="url")
    database = database.strip()
    if not _DATABASE_NAME.fullmatch(database):
        raise ValidationError(
            "server.database_name", "数据库名只能用小写英文字母、数字和下划线，且不以数字开头。",
            "The database name may hold only lower-case letters, digits and underscores, and "
            "must not start with a digit.", field="database")
    names = tuple(name for name in _HOST_SPLIT.split(hosts.strip()) if name)
    if not names:
        raise ValidationError(
            "server.hosts", "请写上收银台连接服务器用的地址（IP 地址或电脑名）。",
            "Give the address the counters reach the server by (an IP address or the PC's "
            "name).", field="hosts")
    if not out.strip():
        raise ValidationError(
            "server.out", "请选择连接文件保存的位置。",
            "Choose where to save the connection file.", field="out")
    if not password:
        raise ValidationError(
            "server.password", "请输入店主的密码。", "Type the owner's password.",
            field="password")
    return ServerMoveRequest(url, database, names, port, Path(out.strip()), password,
                             Path(authority.strip()) if authority.strip() else None)


def _read_authority(path: Path) -> Authority:
    try:
        text = path.read_text(encoding="ascii")
    except (OSError, UnicodeError) as exc:
        raise ValidationError(
            "server.authority_unreadable", f"读不了证书机构文件 {path}。",
            f"The certificate authority file {path} cannot be read.",
            field="authority") from exc
    return Authority.from_text(text)


def move_to_server(
    store: Store, actor: Actor, request: ServerMoveRequest, report: ProgressReport,
) -> ServerMoveResult:
    """Copy the open shop file ``store`` onto the server ``request`` names (an owner's job)."""
    if store.on_server:
        raise PermissionDenied(
            "server.already", "这个店铺已经在服务器上了。", "This shop is already on a server.")
    if store.trust.root_key is None:
        raise PermissionDenied(
            "server.owner_only", "只有店主能把店铺搬到服务器上。",
            "Only an owner can move the shop onto a server.")
    report(Progress("check", 0, 0))
    verify_owner(store.path, actor.username, request.password)
    authority = None
    if request.authority_file is not None:
        authority = _read_authority(request.authority_file)
    report(Progress("secure", 0, 0))
    conn, out, todo = secure_server(
        request.url, request.database, list(request.hosts), request.port,
        str(store.setting("shop_name", "")), request.out, authority)
    others = upload(store, request.url, request.database, conn, out, actor.username,
                    request.password, report)
    return ServerMoveResult(out, tuple(others), tuple(todo))
