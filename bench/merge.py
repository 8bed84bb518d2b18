"""Benchmark of merging two customers, its undo, and ``check`` after many merges.

Builds an encrypted shop file in one signed operation (as the program would have
written it): ``--customers`` other customers with ``--each-other`` stored-value
purchases each, and two customers with ``--purchases`` purchases each (every
purchase a sale, a stored-value entry and a points entry, interleaved in time with
everybody else's). Then prints, each beside a plain baseline measured in the same run:

- ``MergeService.merge`` of the two (all their rows move, fields are swapped, the
  signed audit entry lists every moved row) vs a bare ``UPDATE … SET customer_id``
  of exactly those rows by primary key, in one transaction; median of ``--runs``
  (each merge is undone before the next);
- ``MergeService.undo`` of it, against the same baseline;
- the full ``check`` after ``--merges`` more merges (pairs of the other customers)
  vs ``check`` of the same file before them; medians of ``--check-runs`` (absolute
  times drift on these machines: the first check after many writes reads a cold file).

    python bench/merge.py [--customers N] [--purchases N] [--merges N] [--runs N]
                          [--check-runs N]

Target (issue 14): a merge of two customers with a thousand purchases each under
200 ms; ``check`` must not slow down with the number of merges.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crm_desktop.models.changes import Entity  # noqa: E402
from crm_desktop.models.check import run_check  # noqa: E402
from crm_desktop.models.opening import create_store  # noqa: E402
from crm_desktop.models.operation import perform  # noqa: E402
from crm_desktop.models.services.merge import MergeService  # noqa: E402
from crm_desktop.models.store.store import Store  # noqa: E402

OWNER = "boss"
PASSWORD = "bench-pass-1"
TARGET_MS = 200.0
TOP_UP_FEN = 100_000_000


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=20_000, help="other customers")
    parser.add_argument("--each-other", type=int, default=3, help="purchases of each other one")
    parser.add_argument("--purchases", type=int, default=1_000, help="of each merged customer")
    parser.add_argument("--merges", type=int, default=200, help="merges before the 2nd check")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--check-runs", type=int, default=3, help="checks timed, each side")
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--keep", action="store_true", help="leave the file behind")
    return parser.parse_args(argv)


def build(store: Store, others: int, each_other: int, purchases: int, seed: int) -> None:
    """Customers 1 and 2 (the pair) and ``others`` more, each with one stored-value card."""
    rng = random.Random(seed)
    owner = store.actor_for(OWNER)
    start = datetime(2023, 1, 1, 9, 0)
    total = others + 2
    with perform(store, owner, "bench.setup", Entity.CUSTOMER, "customer.write") as op:
        conn = op.session.connection()
        conn.exec_driver_sql(
            "INSERT INTO card_types (id, name, kind, price_fen, count_total, bonus_rules, active) "
            "VALUES (1, '储值卡', 'stored_value', 0, 0, '[]', 1)")
        stamp = start.strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.exec_driver_sql(
            "INSERT INTO customers (id, name, phone, phone_rev, birthday_lunar, kind, "
            "marketing_consent, do_not_contact, status, created_at, updated_at, version, "
            "member_since) VALUES (?, ?, ?, ?, 0, 'individual', 0, 0, 'active', ?, ?, 1, ?)",
            [(i, f"客户{i}", f"13{i:09d}", f"13{i:09d}"[::-1], stamp, stamp, "2023-01-01")
             for i in range(1, total + 1)])
        events = [1] * purchases + [2] * purchases + [
            c for c in range(3, total + 1) for _ in range(each_other)]
        rng.shuffle(events)
        balance = dict.fromkeys(range(1, total + 1), TOP_UP_FEN)
        points = dict.fromkeys(range(1, total + 1), 0)
        sales: list[tuple[int, int, int, str, int, int, int]] = []
        values: list[tuple[int, int, str, str, int, int, int, int, str, int | None]] = []
        earned: list[tuple[int, int, str, int, int, int]] = []
        for cid in range(1, total + 1):
            values.append((cid, cid, stamp, "topup", TOP_UP_FEN, 0, TOP_UP_FEN, 0, "cash", None))
        for n, cid in enumerate(events, start=1):
            at = (start + timedelta(minutes=n)).strftime("%Y-%m-%d %H:%M:%S.%f")
            amount = rng.randrange(500, 20_000)
            balance[cid] -= amount
            points[cid] += amount // 100
            sales.append((n, cid, cid, at, amount, amount, amount // 100))
            values.append((cid, cid, at, "consume", -amount, 0, balance[cid], 0, "stored_value", n))
            earned.append((cid, cid, at, amount // 100, points[cid], n))
        conn.exec_driver_sql(
            "INSERT INTO cards (id, number, customer_id, card_type_id, status, issued_at, fee_fen, "
            "principal_fen, bonus_fen, points, counts_left, version) "
            "VALUES (?, ?, ?, 1, 'active', ?, 0, ?, 0, ?, 0, 1)",
            [(c, f"9{c:011d}", c, stamp, balance[c], points[c]) for c in range(1, total + 1)])
        conn.exec_driver_sql(
            "INSERT INTO purchases (id, customer_id, card_id, ts, kind, amount_fen, discount_fen, "
            "paid_fen, payment_method, points_earned, counts_used, note) "
            "VALUES (?, ?, ?, ?, 'sale', ?, 0, ?, 'stored_value', ?, 0, '')", sales)
        conn.exec_driver_sql(
            "INSERT INTO value_entries (card_id, customer_id, ts, kind, principal_fen, bonus_fen, "
            "principal_after_fen, bonus_after_fen, payment_method, purchase_id, note) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')", values)
        conn.exec_driver_sql(
            "INSERT INTO points_entries (card_id, customer_id, ts, kind, points, points_after, "
            "purchase_id, note) VALUES (?, ?, ?, 'earn', ?, ?, ?, '')", earned)


def bare_move(store: Store, rows: dict[str, list[int]], to: int) -> None:
    """The plain baseline: exactly these rows' customer_id set by primary key, one transaction."""
    with store.write() as session:
        conn = session.connection()
        for table, ids in rows.items():
            for start in range(0, len(ids), 500):
                part = ids[start:start + 500]
                conn.exec_driver_sql(
                    f"UPDATE {table} SET customer_id = ? WHERE id IN ({', '.join('?' * len(part))})",
                    (to, *part))


def rows_of(store: Store, customer_id: int) -> dict[str, list[int]]:
    with store.read() as session:
        conn = session.connection()
        return {table: [int(r[0]) for r in conn.exec_driver_sql(
            f"SELECT id FROM {table} WHERE customer_id = ?", (customer_id,))]
            for table in ("purchases", "value_entries", "points_entries", "cards")}


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def clock(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    folder = Path(tempfile.mkdtemp(prefix="crm-bench-merge-"))
    store, _recovery = create_store(folder / "shop.crm", "合并测试店", OWNER, PASSWORD)
    try:
        built = clock(lambda: build(store, args.customers, args.each_other, args.purchases,
                                     args.seed))
        owner = store.actor_for(OWNER)
        service = MergeService(store, owner)
        moved = rows_of(store, 2)
        size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
        print(f"data: {args.customers + 2:,} customers, "
              f"{args.customers * args.each_other + 2 * args.purchases:,} purchases "
              f"(each also a stored-value and a points entry); the two merged hold "
              f"{args.purchases:,} purchases each; {size / 1e6:.1f} MB on disk (encrypted file, "
              f"WAL, keys); built in {built:.1f} s")
        merges, undos, bares = [], [], []
        for _ in range(args.runs):
            bares.append(clock(lambda: bare_move(store, moved, 1)))
            bare_move(store, moved, 2)
            started = time.perf_counter()
            result = service.merge(1, 2, {"phone": "other"})
            merges.append(time.perf_counter() - started)
            undos.append(clock(partial(service.undo, result.entry_id)))
        moved_rows = sum(len(ids) for ids in moved.values())
        bare_ms, merge_ms, undo_ms = _median_ms(bares), _median_ms(merges), _median_ms(undos)
        verdict = "ok" if merge_ms < TARGET_MS else "MISSED"
        print(f"bare UPDATE of the {moved_rows:,} rows by id     {bare_ms:8.1f} ms")
        print(f"merge (MergeService.merge)                 {merge_ms:8.1f} ms  "
              f"{merge_ms / bare_ms:5.1f}× bare  [{verdict}: target < {TARGET_MS:.0f} ms]")
        print(f"undo (MergeService.undo)                   {undo_ms:8.1f} ms  "
              f"{undo_ms / bare_ms:5.1f}× bare")

        before = statistics.median(clock(lambda: _clean(store)) for _ in range(args.check_runs))
        pairs = min(args.merges, args.customers // 2)
        merged = clock(lambda: [service.merge(3 + 2 * k, 4 + 2 * k) for k in range(pairs)])
        service.merge(1, 2)
        after = statistics.median(clock(lambda: _clean(store)) for _ in range(args.check_runs))
        print(f"{pairs + 1} merges took {merged:.1f} s ({merged / max(pairs, 1) * 1000:.0f} ms each)")
        print(f"check before any merge                     {before * 1000:8.0f} ms")
        print(f"check after {pairs + 1:>4} merges                   {after * 1000:8.0f} ms  "
              f"{after / before:5.2f}× before")
    finally:
        store.close()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


def _clean(store: Store) -> None:
    report = run_check(store)
    if not report.clean:
        raise SystemExit("check found problems: " + "; ".join(map(str, report.findings[:5])))


if __name__ == "__main__":
    raise SystemExit(main())
