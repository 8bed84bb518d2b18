"""Every page of an SQLCipher 4 file and its write-ahead log, decrypted with the raw key.

Used by tests to prove erased values are gone from the bytes on disk, free pages
and log frames included, not only from what queries return. SQLCipher 4 with a
raw key: AES-256-CBC under the key itself, each page's IV in the 80 reserved
bytes at its end (16 IV + 64 HMAC); page 1 keeps its first 16 bytes (the salt)
in the clear. The header read back from page 1 checks the layout.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

PAGE = 4096
RESERVE = 80
WAL_HEADER = 32
FRAME_HEADER = 24


def _decrypt(key: bytes, page: bytes, number: int) -> bytes:
    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    body = page[16 if number == 1 else 0 : PAGE - RESERVE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def file_pages(db_path: Path, key: bytes) -> Iterator[bytes]:
    """Each page of the database file (free pages too), decrypted."""
    data = db_path.read_bytes()
    for index in range(len(data) // PAGE):
        page = _decrypt(key, data[index * PAGE : (index + 1) * PAGE], index + 1)
        if index == 0:
            # Bytes 16-17 of the header are the page size, byte 20 the reserved space.
            size, reserve = struct.unpack(">H", page[0:2])[0], page[4]
            assert (size, reserve) == (PAGE, RESERVE), "not the SQLCipher 4 layout expected"
        yield page


def wal_pages(db_path: Path, key: bytes) -> Iterator[bytes]:
    """Each page image in the write-ahead log beside ``db_path``, decrypted."""
    wal = Path(f"{db_path}-wal")
    data = wal.read_bytes() if wal.exists() else b""
    offset = WAL_HEADER
    while offset + FRAME_HEADER + PAGE <= len(data):
        number = struct.unpack(">I", data[offset : offset + 4])[0]
        start = offset + FRAME_HEADER
        yield _decrypt(key, data[start : start + PAGE], number)
        offset += FRAME_HEADER + PAGE


def found_in_file(db_path: Path, key: bytes, needles: list[bytes]) -> set[bytes]:
    """Which of ``needles`` occur anywhere in the decrypted file or its log."""
    found: set[bytes] = set()
    for pages in (file_pages(db_path, key), wal_pages(db_path, key)):
        for page in pages:
            found.update(needle for needle in needles if needle in page)
    return found
