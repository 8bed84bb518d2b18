"""The profile's upkeep on screen: member since and its correction by the owner only, what
is missing, contact details due (定期核对) confirmed with one click — the Today panel's
count drops and the audit has it — and an import's corrections (待更正) fixed or set aside."""

from __future__ import annotations

import json
from datetime import date, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.profile_view import ProfileView
from crm_desktop.ui.today_view import TodayView
from tests.ui.conftest import WindowFactory
from tests.ui.test_profile import open_profile, retype

JOINED = date(2019, 3, 2)


def _member(store: Store, owner: Actor, name: str = "老会员", joined: date = JOINED,
            phone: str = "13600001111") -> int:
    return CustomerService(store, owner).create(
        CustomerInput(name=name, phone=phone, email="lao@example.com", member_since=joined)).id


def _stored_member_since(store: Store, customer_id: int) -> date | None:
    with store.read() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        return customer.member_since


def test_the_profile_shows_member_since_and_what_is_missing(
    owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    view = open_profile(owner_window, _member(store, owner))
    facts = view.facts_label.text()
    assert view.tr("member since %1").replace("%1", "2019-03-02") in facts
    assert view.tr("profile %1% complete").replace("%1", "20") in facts
    missing = view.tr(" (missing: %1)").replace(
        "%1", "性别、生日、身份证号、地址、省市、来源、需求类型、标签")
    assert missing in facts
    assert view.form.lines["member_since"].text() == "2019-03-02"


def test_the_owner_corrects_member_since_and_the_audit_says_so(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    customer_id = _member(store, owner)
    view = open_profile(owner_window, customer_id)
    since = view.form.lines["member_since"]
    assert not since.isReadOnly()
    retype(qtbot, since, "2030-01-01")
    assert view.form.reason("member_since") == "入会日期不能是将来的日期。"
    retype(qtbot, since, "2017/5/8")
    qtbot.mouseClick(view.form.save_button, Qt.MouseButton.LeftButton)

    assert _stored_member_since(store, customer_id) == date(2017, 5, 8)
    assert since.text() == "2017-05-08"
    assert "2017-05-08" in view.facts_label.text()
    entry = AuditService(store, owner).history("customer", customer_id)[0]
    assert entry.action == "customer.update"
    assert (entry.before["member_since"], entry.after["member_since"]) == (
        "2019-03-02", "2017-05-08")


def test_a_clerk_sees_member_since_but_cannot_change_it(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor, clerk_account: Actor
) -> None:
    customer_id = _member(store, owner)
    view = open_profile(make_window(clerk_account), customer_id)
    since = view.form.lines["member_since"]
    assert since.text() == "2019-03-02" and since.isReadOnly()
    # Even a value forced past the read-only box is refused by the service.
    since.setText("2015-01-01")
    view.form.dirty = True
    qtbot.mouseClick(view.form.save_button, Qt.MouseButton.LeftButton)
    assert "入会日期只有店主可以更正。" in view.form.message_label.text()
    assert _stored_member_since(store, customer_id) == JOINED


def test_confirming_contact_details_drops_the_today_count_and_is_logged(
    qtbot: QtBot, make_window: WindowFactory, store: Store, owner: Actor, clerk_account: Actor
) -> None:
    CatalogService(store, owner).update_settings({"contact_check_months": 12})
    due = _member(store, owner, "该核对了", date.today() - timedelta(days=800))
    _member(store, owner, "新来的", date.today() - timedelta(days=10), phone="13600002222")
    window = make_window(clerk_account)
    today = window.today_panel
    assert isinstance(today, TodayView)
    assert today.contact_box.isVisible()
    title = today.tr("Contact details to confirm with the customer (%1)")
    assert today.contact_box.title() == title.replace("%1", "1")
    item = today.contact_list.item(0)
    assert item.text().startswith("该核对了 · ")
    today.contact_list.setCurrentItem(item)
    qtbot.keyClick(today.contact_list, Qt.Key.Key_Return)  # the list opens the profile
    view = window.customer_panel
    assert isinstance(view, ProfileView) and view.customer_id == due

    bar = view.upkeep_bar
    assert bar.contact_label.isVisible() and bar.contact_label.text().startswith("⚠")
    qtbot.mouseClick(bar.confirm_button, Qt.MouseButton.LeftButton)
    assert not bar.contact_label.text().startswith("⚠")
    entry = AuditService(store, owner).history("customer", due)[0]
    assert (entry.action, entry.username) == ("customer.contact_confirmed", "clerk1")

    window.show_today()
    assert today.contact_box.title() == title.replace("%1", "0")
    assert today.contact_list.item(0).text() == today.tr("Nothing due.")


def test_the_today_panel_has_no_check_list_until_the_owner_asks(
    owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    _member(store, owner, "老会员", date.today() - timedelta(days=4000))
    owner_window.today_panel.refresh()
    assert not owner_window.today_panel.contact_box.isVisible()


def test_an_imports_corrections_show_under_their_fields_until_fixed_or_set_aside(
    qtbot: QtBot, owner_window: MainWindow, store: Store, owner: Actor
) -> None:
    customer_id = _member(store, owner)
    with store.write() as session:
        customer = session.get(Customer, customer_id)
        assert customer is not None
        customer.corrections = json.dumps(
            {"birthday": "1988-02-30", "id_number": "110105198802301234"})
    view = open_profile(owner_window, customer_id)
    bar, form = view.upkeep_bar, view.form
    assert bar.corrections_label.isVisible()
    listed = bar.corrections_label.text()
    assert "生日“1988-02-30”" in listed and "身份证号“110***********1234”" in listed
    assert "1988-02-30" in form.reason("birthday"), "the hint sits under the field"

    retype(qtbot, form.lines["birthday"], "1988-02-28")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert "生日" not in bar.corrections_label.text()
    assert form.reason("birthday") == ""

    bar.set_aside_menu.actions()[0].trigger()  # the ID number on file is right as it is
    assert not bar.corrections_label.isVisible()
    assert CustomerService(store, owner).get(customer_id).corrections == ()
    assert AuditService(store, owner).history("customer", customer_id)[0].action == (
        "customer.correction_dismissed")
