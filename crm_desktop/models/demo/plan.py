"""One demo run, customer by customer: what to make (``DemoPlan``) and making it (``fill``).

``fill`` knows nothing of the file: it adds rows to a ``RowBuffer`` and yields
progress, so it runs the same in the writing process or in a helper process.
Every random choice comes from ``random.Random(plan.seed)`` in a fixed order and
every date from ``plan.today``, so the same plan gives the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import date, timedelta

from crm_desktop.models.bulk_rows import RowBuffer
from crm_desktop.models.demo.cards import CardDesk
from crm_desktop.models.demo.catalog import write_catalog
from crm_desktop.models.demo.engagement import EngagementMaker
from crm_desktop.models.demo.history import HistoryMaker
from crm_desktop.models.demo.people import PeopleMaker
from crm_desktop.models.demo.rhythm import Calendar
from crm_desktop.models.progress import Progress

HISTORY_DAYS = 730
# Progress (and the chance to cancel) after this many customers.
PROGRESS_EVERY = 256


@dataclass(frozen=True)
class DemoPlan:
    """Everything a demo run depends on; it pickles, so a helper process can take it."""

    customers: int
    seed: int
    today: date
    visits_per_customer: float
    user_id: int
    card_prefix: str
    card_length: int
    card_sequence: int
    points_per_yuan: int
    existing_tags: dict[str, int] = field(default_factory=dict)


def fill(rows: RowBuffer, plan: DemoPlan) -> Generator[Progress, None, int]:
    """Add the whole demo shop to ``rows``; returns the next free card sequence number."""
    rng = random.Random(plan.seed)
    calendar = Calendar(plan.today - timedelta(days=HISTORY_DAYS), plan.today)
    catalog = write_catalog(rows, plan.existing_tags)
    desk = CardDesk(rows, plan.user_id, plan.card_prefix, plan.card_length, plan.card_sequence,
                    plan.points_per_yuan)
    people = PeopleMaker(rng, calendar, plan.today, plan.user_id, catalog.tag_ids)
    history = HistoryMaker(desk, rng, calendar, catalog, plan.visits_per_customer)
    engagement = EngagementMaker(rows, rng, calendar, plan.user_id)
    total = plan.customers
    first_id = rows.reserve("customers", total)
    for done in range(1, total + 1):
        row, shopper, tag_ids = people.make(first_id + done - 1)
        rows.add_customer(row)
        for tag_id in tag_ids:
            rows.add("customer_tags", (row.id, tag_id))
        history.make(shopper)
        engagement.make(shopper)
        if done % PROGRESS_EVERY == 0:
            rows.maybe_flush()
            yield Progress("customers", done, total)
    rows.flush()
    yield Progress("customers", total, total)
    return desk.sequence
