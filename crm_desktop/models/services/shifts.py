"""Shifts at the till (交班): open with a cash float, close with the cash counted.

Decisions:

- One open shift per account; a shift opens on today's business day, which
  must not be closed (日结) already.
- Closing computes the shift's figures from the ledgers in the same write
  transaction, stores expected cash, cash counted, the difference (counted −
  expected) and the figures as JSON, and writes one audit entry with them.
- A note is required whenever the cash counted differs from the expected cash
  (a shortage or a surplus must be explained); with no difference it is optional.
- A clerk sees and closes only their own shifts; the owner sees every shift and
  may close a clerk's shift left open (``shift_id``), so the day can be closed.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.counter_figures import (
    shift_figures,
    shift_summary,
    shift_view,
    usernames,
)
from crm_desktop.models.entities import Shift
from crm_desktop.models.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from crm_desktop.models.permissions import OWNER
from crm_desktop.models.rules.card_rules import check_amount_fen
from crm_desktop.models.rules.validation import format_fen
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.card_ledger import check_note
from crm_desktop.models.services.counter_records import ShiftClosed, ShiftFigures, ShiftView
from crm_desktop.models.transactions import refuse_if_day_closed


def _not_yours() -> PermissionDenied:
    return PermissionDenied(
        "shift.not_own",
        "前台账号只能查看和交自己的班。",
        "A clerk may only see and close their own shifts.",
    )


def _no_open_shift() -> ConflictError:
    return ConflictError(
        "shift.none_open",
        "您现在没有开班，没有可以交的班。",
        "You have no shift open; there is nothing to close.",
    )


class ShiftService(Service):
    """Open, read and close shifts for the signed-in user."""

    def current(self) -> ShiftView | None:
        """The actor's open shift, if any (None for an account that keeps no till)."""
        with self._read("card.read") as session:
            shift = self._open_of(session, self.actor.user_id)
            return shift_view(shift, usernames(session)) if shift is not None else None

    def open(self, float_fen: int) -> ShiftView:
        """Open a shift with ``float_fen`` counted into the drawer (开班)."""
        with self._action("shift.open", Entity.SHIFT, "shift.operate") as op:
            session = op.session
            counted = check_amount_fen(float_fen, "float", allow_zero=True)
            found = self._open_of(session, self.actor.user_id)
            if found is not None:
                raise ConflictError(
                    "shift.already_open",
                    f"您已经开班了（{found.opened_at:%m-%d %H:%M} 开班），请先交班再开新班。",
                    f"You already have a shift open (since {found.opened_at:%m-%d %H:%M}); "
                    "close it before opening another.",
                )
            at = datetime.now()
            refuse_if_day_closed(session, at.date())
            shift = Shift(user_id=self.actor.user_id, business_day=at.date(), status="open",
                          opened_at=at, float_fen=counted, note="")
            session.add(shift)
            session.flush()
            op.entity_id = shift.id
            op.after = {"business_day": at.date().isoformat(), "float_fen": counted}
            return shift_view(shift, usernames(session))

    def figures(self, shift_id: int | None = None) -> ShiftFigures:
        """A shift's figures; ``None`` is the actor's open shift, so far."""
        with self._read("shift.operate") as session:
            return shift_figures(session, self._shift(session, shift_id))

    def close(
        self, counted_cash_fen: int, note: str = "", *, shift_id: int | None = None
    ) -> ShiftClosed:
        """Close the actor's open shift (or, for the owner, shift ``shift_id``) (交班).

        Refused with nothing written when the count is not whole fen or when it
        differs from the expected cash and no note says why.
        """
        with self._action("shift.close", Entity.SHIFT, "shift.operate") as op:
            session = op.session
            counted = check_amount_fen(counted_cash_fen, "counted_cash", allow_zero=True)
            clean_note = check_note(note)
            shift = self._shift(session, shift_id)
            if shift.status != "open":
                raise ConflictError("shift.closed", "这个班已经交过了。",
                                    "This shift is already closed.")
            figures = shift_figures(session, shift)
            difference = counted - figures.expected_cash_fen
            if difference and not clean_note:
                raise _note_needed(difference)
            summary = shift_summary(figures)
            shift.status = "closed"
            shift.closed_at = datetime.now()
            shift.expected_cash_fen = figures.expected_cash_fen
            shift.counted_cash_fen = counted
            shift.difference_fen = difference
            shift.note = clean_note
            shift.summary = json.dumps(summary, ensure_ascii=False)
            session.flush()
            op.entity_id = shift.id
            op.after = {
                **{k: summary[k] for k in ("user", "business_day", "float_fen", "takings_fen",
                                           "paid_out_fen", "methods", "transactions")},
                "expected_cash_fen": figures.expected_cash_fen,
                "counted_cash_fen": counted,
                "difference_fen": difference,
                "note": clean_note,
            }
            closed = ShiftFigures(
                shift=shift_view(shift, usernames(session)), methods=figures.methods,
                kinds=figures.kinds, expected_cash_fen=figures.expected_cash_fen,
                transactions=figures.transactions,
            )
            return ShiftClosed(closed, counted, difference, clean_note)

    def shifts_of_day(self, day: date) -> list[ShiftView]:
        """The shifts opened on ``day`` (a clerk's own only), first opened first."""
        with self._read("shift.operate") as session:
            query = select(Shift).where(Shift.business_day == day)
            if self.actor.role != OWNER:
                query = query.where(Shift.user_id == self.actor.user_id)
            names = usernames(session)
            return [shift_view(s, names)
                    for s in session.scalars(query.order_by(Shift.opened_at, Shift.id))]

    # -- helpers ------------------------------------------------------------------------------

    @staticmethod
    def _open_of(session: Session, user_id: int) -> Shift | None:
        return session.scalars(
            select(Shift).where(Shift.user_id == user_id, Shift.status == "open")
        ).first()

    def _shift(self, session: Session, shift_id: int | None) -> Shift:
        if shift_id is None:
            shift = self._open_of(session, self.actor.user_id)
            if shift is None:
                raise _no_open_shift()
            return shift
        found = session.get(Shift, shift_id)
        if found is None:
            raise NotFound("shift.missing", "找不到这个班次。", "No such shift.")
        if found.user_id != self.actor.user_id and self.actor.role != OWNER:
            raise _not_yours()
        return found


def _note_needed(difference: int) -> ValidationError:
    word_zh, word_en = ("长款", "over") if difference > 0 else ("短款", "short")
    amount = format_fen(abs(difference))
    return ValidationError(
        "shift.note_needed",
        f"实点现金与应有现金不符（{word_zh} {amount} 元），请在备注里写明原因。",
        f"The cash counted is {word_en} by {amount} yuan; please say why in the note.",
        field="note",
    )
