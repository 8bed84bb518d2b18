"""A shop moved onto a server and back keeps every row, key and signature."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crm_desktop.models.actor import Actor
from crm_desktop.models.check import run_check
from crm_desktop.models.demo.generator import generate_demo
from crm_desktop.models.entities import AuditEntry, Card, Customer, ValueEntry
from crm_desktop.models.opening import open_store
from crm_desktop.models.server_copy import download, upload
from crm_desktop.models.store.server_connection import ConnectionFile
from crm_desktop.models.store.server_store import ServerStore
from crm_desktop.models.store.store import Store
from tests.conftest import OWNER_PASSWORD
from tests.server_shop import HOST, drop_server_shop, port_of, shop_authority

TODAY = date(2026, 6, 30)


def _counts(store: Store) -> dict[str, object]:
    with store.read() as session:
        return {
            "customers": session.scalar(select(func.count()).select_from(Customer)),
            "cards": session.scalar(select(func.count()).select_from(Card)),
            "balance": session.scalar(select(func.sum(Card.principal_fen + Card.bonus_fen))),
            "entries": session.scalar(select(func.count()).select_from(ValueEntry)),
            "audit": session.scalar(select(func.count()).select_from(AuditEntry)),
            "head": session.scalar(select(AuditEntry.hash).order_by(AuditEntry.id.desc())
                                   .limit(1)),
        }


@pytest.fixture
def filled(store: Store, owner: Actor) -> Store:
    generate_demo(store, owner, 60, seed=3, today=TODAY)
    return store


def test_upload_then_download_gives_the_same_shop_and_check_passes_everywhere(
    filled: Store, pg_url: str, tmp_path: Path
) -> None:
    before = _counts(filled)
    database = "moved_" + uuid.uuid4().hex[:12]
    conn = ConnectionFile(HOST, port_of(pg_url), database, shop_authority(pg_url).cert_pem)
    conn_path = tmp_path / "shop.crmserver"
    others = upload(filled, pg_url, database, conn, conn_path, "boss", OWNER_PASSWORD)
    assert others == []
    try:
        server, actor = open_store(conn_path, "boss", OWNER_PASSWORD)
        assert isinstance(server, ServerStore) and actor.role == "owner"
        try:
            assert _counts(server) == before
            report = run_check(server)
            assert report.clean, report.findings
            copy = tmp_path / "back.crm"
            download(server, copy)
        finally:
            server.close()
        back, _ = open_store(copy, "boss", OWNER_PASSWORD)
        try:
            assert _counts(back) == before
            report = run_check(back)
            assert report.clean, report.findings
        finally:
            back.close()
    finally:
        drop_server_shop(pg_url, database)
