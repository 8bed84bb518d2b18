"""Everything a person can type wrong, each with the sentence it gets and proof nothing changed.

Passwords (wrong, empty, exotic, overlong), names that look like SQL or formulas,
characters outside the basic plane and emoji, ID numbers stored as numbers or
with a bad check digit, control characters, money at and beyond its bounds and
with float traps, and sums that would overflow. Files a person can hand the
import are in ``test_bad_input_files``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, text
from table_digest import table_digest

from crm_desktop.models.actor import Actor
from crm_desktop.models.check import run_check
from crm_desktop.models.entities import ValueEntry
from crm_desktop.models.errors import AuthError, ConflictError, ValidationError
from crm_desktop.models.excel.export_customers import export_customers
from crm_desktop.models.opening import create_store, unlock_key
from crm_desktop.models.rules.validation import MAX_AMOUNT_FEN, id_check_digit, parse_amount_fen
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.customer_records import CustomerInput
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.services.privacy import PrivacyService
from crm_desktop.models.services.users import UserService
from crm_desktop.models.store.keyslots import keyfile_path
from crm_desktop.models.store.store import Store

REPO = Path(__file__).resolve().parents[2]
ID_17 = "11010519900307123"
ID_OK = ID_17 + id_check_digit(ID_17)
ID_BAD = ID_17 + ("0" if id_check_digit(ID_17) != "0" else "1")
INJECTION = "Robert'); DROP TABLE customers;--"
FORMULAS = ("=1+1", "+cmd|' /C calc'!A0", "-2", "@SUM(A1:A9)")

# -- passwords -----------------------------------------------------------------------------

EXOTIC_PASSWORDS = {
    "quotes": "it's \"quoted\" '; DROP--",
    "colons": "user:pass:@host:",
    "chinese": "芝麻开门一二三",
    "emoji": "🔑🐼密码🎉🍵",
    "spaces": "  spaced out  ",
    "longest": "长" * 256,
}


def test_exotic_passwords_work_exactly_as_typed_and_near_misses_do_not(
    store: Store, owner: Actor, db_path: Path
) -> None:
    users = UserService(store, owner)
    for name, password in EXOTIC_PASSWORDS.items():
        users.add(name, "clerk", password)
    for name, password in EXOTIC_PASSWORDS.items():
        _keys, key, _opened = unlock_key(db_path, name, password)
        assert key == store.database_key, name
        near_miss = password.strip() if password != password.strip() else password[:-1]
        with pytest.raises(AuthError) as caught:
            unlock_key(db_path, name, near_miss)
        assert str(caught.value) == "用户名或密码不正确。"
    # é typed precomposed or as e + combining accent is the same password.
    users.add("accent", "clerk", "caf\u00e9-latte")
    assert unlock_key(db_path, "accent", "cafe\u0301-latte")[1] == store.database_key


def test_empty_and_overlong_passwords_are_refused_and_change_nothing(
    store: Store, owner: Actor, db_path: Path
) -> None:
    before, slots = table_digest(store), keyfile_path(db_path).read_bytes()
    users = UserService(store, owner)
    with pytest.raises(ValidationError) as caught:
        users.add("newbie", "clerk", "")
    assert str(caught.value) == "密码至少 6 个字符。"
    with pytest.raises(ValidationError) as caught:
        users.add("newbie", "clerk", "长" * 257)
    assert str(caught.value) == "密码太长（最多 256 个字符）。"
    for attempt in ("", "x" * 100_000):
        with pytest.raises(AuthError) as caught:
            unlock_key(db_path, "boss", attempt)
        assert str(caught.value) == "用户名或密码不正确。"
    assert table_digest(store) == before and keyfile_path(db_path).read_bytes() == slots


def test_an_exotic_owner_password_survives_the_command_line(tmp_path: Path) -> None:
    password = "a'b\"c:d;密码🔑 %s"
    path = tmp_path / "shop.crm"
    create_store(path, "小店", "boss", password)[0].close()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("CRM_DESKTOP_")}
    environ.update(CRM_DESKTOP_LANG="zh", CRM_DESKTOP_PASSWORD=password, CRM_DESKTOP_USER="boss")
    done = subprocess.run([sys.executable, "-m", "crm_desktop", "check", "--db", str(path)],
                          capture_output=True, text=True, timeout=120, cwd=REPO, env=environ,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stderr
    assert "没有发现问题" in done.stdout and password not in done.stdout + done.stderr


# -- names, rare characters, formulas, control characters ---------------------------------


def test_a_name_that_looks_like_sql_is_stored_as_typed_and_found(store: Store, owner: Actor) -> None:
    record = CustomerService(store, owner).create(CustomerInput(name=INJECTION, notes=INJECTION))
    assert (record.name, record.notes) == (INJECTION, INJECTION)
    search = CustomerSearch(store, owner)
    for query in ("Robert", "DROP", INJECTION):
        assert [h.id for h in search.find(query).hits] == [record.id], query
    # Search syntax typed into the box finds nothing and breaks nothing.
    for query in ('"', "*", "NEAR(", "AND NOT", "^", "()", "'; --"):
        assert search.find(query).hits == (), query
    with store.read() as session:
        assert session.execute(text("SELECT count(*) FROM customers")).scalar_one() == 1


def test_characters_outside_the_basic_plane_and_emoji_go_everywhere(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    name = "𠮷田😀"
    record = CustomerService(store, owner).create(CustomerInput(
        name=name, phone="13800001111", notes="🎉生日𩸽", address="𡈽路1号"))
    family = "林👨\u200d👩\u200d👧"
    joined = CustomerService(store, owner).create(CustomerInput(name=family, notes="🏳️\u200d🌈"))
    assert CustomerService(store, owner).get(joined.id).name == family
    search = CustomerSearch(store, owner)
    assert [h.name for h in search.find("𠮷").hits] == [name]
    assert [h.name for h in search.find("😀").hits] == [name]
    assert [h.name for h in search.find("林").hits] == [family]
    sheet = openpyxl.load_workbook(export_customers(store, owner, tmp_path / "c.xlsx").path)["客户"]
    assert (sheet["A2"].value, sheet["V2"].value) == (name, "🎉生日𩸽")
    assert (sheet["A3"].value, sheet["V3"].value) == (family, "🏳️\u200d🌈")
    person = openpyxl.load_workbook(
        PrivacyService(store, owner).export_person(record.id, tmp_path / "p.xlsx").path)["档案"]
    profile = {row[0]: row[1] for row in person.iter_rows(min_row=2, values_only=True)}
    assert (profile["姓名"], profile["地址"], profile["备注"]) == (name, "𡈽路1号", "🎉生日𩸽")


def test_formulas_typed_as_names_are_stored_as_text_and_exported_safely(
    store: Store, owner: Actor, tmp_path: Path
) -> None:
    service = CustomerService(store, owner)
    ids = [service.create(CustomerInput(name=f, notes=f)).id for f in FORMULAS]
    assert [service.get(i).name for i in ids] == list(FORMULAS)
    for customer_id, formula in zip(ids, FORMULAS, strict=True):
        out = PrivacyService(store, owner).export_person(customer_id, tmp_path / f"{customer_id}.xlsx")
        cell = openpyxl.load_workbook(out.path)["档案"]["B3"]
        assert (cell.value, cell.data_type, cell.quotePrefix) == (formula, "s", True)


@pytest.mark.parametrize("bad", ["张\x07三", "张\u200b三", "李\x00四", "王\x1b[31m五"])
def test_control_characters_are_refused_with_a_sentence(
    store: Store, owner: Actor, bad: str
) -> None:
    before = table_digest(store)
    with pytest.raises(ValidationError) as caught:
        CustomerService(store, owner).create(CustomerInput(name=bad))
    assert str(caught.value) == "内容里有不可见的控制字符，请删掉后再输入。"
    assert caught.value.field == "name" and table_digest(store) == before


# -- ID numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "sentence"), [
    (110105199003071237, "身份证号被存成了数字，末尾几位已经丢失。请把该列设为“文本”格式后重新输入。"),
    (1.10105199003071e17, "身份证号被存成了数字，末尾几位已经丢失。请把该列设为“文本”格式后重新输入。"),
    (ID_BAD, "身份证号校验位不对，可能有一位输错了，请核对。"),
    ("110105900307123", "这是 15 位旧身份证号，请输入 18 位身份证号。"),
    ("11010519900230123X", "身份证号中的出生日期不存在，请核对。"),
    ("1101051990030712", "身份证号应为 18 位：17 位数字加一位数字或 X。"),
])
def test_bad_id_numbers_get_the_sentence_that_says_what_to_do(
    store: Store, owner: Actor, typed: object, sentence: str
) -> None:
    before = table_digest(store)
    with pytest.raises(ValidationError) as caught:
        CustomerService(store, owner).create(CustomerInput(name="赵敏", id_number=typed))  # type: ignore[arg-type]
    assert str(caught.value) == sentence and caught.value.field == "id_number"
    assert table_digest(store) == before


def test_a_duplicate_id_number_names_the_holder_with_the_number_masked(
    store: Store, owner: Actor
) -> None:
    service = CustomerService(store, owner)
    service.create(CustomerInput(name="赵敏", id_number=ID_OK.lower()))
    before = table_digest(store)
    with pytest.raises(ConflictError) as caught:
        service.create(CustomerInput(name="周芷若", id_number=f" {ID_OK} "))
    masked = ID_OK[:3] + "*" * 11 + ID_OK[-4:]
    assert str(caught.value) == f"身份证号 {masked} 已登记在客户“赵敏”名下。请直接打开该客户，不要重复建档。"
    assert table_digest(store) == before


# -- money ---------------------------------------------------------------------------------

TOO_LARGE = "金额超出上限（单笔最多 1,000,000 元）。"


@pytest.mark.parametrize(("typed", "fen"), [
    ("0.1", 10), (0.3, 30), ("１２３．４５", 12345), ("¥1,234.50", 123450), (1_000_000, MAX_AMOUNT_FEN),
    (Decimal("999999.99"), MAX_AMOUNT_FEN - 1), ("0", 0),
])
def test_money_at_its_bounds_is_taken_exactly(typed: object, fen: int) -> None:
    assert parse_amount_fen(typed) == fen


@pytest.mark.parametrize(("typed", "sentence"), [
    (0.1 + 0.2, "金额最多两位小数（精确到分）。"),
    ("12.345", "金额最多两位小数（精确到分）。"),
    (-1, "金额不能是负数。"),
    ("-0.01", "金额不能是负数。"),
    (float("nan"), "金额不是数字，请输入如 100 或 88.50。"),
    (float("inf"), "金额不是数字，请输入如 100 或 88.50。"),
    ("NaN", "金额不是数字，请输入如 100 或 88.50。"),
    ("1e30", "金额请写成普通数字，如 1000000（不要写成 1e6 这样的科学计数法）。"),
    ("1e999999999", "金额请写成普通数字，如 1000000（不要写成 1e6 这样的科学计数法）。"),
    (1e30, TOO_LARGE),  # a number cell of that size is read, and too large
    ("1000000.01", TOO_LARGE),
    (10**30, TOO_LARGE),
    ("", "金额不是数字，请输入如 100 或 88.50。"),
    (None, "请填写金额。"),
    (True, "请填写金额。"),
])
def test_money_beyond_its_bounds_or_with_float_traps_gets_a_sentence(
    typed: object, sentence: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_amount_fen(typed)
    assert str(caught.value) == sentence


@pytest.fixture
def card_id(store: Store, owner: Actor) -> int:
    customer = CustomerService(store, owner).create(CustomerInput(name="钱多多", phone="13800009999"))
    kind = CatalogService(store, owner).create_card_type("储值卡", "stored_value")
    return CardService(store, owner).issue(customer.id, kind.id).id


@pytest.mark.parametrize(("amount", "sentence"), [
    (0, "金额必须大于 0。"),
    (-100, "金额不能是负数。"),
    (1.5, "金额必须是整数分。"),
    (True, "金额必须是整数分。"),
    (MAX_AMOUNT_FEN + 1, TOO_LARGE),
    (2**63, TOO_LARGE),
])
def test_a_top_up_out_of_bounds_is_refused_and_the_card_is_unchanged(
    store: Store, owner: Actor, card_id: int, amount: object, sentence: str
) -> None:
    before = table_digest(store)
    with pytest.raises(ValidationError) as caught:
        CardService(store, owner).top_up(card_id, amount)  # type: ignore[arg-type]
    assert str(caught.value) == sentence
    assert table_digest(store) == before


def test_many_top_ups_at_the_limit_keep_the_balance_exact(
    store: Store, owner: Actor, card_id: int
) -> None:
    """No per-card cap is needed: balances are 64-bit integers of fen, so even at the per-action
    limit (¥1,000,000) a card overflows only after 92 billion top-ups; the sum stays exact."""
    cards = CardService(store, owner)
    for _ in range(25):
        cards.top_up(card_id, MAX_AMOUNT_FEN)
    cards.consume(card_id, MAX_AMOUNT_FEN - 1, "stored_value")
    expected = 25 * MAX_AMOUNT_FEN - (MAX_AMOUNT_FEN - 1)
    assert expected > 2**31  # past what a 32-bit integer holds
    assert cards.get(card_id).principal_fen == expected == 2_400_000_001
    with store.read() as session:
        assert session.scalar(select(func.sum(ValueEntry.principal_fen))) == expected
    assert run_check(store).clean
