"""Receipts on paper: a PDF page as wide as a 58 mm or 80 mm roll, with the number and items."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter

from crm_desktop.models.actor import Actor
from crm_desktop.models.services.card_records import SaleLine
from crm_desktop.models.services.cards import CardService
from crm_desktop.models.services.catalog import CatalogService
from crm_desktop.models.services.receipt_slips import ReceiptSlips
from crm_desktop.models.store.store import Store
from crm_desktop.ui.receipt_printing import save_slip_pdf, slip_document, slip_page
from crm_desktop.ui.receipts import printable_lines
from tests.ui.conftest import ShopData

MM_TO_PT = 72 / 25.4


def _unicode_map(cmap: bytes) -> dict[int, str]:
    """Glyph id to text from a ToUnicode CMap (bfchar, bfrange and bfrange with arrays)."""
    glyphs: dict[int, str] = {}

    def text(hexes: bytes) -> str:
        return bytes.fromhex(hexes.decode()).decode("utf-16-be")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for gid, uni in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            glyphs[int(gid, 16)] = text(uni)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, _high, rest in re.findall(
                rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)", block):
            values = re.findall(rb"<([0-9a-fA-F]+)>", rest)
            if rest.startswith(b"["):
                for offset, uni in enumerate(values):
                    glyphs[int(low, 16) + offset] = text(uni)
            else:
                first = int(values[0], 16)
                for offset in range(int(_high, 16) - int(low, 16) + 1):
                    glyphs[int(low, 16) + offset] = chr(first + offset)
    return glyphs


def pdf_text(data: bytes) -> str:
    """The text a PDF written by Qt shows, one line per text block, spaces left out.

    Qt writes each font's glyph ids (Identity-H) and a ToUnicode map per font; the
    content stream selects a font (``/F11 12 Tf``) and shows ids (``<0001> Tj``).
    """
    objects = {int(num): body for num, body in re.findall(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}
    fonts: dict[bytes, dict[int, str]] = {}
    for name, num in set(re.findall(rb"/(F\d+) (\d+) 0 R", data)):
        to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", objects[int(num)])
        if to_unicode:
            fonts[name] = _unicode_map(objects[int(to_unicode.group(1))])
    shown: list[str] = []
    for stream in re.findall(rb"/FlateDecode[^>]*>>\s*stream\r?\n(.*?)endstream", data, re.S):
        try:
            content = zlib.decompress(stream)
        except zlib.error:
            continue
        font: dict[int, str] = {}
        for select, glyph_ids, begin in re.findall(
                rb"/(F\d+) [\d.]+ Tf|<([0-9a-fA-F]+)>\s*Tj|\b(BT)\b", content):
            if select:
                font = fonts.get(select, {})
            elif begin:
                shown.append("\n")
            else:
                ids = glyph_ids.decode()
                shown.extend(font.get(int(ids[i:i + 4], 16), "") for i in range(0, len(ids), 4))
    return re.sub(r"[ \t]", "", "".join(shown))


@pytest.mark.parametrize("paper_mm", [58, 80])
def test_an_itemised_receipt_prints_to_a_roll_wide_pdf_with_its_number_and_items(
    store: Store, owner: Actor, clerk: Actor, shop: ShopData, tmp_path: Path,
    chinese_ui: None, paper_mm: int,
) -> None:
    CatalogService(store, owner).update_settings({"shop_name": "测试小店"})
    cards = CardService(store, clerk)
    cards.top_up(shop.zhang_card_id, 100000, "cash")
    result = cards.consume(shop.zhang_card_id, 0, "stored_value",
                           lines=[SaleLine("洗剪吹", 2, 4400), SaleLine("头皮护理", 1, 16800)])
    from crm_desktop.models.receipt_settings import ReceiptSettingsService
    ReceiptSettingsService(store, owner).save({"receipt_paper_mm": paper_mm})
    printable = ReceiptSlips(store, clerk).slip_for(result)
    lines = printable_lines(printable)
    target = tmp_path / f"receipt-{paper_mm}.pdf"
    save_slip_pdf(lines, printable.settings.paper_mm, target)

    data = target.read_bytes()
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)
    assert len(boxes) == 1, "one page, however long the slip"
    width_pt, height_pt = (float(v) for v in boxes[0])
    assert abs(width_pt - paper_mm * MM_TO_PT) < 1.5
    assert height_pt > width_pt, "a strip of roll, not a sheet"
    text = pdf_text(data)
    assert result.transaction in text
    assert "x44.0088.00" in text and "x168.00168.00" in text, "the item lines"
    assert "256.00" in text and "-25.60" in text and "230.40" in text, "amount, discount, paid"
    assert "测试" in text and "洗" in text
    # Qt maps some CJK glyphs to radicals in the PDF's text layer; the page's own text:
    printed = slip_document(lines, paper_mm).toPlainText()
    assert "测试小店" in printed and "头皮护理" in printed

    # What the PDF page shows, drawn the same way, kept beside the PDF to be looked at.
    document = slip_document(lines, paper_mm)
    page = slip_page(paper_mm, document)
    scale = 4
    size = document.pageSize()
    image = QImage(int(size.width() * scale) + 24, int(size.height() * scale) + 24,
                   QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.translate(12, 12)
    painter.scale(scale, scale)
    document.drawContents(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    assert page.fullRect(page.Unit.Millimeter).width() == paper_mm
    assert image.save(str(tmp_path / f"receipt-{paper_mm}.png"))
