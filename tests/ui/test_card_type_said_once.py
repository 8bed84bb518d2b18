"""A card type whose name already says its kind is named once: "储值卡", not "储值卡 (储值卡)"."""

from __future__ import annotations

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.cards.card_text import type_with_kind
from crm_desktop.ui.customer_actions import install
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView
from tests.ui.conftest import ShopData


def test_the_cards_tab_names_a_stored_value_card_once_and_a_month_card_with_its_kind(
    owner_window: MainWindow, shop: ShopData, store: Store, owner: Actor
) -> None:
    month = CatalogService(store, owner).create_card_type("月卡", "period", price_fen=0, validity_days=30)
    CardService(store, owner).issue(shop.zhang_id, month.id)
    install(owner_window, owner_window.context)
    owner_window.open_customer(shop.zhang_id)
    view = owner_window.customer_panel
    assert isinstance(view, ProfileView)
    kinds = view.cards_tab.table.column_texts(1)
    assert "储值卡" in kinds, kinds
    assert not any("储值卡 (储值卡)" in k or "储值卡（储值卡）" in k for k in kinds)
    assert any(k.startswith("月卡") and k != "月卡" for k in kinds), "月卡 keeps its kind"


def test_type_with_kind_leaves_out_a_kind_the_name_already_says(chinese_ui: None) -> None:
    assert type_with_kind("储值卡", "stored_value") == "储值卡"
