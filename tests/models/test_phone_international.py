"""Numbers from abroad: accepted, stored in one form (E.164), found by their last digits
through the real search on a real file; unusual numbers are warned about, never refused."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Customer
from crm_desktop.models.errors import ConflictError, ValidationError
from crm_desktop.models.excel import normalise as norm
from crm_desktop.models.excel.header_detect import detect_header
from crm_desktop.models.excel.import_report import ImportOptions
from crm_desktop.models.excel.readers import open_table
from crm_desktop.models.rules.validation import check_phone, mask_phone, phone_warning
from crm_desktop.models.services.customer_import import CustomerImport
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store


@pytest.mark.parametrize(("typed", "stored"), [
    ("+85291234567", "+85291234567"),  # Hong Kong mobile
    ("+852 9123 4567", "+85291234567"),
    ("00852 9123 4567", "+85291234567"),  # dialled from the mainland
    ("＋８５２ ９１２３ ４５６７", "+85291234567"),  # full-width from a Chinese IME
    ("+1 415 555 0100", "+14155550100"),  # United States
    ("+1 (415) 555-0100", "+14155550100"),
    ("+1 415.555.0100", "+14155550100"),
    ("+886 912 345 678", "+886912345678"),  # Taiwan mobile
    ("+886 0912 345 678", "+886912345678"),  # written with Taiwan's own leading 0
    ("+853 6612 3456", "+85366123456"),  # Macao
    ("+44 (0)20 7946 0958", "+442079460958"),  # London, the (0) is not dialled from abroad
    ("+81 90-1234-5678", "+819012345678"),  # Japan
    ("+86 138 0013 8000", "13800138000"),  # a mainland number keeps its mainland form
    ("0086 138 0013 8000", "13800138000"),
    ("+86 571 8765 4321", "0571-87654321"),
    ("13800138000", "13800138000"),
    ("0571-87654321", "0571-87654321"),
])
def test_numbers_with_a_country_code_are_stored_in_one_form(typed: str, stored: str) -> None:
    assert check_phone(typed) == stored
    assert norm.phone(typed) == stored
    assert len(stored) <= 20  # customers.phone is String(20)


@pytest.mark.parametrize(("typed", "words"), [
    ("+999 1234 5678", "国家或地区代码不存在"),
    ("+852 12", "至少 4 位"),
    ("+1 415 555 0100 ext 12", "不要写分机号"),
    ("+852 9123 456７8901234", "最多 15 位"),
    ("91234567", "境外号码请以"),  # a Hong Kong number without +852
    ("١٣٨٠٠١٣٨٠٠٠", "手机号是 1 开头的 11 位数字"),  # digits of another script are not stored
])
def test_numbers_from_abroad_are_refused_only_where_no_country_could_have_them(
    typed: str, words: str
) -> None:
    with pytest.raises(ValidationError, match=words) as refused:
        check_phone(typed, "phone2")
    assert refused.value.field == "phone2"


@pytest.mark.parametrize(("stored", "words"), [
    ("12800138000", "号段 128 不存在"),  # no operator has 12x
    ("10800138000", "号段 108 不存在"),
    ("14000138000", "号段 140 不存在"),
    ("+85212345678", "+852 号码看起来不太常见"),  # Hong Kong numbers do not start with 1
    ("0755-1234567", "座机号码看起来不太常见"),  # Shenzhen has 8 digits
    ("138-0013", "写法无法识别"),  # a value in no stored form, left by an older version
])
def test_unusual_numbers_get_a_warning(stored: str, words: str) -> None:
    warning = phone_warning(stored)
    assert warning is not None and words in warning[0]
    assert "check" in warning[1]


@pytest.mark.parametrize("stored", [
    "13800138000", "19912345678", "16612345678", "0571-87654321", "010-12345678",
    "+85291234567", "+14155550100", "+886912345678", "+442079460958",
])
def test_usual_numbers_get_no_warning(stored: str) -> None:
    assert phone_warning(stored) is None
    assert phone_warning("") is None


def test_numbers_from_abroad_are_masked_with_their_country_code() -> None:
    assert mask_phone("+85291234567") == "+852****4567"
    assert mask_phone("+14155550100") == "+1******0100"
    assert mask_phone("13800138000") == "138****8000"


PEOPLE = {
    "陈港生": ("+852 9123 4567", "+85291234567"),
    "John Smith": ("+1 415 555 0100", "+14155550100"),
    "林志玲": ("00886 912 345 678", "+886912345678"),
    "张三": ("+86 138 0013 8000", "13800138000"),
    "李四": ("0571 8765 4322", "0571-87654322"),
}


@pytest.fixture
def people(store: Store, owner: Actor) -> dict[str, int]:
    service = CustomerService(store, owner)
    return {name: service.create(CustomerInput(name=name, phone=typed)).id
            for name, (typed, _stored) in PEOPLE.items()}


def test_customers_from_abroad_are_saved_in_one_form_and_found_by_their_last_four_digits(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    with store.read() as session:
        saved = {name: phone for name, phone in session.execute(select(Customer.name, Customer.phone))}
    assert saved == {name: stored for name, (_typed, stored) in PEOPLE.items()}
    search = CustomerSearch(store, clerk)
    for name, (_typed, stored) in PEOPLE.items():
        page = search.find(stored[-4:])
        assert [hit.name for hit in page.hits] == [name], stored
        assert page.hits[0].matched_by == "phone_suffix"
        assert page.hits[0].phone == mask_phone(stored)


def test_a_number_from_abroad_is_found_however_it_is_typed(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    search = CustomerSearch(store, clerk)
    for typed in ("+852 9123", "00852 9123 4567", "+85291234567", "9123 4567", "85291234567"):
        assert [hit.name for hit in search.find(typed).hits] == ["陈港生"], typed
    assert search.find("+852 9123").hits[0].matched_by == "phone"
    for typed in ("+852 9123 4567", "00852-9123-4567"):
        found = search.by_phone(typed)
        assert found is not None and found.name == "陈港生"
        assert found.phone == "+852****4567"
    assert search.count("0100") == 1
    assert search.find("+86 138 0013").hits[0].name == "张三"


def test_the_same_number_from_abroad_typed_another_way_is_the_same_customer(
    store: Store, owner: Actor, people: dict[str, int]
) -> None:
    with pytest.raises(ConflictError):
        CustomerService(store, owner).create(CustomerInput(name="陈生", phone="00852 91234567"))


def _member_list(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "手机号码"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def test_an_imported_member_list_with_numbers_from_abroad_is_searchable(
    tmp_path: Path, store: Store, owner: Actor
) -> None:
    table = open_table(_member_list(tmp_path / "members.xlsx", [
        ["何家劲", "+852 6123 4567"], ["Mary Lee", "001 212 555 0199"], ["王五", 13700000000],
    ]))
    report = CustomerImport(store, owner).run(
        table, detect_header(table), ImportOptions(dry_run=False, create_missing=True))
    assert report.imported == 3
    with store.read() as session:
        saved = {name: phone for name, phone in session.execute(select(Customer.name, Customer.phone))}
    assert saved == {"何家劲": "+85261234567", "Mary Lee": "+12125550199", "王五": "13700000000"}
    search = CustomerSearch(store, owner)
    assert [hit.name for hit in search.find("4567").hits] == ["何家劲"]
    assert [hit.name for hit in search.find("0199").hits] == ["Mary Lee"]
