"""The owner's screens through the real widgets on a real encrypted file: staff accounts,
card types with top-up bonuses, tiers, shop settings, the audit log, and who sees them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.opening import open_store
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.base.app_context import AppContext
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.owner.card_type_dialog import CardTypeDialog, bonus_text
from crm_desktop.ui.owner.card_types_view import CardTypesView
from crm_desktop.ui.owner.change_password_dialog import ChangePasswordDialog
from crm_desktop.ui.owner.staff_accounts_view import StaffAccountsView
from crm_desktop.ui.owner.staff_dialogs import AddStaffDialog, role_name
from crm_desktop.ui.owner.tier_dialog import TierDialog
from crm_desktop.ui.owner.tiers_view import TiersView
from crm_desktop.ui.owner_menu import OwnerMenu, install
from tests.conftest import OWNER_PASSWORD
from tests.ui.conftest import ShopData, WindowFactory
from tests.ui.runners import LaterRunner


def _ok(buttons: QDialogButtonBox) -> None:
    button = buttons.button(QDialogButtonBox.StandardButton.Ok) or buttons.button(
        QDialogButtonBox.StandardButton.Save
    )
    button.click()


def _table_rows(table: object) -> list[list[str]]:
    rows = []
    for r in range(table.rowCount()):  # type: ignore[attr-defined]
        rows.append([table.item(r, c).text() for c in range(table.columnCount())])  # type: ignore[attr-defined]
    return rows


@pytest.fixture
def owner_menu(owner_window: MainWindow) -> OwnerMenu:
    return install(owner_window, owner_window.context)


# -- who sees what -----------------------------------------------------------------------------


def test_a_clerk_sees_no_shop_menu_and_the_services_refuse_a_clerk(
    clerk_window: MainWindow, clerk_account: Actor, store: Store
) -> None:
    menu = install(clerk_window, clerk_window.context)

    assert not clerk_window.menu("admin").menuAction().isVisible()
    for action in (menu.staff_action, menu.card_types_action, menu.tiers_action,
                   menu.settings_action, menu.audit_action):
        assert not action.isVisible()
    assert menu.password_action.isVisible()
    assert menu.password_action in clerk_window.menu("file").actions()

    refusals = [
        (lambda: UserService(store, clerk_account).add("xiaowang", "clerk", "pass-123456"),
         "前台账号无权管理员工账号。"),
        (lambda: CatalogService(store, clerk_account).create_card_type("储值卡2", "stored_value"),
         "前台账号无权管理卡种和等级。"),
        (lambda: CatalogService(store, clerk_account).create_tier("钻石", 9),
         "前台账号无权管理卡种和等级。"),
        (lambda: CatalogService(store, clerk_account).update_settings({"idle_lock_minutes": 30}),
         "前台账号无权修改店铺设置。"),
        (lambda: AuditService(store, clerk_account).recent(), "前台账号无权查看操作日志。"),
    ]
    for call, sentence in refusals:
        with pytest.raises(PermissionDenied) as refused:
            call()
        assert str(refused.value) == sentence
    owner = store.actor_for("boss")
    assert [u.username for u in UserService(store, owner).list()] == ["boss", "clerk1"]
    assert [t.name for t in CatalogService(store, owner).list_card_types()] == ["储值卡"]
    assert CatalogService(store, owner).settings().idle_lock_minutes == 10


def test_an_accountant_finds_the_audit_log_under_reports_and_no_shop_menu(
    make_window: WindowFactory, accountant: Actor
) -> None:
    window = make_window(accountant)
    menu = install(window, window.context)

    assert not window.menu("admin").menuAction().isVisible()
    assert menu.audit_action.isVisible() and menu.audit_action in window.menu("report").actions()
    assert not menu.settings_action.isVisible()


def test_the_owner_sees_every_screen_in_the_shop_menu(
    owner_window: MainWindow, owner_menu: OwnerMenu
) -> None:
    admin = owner_window.menu("admin")
    assert admin.menuAction().isVisible()
    visible = [a.objectName() for a in admin.actions() if a.isVisible() and not a.isSeparator()]
    assert visible[:5] == [
        "action_staff_accounts", "action_card_types", "action_tiers",
        "action_shop_settings", "action_audit_log",
    ]
    assert install(owner_window, owner_window.context) is owner_menu
    assert [a.objectName() for a in admin.actions()].count("action_staff_accounts") == 1
    file_actions = owner_window.menu("file").actions()
    assert file_actions.index(owner_menu.password_action) == (
        file_actions.index(owner_window.lock_action) + 1
    )


# -- staff accounts ----------------------------------------------------------------------------


def test_owner_adds_a_clerk_who_can_then_sign_in(
    qtbot: QtBot, owner_window: MainWindow, owner_menu: OwnerMenu, store: Store, db_path: Path
) -> None:
    owner_menu.staff_action.trigger()
    view = owner_menu.open_window.view  # type: ignore[union-attr]
    assert isinstance(view, StaffAccountsView)
    view.new_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, AddStaffDialog)
    qtbot.keyClicks(dialog.username_edit, "xiaoli")
    dialog.display_edit.insert("小李")
    qtbot.keyClicks(dialog.password_edit, "clerk-pass-2")
    qtbot.keyClicks(dialog.again_edit, "clerk-pass-3")
    _ok(dialog.buttons)

    # Two different passwords: said so, nothing saved, nothing typed lost.
    assert dialog.isVisible()
    assert dialog.error_label.text() == QCoreApplication.translate(
        "StaffAccounts", "The two passwords are not the same; type the new password again."
    )
    assert dialog.username_edit.text() == "xiaoli"
    assert "xiaoli" not in [u.username for u in UserService(store, store.actor_for("boss")).list()]

    dialog.again_edit.clear()
    qtbot.keyClicks(dialog.again_edit, "clerk-pass-2")
    _ok(dialog.buttons)

    assert not dialog.isVisible()
    assert ["xiaoli", "小李", role_name("clerk")] == next(
        row[:3] for row in _table_rows(view.table) if row[0] == "xiaoli"
    )
    assert view.current_key() == "xiaoli"
    owner_window.close()
    store.close()
    again, actor = open_store(db_path, "xiaoli", "clerk-pass-2")
    again.close()
    assert (actor.username, actor.role) == ("xiaoli", "clerk")


def test_a_taken_user_name_is_refused_beside_the_field(
    qtbot: QtBot, owner_menu: OwnerMenu, clerk_account: Actor
) -> None:
    view = owner_menu.open_staff().view
    view.new_button.click()
    dialog = view.active_dialog
    qtbot.keyClicks(dialog.username_edit, "clerk1")
    qtbot.keyClicks(dialog.password_edit, "pass-123456")
    qtbot.keyClicks(dialog.again_edit, "pass-123456")
    _ok(dialog.buttons)

    assert dialog.isVisible()
    assert dialog.error_label.text() == "用户名“clerk1”已被使用，请换一个。"
    assert dialog.username_edit.hasFocus() or dialog.username_edit.styleSheet()


def test_removing_the_last_owner_shows_the_services_sentence_and_a_clerk_can_be_removed(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, clerk_account: Actor
) -> None:
    view = owner_menu.open_staff().view

    assert view.select_key("boss")
    view.remove_button.click()
    view.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert view.error_label.text() == (
        "“boss”是最后一个店主账号，不能停用或改为其他角色。请先添加另一个店主。"
    )
    assert store.actor_for("boss").role == "owner"

    assert view.select_key("clerk1")
    view.remove_button.click()
    view.confirm_box.button(QMessageBox.StandardButton.No).click()
    assert "clerk1" in [row[0] for row in _table_rows(view.table)]
    view.remove_button.click()
    view.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    assert [row[0] for row in _table_rows(view.table)] == ["boss"]
    assert [u.username for u in UserService(store, store.actor_for("boss")).list()] == ["boss"]
    # The key change that shuts out their old key file copy is offered at once …
    offer = view.confirm_box
    assert offer is not None and offer.objectName() == "staff_offer_rekey"
    assert "clerk1" in offer.text()
    offer.button(QMessageBox.StandardButton.No).click()
    # … and the Today panel keeps reminding the owner until it is done.
    notice = owner_menu.main_window.today_panel.notice_label
    qtbot.waitUntil(lambda: "clerk1" in notice.text())
    assert notice.isVisibleTo(owner_menu.main_window) and "更换密钥" in notice.text()


def test_the_rekey_offer_after_a_removal_opens_the_key_change(
    qtbot: QtBot, owner_menu: OwnerMenu, clerk_account: Actor
) -> None:
    view = owner_menu.open_staff().view
    assert view.select_key("clerk1")
    view.remove_button.click()
    view.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    view.confirm_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: owner_menu.main_window.findChild(QDialog, "change_key_dialog")
                    is not None)


def test_changing_a_clerks_role_and_resetting_a_password(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, clerk_account: Actor, db_path: Path
) -> None:
    view = owner_menu.open_staff().view
    view.select_key("clerk1")
    view.role_button.click()
    role_dialog = view.active_dialog
    role_dialog.role_combo.setCurrentIndex(role_dialog.role_combo.findData("accountant"))
    _ok(role_dialog.buttons)
    assert next(r for r in _table_rows(view.table) if r[0] == "clerk1")[2] == role_name("accountant")

    view.select_key("clerk1")
    qtbot.keyClick(view.table, Qt.Key.Key_Return)  # Enter on a row: set a new password
    reset = view.active_dialog
    qtbot.keyClicks(reset.password_edit, "short")
    qtbot.keyClicks(reset.again_edit, "short")
    _ok(reset.buttons)
    assert reset.error_label.text() == "密码至少 6 个字符。"
    reset.password_edit.clear()
    reset.again_edit.clear()
    qtbot.keyClicks(reset.password_edit, "fresh-pass-9")
    qtbot.keyClicks(reset.again_edit, "fresh-pass-9")
    _ok(reset.buttons)
    assert not reset.isVisible()

    store.close()
    again, actor = open_store(db_path, "clerk1", "fresh-pass-9")
    again.close()
    assert actor.role == "accountant"


def test_change_my_password(
    qtbot: QtBot, owner_window: MainWindow, owner_menu: OwnerMenu, store: Store, db_path: Path
) -> None:
    owner_menu.password_action.trigger()
    dialog = owner_menu.open_window
    assert isinstance(dialog, ChangePasswordDialog)
    qtbot.keyClicks(dialog.old_edit, "not-my-password")
    qtbot.keyClicks(dialog.new_edit, "new-owner-pass")
    qtbot.keyClicks(dialog.again_edit, "new-owner-pass")
    _ok(dialog.buttons)
    assert dialog.error_label.text() == "原密码不正确，密码没有修改。"
    assert dialog.new_edit.text() == "new-owner-pass"

    dialog.old_edit.clear()
    qtbot.keyClicks(dialog.old_edit, OWNER_PASSWORD)
    _ok(dialog.buttons)
    assert not dialog.isVisible()
    assert owner_window.statusBar().currentMessage() == owner_menu.tr("Your password was changed.")

    owner_window.close()
    store.close()
    open_store(db_path, "boss", "new-owner-pass")[0].close()


# -- card types and tiers ----------------------------------------------------------------------


def test_the_card_type_list_fills_in_from_the_worker_and_follows_saves(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    waiting = LaterRunner()
    view = CardTypesView(AppContext(store, owner, waiting, owner_window.context.bus))
    qtbot.addWidget(view)
    view.show()
    assert view.table.rowCount() == 0, "the screen opens at once; the list is read on the worker"
    waiting.answer_all()
    assert [r[0] for r in _table_rows(view.table)] == ["储值卡"]

    # Saved in another window: the change bus tells the screen, which reads again.
    CatalogService(store, owner).create_card_type("次卡", "count", count_total=10)
    assert [r[0] for r in _table_rows(view.table)] == ["储值卡"]
    waiting.answer_all()
    assert [r[0] for r in _table_rows(view.table)] == ["储值卡", "次卡"]

    # Saved here: Save runs on the worker once, however often it is pressed meanwhile.
    view.new_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, CardTypeDialog)
    dialog.name_edit.insert("年卡")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("period"))
    dialog.validity_spin.setValue(365)
    dialog.save_button.click()
    dialog.save_button.click()
    assert len(waiting.waiting) == 1 and dialog.isVisible()
    assert [t.name for t in CatalogService(store, owner).list_card_types()] == ["储值卡", "次卡"]
    waiting.answer_all()
    assert not dialog.isVisible(), dialog.error_label.text()
    assert [r[0] for r in _table_rows(view.table)] == ["储值卡", "年卡", "次卡"]
    assert view.selected().name == "年卡"
    assert view.info_label.text() == view.tr("Card type %1 saved.").replace("%1", "年卡")


def test_a_new_tier_opens_at_once_and_is_offered_the_next_rank_from_the_worker(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor, shop: ShopData
) -> None:
    waiting = LaterRunner()
    dialog = TierDialog(AppContext(store, owner, waiting, owner_window.context.bus))
    qtbot.addWidget(dialog)
    assert not dialog.save_button.isEnabled(), "Save waits for the rank on offer"
    waiting.answer_all()
    assert dialog.rank_spin.value() == 3 and dialog.save_button.isEnabled()


def test_a_card_type_with_pay_100_get_10_gives_that_bonus_on_top_up(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, owner: Actor, shop: ShopData
) -> None:
    view = owner_menu.open_card_types().view
    assert isinstance(view, CardTypesView)
    view.new_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, CardTypeDialog)
    dialog.name_edit.insert("充值卡")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("stored_value"))
    qtbot.keyClicks(dialog.price_edit, "20")
    dialog.add_rule_row("100", "200")
    dialog.save_button.click()

    # A bonus above the payment is refused with the reason; nothing saved.
    assert dialog.isVisible()
    assert "赠送金额（200.00 元）不能超过充值金额（100.00 元）" in dialog.error_label.text()
    assert [t.name for t in CatalogService(store, owner).list_card_types()] == ["储值卡"]

    dialog.bonus_table.item(0, 1).setText("10")
    dialog.save_button.click()
    assert not dialog.isVisible()
    row = next(r for r in _table_rows(view.table) if r[0] == "充值卡")
    assert row[2] == "20.00" and row[5] == bonus_text(((10000, 1000),))

    saved = next(t for t in CatalogService(store, owner).list_card_types() if t.name == "充值卡")
    assert (saved.kind, saved.price_fen, saved.bonus_rules) == ("stored_value", 2000, ((10000, 1000),))
    cards = CardService(store, owner)
    card = cards.issue(shop.li_id, saved.id)
    assert cards.preview_top_up(card.id, 10000).bonus_fen == 1000
    assert cards.preview_top_up(card.id, 9999).bonus_fen == 0
    assert cards.preview_top_up(card.id, 10000).balance_after_fen == 11000


def test_a_bonus_row_that_is_not_a_number_names_its_row(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, owner: Actor
) -> None:
    view = owner_menu.open_card_types().view
    view.new_button.click()
    dialog = view.active_dialog
    dialog.name_edit.insert("储值卡B")
    dialog.add_rule_row("100", "10")
    dialog.add_rule_row("五百", "80")
    dialog.save_button.click()

    assert dialog.isVisible()
    assert dialog.error_label.text() == dialog.tr("Bonus rule %1: %2").replace("%1", "2").replace(
        "%2", "金额不是数字，请输入如 100 或 88.50。"
    )
    assert "储值卡B" not in [t.name for t in CatalogService(store, owner).list_card_types()]


def test_editing_a_card_type_keeps_its_rules_and_can_take_it_off_sale(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, owner: Actor
) -> None:
    catalog = CatalogService(store, owner)
    made = catalog.create_card_type("年卡", "period", price_fen=99900, validity_days=365)
    view = owner_menu.open_card_types().view
    assert view.select_key(made.id)
    view.edit_button.click()
    dialog = view.active_dialog
    assert (dialog.name_edit.text(), dialog.price_edit.text(), dialog.validity_spin.value()) == (
        "年卡", "999", 365
    )
    assert not dialog.bonus_table.isEnabled() and not dialog.count_spin.isEnabled()
    dialog.active_check.setChecked(False)
    dialog.save_button.click()

    assert [t.name for t in catalog.list_card_types()] == ["储值卡"]
    assert "年卡" not in [r[0] for r in _table_rows(view.table)]
    view.show_retired.setChecked(True)
    assert "年卡" in [r[0] for r in _table_rows(view.table)]


def test_a_tier_shows_its_discount_as_zhe_and_a_taken_rank_is_refused(
    qtbot: QtBot, owner_menu: OwnerMenu, store: Store, owner: Actor, shop: ShopData
) -> None:
    view = owner_menu.open_tiers().view
    assert isinstance(view, TiersView)
    view.new_button.click()
    dialog = view.active_dialog
    assert isinstance(dialog, TierDialog)
    assert dialog.rank_spin.value() == 3, "a new tier is offered the next free rank"
    dialog.name_edit.insert("钻石卡")
    dialog.rank_spin.setValue(2)
    dialog.percent_spin.setValue(88)
    assert "8.8" in dialog.percent_label.text() and "88" in dialog.percent_label.text()
    dialog.multiplier_spin.setValue(150)
    assert dialog.multiplier_label.text() == "×1.5"
    dialog.rule_combo.setCurrentIndex(dialog.rule_combo.findData("spend"))
    dialog.threshold_edit.setText("5000")
    dialog.save_button.click()

    assert dialog.error_label.text() == "等级顺序 2 已被“金卡”使用，每个等级的顺序必须不同。"
    assert [t.name for t in CatalogService(store, owner).list_tiers()] == ["金卡"]

    dialog.rank_spin.setValue(5)
    dialog.save_button.click()
    assert not dialog.isVisible()
    tier = next(t for t in CatalogService(store, owner).list_tiers() if t.name == "钻石卡")
    assert (tier.rank, tier.price_percent, tier.points_multiplier_percent, tier.threshold) == (
        5, 88, 150, 500000
    )
    assert [r[0] for r in _table_rows(view.table)] == ["5", "2"], "highest rank first"
