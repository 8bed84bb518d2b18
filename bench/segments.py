"""Benchmark: segmentation of 1,000,000 customers and 5,000,000 purchases.

Fills an encrypted file with driver-level executemany (about 2 % of sales
refunded, some in part), then times the bare GROUP BY over the covering index
(the baseline), the aggregate passes, the full RFM segmentation, lifecycle with
lifetime values, and churn warnings, and prints each with its ratio to the
baseline (absolute times drift on shared machines; ratios hold).

    python bench/segments.py [--customers N] [--purchases N] [--dir DIR] [--reuse]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from crm_desktop.models.analytics.churn import find_churn_warnings
from crm_desktop.models.analytics.history import load_history
from crm_desktop.models.analytics.lifecycle import customer_lifecycle
from crm_desktop.models.analytics.rfm import segment_customers
from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.store.store import Store

PASSWORD = "bench-pass-1"
AT = date(2025, 6, 30)
YEARS = 3


def _timestamps(rng: np.random.Generator, n: int) -> np.ndarray:
    start = np.datetime64(AT - timedelta(days=365 * YEARS), "s")
    seconds = rng.integers(0, 365 * YEARS * 86400, n)
    stamps = np.sort(start + seconds.astype("timedelta64[s]"))
    return np.char.replace(np.datetime_as_string(stamps, unit="s"), "T", " ")


def fill(store: Store, customers: int, purchases: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    raw = store.engine.raw_connection()
    cur: Any = raw.cursor()
    created = "2022-01-01 09:00:00"
    t0 = time.perf_counter()
    cur.execute("BEGIN")
    cur.executemany(
        "INSERT INTO customers (id, name, birthday_lunar, kind, marketing_consent, do_not_contact,"
        " status, created_at, updated_at, version) VALUES (?, ?, 0, 'individual', 1, 0,"
        " 'active', ?, ?, 1)",
        ((i, f"客户{i}", created, created) for i in range(1, customers + 1)),
    )
    cur.execute("COMMIT")
    t1 = time.perf_counter()
    # Skewed: a few regulars buy often, most customers rarely.
    weights = rng.pareto(1.2, customers) + 0.05
    owner = rng.choice(np.arange(1, customers + 1), size=purchases, p=weights / weights.sum())
    stamps = _timestamps(rng, purchases)
    paid = rng.integers(1, 200, purchases) * 100
    methods = np.array(["cash", "wechat", "alipay", "stored_value", "bank_card"])
    method = methods[rng.integers(0, len(methods), purchases)]
    refunded = np.flatnonzero(rng.random(purchases) < 0.02)
    cur.execute("BEGIN")
    cur.executemany(
        "INSERT INTO purchases (id, customer_id, ts, kind, amount_fen, discount_fen, paid_fen,"
        " payment_method, points_earned, counts_used, note) VALUES (?, ?, ?, 'sale', ?, 0, ?,"
        " ?, 0, 0, '')",
        (
            (i + 1, int(owner[i]), str(stamps[i]), int(paid[i]), int(paid[i]), str(method[i]))
            for i in range(purchases)
        ),
    )
    # Refunds: the same day, half of them in full, half in part.
    full = rng.random(refunded.shape[0]) < 0.5
    cur.executemany(
        "INSERT INTO purchases (customer_id, ts, kind, refund_of_id, amount_fen, discount_fen,"
        " paid_fen, payment_method, points_earned, counts_used, note) VALUES (?, ?, 'refund',"
        " ?, ?, 0, ?, ?, 0, 0, '')",
        (
            (
                int(owner[i]),
                str(stamps[i]),
                int(i + 1),
                -int(paid[i] if whole else paid[i] // 2),
                -int(paid[i] if whole else paid[i] // 2),
                str(method[i]),
            )
            for i, whole in zip(refunded, full, strict=True)
        ),
    )
    cur.execute("COMMIT")
    t2 = time.perf_counter()
    cur.execute("ANALYZE")
    # A shop's file is not one giant write-ahead log: fold it in before measuring reads.
    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    print(
        f"filled {customers:,} customers in {t1 - t0:.1f} s, "
        f"{purchases:,} purchases + {refunded.shape[0]:,} refunds in {t2 - t1:.1f} s"
    )


def timed(label: str, fn: Callable[[], object], repeat: int, baseline: float | None) -> float:
    runs = []
    result: object = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    median = statistics.median(runs)
    ratio = f"  ×{median / baseline:.2f} of baseline" if baseline else ""
    size = f"  ({len(result):,} rows)" if hasattr(result, "__len__") else ""
    print(f"{label:<46} median {median:7.2f} s over {repeat}{ratio}{size}")
    return median


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--purchases", type=int, default=5_000_000)
    parser.add_argument("--dir", type=Path, default=Path("bench-data"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse a file filled before")
    args = parser.parse_args()
    path = args.dir / f"segments-{args.customers}-{args.purchases}.crm"
    if args.reuse and path.exists():
        store, _actor = open_store(path, "boss", PASSWORD)
    else:
        for old in args.dir.glob(path.name + "*"):
            old.unlink()
        store, _recovery = create_store(path, "基准测试店", "boss", PASSWORD)
        fill(store, args.customers, args.purchases)
    baseline_sql = (
        "SELECT customer_id, max(ts), count(*), sum(paid_fen) "
        "FROM purchases INDEXED BY ix_purchases_customer_ts_paid GROUP BY customer_id"
    )

    def bare() -> list[object]:
        with store.read() as session:
            dbapi: Any = session.connection().connection.dbapi_connection
            return list(dbapi.cursor().execute(baseline_sql).fetchall())

    def history() -> object:
        with store.read() as session:
            return load_history(session, AT)

    def rfm() -> object:
        with store.read() as session:
            return segment_customers(session, AT)

    def lifecycle() -> object:
        with store.read() as session:
            return customer_lifecycle(session, AT).customer_id

    def churn() -> object:
        with store.read() as session:
            return find_churn_warnings(session, AT)

    print(
        f"{datetime.now():%Y-%m-%d %H:%M}  {args.customers:,} customers, {args.purchases:,} sales"
    )
    base = timed("baseline: bare GROUP BY over the covering index", bare, args.repeat, None)
    timed("aggregate passes (refunds resolved)", history, args.repeat, base)
    timed("RFM segmentation (scores, segments, value)", rfm, args.repeat, base)
    timed("lifecycle + lifetime value", lifecycle, args.repeat, base)
    timed("churn warnings (median gaps)", churn, 1, base)
    store.close()


if __name__ == "__main__":
    main()
