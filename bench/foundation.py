"""Benchmark of the foundation: build a big demo file, open it, look customers up, move money.

Builds an encrypted file of 1,000,000 customers (with cards) and about 5,000,000
purchases through the bulk path (``generate_demo``), then times opening it, the
counter's lookups through the search service (card number, phone prefix, name
substrings of one, two and three characters, pinyin initials) and one top-up and
one consume through the card service, each with its audit entry. Absolute times
drift on shared machines, so each section also prints a plain baseline measured
in the same run (raw sqlcipher3 executemany, a primary-key read, a bare audited
write) and the ratio to it.

    python bench/foundation.py [--customers N] [--purchases N] [--dir DIR] [--quick] [--reuse]

Targets: build < 5 min, open < 1 s, each lookup < 50 ms at p95, money actions < 20 ms.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import sqlcipher3

from crm_desktop.models import audit, search_index
from crm_desktop.models.actor import Actor
from crm_desktop.models.bulk import COLUMNS, insert_sql
from crm_desktop.models.demo import generate_demo
from crm_desktop.models.opening import create_store, open_store, unlock_key
from crm_desktop.models.progress import Progress
from crm_desktop.models.store.store import Store

PASSWORD = "bench-pass-1"
OWNER = "boss"
TARGETS_MS = {"build": 300_000.0, "open": 1_000.0, "lookup": 50.0, "money": 20.0}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"foundation-{args.customers}.crm"
    print(f"crm_desktop foundation benchmark: {args.customers:,} customers, "
          f"~{args.purchases:,} purchases, seed {args.seed}, file {path}")
    print(f"python {sys.version.split()[0]}, sqlcipher3 {sqlcipher3.sqlite_version}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    baseline_rate = _raw_insert_rate(folder, args.baseline_rows)
    print(f"\nbaseline: raw sqlcipher3 executemany of purchase rows: {baseline_rate[0]:,.0f} "
          f"rows/s, {baseline_rate[1]:,.0f} rows per CPU second")
    if not (args.reuse and path.exists()):
        _build(path, args, baseline_rate)
    _report_size(path)
    store, owner = _open(path)
    try:
        samples = _samples(store, args.samples, args.seed)
        _lookups(store, owner, samples)
        _money(store, owner, samples, args.samples)
    finally:
        store.close()
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
    return 0


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--purchases", type=int, default=None, help="default: 5 per customer")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--dir", default="bench-data", help="where the files go")
    parser.add_argument("--samples", type=int, default=200, help="queries per lookup kind")
    parser.add_argument("--quick", action="store_true", help="a smoke run: 20,000 customers")
    parser.add_argument("--reuse", action="store_true", help="reuse a file built before")
    parser.add_argument("--workers", type=int, choices=(1, 2), default=2,
                        help="processes for the build: 2 makes rows in a helper (default)")
    args = parser.parse_args(argv)
    if args.quick:
        args.customers, args.samples = min(args.customers, 20_000), min(args.samples, 50)
    if args.purchases is None:
        args.purchases = args.customers * 5
    args.baseline_rows = min(500_000, max(50_000, args.purchases // 10))
    return args


# -- build ----------------------------------------------------------------------------------


def _raw_insert_rate(folder: Path, rows: int) -> tuple[float, float]:
    """Plain sqlcipher3: keyed file, no indexes, one transaction, rows shaped like purchases.

    Returns rows per second of wall time and per second of CPU time; on a shared
    machine the CPU rate is the steadier one.
    """
    path = folder / "baseline.db"
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-journal")):
        leftover.unlink(missing_ok=True)
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    conn.set_key(b"x'" + os.urandom(32).hex().encode() + b"'")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(f"CREATE TABLE purchases ({', '.join(COLUMNS['purchases'])})")
    data = [(i, i // 5 + 1, i // 5 + 1, f"2025-05-{i % 28 + 1:02d} 10:{i % 60:02d}:00.000000",
             "sale", None, 6800, 340, 6460, "wechat", 64, 0, 1, "精致洗车") for i in range(rows)]
    started, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN")
    conn.executemany(insert_sql("purchases"), data)
    conn.execute("COMMIT")
    rate = rows / (time.perf_counter() - started), rows / (time.process_time() - cpu)
    conn.close()
    path.unlink(missing_ok=True)
    return rate


def _build(path: Path, args: argparse.Namespace, baseline_rate: tuple[float, float]) -> None:
    for leftover in path.parent.glob(path.name + "*"):
        leftover.unlink()
    store, _ = create_store(path, "基准测试洗车店", OWNER, PASSWORD)
    owner = store.actor_for(OWNER)
    started, cpu = time.perf_counter(), time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    helper_cpu = children.ru_utime + children.ru_stime
    last = [0.0]

    def progress(step: Progress) -> None:
        now = time.perf_counter()
        if now - last[0] >= 10 or step.done == step.total:
            last[0] = now
            print(f"  {step.stage} {step.done:,}/{step.total:,}  {now - started:6.1f} s",
                  file=sys.stderr)

    try:
        result = generate_demo(store, owner, args.customers, args.seed, progress,
                               purchases=args.purchases, workers=args.workers)
    finally:
        store.close()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    helper_cpu = children.ru_utime + children.ru_stime - helper_cpu
    rows = sum(count for table, count in result.rows.items())
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    helper_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"\nbuild (generate_demo, one transaction, {args.workers} process(es)): {wall:.1f} s "
          f"wall  {_verdict(wall * 1000, 'build')}")
    print(f"  CPU: {cpu:.1f} s writing, {helper_cpu:.1f} s in the helper making rows; "
          f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"  peak memory: {peak_mb:,.0f} MB writing, {helper_mb:,.0f} MB helper")
    for table in ("customers", "cards", "purchases", "value_entries", "points_entries",
                  "count_entries", "customer_search"):
        print(f"  {table:16s} {result.rows.get(table, 0):>12,}")
    print(f"  {'all rows':16s} {rows:>12,}  = {rows / wall:,.0f} rows/s "
          f"({rows / wall / baseline_rate[0]:.2f}× the raw executemany baseline), "
          f"{rows / cpu:,.0f} rows per CPU second of the writer "
          f"({rows / cpu / baseline_rate[1]:.2f}× baseline; it also builds the indexes)")


def _report_size(path: Path) -> None:
    size = sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))
    print(f"\ndata size: {size / 1e6:,.0f} MB ({path.name} and its key and WAL files)")


# -- open -----------------------------------------------------------------------------------


def _open(path: Path) -> tuple[Store, Actor]:
    times = []
    for _ in range(3):
        started = time.perf_counter()
        store, owner = open_store(path, OWNER, PASSWORD)
        times.append((time.perf_counter() - started) * 1000)
        store.close()
    started = time.perf_counter()
    keys, db_key, _opened = unlock_key(path, OWNER, PASSWORD)
    unlock_ms = (time.perf_counter() - started) * 1000
    median = statistics.median(times)
    print(f"\nopen (Store.open: key slot, lock, migrations check, first read): first "
          f"{times[0]:.0f} ms, median of 3 {median:.0f} ms  {_verdict(median, 'open')}")
    print(f"  baseline: unlocking the key slot alone (the password KDF) {unlock_ms:.0f} ms "
          f"({median / unlock_ms:.2f}×)")
    return open_store(path, OWNER, PASSWORD)


# -- lookups --------------------------------------------------------------------------------


def _samples(store: Store, count: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    with store.engine.connect() as conn:
        top = int(conn.exec_driver_sql("SELECT max(id) FROM customers").scalar() or 0)
        ids = [rng.randint(1, top) for _ in range(count)]
        rows = [conn.exec_driver_sql("SELECT name, phone FROM customers WHERE id = ?",
                                     (cid,)).one() for cid in ids]
        top_card = int(conn.exec_driver_sql("SELECT max(id) FROM cards").scalar() or 0)
        cards = [str(conn.exec_driver_sql("SELECT number FROM cards WHERE id = ?",
                                          (rng.randint(1, top_card),)).scalar())
                 for _ in range(count)]
        stored = [int(row[0]) for row in conn.exec_driver_sql(
            "SELECT c.id FROM cards c JOIN card_types t ON t.id = c.card_type_id "
            "WHERE t.kind = 'stored_value' AND c.status = 'active' AND c.id > ? LIMIT ?",
            (rng.randint(1, max(1, top // 2)), count))]
    names = [str(name) for name, _ in rows]
    return {
        "ids": ids,
        "card number": cards,
        "phone prefix (7 digits)": [str(phone)[:7] for _, phone in rows],
        "name, 1 character": [name[-1] for name in names],
        "name, 2 characters": [name[:2] for name in names],
        "name, 3 characters": [name[:3] for name in names if len(name) >= 3],
        "pinyin initials": [search_index.name_pinyin(name).split()[0] for name in names],
        "stored_value_cards": stored,
    }


def _service(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ModuleNotFoundError, AttributeError):
        return None


def _time(fn: Callable[[Any], object], inputs: Sequence[Any]) -> tuple[float, float]:
    times = []
    for item in inputs:
        started = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, int(len(times) * 0.95))]


def _lookups(store: Store, owner: Actor, samples: dict[str, Any]) -> None:
    print("\nlookups through the search service, find(query, limit=50)  (median / p95)")
    with store.engine.connect() as conn:
        raw: Any = conn.connection.driver_connection
        base_median, base_p95 = _time(
            lambda cid: raw.execute("SELECT * FROM customers WHERE id = ?", (cid,)).fetchall(),
            samples["ids"])
    print(f"  baseline: raw read of one customer by id {base_median:.3f} / {base_p95:.3f} ms")
    search_class = _service("crm_desktop.models.services.customer_search", "CustomerSearch")
    if search_class is None:
        search_class = _service("crm_desktop.models.services.customers", "CustomerService")
    if search_class is None or not hasattr(search_class, "find"):
        print("  skipped: no customer search service in this build")
        return
    search = search_class(store, owner)
    search.find("王", limit=50)  # warm the page cache and the pinyin tables once
    for kind in ("card number", "phone prefix (7 digits)", "name, 1 character",
                 "name, 2 characters", "name, 3 characters", "pinyin initials"):
        median, p95 = _time(lambda q: search.find(q, limit=50), samples[kind])
        print(f"  {kind:26s} {median:7.2f} / {p95:7.2f} ms  ({median / base_median:,.0f}× "
              f"baseline)  {_verdict(p95, 'lookup')}")
    by_card = getattr(search, "by_card_number", None)
    if by_card is not None:
        median, p95 = _time(by_card, samples["card number"])
        print(f"  {'card number (scanner)':26s} {median:7.2f} / {p95:7.2f} ms  "
              f"{_verdict(p95, 'lookup')}")


# -- money ----------------------------------------------------------------------------------


def _money(store: Store, owner: Actor, samples: dict[str, Any], count: int) -> None:
    print("\nmoney actions through the card service, each one transaction with its audit "
          "entry  (median / p95)")

    def bare_action(_: object) -> None:
        with store.write() as session:
            audit.append(session, owner, "bench.noop", "card", None, {}, {})

    base_median, base_p95 = _time(bare_action, range(min(count, 50)))
    print(f"  baseline: a write transaction with only its audit entry "
          f"{base_median:.2f} / {base_p95:.2f} ms")
    card_class = _service("crm_desktop.models.services.cards", "CardService")
    cards = samples["stored_value_cards"][:count]
    if card_class is None or not cards:
        print("  skipped: no card service in this build" if card_class is None
              else "  skipped: no active stored-value card found")
        return
    service = card_class(store, owner)
    median, p95 = _time(lambda card_id: service.top_up(card_id, 10_000, "cash"), cards)
    print(f"  {'top-up (充值)':26s} {median:7.2f} / {p95:7.2f} ms  ({median / base_median:.1f}× "
          f"baseline)  {_verdict(p95, 'money')}")
    median, p95 = _time(lambda card_id: service.consume(card_id, 5_000, "stored_value"), cards)
    print(f"  {'consume (消费)':26s} {median:7.2f} / {p95:7.2f} ms  ({median / base_median:.1f}× "
          f"baseline)  {_verdict(p95, 'money')}")


def _verdict(value_ms: float, target: str) -> str:
    limit = TARGETS_MS[target]
    shown = f"{limit / 1000:.0f} s" if limit >= 1000 else f"{limit:.0f} ms"
    return f"[{'ok' if value_ms < limit else 'MISSED'}: target < {shown}]"


if __name__ == "__main__":
    sys.exit(main())
