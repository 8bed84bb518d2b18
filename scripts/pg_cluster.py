"""A throwaway PostgreSQL server for the tests and benchmarks (standard library only).

``python3 scripts/pg_cluster.py start DIR`` makes a new cluster in ``DIR`` with
Debian's ``initdb``, starts it on a Unix socket in ``DIR`` and a free loopback
port, and prints the administrator's URL; ``stop DIR`` stops it. ``initdb``
refuses to run as root, so as root the cluster belongs to an unprivileged system
user made for it (``crm-test-pg``). The test command starts one for the whole
run and hands its URL to the tests in ``CRM_TEST_PG_URL``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import sys
from pathlib import Path

SERVER_USER = "crm-test-pg"
ADMIN = "postgres"


def bin_dir() -> Path | None:
    """Where Debian keeps the newest PostgreSQL server programs, or None when none is installed."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                   key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _server_user() -> tuple[int, int] | None:
    """The (uid, gid) the server runs as: ours, or the unprivileged one when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        entry = pwd.getpwnam(SERVER_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        SERVER_USER], check=True)
        entry = pwd.getpwnam(SERVER_USER)
    return entry.pw_uid, entry.pw_gid


def _as_server(args: list[str], owner: tuple[int, int] | None) -> list[str]:
    if owner is None:
        return args
    return ["setpriv", f"--reuid={owner[0]}", f"--regid={owner[1]}", "--clear-groups", *args]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(folder: Path) -> str:
    """Make and start a cluster in ``folder``; the administrator's URL (socket, port)."""
    programs = bin_dir()
    if programs is None:
        raise SystemExit("PostgreSQL is not installed (Debian: apt-get install postgresql)")
    folder = folder.absolute()
    data = folder / "data"
    folder.mkdir(parents=True, exist_ok=True)
    owner = _server_user()
    if owner is not None:
        # The server user must reach its folder through every parent.
        for parent in [folder, *folder.parents]:
            if parent == Path("/"):
                break
            mode = parent.stat().st_mode
            if not mode & 0o001:
                os.chmod(parent, mode | 0o001)
        os.chown(folder, *owner)
    port = _free_port()
    subprocess.run(
        _as_server([str(programs / "initdb"), "-D", str(data), "-U", ADMIN, "--auth=trust",
                    "-E", "UTF8", "--locale=C.UTF-8"], owner),
        check=True, stdout=subprocess.DEVNULL,
    )
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c max_connections=200 -c shared_buffers=128MB")
    subprocess.run(
        _as_server([str(programs / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"),
                    "-o", options, "-w", "start"], owner),
        check=True, stdout=subprocess.DEVNULL,
    )
    (folder / "port").write_text(str(port))
    return admin_url(folder)


def admin_url(folder: Path) -> str:
    """The administrator's URL of the cluster in ``folder`` (over its Unix socket)."""
    folder = folder.absolute()
    port = (folder / "port").read_text().strip()
    return f"postgresql://{ADMIN}@/postgres?host={folder}&port={port}"


def stop(folder: Path) -> None:
    """Stop the cluster in ``folder`` (fast shutdown) if it runs."""
    programs = bin_dir()
    data = folder.absolute() / "data"
    if programs is None or not (data / "postmaster.pid").exists():
        return
    owner = None if os.geteuid() != 0 else _server_user()
    subprocess.run(_as_server([str(programs / "pg_ctl"), "-D", str(data), "-m", "fast", "-w",
                               "stop"], owner), check=False, stdout=subprocess.DEVNULL)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in {"start", "stop"}:
        print("usage: python3 scripts/pg_cluster.py start|stop DIR")
        return 2
    if argv[0] == "start":
        print(start(Path(argv[1])))
    else:
        stop(Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
