"""A slip as ESC/POS bytes for a receipt printer, and sending them to one on the network.

The printer commands (initialise, bold, double height, feed and cut) come from
python-escpos; the text does not go through its code-page guessing, which knows
no Chinese code page: a Chinese receipt printer takes GB18030 (GBK for the
characters a shop name uses) once put in Chinese character mode (FS &), so the
text is encoded here. python-escpos is imported only when a slip is printed this
way: loading it reads its printer database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.receipt_settings import ESCPOS_KEY, split_address

# FS &: Chinese character mode, so two-byte GB18030 text prints as characters.
CHINESE_MODE = b"\x1c&"
ENCODING = "gb18030"
SEND_TIMEOUT_SECONDS = 5.0


def _collector() -> Any:
    from escpos.printer import Dummy

    class SlipBytes(Dummy):  # type: ignore[misc]
        """Dummy keeps what the library writes; ``put`` adds text encoded here."""

        def put(self, data: bytes) -> None:
            self._raw(data)

    return SlipBytes()


def encode_text(text: str) -> bytes:
    """``text`` as a Chinese receipt printer reads it; a character it lacks becomes "?"."""
    return text.encode(ENCODING, errors="replace")


def slip_bytes(lines: Sequence[str], emphasised: int = 1) -> bytes:
    """The print job of a slip: its first ``emphasised`` lines (the shop's name) in bold,
    double height, then the rest, then feed and cut."""
    printer = _collector()
    printer.hw("INIT")
    printer.put(CHINESE_MODE)
    head, body = lines[:emphasised], lines[emphasised:]
    if head:
        printer.set(bold=True, double_height=True)
        printer.put(b"".join(encode_text(line) + b"\n" for line in head))
        printer.set(bold=False, normal_textsize=True)
    printer.put(b"".join(encode_text(line) + b"\n" for line in body))
    printer.cut()
    data: bytes = printer.output
    return data


def send_to_network_printer(data: bytes, address: str,
                            timeout: float = SEND_TIMEOUT_SECONDS) -> None:
    """Send a print job to the receipt printer at ``address`` (host or host:port, 9100 if none)."""
    from escpos.exceptions import DeviceNotFoundError
    from escpos.printer import Network

    host, port = split_address(address)

    class Sender(Network):  # type: ignore[misc]
        def put(self, payload: bytes) -> None:
            self._raw(payload)

    printer = Sender(host=host, port=port, timeout=timeout)
    try:
        printer.open()
        printer.put(data)
    except (DeviceNotFoundError, OSError) as error:
        raise ValidationError(
            "printer.unreachable",
            f"小票打印机 {host}:{port} 没有响应，请检查它是否开机、联网，地址是否正确。",
            f"The receipt printer at {host}:{port} does not answer. Check that it is on, "
            "connected, and that the address is right.",
            field=ESCPOS_KEY,
        ) from error
    finally:
        printer.close()
