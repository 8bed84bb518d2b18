"""Shared fixtures: a fresh real encrypted shop file per test, and actors of each role."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("CRM_DESKTOP_LANG", "zh")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from crm_desktop.models.actor import Actor  # noqa: E402
from crm_desktop.models.language import set_language  # noqa: E402
from crm_desktop.models.opening import create_store  # noqa: E402
from crm_desktop.models.server_opening import open_server_store  # noqa: E402
from crm_desktop.models.services.users import UserService  # noqa: E402
from crm_desktop.models.store.store import Store  # noqa: E402
from tests.server_shop import drop_server_shop, new_server_shop, running_server  # noqa: E402

OWNER_PASSWORD = "owner-pass-1"
STAFF_PASSWORD = "staff-pass-1"


@pytest.fixture(autouse=True)
def _chinese_messages() -> Iterator[None]:
    set_language("zh")
    yield
    set_language("zh")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "shop.crm"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "both_backends: the test runs on a shop file and on a PostgreSQL server")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker(
        "both_backends"
    ):
        metafunc.parametrize("backend", ["file", "server"], indirect=True)


@pytest.fixture(scope="session")
def pg_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The administrator's URL of the run's PostgreSQL server."""
    with running_server(tmp_path_factory.mktemp("server")) as url:
        yield url


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Where the test's shop lives: "file" (the default) or "server"."""
    return str(getattr(request, "param", os.environ.get("CRM_TEST_BACKEND", "file")))


@pytest.fixture
def store_and_recovery(
    request: pytest.FixtureRequest, backend: str, db_path: Path
) -> Iterator[tuple[Store, str]]:
    if backend == "server":
        url = request.getfixturevalue("pg_url")
        path, recovery, database = new_server_shop(url, db_path.parent, "boss", OWNER_PASSWORD)
        server, _owner = open_server_store(path, "boss", OWNER_PASSWORD)
        yield server, recovery
        server.close()
        drop_server_shop(url, database)
        return
    store, recovery = create_store(db_path, "测试小店", "boss", OWNER_PASSWORD)
    yield store, recovery
    store.close()


@pytest.fixture
def store(store_and_recovery: tuple[Store, str]) -> Store:
    return store_and_recovery[0]


@pytest.fixture
def owner(store: Store) -> Actor:
    return store.actor_for("boss")


def _staff(store: Store, username: str, role: str) -> Actor:
    """A member of staff set up by the owner, as the program does it (slot, signing key)."""
    UserService(store, store.actor_for("boss")).add(username, role, STAFF_PASSWORD)
    return store.actor_for(username)


@pytest.fixture
def clerk(store: Store) -> Actor:
    return _staff(store, "clerk1", "clerk")


@pytest.fixture
def accountant(store: Store) -> Actor:
    return _staff(store, "acct1", "accountant")
