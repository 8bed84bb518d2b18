"""What the server refuses whoever connects, and two counters on one card.

Tried as a hostile clerk would: with their own login and password and a Python
prompt, straight at the database, not through the program.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import Card, ValueEntry
from crm_desktop.models.errors import AuthError, StoreError
from crm_desktop.models.opening import open_store
from crm_desktop.models.server_tls import Authority
from crm_desktop.models.store.server_connection import login_role
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.store import Store
from tests.conftest import STAFF_PASSWORD

pytestmark = pytest.mark.parametrize("backend", ["server"], indirect=True)


def _clerk_connection(store: ServerStore, **overrides: str) -> psycopg.Connection[tuple[object, ...]]:
    conn = store.connection
    params = {
        "host": conn.host, "port": str(conn.port), "dbname": conn.database,
        "user": login_role(conn.database, "clerk1"), "password": STAFF_PASSWORD,
        "sslmode": "verify-full", "sslrootcert": str(conn.ca_file(store.path)),
        "connect_timeout": "5",
    }
    params.update(overrides)
    return psycopg.connect(**params, autocommit=True)  # type: ignore[arg-type]



def test_a_clerks_own_login_cannot_rewrite_or_remove_money_or_history(
    store: Store, card_id: int
) -> None:
    assert isinstance(store, ServerStore)
    with _clerk_connection(store) as conn:
        refused = [
            "UPDATE value_entries SET principal_fen = principal_fen + 100000",
            "DELETE FROM value_entries",
            "UPDATE audit_entries SET after = '{}'",
            "DELETE FROM audit_entries",
            "TRUNCATE purchases",
            "UPDATE value_entries SET operation_id = 'forged'",
            "SELECT * FROM shop_keys",
            "SELECT * FROM server_logins",
            "SELECT crm_set_login('clerk1', NULL, true)",
            "ALTER TABLE value_entries DISABLE TRIGGER crm_append_only",
            # A row slipped in beside another counter's operation, outside the writers' lock.
            "INSERT INTO value_entries (card_id, customer_id, ts, kind, principal_fen, bonus_fen,"
            " principal_after_fen, bonus_after_fen, user_id, note) SELECT id, customer_id,"
            " now(), 'topup', 100000, 0, 110000, 0, 2, '' FROM cards",
        ]
        for statement in refused:
            with pytest.raises(psycopg.errors.Error):
                conn.execute(statement)
        found = conn.execute("SELECT crm_key_document()").fetchone()
        assert found is not None
        own = json.loads(str(found[0]))
    assert list(own["slots"]) == ["clerk1"] and "recovery" not in own
    with store.read() as session:
        total = session.scalar(select(func.sum(ValueEntry.principal_fen)))
        card = session.get(Card, card_id)
    assert total == 10000 and card is not None and card.principal_fen == 10000
    assert run_check(store).clean


def test_only_tls_with_the_shops_authority_and_the_right_password_get_in(
    store: Store, clerk: Actor, tmp_path: Path
) -> None:
    assert isinstance(store, ServerStore)
    with pytest.raises(psycopg.OperationalError):
        _clerk_connection(store, sslmode="disable").close()
    forged = replace(store.connection, ca_pem=Authority.new("别的店").cert_pem)
    forged_path = tmp_path / "forged.crmserver"
    forged.save(forged_path)
    with pytest.raises(StoreError) as refused:
        open_store(forged_path, "clerk1", STAFF_PASSWORD)
    assert "证书" in str(refused.value)
    with pytest.raises(AuthError):
        open_store(store.path, "clerk1", "not-the-password")
    other, actor = open_store(store.path, "clerk1", STAFF_PASSWORD)
    other.close()
    assert actor.role == "clerk"


_SPENDER = """
import sys
from crm_desktop.models.errors import DomainError
from crm_desktop.models.opening import open_store
from crm_desktop.models.services.cards import CardService
store, actor = open_store(sys.argv[1], "clerk1", sys.argv[2])
cards = CardService(store, actor)
done = refused = 0
for _ in range(int(sys.argv[4])):
    try:
        cards.consume(int(sys.argv[3]), 100, "stored_value")
        done += 1
    except DomainError:
        refused += 1
store.close()
print(done, refused)
"""


def test_two_counters_spending_one_card_never_overdraw_it_or_lose_an_entry(
    store: Store, card_id: int, tmp_path: Path
) -> None:
    # 100 yuan on the card, two processes try to take 1 yuan 70 times each.
    spenders = [
        subprocess.Popen([sys.executable, "-c", _SPENDER, str(store.path), STAFF_PASSWORD,
                          str(card_id), "70"], stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [tuple(map(int, p.communicate(timeout=300)[0].split())) for p in spenders]
    assert all(p.returncode == 0 for p in spenders)
    assert sum(done for done, _ in results) == 100
    assert sum(refused for _, refused in results) == 40
    with store.read() as session:
        card = session.get(Card, card_id)
        spent = session.scalar(select(func.count()).select_from(ValueEntry)
                               .where(ValueEntry.kind == "consume"))
    assert card is not None and card.principal_fen + card.bonus_fen == 0
    assert spent == 100
    assert run_check(store).clean
