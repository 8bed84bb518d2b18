"""Workbooks and shop data built by the tests: messy member lists, hostile files, ledgers.

The member lists are written with openpyxl, a different writer from the
xlsxwriter the exports use, so the import is proven on files it did not make.
"""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import python_calamine
from sqlalchemy import text

from crm_desktop.models.store.store import Store

MESSY_HEADER_ROW = 4


def messy_customers(path: Path) -> Path:
    """Title rows (one merged), an export-time line, then every kind of mess the issue lists."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "会员资料"
    ws["A1"] = "某某美容院 会员名单"
    ws.merge_cells("A1:J1")
    ws["A2"] = "导出时间：2024-03-01 10:22"
    ws.append([])  # row 3 blank
    ws.append(["序号", "会员姓名", "手机号码", "会员卡号", "会员等级", "卡内余额(元)", "积分",
               "出生日期", "性别", "身份证号", "备注"])
    rows: list[list[Any]] = [
        [1, "张三", 13812345678, 880001, "金卡", 1234.5, 200, datetime(1990, 1, 2), "男",
         "11010519491231002X", "老客户"],                                          # 5 ok
        [2, "李四", "139 1234 5678", "", "", "¥1,234.50", "", 33000, "女性", None, None],  # 6 ok
        [3, "王五", "+86 137-0000-0000", None, None, "88元", "1,000", "1990/1/2", "M", None, None],  # 7
        [4, "赵六", "１５８００００１１１１", None, None, None, None, "1990年1月2日", "F", None, None],  # 8
        [],                                                                      # 9 blank
        [5, "钱七", "13900001111.0", None, None, None, None, "19900102", "女", None, None],  # 10
        [6, "孙八", 13812345678, None, None, None, None, None, None, None, None],     # 11 dup of 5
        [7, "周九", "12345", None, None, None, None, None, None, None, None],         # 12 bad phone
        [8, "吴十", "13700001111", None, None, None, None, "2999-01-01", None, None, None],  # 13 future
        [9, "郑一", "13700002222", None, None, "-5", None, None, None, None, None],   # 14 negative
        [10, "冯二", "13700003333", None, None, "12.345", None, None, None, None, None],  # 15 3 decimals
        [11, "陈三", "13700004444", None, None, None, -3, None, None, None, None],    # 16 neg points
        [12, "褚四", "13700005555", None, None, None, None, None, None, 110105194912310020.0, None],  # 17
        [13, "", "13700006666", None, None, None, None, None, None, None, None],      # 18 no name
        [14, "卫五", None, None, None, None, None, None, None, None, None],            # 19 no phone/card
        [15, "𠮷田😀", "0755-12345678", "A-1001", None, None, None, "1988-08-08", None, None, "🎉"],  # 20
        [16, "蒋六", "13700007777", 880001, None, None, None, None, None, None, None],  # 21 dup card of 5
        [17, "沈七", "13700008888", None, None, None, None, "1990-02-30", None, None, None],  # 22 bad date
        [18, "韩八", "13700009999", None, None, None, None, None, "未知", None, "=1+2"],  # 23 ok, text
        ["合计", None, None, None, None, 2557.0, 1200, None, None, None, None],      # 24 totals
    ]
    for row in rows:
        ws.append(row)
    ws["K23"].data_type = "s"  # "=1+2" is text here, not a formula (openpyxl would save one)
    wb.save(path)
    return path


def simple_workbook(path: Path, header: list[str], rows: list[list[Any]], title: str = "Sheet") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def write_csv(path: Path, text_body: str, encoding: str) -> Path:
    path.write_bytes(text_body.encode(encoding))
    return path


def ods_file(path: Path, rows: list[list[str]], repeat_rows: int = 1, repeat_cols: int = 1) -> Path:
    """A minimal OpenDocument spreadsheet; the last row may repeat (the ODS bomb)."""
    def cell(value: str, repeat: int = 1) -> str:
        rep = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
        return (f'<table:table-cell office:value-type="string"{rep}>'
                f"<text:p>{value}</text:p></table:table-cell>")

    body = []
    for index, row in enumerate(rows):
        last = index == len(rows) - 1
        rep = f' table:number-rows-repeated="{repeat_rows}"' if last and repeat_rows > 1 else ""
        cells = "".join(cell(v, repeat_cols if last else 1) for v in row)
        body.append(f"<table:table-row{rep}>{cells}</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="会员">'
        + "".join(body) + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                         compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml",
                         '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                         '"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry '
                         'manifest:full-path="/" manifest:media-type='
                         '"application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>')
    return path


def rewrite_member(source: Path, target: Path, member: str, transform: Any) -> Path:
    """Copy an xlsx, replacing one member's text by ``transform(old_text)``."""
    with zipfile.ZipFile(source) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[member] = transform(parts[member].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def read_sheets(path: Path) -> dict[str, list[list[Any]]]:
    """Every sheet's values as python-calamine reads them (formulas give their cached values)."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    return {name: [list(r) for r in book.get_sheet_by_name(name).iter_rows()]
            for name in book.sheet_names}


def counts(store: Store) -> dict[str, int]:
    """Row counts of every table an import writes, to prove nothing changed."""
    tables = ("customers", "cards", "value_entries", "points_entries", "count_entries", "tiers",
              "card_types", "tags", "customer_tags", "tier_changes", "purchases", "audit_entries",
              "customer_search", "settings")
    with store.read() as session:
        return {t: int(session.execute(text(f"SELECT count(*) FROM {t}")).scalar() or 0)
                for t in tables}


def add_customer(store: Store, name: str, phone: str | None, **extra: Any) -> int:
    from crm_desktop.models import search_index
    from crm_desktop.models.entities import Customer

    with store.write() as session:
        customer = Customer(name=name, phone=phone, phone_rev=search_index.phone_rev(phone), **extra)
        session.add(customer)
        session.flush()
        search_index.reindex(session, customer.id, name)
        return customer.id


def add_card(store: Store, customer_id: int, number: str, type_name: str = "储值卡",
             tier_name: str | None = None) -> int:
    from crm_desktop.models.entities import Card, CardType, Tier

    with store.write() as session:
        card_type = session.query(CardType).filter_by(name=type_name).first()
        if card_type is None:
            card_type = CardType(name=type_name, kind="stored_value")
            session.add(card_type)
            session.flush()
        tier_id = None
        if tier_name:
            tier = session.query(Tier).filter_by(name=tier_name).first()
            if tier is None:
                rank = (session.execute(text("SELECT coalesce(max(rank), 0) FROM tiers")).scalar() or 0) + 1
                tier = Tier(name=tier_name, rank=rank)
                session.add(tier)
                session.flush()
            tier_id = tier.id
        card = Card(number=number, customer_id=customer_id, card_type_id=card_type.id, tier_id=tier_id)
        session.add(card)
        session.flush()
        return card.id


def post(store: Store, card_id: int, ts: datetime, kind: str, principal_fen: int,
         bonus_fen: int = 0, method: str | None = None) -> None:
    """Book a stored-value entry with correct running totals (as the card service would)."""
    from crm_desktop.models.entities import Card, ValueEntry

    with store.write() as session:
        card = session.get(Card, card_id)
        assert card is not None
        card.principal_fen += principal_fen
        card.bonus_fen += bonus_fen
        session.add(ValueEntry(
            card_id=card_id, customer_id=card.customer_id, ts=ts, kind=kind,
            principal_fen=principal_fen, bonus_fen=bonus_fen,
            principal_after_fen=card.principal_fen, bonus_after_fen=card.bonus_fen,
            payment_method=method))


def post_points(store: Store, card_id: int, ts: datetime, kind: str, points: int) -> None:
    from crm_desktop.models.entities import Card, PointsEntry

    with store.write() as session:
        card = session.get(Card, card_id)
        assert card is not None
        card.points += points
        session.add(PointsEntry(card_id=card_id, customer_id=card.customer_id, ts=ts, kind=kind,
                                points=points, points_after=card.points))


def add_purchase(store: Store, customer_id: int, card_id: int | None, ts: datetime,
                 paid_fen: int, method: str, kind: str = "sale") -> None:
    from crm_desktop.models.entities import Purchase

    with store.write() as session:
        session.add(Purchase(customer_id=customer_id, card_id=card_id, ts=ts, kind=kind,
                             amount_fen=paid_fen, paid_fen=paid_fen, payment_method=method))


def today_minus(days: int) -> date:
    from datetime import timedelta

    return date.today() - timedelta(days=days)
