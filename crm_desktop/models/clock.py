"""Notice a computer clock set back: records dated later than "now".

Ledgers and the audit log are read in the order they were written (by id), so a
clock set back cannot reorder balances; but new entries would carry earlier
times than old ones, and day reports would put them on the wrong day. The GUI
calls ``clock_warning`` after signing in and shows the sentence when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from crm_desktop.models.language import current_language
from crm_desktop.models.store.store import Store

# Clocks drift and get corrected by a few seconds; only a real step back is reported.
TOLERANCE = timedelta(minutes=5)

# Each query is one index seek (the newest time, or the newest row's time).
_NEWEST = (
    "SELECT max(ts) FROM audit_entries",
    "SELECT max(ts) FROM value_entries",
    "SELECT max(ts) FROM points_entries",
    "SELECT max(ts) FROM purchases",
    "SELECT ts FROM count_entries ORDER BY id DESC LIMIT 1",
)


@dataclass(frozen=True)
class ClockWarning:
    """The computer's time is earlier than the newest record's time."""

    now: datetime
    newest: datetime

    @property
    def zh(self) -> str:
        return (
            f"电脑时间（{self.now:%Y-%m-%d %H:%M}）早于最近一条记录的时间"
            f"（{self.newest:%Y-%m-%d %H:%M}），系统时钟可能被调慢了。"
            "请先校准电脑时间，否则新记录的日期会不正确。"
        )

    @property
    def en(self) -> str:
        return (
            f"The computer's time ({self.now:%Y-%m-%d %H:%M}) is earlier than the newest "
            f"record ({self.newest:%Y-%m-%d %H:%M}); the clock may have been set back. "
            "Correct the time first, or new records will carry wrong dates."
        )

    @property
    def message(self) -> str:
        return self.zh if current_language() == "zh" else self.en

    def __str__(self) -> str:
        return self.message


def newest_record_time(store: Store) -> datetime | None:
    """The latest time stamped on any ledger entry, purchase or audit entry."""
    newest: datetime | None = None
    with store.engine.connect() as conn:
        for sql in _NEWEST:
            value = conn.exec_driver_sql(sql).scalar()
            if value is None:
                continue
            stamp = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
            if newest is None or stamp > newest:
                newest = stamp
    return newest


def clock_warning(store: Store, now: datetime | None = None) -> ClockWarning | None:
    """A warning when the newest record is dated more than a few minutes after ``now``."""
    now = now or datetime.now()
    newest = newest_record_time(store)
    if newest is not None and newest - now > TOLERANCE:
        return ClockWarning(now=now, newest=newest)
    return None
