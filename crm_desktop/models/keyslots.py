"""Key slots: the random database key, wrapped once per user and once for recovery.

The slots live in a small JSON file beside the database (``<file>.keys``) because
they must be read before the encrypted file can be opened. Each user's slot is
the database key sealed with AES-256-GCM under a key derived from that user's
password by scrypt (memory-hard); the recovery slot uses a key derived from a
high-entropy recovery key. A wrong password fails the GCM tag check, so nothing
about the key leaks and the database file is never touched.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from crm_desktop.models.errors import AuthError, StoreError

KEY_BYTES = 32
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
RECOVERY_BYTES = 20
_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def keyfile_path(db_path: Path) -> Path:
    """Where the key slots of ``db_path`` are kept."""
    return db_path.with_name(db_path.name + ".keys")


def new_database_key() -> bytes:
    """A fresh random 256-bit database key."""
    return secrets.token_bytes(KEY_BYTES)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def _normalise_password(password: str) -> bytes:
    # NFC so the same password typed on another keyboard or IME derives the same key.
    return unicodedata.normalize("NFC", password).encode("utf-8")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(_normalise_password(password))


def _hkdf(secret: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"crm-recovery").derive(
        secret
    )


def _seal(kek: bytes, db_key: bytes, aad: bytes) -> dict[str, str]:
    nonce = secrets.token_bytes(12)
    return {"nonce": _b64(nonce), "wrapped": _b64(AESGCM(kek).encrypt(nonce, db_key, aad))}


def _open(kek: bytes, slot: dict[str, Any], aad: bytes) -> bytes:
    return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped"]), aad)


def format_recovery_key(raw: bytes) -> str:
    """Recovery key as groups of four letters and digits, easy to copy by hand."""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """Read a recovery key typed back: spaces, dashes and case do not matter."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    cleaned = cleaned.translate(str.maketrans("018", "OIB"))
    if any(ch not in _B32 for ch in cleaned) or len(cleaned) != 32:
        raise AuthError(
            "recovery.malformed",
            "恢复密钥格式不对：应为 8 组、每组 4 个字母或数字。",
            "The recovery key is not in the right form: 8 groups of 4 letters or digits.",
        )
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


@dataclass
class KeyFile:
    """The slots of one database file, loaded from and saved to ``<file>.keys``."""

    file_id: str
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    recovery: dict[str, Any] | None = None

    @classmethod
    def new(cls) -> KeyFile:
        return cls(file_id=uuid.uuid4().hex)

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                file_id=str(data["file_id"]),
                slots=dict(data["slots"]),
                recovery=data.get("recovery"),
            )
        except FileNotFoundError as exc:
            raise StoreError(
                "keys.missing",
                f"找不到密钥文件 {path.name}：它必须和数据文件放在同一个文件夹。",
                f"The key file {path.name} is missing: it must sit beside the data file.",
            ) from exc
        except (ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                "keys.damaged",
                f"密钥文件 {path.name} 已损坏，无法读取。请从备份恢复。",
                f"The key file {path.name} is damaged and cannot be read. Restore it from a backup.",
            ) from exc

    def save(self, path: Path) -> None:
        """Write atomically: a crash leaves either the old or the new slots, never half."""
        data = {"format": 1, "file_id": self.file_id, "slots": self.slots, "recovery": self.recovery}
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=1, sort_keys=True)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def _aad(self, label: str) -> bytes:
        return f"{self.file_id}\x00{label}".encode()

    def set_password(self, username: str, password: str, db_key: bytes) -> None:
        """Create or replace ``username``'s slot for ``password``."""
        salt = secrets.token_bytes(16)
        kek = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        slot: dict[str, Any] = {
            "kdf": "scrypt",
            "n": SCRYPT_N,
            "r": SCRYPT_R,
            "p": SCRYPT_P,
            "salt": _b64(salt),
        }
        slot.update(_seal(kek, db_key, self._aad("user:" + username)))
        self.slots[username] = slot

    def remove(self, username: str) -> None:
        self.slots.pop(username, None)

    def unlock(self, username: str, password: str) -> bytes:
        """The database key, or AuthError with one sentence for any wrong user or password."""
        slot = self.slots.get(username)
        if slot is None:
            raise _wrong_login()
        kek = _scrypt(password, _unb64(slot["salt"]), int(slot["n"]), int(slot["r"]), int(slot["p"]))
        try:
            return _open(kek, slot, self._aad("user:" + username))
        except InvalidTag as exc:
            raise _wrong_login() from exc

    def new_recovery(self, db_key: bytes) -> str:
        """Make a new recovery slot (the old key stops working); returns the key to show once."""
        raw = secrets.token_bytes(RECOVERY_BYTES)
        salt = secrets.token_bytes(16)
        slot: dict[str, Any] = {"kdf": "hkdf-sha256", "salt": _b64(salt)}
        slot.update(_seal(_hkdf(raw, salt), db_key, self._aad("recovery")))
        self.recovery = slot
        return format_recovery_key(raw)

    def unlock_with_recovery(self, recovery_key: str) -> bytes:
        raw = parse_recovery_key(recovery_key)
        if self.recovery is None:
            raise _wrong_recovery()
        try:
            kek = _hkdf(raw, _unb64(self.recovery["salt"]))
            return _open(kek, self.recovery, self._aad("recovery"))
        except InvalidTag as exc:
            raise _wrong_recovery() from exc


def _wrong_login() -> AuthError:
    return AuthError(
        "login.wrong",
        "用户名或密码不正确。",
        "The user name or password is not correct.",
    )


def _wrong_recovery() -> AuthError:
    return AuthError(
        "recovery.wrong",
        "恢复密钥不正确。",
        "The recovery key is not correct.",
    )
