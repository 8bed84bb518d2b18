"""Benchmark of booking a purchase of ten item lines at the counter, on a big shop file.

On a demo shop file (default 1,000,000 customers with their cards and history,
built with ``generate_demo`` as bench/counter.py builds it) the owner's list gets
ten services and products; then, on cards of customers picked at random, it times:

- ``CardService.consume`` with ten item lines (quantities 1–3, each line's tier
  discount, paid from stored value): what the purchase dialog asks the worker to do
  when the clerk presses Enter;
- beside it, the plain baseline measured in the same run: ``consume`` of the same
  amount without lines (one purchase row, its ledger entries and number).

Prints the data size, the median and 95th percentile of each and their ratio.
Target (issue 15): ten item lines book in under 20 ms at the 95th percentile.

    python bench/consume_items.py [--customers N] [--tries N] [--dir DIR] [--reuse]
                                  [--file PATH]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from counter import ROOT, _ms, data_size, make_file  # noqa: E402
from merge import clock  # noqa: E402
from startup import OWNER, PASSWORD  # noqa: E402

from crm_desktop.models.opening import open_store  # noqa: E402
from crm_desktop.models.services.card_records import SaleLine  # noqa: E402
from crm_desktop.models.services.cards import CardService  # noqa: E402
from crm_desktop.models.services.item_records import ItemInput  # noqa: E402
from crm_desktop.models.services.items import ItemService  # noqa: E402
from crm_desktop.models.store.store import Store  # noqa: E402

TARGET_P95_MS = 20.0
LINES = 10


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--tries", type=int, default=200, help="purchases of each kind")
    parser.add_argument("--dir", default=str(ROOT / "bench" / "out"))
    parser.add_argument("--reuse", action="store_true", help="keep a file built by an earlier run")
    parser.add_argument("--file", default=None,
                        help="an existing demo file (owner boss) instead of building one")
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args(argv)


def stocked_items(store: Store) -> list[tuple[int, str, int]]:
    """Ten items on the owner's list (made once per file): (id, name, price in fen)."""
    items = ItemService(store, store.actor_for(OWNER))
    found = [i for i in items.list() if i.name.startswith("测速项目")]
    for n in range(len(found), LINES):
        found.append(items.create(ItemInput(f"测速项目{n + 1}", "测速", 1000 + 250 * n)))
    return [(i.id, i.name, i.price_fen) for i in found[:LINES]]


def stored_value_cards(store: Store, count: int, rng: random.Random) -> list[int]:
    """Active stored-value cards without a PIN, picked at random across the file."""
    with store.read() as session:
        ids = [int(r[0]) for r in session.connection().exec_driver_sql(
            "SELECT c.id FROM cards c JOIN card_types t ON t.id = c.card_type_id "
            "WHERE c.status = 'active' AND t.kind = 'stored_value' AND c.pin_hash IS NULL "
            "ORDER BY c.id")]
    return rng.sample(ids, min(count, len(ids)))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse(argv)
    rng = random.Random(args.seed)
    if args.file:
        path = Path(args.file)
    else:
        folder = Path(args.dir)
        folder.mkdir(parents=True, exist_ok=True)
        path = make_file(folder / f"counter-{args.customers}.crm", args.customers, args.seed,
                         args.reuse)
    store, owner = open_store(path, OWNER, PASSWORD)
    try:
        items = stocked_items(store)
        cards = stored_value_cards(store, 2 * args.tries, rng)
        with store.read() as session:
            customers = session.connection().exec_driver_sql(
                "SELECT count(*) FROM customers").scalar()
            purchases = session.connection().exec_driver_sql(
                "SELECT count(*) FROM purchases").scalar()
        print(f"data: {customers:,} customers, {purchases:,} purchases, "
              f"{data_size(path) / 1e6:,.0f} MB on disk; {len(cards):,} cards used, "
              f"{LINES} item lines a purchase", flush=True)
        service = CardService(store, owner)
        for card_id in cards:  # money enough for any purchase below (not timed)
            service.top_up(card_id, 200_000, "cash")
        itemised: list[float] = []
        plain: list[float] = []
        for n, card_id in enumerate(cards):
            lines = [SaleLine(name, rng.randint(1, 3), price, item_id)
                     for item_id, name, price in items]
            amount = sum(line.amount_fen for line in lines)
            if n % 2:
                itemised.append(clock(partial(service.consume, card_id, 0, "stored_value",
                                               lines=lines)))
            else:
                plain.append(clock(partial(service.consume, card_id, amount, "stored_value")))
        (plain_median, plain_p95), (median, p95) = _ms(plain), _ms(itemised)
        verdict = "ok" if p95 < TARGET_P95_MS else "MISSED"
        print(f"plain consume (no lines), median / p95   {plain_median:7.1f} / {plain_p95:6.1f} ms")
        print(f"ten item lines, median / p95             {median:7.1f} / {p95:6.1f} ms  "
              f"{median / plain_median:4.2f}× plain  [{verdict}: p95 target < "
              f"{TARGET_P95_MS:.0f} ms]")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
