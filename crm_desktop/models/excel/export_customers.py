"""Export customers as the user sees them: the ids of the current filter, in its order.

One row per customer with its live card (the newest active or frozen one). The
headers are names the import recognises, so an export imported into an empty
file gives back the same customers (member since 入会日期 included), cards,
tiers, balances and points.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from crm_desktop.models.actor import Actor
from crm_desktop.models.changes import Entity
from crm_desktop.models.customer_fields import FIELDS_BY_NAME
from crm_desktop.models.excel.export_common import (
    ExportResult,
    Masker,
    parse_stamp,
    ticker,
    writing,
)
from crm_desktop.models.excel.workbook_style import (
    CODE,
    DATE,
    INT,
    MONEY,
    TEXT,
    Column,
    count_rows,
    money_sum,
    tr,
)
from crm_desktop.models.progress import ProgressReport, no_progress
from crm_desktop.models.store.store import Store


def _customer_column(name: str, kind: str = TEXT, width: float = 12) -> Column:
    """A customer field's column, headed in the declaration's words (the import reads them)."""
    zh, en = FIELDS_BY_NAME[name].short
    return Column(zh, en, kind, width)


COLUMNS = (
    _customer_column("name", width=14),
    _customer_column("phone", CODE, 15),
    Column("卡号", "Card number", CODE, 16),
    Column("卡种", "Card type", width=12),
    Column("等级", "Tier", width=10),
    Column("本金余额", "Paid balance", MONEY, 13),
    Column("赠送余额", "Bonus balance", MONEY, 13),
    Column("积分", "Points", INT, 10),
    Column("剩余次数", "Visits left", INT, 10),
    _customer_column("birthday", DATE, 12),
    _customer_column("gender", width=7),
    _customer_column("id_number", CODE, 21),
    _customer_column("email", width=22),
    _customer_column("address", width=30),
    _customer_column("province", width=9),
    _customer_column("city", width=9),
    _customer_column("district", width=9),
    _customer_column("company", width=20),
    Column("开卡日期", "Card issued", DATE, 12),
    Column("有效期至", "Expires", DATE, 12),
    _customer_column("tags", width=18),
    _customer_column("notes", width=30),
    _customer_column("phone2", CODE, 15),
    # Last, so the columns before keep their letters; the import reads it as member since.
    _customer_column("member_since", DATE, 12),
)
_CUSTOMER_SQL = (
    "SELECT id, name, phone, birthday, gender, id_number, email, address, province, city, "
    "district, company, notes, phone2, member_since FROM customers WHERE id IN ({marks})"
)
_CARD_SQL = (
    "SELECT c.customer_id, c.number, t.name, tier.name, c.principal_fen, c.bonus_fen, c.points, "
    "c.counts_left, c.issued_at, c.expires_on FROM cards c JOIN card_types t ON t.id = c.card_type_id "
    "LEFT JOIN tiers tier ON tier.id = c.tier_id "
    "WHERE c.customer_id IN ({marks}) AND c.status IN ('active', 'frozen') ORDER BY c.id"
)
_TAG_SQL = (
    "SELECT ct.customer_id, t.name FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id "
    "WHERE ct.customer_id IN ({marks}) ORDER BY t.name"
)
_BATCH = 500


def _gender(code: str | None) -> str | None:
    if code == "M":
        return tr("男", "male")
    if code == "F":
        return tr("女", "female")
    return None


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _all_active_ids(conn: Connection) -> list[int]:
    return [
        int(i)
        for (i,) in conn.exec_driver_sql(
            "SELECT id FROM customers WHERE status = 'active' ORDER BY id"
        )
    ]


def _rows(conn: Connection, ids: Sequence[int], masker: Masker) -> Iterator[list[Any]]:
    for start in range(0, len(ids), _BATCH):
        chunk = list(ids[start : start + _BATCH])
        marks = ",".join("?" * len(chunk))
        people = {
            r[0]: r for r in conn.exec_driver_sql(_CUSTOMER_SQL.format(marks=marks), tuple(chunk))
        }
        cards = {r[0]: r for r in conn.exec_driver_sql(_CARD_SQL.format(marks=marks), tuple(chunk))}
        tags: dict[int, list[str]] = {}
        for customer_id, tag in conn.exec_driver_sql(_TAG_SQL.format(marks=marks), tuple(chunk)):
            tags.setdefault(customer_id, []).append(tag)
        for customer_id in chunk:
            person = people.get(customer_id)
            if person is None:
                continue
            card = cards.get(customer_id)
            (
                _,
                name,
                phone,
                birthday,
                gender,
                id_number,
                email,
                address,
                province,
                city,
                district,
                company,
                notes,
                phone2,
                member_since,
            ) = person
            card_part: list[Any] = [None] * 7
            issued: datetime | None = None
            expires: date | None = None
            if card is not None:
                card_part = list(card[1:8])
                issued, expires = parse_stamp(card[8]), _day(card[9])
            yield [
                name,
                masker.phone(phone),
                card_part[0],
                card_part[1],
                card_part[2],
                card_part[3],
                card_part[4],
                card_part[5],
                card_part[6],
                _day(birthday),
                _gender(gender),
                masker.id_number(id_number),
                email,
                address,
                province,
                city,
                district,
                company,
                issued,
                expires,
                "、".join(tags.get(customer_id, [])) or None,
                notes,
                masker.phone(phone2),
                _day(member_since),
            ]


def export_customers(
    store: Store,
    actor: Actor,
    path: Path | str,
    customer_ids: Sequence[int] | None = None,
    progress: ProgressReport = no_progress,
    *,
    full_numbers: bool = False,
) -> ExportResult:
    """Write the customers ``customer_ids`` (default: every active one) to a styled workbook.

    Phone and ID numbers are masked unless the owner asks for ``full_numbers``
    (then the export is one audit entry). ``progress`` hears stage "customers".
    """
    masker = Masker(actor, full_numbers)
    with store.read() as session, writing(path) as book:
        conn = session.connection()
        ids = list(customer_ids) if customer_ids is not None else _all_active_ids(conn)
        book.add_summary(tr("汇总", "Summary"))
        sheet = book.add_sheet(tr("客户", "Customers"), COLUMNS)
        tick = ticker(progress, "customers", len(ids))
        paid = bonus = points = 0
        for values in _rows(conn, ids, masker):
            sheet.write_row(values)
            paid += values[5] or 0
            bonus += values[6] or 0
            points += values[7] or 0
            tick(sheet.rows_written)
        book.fill_summary(
            [
                (tr("客户数", "Customers"), count_rows(sheet, 0), INT, sheet.rows_written),
                (
                    tr("本金余额合计（元）", "Paid balances (yuan)"),
                    money_sum(sheet, 5),
                    MONEY,
                    paid,
                ),
                (
                    tr("赠送余额合计（元）", "Bonus balances (yuan)"),
                    money_sum(sheet, 6),
                    MONEY,
                    bonus,
                ),
                (tr("积分合计", "Points"), f"=SUM({sheet.range_of(7)})", INT, points),
                (
                    tr("导出时间", "Exported at"),
                    "",
                    "text",
                    datetime.now().strftime("%Y-%m-%d %H:%M"),
                ),
                (tr("导出人", "Exported by"), "", "text", actor.username),
                masker.summary_line(),
            ]
        )
        rows = sheet.rows_written
    return masker.logged(store, "customers", Entity.CUSTOMER, ExportResult(Path(path), rows))
