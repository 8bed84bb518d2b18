"""Numbers masked on every screen for every role; the owner's Show reveals one, and it is logged."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import PermissionDenied
from crm_desktop.models.services.audit_log import AuditService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.customer_actions import install
from crm_desktop.ui.main_window import MainWindow
from crm_desktop.ui.profile.customer_form import CustomerForm
from crm_desktop.ui.profile.profile_view import ProfileView
from tests.ui.conftest import ShopData, WindowFactory

PHONE, PHONE2, ID_NUMBER = "13566667777", "021-55556666", "11010519491231002X"
MASKED = {"phone": "135****7777", "phone2": "021-****6666", "id_number": "110***********002X"}


@pytest.fixture
def zhou(store: Store, owner: Actor) -> int:
    """A customer with all three numbers on file."""
    return CustomerService(store, owner).create(
        CustomerInput(name="周芷若", phone=PHONE, phone2=PHONE2, id_number=ID_NUMBER)).id


def stored(store: Store, customer_id: int) -> tuple[str | None, str | None, str | None]:
    with store.read() as session:
        row = session.get(Customer, customer_id)
        assert row is not None
        return row.phone, row.phone2, row.id_number


def open_form(window: MainWindow, customer_id: int) -> tuple[ProfileView, CustomerForm]:
    install(window, window.context)
    window.open_customer(customer_id)
    view = window.customer_panel
    assert isinstance(view, ProfileView)
    return view, view.form


def reveals(store: Store, owner: Actor, customer_id: int) -> list[dict[str, object]]:
    return [dict(entry.after) for entry in AuditService(store, owner).history("customer", customer_id)
            if entry.action == "customer.reveal"]


def click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_owner_sees_masks_and_show_reveals_one_number_with_an_audit_entry(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, store: Store, zhou: int
) -> None:
    view, form = open_form(make_window(owner), zhou)
    for key, mask in MASKED.items():
        assert form.lines[key].text() == mask and form.lines[key].isReadOnly()
        assert form.show_buttons[key].isVisible(), f"the owner may show {key}"
    assert MASKED["phone"] in view.facts_label.text() and PHONE not in view.facts_label.text()
    assert reveals(store, owner, zhou) == []

    click(qtbot, form.show_buttons["phone"])
    assert form.lines["phone"].text() == PHONE, "the whole number is in the field"
    assert form.lines["phone"].isReadOnly(), "still read-only until Change"
    assert not form.show_buttons["phone"].isVisible()
    assert form.lines["id_number"].text() == MASKED["id_number"], "only the one asked for"
    assert not form.dirty, "looking is not editing"
    assert reveals(store, owner, zhou) == [{"field": "phone"}]

    click(qtbot, form.show_buttons["id_number"])
    assert form.lines["id_number"].text() == ID_NUMBER
    assert reveals(store, owner, zhou) == [{"field": "id_number"}, {"field": "phone"}]
    entries = [e for e in AuditService(store, owner).history("customer", zhou)
               if e.action == "customer.reveal"]
    assert all(e.username == "boss" and e.entity_id == zhou for e in entries)
    logged = " ".join(str(e.before) + str(e.after) for e in entries)
    assert PHONE not in logged and ID_NUMBER not in logged and "周芷若" not in logged


def test_shown_numbers_go_back_to_masks_on_reload_and_on_another_customer(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, store: Store, zhou: int,
    shop: ShopData,
) -> None:
    window = make_window(owner)
    view, form = open_form(window, zhou)
    click(qtbot, form.show_buttons["phone"])
    assert form.lines["phone"].text() == PHONE

    # Someone saves the file elsewhere: the profile reloads and the number is masked again.
    service = CustomerService(store, owner)
    record = service.get(zhou)
    service.update(zhou, replace(CustomerInput.from_record(record), city="杭州"), record.version)
    assert form.lines["phone"].text() == MASKED["phone"]
    assert form.show_buttons["phone"].isVisible()

    click(qtbot, form.show_buttons["phone"])
    assert form.lines["phone"].text() == PHONE
    window.open_customer(shop.li_id)
    assert view.name_label.text() == "李四"
    assert form.lines["phone"].text() == "139****5678"
    window.open_customer(zhou)
    assert form.lines["phone"].text() == MASKED["phone"], "a shown number is not remembered"
    assert len(reveals(store, owner, zhou)) == 2, "one entry per show"


def test_a_clerk_has_no_show_button_and_the_service_refuses_in_chinese(
    make_window: WindowFactory, clerk_account: Actor, owner: Actor, store: Store, zhou: int
) -> None:
    _view, form = open_form(make_window(clerk_account), zhou)
    for key, mask in MASKED.items():
        assert form.lines[key].text() == mask
        assert not form.show_buttons[key].isVisible()
        assert form.change_buttons[key].isVisible(), "a clerk may still type a new number"
    with pytest.raises(PermissionDenied) as refused:
        PrivacyService(store, clerk_account).reveal_full_number(zhou, "phone")
    assert "无权查看完整的电话和证件号码" in str(refused.value)
    assert PHONE not in str(refused.value)
    assert reveals(store, owner, zhou) == []


def test_the_owner_saving_untouched_or_shown_numbers_changes_none_of_them(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, store: Store, zhou: int
) -> None:
    _view, form = open_form(make_window(owner), zhou)
    form.lines["email"].setText("zhou@example.com")
    form.lines["email"].textEdited.emit("zhou@example.com")
    click(qtbot, form.save_button)
    assert form.message_label.text() == "已保存。"
    assert stored(store, zhou) == (PHONE, PHONE2, ID_NUMBER), "the masks meant unchanged"
    assert form.lines["phone"].text() == MASKED["phone"]

    click(qtbot, form.show_buttons["phone"])
    click(qtbot, form.show_buttons["id_number"])
    form.lines["city"].setText("苏州")
    form.lines["city"].textEdited.emit("苏州")
    click(qtbot, form.save_button)
    assert form.message_label.text() == "已保存。"
    assert stored(store, zhou) == (PHONE, PHONE2, ID_NUMBER), "shown numbers are not re-saved"
    assert CustomerService(store, owner).get(zhou).city == "苏州"
    assert form.lines["phone"].text() == MASKED["phone"], "after saving, masked again"
    updates = [e for e in AuditService(store, owner).history("customer", zhou)
               if e.action == "customer.update"]
    assert all(set(e.after) <= {"email", "city"} for e in updates), "no number in any update"


def test_the_owner_changes_a_number_by_change_or_by_editing_a_shown_one(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, store: Store, zhou: int
) -> None:
    _view, form = open_form(make_window(owner), zhou)
    phone = form.lines["phone"]
    click(qtbot, form.change_buttons["phone"])
    assert phone.text() == "" and not phone.isReadOnly(), "Change empties a masked field"
    qtbot.keyClicks(phone, "13511112222")
    click(qtbot, form.save_button)
    assert stored(store, zhou)[0] == "13511112222"
    assert phone.text() == "135****2222"

    # Shown, then Change: the whole number stays to be edited, and the edit is saved.
    second = form.lines["phone2"]
    click(qtbot, form.show_buttons["phone2"])
    click(qtbot, form.change_buttons["phone2"])
    assert second.text() == PHONE2 and not second.isReadOnly()
    assert second.selectedText() == PHONE2
    qtbot.keyClicks(second, "021-55557777")
    click(qtbot, form.save_button)
    assert stored(store, zhou) == ("13511112222", "021-55557777", ID_NUMBER)
    assert second.text() == "021-****7777"


def test_a_bad_number_typed_after_show_and_change_is_refused_and_nothing_changes(
    qtbot: QtBot, make_window: WindowFactory, owner: Actor, store: Store, zhou: int
) -> None:
    _view, form = open_form(make_window(owner), zhou)
    click(qtbot, form.show_buttons["id_number"])
    click(qtbot, form.change_buttons["id_number"])
    qtbot.keyClicks(form.lines["id_number"], "110105194912310021")
    click(qtbot, form.save_button)
    assert "身份证号" in form.reason("id_number")
    assert form.lines["id_number"].text() == "110105194912310021", "what was typed stays"
    # The first key of a landline is a lone "0": a reason, not a crash.
    click(qtbot, form.change_buttons["phone2"])
    qtbot.keyClicks(form.lines["phone2"], "0")
    assert form.reason("phone2").startswith("备用电话") or "电话号码不正确" in form.reason("phone2")
    assert stored(store, zhou) == (PHONE, PHONE2, ID_NUMBER)


def test_the_search_list_shows_masked_phones_to_the_owner_and_finds_by_whole_or_last_four(
    qtbot: QtBot, owner_window: MainWindow, store: Store, zhou: int
) -> None:
    panel = owner_window.search_panel
    for typed in (PHONE, "7777"):
        panel.search_edit.clear()
        qtbot.keyClicks(panel.search_edit, typed)
        qtbot.waitUntil(lambda t=typed: panel.model.query.text == t, timeout=2000)
        names = [panel.model.hit(row).name for row in range(panel.model.rowCount())]
        assert names == ["周芷若"], typed
        shown = panel.model.index(0, panel.model.PHONE).data()
        assert shown == MASKED["phone"], "the owner's list is masked too"
