"""The store's promises: encrypted at rest, refusals that change nothing, one writer,
migrations forward only, recovery when every password is lost."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import pytest
from old_schema import create_at_revision
from sqlalchemy import text

from crm_desktop.models.audit import verify_chain
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import AuthError, StoreError
from crm_desktop.models.opening import create_store, open_store, open_store_with_recovery
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.services.users import UserService, recover_with_key
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.migrate import current_revision, head_revision

PASSWORD = "owner-pass-1"
REPO = Path(__file__).resolve().parents[2]


def new_file(path: Path, password: str = PASSWORD) -> str:
    """A closed shop file with owner "boss"; returns its recovery key."""
    store, recovery = create_store(path, "测试小店", "boss", password)
    store.close()
    return recovery


def snapshot(path: Path) -> tuple[bytes, bytes]:
    return path.read_bytes(), keyfile_path(path).read_bytes()


def test_the_file_on_disk_is_not_plain_sqlite_and_hides_customer_data(db_path: Path) -> None:
    new_file(db_path)
    store, _ = open_store(db_path, "boss", PASSWORD)
    with store.write() as session:
        session.add(Customer(name="欧阳明月", phone="13987654321", phone_rev="12345678931",
                             address="幸福路88号"))
    secrets = ["欧阳明月".encode(), "幸福路".encode(), b"13987654321", b"12345678931"]
    # While open, the write-ahead log holds the newest pages: it must be encrypted too.
    for part in (db_path, Path(f"{db_path}-wal")):
        if part.exists():
            data = part.read_bytes()
            assert not any(secret in data for secret in secrets), part.name
    store.close()

    data = db_path.read_bytes()
    assert not data.startswith(b"SQLite format 3")
    assert not any(secret in data for secret in secrets)
    assert not any(secret in keyfile_path(db_path).read_bytes() for secret in secrets)


@pytest.mark.parametrize(
    ("username", "password"),
    [("boss", "owner-pass-2"), ("boss", ""), ("nobody", PASSWORD), ("Boss", PASSWORD)],
)
def test_a_wrong_login_is_one_sentence_and_changes_no_byte(
    db_path: Path, username: str, password: str
) -> None:
    new_file(db_path)
    before = snapshot(db_path)

    with pytest.raises(AuthError) as refused:
        open_store(db_path, username, password)

    assert str(refused.value) == "用户名或密码不正确。"
    assert snapshot(db_path) == before
    # Nothing is left half-open: the right password still gets in.
    store, _ = open_store(db_path, "boss", PASSWORD)
    store.close()


def test_passwords_with_quotes_colons_backslashes_chinese_and_emoji(db_path: Path) -> None:
    owner_password = "it's \"密码\": C:\\key;@/ 🔑"
    new_file(db_path, owner_password)
    store, owner = open_store(db_path, "boss", owner_password)
    clerk_password = "x'; DROP TABLE users; -- 店员🙂\\"
    UserService(store, owner).add("店员小张", "clerk", clerk_password)
    store.close()

    again, clerk = open_store(db_path, "店员小张", clerk_password)
    again.close()
    assert clerk.role == "clerk"
    with pytest.raises(AuthError):
        open_store(db_path, "boss", owner_password.replace("🔑", "🔒"))


def _open_in_another_process(path: Path) -> subprocess.CompletedProcess[str]:
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from crm_desktop.models.opening import open_store
        from crm_desktop.models.errors import DomainError
        try:
            store, _ = open_store(Path(sys.argv[1]), "boss", sys.argv[2])
        except DomainError as error:
            print(error)
            sys.exit(3)
        store.close()
        print("opened")
        """
    )
    env = dict(os.environ, CRM_DESKTOP_LANG="zh")
    return subprocess.run(
        [sys.executable, "-c", code, str(path), PASSWORD],
        capture_output=True, text=True, timeout=120, cwd=REPO, env=env,
    )


def test_a_second_process_is_refused_while_the_first_holds_the_file(db_path: Path) -> None:
    new_file(db_path)
    store, _ = open_store(db_path, "boss", PASSWORD)
    try:
        held = _open_in_another_process(db_path)
    finally:
        store.close()
    assert held.returncode == 3, held.stderr
    assert held.stdout.strip() == (
        "这个数据文件已经在另一个窗口或程序中打开。请先关闭那边，再打开这里。"
    )

    free = _open_in_another_process(db_path)
    assert (free.returncode, free.stdout.strip()) == (0, "opened"), free.stderr


def test_a_file_from_a_newer_version_is_refused(db_path: Path) -> None:
    new_file(db_path)
    store, _ = open_store(db_path, "boss", PASSWORD)
    with store.write() as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    store.close()
    before = snapshot(db_path)

    with pytest.raises(StoreError) as refused:
        open_store(db_path, "boss", PASSWORD)

    assert "这个数据文件是由更新版本的程序写入的" in str(refused.value)
    assert snapshot(db_path) == before


def _create_at_first_schema(path: Path) -> None:
    """What version 0001 of the program wrote: the first schema, an owner, some data."""
    store = create_at_revision(path, "0001", "boss", PASSWORD)
    due = (date.today() - timedelta(days=1)).isoformat()
    with store.write() as session:
        # Plain SQL: the entities describe the newest schema, this file has the first one.
        session.execute(text(
            "INSERT INTO customers (id, name, phone, phone_rev, kind, marketing_consent, "
            "do_not_contact, status, birthday_lunar, created_at, updated_at, version) VALUES "
            "(7, '老客户', '13711112222', '22221111731', 'individual', 0, 0, 'active', 0, "
            "'2024-05-01 09:00:00', '2024-05-01 09:00:00', 1)"
        ))
        session.execute(text(
            "INSERT INTO interactions (customer_id, ts, channel, summary, outcome, purpose, "
            f"follow_up_on, follow_up_done, user_id) VALUES (7, '2024-05-02 10:00:00', 'call', "
            f"'回访', '', '', '{due}', 0, 1)"
        ))
    assert current_revision(store) == "0001"
    store.close()


def test_a_file_of_the_first_schema_is_upgraded_on_open_with_its_data(db_path: Path) -> None:
    _create_at_first_schema(db_path)

    store, owner = open_store(db_path, "boss", PASSWORD)
    try:
        assert current_revision(store) == head_revision()
        with store.read() as session:
            indexes = set(session.scalars(text(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'interactions'"
            )))
            assert "ix_interactions_follow_up_pending" in indexes
            assert "ix_interactions_follow_up_on" not in indexes
            customer = session.get(Customer, 7)
            assert customer is not None and (customer.name, customer.phone) == (
                "老客户", "13711112222")
            assert verify_chain(session) == []
        due = EngagementService(store, owner).follow_ups_due(date.today())
        assert [(d.customer_name, d.days_overdue) for d in due] == [("老客户", 1)]
    finally:
        store.close()


def test_the_recovery_key_opens_the_file_and_the_owner_sets_a_new_password(
    db_path: Path,
) -> None:
    recovery = new_file(db_path)
    with pytest.raises(AuthError, match="恢复密钥不正确"):
        open_store_with_recovery(db_path, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")

    store, owner = recover_with_key(db_path, recovery.replace("-", " "), "boss", "new-pass-77")
    store.close()

    assert owner.username == "boss"
    with pytest.raises(AuthError):
        open_store(db_path, "boss", PASSWORD)
    again, _ = open_store(db_path, "boss", "new-pass-77")
    again.close()


def test_zero_byte_and_garbage_files_are_called_damaged(db_path: Path) -> None:
    new_file(db_path)
    damaged = "已损坏或不是本软件的数据文件"

    db_path.write_bytes(b"")
    with pytest.raises(StoreError, match=damaged):
        open_store(db_path, "boss", PASSWORD)

    db_path.write_bytes(os.urandom(3 * 4096))
    with pytest.raises(StoreError, match=damaged):
        open_store(db_path, "boss", PASSWORD)

    db_path.write_bytes(b"SQLite format 3\x00" + b"\x00" * 4080)
    with pytest.raises(StoreError, match=damaged):
        open_store(db_path, "boss", PASSWORD)


def test_a_missing_key_file_is_named(db_path: Path) -> None:
    new_file(db_path)
    keyfile_path(db_path).unlink()
    with pytest.raises(StoreError, match="找不到密钥文件 shop.crm.keys"):
        open_store(db_path, "boss", PASSWORD)


def test_the_shipped_head_constant_matches_the_migration_scripts() -> None:
    from crm_desktop.models.store.migrate import HEAD_REVISION

    assert head_revision() == HEAD_REVISION, "update HEAD_REVISION when adding a migration"
