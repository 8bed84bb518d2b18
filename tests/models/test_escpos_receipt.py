"""ESC/POS bytes of a slip: initialise, Chinese text in GB18030, cut; sent to a printer's port."""

from __future__ import annotations

import socket
import threading

import pytest

from crm_desktop.models.errors import ValidationError
from crm_desktop.models.escpos_receipt import send_to_network_printer, slip_bytes

ESC, GS = b"\x1b", b"\x1d"


def test_the_job_initialises_prints_the_shop_bold_and_tall_in_gb18030_and_cuts() -> None:
    data = slip_bytes(["    悦己美发沙龙", "流水号  20261203-0042", "洗剪吹 2 x 44.00"])
    assert data.startswith(ESC + b"@" + b"\x1c&"), "ESC @ resets, FS & selects Chinese mode"
    name = "悦己美发沙龙".encode("gb18030")
    assert name == bytes.fromhex("d4c3bcbac3c0b7a2c9b3c1fa")
    head, _, rest = data.partition(name)
    assert rest, "the shop's name is in the job as GB18030"
    assert ESC + b"E\x01" in head and ESC + b"!\x10" in head, "bold and double height"
    assert rest.index(ESC + b"E\x00") < rest.index("流水号".encode("gb18030"))
    assert b"20261203-0042\n" in rest
    assert "洗剪吹 2 x 44.00\n".encode("gb18030") in rest
    assert data.endswith(ESC + b"d\x06" + GS + b"V\x00"), "feed six lines, then cut"


def _listen() -> tuple[socket.socket, list[bytes], threading.Thread]:
    server = socket.create_server(("127.0.0.1", 0))
    received: list[bytes] = []

    def take() -> None:
        connection, _ = server.accept()
        with connection:
            while chunk := connection.recv(4096):
                received.append(chunk)

    thread = threading.Thread(target=take, daemon=True)
    thread.start()
    return server, received, thread


def test_a_job_sent_to_a_network_printer_arrives_byte_for_byte() -> None:
    server, received, thread = _listen()
    port = server.getsockname()[1]
    data = slip_bytes(["测试小店", "会员 周**", "谢谢惠顾"])
    try:
        send_to_network_printer(data, f"127.0.0.1:{port}")
        thread.join(5)
    finally:
        server.close()
    assert b"".join(received) == data


def test_a_printer_that_does_not_answer_is_one_sentence_naming_its_address() -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    with pytest.raises(ValidationError) as refused:
        send_to_network_printer(b"x", f"127.0.0.1:{port}", timeout=2)
    assert f"127.0.0.1:{port}" in refused.value.zh and "没有响应" in refused.value.zh
    assert refused.value.field == "receipt_escpos_address"
