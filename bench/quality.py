"""Benchmark of keeping the file current: the validation sweep, the incomplete-profiles list
and the contact checks, on 1,000,000 customers.

Fills an encrypted file with driver-level executemany: every customer has a phone, a
share of them a birthday, an email, an ID number, an address and tags, a few values
are wrong (as an old file holds them), 30 % hold a stored-value card and the
purchases spread over three years. Then it times, each with its ratio to the plain
scan measured in the same run (absolute times drift on shared machines; ratios hold):

- baseline: the plain scan, every customer's swept columns read with no check;
- the sweep (``SweepService.run``);
- the ranking of incomplete profiles by value (``CompletenessService.ranking``) and a
  page of its rows at the start and in the middle (``rows``);
- the Today panel with contact checks every 12 months (``TodayService.summary``),
  and one profile's upkeep (``ProfileQualityService.of``).

    python bench/quality.py [--customers N] [--purchases N] [--dir DIR] [--reuse]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from crm_desktop.models.opening import create_store, open_store
from crm_desktop.models.rules.validation import id_check_digit
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.completeness import CompletenessService
from crm_desktop.models.services.profile_quality import ProfileQualityService
from crm_desktop.models.services.sweep import SWEPT_FIELDS, SweepService
from crm_desktop.models.services.today import TodayService
from crm_desktop.models.store.store import Store

PASSWORD = "bench-pass-1"
T = TypeVar("T")
TODAY = date.today()
AREAS = ("110105", "310101", "440304", "330106", "510104", "420102")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂"


def _id_number(rng: random.Random, i: int) -> str:
    """A valid ID number, unique per customer number ``i`` (its date and sequence say ``i``)."""
    born = date(1950, 1, 1) + timedelta(days=(i // 1000) % 20_000)
    first17 = f"{rng.choice(AREAS)}{born:%Y%m%d}{i % 1000:03d}"
    return first17 + id_check_digit(first17)


def _customers(n: int, seed: int) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(seed)
    stamp = "2022-01-01 09:00:00"
    for i in range(1, n + 1):
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(20_000))
        has = rng.random
        phone = f"13{i:09d}"
        email = f"u{i}@example.com" if has() < 0.3 else None
        id_number = _id_number(rng, i) if has() < 0.2 else None
        # A few values an old version or import let in.
        if i % 1000 == 0:
            phone = f"120{i:08d}"[:11]
        if i % 500 == 0 and id_number:
            id_number = id_number[:17] + ("0" if id_number[17] != "0" else "1")
        if i % 700 == 0:
            email = f"u{i}@"
        yield (
            i, rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), phone,
            born.isoformat() if has() < 0.5 else None, email, id_number,
            "人民路 1 号" if has() < 0.25 else None, rng.choice(("M", "F", None)),
            (TODAY - timedelta(days=rng.randrange(3000))).isoformat(),
            (datetime.now() - timedelta(days=rng.randrange(900))).isoformat(sep=" ")
            if has() < 0.3 else None,
            stamp, stamp,
        )


def fill(store: Store, customers: int, purchases: int, seed: int = 11) -> None:
    rng = random.Random(seed)
    raw = store.engine.raw_connection()
    cur: Any = raw.cursor()
    t0 = time.perf_counter()
    cur.execute("BEGIN")
    cur.executemany(
        "INSERT INTO customers (id, name, phone, birthday, email, id_number, address, gender,"
        " member_since, contact_confirmed_at, created_at, updated_at, birthday_lunar, kind,"
        " marketing_consent, do_not_contact, status, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?,"
        " ?, ?, ?, ?, 0, 'individual', 0, 0, 'active', 1)",
        _customers(customers, seed),
    )
    cur.execute("INSERT INTO card_types (id, name, kind, price_fen, count_total, bonus_rules,"
                " active) VALUES (1, '储值卡', 'stored_value', 0, 0, '[]', 1)")
    holders = rng.sample(range(1, customers + 1), customers * 3 // 10)
    cur.executemany(
        "INSERT INTO cards (number, customer_id, card_type_id, status, issued_at, fee_fen,"
        " principal_fen, bonus_fen, points, counts_left, version) VALUES (?, ?, 1, 'active',"
        " '2022-01-01 09:00:00', 0, ?, ?, 0, 0, 1)",
        ((f"8{c:011d}", c, rng.randrange(0, 200_000), rng.randrange(0, 20_000))
         for c in holders),
    )
    cur.execute("INSERT INTO tags (id, name) VALUES (1, '咖啡')")
    cur.executemany("INSERT INTO customer_tags (customer_id, tag_id) VALUES (?, 1)",
                    ((c,) for c in range(1, customers + 1, 7)))
    cur.execute("COMMIT")
    t1 = time.perf_counter()
    start = datetime.now() - timedelta(days=3 * 365)
    cur.execute("BEGIN")
    cur.executemany(
        "INSERT INTO purchases (customer_id, ts, kind, amount_fen, discount_fen, paid_fen,"
        " payment_method, points_earned, counts_used, note) VALUES (?, ?, 'sale', ?, 0, ?,"
        " 'cash', 0, 0, '')",
        (
            (c, (start + timedelta(seconds=rng.randrange(3 * 365 * 86400))).isoformat(sep=" "),
             p, p)
            for c, p in ((int(rng.paretovariate(1.2) * 7) % customers + 1,
                          rng.randrange(1, 200) * 100) for _ in range(purchases))
        ),
    )
    cur.execute("COMMIT")
    t2 = time.perf_counter()
    cur.execute("ANALYZE")
    cur.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    print(f"filled {customers:,} customers (+cards, tags) in {t1 - t0:.1f} s, "
          f"{purchases:,} purchases in {t2 - t1:.1f} s")


def timed(
    label: str, fn: Callable[[], T], repeat: int, baseline: float | None
) -> tuple[float, T]:
    """The median time of ``repeat`` calls (printed with its ratio) and the last result."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - t0)
    median = statistics.median(runs)
    ratio = f"  ×{median / baseline:.2f} of the plain scan" if baseline else ""
    print(f"{label:<52} median {median * 1000:9.1f} ms over {repeat}{ratio}", flush=True)
    return median, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--purchases", type=int, default=3_000_000)
    parser.add_argument("--dir", type=Path, default=Path("bench-data"))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="reuse a file filled before")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    path = args.dir / f"quality-{args.customers}-{args.purchases}.crm"
    if args.reuse and path.exists():
        store, owner = open_store(path, "boss", PASSWORD)
    else:
        for old in args.dir.glob(path.name + "*"):
            old.unlink()
        store, _recovery = create_store(path, "基准测试店", "boss", PASSWORD)
        owner = store.actor_for("boss")
        fill(store, args.customers, args.purchases)
    CatalogService(store, owner).update_settings({"contact_check_months": 12})
    columns = ", ".join(("id", *dict.fromkeys(SWEPT_FIELDS)))

    def plain_scan() -> int:
        with store.read() as session:
            rows = session.connection().exec_driver_sql(f"SELECT {columns} FROM customers")
            return sum(1 for _ in rows)

    completeness = CompletenessService(store, owner)
    print(f"{datetime.now():%Y-%m-%d %H:%M}  {args.customers:,} customers, "
          f"{args.purchases:,} purchases")
    base, _rows = timed("baseline: plain scan of the swept columns", plain_scan, args.repeat,
                        None)
    # One run: at a million customers the sweep is minutes, and ratios hold.
    _t, report = timed("validation sweep", SweepService(store, owner).run, 1, base)
    print(f"  (the sweep found {report.total:,} values in {report.checked:,} customers)")
    _t, ranking = timed("incomplete profiles: ranking by value", completeness.ranking,
                        args.repeat, base)
    print(f"  ({len(ranking.ids):,} of {ranking.active:,} profiles incomplete, "
          f"average {ranking.average}%)")
    timed("  … ranking, least complete first", lambda: completeness.ranking("completeness"),
          args.repeat, base)
    middle = len(ranking.ids) // 2
    timed("  … first page of rows (100)", lambda: completeness.rows(ranking.ids[:100]),
          args.repeat, base)
    timed("  … a page in the middle (100)",
          lambda: completeness.rows(ranking.ids[middle:middle + 100]), args.repeat, base)
    today = TodayService(store, owner)
    _t, summary = timed("Today panel with contact checks", today.summary, args.repeat, base)
    due = summary.contact_checks
    print(f"  (contact checks due: {due.total:,}{'' if due.exact else '+'})")
    quality = ProfileQualityService(store, owner)
    timed("one profile's upkeep", lambda: quality.of(middle or 1), args.repeat, base)
    store.close()


if __name__ == "__main__":
    main()
