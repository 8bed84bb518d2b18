"""Benchmark of a shop on a PostgreSQL server beside the same shop in a file, same run.

Builds a demo shop file (``--customers``, default 1,000,000), uploads it to a
throwaway server this benchmark starts (scripts/pg_cluster.py, loopback, TLS), and
prints:

- upload time against ``pg_restore`` of the same data (a plain baseline: the
  database the upload made, dumped with ``pg_dump -Fc`` and restored into a new one);
- one money action (``consume`` of ¥1 from stored value) on random cards: median and
  95th percentile on the file and on the server;
- two to eight simulated counters (processes) spending on a shared set of cards for
  ``--seconds``: actions per second, then every balance against its ledger (``check``)
  and the number of consume entries against the actions that reported success.

Targets (issue 16): money action p95 < 20 ms on the server; upload within 3× of
``pg_restore``; zero lost or doubled entries.

    python bench/server.py [--customers N] [--tries N] [--seconds S] [--dir DIR] [--reuse]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pg_cluster  # noqa: E402
from counter import ROOT, _ms, make_file  # noqa: E402
from merge import clock  # noqa: E402
from sqlalchemy import func, select  # noqa: E402
from startup import OWNER, PASSWORD  # noqa: E402

from crm_desktop.models.check import run_check  # noqa: E402
from crm_desktop.models.entities import Card, ValueEntry  # noqa: E402
from crm_desktop.models.opening import open_store  # noqa: E402
from crm_desktop.models.server_copy import upload  # noqa: E402
from crm_desktop.models.services.cards import CardService  # noqa: E402
from crm_desktop.models.store.server_connection import ConnectionFile  # noqa: E402
from crm_desktop.models.store.store import Store  # noqa: E402
from tests.server_shop import HOST, port_of, shop_authority  # noqa: E402

_COUNTER = """
import sys, time
from crm_desktop.models.errors import DomainError
from crm_desktop.models.opening import open_store
from crm_desktop.models.services.cards import CardService
store, actor = open_store(sys.argv[1], sys.argv[2], sys.argv[3])
cards = CardService(store, actor)
ids = [int(x) for x in sys.argv[4].split(",")]
end = time.monotonic() + float(sys.argv[5])
done = refused = i = 0
while time.monotonic() < end:
    try:
        cards.consume(ids[i % len(ids)], 100, "stored_value")
        done += 1
    except DomainError:
        refused += 1
    i += 7
store.close()
print(done, refused)
"""


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--tries", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--dir", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def _spendable(store: Store, count: int, seed: int) -> list[int]:
    with store.read() as session:
        ids = list(session.scalars(select(Card.id).where(
            Card.status == "active", Card.principal_fen > 100_000).limit(count * 20)))
    random.Random(seed).shuffle(ids)
    return ids[:count]


def _money(store: Store, card_ids: list[int]) -> list[float]:
    cards = CardService(store, store.actor_for(OWNER))
    return [clock(partial(cards.consume, c, 100, "stored_value")) for c in card_ids]


def _consumes(store: Store) -> int:
    with store.read() as session:
        return int(session.scalar(select(func.count()).select_from(ValueEntry)
                                  .where(ValueEntry.kind == "consume")) or 0)


def _restore_baseline(url: str, database: str, folder: Path) -> float:
    programs = pg_cluster.bin_dir()
    assert programs is not None
    dump = folder / "shop.dump"
    base = ["-h", str(folder / "pg"), "-p", str(port_of(url)), "-U", "postgres"]
    subprocess.run([str(programs / "pg_dump"), *base, "-Fc", "-f", str(dump), database],
                   check=True)
    subprocess.run([str(programs / "createdb"), *base, database + "_restored"], check=True)
    started = time.perf_counter()
    subprocess.run([str(programs / "pg_restore"), *base, "-d", database + "_restored",
                    str(dump)], check=True)
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    path = make_file(Path(args.dir) / f"server-{args.customers}.crm", args.customers, args.seed,
                     args.reuse)
    scratch = Path(tempfile.mkdtemp(prefix="crm-bench-server-"))
    url = pg_cluster.start(scratch / "pg")
    try:
        store, _ = open_store(path, OWNER, PASSWORD)
        conn = ConnectionFile(HOST, port_of(url), "bench", shop_authority(url).cert_pem)
        conn_path = scratch / "shop.crmserver"
        uploading = clock(lambda: upload(store, url, "bench", conn, conn_path, OWNER, PASSWORD))
        restoring = _restore_baseline(url, "bench", scratch)
        server, _ = open_store(conn_path, OWNER, PASSWORD)
        print(f"data: {args.customers:,} customers")
        print(f"upload {uploading:.1f} s; pg_restore of the same data {restoring:.1f} s; "
              f"ratio {uploading / restoring:.2f} (target <= 3)")
        picked = _spendable(store, args.tries, args.seed)
        for label, target in (("file", store), ("server", server)):
            median, p95 = _ms(_money(target, picked))
            print(f"money action on the {label:<6}: median {median:.1f} / p95 {p95:.1f} ms"
                  + (" (target p95 < 20)" if label == "server" else ""))
        shared = picked[:20]
        for counters in (2, 4, 8):
            before = _consumes(server)
            runs = [subprocess.Popen([sys.executable, "-c", _COUNTER, str(conn_path), OWNER,
                                      PASSWORD, ",".join(map(str, shared)), str(args.seconds)],
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)
                    for _ in range(counters)]
            done = sum(int(p.communicate()[0].split()[0]) for p in runs)
            booked = _consumes(server) - before
            print(f"{counters} counters, {args.seconds:.0f} s: {done / args.seconds:.1f} "
                  f"actions/s; entries booked {booked}, reported {done}, "
                  f"{'none lost or doubled' if booked == done else 'MISMATCH'}")
        report = run_check(server)
        print("check after the counters: " + ("clean" if report.clean else
                                              f"{len(report.findings)} finding(s)"))
        server.close()
        store.close()
    finally:
        pg_cluster.stop(scratch / "pg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
