"""The owner's day-end close (日结) and its reopening.

Decisions:

- A day is closed only when every shift opened on it has been closed; the
  refusal names the clerks whose shift is still open. A day not yet begun
  cannot be closed.
- Closing stores the day's figures (see ``counter_figures``) as JSON with who
  closed it and when, in one audit entry. From then on the operation frame
  refuses every money action on that day.
- Only the owner reopens a closed day, with a reason kept on the row and in the
  audit entry; the day can then be closed again, which updates the same row
  (the last reopening's reason stays on it).
- The owner and the accountant may read a day's figures; a clerk sees their own
  shift's (``ShiftService``).
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select

from crm_desktop.models.changes import Entity
from crm_desktop.models.counter_figures import day_figures, day_summary, usernames
from crm_desktop.models.entities import DayClose, Shift
from crm_desktop.models.errors import ConflictError, ValidationError
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.card_ledger import check_note
from crm_desktop.models.services.counter_records import DayFigures

READ_PERMISSION = "export.bulk"  # the owner and the accountant


class DayCloseService(Service):
    """Read, close and reopen a business day."""

    def figures(self, day: date) -> DayFigures:
        """The day's shifts, clerks, methods, actions outside shifts and card liability."""
        with self._read(READ_PERMISSION) as session:
            return day_figures(session, day)

    def close(self, day: date) -> DayFigures:
        """Close ``day`` (日结): refused while one of its shifts is open or the day is closed."""
        with self._action("day.close", Entity.DAY, "day.close") as op:
            session = op.session
            if day > datetime.now().date():
                raise ValidationError(
                    "day.future", f"{day:%Y-%m-%d} 还没有到，不能日结。",
                    f"{day:%Y-%m-%d} has not begun yet; it cannot be closed.", field="day")
            row = session.scalars(select(DayClose).where(DayClose.business_day == day)).first()
            if row is not None and row.status == "closed":
                raise ConflictError(
                    "day.already_closed", f"{day:%Y-%m-%d} 已经日结过了。",
                    f"{day:%Y-%m-%d} is already closed.")
            still_open = session.scalars(
                select(Shift.user_id).where(Shift.business_day == day, Shift.status == "open")
            ).all()
            if still_open:
                names = usernames(session)
                who = sorted({names.get(uid, str(uid)) for uid in still_open})
                raise ConflictError(
                    "day.shift_open",
                    f"{day:%Y-%m-%d} 还有没交班的班次（{'、'.join(who)}），请先交班再日结。",
                    f"A shift of {day:%Y-%m-%d} is still open ({', '.join(who)}); close it "
                    "before closing the day.",
                )
            at = datetime.now()
            before = {"status": row.status} if row is not None else {}
            if row is None:
                row = DayClose(business_day=day)
                session.add(row)
            row.status = "closed"
            row.closed_at = at
            row.closed_by = self.actor.user_id
            session.flush()
            figures = day_figures(session, day)
            summary = day_summary(figures)
            row.summary = json.dumps(summary, ensure_ascii=False)
            session.flush()
            op.entity_id = row.id
            op.before = before
            op.after = {"status": "closed", **{k: summary[k] for k in (
                "business_day", "shifts", "transactions", "takings_fen", "paid_out_fen",
                "methods", "cash_difference_fen")}}
            return figures

    def reopen(self, day: date, reason: str) -> None:
        """Reopen a closed day (owner only), with the reason on record."""
        with self._action("day.reopen", Entity.DAY, "day.close") as op:
            session = op.session
            clean_reason = check_note(reason, "reason", required=True)
            row = session.scalars(select(DayClose).where(DayClose.business_day == day)).first()
            if row is None or row.status != "closed":
                raise ConflictError(
                    "day.not_closed", f"{day:%Y-%m-%d} 没有日结，不需要重新打开。",
                    f"{day:%Y-%m-%d} is not closed; there is nothing to reopen.")
            row.status = "reopened"
            row.reopened_at = datetime.now()
            row.reopened_by = self.actor.user_id
            row.reopen_reason = clean_reason
            session.flush()
            op.entity_id = row.id
            op.before = {"status": "closed"}
            op.after = {"status": "reopened", "business_day": day.isoformat(),
                        "reason": clean_reason}
