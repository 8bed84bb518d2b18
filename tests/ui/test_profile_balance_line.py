"""The profile's balance line at a 1366-pixel-wide window: one line, nothing wrapped or cut."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QApplication

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.customer_actions import install
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView
from tests.ui.conftest import ShopData


def test_the_balance_line_fits_on_one_line_at_1366_pixels(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    cards = CardService(store, owner)
    cards.top_up(shop.zhang_card_id, 1234567, "cash")  # a long balance: ¥12,345.67 …
    owner_window.resize(1366, 768)
    install(owner_window, owner_window.context)
    owner_window.open_customer(shop.zhang_id)
    view = owner_window.customer_panel
    assert isinstance(view, ProfileView)
    QApplication.processEvents()
    label = view.balance_label
    text = label.text()
    assert "¥12,345.67" in text and "积分" in text
    metrics = QFontMetrics(label.font())
    assert label.width() >= metrics.horizontalAdvance(text), "the last characters are not cut"
    assert label.height() < 2 * metrics.height(), "the line does not wrap onto a second line"
