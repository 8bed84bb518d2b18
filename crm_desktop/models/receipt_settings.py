"""The owner's receipt settings: default printer, paper width, automatic printing, signature.

Kept in the settings table beside the shop's other settings, one key each; a
file that has none reads the defaults (the print dialog, 80 mm, no automatic
printing, no signature line, no network receipt printer). Everyone signed in
reads them (the counter prints); only the owner changes them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy.orm import Session

from crm_desktop.models.changes import Entity
from crm_desktop.models.entities import Setting
from crm_desktop.models.errors import ValidationError
from crm_desktop.models.receipt_text import ACTIONS_ZH, PAPER_WIDTHS_MM
from crm_desktop.models.rules.validation import clean_text
from crm_desktop.models.services.base import Service
from crm_desktop.models.services.shop_settings import write_setting

PRINTER_KEY = "receipt_printer"
PAPER_KEY = "receipt_paper_mm"
AUTO_PRINT_KEY = "receipt_auto_print"
SIGNATURE_KEY = "receipt_signature_actions"
ESCPOS_KEY = "receipt_escpos_address"
RECEIPT_KEYS = (PRINTER_KEY, PAPER_KEY, AUTO_PRINT_KEY, SIGNATURE_KEY, ESCPOS_KEY)
ESCPOS_PORT = 9100


@dataclass(frozen=True)
class ReceiptSettings:
    """How slips are printed at this shop's counter."""

    printer: str = ""  # "" : ask with the print dialog
    paper_mm: int = 80
    auto_print: bool = False
    signature_actions: tuple[str, ...] = ()  # actions whose slip has a member-signature line
    escpos_address: str = ""  # host or host:port of a network receipt printer; "" for none

    def signature_for(self, action: str) -> bool:
        return action in self.signature_actions


def _stored(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    return None if row is None else json.loads(row.value)


def load_receipt_settings(session: Session) -> ReceiptSettings:
    """The stored receipt settings; anything missing or unreadable is its default."""
    default = ReceiptSettings()
    printer = _stored(session, PRINTER_KEY)
    paper = _stored(session, PAPER_KEY)
    auto = _stored(session, AUTO_PRINT_KEY)
    signature = _stored(session, SIGNATURE_KEY)
    address = _stored(session, ESCPOS_KEY)
    return ReceiptSettings(
        printer=printer if isinstance(printer, str) else default.printer,
        paper_mm=paper if paper in PAPER_WIDTHS_MM else default.paper_mm,
        auto_print=auto if isinstance(auto, bool) else default.auto_print,
        signature_actions=tuple(a for a in signature if a in ACTIONS_ZH)
        if isinstance(signature, list) else default.signature_actions,
        escpos_address=address if isinstance(address, str) else default.escpos_address,
    )


def _invalid(field: str, zh: str, en: str) -> ValidationError:
    return ValidationError(f"invalid.{field}", zh, en, field=field)


def split_address(text: str) -> tuple[str, int]:
    """(host, port) of "192.168.1.50" or "192.168.1.50:9100"; refused when it is not one."""
    host, _, port_text = text.strip().rpartition(":") if ":" in text else (text.strip(), "", "")
    port = ESCPOS_PORT
    if port_text:
        if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise _invalid(ESCPOS_KEY, f"小票打印机地址的端口“{port_text}”不对，应为 1 到 65535。",
                           f"The receipt printer's port '{port_text}' must be 1 to 65535.")
        port = int(port_text)
    if not host or any(ch.isspace() for ch in host) or "/" in host:
        raise _invalid(ESCPOS_KEY, "小票打印机地址应写成 IP 或主机名，可带端口，如 192.168.1.50:9100。",
                       "Write the receipt printer's address as an IP or host name, with an "
                       "optional port, e.g. 192.168.1.50:9100.")
    return host, port


def check_receipt_changes(changes: Mapping[str, object]) -> dict[str, object]:
    """Each changed receipt setting checked; the normalised values to store."""
    clean: dict[str, object] = {}
    for key, value in changes.items():
        if key == PRINTER_KEY:
            clean[key] = clean_text(value, key, 200) or ""
        elif key == PAPER_KEY:
            if isinstance(value, bool) or value not in PAPER_WIDTHS_MM:
                raise _invalid(key, "小票纸宽只能是 58 毫米或 80 毫米。",
                               "The receipt paper is 58 mm or 80 mm wide.")
            clean[key] = value
        elif key == AUTO_PRINT_KEY:
            if not isinstance(value, bool):
                raise _invalid(key, "自动打印只能是开或关。", "Automatic printing is on or off.")
            clean[key] = value
        elif key == SIGNATURE_KEY:
            actions = [str(a) for a in value] if isinstance(value, list | tuple) else None
            unknown = [a for a in actions or [] if a not in ACTIONS_ZH]
            if actions is None or unknown:
                raise _invalid(key, f"没有这种收银操作：{'、'.join(unknown)}。",
                               f"No such counter action: {', '.join(unknown)}.")
            clean[key] = [a for a in ACTIONS_ZH if a in actions]
        elif key == ESCPOS_KEY:
            text = clean_text(value, key, 100) or ""
            if text:
                split_address(text)
            clean[key] = text
        else:
            raise _invalid(key, f"没有这个小票设置项：{key}。", f"Unknown receipt setting: {key}.")
    return clean


class ReceiptSettingsService(Service):
    """Read the receipt settings (everyone) and change them (the owner)."""

    def settings(self) -> ReceiptSettings:
        with self._read("card.read") as session:
            return load_receipt_settings(session)

    def save(self, changes: Mapping[str, object]) -> ReceiptSettings:
        """Change some receipt settings; each value is checked, nothing half-saved."""
        with self._action("settings.update", Entity.SETTING, "settings.manage") as rec:
            current = asdict(load_receipt_settings(rec.session))
            clean = check_receipt_changes(changes)
            names = {PRINTER_KEY: "printer", PAPER_KEY: "paper_mm", AUTO_PRINT_KEY: "auto_print",
                     SIGNATURE_KEY: "signature_actions", ESCPOS_KEY: "escpos_address"}
            rec.before = {key: current[names[key]] for key in clean}
            for key, value in clean.items():
                write_setting(rec.session, key, value)
            rec.after = dict(clean)
            rec.session.flush()
            return load_receipt_settings(rec.session)
