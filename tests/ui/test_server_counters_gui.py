"""Two counters on one server, on screen: a top-up at one shows on the other's open profile."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from crm_desktop.app import build_main_window
from crm_desktop.models.actor import Actor
from crm_desktop.models.opening import open_store
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.task_runner import SynchronousTaskRunner
from crm_desktop.ui.cards.money_dialogs import TopUpDialog
from tests.ui.conftest import CLERK_PASSWORD, ShopData, WindowFactory
from tests.ui.test_profile import open_profile

pytestmark = pytest.mark.parametrize("backend", ["server"], indirect=True)


def test_a_top_up_at_the_front_desk_shows_on_the_cafe_tills_open_profile(
    qtbot: QtBot, store: Store, make_window: WindowFactory, owner: Actor,
    clerk_account: Actor, shop: ShopData,
) -> None:
    front_desk = make_window(owner)
    place = front_desk.statusBar().findChild(QLabel, "status_place")
    assert place is not None and store.place in place.text()

    till_store, clerk = open_store(store.path, "clerk1", CLERK_PASSWORD)
    till = build_main_window(till_store, clerk, SynchronousTaskRunner(), idle_seconds=0)
    qtbot.addWidget(till)
    try:
        till.show()
        seen = open_profile(till, shop.zhang_id)
        assert "¥0.00" in seen.balance_label.text()

        view = open_profile(front_desk, shop.zhang_id)
        dialog = view.open_card_action("top_up")
        assert isinstance(dialog, TopUpDialog)
        qtbot.keyClicks(dialog.amount_edit, "150")
        qtbot.mouseClick(dialog.confirm_button, Qt.MouseButton.LeftButton)
        assert "¥150.00" in view.balance_label.text()

        qtbot.waitUntil(lambda: "¥150.00" in seen.balance_label.text(), timeout=2000)
    finally:
        till.idle_lock.stop()
        till.context.bus.detach()
        till_store.close()
