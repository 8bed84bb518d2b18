"""Every money action has its number (流水号), in its shift, and a closed day takes none."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import DayClose, Shift
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.store.store import Store
from tests.models.test_faults import new_card


def test_money_actions_are_numbered_by_day_and_tied_to_the_open_shift(
    store: Store, owner: Actor, clerk: Actor
) -> None:
    card_id = new_card(store, owner, topup_fen=1000)
    with store.write() as session:
        session.add(Shift(user_id=clerk.user_id, business_day=date.today(), float_fen=0))
    cards = CardService(store, clerk)
    first = cards.top_up(card_id, 2000, "cash")
    second = cards.consume(card_id, 500, "stored_value")
    day = f"{date.today():%Y%m%d}"
    numbers = [int(n.split("-")[1]) for n in (first.transaction, second.transaction)]
    assert first.transaction.startswith(day + "-") and numbers[1] == numbers[0] + 1
    with store.read() as session:
        rows = session.execute(text(
            "SELECT t.number, s.user_id, a.after FROM transactions t "
            "JOIN audit_entries a ON a.operation_id = t.operation_id "
            "LEFT JOIN shifts s ON s.id = t.shift_id ORDER BY t.seq")).all()
    assert [r[0] for r in rows][-2:] == [first.transaction, second.transaction]
    assert [r[1] for r in rows][-2:] == [clerk.user_id, clerk.user_id]
    assert first.transaction in rows[-2][2]  # the signed audit entry carries the number


def test_a_closed_day_takes_no_money_action_and_nothing_is_written(
    store: Store, owner: Actor
) -> None:
    card_id = new_card(store, owner, topup_fen=1000)
    with store.write() as session:
        session.add(DayClose(business_day=date.today(), closed_by=owner.user_id))
    with pytest.raises(ValidationError, match="已日结"):
        CardService(store, owner).top_up(card_id, 2000, "cash")
    assert CardService(store, owner).get(card_id).principal_fen == 1000
