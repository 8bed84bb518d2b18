"""``crm-desktop server init|upload|download``: move a shop onto a PostgreSQL server and back.

Run ``init`` and ``upload`` on the server's PC as a user who may change the
server's settings (root or postgres), with the administrator's URL (the Unix
socket, e.g. ``postgresql:///postgres?host=/var/run/postgresql``). Both write the
connection file the counters open (``--out shop.crmserver``) and keep the shop's
certificate authority key beside it (the owner keeps it; it is needed again only
to make a new server certificate). ``download`` is an owner's, from any counter.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy.engine import make_url

from crm_desktop.cli.common import (
    EXIT_OK,
    CliExit,
    add_db_argument,
    add_user_argument,
    db_path,
    open_from_args,
    print_recovery_key,
    read_password,
    shop_name,
    username,
)
from crm_desktop.models.opening import open_store
from crm_desktop.models.server_copy import download, upload
from crm_desktop.models.server_opening import create_server_shop, secure_server
from crm_desktop.models.server_tls import Authority
from crm_desktop.models.store.server_connection import SUFFIX, ConnectionFile
from crm_desktop.models.store.server_store import ServerStore


def register(subparsers: Any) -> None:
    server = subparsers.add_parser("server", help="a shop on a PostgreSQL server")
    verbs = server.add_subparsers(dest="server_verb", required=True)

    init = verbs.add_parser("init", help="prepare a server and make a new shop on it")
    _server_arguments(init)
    init.add_argument("--shop", required=True, help="the shop's name")
    init.add_argument("--owner", required=True, help="the owner's user name")
    init.set_defaults(run=run_init)

    up = verbs.add_parser("upload", help="copy a shop file into a new database on the server")
    add_db_argument(up)
    add_user_argument(up)
    _server_arguments(up)
    up.set_defaults(run=run_upload)

    down = verbs.add_parser("download", help="make an encrypted shop file from the server")
    add_db_argument(down)
    add_user_argument(down)
    down.add_argument("--out", type=Path, required=True, help="the new shop file")
    down.set_defaults(run=run_download)


def _server_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", required=True,
                        help="the administrator's URL, e.g. postgresql:///postgres?host=/var/run/postgresql")
    parser.add_argument("--database", required=True, help="the shop's database (made new)")
    parser.add_argument("--host", action="append", required=True,
                        help="a name or address the counters reach the server by (repeatable)")
    parser.add_argument("--port", type=int, default=None, help="the server's port (default 5432)")
    parser.add_argument("--out", type=Path, required=True,
                        help=f"the connection file to write (…{SUFFIX})")
    parser.add_argument("--authority", type=Path, default=None,
                        help="the .ca-key.pem of a shop already on this server (keeps its "
                        "certificate authority)")


def _prepare(args: argparse.Namespace, shop_name: str) -> tuple[ConnectionFile, Path]:
    authority = None
    if args.authority is not None:
        try:
            authority = Authority.from_text(Path(args.authority).read_text(encoding="ascii"))
        except (OSError, UnicodeError) as exc:
            raise CliExit(f"读不了证书机构文件 {args.authority}。 / The certificate authority "
                          f"file {args.authority} cannot be read.") from exc
    conn, out, todo = secure_server(args.url, args.database, list(args.host), _port(args),
                                    shop_name, Path(args.out), authority)
    for line in todo:
        print(f"注意 / Note: {line}")
    return conn, out


def _port(args: argparse.Namespace) -> int:
    if args.port is not None:
        return int(args.port)
    url = make_url(args.url)
    if url.port:
        return int(url.port)
    found = parse_qs("&".join(f"{k}={v}" for k, v in url.query.items())).get("port")
    return int(found[0]) if found else 5432


def run_init(args: argparse.Namespace) -> int:
    name = shop_name(args)
    password = read_password("Owner password / 店主密码: ", confirm=True)
    conn, out = _prepare(args, name)
    recovery = create_server_shop(args.url, args.database, conn, out, name, args.owner,
                                  password)
    print(f"已准备好服务器 / The server is ready: {conn.place}")
    print(f"收银台打开这个连接文件 / Counters open this connection file: {out}")
    print_recovery_key(recovery)
    return EXIT_OK


def run_upload(args: argparse.Namespace) -> int:
    owner = username(args)
    password = read_password()
    source, _actor = open_store(db_path(args), owner, password)
    try:
        if source.trust.root_key is None:
            raise CliExit("只有店主能把店铺搬到服务器上。 / Only an owner can move the shop "
                          "onto a server.")
        conn, out = _prepare(args, str(source.setting("shop_name", "")))
        others = upload(source, args.url, args.database, conn, out, owner, password)
    finally:
        source.close()
    print(f"已上传 / Uploaded to {conn.place}; 连接文件 / connection file: {out}")
    if others:
        print("这些账号还要店主在服务器上重设一次密码才能登录 / These accounts can sign in once "
              "an owner sets their password again on the server: " + ", ".join(others))
    return EXIT_OK


def run_download(args: argparse.Namespace) -> int:
    store, actor = open_from_args(args)
    try:
        if not isinstance(store, ServerStore):
            raise CliExit("--db 要指向服务器的连接文件（.crmserver）。 / --db must name the "
                          "server's connection file (.crmserver).")
        if actor.role != "owner":
            raise CliExit("只有店主能下载整个店铺。 / Only an owner can download the whole shop.")
        download(store, args.out)
    finally:
        store.close()
    print(f"已生成加密的数据文件 / Encrypted shop file made: {args.out}")
    return EXIT_OK
