"""GUI fixtures: a main window on a real encrypted file, run with the synchronous runner.

Every task the window submits runs inline, so a test can type, press Enter and
assert what the screen shows without waiting for a worker thread.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

import crm_desktop.ui
from crm_desktop.app import build_main_window
from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.keyed_connection import checkout_guard
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.base.change_bus import ChangeBus
from crm_desktop.ui.base.i18n import install_language
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner, running_a_task
from crm_desktop.ui.main_window import MainWindow

CLERK_PASSWORD = "clerk-pass-1"
UI_FOLDER = Path(crm_desktop.ui.__file__).resolve().parent


@pytest.fixture(autouse=True)
def _interface_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Language and last-user preferences go to the test's folder, never the real profile.
    monkeypatch.setenv("CRM_DESKTOP_HOME", str(tmp_path / "home"))


def _refuse_sessions_from_screens() -> None:
    """Fail when code of ``ui/`` uses the database on the GUI thread outside a runner task."""
    if running_a_task() or threading.current_thread() is not threading.main_thread():
        return
    frame = inspect.currentframe()
    while frame is not None:
        if UI_FOLDER in Path(frame.f_code.co_filename).parents:
            where = f"{frame.f_code.co_filename}:{frame.f_lineno} ({frame.f_code.co_name})"
            raise AssertionError(f"a database session was opened on the GUI thread by {where}")
        frame = frame.f_back


@pytest.fixture(autouse=True)
def _no_database_on_the_gui_thread() -> Iterator[None]:
    # Test code may read and write directly; a screen must go through the task runner.
    checkout_guard.append(_refuse_sessions_from_screens)
    yield
    checkout_guard.remove(_refuse_sessions_from_screens)


@pytest.fixture
def chinese_ui(qapp: object) -> Iterator[None]:
    install_language("zh")
    yield
    install_language("zh")


@pytest.fixture
def runner() -> SynchronousTaskRunner:
    return SynchronousTaskRunner()


def _context(store: Store, actor: Actor) -> Iterator[AppContext]:
    bus = ChangeBus(store)
    yield AppContext(store, actor, SynchronousTaskRunner(), bus)
    bus.detach()


@pytest.fixture
def clerk_context(store: Store, clerk: Actor, chinese_ui: None) -> Iterator[AppContext]:
    """A clerk's screens on the file: the synchronous runner, the change bus, Chinese words."""
    yield from _context(store, clerk)


@pytest.fixture
def owner_context(store: Store, owner: Actor, chinese_ui: None) -> Iterator[AppContext]:
    """The owner's screens on the file, as ``clerk_context``."""
    yield from _context(store, owner)


@pytest.fixture
def clerk_account(store: Store, owner: Actor) -> Actor:
    """A clerk who can really sign in (has a key slot)."""
    UserService(store, owner).add("clerk1", "clerk", CLERK_PASSWORD)
    return store.actor_for("clerk1")


@dataclass(frozen=True)
class ShopData:
    zhang_id: int
    li_id: int
    wang_id: int
    zhang_card: str
    zhang_card_id: int
    tier_id: int


@pytest.fixture
def shop(store: Store, owner: Actor) -> ShopData:
    """Three customers, a tier, and a stored-value card for 张三."""
    customers = CustomerService(store, owner)
    zhang = customers.create(CustomerInput(name="张三", phone="13800138000", tags=("咖啡",)))
    li = customers.create(CustomerInput(name="李四", phone="13912345678"))
    wang = customers.create(CustomerInput(name="王五", phone="13700001111"))
    catalog = CatalogService(store, owner)
    card_type = catalog.create_card_type("储值卡", "stored_value", price_fen=0)
    tier = catalog.create_tier("金卡", 2, price_percent=90)
    card = CardService(store, owner).issue(zhang.id, card_type.id, tier_id=tier.id)
    return ShopData(zhang.id, li.id, wang.id, card.number, card.id, tier.id)


WindowFactory = Callable[[Actor], MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, store: Store, runner: SynchronousTaskRunner, chinese_ui: None
) -> Iterator[WindowFactory]:
    windows: list[MainWindow] = []

    def make(actor: Actor) -> MainWindow:
        window = build_main_window(store, actor, runner, idle_seconds=0)
        qtbot.addWidget(window)
        with qtbot.waitActive(window):
            window.show()
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.idle_lock.stop()
        window.context.bus.detach()


@pytest.fixture
def owner_window(make_window: WindowFactory, owner: Actor, shop: ShopData) -> MainWindow:
    return make_window(owner)


@pytest.fixture
def clerk_window(make_window: WindowFactory, clerk_account: Actor, shop: ShopData) -> MainWindow:
    return make_window(clerk_account)
