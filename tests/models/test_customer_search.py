"""Finding customers the way a clerk does: pinyin, characters, phone digits, card numbers."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from crm_desktop.models import search_index
from crm_desktop.models.actor import Actor
from crm_desktop.models.entities import Card, CardType, Customer, Tier
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.services.customer_query import SMALL_SET
from crm_desktop.models.services.customer_records import CustomerInput, SearchPage
from crm_desktop.models.services.customer_search import CustomerSearch
from crm_desktop.models.services.customers import CustomerService
from crm_desktop.models.store.store import Store

pytestmark = pytest.mark.both_backends

PEOPLE = {
    "张三": "13800138000",
    "张珊珊": "13912348000",
    "单田芳": "13700001234",
    "李芳": "0755-12345678",
    "王芳芳": "13600005678",
    "𠮷野家": "13500000001",
    "王😀": "13500000002",
    "Robert'); DROP TABLE customers;--": "13500000003",
}


@pytest.fixture
def people(store: Store, owner: Actor) -> dict[str, int]:
    service = CustomerService(store, owner)
    return {
        name: service.create(CustomerInput(name=name, phone=phone)).id
        for name, phone in PEOPLE.items()
    }


def _names(page: SearchPage) -> list[str]:
    return [hit.name for hit in page.hits]


def _add_card(store: Store, customer_id: int, number: str, tier: str | None,
              status: str = "active") -> None:
    with store.write() as session:
        kind = session.scalars(select(CardType)).first()
        if kind is None:
            kind = CardType(name="储值卡", kind="stored_value")
            session.add(kind)
            session.flush()
        tier_id = None
        if tier is not None:
            found = session.scalars(select(Tier).where(Tier.name == tier)).first()
            if found is None:
                rank = len(session.scalars(select(Tier)).all()) + 1
                found = Tier(name=tier, rank=rank)
                session.add(found)
                session.flush()
            tier_id = found.id
        session.add(Card(number=number, customer_id=customer_id, card_type_id=kind.id,
                         tier_id=tier_id, status=status))


def _tier_id(store: Store, name: str) -> int:
    with store.read() as session:
        return session.scalars(select(Tier.id).where(Tier.name == name)).one()


def _bulk_customers(store: Store, rows: list[tuple[str, str]]) -> None:
    """Many customers at once through the driver, the way demo data and imports load them."""
    stamp = datetime(2025, 1, 1).isoformat(sep=" ")
    with store.engine.begin() as conn:
        start = conn.exec_driver_sql("SELECT coalesce(max(id), 0) FROM customers").scalar() or 0
        ids = range(start + 1, start + 1 + len(rows))
        conn.exec_driver_sql(
            "INSERT INTO customers(id, name, phone, phone_rev, status, kind, created_at, "
            "updated_at, version, birthday_lunar, marketing_consent, do_not_contact) "
            "VALUES (?, ?, ?, ?, 'active', 'individual', ?, ?, 1, false, false, false)",
            [(cid, name, phone, search_index.phone_rev(phone), stamp, stamp)
             for cid, (name, phone) in zip(ids, rows, strict=True)],
        )
        search_index.index_many(conn, [(cid, name) for cid, (name, _) in zip(ids, rows, strict=True)])


def _walk(search: CustomerSearch, query: str = "", **kw: object) -> list[SearchPage]:
    pages = [search.find(query, **kw)]  # type: ignore[arg-type]
    while pages[-1].next_cursor is not None:
        pages.append(search.find(query, cursor=pages[-1].next_cursor, **kw))  # type: ignore[arg-type]
    return pages


def test_pinyin_initials_and_spellings_find_zhang_san(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    search = CustomerSearch(store, clerk)
    for typed in ("zs", "zhangs", "zhangsan", "ZS", "zhang san", "ｚｓ"):
        page = search.find(typed)
        assert "张三" in _names(page), typed
        assert "李芳" not in _names(page), typed
        assert all(hit.matched_by == "name" for hit in page.hits)


def test_long_pinyin_prefixes_tell_apart_names_sharing_their_first_letters(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    search = CustomerSearch(store, clerk)
    for typed, expected in (
        ("zhangsa", ["张三"]),
        ("zhangsh", ["张珊珊"]),
        ("zhangshanshan", ["张珊珊"]),
        ("zhangshanshanx", []),
        ("zhangs", ["张三", "张珊珊"]),
    ):
        assert _names(search.find(typed)) == expected, typed


def test_both_readings_of_a_surname_find_shan_tianfang(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    search = CustomerSearch(store, clerk)
    for typed in ("dt", "st", "dtf", "shantian", "dantianfang"):
        names = _names(search.find(typed))
        # Latin letters also match latin names ("st" is inside "customers").
        assert [name for name in names if not name.isascii()] == ["单田芳"], typed


def test_one_two_and_three_character_substrings_find_names_in_name_order(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    search = CustomerSearch(store, clerk)
    for typed, expected in (
        ("芳", ["单田芳", "李芳", "王芳芳"]),
        ("田芳", ["单田芳"]),
        ("单田芳", ["单田芳"]),
        ("芳芳", ["王芳芳"]),
        ("珊", ["张珊珊"]),
        ("张", ["张三", "张珊珊"]),
        ("三张", []),
    ):
        page = search.find(typed)
        assert _names(page) == sorted(expected), typed
        assert (page.total, page.total_exact, page.sort) == (len(expected), True, "name")


def test_phone_prefix_and_last_four_digits(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    search = CustomerSearch(store, clerk)
    prefix = search.find("1380013")
    assert _names(prefix) == ["张三"]
    assert prefix.hits[0].phone == "138****8000"  # a clerk sees it masked
    assert prefix.hits[0].matched_by == "phone"
    assert _names(search.find("138 0013 8000")) == ["张三"]
    assert _names(search.find("+86 1380013")) == ["张三"]
    suffix = search.find("8000")
    assert sorted(_names(suffix)) == ["张三", "张珊珊"]
    assert {hit.matched_by for hit in suffix.hits} == {"phone_suffix"}
    assert _names(search.find("1234")) == ["单田芳"]
    assert _names(search.find("0755123")) == ["李芳"]
    assert _names(search.find("0755-1234")) == ["李芳"]
    assert _names(search.find("5678")) == ["李芳", "王芳芳"]
    assert search.find("19999").hits == ()


def test_card_number_exact_with_its_tier_and_the_scanner_lookup(
    store: Store, clerk: Actor, owner: Actor, people: dict[str, int]
) -> None:
    _add_card(store, people["单田芳"], "800000000018", "金卡")
    _add_card(store, people["单田芳"], "800000000026", "银卡")
    _add_card(store, people["张三"], "800000000034", "金卡", status="lost")
    search = CustomerSearch(store, clerk)
    page = search.find("800000000018")
    assert _names(page) == ["单田芳"]
    hit = page.hits[0]
    assert hit.matched_by == "card" and hit.matched_card_status == "active"
    assert hit.card_numbers == ("800000000018", "800000000026")
    assert hit.tier_name == "银卡"  # the higher rank of the two active cards
    # The start of a card number finds its holder too (the holder of 800000000018 here).
    assert _names(search.find("80000000001")) == ["单田芳"]
    scanned = search.by_card_number(" 800000000034 ")
    assert scanned is not None and scanned.name == "张三"
    assert scanned.matched_card_status == "lost" and scanned.card_numbers == ()
    assert search.by_card_number("800000000042") is None
    assert search.by_card_number("") is None
    by_phone = CustomerSearch(store, owner).by_phone("+86 138-0013-8000")
    assert by_phone is not None and (by_phone.name, by_phone.phone) == ("张三", "138****8000")
    assert search.by_phone("13999999999") is None
    with pytest.raises(ValidationError, match="电话号码不正确"):
        search.by_phone("12345")


def test_filters_by_status_tag_and_tier(
    store: Store, owner: Actor, clerk: Actor, people: dict[str, int]
) -> None:
    service = CustomerService(store, owner)
    service.terminate(people["李芳"], "搬走了")
    service.set_tags(people["张三"], ["VIP"])
    service.set_tags(people["王芳芳"], ["VIP", "咖啡"])
    _add_card(store, people["张珊珊"], "800000000018", "金卡")
    _add_card(store, people["张三"], "800000000026", "金卡", status="cancelled")
    search = CustomerSearch(store, clerk)
    assert _names(search.find("芳", status="terminated")) == ["李芳"]
    assert sorted(_names(search.find("芳", status="active"))) == ["单田芳", "王芳芳"]
    assert sorted(_names(search.find(tag="VIP"))) == ["张三", "王芳芳"]
    assert _names(search.find("芳", tag="VIP")) == ["王芳芳"]
    assert search.find(tag="没有这个标签").hits == ()
    gold = _tier_id(store, "金卡")
    assert _names(search.find(tier_id=gold)) == ["张珊珊"]  # a cancelled card holds no tier
    assert _names(search.find("zs", tier_id=gold)) == ["张珊珊"]
    with pytest.raises(ValidationError, match="客户状态无效"):
        search.find(status="gone")


@pytest.mark.parametrize("sort", ["name", "newest", "oldest"])
def test_keyset_pages_return_every_customer_exactly_once_in_order(
    store: Store, clerk: Actor, sort: str
) -> None:
    _bulk_customers(store, [(f"客户{n % 7}号{n:02d}", f"1380000{n:04d}") for n in range(40)])
    pages = _walk(CustomerSearch(store, clerk), sort=sort, limit=7)
    hits = [hit for page in pages for hit in page.hits]
    assert len(hits) == 40 and len({hit.id for hit in hits}) == 40
    assert [len(page.hits) for page in pages] == [7, 7, 7, 7, 7, 5]
    keys = {"name": lambda h: (h.name, h.id), "oldest": lambda h: h.id,
            "newest": lambda h: -h.id}[sort]
    assert hits == sorted(hits, key=keys)
    assert (pages[0].total, pages[0].total_exact) == (40, True)
    assert all(page.sort == sort for page in pages)


def test_a_name_matching_more_than_a_thousand_customers_still_pages_through_all(
    store: Store, clerk: Actor
) -> None:
    many = SMALL_SET + 60
    _bulk_customers(
        store,
        [(f"王{'一二三四五六七八九十'[n % 10]}{n}", f"139{n:08d}") for n in range(many)]
        + [("李四", "13700000000")],
    )
    search = CustomerSearch(store, clerk)
    first = search.find("王", limit=200)
    # Sorting a thousand-plus matches by name would read them all: newest first instead.
    assert first.sort == "newest"
    assert (first.total, first.total_exact) == (SMALL_SET, False)
    pages = _walk(search, "王", limit=200)
    ids = [hit.id for page in pages for hit in page.hits]
    assert len(ids) == many == len(set(ids)) and ids == sorted(ids, reverse=True)
    by_phone = _walk(search, "139", limit=300)
    # Phones were handed out in the order of entry, so phone order is id order here.
    assert [hit.id for page in by_phone for hit in page.hits] == sorted(ids)
    assert {page.sort for page in by_phone} == {"phone"}
    oldest = _walk(search, "王", sort="oldest", limit=300)
    assert [hit.id for page in oldest for hit in page.hits] == sorted(ids)
    active = _walk(search, "王", status="active", limit=500)
    assert sorted(hit.id for page in active for hit in page.hits) == sorted(ids)
    assert search.count("王") == many
    assert search.count() == many + 1


def test_a_number_matching_many_lists_card_holder_then_prefix_then_last_digits(
    store: Store, clerk: Actor
) -> None:
    _bulk_customers(store, [(f"客户{n}", f"1390000{n:04d}") for n in range(SMALL_SET + 20)])
    _bulk_customers(store, [("尾号甲", "13712341390"), ("尾号乙", "0755-1231390"),
                            ("卡主", "13600000000")])
    with store.read() as session:
        holder = session.scalars(select(Customer.id).where(Customer.name == "卡主")).one()
    _add_card(store, holder, "1390", None)  # a short number printed on old card stock
    search = CustomerSearch(store, clerk)
    pages = _walk(search, "1390", limit=150)
    hits = [hit for page in pages for hit in page.hits]
    assert len(hits) == SMALL_SET + 23 == len({hit.id for hit in hits})
    assert (hits[0].name, hits[0].matched_by) == ("卡主", "card")
    assert [hit.matched_by for hit in hits[-2:]] == ["phone_suffix", "phone_suffix"]
    assert [hit.name for hit in hits[-2:]] == ["尾号乙", "尾号甲"]  # by reversed phone
    assert {hit.matched_by for hit in hits[1:-2]} == {"phone"}
    assert pages[0].sort == "phone" and (pages[0].total, pages[0].total_exact) == (SMALL_SET, False)
    three = _walk(search, "139", limit=500)
    # Three digits are a prefix only: last-digit matches start at four.
    assert "尾号甲" not in [hit.name for page in three for hit in page.hits]


def test_unusual_names_are_stored_and_found_as_typed(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    search = CustomerSearch(store, clerk)
    robert = "Robert'); DROP TABLE customers;--"
    for typed, expected in (
        ("𠮷", "𠮷野家"),
        ("𠮷野", "𠮷野家"),
        ("😀", "王😀"),
        ("王😀", "王😀"),
        ("Robert", robert),
        ("DROP TABLE", robert),
        ("'); DROP TABLE customers;--", robert),
    ):
        assert _names(search.find(typed)) == [expected], typed
    assert CustomerService(store, clerk).get(people[robert]).name == robert
    with store.read() as session:
        assert session.scalar(select(func.count()).select_from(Customer)) == len(PEOPLE)


def test_an_accented_latin_name_is_found_with_or_without_its_accent(
    store: Store, owner: Actor
) -> None:
    service = CustomerService(store, owner)
    jose = service.create(CustomerInput(name="José Ñúñez", phone="13500000011"))
    service.create(CustomerInput(name="Jos Ø", phone="13500000012"))
    search = CustomerSearch(store, owner)
    for typed in ("jose", "josé", "JOSÉ", "nunez", "Ñúñez", "jose nu"):
        assert _names(search.find(typed)) == ["José Ñúñez"], typed
    # A letter that is not an accented one (ø is no o) stays itself.
    assert _names(search.find("jos o")) == []
    service.update(jose.id, CustomerInput(name="Marta", phone="13500000011"),
                   service.get(jose.id).version)
    assert _names(search.find("jose")) == []
    assert _names(search.find("mar")) == ["Marta"]


def test_nothing_searchable_finds_nothing_and_bad_requests_are_explained(
    store: Store, clerk: Actor, people: dict[str, int]
) -> None:
    search = CustomerSearch(store, clerk)
    for typed in ("!!!", "”“", "赵钱孙"):
        page = search.find(typed)
        assert (page.hits, page.total, page.total_exact, page.next_cursor) == ((), 0, True, None)
    with pytest.raises(ValidationError, match="排序方式无效"):
        search.find(sort="phone")
    with pytest.raises(ValidationError, match="翻页位置已失效"):
        search.find(cursor='["name", 5]')
    with pytest.raises(ValidationError, match="翻页位置已失效"):
        search.find(cursor="not a cursor")


def test_everyone_may_search_by_whole_phone_and_last_digits_but_sees_it_masked(
    store: Store, owner: Actor, clerk: Actor, accountant: Actor, people: dict[str, int]
) -> None:
    books = CustomerSearch(store, accountant).find("张三")
    assert books.hits[0].phone == "138****8000"
    boss = CustomerSearch(store, owner).find("张三")
    assert boss.hits[0].phone == "138****8000"
    # The match is made on the whole number in the file; only the display is masked.
    for actor in (owner, clerk, accountant):
        search = CustomerSearch(store, actor)
        whole = search.find("13800138000")
        assert [(h.name, h.phone, h.matched_by) for h in whole.hits] == [
            ("张三", "138****8000", "phone")]
        last_four = search.find("8000")
        assert ("张三", "138****8000", "phone_suffix") in [
            (h.name, h.phone, h.matched_by) for h in last_four.hits]
    landline = CustomerSearch(store, accountant).find("李芳")
    assert landline.hits[0].phone == "0755-****5678"
