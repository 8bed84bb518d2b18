"""Care lists: who may be greeted gets a filled message, who may not is counted, contacts are logged."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QApplication

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.engagement import EngagementService
from crm_desktop.models.store.store import Store
from crm_desktop.ui.insights import InsightsMenu
from crm_desktop.ui.insights.care_view import CareView


def birthday_today() -> date:
    today = date.today()
    # 1992 is a leap year, so 29 February is a real birthday too.
    return date(1992, today.month, today.day)


def add_birthday_people(store: Store, owner: Actor) -> tuple[int, int]:
    customers = CustomerService(store, owner)
    agreed = customers.create(
        CustomerInput(name="孙悦", phone="13600001234", birthday=birthday_today(),
                      marketing_consent=True)
    )
    silent = customers.create(
        CustomerInput(name="钱多", phone="13600005678", birthday=birthday_today())
    )
    return agreed.id, silent.id


def open_care(window: object) -> CareView:
    view = window.findChild(InsightsMenu).open_care()  # type: ignore[attr-defined]
    assert isinstance(view, CareView)
    view.choose("birthday_today")
    return view


def test_birthday_list_greets_only_who_agreed_and_says_who_was_left_out(
    make_window, owner: Actor, store: Store
) -> None:
    agreed_id, silent_id = add_birthday_people(store, owner)
    view = open_care(make_window(owner))

    assert view.shown_customer_ids() == [agreed_id]
    assert view.table.item(0, 0).text() == "孙悦"
    assert view.table.item(0, 1).text() == "136****1234", "masked on screen, the owner too"
    message = view.message_of(0)
    assert message.startswith("亲爱的孙悦，") and "生日快乐" in message and "{" not in message
    assert view.left_out_label.text() == "已略过 1 位客户：1 位未同意接收营销信息。"

    view.table.selectRow(0)
    view.copy_message()
    assert QApplication.clipboard().text() == message

    view.mark_contacted()
    logged = EngagementService(store, owner).interactions_of(agreed_id)
    assert len(logged) == 1 and logged[0].channel == "sms"
    assert EngagementService(store, owner).interactions_of(silent_id) == []
    assert "1" in view.status_label.text()


def test_a_bad_template_is_explained_and_kept(make_window, owner: Actor, store: Store) -> None:
    add_birthday_people(store, owner)
    view = open_care(make_window(owner))
    view.template_edit.setPlainText("{name}，您的{wallet}")
    view.fill_button.click()
    assert "{wallet} 不是可用的字段" in view.template_error.text()
    assert view.template_edit.toPlainText() == "{name}，您的{wallet}"


def test_export_writes_the_list_for_sms(make_window, owner: Actor, store: Store, tmp_path) -> None:
    from openpyxl import load_workbook

    add_birthday_people(store, owner)
    view = open_care(make_window(owner))
    path = tmp_path / "greetings.xlsx"
    view.full_numbers_box.setChecked(True)  # a bulk-SMS platform needs whole numbers
    view.export_to(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "手机号码", "短信内容")
    assert rows[1][0] == "孙悦" and rows[1][1] == "13600001234"
    assert len(rows) == 2


def test_a_clerk_sees_masked_phones_and_cannot_export(
    make_window, owner: Actor, store: Store, clerk_account: Actor
) -> None:
    add_birthday_people(store, owner)
    view = open_care(make_window(clerk_account))
    assert view.table.item(0, 1).text() == "136****1234"
    assert not view.export_button.isVisible()
    assert view.contacted_button.isVisible()


def test_locking_destroys_the_care_list_and_reopening_reads_it_again(
    make_window, owner: Actor, store: Store, qtbot
) -> None:
    from shiboken6 import isValid

    from tests.conftest import OWNER_PASSWORD

    add_birthday_people(store, owner)
    window = make_window(owner)
    view = open_care(window)
    assert view.table.item(0, 0).text() == "孙悦"

    window.idle_lock.lock_now()
    qtbot.waitUntil(lambda: not isValid(view))  # gone, with the names it held
    assert window.findChild(InsightsMenu).care_view is None

    window.idle_lock.lock_screen.password_edit.setText(OWNER_PASSWORD)
    window.idle_lock.lock_screen.try_unlock()
    again = open_care(window)
    assert again.table.item(0, 0).text() == "孙悦"
